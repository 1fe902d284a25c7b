"""swiftchop.round on 10^7 float64 values against a NumPy copy of the same array, in one
run: medians of 9. Usage: python3 python/benchmarks/round_vs_copy.py (with swiftchop
importable, or SWIFTCHOP_LIBRARY naming a libCChop)."""
import time

import numpy as np

import swiftchop


def median(function, runs=9):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return sorted(times)[runs // 2]


x = np.random.default_rng(1).standard_normal(10**7)
out = np.empty_like(x)
rows = [
    ("np.copyto(out, x)", median(lambda: np.copyto(out, x))),
    ("x.copy()", median(lambda: x.copy())),
    ("round bfloat16, out=", median(lambda: swiftchop.round(x, "bfloat16", out=out))),
    ("round bfloat16, new array", median(lambda: swiftchop.round(x, "bfloat16"))),
    ("round bfloat16, out=, threads=1", median(lambda: swiftchop.round(x, "bfloat16", out=out, threads=1))),
    ("round e4m3fn stochastic, out=", median(lambda: swiftchop.round(x, "e4m3fn", rounding="stochastic", seed=1, out=out))),
]
copy, new_copy = rows[0][1], rows[1][1]
for name, seconds in rows:
    reference = new_copy if "new array" in name or name == "x.copy()" else copy
    print(f"{name:34s} {seconds * 1e3:7.1f} ms   {reference / seconds:5.2f} of a copy")
