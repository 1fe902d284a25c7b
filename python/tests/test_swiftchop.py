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
    with pytest.raises(ValueError, match="cuts mxfp4's blocks"):
        swiftchop.round(np.ones((2, 32)), "mxfp4", origin=(0, 16), global_shape=(2, 64))
    with pytest.raises(ValueError, match="tensor amax"):
        swiftchop.round(np.ones((2, 32)), "nvfp4", origin=(0, 32), global_shape=(2, 64))
    with pytest.raises(ValueError, match="origin and global_shape"):
        swiftchop.round(np.ones(3), "e4m3fn", origin=(0,))
    with pytest.raises(ValueError, match="does not lie inside"):
        swiftchop.round(np.ones(3), "e4m3fn", origin=(2,), global_shape=(4,))
    with pytest.raises(ValueError, match="cannot be negative"):
        swiftchop.round(np.ones(3), "e4m3fn", rounding="stochastic", first_index=-1)
    with pytest.raises(TypeError):
        swiftchop.round(np.ones(3, dtype=np.int32), "bfloat16")
    with pytest.raises(ValueError, match="mxfp4"):
        swiftchop.encode(np.ones(32), "mxfp4")


def pieces_of(x, row_cuts, column_cuts):
    """x cut at the given rows and columns: (origin, piece) pairs."""
    rows = list(zip([0] + row_cuts, row_cuts + [x.shape[0]]))
    columns = list(zip([0] + column_cuts, column_cuts + [x.shape[1]]))
    return [((r0, c0), x[r0:r1, c0:c1]) for r0, r1 in rows for c0, c1 in columns]


@pytest.mark.parametrize("format, rounding, row_cuts, column_cuts", [
    ("e4m3fn", "stochastic", [3, 7], [5, 50, 51]),
    ("posit8", "stochastic-equal", [1], [99]),
    ("mxfp4", "stochastic", [2, 9], [32, 64]),
    ("nvfp4", "nearest-even", [4], [16, 80]),
])
def test_two_dimensional_pieces_equal_one_call(format, rounding, row_cuts, column_cuts):
    x = rng.standard_normal((10, 128)) * 3
    amax = float(np.abs(x).max()) if format == "nvfp4" else None
    whole = swiftchop.round(x, format, rounding=rounding, seed=21, tensor_amax=amax)
    assembled = np.empty_like(x)
    for (r0, c0), piece in pieces_of(x, row_cuts, column_cuts):
        rounded = swiftchop.round(piece, format, rounding=rounding, seed=21, origin=(r0, c0), global_shape=x.shape,
                                  tensor_amax=amax)
        assembled[r0:r0 + piece.shape[0], c0:c0 + piece.shape[1]] = rounded
    assert same_bits(assembled, whole)
    assert not same_bits(whole, swiftchop.round(x, format, rounding=rounding, seed=22, tensor_amax=amax)) or rounding == "nearest-even"


@pytest.mark.parametrize("format, axis", [("mxfp4", -1), ("mxfp8-e4m3", 0), ("nvfp4", -1), ("mxint8", -1)])
def test_quantize_dequantize_equals_round(format, axis):
    x = rng.standard_normal((64, 96)) * np.exp2(rng.integers(-8, 8, (64, 1)))
    q = swiftchop.quantize(x, format, axis=axis)
    facts = swiftchop.info(format)
    assert q.codes.shape == x.shape and q.codes.dtype == np.uint8
    assert int(q.codes.max()) < (1 << facts["bits"])
    blocks = x.size // facts["block_size"]
    assert q.scales.shape == (blocks,) and q.scale_codes.shape == (blocks,)
    assert same_bits(swiftchop.dequantize(q), swiftchop.round(x, format, axis=axis))
    if facts["scale"] == "e8m0":
        assert np.array_equal(q.scales, np.exp2(q.scale_codes.astype(np.float64) - 127))
    if facts["tensor_scale"]:
        assert q.tensor_scale == float(np.float32(np.abs(x).max() / (6 * 448)))
    else:
        assert q.tensor_scale is None


def test_integer_quantize():
    x = np.array([[1.0, -0.5, 0.25, 0.0]])
    q = swiftchop.quantize(x, "int8")
    # A symmetric scale amax/127: 0.5·127 = 63.5 ties to 64.
    assert q.codes.dtype == np.uint8 and q.codes.view(np.int8).tolist() == [[127, -64, 32, 0]]
    assert q.scales.tolist() == [1 / 127] and q.zero_points.tolist() == [0] and q.scale_codes is None
    assert same_bits(swiftchop.dequantize(q), swiftchop.round(x, "int8"))


def test_info():
    assert swiftchop.info("e4m3fn")["max"] == 448 and swiftchop.info("e4m3fn")["family"] == "float"
    assert swiftchop.info("posit16")["es"] == 2
    assert swiftchop.info("nvfp4")["block_size"] == 16 and swiftchop.info("nvfp4")["tensor_scale"]
    assert swiftchop.info("fixed4.4")["fraction_bits"] == 4
    with pytest.raises(ValueError, match="nosuch"):
        swiftchop.info("nosuch")


