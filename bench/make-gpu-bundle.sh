#!/usr/bin/env bash
# Builds .gpu/, what bench/gpu-check.sh needs on the GPU machine, which has no JDK:
#   .gpu/runtime.tar.xz   a jlinked Java 25 runtime (uncompressed jimage, stripped libjvm, then xz:
#                         xz packs it to a third of what jlink's own zip compression gives)
#   .gpu/vitface.jar      the application jar (its manifest class path is lib/*.jar)
#   .gpu/lib/*.jar        runtime dependencies, less the OpenBLAS and oneDNN natives (19 + 27 MB, CPU only)
#   .gpu/BUNDLE           what was built from which commit, and the sizes
# The device tool sends the working tree plus carried paths, 64 MiB in all: the script fails if
# the tracked files plus .gpu/ exceed that. Carry it with carry: [".gpu"].
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
. "$root/bin/lib/find-jdk.sh"
vitface_find_jdk

limit=$((64 * 1024 * 1024))
modules=java.base,java.logging,jdk.incubator.vector,java.net.http,jdk.httpserver,java.desktop,jdk.unsupported

echo "make-gpu-bundle: building the jar with $JAVA_HOME" >&2
MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ./mvnw -q -B ${MVN_FLAGS:-} -DskipTests package >&2

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "make-gpu-bundle: jlink ($modules)" >&2
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=zip-0 \
  --output "$work/jre" 2> >(grep -v 'incubator modules' >&2)
# Native symbol tables are only for debuggers; the dynamic symbols the JVM needs stay.
strip --strip-unneeded "$work/jre/lib/server/libjvm.so"
"$work/jre/bin/java" --add-modules jdk.incubator.vector -version > /dev/null 2>&1 \
  || { echo "make-gpu-bundle: the jlinked runtime does not start" >&2; exit 1; }

rm -rf .gpu
mkdir -p .gpu/lib
echo "make-gpu-bundle: compressing the runtime (xz, about a minute)" >&2
tar -C "$work" -cf - jre | xz -6 -T1 > .gpu/runtime.tar.xz
cp target/vitface-*.jar .gpu/vitface.jar
cp target/lib/*.jar .gpu/lib/
rm -f .gpu/lib/openblas-*-linux-*.jar .gpu/lib/dnnl-*-linux-*.jar

tracked=$(git ls-files -z | xargs -0 du -cb 2>/dev/null | tail -n1 | cut -f1)
bundle=$(du -sb .gpu | cut -f1)
total=$((tracked + bundle))
{
  echo "built $(date -u +%Y-%m-%dT%H:%M:%SZ) from $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src pom.xml || echo ' (uncommitted changes)')"
  echo "runtime: $("$work/jre/bin/java" -version 2>&1 | head -n1), modules $modules"
  echo "sizes (bytes): bundle $bundle, tracked files $tracked, together $total of $limit"
} > .gpu/BUNDLE
cat .gpu/BUNDLE >&2
if [ "$total" -gt "$limit" ]; then
  echo "make-gpu-bundle: over the device tool's 64 MiB for tree + carried paths" >&2
  exit 1
fi
echo "make-gpu-bundle: ready. First device call: carry [\".gpu\"], command: bash bench/gpu-check.sh quick (docs/GPU.md)" >&2
