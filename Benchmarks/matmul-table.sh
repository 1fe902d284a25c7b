#!/usr/bin/env bash
# Produces the README's matrix-product table: `chop bench --kernel matmul --json` (release
# build, 256³, one thread, median of 7 runs inside each run) three times per case, and the
# medians of the rate, of the plain Double i-k-j loop measured in the same run, and of their
# ratio (then each run's ratio). Prints one line per case.
#
# CHOP=path/to/chop times that binary instead of building one.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${CHOP:-}" ]; then swift build -c release --product chop >/dev/null; fi
chop=${CHOP:-.build/release/chop}
cases=(
    "-f bfloat16 --accumulate bfloat16" "-f bfloat16 --accumulate bfloat16 --rounding stochastic"
    "-f bfloat16 --accumulate bfloat16 --rounding stochastic --random-bits 16"
    "-f bfloat16 --accumulate binary32 --rounding toward-zero" "-f e4m3fn --block-k 32" "-f bfloat16 --block-k 32"
    "-f e4m3fn --model h100" "-f bfloat16 --model h100" "-f e4m3fn --model b200" "-f bfloat16 --accumulate binary32"
)
for case in "${cases[@]}"; do
    # shellcheck disable=SC2086
    for _ in 1 2 3; do "$chop" bench --kernel matmul --threads 1 --runs 7 --json $case | tail -1; done |
        CASE="$case" python3 -c '
import json, os, statistics, sys
rows = [json.loads(line) for line in sys.stdin]
rates = [row["multiply_adds_per_second"] / 1e6 for row in rows]
plain = [row["double_multiply_adds_per_second"] / 1e6 for row in rows]
ratios = [a / b for a, b in zip(rates, plain)]
print(os.environ["CASE"], round(statistics.median(rates)), round(statistics.median(plain)),
      round(statistics.median(ratios), 3), [round(r, 2) for r in ratios])'
done
