#!/usr/bin/env bash
# The screenshot test: a real knowset-server on loopback with a small demo organisation, a
# profile signed in with knowset-cli, then `knowset --screenshots` opens every main screen on
# the offscreen platform and saves PNGs into the build tree. Passes when the app reports every
# screen passed (not blank, its key items present and visible) and ImageMagick agrees that
# each PNG has real content.
#   screenshot_test.sh SERVER CLI APP OUTPUT_DIR [SIZE]
set -euo pipefail
server=$1 cli=$2 app=$3 out=$4 size=${5:-1280x800}

work=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid"; wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

"$server" init --data "$work/server" --password-stdin <<<"admin-password-1" >/dev/null
# The demo organisation first: it adds the branches the users work in.
"$server" demo-data --data "$work/server" --articles 60 --customers 150 --interactions 3000 \
  --until 2026-11-20 >/dev/null
"$server" user add sam --role supervisor --branch north --branch south --branch east \
  --data "$work/server" <<<"sam-password-1" >/dev/null

started=
for attempt in $(seq 1 20); do
  port=$((20000 + RANDOM % 30000))
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then continue; fi
  "$server" serve --data "$work/server" --plain --port "$port" >"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then started=yes; break; fi
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$started" ] && break
done
[ -n "$started" ] || { echo "the server did not start"; cat "$work/server.log"; exit 1; }

"$cli" --profile "$work/profile" login "ws://127.0.0.1:$port/sync" sam --password-stdin <<<"sam-password-1" >/dev/null

rm -rf "$out"
mkdir -p "$out"
export QT_QPA_PLATFORM=offscreen
export XDG_RUNTIME_DIR=$work/runtime
mkdir -m 700 "$XDG_RUNTIME_DIR"
status=0
"$app" --profile "$work/profile" --screenshots "$out" --size "$size" | tee "$work/tour.jsonl" || status=$?
[ "$status" -eq 0 ] || { echo "knowset --screenshots failed with exit code $status"; exit 1; }

for screen in knowledge customers insights conflicts; do
  png=$out/$screen.png
  [ -s "$png" ] || { echo "missing screenshot: $png"; exit 1; }
  grep -q "\"screen\":\"$screen\"" "$work/tour.jsonl" || { echo "no report for $screen"; exit 1; }
  colours=$(identify -format '%k' "$png")
  geometry=$(identify -format '%wx%h' "$png")
  echo "$screen: $geometry, $colours colours"
  [ "$geometry" = "$size" ] || { echo "$png is $geometry, expected $size"; exit 1; }
  [ "$colours" -ge 50 ] || { echo "$png looks blank ($colours colours)"; exit 1; }
done
if grep -q '"passed":false' "$work/tour.jsonl"; then
  echo "a screen did not pass"; exit 1
fi
echo "screenshots in $out"
