#!/usr/bin/env bash
# The CUDA backend's GPU check, on a machine with an NVIDIA GPU and no JDK, in two calls that fit
# a task's ~15 minutes of device time with room to fix something in between (docs/GPU.md gives
# the exact device-tool commands):
#
#   bench/gpu-check.sh quick   (~240 s) the first call:
#     1. nvidia-smi; unpack the jlinked runtime from .gpu/ (bench/make-gpu-bundle.sh builds it)
#     2. find the CUDA 13 libraries and the driver, each with the file it resolves to
#     3. the availability probe (`verify --backend cuda`, fp32, tiny model, a sync after every
#        launch: it prints whether CUDA is usable and why not)
#     4. the GPU check (`verify --backend cuda`) on the tiny golden file with a sync after every
#        launch (a device fault names its kernel), one JVM per precision: if any fails, straight
#        to the summary (fail-fast)
#     5. the GPU check on the tiny golden file normally (eager + CUDA graph), one JVM per precision
#     6. synthesize the seeded ViT-L/14 (1.2 GB) into /tmp, the GPU check on it, one JVM per precision
#     7. a short `bench --backend cuda`: ViT-L/14 bf16, batch 1 and 256 (skipped if step 6 failed)
#   bench/gpu-check.sh full    (~360 s) the second call, only once `quick` has passed:
#     1-3 as above; the tiny model (eager + graph) per precision as a gate (fail-fast);
#     the seeded ViT-L/14 (synthesized again only on a fresh machine); the CLI's
#     `verify --backend cuda` (fp32) and `--backend auto` (bf16), `bench --backend cuda`; the full
#     bench (bf16, tf32, fp32 at batch 1, 32, 256 against a cuBLAS GEMM of the same run; then
#     batch 1 and 32 with graphs off, for comparison)
#
# The benches warm up by forwards only (--warmup-seconds 0): their steps were sized to the device
# time, and bench's default 8 s a row would take a minute more in the full bench alone.
# One precision per JVM, so a fault that kills the CUDA context costs only that precision's run.
# Everything goes to $OUT (the device tool's folder; ./gpu-check-out elsewhere): gpu-check.log,
# nvidia-smi.txt, verify-tiny.txt, verify-l14.txt, cli.txt, bench.txt, summary.txt. The run stays
# under GPU_CHECK_SECONDS (default 240 quick, 360 full); each step gets what is left.
# Exit status: 0 when every check passed, 1 when one failed, 2 on a usage or bundle error.
set -uo pipefail
mode=${1:-}
case "$mode" in
  quick) default_budget=240 ;;
  full) default_budget=360 ;;
  *) echo "usage: bench/gpu-check.sh quick|full   (docs/GPU.md: quick first; full only after quick passed)" >&2; exit 2 ;;
esac
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
OUT=${OUT:-$root/gpu-check-out}
mkdir -p "$OUT"
exec > >(tee -a "$OUT/gpu-check.log") 2>&1

budget=${GPU_CHECK_SECONDS:-$default_budget}
start=$(date +%s)
failures=()
notes=()
elapsed() { echo $(( $(date +%s) - start )); }
left() { echo $(( budget - $(date +%s) + start )); }
section() { echo; echo "=== $* [$(elapsed) s]"; }
# step NAME LIMIT FILE CMD...: runs CMD with at most LIMIT seconds (less if the budget is nearly
# spent), its output shown and appended to $OUT/FILE (- for the log only: the device tool brings
# back only a few files); a failure is recorded for the summary.
step() {
  local name=$1 limit=$2 file=$OUT/$3; shift 3
  [ "$file" = "$OUT/-" ] && file=/dev/null
  local remaining; remaining=$(left)
  [ "$limit" -gt "$remaining" ] && limit=$remaining
  if [ "$limit" -lt 10 ]; then
    echo "SKIPPED $name: out of time budget" | tee -a "$file"; failures+=("$name (no time left)"); return 1
  fi
  echo "\$ $*" >> "$file"
  timeout --kill-after=10 "$limit" "$@" 2>&1 | tee -a "$file"
  local rc=${PIPESTATUS[0]}
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then echo "TIMEOUT $name after $limit s" | tee -a "$file"; fi
  [ "$rc" -eq 0 ] || failures+=("$name (exit $rc)")
  return "$rc"
}

