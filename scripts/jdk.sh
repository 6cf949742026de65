# Shared by ./minternet and ./run-tests: finds a JDK >= 21 and Maven. Sourced, not run.

MINTERNET_MIN_JAVA=21

# Prints the feature version (17, 21, 25 …) of a java executable, or nothing.
java_feature_version() {
  local v
  v="$("$1" -version 2>&1 | head -n 1 | sed -E 's/^[^"]*"([0-9]+)(\.([0-9]+))?.*$/\1 \3/')" || return 0
  set -- $v
  if [ "${1:-}" = "1" ]; then echo "${2:-0}"; else echo "${1:-}"; fi
}

# Sets JAVA (a java executable) and JAVA_HOME for a JDK >= 21: $JAVA_HOME first, then java on
# the PATH, then the newest JDK under /usr/lib/jvm. Exits with advice when there is none.
find_jdk() {
  local candidates=() c v best="" bestv=0 seen="" tried=""
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
  if command -v java >/dev/null 2>&1; then candidates+=("$(readlink -f "$(command -v java)")"); fi
  # MINTERNET_JDK_DIRS (space-separated globs) overrides where installed JDKs are looked for
  for c in ${MINTERNET_JDK_DIRS:-/usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home}; do
    c="$c/bin/java"
    [ -x "$c" ] && candidates+=("$c")
  done
  for c in "${candidates[@]}"; do
    [ -x "$c" ] || continue
    case " $tried " in *" $c "*) continue ;; esac
    tried="$tried $c"
    # javac must be beside it: Maven compiles
    [ -x "$(dirname "$c")/javac" ] || { seen="$seen $c(no javac)"; continue; }
    v="$(java_feature_version "$c")"
    [ -n "$v" ] || continue
    seen="$seen $c($v)"
    if [ "$v" -ge "$MINTERNET_MIN_JAVA" ]; then
      # the first acceptable one in priority order wins
      best="$c"; bestv="$v"; break
    fi
  done
  if [ -z "$best" ]; then
    echo "minternet: needs a Java Development Kit $MINTERNET_MIN_JAVA or newer (25 recommended)." >&2
    echo "  looked at: \$JAVA_HOME, java on the PATH, /usr/lib/jvm/*;${seen:- none found}" >&2
    echo "  install one, e.g. 'apt-get install openjdk-21-jdk' or 'openjdk-25-jdk', or Temurin from" >&2
    echo "  https://adoptium.net, then run again (or set JAVA_HOME to it)." >&2
    exit 3
  fi
  JAVA="$best"
  JAVA_HOME="$(cd "$(dirname "$best")/.." && pwd)"
  JAVA_VERSION="$bestv"
  export JAVA_HOME
}

# Sets MVN to Maven's launcher, or exits with advice.
find_maven() {
  if [ -n "${MAVEN:-}" ] && [ -x "$MAVEN" ]; then MVN="$MAVEN"; return; fi
  if command -v mvn >/dev/null 2>&1; then MVN="$(command -v mvn)"; return; fi
  echo "minternet: needs Apache Maven 3.8 or newer to build itself." >&2
  echo "  install it, e.g. 'apt-get install maven', or from https://maven.apache.org, then run again." >&2
  exit 3
}

# Quiets the JDK 24+ warning that Maven's own libraries trigger.
maven_opts() {
  if [ "${JAVA_VERSION:-0}" -ge 24 ]; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
}
