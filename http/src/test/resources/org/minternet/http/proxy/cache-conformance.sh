#!/usr/bin/env bash
# The public HTTP caching test suite (http-tests/cache-tests, npm package http-cache-tests, with
# its own test server) against Minternet's proxy in reverse mode. Meant to become
# bench/cache-conformance (the http proxy's owner may not write there). Needs node and npm (the
# npm registry is enough; the GitHub repository is not needed).
# Prints:  cache-conformance: required=P/T optimal=P/T check=P/T
# Environment: CACHE_TESTS_VERSION (default 0.4.5), SPORT (test server, default 18300),
#              PPORT (proxy, default 18301), FAILED=1 to list the failed required tests.
set -euo pipefail
cd "$(dirname "$0")"
while [ ! -f pom.xml ] || [ ! -d http ]; do cd ..; done   # the repository root
VERSION=${CACHE_TESTS_VERSION:-0.4.5}
SPORT=${SPORT:-18300}
PPORT=${PPORT:-18301}
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export JAVA_HOME MAVEN_OPTS=${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}
command -v npm >/dev/null || { echo "cache-conformance: npm missing (apt-get install npm)" >&2; exit 1; }

WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

(cd "$WORK" && npm install --silent --no-audit --no-fund "http-cache-tests@$VERSION" >/dev/null 2>&1)
SUITE="$WORK/node_modules/http-cache-tests"

mvn -o -q -pl http install -DskipTests >/dev/null
mvn -o -q -pl http dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
cp -r http/target/classes "$WORK/classes"

(cd "$SUITE" && npm_config_port=$SPORT npm_config_protocol=http npm_config_pidfile="$WORK/server.pid" \
  node server/server.mjs > "$WORK/server.log" 2>&1) &
PIDS+=($!)
"$JAVA_HOME/bin/java" -cp "$WORK/classes:$(cat "$WORK/cp.txt")" org.minternet.http.proxy.ProxyServe \
  --port "$PPORT" --reverse "127.0.0.1:$SPORT" > "$WORK/proxy.log" 2>&1 &
PIDS+=($!)
ready=
for i in $(seq 150); do
  if curl -sf -o /dev/null "http://127.0.0.1:$SPORT/" \
     && curl -sf -o /dev/null "http://127.0.0.1:$PPORT/"; then ready=1; break; fi
  sleep 0.2
done
if [ -z "$ready" ]; then
  echo "cache-conformance: the test server or the proxy did not start" >&2
  cat "$WORK/server.log" "$WORK/proxy.log" >&2
  exit 1
fi

(cd "$SUITE" && npm_config_base="http://127.0.0.1:$PPORT" npm_package_config_id= \
  node --no-warnings cli.mjs > "$WORK/results.json")
[ -f "$WORK/server.pid" ] && kill "$(cat "$WORK/server.pid")" 2>/dev/null || true

cat > "$SUITE/count.mjs" <<'JS'
import fs from 'fs'
import tests from './tests/index.mjs'
const results = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'))
const counts = { required: [0, 0], optimal: [0, 0], check: [0, 0] }
const failed = []
for (const suite of tests) {
  for (const t of suite.tests) {
    if (t.browser_only) continue
    const kind = t.kind || 'required'
    counts[kind] = counts[kind] || [0, 0]
    counts[kind][1]++
    if (results[t.id] === true) counts[kind][0]++
    else if (kind === 'required') failed.push(`  ${t.id}: ${JSON.stringify(results[t.id])}`)
  }
}
const f = k => `${counts[k][0]}/${counts[k][1]}`
console.log(`cache-conformance: required=${f('required')} optimal=${f('optimal')} check=${f('check')}`)
if (process.env.FAILED === '1' && failed.length) console.log(failed.join('\n'))
JS
node "$SUITE/count.mjs" "$WORK/results.json"
