#!/usr/bin/env bash
# The paper's protocol comparison on graph isomorphism: trains ppo_trainer with every
# protocol (nip, adp, debate, mnip, merlin_arthur, solo_verifier) at the same budget and
# seeds, then prints each protocol's test accuracy (mean, standard deviation and range
# over the seeds) and draws it as an SVG.
#
#   scripts/compare_protocols.sh [-n ITERATIONS] [-s SEEDS] [-j JOBS] [-o DIR] [-- HOST-ARGS...]
#
#   -n  training iterations per run (default 300)
#   -s  seeds, comma-separated (default 1,2,3)
#   -j  runs side by side, each on one thread (default 2)
#   -o  where the runs, the table (table.md) and the picture (comparison.svg) go
#       (default runs/compare_protocols)
# HOST-ARGS go to every run, after the comparison's own settings. The default budget is
# the learning check's (graphs of 5 to 8 nodes, 40 test iterations), on which nip learns
# within 300 iterations; a finished run is not trained again (the host resumes it), so an
# interrupted comparison picks up where it stopped.
# Needs a built host (scripts/setup.sh builds one) and bash and awk only.
set -euo pipefail

iterations=300
seeds=1,2,3
jobs=2
out=runs/compare_protocols
usage() {
  sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'
  exit "${1:-0}"
}
while getopts "n:s:j:o:h" option; do
  case $option in
    n) iterations=$OPTARG ;;
    s) seeds=$OPTARG ;;
    j) jobs=$OPTARG ;;
    o) out=$OPTARG ;;
    h) usage 0 ;;
    *) usage 2 ;;
  esac
done
shift $((OPTIND - 1))
[ "${1:-}" != "--" ] || shift
[[ $iterations =~ ^[1-9][0-9]*$ ]] || { echo "compare_protocols.sh: -n needs a positive integer, got '$iterations'" >&2; exit 2; }
[[ $jobs =~ ^[1-9][0-9]*$ ]] || { echo "compare_protocols.sh: -j needs a positive integer, got '$jobs'" >&2; exit 2; }
[[ $seeds =~ ^[0-9]+(,[0-9]+)*$ ]] || { echo "compare_protocols.sh: -s needs seeds like 1,2,3, got '$seeds'" >&2; exit 2; }

cd "$(dirname "$0")/.."
host=${HOST:-build/host/host}
[ -x "$host" ] || { echo "compare_protocols.sh: no host at '$host'; build first (scripts/setup.sh) or set HOST" >&2; exit 5; }
protocols=(nip adp debate mnip merlin_arthur solo_verifier)
IFS=, read -r -a seed_list <<< "$seeds"
mkdir -p "$out"

# One run: its log beside it; a failure is reported, and the others go on.
run_one() {
  local protocol=$1 seed=$2
  local id="$protocol-seed$seed"
  if "$host" --plugin ppo_trainer --threads 1 --runs-dir "$out" --run-id "$id" --seed "$seed" \
      --set interaction_protocol="$protocol" --set rl.num_iterations="$iterations" \
      --set rl.num_test_iterations=40 --set dataset.min_nodes=5 --set dataset.max_nodes=8 \
      "${@:3}" > "$out/$id.log" 2>&1; then
    echo "done: $id ($(grep -o 'Test: verifier accuracy [0-9.]*' "$out/$id.log" | tail -1))"
  else
    echo "FAILED: $id (exit $?; see $out/$id.log)" >&2
  fi
}

