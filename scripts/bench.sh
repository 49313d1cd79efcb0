#!/usr/bin/env bash
# Benchmark of the default experiment: runs `host --plugin ppo_trainer` with the default
# configuration for a few iterations (no test phase) in a scratch runs directory, then
# prints environment steps per second and how an iteration's time splits between
# rollout, update and the host core (metrics, progress, checkpoints and artifacts).
#   scripts/bench.sh [ITERATIONS]   default 10; BUILD_DIR (default: build)
# Extra host options can follow the iteration count (e.g. --device cuda).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}
iterations=${1:-10}
shift || true
host="$build_dir/host/host"
if [ ! -x "$host" ]; then
  echo "No host at $host: build first (scripts/setup.sh test, or cmake --build $build_dir)" >&2
  exit 2
fi
runs=$(mktemp -d)
trap 'rm -rf "$runs"' EXIT

# The dataset is generated into the runs directory once; time it apart from training.
started=$(date +%s.%N)
"$host" --plugin ppo_trainer --runs-dir "$runs" --run-id bench --checkpoint-period 5 \
  --set rl.num_iterations="$iterations" --set rl.num_test_iterations=0 "$@" \
  > "$runs/output.txt" 2>&1 || { cat "$runs/output.txt" >&2; exit 1; }
ended=$(date +%s.%N)

echo "Default configuration, $iterations iterations, checkpoint every 5 ($(nproc) cores):"
grep -E "split: |Timing over" "$runs/output.txt" | sed -E 's/^[^]]*\] ?//'
awk -v s="$started" -v e="$ended" 'BEGIN { printf "Wall time of the whole run: %.1f s\n", e - s }'
