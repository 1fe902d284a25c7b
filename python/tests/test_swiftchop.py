"""swiftchop against `chop round`, NumPy's own float16 cast, and itself in pieces.

Run by Tests/run.sh with the checkout's release build: SWIFTCHOP_LIBRARY names its
libCChop and CHOP its chop executable.
"""
import os
import pathlib
import subprocess

import numpy as np
import pytest

import swiftchop

CHOP = os.environ.get("CHOP", str(pathlib.Path(__file__).resolve().parents[2] / ".build" / "release" / "chop"))
rng = np.random.default_rng(20261204)


def chop_round(tmp_path, x, *arguments):
    np.save(tmp_path / "in.npy", x)
    subprocess.run([CHOP, "round", str(tmp_path / "in.npy"), "-o", str(tmp_path / "out.npy"), *arguments], check=True)
    return np.load(tmp_path / "out.npy")


def same_bits(a, b):
    return a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a.view(np.uint8), b.view(np.uint8))


def wide_values(count):
    """Values over many binades, with zeros, subnormals, infinities and NaN."""
    x = rng.standard_normal(count) * np.exp2(rng.integers(-30, 30, count))
    x[:6] = [0.0, -0.0, np.inf, -np.inf, np.nan, 5e-324]
    return x


@pytest.mark.parametrize("format, rounding", [("bfloat16", "nearest-even"), ("e4m3fn", "toward-zero"),
                                              ("e5m2", "stochastic"), ("posit16", "nearest-even")])
def test_equals_chop_round(tmp_path, format, rounding):
    x = wide_values(5000).reshape(50, 100)
    expected = chop_round(tmp_path, x, "--format", format, "--rounding", rounding, "--seed", "11")
    assert same_bits(swiftchop.round(x, format, rounding=rounding, seed=11), expected)


def test_float32_binary16_is_numpys_float16_cast():
    x = (wide_values(100_000) * 1e-3).astype(np.float32)
    with np.errstate(over="ignore"):  # beyond binary16's range: infinity, as intended
        expected = x.astype(np.float16).astype(np.float32)
    result = swiftchop.round(x, "binary16")
    assert result.dtype == np.float32
    assert np.array_equal(result, expected, equal_nan=True)
    assert np.array_equal(np.signbit(result), np.signbit(expected))


@pytest.mark.parametrize("format, rounding", [("bfloat16", "stochastic"), ("e4m3fn", "up"), ("binary16", "odd")])
def test_float32_equals_float64_of_the_same_values(format, rounding):
    x = (wide_values(50_000) * 1e-2).astype(np.float32)
    single = swiftchop.round(x, format, rounding=rounding, seed=9, first_index=17)
    double = swiftchop.round(x.astype(np.float64), format, rounding=rounding, seed=9, first_index=17)
    assert same_bits(single, double.astype(np.float32))


def test_pieces_with_first_index_equal_one_call():
    x = 1 + rng.random(10_000) * 1e-2
    whole = swiftchop.round(x, "e4m3fn", rounding="stochastic", seed=5)
    pieces = np.concatenate([swiftchop.round(x[:3333], "e4m3fn", rounding="stochastic", seed=5),
                             swiftchop.round(x[3333:], "e4m3fn", rounding="stochastic", seed=5, first_index=3333)])
    assert same_bits(whole, pieces)
    assert 0 < np.count_nonzero(whole > 1.0) < x.size
    grid = x.reshape(100, 100)
    rows = np.concatenate([swiftchop.round(grid[:40], "e4m3fn", rounding="stochastic", seed=5),
                           swiftchop.round(grid[40:], "e4m3fn", rounding="stochastic", seed=5, first_index=4000)])
    assert same_bits(rows, whole.reshape(100, 100))


def test_layouts_out_and_blocks():
    x = wide_values(64 * 32).reshape(64, 32)
    fortran = np.asfortranarray(x)
    assert same_bits(swiftchop.round(fortran, "bfloat16"), swiftchop.round(x, "bfloat16"))
    y = x.copy()
    assert swiftchop.round(y, "e5m2", out=y) is y and same_bits(y, swiftchop.round(x, "e5m2"))
    finite = np.nan_to_num(x, nan=0.0, posinf=0.0, neginf=0.0)
    down_columns = swiftchop.round(finite, "mxfp4", axis=0)
    along_rows = swiftchop.round(np.ascontiguousarray(finite.T), "mxfp4", axis=-1)
    assert same_bits(down_columns, np.ascontiguousarray(along_rows.T))


def test_codes():
    x = np.array([1 / 3, 464.0, -1e-300])
    codes = swiftchop.encode(x, "e4m3fn")
    assert codes.dtype == np.uint8 and codes.tolist() == [0x2B, 0x7E, 0x80]
    assert same_bits(swiftchop.decode(codes, "e4m3fn"), np.array([0.34375, 448.0, -0.0]))
    assert swiftchop.encode(np.array([1.0]), "posit16").dtype == np.uint16
    assert swiftchop.bit_width("e2m1") == 4 and "mxfp4" in swiftchop.formats()


def test_errors():
    with pytest.raises(ValueError, match="nosuch"):
        swiftchop.round(np.ones(3), "nosuch")
    with pytest.raises(ValueError, match="sideways"):
        swiftchop.round(np.ones(3), "bfloat16", rounding="sideways")
    with pytest.raises(ValueError, match="first_index"):
        swiftchop.round(np.ones((2, 32)), "mxfp4", rounding="stochastic", seed=1, first_index=4)
    with pytest.raises(ValueError, match="cannot be negative"):
        swiftchop.round(np.ones(3), "e4m3fn", rounding="stochastic", first_index=-1)
    with pytest.raises(TypeError):
        swiftchop.round(np.ones(3, dtype=np.int32), "bfloat16")
    with pytest.raises(ValueError, match="mxfp4"):
        swiftchop.encode(np.ones(32), "mxfp4")
