#!/usr/bin/env bash
# The profile behind issue 8's goals: for each case, the rate with the data in cache (16,384
# elements, where memory is no limit, so the loop's own speed) next to the rate on 10 million
# elements, each beside a plain copy (or in-place pass) measured in the same run, and, where
# valgrind is installed, the instructions per element of the rounding code (callgrind,
# deterministic). A case whose in-cache rate is not well above its 10 M rate is bound by its
# instructions, not by memory; "budget" is how many instructions per element the goal's ratio
# allows at the instruction rate this case reaches in cache.
#
# CHOP=path/to/chop times that binary instead of building one. Prints Markdown rows.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${CHOP:-}" ]; then swift build -c release --product chop >/dev/null; fi
chop=${CHOP:-.build/release/chop}
# format | rounding | goal ratio | extra chop bench arguments
cases=(
    "binary16|nearest-even|0.8|" "bfloat16|nearest-even|0.8|" "e4m3fn|nearest-even|0.8|"
    "binary16|toward-zero|0.8|" "binary16|up|0.8|" "binary16|down|0.8|"
    "binary16|stochastic|0.6|" "bfloat16|stochastic|0.6|"
    "bfloat16|nearest-even|0.8|--input f32 --in-place"
    "mxfp8-e4m3|nearest-even|0.4|" "mxfp4|nearest-even|0.4|" "posit16|nearest-even|0.3|"
)
bench() { # count runs args... -> "rate copy"
    local count=$1 runs=$2; shift 2
    "$chop" bench "$@" --threads 1 --seed 1 --count "$count" --runs "$runs" --json | python3 -c '
import json, sys
r = json.load(sys.stdin)
print(r["elements_per_second"], r.get("in_place_pass_elements_per_second") or r["copy_elements_per_second"])'
}
instructions() { # args... -> instructions per element, or "—"
    command -v valgrind >/dev/null || { echo "—"; return; }
    local out
    out=$(mktemp)
    valgrind --tool=callgrind --callgrind-out-file="$out" "$chop" bench "$@" --threads 1 --seed 1 \
        --count 200000 --runs 5 >/dev/null 2>&1
    # Every function of the library modules but the benchmark's data generator; the timed
    # runs and the warm-up are 6 passes over 200,000 elements.
    callgrind_annotate --auto=no --threshold=100 "$out" 2>/dev/null | grep -E 'ChopFormats|ChopBlocks' |
        grep -v NormalSamples | awk '{gsub(",", "", $1); s += $1} END {printf "%.1f", s / (200000 * 6)}'
    rm -f "$out"
}
echo "| format | rounding | input | instructions per element | in cache M/s (copy) | 10 M M/s (copy) | 10 M ratio | goal | budget at the goal |"
echo "|---|---|---|---:|---:|---:|---:|---:|---:|"
for entry in "${cases[@]}"; do
    IFS='|' read -r format rounding goal extra <<<"$entry"
    # shellcheck disable=SC2086
    args=(--format "$format" --rounding "$rounding" $extra)
    read -r hot hotCopy < <(bench 16384 2001 "${args[@]}")
    read -r cold coldCopy < <(bench 10000000 7 "${args[@]}")
    count=$(instructions "${args[@]}")
    python3 - "$format" "$rounding" "${extra:-f64}" "$count" "$hot" "$hotCopy" "$cold" "$coldCopy" "$goal" <<'EOF'
import sys
f, r, where, count, hot, hot_copy, cold, cold_copy, goal = sys.argv[1:]
hot, hot_copy, cold, cold_copy, goal = map(float, (hot, hot_copy, cold, cold_copy, goal))
where = "f32 in place" if "in-place" in where else "f64"
budget = "—"
if count != "—":
    per_second = float(count) * hot  # instructions per second in cache
    budget = "%.1f" % (per_second / (goal * cold_copy))
print("| %s | %s | %s | %s | %.0f (%.0f) | %.0f (%.0f) | %.2f | %.1f | %s |" % (
    f, r, where, count, hot / 1e6, hot_copy / 1e6, cold / 1e6, cold_copy / 1e6, cold / cold_copy, goal, budget))
EOF
done
