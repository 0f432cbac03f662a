#!/usr/bin/env bash
# T1 extended tier (RELIABILITY.md): the convergence simulation of tests/convergence over many
# seeds, in parallel chunks. Failing seeds are appended to tests/data/convergence_regressions.txt
# (which every normal test run replays first) and printed with the command that replays them.
#
# Usage: bench/convergence_soak.sh [SEEDS=20000] [FIRST_SEED=random] [BUILD_DIR=build/ci]
#   JOBS=n   parallel processes (default: the number of CPUs)
# Build first: cmake --build build/ci --target knowset_convergence_tests
set -euo pipefail
seeds=${1:-20000}
first=${2:-$(( (RANDOM << 30 | RANDOM << 15 | RANDOM) % 1000000000000 ))}
build=${3:-build/ci}
jobs=${JOBS:-$(nproc)}
root=$(cd "$(dirname "$0")/.." && pwd)
binary=$build/tests/knowset_convergence_tests
regressions=$root/tests/data/convergence_regressions.txt
if [ ! -x "$binary" ]; then
  echo "no $binary: cmake --build $build --target knowset_convergence_tests" >&2
  exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chunk=$(( (seeds + jobs - 1) / jobs ))
started=$(date +%s)
pids=()
for (( j = 0; j < jobs; j++ )); do
  from=$(( first + j * chunk ))
  count=$(( seeds - j * chunk < chunk ? seeds - j * chunk : chunk ))
  (( count > 0 )) || break
  "$binary" "T1 convergence: replicas*" --first-seed "$from" --seeds "$count" \
    --record-failures "$regressions" >"$work/chunk-$j.log" 2>&1 &
  pids+=("$!")
done
status=0
for pid in "${pids[@]}"; do
  wait "$pid" || status=1
done
elapsed=$(( $(date +%s) - started ))

grep -h "FAILED\|replay:" "$work"/chunk-*.log || true
grep -h "^T1 convergence: [0-9]* seeds" "$work"/chunk-*.log
echo "convergence soak: $seeds seeds from $first in $jobs processes, ${elapsed} s, $([ $status -eq 0 ] && echo passed || echo FAILED)"
exit $status
