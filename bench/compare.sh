#!/usr/bin/env bash
# Side by side, in one run on this machine, on the same seeded ViT-L/14 (fp32, CPU, same threads):
#   vitface        bin/vitface bench --synthetic vit-l14
#   ONNX Runtime   bench/.../ort/OrtBench.java on the model tools/export_onnx.py writes
#   PyTorch        tools/torch_bench.py (Debian's python3-torch)
# then vitface's time to first result and its peak RSS at batch 8. Prints a markdown report
# (what docs/PERFORMANCE.md quotes) and keeps every raw output in $OUT.
#
#   bench/compare.sh                      threads = every core, 5 timed runs per batch size
#   THREADS=1 ITERS=3 BATCHES=1 bench/compare.sh   (a quicker look)
#
# Needs: a JDK >= 25 (found as bin/vitface finds it), Maven Central reachable the first time the
# bench module builds, /usr/bin/python3 with torch and numpy (apt-get install python3-torch
# python3-numpy), GNU time (apt-get install time). Writes weights/vit-l14-seeded/ (1.2 GB of
# safetensors, 1.2 GB of ONNX) once. About 8 minutes on 2 cores (10 with the first export).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
. bin/lib/find-jdk.sh
vitface_find_jdk

THREADS=${THREADS:-$(nproc)}
ITERS=${ITERS:-5}
BATCHES=${BATCHES:-1,8}
PYTHON=${PYTHON:-/usr/bin/python3}
OUT=${OUT:-bench/target/compare}
MODEL=weights/vit-l14-seeded
FACE=src/main/resources/dev/vitface/demo/astronaut_face.png
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
mkdir -p "$OUT"

for tool in "$PYTHON" /usr/bin/time; do
    [ -x "$tool" ] || { echo "compare.sh: $tool is missing (apt-get install python3-torch python3-numpy time)" >&2; exit 1; }
done

step() { echo "compare.sh: $*" >&2; }

# --- Inputs, each made once -------------------------------------------------------------------
if [ ! -f "$MODEL/model.safetensors" ]; then
    step "writing the seeded model to $MODEL"
    bin/vitface synth --config src/test/resources/fixtures/vit-l14-seeded/config.json --out "$MODEL" >&2
fi
if [ ! -f "$MODEL/model.onnx" ] || [ "$MODEL/model.safetensors" -nt "$MODEL/model.onnx" ]; then
    step "exporting $MODEL/model.onnx"
    "$PYTHON" tools/export_onnx.py "$MODEL" >&2
fi
# The bench module links the installed engine jar; rebuild both whenever the engine's sources
# are newer than the benchmarks jar, so ONNX Runtime is never compared with a stale engine.
bench_jar=bench/target/benchmarks.jar
if [ ! -f "$bench_jar" ] || [ -n "$(find src/main pom.xml bench/src bench/pom.xml -newer "$bench_jar" -type f -print -quit)" ]; then
    step "building the engine and the bench module"
    ./mvnw -q -B install -DskipTests >&2
    ./mvnw -q -B -f bench/pom.xml package >&2
fi

# --- Throughput, the three engines one after the other ------------------------------------------
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
step "vitface (threads $THREADS, $ITERS runs per batch)"
bin/vitface bench --synthetic vit-l14 --batch "$BATCHES" --threads "$THREADS" --iters "$ITERS" --format json \
    > "$OUT/vitface.json" 2> "$OUT/vitface.log"
step "ONNX Runtime"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$bench_jar" dev.vitface.bench.ort.OrtBench \
    --model "$MODEL" --batch "$BATCHES" --threads "$THREADS" --iters "$ITERS" > "$OUT/ort.json" 2> "$OUT/ort.log"
step "PyTorch"
"$PYTHON" tools/torch_bench.py "$MODEL" --batch "$BATCHES" --threads "$THREADS" --iters "$ITERS" \
    > "$OUT/torch.json" 2> "$OUT/torch.log"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# --- Time to first result: launcher start to printed logits, page cache warm from the runs above.
