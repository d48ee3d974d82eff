# Sourced by bin/skiff and .ci/run: finds a JDK whose major version is at least
# SKIFF_JAVA_MIN (25) and prints its home. Order: $JAVA_HOME, the `java` on PATH, then the
# usual install folders (/usr/lib/jvm, /usr/java, /opt/java, ~/.sdkman, ~/.jdks).

skiff_java_major() { # $1 = java home; prints the major version or nothing
  local rel="$1/release" v
  if [[ -f $rel ]]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$rel" | head -n 1)
  elif [[ -x $1/bin/java ]]; then
    v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -n 1)
  fi
  printf '%s' "${v:-}"
}

skiff_find_java() {
  local min=${SKIFF_JAVA_MIN:-25} home major
  local -a candidates=()
  [[ -n ${JAVA_HOME:-} ]] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    candidates+=("$home")
  fi
  local d
  for d in /usr/lib/jvm/* /usr/java/* /opt/java/* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [[ -d $d && ! -L $d ]] && candidates+=("$d")
  done
  for home in "${candidates[@]}"; do
    major=$(skiff_java_major "$home")
    if [[ -n $major && $major -ge $min && -x $home/bin/java ]]; then
      printf '%s\n' "$home"
      return 0
    fi
  done
  {
    echo "skiff: needs a Java $min (or newer) JDK, and found none."
    echo "  looked at: \$JAVA_HOME (${JAVA_HOME:-unset}), the java on PATH, /usr/lib/jvm, /usr/java, /opt/java, ~/.sdkman, ~/.jdks"
    echo "  install a JDK $min and point JAVA_HOME at it."
  } >&2
  return 1
}
