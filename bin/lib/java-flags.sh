# The JVM flags and environment bin/vitface runs the CLI with; bench/paired.sh runs its engines
# with the same, so that vitface is timed as the CLI runs it. Sourced; defines one function.

# Sets the array java_args and exports OPENBLAS_NUM_THREADS (when unset).
vitface_java_flags() {
  # The serial collector with a small initial heap: the weights are mapped, not on the heap, and G1
  # grows a heap of several hundred MB from the Vector API's warm-up garbage (peak RSS +400 MB).
  # -UseProfiledLoopPredicate: with it, C2's compiled vector kernels hit the same loop-predicate trap
  # again and again, and between recompilations run the Vector API's allocating fallback; batch 1
  # took 1.7 s per image instead of 1.0 s (docs/PERFORMANCE-HISTORY.md, engine internals).
  # Transparent huge pages for the heap where the kernel offers them on request (madvise or always):
  # fresh memory is faulted in 2 MiB at a time, which took 3-5 % off the first result where faults
  # are dear (docs/PERFORMANCE.md). Where it does not, the JVM would print a warning on stdout.
  local huge_pages=() thp=
  if [ -r /sys/kernel/mm/transparent_hugepage/enabled ]; then read -r thp < /sys/kernel/mm/transparent_hugepage/enabled || true; fi
  if [[ $thp == *"[madvise]"* || $thp == *"[always]"* ]]; then
    huge_pages=(-XX:+UseTransparentHugePages)
  fi
  # OpenBLAS starts a pool of (cores - 1) threads as it loads, and they busy-wait ~70 ms before they
  # sleep. vitface never hands work to that pool: every OpenBLAS call runs single-threaded inside
  # vitface's own pool, and `bench`'s sgemm ceiling asks for its threads by number, which OpenBLAS
  # then starts. On 2 cores the wait took ~0.1 s of CPU time from a one-image classify, ~0.05 s of
  # its wall time (docs/PERFORMANCE.md). A value the user set stays as it is. Here and not in
  # OpenBlas.load: in a library user's process the pool serves the user's own BLAS work, which the
  # engine gives back its threads when it closes (#13); the CLI's process has no such work.
  export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}

  java_args=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED
    -XX:-UseProfiledLoopPredicate -XX:+UseSerialGC -Xms64m ${huge_pages[@]+"${huge_pages[@]}"})
}
