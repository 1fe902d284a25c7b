#!/usr/bin/env python3
"""Times swift-chop next to the emulators that install on this machine, in one run.

Rounds the same 10 million seeded standard-normal float64 values with
  - swift-chop (`chop bench --json`, one thread, out of place into a preallocated array),
  - ml_dtypes (`astype` to its storage type and back to float64: the round trip that
    emulation needs; the one-way conversion is reported too),
  - Pychop (`Chop(exp_bits, sig_bits, rmode)`, NumPy backend; timed on the first million
    elements, three runs, as it does about one million elements per second),
next to a NumPy float64 copy into a preallocated array, and prints Markdown rows of
million elements per second (medians) and ratios to that copy. It also checks that every
deterministic peer result equals swift-chop's, bit for bit, on a 1-million-element prefix
(`chop round` on a raw binary file), so the rates compare the same work.

CPFloat is not on PyPI or in Debian's archive, so it is not measured here.

Usage: pip install ml_dtypes pychop; python3 Benchmarks/peers.py [--count N] [--runs R]
CHOP=path/to/chop times that binary instead of .build/release/chop.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

try:
    import ml_dtypes
except ImportError:
    ml_dtypes = None
try:
    import pychop
except ImportError:
    pychop = None

# (swift-chop format, rounding, ml_dtypes type name, Pychop exp bits, Pychop fraction bits, Pychop rmode)
CASES = [
    ("binary16", "nearest-even", "float16", 5, 10, 1),
    ("bfloat16", "nearest-even", "bfloat16", 8, 7, 1),
    ("e4m3fn", "nearest-even", "float8_e4m3fn", None, None, None),
    ("e5m2", "nearest-even", "float8_e5m2", 5, 2, 1),
    ("e2m1", "nearest-even", "float4_e2m1fn", None, None, None),
    ("binary16", "toward-zero", None, 5, 10, 4),
    ("binary16", "up", None, 5, 10, 2),
    ("binary16", "stochastic", None, 5, 10, 5),
    ("bfloat16", "stochastic", None, 8, 7, 5),
]


def median_rate(function, count, runs):
    """Median elements per second of `runs` calls of `function` after one warm-up call."""
    function()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return count / statistics.median(times)


def chop_bench(chop, fmt, rounding, count, runs):
    output = subprocess.run(
        [chop, "bench", "--format", fmt, "--rounding", rounding, "--input", "f64", "--threads", "1",
         "--seed", "1", "--count", str(count), "--runs", str(runs), "--json"],
        check=True, capture_output=True, text=True).stdout
    result = json.loads(output)
    return result["elements_per_second"], result["copy_elements_per_second"]


def chop_round(chop, fmt, rounding, values):
    """swift-chop's rounding of `values` through `chop round` on raw float64 files."""
    with tempfile.TemporaryDirectory() as folder:
        source = os.path.join(folder, "in.f64")
        target = os.path.join(folder, "out.f64")
        values.tofile(source)
        subprocess.run([chop, "round", source, "--output", target, "--format", fmt, "--rounding",
                        rounding, "--threads", "1"], check=True, capture_output=True)
        return np.fromfile(target, dtype=np.float64)


def agreement(result, reference):
    """'yes' when every bit agrees, else how many elements differ."""
    differing = int(np.count_nonzero(result.view(np.uint64) != reference.view(np.uint64)))
    return "yes" if differing == 0 else f"no: {differing:,} of {len(reference):,} differ"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=7)
    arguments = parser.parse_args()
    chop = os.environ.get("CHOP", ".build/release/chop")
    count, runs = arguments.count, arguments.runs

    values = np.random.default_rng(1).standard_normal(count)
    destination = np.empty_like(values)
    copy_rate = median_rate(lambda: np.copyto(destination, values), count, runs)
    prefix = values[:1_000_000].copy()

    print(f"NumPy float64 copy: {copy_rate / 1e6:.0f} M/s ({count:,} elements, median of {runs})")
    print()
    print("| format | rounding | emulator | M elements/s | ratio to NumPy copy | same bits as swift-chop |")
    print("|---|---|---|---:|---:|---|")
    for fmt, rounding, dtype_name, exp_bits, sig_bits, rmode in CASES:
        rate, own_copy = chop_bench(chop, fmt, rounding, count, runs)
        print(f"| {fmt} | {rounding} | swift-chop (its own copy: {own_copy / 1e6:.0f} M/s) | "
              f"{rate / 1e6:.0f} | {rate / copy_rate:.2f} | — |")
        reference = chop_round(chop, fmt, rounding, prefix) if rounding != "stochastic" else None
        if ml_dtypes is not None and dtype_name is not None:
            dtype = np.float16 if dtype_name == "float16" else getattr(ml_dtypes, dtype_name)
            narrow = values.astype(dtype)
            one_way = median_rate(lambda: values.astype(dtype), count, runs)
            round_trip = median_rate(lambda: values.astype(dtype).astype(np.float64), count, runs)
            name = "NumPy" if dtype_name == "float16" else "ml_dtypes"
            agree = agreement(prefix.astype(dtype).astype(np.float64), reference)
            print(f"| {fmt} | {rounding} | {name} round trip | {round_trip / 1e6:.0f} | "
                  f"{round_trip / copy_rate:.2f} | {agree} |")
            print(f"| {fmt} | {rounding} | {name} one way (to {narrow.dtype}) | {one_way / 1e6:.0f} | "
                  f"{one_way / copy_rate:.2f} | — |")
        if pychop is not None and exp_bits is not None:
            pychop.backend("numpy")
            chopper = pychop.Chop(exp_bits, sig_bits, rmode=rmode)
            rate = median_rate(lambda: chopper(prefix), len(prefix), 3)
            agree = "—" if reference is None else agreement(chopper(prefix), reference)
            print(f"| {fmt} | {rounding} | Pychop {getattr(pychop, '__version__', '')} (timed on "
                  f"{len(prefix):,}) | {rate / 1e6:.1f} | {rate / copy_rate:.3f} | {agree} |")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
