#!/usr/bin/env bash
# Load test of `vitface serve`, with `vitface bench` measured in the same run for comparison:
#   1. vitface bench at --batch (default 8): the forward pass alone, images/s;
#   2. vitface serve with --max-batch the same, then --clients concurrent loopback clients posting
#      --image for at most --seconds and --requests; throughput, p50/p99 latency, batch histogram;
#   3. the ratio serve / bench (the target is >= 0.9 with 16 clients on the seeded ViT-L/14).
# Usage: bench/load.sh [--model DIR] [--clients 16] [--seconds 60] [--requests 100000] [--batch 8]
#                      [--threads N] [--backend auto] [--bench-iters 5] [--image FILE]
# Without --model it uses weights/vit-l14-seeded, writing it with `vitface synth` the first time (1.2 GB).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
. bin/lib/find-jdk.sh
vitface_find_jdk

model="" clients=16 seconds=60 requests=100000 batch=8 threads=$(nproc) backend=auto iters=5
image=src/test/resources/fixtures/samples/astronaut_face.png
while [ $# -gt 0 ]; do
  case "$1" in
    --model) model=$2 ;; --clients) clients=$2 ;; --seconds) seconds=$2 ;; --requests) requests=$2 ;;
    --batch) batch=$2 ;; --threads) threads=$2 ;; --backend) backend=$2 ;; --bench-iters) iters=$2 ;;
    --image) image=$2 ;;
    *) echo "bench/load.sh: unknown option $1 (see the comment at the top)" >&2; exit 2 ;;
  esac
  shift 2
done
if [ -z "$model" ]; then
  model=weights/vit-l14-seeded
  [ -f "$model/model.safetensors" ] || bin/vitface synth --config src/test/resources/fixtures/vit-l14-seeded/config.json --out "$model"
fi

work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then kill -TERM "$server"; wait "$server" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== vitface bench --batch $batch --threads $threads ($model)"
bin/vitface bench --model "$model" --batch "$batch" --threads "$threads" --backend "$backend" --iters "$iters" \
  --format json > "$work/bench.json"
grep -E '"(batch|images_per_second|backend_description)"' "$work/bench.json"

echo "== vitface serve --max-batch $batch, $clients clients, at most $seconds s and $requests requests"
bin/vitface serve --model "$model" --port 0 --max-batch "$batch" --threads "$threads" --backend "$backend" \
  --queue $((4 * clients)) > "$work/serve.log" 2>&1 &
server=$!
url=""
for _ in $(seq 1 1200); do
  if grep -q "vitface serve: ready" "$work/serve.log"; then
    url=$(grep -oE 'listening on http://[^ ]+' "$work/serve.log" | head -n1 | cut -d' ' -f3)
    break
  fi
  kill -0 "$server" 2>/dev/null || { cat "$work/serve.log" >&2; echo "bench/load.sh: serve exited" >&2; exit 1; }
  sleep 0.5
done
[ -n "$url" ] || { cat "$work/serve.log" >&2; echo "bench/load.sh: serve not ready after 10 min" >&2; exit 1; }
grep -E "ready" "$work/serve.log"

gson=$(ls target/lib/gson-*.jar | head -n1)
"$JAVA_HOME/bin/java" -cp "$gson" bench/load/LoadClient.java --url "$url" --clients "$clients" --seconds "$seconds" \
  --requests "$requests" --image "$image" --batch "$batch" --bench-json "$work/bench.json"
