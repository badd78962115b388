# Sourced by bin/vitface, bin/vitface-spark and bin/test: sets JAVA_HOME to a JDK that is new
# enough, or exits with advice. `vitface_find_jdk` wants 25 or later; `vitface_find_jdk 25.0.3`
# a minimum patch release too (Spark 4.2 needs 25.0.3).
# Order: $JAVA_HOME if it qualifies, then every JVM under /usr/lib/jvm (newest first).
# VITFACE_JVM_DIR replaces /usr/lib/jvm (tests use it).

vitface_jdk_version() { # prints the JAVA_VERSION of the JDK at $1 without any -ea/+build suffix (25.0.3), or nothing
  local release="$1/release" line
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && [ -f "$release" ] || return 0
  line=
  while IFS= read -r line || [ -n "$line" ]; do # shell built-ins only: this runs on every launch
    case "$line" in JAVA_VERSION=*) break ;; esac
    line=
  done < "$release"
  line=${line#JAVA_VERSION=\"}
  line=${line%%[\"+-]*}
  case "$line" in ''|.*|*.|*..*|*[!0-9.]*) ;; *) echo "$line" ;; esac
}

vitface_version_at_least() { # true when dotted version $1 >= $2 (missing parts count as 0)
  local IFS=. i x y
  local -a have=($1) want=($2)
  for i in 0 1 2 3; do
    x=$((10#${have[i]:-0})) y=$((10#${want[i]:-0}))
    if [ "$x" -gt "$y" ]; then return 0; fi
    if [ "$x" -lt "$y" ]; then return 1; fi
  done
  return 0
}

vitface_find_jdk() {
  local need=${1:-25} version candidate jvm_dir=${VITFACE_JVM_DIR:-/usr/lib/jvm}
  if [ -n "${JAVA_HOME:-}" ]; then
    version=$(vitface_jdk_version "$JAVA_HOME")
    if [ -n "$version" ] && vitface_version_at_least "$version" "$need"; then return 0; fi
    echo "vitface: JAVA_HOME=$JAVA_HOME is not a JDK >= $need${version:+ (it is $version)}; looking under $jvm_dir" >&2
  fi
  for candidate in $(ls -d "$jvm_dir"/*/ 2>/dev/null | sort -rV); do
    candidate=${candidate%/}
    version=$(vitface_jdk_version "$candidate")
    if [ -n "$version" ] && vitface_version_at_least "$version" "$need"; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  cat >&2 <<MSG
vitface: no JDK $need or newer found (checked JAVA_HOME and $jvm_dir/*).
Install one, for example:
  Debian/Ubuntu:  apt-get install openjdk-25-jdk   (or Temurin 25 from https://adoptium.net; ${need} or later)
then run again, or point JAVA_HOME at it.
MSG
  exit 1
}