precisions=(fp32 tf32 bf16)
tiny=src/test/resources/fixtures/tiny
l14=/tmp/vitface-l14-seeded
l14_golden=src/test/resources/fixtures/vit-l14-seeded/golden.safetensors

# check_each LABEL LIMIT FILE MODEL GOLDEN [JVM FLAG...]: the GPU check, one JVM per precision; 1 if any failed.
check_each() {
  local label=$1 limit=$2 file=$3 model=$4 golden=$5; shift 5
  local p failed=0
  for p in "${precisions[@]}"; do
    step "$label $p" "$limit" "$file" "${java[@]}" "$@" -jar .gpu/vitface.jar verify --backend cuda \
      --model "$model" --golden "$golden" --precision "$p" || failed=1
  done
  return "$failed"
}

synthesize_l14() {
  [ -f "$l14/model.safetensors" ] && { echo "reusing $l14 (this machine made it earlier)"; return 0; }
  step synth 150 - "${java[@]}" -jar .gpu/vitface.jar synth \
    --config src/test/resources/fixtures/vit-l14-seeded/config.json --out "$l14"
}

run_quick() {
  section "tiny model, sync after every launch, one JVM per precision (a device fault names its kernel; no graphs)"
  if ! check_each "tiny (sync each launch)" 60 verify-tiny.txt "$tiny" "$tiny/golden.safetensors" -Dvitface.cuda.syncEachLaunch=true; then
    notes+=("fail-fast: the tiny model failed with a sync after each launch; L/14 and the bench were not run")
    return 1
  fi
  section "tiny model (eager + CUDA graph), one JVM per precision"
  check_each tiny 60 verify-tiny.txt "$tiny" "$tiny/golden.safetensors"
  section "seeded ViT-L/14"
  synthesize_l14 || { notes+=("no ViT-L/14 model: its check and the bench were not run"); return 1; }
  if ! check_each vit-l14 90 verify-l14.txt "$l14" "$l14_golden"; then
    notes+=("the ViT-L/14 check failed: the bench was not run")
    return 1
  fi
  section "bench --backend cuda (short): ViT-L/14 bf16, batch 1 and 256"
  step bench 90 bench.txt "${java[@]}" -jar .gpu/vitface.jar bench --backend cuda --model "$l14" \
    --precision bf16 --batch 1,256 --warmup 3 --warmup-seconds 0 --iters 10
}

run_full() {
  section "gate: tiny model (eager + CUDA graph), one JVM per precision"
  if ! check_each tiny 60 verify-tiny.txt "$tiny" "$tiny/golden.safetensors"; then
    notes+=("fail-fast: the tiny model failed; nothing else was run (rerun quick to see which kernel faults)")
    return 1
  fi
  section "seeded ViT-L/14"
  synthesize_l14 || { notes+=("no ViT-L/14 model: the CLI checks and the bench were not run"); return 1; }
  section "CLI: verify --backend cuda (fp32, atol 1e-4) and --backend auto (bf16)"
  step "cli verify tiny" 60 cli.txt "${java[@]}" -jar .gpu/vitface.jar verify --backend cuda --precision fp32 \
    --model "$tiny" --golden "$tiny/golden.safetensors"
  step "cli verify vit-l14" 90 cli.txt "${java[@]}" -jar .gpu/vitface.jar verify --backend cuda --precision fp32 \
    --model "$l14" --golden "$l14_golden"
  step "cli verify auto" 60 cli.txt "${java[@]}" -jar .gpu/vitface.jar verify --backend auto --precision bf16 \
    --model "$tiny" --golden "$tiny/golden.safetensors"
  section "CLI: bench --backend cuda"
  for p in bf16 fp32; do
    step "cli bench $p" 60 cli.txt "${java[@]}" -jar .gpu/vitface.jar bench --backend cuda --model "$l14" \
      --precision "$p" --batch 256 --warmup-seconds 0
  done
  section "bench --backend cuda: ViT-L/14, batch 1, 32, 256 (graphs), then 1 and 32 eager"
  step bench 120 bench.txt "${java[@]}" -jar .gpu/vitface.jar bench --backend cuda --model "$l14" \
    --precision bf16,tf32,fp32 --batch 1,32,256 --warmup 3 --warmup-seconds 0 --iters 20
  step "bench eager" 60 bench.txt "${java[@]}" -Dvitface.cuda.graphs=false -jar .gpu/vitface.jar bench --backend cuda \
    --model "$l14" --precision bf16,tf32,fp32 --batch 1,32 --warmup 3 --warmup-seconds 0 --iters 20
}

