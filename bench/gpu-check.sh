#!/usr/bin/env bash
# The CUDA backend's whole GPU check in one call, on a machine with an NVIDIA GPU and no JDK:
#   1. nvidia-smi; unpack the jlinked runtime from .gpu/ (bench/make-gpu-bundle.sh builds it here)
#   2. find the CUDA 13 libraries (libcudart, libcublas, libcublasLt, libnvrtc) and the driver
#   3. the availability probe (verify --backend cuda on the tiny model: it says why when CUDA is unusable)
#   4. synthesize the seeded ViT-L/14 (1.2 GB) into /tmp
#   5. `verify --backend cuda` (the GPU check) on the tiny and the L/14 golden files, fp32, tf32
#      and bf16: eager (with hidden states where the golden file has them) and CUDA-graph runs, judged by PrecisionCriteria,
#      plus a steady-state device-memory check; the tiny model also once with a sync after every
#      launch, so a device fault names its kernel
#   6. the CLI's `verify --backend cuda` and `bench --backend cuda`
#   7. `bench --backend cuda` on ViT-L/14: batch 1, 32, 256 in bf16, tf32, fp32 against a cuBLAS GEMM
#      of the same run, then graphs off (-Dvitface.cuda.graphs=false) for the small batches
# Everything goes to $OUT (the device tool's folder; ./gpu-check-out elsewhere): gpu-check.log,
# nvidia-smi.txt, verify-tiny.txt, verify-l14.txt, cli.txt, bench.txt, summary.txt. The whole run stays under GPU_CHECK_SECONDS (default 450); each step
# gets what is left. Exit status: 0 when every check passed.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
OUT=${OUT:-$root/gpu-check-out}
mkdir -p "$OUT"
exec > >(tee -a "$OUT/gpu-check.log") 2>&1

budget=${GPU_CHECK_SECONDS:-450}
start=$(date +%s)
failures=()
elapsed() { echo $(( $(date +%s) - start )); }
left() { echo $(( budget - $(date +%s) + start )); }
section() { echo; echo "=== $* [$(elapsed) s]"; }
# step NAME LIMIT FILE CMD...: runs CMD with at most LIMIT seconds (less if the budget is nearly
# spent), its output shown and appended to $OUT/FILE (- for the log only: the device tool brings
# back at most 8 files); a failure is recorded for the summary.
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

section "GPU"
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
# The JNI glue needs these sonames from the dynamic linker: the toolkit's copies first, else the
# ones Python wheels (nvidia-cublas, nvidia-cuda-nvrtc, nvidia-cuda-runtime) installed.
dirs=()
for lib in libcuda.so.1 libcudart.so.13 libcublas.so.13 libcublasLt.so.13 libnvrtc.so.13; do
  path=$(ldconfig -p | awk -v l="$lib" '$1 == l { print $NF; exit }')
  if [ -z "$path" ]; then
    path=$(find /usr/local/cuda/lib64 /usr/local/cuda/targets /usr/local/nvidia /usr/local/cuda-13* /usr/lib/x86_64-linux-gnu \
             /opt /usr/local/lib /usr/lib/python3 -maxdepth 9 -name "$lib" 2>/dev/null | head -n1)
    [ -n "$path" ] && dirs+=("$(dirname "$path")")
  fi
  echo "$lib -> ${path:-NOT FOUND}"
done
if [ ${#dirs[@]} -gt 0 ]; then
  LD_LIBRARY_PATH=$(printf '%s\n' "${dirs[@]}" | awk '!seen[$0]++' | paste -sd:)${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
  export LD_LIBRARY_PATH
fi
echo "LD_LIBRARY_PATH=${LD_LIBRARY_PATH:-}"

section "probe"
tiny=src/test/resources/fixtures/tiny
l14=/tmp/vitface-l14-seeded
check=("${java[@]}" -jar .gpu/vitface.jar verify --backend cuda)

step probe 60 - "${check[@]}" --model "$tiny" --golden "$tiny/golden.safetensors" --precision fp32 \
  || { echo "CUDA backend unavailable or failing: nothing more to check"; exit 1; }

section "tiny model, sync after every launch (a device fault names its kernel; no graphs)"
step "tiny (sync each launch)" 90 verify-tiny.txt "${check[0]}" -Dvitface.cuda.syncEachLaunch=true "${check[@]:1}" \
  --model "$tiny" --golden "$tiny/golden.safetensors" --precision fp32,tf32,bf16

section "tiny model (graphs on)"
step tiny 90 verify-tiny.txt "${check[@]}" --model "$tiny" --golden "$tiny/golden.safetensors" --precision fp32,tf32,bf16

section "synthesize the seeded ViT-L/14"
if [ ! -f "$l14/model.safetensors" ]; then
  step synth 150 - "${java[@]}" -jar .gpu/vitface.jar synth \
    --config src/test/resources/fixtures/vit-l14-seeded/config.json --out "$l14"
fi

section "seeded ViT-L/14"
step vit-l14 150 verify-l14.txt "${check[@]}" --model "$l14" \
  --golden src/test/resources/fixtures/vit-l14-seeded/golden.safetensors --precision fp32,tf32,bf16

section "CLI: verify --backend cuda (fp32, atol 1e-4)"
step "cli verify tiny" 60 cli.txt "${java[@]}" -jar .gpu/vitface.jar verify --backend cuda --precision fp32 \
  --model "$tiny" --golden "$tiny/golden.safetensors"
step "cli verify vit-l14" 90 cli.txt "${java[@]}" -jar .gpu/vitface.jar verify --backend cuda --precision fp32 \
  --model "$l14" --golden src/test/resources/fixtures/vit-l14-seeded/golden.safetensors

section "CLI: bench --backend cuda"
for p in bf16 fp32; do
  step "cli bench $p" 90 cli.txt "${java[@]}" -jar .gpu/vitface.jar bench --backend cuda --model "$l14" \
    --precision "$p" --batch 256
done

section "bench --backend cuda: ViT-L/14, batch 1, 32, 256 (graphs on), then 1 and 32 eager"
step bench 140 bench.txt "${java[@]}" -jar .gpu/vitface.jar bench --backend cuda --model "$l14" \
  --precision bf16,tf32,fp32 --batch 1,32,256 --warmup 3 --iters 20
step "bench eager" 60 bench.txt "${java[0]}" -Dvitface.cuda.graphs=false "${java[@]:1}" -jar .gpu/vitface.jar bench \
  --backend cuda --model "$l14" --precision bf16,tf32,fp32 --batch 1,32 --warmup 3 --iters 20

section "summary"
{
  grep -h -m1 -E '^CUDA (un)?available' "$OUT/gpu-check.log"
  grep -h -A4 '^summary' "$OUT/verify-tiny.txt" "$OUT/verify-l14.txt" 2>/dev/null
  echo
  grep -h -E '^(ceiling|engine|\|)' "$OUT/bench.txt" 2>/dev/null
  echo
  if [ ${#failures[@]} -eq 0 ]; then echo "ALL CHECKS PASSED in $(elapsed) s"; else
    echo "FAILED (${#failures[@]}) in $(elapsed) s:"; printf '  %s\n' "${failures[@]}"; fi
} | tee "$OUT/summary.txt"
[ ${#failures[@]} -eq 0 ]
