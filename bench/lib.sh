# Shared by the scripts in bench/ (sourced, not run). They build and start Minternet the way a user
# does: `./minternet …`, the launcher that finds a JDK and packages cli/target/minternet.jar itself
# (its first run downloads the dependencies from Maven Central into ~/.m2; nothing of the project is
# installed there). So a benchmark works from a fresh clone with an empty ~/.m2.
#
#   bench_build                      build the program now (so that no server start waits for it)
#   minternet_start LOG HEAP ARGS…   ./minternet ARGS… in the background, output to LOG, heap -XmxHEAP;
#                                    sets STARTED_PID (the JVM's own pid: the launcher execs java)
#   bench_wait_tcp PID PORT [S]      waits until 127.0.0.1:PORT accepts connections (at most S s,
#                                    default 60); fails when PID has died or the time is up
#   bench_check_done WHAT            with BENCH_CHECK=1: prints that the set-up works and exits 0,
#                                    before the peer servers and load tools are needed
#
# Environment: MINTERNET_JAVA_OPTS (extra JVM options for every server started),
#              BENCH_CHECK=1 (stop after Minternet's set-up: what .ci/run checks from a fresh clone).

BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_NAME="bench/$(basename "$0")"
. "$BENCH_ROOT/scripts/jdk.sh"
find_jdk

bench_build() {
  echo "$BENCH_NAME: building Minternet (./minternet) ..." >&2
  if ! "$BENCH_ROOT/minternet" --version >/dev/null; then
    echo "$BENCH_NAME: ./minternet does not run (see cli/target/build.log)" >&2
    exit 1
  fi
}

minternet_start() {
  local log=$1 heap=$2
  shift 2
  MINTERNET_JAVA_OPTS="-Xmx$heap ${MINTERNET_JAVA_OPTS:-}" "$BENCH_ROOT/minternet" "$@" >"$log" 2>&1 &
  STARTED_PID=$!
}

bench_wait_tcp() {
  local pid=$1 port=$2 seconds=${3:-60} i
  for ((i = 0; i < seconds * 5; i++)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "$BENCH_NAME: the server on port $port exited" >&2
      return 1
    fi
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  echo "$BENCH_NAME: nothing listens on port $port after ${seconds}s" >&2
  return 1
}

bench_check_done() {
  if [ -n "${BENCH_CHECK:-}" ]; then
    echo "$BENCH_NAME: set-up works ($1)"
    exit 0
  fi
}
