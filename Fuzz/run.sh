#!/usr/bin/env bash
# Runs each libFuzzer target for the given number of seconds (default 600).
# Usage: Fuzz/run.sh [seconds] [FuzzNPYHeader] [FuzzText] [FuzzSafetensorsHeader]
# Crashing inputs are written to Fuzz/Findings/<target>/; once fixed, copy each into
# Tests/ChopIOTests/FuzzRegressions/<target>/ so that the test suite keeps it.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-600}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then targets=(FuzzNPYHeader FuzzText FuzzSafetensorsHeader); fi
flags=(-Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library)
# The library's sources are touched so that every object is compiled afresh once per run: an
# incremental build may keep an object file that inlined an older version of code another file
# changed, and the link below takes every object file as it finds it. (Deleting the objects
# instead leaves SwiftPM's build database believing them built.)
find ../Sources -name '*.swift' -exec touch {} +
modules=(ChopFormats CRoundingDirection ChopBlocks ChopTensors ChopIO)
for target in "${targets[@]}"; do
    swift build -c release "${flags[@]}" --target "$target" >/dev/null
    objects=()
    for module in "${modules[@]}" RealModule _NumericsShims "$target"; do objects+=(.build/release/"$module".build/*.o); done
    swiftc -sanitize=fuzzer,address "${objects[@]}" -lm -o ".build/$target"
    corpus="Corpus/${target#Fuzz}"
    mkdir -p "Findings/$target" "$corpus.work"
    cp -n "$corpus"/* "$corpus.work/" 2>/dev/null || true
    echo "== $target for $seconds s"
    ".build/$target" "$corpus.work" -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=1024 \
        -artifact_prefix="Findings/$target/" -print_final_stats=1 2>&1 | grep -vE "^#[0-9]+" | tail -n 25
done
