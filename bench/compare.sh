#!/usr/bin/env bash
# Side by side, in one run on this machine, on the same seeded ViT-L/14 (fp32, CPU, same threads):
#   vitface        bin/vitface bench --synthetic vit-l14, once per GEMM in VITFACE_BACKENDS
#                  (cpu: OpenBLAS sgemm; onednn: oneDNN matmul, weights packed once), each also in
#                  bf16, which is reported against the bf16 peak (no other engine runs bf16 here)
#   ONNX Runtime   bench/.../ort/OrtBench.java on the model tools/export_onnx.py writes
#   PyTorch        tools/torch_bench.py (Debian's python3-torch)
# then vitface against ONNX Runtime forward by forward in one process (bench/paired.sh: PAIRS pairs
# at PAIRED_BATCHES on PAIRED_BACKENDS, default 41 at batch 1 on onednn), then vitface's time to
# first result (median of TTFR_RUNS, default 5) and its peak RSS at batch 8. Prints a markdown
# report (what docs/PERFORMANCE.md quotes) and keeps every raw output in $OUT.
#
# Every engine runs with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE removed from its environment
# (env -u), so each OpenBLAS picks the kernels and cache sizes of this CPU: a machine that sets
# OPENBLAS_CORETYPE=Haswell would otherwise hold vitface and PyTorch to AVX2 kernels on an
# AVX-512 CPU (1.85x slower on a Zen 5: docs/PERFORMANCE.md). The report's header says so and
# names the values the caller had. The caller's own shell is left as it was.
#
#   bench/compare.sh                      threads = every core, 3 rounds of 3 timed runs per batch size
#   THREADS=1 ROUNDS=1 ITERS=3 BATCHES=1 bench/compare.sh   (a quicker look)
#   VITFACE_BACKENDS=onednn bench/compare.sh                 (one vitface GEMM only)
#   PAIRED_BATCHES= bench/compare.sh                         (without the paired stage)
#
# Every engine warms up the same way before each batch size: at least 2 untimed forwards and at
# least WARMUP_SECONDS of them (vitface's JIT reaches full speed at one image a forward after ~10
# forwards; ONNX Runtime and PyTorch get the same rule).
#
# The engines take turns, round after round (vitface, ORT, PyTorch, then the next round in the
# opposite order), and each engine's figure is the median of its per-round medians: on a shared
# machine whose speed drifts by 20-40 % within minutes, one pass per engine would compare the
# engines' luck, not the engines.
#
# Needs: a JDK >= 25 (found as bin/vitface finds it), Maven Central reachable the first time the
# bench module builds, /usr/bin/python3 with torch and numpy (apt-get install python3-torch
# python3-numpy libopenblas0-pthread: without an OpenBLAS, Debian's torch links the reference
# BLAS, tens of times slower, and the report's PyTorch BLAS line shows it), GNU time (apt-get
# install time). Writes weights/vit-l14-seeded/ (1.2 GB of safetensors, 1.2 GB of ONNX) once.
# About 17 minutes on 2 cores (22 with the first export).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
. bin/lib/find-jdk.sh
. bench/lib/cpu.sh
vitface_find_jdk

THREADS=${THREADS:-$(nproc)}
ITERS=${ITERS:-3}
ROUNDS=${ROUNDS:-3}
WARMUP_SECONDS=${WARMUP_SECONDS:-8}
TTFR_RUNS=${TTFR_RUNS:-5}
BATCHES=${BATCHES:-1,8}
VITFACE_BACKENDS=${VITFACE_BACKENDS:-cpu onednn}
PAIRED_BATCHES=${PAIRED_BATCHES-1}
PAIRED_BACKENDS=${PAIRED_BACKENDS:-onednn}
PAIRS=${PAIRS:-41}
PYTHON=${PYTHON:-/usr/bin/python3}
OUT=${OUT:-bench/target/compare}
MODEL=weights/vit-l14-seeded
FACE=src/main/resources/dev/vitface/demo/astronaut_face.png
mkdir -p "$OUT"

for tool in "$PYTHON" /usr/bin/time; do
    [ -x "$tool" ] || { echo "compare.sh: $tool is missing (apt-get install python3-torch python3-numpy libopenblas0-pthread time)" >&2; exit 1; }
