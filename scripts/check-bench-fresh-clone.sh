#!/usr/bin/env bash
# Checks that a benchmark's set-up works from a fresh clone with an empty Maven repository, as on
# a new machine: clones this repository, then runs BENCH (default bench/http) with BENCH_CHECK=1,
# so that it builds Minternet through ./minternet (dependencies from Maven Central into an empty
# local repository), starts its server the way a user does and stops once that server answers.
# Bounded by TIMEOUT seconds (default 600). Used by .ci/run.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
BENCH=${1:-bench/http}
TIMEOUT=${TIMEOUT:-600}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

if git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1; then
  git clone -q "$ROOT" "$WORK/clone"
else
  mkdir "$WORK/clone"
  tar -C "$ROOT" --exclude=target --exclude=.git -cf - . | tar -C "$WORK/clone" -xf -
fi
mkdir "$WORK/m2" "$WORK/home"
# Java takes ~ from the password database, not $HOME: the empty repository is named explicitly
start=$(date +%s)
if ! (cd "$WORK/clone" && HOME="$WORK/home" MAVEN_OPTS="${MAVEN_OPTS:-} -Dmaven.repo.local=$WORK/m2" \
    BENCH_CHECK=1 timeout "$TIMEOUT" "$BENCH"); then
  echo "check-bench-fresh-clone: $BENCH failed from a fresh clone with an empty Maven repository" >&2
  tail -n 30 "$WORK/clone/cli/target/build.log" >&2 2>/dev/null || true
  exit 1
fi
echo "check-bench-fresh-clone: $BENCH set up from a fresh clone in $(( $(date +%s) - start ))s" \
  "($(du -sm "$WORK/m2" | cut -f1) MB downloaded into an empty Maven repository)"
