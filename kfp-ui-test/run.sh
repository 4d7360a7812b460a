#!/usr/bin/env bash
# KFP's prebuilt UI against a runstore server in headless Chromium (the browser test; .ci/run runs it after the suite).
# Needs: server/target/runstore-server.jar (mvn -B verify or package), PostgreSQL on 127.0.0.1:5432 (user postgres),
# node/npm, Debian's chromium, and KFP's prebuilt frontend (default ../shared/kfp-frontend next to the repository).
# Screenshots: kfp-ui-test/target/screenshots/. Exit status non-zero when a page is wrong.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
frontend="${KFP_FRONTEND:-$repo/../shared/kfp-frontend}"
out="$here/target/screenshots"
work="$(mktemp -d)"
database="runstore_ui_$$"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  psql -h 127.0.0.1 -U postgres -qc "drop database if exists $database" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'; }
wait_for() { # url
  for _ in $(seq 1 120); do curl -sf "$1" >/dev/null 2>&1 && return 0; sleep 1; done
  echo "$1 did not answer" >&2; return 1
}

[ -d "$frontend/build" ] || { echo "KFP's prebuilt frontend not found at $frontend (set KFP_FRONTEND)" >&2; exit 1; }
[ -d "$here/node_modules/puppeteer-core" ] || (cd "$here" && npm ci --no-audit --no-fund)

psql -h 127.0.0.1 -U postgres -qc "create database $database"
api_port="$(free_port)"
java -jar "$repo/server/target/runstore-server.jar" --server.port="$api_port" \
  --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/$database" --spring.datasource.username=postgres \
  > "$work/server.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$api_port/apis/v2beta1/healthz" || { tail -50 "$work/server.log"; exit 1; }

cp -r "$frontend" "$work/kfp-frontend"
(cd "$work/kfp-frontend/server" && npm ci --omit=dev --no-audit --no-fund >/dev/null)
ui_port="$(free_port)"
(cd "$work/kfp-frontend" && ML_PIPELINE_SERVICE_HOST=127.0.0.1 ML_PIPELINE_SERVICE_PORT="$api_port" \
  METADATA_ENVOY_SERVICE_SERVICE_HOST=127.0.0.1 METADATA_ENVOY_SERVICE_SERVICE_PORT="$api_port" \
  exec node server/dist/server.js build "$ui_port" > "$work/frontend.log" 2>&1) &
pids+=($!)
wait_for "http://127.0.0.1:$ui_port/" || { tail -50 "$work/frontend.log"; exit 1; }

"$here/seed.sh" "http://127.0.0.1:$api_port" > "$work/seeded.json"
node "$here/browser-test.js" "http://127.0.0.1:$ui_port" "$out" "$work/seeded.json"
