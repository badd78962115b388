#!/usr/bin/env bash
# vitface against ONNX Runtime forward by forward, in one process (bench/.../ort/PairedBench.java):
# each engine warms up alone, then they take turns for PAIRS pairs (who goes first alternates),
# and each pair's ratio, vitface's time over ORT's, compares two forwards a second apart. Prints a
# markdown table per run: the median ratio with its 95 % bootstrap interval, the 10th-90th
# percentiles, each engine's median seconds per image, and the engines' largest logit difference.
#
# Why: bench/compare.sh times each engine in a process of its own, some 20 s apart, on hosts whose
# speed drifts by 10-30 % within minutes; its per-round batch-1 ratios spread over 0.74-0.96 in a
# run. A pair shares the host's state, so the interval says whether a target such as "at most
# 0.85x ORT's time" is met, missed, or not settled by the run. What it cannot cancel is a busy
# host slowing one engine more than the other (ONNX Runtime more than vitface: docs/PERFORMANCE.md,
# "Paired"); the ratio of the fastest forwards, beside it, is the engines' quiet-host speed.
#
#   bench/paired.sh                                  batch 1, 41 pairs, vitface's oneDNN GEMM (~1.5 min)
#   BATCHES=1,8 PAIRS=21 VITFACE_BACKENDS="cpu onednn" bench/paired.sh
#
# Both engines run in a JVM with bin/vitface's flags, with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE
# unset, THREADS intra-op threads each (default: every core), WARMUP_SECONDS of warm-up each, and
# PAUSE_MS between forwards (so that ORT's idle workers, which spin after a run, have stopped).
# Needs what bench/compare.sh needs for ONNX Runtime (bench/lib/inputs.sh makes the inputs once).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
. bin/lib/find-jdk.sh
vitface_find_jdk
. bin/lib/java-flags.sh
vitface_java_flags
. bench/lib/inputs.sh
. bench/lib/cpu.sh

THREADS=${THREADS:-$(nproc)}
PAIRS=${PAIRS:-41}
BATCHES=${BATCHES:-1}
WARMUP_SECONDS=${WARMUP_SECONDS:-8}
PAUSE_MS=${PAUSE_MS:-100}
VITFACE_BACKENDS=${VITFACE_BACKENDS:-onednn}
PYTHON=${PYTHON:-/usr/bin/python3}
OUT=${OUT:-bench/target/paired}
MODEL=weights/vit-l14-seeded
mkdir -p "$OUT"

vitface_bench_inputs "$MODEL" "$PYTHON"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for backend in $VITFACE_BACKENDS; do
    echo "paired.sh: vitface $backend against ONNX Runtime, batch $BATCHES, $PAIRS pairs, $THREADS threads" >&2
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$JAVA_HOME/bin/java" "${java_args[@]}" -cp bench/target/benchmarks.jar \
        dev.vitface.bench.ort.PairedBench --model "$MODEL" --backend "$backend" --threads "$THREADS" --batch "$BATCHES" \
        --pairs "$PAIRS" --warmup-seconds "$WARMUP_SECONDS" --pause-ms "$PAUSE_MS" > "$OUT/paired-$backend.json" 2> "$OUT/paired-$backend.log"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

cat <<EOF
### Paired, forward by forward: \`THREADS=$THREADS PAIRS=$PAIRS BATCHES=$BATCHES WARMUP_SECONDS=$WARMUP_SECONDS PAUSE_MS=$PAUSE_MS VITFACE_BACKENDS="$VITFACE_BACKENDS" bench/paired.sh\`

Measured $(date -u '+%Y-%m-%d %H:%M UTC'); CPU: $(vitface_cpu_name), $(nproc) cores visible; load average $load_before before, $load_after after; OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset.

| batch | vitface GEMM | pairs | vitface / ORT, median of the pairs | 95 % interval of that median | pairs' 10th-90th percentile | fastest forward / fastest forward | vitface s/image | ORT s/image | vitface GFLOP/s | ORT GFLOP/s | largest logit difference |
|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
EOF
"$PYTHON" - "$OUT" $VITFACE_BACKENDS <<'PY'
import json, sys
out, backends = sys.argv[1], sys.argv[2:]
for backend in backends:
    for r in json.load(open(f"{out}/paired-{backend}.json")):
        print(f"| {r['batch']} | {backend} | {r['pairs']} | **{r['ratio_median']:.3f}** |"
              f" {r['ratio_median_ci95_low']:.3f}-{r['ratio_median_ci95_high']:.3f} | {r['ratio_p10']:.2f}-{r['ratio_p90']:.2f} |"
              f" {r['ratio_of_fastest']:.3f} |"
              f" {r['vitface_seconds_per_image_median']:.3f} | {r['ort_seconds_per_image_median']:.3f} |"
              f" {r['vitface_gflops']:.1f} | {r['ort_gflops']:.1f} | {r['logits_max_abs_diff']:.1e} |")
first = json.load(open(f"{out}/paired-{backends[0]}.json"))[0]
print()
print(f"{first['vitface']} against {first['ort']}. Raw timings, pair by pair: {out}/paired-*.json")
PY
