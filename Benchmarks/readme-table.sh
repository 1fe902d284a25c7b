#!/usr/bin/env bash
# Produces the README's performance table: `chop bench --json` (release build, 10 million
# seeded standard-normal elements, median of 7 runs) for each case (a fifth field: the
# number of random bits of a stochastic case), with the plain copy of
# the same array measured in the same run. Prints Markdown rows.
#
# CHOP=path/to/chop times that binary instead of building one (for example a build with
# `-Xswiftc -target-cpu -Xswiftc haswell`, for the AVX2 column).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${CHOP:-}" ]; then swift build -c release --product chop >/dev/null; fi
chop=${CHOP:-.build/release/chop}
cases=(
    "binary16 nearest-even f64 1" "bfloat16 nearest-even f64 1" "e4m3fn nearest-even f64 1"
    "e5m2 nearest-even f64 1" "e2m1 nearest-even f64 1" "tf32 nearest-even f64 1" "e4m3fnuz nearest-even f64 1"
    "binary16 toward-zero f64 1" "bfloat16 toward-zero f64 1" "e4m3fn toward-zero f64 1"
    "binary16 up f64 1" "bfloat16 up f64 1" "e4m3fn up f64 1" "binary16 down f64 1" "binary16 nearest-away f64 1"
    "binary16 odd f64 1" "binary16 stochastic f64 1" "binary16 stochastic-equal f64 1" "bfloat16 stochastic f64 1"
    "e4m3fn stochastic f64 1" "binary16 stochastic f64 1 16" "binary16 stochastic f64 1 8" "e4m3fn stochastic f64 1 8"
    "bfloat16 nearest-even f32 1" "binary16 nearest-even f64 2" "binary16 stochastic f64 2"
)
echo "| format | rounding | input | threads | M elements/s | plain copy M/s | ratio |"
echo "|---|---|---|---|---:|---:|---:|"
for entry in "${cases[@]}"; do
    read -r format rounding input threads bits <<<"$entry"
    "$chop" bench --format "$format" --rounding "$rounding" --input "$input" --threads "$threads" \
        ${bits:+--random-bits "$bits"} --seed 1 --count 10000000 --json | python3 -c '
import json, sys
r = json.load(sys.stdin)
cells = [r["format"], r["rounding"], r["input"], str(r["threads"]),
         "%.0f" % (r["elements_per_second"] / 1e6), "%.0f" % (r["copy_elements_per_second"] / 1e6),
         "%.2f" % r["ratio_to_copy"]]
print("| " + " | ".join(cells) + " |")'
done