done

step() { echo "compare.sh: $*" >&2; }
[[ $TTFR_RUNS =~ ^[1-9][0-9]*$ ]] || { echo "compare.sh: TTFR_RUNS must be a whole number of runs, at least 1; got '$TTFR_RUNS'" >&2; exit 2; }

# The OpenBLAS overrides every engine runs without (vitface, ONNX Runtime, PyTorch, and the
# time-to-first-result and RSS runs of vitface).
no_overrides=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE)
caller_overrides="OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE-(unset)}, OPENBLAS_L2_SIZE=${OPENBLAS_L2_SIZE-(unset)}"
step "every engine runs with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset (this shell has $caller_overrides)"

# --- Inputs, each made once -------------------------------------------------------------------
. bench/lib/inputs.sh
vitface_bench_inputs "$MODEL" "$PYTHON"
bench_jar=bench/target/benchmarks.jar

# --- Throughput, the three engines taking turns ------------------------------------------------
run_vitface() {
    for backend in $VITFACE_BACKENDS; do
        "${no_overrides[@]}" bin/vitface bench --synthetic vit-l14 --backend "$backend" --precision fp32,bf16 --batch "$BATCHES" \
            --threads "$THREADS" --iters "$ITERS" --warmup-seconds "$WARMUP_SECONDS" --format json > "$OUT/vitface-$backend.r$1.json" 2> "$OUT/vitface-$backend.r$1.log"
    done
}
run_ort() {
    "${no_overrides[@]}" "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$bench_jar" dev.vitface.bench.ort.OrtBench \
        --model "$MODEL" --batch "$BATCHES" --threads "$THREADS" --iters "$ITERS" --warmup-seconds "$WARMUP_SECONDS" > "$OUT/ort.r$1.json" 2> "$OUT/ort.r$1.log"
}
run_torch() {
    "${no_overrides[@]}" "$PYTHON" tools/torch_bench.py "$MODEL" --batch "$BATCHES" --threads "$THREADS" --iters "$ITERS" \
        --warmup-seconds "$WARMUP_SECONDS" > "$OUT/torch.r$1.json" 2> "$OUT/torch.r$1.log"
}
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for round in $(seq 1 "$ROUNDS"); do
    if [ $((round % 2)) -eq 1 ]; then order="vitface ort torch"; else order="torch ort vitface"; fi
    for engine in $order; do
        step "round $round/$ROUNDS: $engine (threads $THREADS, $ITERS runs per batch)"
        "run_$engine" "$round"
    done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# --- vitface against ONNX Runtime forward by forward, in one process (bench/paired.sh) -----------
if [ -n "$PAIRED_BATCHES" ]; then
    step "paired: vitface $PAIRED_BACKENDS against ONNX Runtime, batch $PAIRED_BATCHES, $PAIRS pairs"
    OUT="$OUT/paired" THREADS="$THREADS" PAIRS="$PAIRS" BATCHES="$PAIRED_BATCHES" WARMUP_SECONDS="$WARMUP_SECONDS" \
        VITFACE_BACKENDS="$PAIRED_BACKENDS" PYTHON="$PYTHON" bench/paired.sh > "$OUT/paired.out"
fi

# --- Time to first result: launcher start to printed logits, page cache warm from the runs above.
# One untimed run first (the launcher's staleness check and the JDK's class data warm too), then
# TTFR_RUNS timed ones, reported as their median and range: one run on a shared host measures the
# host's minute as much as vitface. GNU time's %e is wall seconds, %M the peak RSS in KiB.
classify=("${no_overrides[@]}" bin/vitface classify --model "$MODEL" --threads "$THREADS" "$FACE")
step "time to first result: 1 + $TTFR_RUNS runs"
"${classify[@]}" > "$OUT/ttfr.out" 2> "$OUT/ttfr.log"
ttfr_runs=()
ttfr_kb=0
for ((run = 1; run <= TTFR_RUNS; run++)); do
    /usr/bin/time -f '%e %M' -o "$OUT/ttfr.time" "${classify[@]}" > "$OUT/ttfr.out" 2> "$OUT/ttfr.log"
    read -r seconds kb < "$OUT/ttfr.time"
    ttfr_runs+=("$seconds")
    if ((kb > ttfr_kb)); then ttfr_kb=$kb; fi
