#!/usr/bin/env bash
# Draws learning curves as an SVG from runs' metrics.jsonl files: the verifier's training
# accuracy (mean over a window of iterations) against the iteration, one line per run,
# and each run's test accuracy (the "test_mean_accuracy" lines) as a dot.
#
#   scripts/plot_curve.sh [-w WINDOW] [-t TITLE] LABEL=RUNS-DIR/ID/metrics.jsonl ... > curve.svg
#
# Needs only bash and awk (no plotting library), so it runs wherever the host does.
set -euo pipefail

window=50
title="verifier accuracy"
usage() {
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
  exit "${1:-0}"
}
while getopts "w:t:h" option; do
  case $option in
    w) window=$OPTARG ;;
    t) title=$OPTARG ;;
    h) usage 0 ;;
    *) usage 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || { echo "plot_curve.sh: name at least one LABEL=metrics.jsonl" >&2; usage 2; }
[[ $window =~ ^[1-9][0-9]*$ ]] || { echo "plot_curve.sh: -w needs a positive integer, got '$window'" >&2; exit 2; }

inputs=()
for argument in "$@"; do
  label=${argument%%=*}
  file=${argument#*=}
  [ "$label" != "$argument" ] || { echo "plot_curve.sh: '$argument' is not LABEL=FILE" >&2; exit 2; }
  [ -r "$file" ] || { echo "plot_curve.sh: cannot read '$file'" >&2; exit 5; }
  inputs+=("$label" "$file")
done

# One pass per file: "label<TAB>kind<TAB>iteration<TAB>accuracy" rows, kind "train" (window
# means, plotted at the window's last iteration) or "test".
rows=$(
  for ((i = 0; i < ${#inputs[@]}; i += 2)); do
    awk -v label="${inputs[i]}" -v window="$window" '
      function number(key,   m) {
        if (match($0, "\"" key "\":[-0-9.eE+]+")) {
          m = substr($0, RSTART, RLENGTH); sub(/^[^:]*:/, "", m); return m + 0
        }
        return ""
      }
      {
        iteration = number("iteration")
        test = number("test_mean_accuracy")
        if (test != "") { printf "%s\ttest\t%d\t%.4f\n", label, iteration, test; next }
        accuracy = number("mean_accuracy")
        if (accuracy == "") next
        sum += accuracy; count++
        if (count == window) { printf "%s\ttrain\t%d\t%.4f\n", label, iteration + 1, sum / count; sum = 0; count = 0 }
      }' "${inputs[i + 1]}"
  done
)
[ -n "$rows" ] || { echo "plot_curve.sh: no accuracy in the files given" >&2; exit 5; }

awk -F'\t' -v title="$title" -v window="$window" '
  BEGIN {
    width = 640; height = 400; left = 60; right = 130; top = 40; bottom = 50
    split("#1f77b4 #d62728 #2ca02c #9467bd #ff7f0e #8c564b #e377c2 #7f7f7f", colour, " ")
  }
  {
    if (!($1 in index_of)) { index_of[$1] = ++labels; name[labels] = $1 }
    n = ++count[$1 SUBSEP $2]
    x[$1, $2, n] = $3; y[$1, $2, n] = $4
    if ($3 > max_x) max_x = $3
  }
  function px(v) { return left + (width - left - right) * v / max_x }
  function py(v) { return top + (height - top - bottom) * (1 - (v - 0.4) / 0.6) }
  END {
    printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">\n", width, height
    printf "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
    printf "<text x=\"%d\" y=\"20\" font-size=\"14\">%s</text>\n", left, title
    for (v = 0.4; v <= 1.0001; v += 0.1) {
      printf "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>", left, width - right, py(v), py(v)
      printf "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.1f</text>\n", left - 6, py(v) + 4, v
    }
    for (i = 0; i <= 4; i++) {
      v = int(max_x * i / 4)
      printf "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>\n", px(v), height - bottom + 18, v
    }
    printf "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">iteration (lines: training accuracy, mean of %d; dots: test accuracy)</text>\n", (left + width - right) / 2, height - 10, window
    printf "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>\n", left, width - right, py(0.5), py(0.5)
    for (l = 1; l <= labels; l++) {
      c = colour[(l - 1) % 8 + 1]; label = name[l]
      points = ""
      for (i = 1; i <= count[label SUBSEP "train"]; i++) {
        points = points sprintf("%.1f,%.1f ", px(x[label, "train", i]), py(y[label, "train", i]))
      }
      if (points != "") printf "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>\n", c, points
      for (i = 1; i <= count[label SUBSEP "test"]; i++) {
        printf "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"><title>%s test %.3f</title></circle>\n", px(x[label, "test", i]), py(y[label, "test", i]), c, label, y[label, "test", i]
      }
      printf "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>\n", width - right + 10, top + 16 * l, c, label
    }
    print "</svg>"
  }' <<<"$rows"
