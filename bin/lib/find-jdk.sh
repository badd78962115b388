# Sourced by bin/vitface and bin/test: sets JAVA_HOME to a JDK >= 25 or exits with advice.
# Order: $JAVA_HOME if it qualifies, then every JVM under /usr/lib/jvm (newest first).
# VITFACE_JVM_DIR replaces /usr/lib/jvm (tests use it).

vitface_jdk_major() { # prints the major version of the JDK at $1, or nothing
  local release="$1/release" line
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && [ -f "$release" ] || return 0
  line=$(grep -E '^JAVA_VERSION=' "$release" | head -n1)
  line=${line#JAVA_VERSION=\"}
  line=${line%%[.\"+-]*}
  case "$line" in ''|*[!0-9]*) ;; *) echo "$line" ;; esac
}

vitface_find_jdk() {
  local need=25 major candidate jvm_dir=${VITFACE_JVM_DIR:-/usr/lib/jvm}
  if [ -n "${JAVA_HOME:-}" ]; then
    major=$(vitface_jdk_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge "$need" ]; then return 0; fi
    echo "vitface: JAVA_HOME=$JAVA_HOME is not a JDK >= $need; looking under $jvm_dir" >&2
  fi
  for candidate in $(ls -d "$jvm_dir"/*/ 2>/dev/null | sort -rV); do
    candidate=${candidate%/}
    major=$(vitface_jdk_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge "$need" ]; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  cat >&2 <<MSG
vitface: no JDK $need or newer found (checked JAVA_HOME and $jvm_dir/*).
Install one, for example:
  Debian/Ubuntu:  apt-get install openjdk-25-jdk   (or Temurin 25 from https://adoptium.net)
then run again, or point JAVA_HOME at it.
MSG
  exit 1
}