# Prints "NAME -> PATH -> REAL FILE" for each CUDA library, sets LD_LIBRARY_PATH for those only
# find saw, and returns 1 when the machine has no CUDA 13 library at all.
find_cuda_libraries() {
  local search=(/usr/local/cuda/lib64 /usr/local/cuda/targets /usr/local/nvidia /usr/local/cuda-13* /usr/lib/x86_64-linux-gnu
                /usr/lib64 /opt /usr/local/lib /usr/lib/python3 /usr/lib/python3.*)
  local dirs=() found13=0 lib path real version versions=() missing=()
  # libnvrtc-builtins is loaded by libnvrtc at run time, under its full version (e.g. .so.13.1).
  for lib in libcuda.so.1 libcudart.so.13 libcublas.so.13 libcublasLt.so.13 libnvrtc.so.13 'libnvrtc-builtins.so.13*'; do
    path=$(ldconfig -p 2>/dev/null | awk -v l="$lib" '
      BEGIN { prefix = substr(l, length(l)) == "*" ? substr(l, 1, length(l) - 1) : "" }
      (prefix != "" ? index($1, prefix) == 1 : $1 == l) { print $NF; exit }')
    if [ -z "$path" ]; then
      # Toolkit folders, and Python wheels (nvidia-cublas, nvidia-cuda-nvrtc, …) some levels down.
      path=$(timeout 15 find "${search[@]}" -maxdepth 12 \( -type f -o -type l \) -name "$lib" -print -quit 2>/dev/null)
      [ -n "$path" ] && dirs+=("$(dirname "$path")")
    fi
    if [ -n "$path" ]; then
      real=$(readlink -f "$path")
      echo "$lib -> $path -> $real"
      if [ "$lib" != libcuda.so.1 ]; then
        found13=1
        # libcublas.so.13.1.0.3 -> 13.1: shows a toolkit mixed from several 13.x releases
        # (else from a cuda-13.N folder; "?" where neither says, as with some wheels' copies).
        version=$(basename "$real" | sed -nE 's/.*\.so\.([0-9]+\.[0-9]+).*/\1/p')
        [ -n "$version" ] || version=$(echo "$real" | sed -nE 's#.*/cuda-([0-9]+\.[0-9]+)/.*#\1#p')
        versions+=("${lib%%.so*} ${version:-?}")
      fi
    else
      echo "$lib -> NOT FOUND"
      missing+=("$lib")
    fi
  done
  if [ ${#dirs[@]} -gt 0 ]; then
    LD_LIBRARY_PATH=$(printf '%s\n' "${dirs[@]}" | awk '!seen[$0]++' | paste -sd:)${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
    export LD_LIBRARY_PATH
  fi
  echo "LD_LIBRARY_PATH=${LD_LIBRARY_PATH:-}"
  if [ "$found13" -eq 0 ]; then
    notes+=("this machine provides no CUDA 13 libraries (libcudart.so.13, libcublas.so.13, libcublasLt.so.13, libnvrtc.so.13): not in ldconfig, nor under ${search[*]}")
    return 1
  fi
  local summary; summary=$(printf '%s, ' "${versions[@]}"); summary=${summary%, }
  echo "CUDA library versions: $summary"
  if [ "$(printf '%s\n' "${versions[@]}" | awk '$2 != "?" { print $2 }' | sort -u | wc -l)" -gt 1 ]; then
    notes+=("mixed CUDA 13 releases: $summary")
  else
    notes+=("libraries: $summary")
  fi
  [ ${#missing[@]} -eq 0 ] || notes+=("not found: ${missing[*]}")
}

summary() {
  section "summary ($mode)"
  {
    grep -h -m1 -E '^CUDA (un)?available' "$OUT/gpu-check.log"
    # One line per GPU check run: model, sync mode, then its result line ("bf16  PASS").
    for f in "$OUT/verify-tiny.txt" "$OUT/verify-l14.txt"; do
      [ -f "$f" ] && awk -v model="$(basename "$f" .txt | sed 's/^verify-//')" '
        /^\$ / { sync = index($0, "syncEachLaunch=true") ? " (sync each launch)" : "" }
        /^summary/ { if ((getline r) > 0) { sub(/^ +/, "", r); printf "%-28s %s\n", model sync, r } }' "$f"
    done
    grep -h -E '^(PASS|FAIL)|^engine:' "$OUT/cli.txt" 2>/dev/null
    echo
    grep -h -E '^(ceiling|\|)' "$OUT/bench.txt" 2>/dev/null
    echo
    [ ${#notes[@]} -gt 0 ] && printf '%s\n' "${notes[@]}"
    if [ ${#failures[@]} -eq 0 ]; then
      echo "ALL CHECKS PASSED ($mode) in $(elapsed) s"
      [ "$mode" = quick ] && echo "next: the fuller call, bench/gpu-check.sh full (docs/GPU.md)"
    else
      echo "FAILED (${#failures[@]}) in $(elapsed) s ($mode):"; printf '  %s\n' "${failures[@]}"
    fi
  } | tee "$OUT/summary.txt"
}

section "GPU ($mode, budget $budget s)"
nvidia-smi | tee "$OUT/nvidia-smi.txt"
nvidia-smi --query-gpu=name,memory.total,driver_version,clocks.max.sm,power.limit --format=csv | tee -a "$OUT/nvidia-smi.txt"

section "Java runtime"
[ -f .gpu/runtime.tar.xz ] && [ -f .gpu/vitface.jar ] || {
  echo "no .gpu bundle: run bench/make-gpu-bundle.sh on the development machine and carry .gpu"; exit 2; }
cat .gpu/BUNDLE
runtime=/tmp/vitface-runtime
jre=$runtime/jre
if [ ! -x "$jre/bin/java" ]; then
  mkdir -p "$runtime"
  # tar's xz support needs the xz program; python3's tarfile has lzma built in.
  tar -xJf .gpu/runtime.tar.xz -C "$runtime" 2>/dev/null \
    || python3 -c 'import sys, tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2], filter="tar")' \
         .gpu/runtime.tar.xz "$runtime" \
    || { echo "cannot unpack .gpu/runtime.tar.xz"; exit 2; }
fi
"$jre/bin/java" -version
java=("$jre/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:-UseProfiledLoopPredicate -Xmx8g
      -Dorg.bytedeco.javacpp.cachedir=/tmp/javacpp-cache "-Djava.util.logging.SimpleFormatter.format=%4\$s %3\$s: %5\$s%6\$s%n")

section "CUDA libraries"
if find_cuda_libraries; then
  section "probe"
  if step probe 60 - "${java[@]}" -Dvitface.cuda.syncEachLaunch=true -jar .gpu/vitface.jar verify --backend cuda \
       --precision fp32 --model "$tiny" --golden "$tiny/golden.safetensors"; then
    if [ "$mode" = quick ]; then run_quick; else run_full; fi
  else
    notes+=("CUDA backend unavailable, or the tiny fp32 check failed (the probe says which, above): nothing more to check")
  fi
else
  failures+=("CUDA 13 libraries (none found)")
fi
summary
[ ${#failures[@]} -eq 0 ]