done
mapfile -t ttfr_sorted < <(printf '%s\n' "${ttfr_runs[@]}" | sort -n)
ttfr_median=${ttfr_sorted[$((TTFR_RUNS / 2))]}

# --- Peak RSS at batch 8 (the default warm-up, then two timed forwards) -------------------------
rss_cmd=("${no_overrides[@]}" bin/vitface bench --synthetic vit-l14 --batch 8 --iters 2 --threads "$THREADS")
step "peak RSS at batch 8"
/usr/bin/time -f '%M' -o "$OUT/rss.time" "${rss_cmd[@]}" > "$OUT/rss.out" 2> "$OUT/rss.log"
rss_kb=$(cat "$OUT/rss.time")
model_bytes=$(stat -c %s "$MODEL/model.safetensors")

# --- Report ---------------------------------------------------------------------------------------
blas=$(grep -h -o 'OpenBLAS sgemm (core [^;]*; [^)]*)' "$OUT"/vitface-*.r1.log | head -n1 || true)
dnnl=$(grep -h -o 'oneDNN [0-9.]* FP32 matmul ([^)]*)' "$OUT"/vitface-*.r1.log | head -n1 || true)
gemms=()
[ -z "$blas" ] || gemms+=("$blas")
[ -z "$dnnl" ] || gemms+=("$dnnl")
vitface_gemms=$(printf '%s; ' "${gemms[@]}")
vitface_gemms=${vitface_gemms%; }
cat <<EOF
## Measured $(date -u '+%Y-%m-%d %H:%M UTC') with \`THREADS=$THREADS ROUNDS=$ROUNDS ITERS=$ITERS WARMUP_SECONDS=$WARMUP_SECONDS TTFR_RUNS=$TTFR_RUNS BATCHES=$BATCHES VITFACE_BACKENDS="$VITFACE_BACKENDS" bench/compare.sh\`