total=$(( ${#protocols[@]} * ${#seed_list[@]} ))
echo "Training $total runs ($iterations iterations each, $jobs at a time) into '$out'"
started=$(date +%s)
running=0
for seed in "${seed_list[@]}"; do
  for protocol in "${protocols[@]}"; do
    run_one "$protocol" "$seed" "$@" &
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then
      wait -n || true
      running=$((running - 1))
    fi
  done
done
wait || true
echo "Trained in $(( $(date +%s) - started )) s"

# "protocol<TAB>seed<TAB>accuracy" from each run's last test_mean_accuracy.
rows=""
for protocol in "${protocols[@]}"; do
  for seed in "${seed_list[@]}"; do
    file="$out/$protocol-seed$seed/metrics.jsonl"
    [ -r "$file" ] || continue
    accuracy=$(grep -o '"test_mean_accuracy":[-0-9.eE+]*' "$file" | tail -1 | cut -d: -f2 || true)
    [ -n "$accuracy" ] && rows+="$protocol	$seed	$accuracy"$'\n'
  done
done
[ -n "$rows" ] || { echo "compare_protocols.sh: no run finished its test phase" >&2; exit 1; }

# The table: mean, sample standard deviation, min and max per protocol, in run order.
table=$(printf '%s' "$rows" | awk -F'\t' -v order="${protocols[*]}" '
  { n[$1]++; sum[$1] += $3; sq[$1] += $3 * $3
    if (!($1 in lo) || $3 < lo[$1]) lo[$1] = $3
    if (!($1 in hi) || $3 > hi[$1]) hi[$1] = $3
    each[$1] = each[$1] (each[$1] == "" ? "" : ", ") sprintf("%.3f", $3) }
  END {
    print "| protocol | runs | test accuracy, mean | std | min | max | per seed |"
    print "|---|---|---|---|---|---|---|"
    count = split(order, names, " ")
    for (i = 1; i <= count; i++) {
      p = names[i]; if (!(p in n)) continue
      mean = sum[p] / n[p]
      var = n[p] > 1 ? (sq[p] - n[p] * mean * mean) / (n[p] - 1) : 0
      if (var < 0) var = 0
      printf "| %s | %d | %.3f | %.3f | %.3f | %.3f | %s |\n", p, n[p], mean, sqrt(var), lo[p], hi[p], each[p]
    }
  }')
{
  echo "Test accuracy after $iterations training iterations (seeds $seeds; graphs of 5 to 8 nodes; $(date -u +%Y-%m-%d))"
  echo
  echo "$table"
} > "$out/table.md"
cat "$out/table.md"

# The picture: one bar per protocol (the mean), its seeds as dots, chance as a line.
printf '%s' "$rows" | awk -F'\t' -v order="${protocols[*]}" -v title="Test accuracy after $iterations iterations (seeds $seeds)" '
  { n[$1]++; sum[$1] += $3; dots[$1] = dots[$1] " " $3 }
  END {
    count = split(order, names, " ")
    width = 640; height = 360; left = 60; right = 20; top = 40; bottom = 60
    plot_w = width - left - right; plot_h = height - top - bottom
    lo = 0.4; hi = 1.0
    printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">\n", width, height
    printf "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
    printf "<text x=\"%d\" y=\"22\" text-anchor=\"middle\" font-size=\"14\">%s</text>\n", width / 2, title
    for (t = lo; t <= hi + 1e-9; t += 0.1) {
      y = top + plot_h * (hi - t) / (hi - lo)
      printf "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>\n", left, left + plot_w, y, y
      printf "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.1f</text>\n", left - 6, y + 4, t
    }
    y = top + plot_h * (hi - 0.5) / (hi - lo)
    printf "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#c00\" stroke-dasharray=\"4 3\"/>\n", left, left + plot_w, y, y
    printf "<text x=\"%d\" y=\"%.1f\" fill=\"#c00\">chance</text>\n", left + plot_w - 44, y - 4
    slot = plot_w / count
    for (i = 1; i <= count; i++) {
      p = names[i]; x = left + slot * (i - 0.5)
      printf "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", x, top + plot_h + 18, p
      if (!(p in n)) continue
      mean = sum[p] / n[p]; m = mean < lo ? lo : mean
      y = top + plot_h * (hi - m) / (hi - lo)
      printf "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#4a7ab5\"/>\n", x - slot * 0.3, y, slot * 0.6, top + plot_h - y
      printf "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%.3f</text>\n", x, y - 6, mean
      k = split(dots[p], values, " ")
      for (j = 1; j <= k; j++) {
        v = values[j] < lo ? lo : values[j]
        printf "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"black\"/>\n", x + (j - (k + 1) / 2) * 8, top + plot_h * (hi - v) / (hi - lo)
      }
    }
    printf "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">bars: mean over seeds; dots: each seed</text>\n", width / 2, height - 12
    print "</svg>"
  }' > "$out/comparison.svg"
echo "Table: $out/table.md; picture: $out/comparison.svg"