# Run twice and report the second, so the launcher's staleness check and the JDK's class data
# are warm too. GNU time's %e is wall seconds, %M the peak RSS in KiB.
classify=(bin/vitface classify --model "$MODEL" --threads "$THREADS" "$FACE")
for run in 1 2; do
    /usr/bin/time -f '%e %M' -o "$OUT/ttfr.time" "${classify[@]}" > "$OUT/ttfr.out" 2> "$OUT/ttfr.log"
done
read -r ttfr_s ttfr_kb < "$OUT/ttfr.time"

# --- Peak RSS at batch 8 (two warm-up and two timed forwards) -----------------------------------
rss_cmd=(bin/vitface bench --synthetic vit-l14 --batch 8 --iters 2 --threads "$THREADS")
step "peak RSS at batch 8"
/usr/bin/time -f '%M' -o "$OUT/rss.time" "${rss_cmd[@]}" > "$OUT/rss.out" 2> "$OUT/rss.log"
rss_kb=$(cat "$OUT/rss.time")
model_bytes=$(stat -c %s "$MODEL/model.safetensors")

# --- Report ---------------------------------------------------------------------------------------
blas=$(grep -o 'OpenBLAS sgemm (core [^;]*; [^)]*)' "$OUT/vitface.log" | head -n1 || true)
cat <<EOF
## Measured $(date -u '+%Y-%m-%d %H:%M UTC') with \`THREADS=$THREADS ITERS=$ITERS BATCHES=$BATCHES bench/compare.sh\`

- CPU: $(lscpu | sed -n 's/^Model name: *//p') — $(nproc) cores visible; $(grep -m1 -o 'avx512f' /proc/cpuinfo >/dev/null && echo 'AVX-512' || echo 'no AVX-512')
- JDK: $("$JAVA_HOME/bin/java" -version 2>&1 | head -n1)
- vitface: $blas
- PyTorch BLAS: $("$PYTHON" -c 'import json, sys; print(json.load(open(sys.argv[1]))[0]["blas"])' "$OUT/torch.json")
- load average (1, 5, 15 min): $load_before before the three runs, $load_after after

EOF
"$PYTHON" - "$OUT/vitface.json" "$OUT/ort.json" "$OUT/torch.json" <<'PY'
import json, sys
vit, ort, torch = (json.load(open(p)) for p in sys.argv[1:])
print("| batch | vitface s/image | ONNX Runtime s/image | PyTorch s/image | vitface / ORT | vitface / PyTorch |"
      " fastest runs: vs ORT / vs PyTorch | vitface GFLOP/s | ORT GFLOP/s | PyTorch GFLOP/s |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for v in vit:
    o = next(r for r in ort if r["batch"] == v["batch"])
    t = next(r for r in torch if r["batch"] == v["batch"])
    med = [r["seconds_per_image_median"] for r in (v, o, t)]
    low = [r["seconds_per_image_min"] for r in (v, o, t)]
    print(f"| {v['batch']} | {med[0]:.3f} | {med[1]:.3f} | {med[2]:.3f} | **{med[0] / med[1]:.2f}** |"
          f" **{med[0] / med[2]:.2f}** | {low[0] / low[1]:.2f} / {low[0] / low[2]:.2f} |"
          f" {v['gflops']:.1f} | {o['gflops']:.1f} | {t['gflops']:.1f} |")
print()
print(f"Seconds per image: medians of {vit[0]['iterations']} timed forwards after 2 warm-up forwards; ratios are "
      "vitface's time over the other's (< 1: vitface is faster); the fastest-runs column divides the minimum "
      f"times, which other load on a shared machine disturbs least. {ort[0]['backend']}, whose outputs differ from "
      f"PyTorch's by at most {ort[0]['check_max_abs_diff']:.1e} on export_onnx.py's check batch; "
      f"{torch[0]['backend']}.")
PY
cat <<EOF

Time to first result (second of two runs, warm page cache): **${ttfr_s} s** (peak RSS $((ttfr_kb / 1024)) MiB)

    /usr/bin/time -f '%e %M' ${classify[*]}

Peak RSS at batch 8: **$((rss_kb / 1024)) MiB** against a model file of $((model_bytes / 1048576)) MiB, i.e. file + $(( (rss_kb * 1024 - model_bytes) / 1048576 )) MiB

    /usr/bin/time -f '%M' ${rss_cmd[*]}

Raw outputs: $OUT/
EOF