- CPU: $(vitface_cpu_name) — $(nproc) cores visible; $(grep -m1 -o 'avx512f' /proc/cpuinfo >/dev/null && echo 'AVX-512' || echo 'no AVX-512')
- JDK: $("$JAVA_HOME/bin/java" -version 2>&1 | head -n1)
- vitface: $vitface_gemms
- PyTorch BLAS: $("$PYTHON" -c 'import json, sys; print(json.load(open(sys.argv[1]))[0]["blas"])' "$OUT/torch.r1.json")
- load average (1, 5, 15 min): $load_before before the rounds, $load_after after
- OpenBLAS overrides: OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset for every engine (vitface, ONNX Runtime, PyTorch, and vitface's time-to-first-result and RSS runs); the calling shell had $caller_overrides

EOF
"$PYTHON" - "$OUT" "$ROUNDS" "$VITFACE_BACKENDS" "$WARMUP_SECONDS" <<'PY'
import json, statistics, sys
out, rounds, backends, warmup_seconds = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(), sys.argv[4]
def load(name):
    return [json.load(open(f"{out}/{name}.r{r}.json")) for r in range(1, rounds + 1)]
runs = {"ort": load("ort"), "torch": load("torch")}
for b in backends:
    runs[b] = load(f"vitface-{b}")

def rows_of(engine, batch, precision="fp32"):
    return [next(x for x in run if x["batch"] == batch and x.get("precision", "fp32") == precision) for run in runs[engine]]

def figures(engine, batch, precision="fp32"):
    rows = rows_of(engine, batch, precision)
    medians = [x["seconds_per_image_median"] for x in rows]
    return statistics.median(medians), min(x["seconds_per_image_min"] for x in rows), medians, rows[0]

def median_of(rows, key):
    values = [x[key] for x in rows if x.get(key) is not None]
    return f"{statistics.median(values):.3f}" if values else "n/a"

first = backends[0]
peaks = [run[0].get("fma_peak_gflops") for run in runs[first]]
print(f"vitface's fp32 FMA peak (`vitface bench` measures it in each round, on the same threads; the {first} runs): "
      + " / ".join("n/a" if p is None else f"{p:.1f}" for p in peaks) + " GFLOP/s; the bf16 peak is twice that")
print()
print("| batch | vitface GEMM | vitface s/image | ONNX Runtime s/image | PyTorch s/image | vitface / ORT | vitface / PyTorch |"
      " fastest runs: vs ORT / vs PyTorch | per-round vitface / ORT | vitface GFLOP/s | ORT GFLOP/s | PyTorch GFLOP/s |"
      " vitface fraction of FMA peak |")
print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
batches = [x["batch"] for x in runs[first][0] if x.get("precision", "fp32") == "fp32"]
for b in batches:
    (om, ol, orr, _), (tm, tl, _, _) = figures("ort", b), figures("torch", b)
    for backend in backends:
        vm, vl, vr, v = figures(backend, b)
        peak_fraction = median_of(rows_of(backend, b), "fraction_of_peak")
        per_round = " ".join(f"{x / y:.2f}" for x, y in zip(vr, orr))
        gflop = v["gflops"] * v["seconds_per_image_median"]  # GFLOP per image
        print(f"| {b} | {backend} | {vm:.3f} | {om:.3f} | {tm:.3f} | **{vm / om:.2f}** | **{vm / tm:.2f}** |"
              f" {vl / ol:.2f} / {vl / tl:.2f} | {per_round} | {gflop / vm:.1f} | {gflop / om:.1f} | {gflop / tm:.1f} |"
              f" {peak_fraction} |")
print()
print("bf16 (vitface only; its own accuracy criteria are verify's, docs/BF16.md):")
print()
print("| batch | vitface GEMM | s/image | GFLOP/s | bf16 peak GFLOP/s | fraction of bf16 peak | per-round fractions |")
print("|---:|---|---:|---:|---:|---:|---|")
for b in batches:
    for backend in backends:
        try:
            rows = rows_of(backend, b, "bf16")
        except StopIteration:
            continue
        vm = statistics.median(x["seconds_per_image_median"] for x in rows)
        gflop = rows[0]["gflops"] * rows[0]["seconds_per_image_median"]
        fractions = " ".join(f"{x['fraction_of_peak']:.2f}" for x in rows if x.get("fraction_of_peak") is not None)
        print(f"| {b} | {backend} | {vm:.3f} | {gflop / vm:.1f} | {median_of(rows, 'bf16_peak_gflops')} |"
              f" **{median_of(rows, 'fraction_of_peak')}** | {fractions} |")
print()
v0 = runs[first][0][0]
print(f"Seconds per image: per engine, the median over {rounds} rounds of the median of {v0['iterations']} "
      f"timed forwards (after at least 2 warm-up forwards and {warmup_seconds} s of them, every engine alike); ratios are vitface's time over the other's (< 1: vitface is "
      "faster); the fastest-runs column divides the minimum times, which other load on a shared machine disturbs "
      "least. A fraction of peak is the median over the rounds of each round's GFLOP/s over that "
      f"round's peak. {runs['ort'][0][0]['backend']}, whose outputs differ from PyTorch's by at most "
      f"{runs['ort'][0][0]['check_max_abs_diff']:.1e} on export_onnx.py's check batch; {runs['torch'][0][0]['backend']}.")
PY
cat <<EOF

Time to first result (warm page cache; median of $TTFR_RUNS runs after an untimed one): **${ttfr_median} s**,
${ttfr_sorted[0]}-${ttfr_sorted[$((TTFR_RUNS - 1))]} s (in order: ${ttfr_runs[*]}; peak RSS at most $((ttfr_kb / 1024)) MiB)

    /usr/bin/time -f '%e %M' ${classify[*]}

Peak RSS at batch 8: **$((rss_kb / 1024)) MiB** against a model file of $((model_bytes / 1048576)) MiB, i.e. file + $(( (rss_kb * 1024 - model_bytes) / 1048576 )) MiB

    /usr/bin/time -f '%M' ${rss_cmd[*]}

Raw outputs: $OUT/
EOF
if [ -n "$PAIRED_BATCHES" ]; then
    echo
    cat "$OUT/paired.out"
fi
