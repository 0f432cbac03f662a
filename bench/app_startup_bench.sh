#!/usr/bin/env bash
# Desktop app start-up with the standard demo organisation (Tidewater Broadband: 300
# articles, 2,000 customers, 20,000 interactions, ~28,600 records): a knowset-server on
# loopback, a profile signed in as the demo supervisor, then `knowset --startup-report`
#   1. first start: the replica is empty and fills by the initial sync;
#   2. a later start with the server up (replica present);
#   3. a later start with the server down (offline).
# Prints one JSON object. Usage: bench/app_startup_bench.sh [BUILD_DIR=build/ci]
set -euo pipefail
build=${1:-build/ci}
server=$build/server/knowset-server cli=$build/client/cli/knowset-cli app=$build/client/app/knowset
work=$(mktemp -d)
server_pid=
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid"; wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=
}
trap 'stop_server; rm -rf "$work"' EXIT
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} XDG_RUNTIME_DIR=$work/runtime
mkdir -m 700 "$XDG_RUNTIME_DIR"

"$server" init --data "$work/server" --password-stdin <<<"bench-admin-password" >/dev/null
load_started=$(date +%s%N)
"$server" demo-data --data "$work/server" --until 2026-11-20 >/dev/null
load_ms=$(( ($(date +%s%N) - load_started) / 1000000 ))
"$server" user add sam --role supervisor --branch north --branch south --branch east \
  --data "$work/server" <<<"bench-sam-password" >/dev/null

port=$((20000 + RANDOM % 30000))
start_server() {
  "$server" serve --data "$work/server" --plain --port "$port" >>"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 200); do
    grep -q "server.listening.*port=$port" "$work/server.log" && return 0
    sleep 0.05
  done
  echo "the server did not start" >&2; exit 1
}
start_server
"$cli" --profile "$work/profile" login "ws://127.0.0.1:$port/sync" sam --password-stdin <<<"bench-sam-password" >/dev/null

first=$("$app" --profile "$work/profile" --startup-report | tail -1)
records=$("$cli" --profile "$work/profile" --json status |
  awk '/"records": \{/ {inside = 1; next} inside && /\}/ {inside = 0} inside {gsub(/[^0-9]/, "", $2); total += $2} END {print total + 0}')
warm=$("$app" --profile "$work/profile" --startup-report | tail -1)
stop_server
offline=$("$app" --profile "$work/profile" --startup-report | tail -1)
replica_bytes=$(stat -c %s "$work/profile/replica.sqlite")

cat <<JSON
{"name":"app_startup","build":"$build","demo":"standard","server_demo_load_ms":$load_ms,"replica_records":${records:-null},"replica_bytes":$replica_bytes,"first_start":$first,"warm_start":$warm,"offline_start":$offline}
JSON
