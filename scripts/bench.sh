#!/usr/bin/env bash
# Benchmark of the default experiment, in three parts:
#  1. `host --plugin ppo_trainer` with the default configuration for a few iterations (no
#     test phase) on one thread (--threads 1, as the GEMM rate of part 2 is measured):
#     seconds per iteration and its split (rollout, update, host core).
#  2. The update's arithmetic: its matrix-product FLOP count per iteration, the GEMM rate
#     this machine reaches at the GIN's shapes (tests/bench/bench_limits), and the ratio
#     "update time / FLOP-limited time".
#  3. Side by side with a baseline revision (default f0eb814, before the speed work):
#     builds it in BUILD_DIR/baseline (once; the first build takes minutes), then runs
#     both at that revision's default configuration (scripts/bench/f0eb814_config.json,
#     so that newer defaults do not change the comparison) with --threads 1 and 2,
#     alternating the two so that drift on a noisy machine hits both alike.
#   scripts/bench.sh [ITERATIONS] [host options...]   ITERATIONS default 10; the options
#   (not --threads) go to every run, e.g. --device cuda
# Environment: BUILD_DIR (default build), BASELINE (revision, default f0eb814;
# "none" skips part 3), JOBS (for building the baseline, default 2).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}
baseline=${BASELINE:-f0eb814}
iterations=${1:-10}
shift || true
host="$build_dir/host/host"
limits="$build_dir/tests/bench/bench_limits"
for tool in "$host" "$limits"; do
  if [ ! -x "$tool" ]; then
    echo "No $tool: build first (scripts/setup.sh test, or cmake --build $build_dir)" >&2
    exit 2
  fi
done
runs=$(mktemp -d)
trap 'rm -rf "$runs"' EXIT

# Runs a host for $iterations iterations; prints its "Timing over" line.
timed_run() {
  local exe=$1 id=$2
  shift 2
  "$exe" --plugin ppo_trainer --runs-dir "$runs" --run-id "$id" --checkpoint-period 5 \
    --set rl.num_iterations="$iterations" --set rl.num_test_iterations=0 "$@" \
    > "$runs/$id.txt" 2>&1 || { cat "$runs/$id.txt" >&2; exit 1; }
  grep -E "Timing over" "$runs/$id.txt" | sed -E 's/^[^]]*\] ?//'
}
seconds_per_iteration() { sed -E 's/.*: ([0-9.]+) s per iteration.*/\1/'; }
update_seconds() { sed -E 's/.* update ([0-9.]+) s .*/\1/'; }

echo "== 1. Default configuration, $iterations iterations, --threads 1 ($(nproc) cores; options: ${*:-none})"
timing=$(timed_run "$host" current --threads 1 "$@")
echo "$timing"
echo
echo "== 2. The update's arithmetic"
"$limits" | tee "$runs/limits.txt"
limited=$(sed -nE 's/FLOP-limited update time: ([0-9.]+) s/\1/p' "$runs/limits.txt")
update=$(echo "$timing" | update_seconds)
awk -v u="$update" -v l="$limited" 'BEGIN {
  printf "update time / FLOP-limited time: %.3f s / %.3f s = %.2f (target: at most 2)\n", u, l, u / l }'

if [ "$baseline" = none ]; then
  exit 0
fi
echo
echo "== 3. Side by side with $baseline, at its default configuration"
baseline_src="$build_dir/baseline/src"
baseline_build="$build_dir/baseline/build"
if [ ! -x "$baseline_build/host/host" ]; then
  echo "Building $baseline in $build_dir/baseline (once)..."
  rm -rf "$baseline_src"
  mkdir -p "$build_dir/baseline"
  git archive --format=tar "$baseline" | (mkdir -p "$baseline_src" && tar -x -C "$baseline_src")
  cmake -S "$baseline_src" -B "$baseline_build" -DCMAKE_BUILD_TYPE=Release > /dev/null
  cmake --build "$baseline_build" -j "${JOBS:-2}" --target host ppo_trainer > /dev/null
fi
config=scripts/bench/f0eb814_config.json
for threads in 1 2; do
  new_total=0
  old_total=0
  for round in 1 2; do
    new=$(timed_run "$host" "new-$threads-$round" --config "$config" --threads "$threads" "$@" |
      seconds_per_iteration)
    old=$(timed_run "$baseline_build/host/host" "old-$threads-$round" --config "$config" \
      --threads "$threads" --plugins-dir "$baseline_build/plugins" "$@" | seconds_per_iteration)
    new_total=$(awk -v a="$new_total" -v b="$new" 'BEGIN { print a + b }')
    old_total=$(awk -v a="$old_total" -v b="$old" 'BEGIN { print a + b }')
  done
  awk -v n="$new_total" -v o="$old_total" -v t="$threads" -v b="$baseline" 'BEGIN {
    printf "--threads %d: %s %.3f s per iteration, this build %.3f s: %.2fx faster\n",
      t, b, o / 2, n / 2, o / n }'
  echo "$new_total" > "$runs/new-$threads"
done
awk -v one="$(cat "$runs/new-1")" -v two="$(cat "$runs/new-2")" 'BEGIN {
  printf "this build, --threads 2 against --threads 1: %.2fx faster\n", one / two }'