def chop_matmul(tmp_path, a, b, *arguments):
    np.save(tmp_path / "a.npy", a)
    np.save(tmp_path / "b.npy", b)
    subprocess.run([CHOP, "matmul", str(tmp_path / "a.npy"), str(tmp_path / "b.npy"), "-o", str(tmp_path / "c.npy"),
                    "--output-type", "float64", *arguments], check=True)
    return np.load(tmp_path / "c.npy")


@pytest.mark.parametrize("options, arguments", [
    (dict(input_format="bfloat16", accumulate="bfloat16"), ["--input-format", "bfloat16", "--accumulate", "bfloat16"]),
    (dict(input_format="e4m3fn", block_k=16, output_format="bfloat16"),
     ["--input-format", "e4m3fn", "--block-k", "16", "--output-format", "bfloat16"]),
    (dict(input_format="mxfp4", accumulate="binary16", order="pairwise", rounding="stochastic", seed=4),
     ["--input-format", "mxfp4", "--accumulate", "binary16", "--order", "pairwise", "--rounding", "stochastic", "--seed", "4"]),
])
def test_matmul_equals_chop_matmul(tmp_path, options, arguments):
    a = rng.standard_normal((9, 64))
    b = rng.standard_normal((64, 7))
    assert same_bits(swiftchop.matmul(a, b, **options), chop_matmul(tmp_path, a, b, *arguments))


def test_matmul_shapes_and_exactness():
    a = rng.integers(-8, 8, (3, 1, 4, 5)).astype(np.float64)
    b = rng.integers(-8, 8, (2, 5, 6)).astype(np.float64)
    # Small integers: every model is exact, so NumPy's product is the answer.
    assert np.array_equal(swiftchop.matmul(a, b, accumulate="binary16"), np.matmul(a, b))
    v = rng.integers(-8, 8, 5).astype(np.float64)
    assert np.array_equal(swiftchop.matmul(v, b), np.matmul(v, b))
    assert np.array_equal(swiftchop.matmul(a, v), np.matmul(a, v))
    # A binary16 accumulator loses each 1 added to 2048; one fused rounding keeps them.
    row, column = np.array([2048.0, 1, 1]), np.ones(3)
    assert swiftchop.matmul(row, column, accumulate="binary16") == 2048
    assert swiftchop.matmul(row, column, accumulate="binary16", block_k=3) == 2050
    with pytest.raises(ValueError, match="order"):
        swiftchop.matmul(row, column, order="sideways")
    with pytest.raises(ValueError, match="inner dimensions"):
        swiftchop.matmul(np.ones((2, 3)), np.ones((2, 3)))


def test_gpu_models():
    # V100 (Fasi et al. 2021): 3·2^-24 beside 2 falls off the 24-bit register; exact otherwise.
    ones, small = np.ones(4), np.array([2, 2.0**-23 + 2.0**-24, 0, 0])
    assert swiftchop.matmul(ones, small, model="v100", input_format="binary16") == 2
    assert swiftchop.matmul(ones, small, input_format="binary16", accumulate="binary32") == 2 + 2.0**-22
    # H100 FP8: 32 products of 2^-12 lost beside 32, kept with promotion every 32.
    x = np.concatenate([np.ones(32), np.full(32, 2.0**-6)])
    assert swiftchop.matmul(x, x, model="h100", input_format="e4m3fn") == 32
    assert swiftchop.matmul(x, x, model="h100", input_format="e4m3fn", promote_every=32) == 32 + 2.0**-7
    # Batches and a broadcast addend: small integers are exact in every model.
    a = rng.integers(-4, 4, (2, 3, 8)).astype(np.float64)
    b = rng.integers(-4, 4, (8, 5)).astype(np.float64)
    c = rng.integers(-4, 4, 5).astype(np.float64)
    assert np.array_equal(swiftchop.matmul(a, b, model="mi300x", input_format="bfloat16", addend=c), a @ b + c)
    with pytest.raises(ValueError, match="v100 takes binary16"):
        swiftchop.matmul(a, b, model="v100", input_format="bfloat16")
    with pytest.raises(ValueError, match="does not apply to a GPU model"):
        swiftchop.matmul(a, b, model="h100", input_format="bfloat16", accumulate="binary16")


def test_gpu_model_equals_chop_matmul(tmp_path):
    a = rng.standard_normal((3, 4, 96))
    b = rng.standard_normal((96, 6))
    c = rng.standard_normal(6)
    np.save(tmp_path / "c.npy", c)
    expected = chop_matmul(tmp_path, a, b, "--model", "h100", "--input-format", "e4m3fn", "--addend",
                           str(tmp_path / "c.npy"), "--promote-every", "64")
    assert same_bits(swiftchop.matmul(a, b, model="h100", input_format="e4m3fn", addend=c, promote_every=64), expected)
