"""Round NumPy arrays to low-precision formats with swift-chop's rounding core.

    >>> import numpy as np, swiftchop
    >>> swiftchop.round(np.array([1/3, 464, -1e-300]), "e4m3fn")
    array([ 0.34375, 448.     ,  -0.     ])

Every function takes the names `chop` takes (formats of every family; modes such as
"nearest-even", "toward-zero", "stochastic"; overflow "infinity", "nan", "saturate") and
gives the same bits as `chop round` and the Swift library. A bad name or parameter raises
ValueError with the library's message.

Stochastic rounding: element i of an array (its C-order index) draws the random bits of
index first_index + i of the seed's stream (with random_bits <= 32, 64 // random_bits
elements share one word, in groups over 8 words: see the Contracts article), so pieces of an array rounded separately equal one
call on the whole: give a flat piece its first_index, or an N-dimensional piece its origin
and the whole array's global_shape (swiftchop.dask does so for every chunk).
"""
import ctypes
import dataclasses
import json
import secrets
from typing import Optional

import numpy as np

from ._library import Encoded, MatmulOptions, Options, library

__all__ = ["round", "encode", "decode", "quantize", "dequantize", "Quantized", "matmul", "formats", "info", "bit_width"]


def _sizes(values, name):
    sizes = [int(v) for v in values]
    if any(v < 0 for v in sizes):
        raise ValueError(f"{name} {tuple(sizes)} cannot hold a negative size")
    return (ctypes.c_size_t * max(len(sizes), 1))(*sizes)


def _options(rounding, seed, overflow, random_bits, first_index, threads, axis, origin=None, global_shape=None,
             tensor_amax=None):
    threads = 0 if threads is None else int(threads)
    if threads < 0 or int(first_index) < 0:
        raise ValueError(f"threads ({threads}) and first_index ({first_index}) cannot be negative")
    options = Options()
    library.chop_options_default(ctypes.byref(options))
    options.rounding = rounding.encode()
    options.seed = secrets.randbits(64) if seed is None else int(seed)  # deterministic modes ignore it
    options.first_index = int(first_index)
    options.random_bits = 0 if random_bits is None else int(random_bits)
    options.overflow = None if overflow is None else overflow.encode()
    options.axis = int(axis)
    options.threads = threads
    if (origin is None) != (global_shape is None):
        raise ValueError("give both origin and global_shape for a piece of an array, or neither")
    if origin is not None:
        # The arrays must outlive the call: the options keep them.
        options._pieces = (_sizes(origin, "origin"), _sizes(global_shape, "global_shape"))
        options.origin, options.global_shape = options._pieces
    if tensor_amax is not None:
        options.tensor_amax = float(tensor_amax)
    return options


def _check(status):
    if status != 0:
        raise ValueError(library.chop_last_error().decode())


def round(x, format, rounding="nearest-even", seed=None, overflow=None, random_bits=None, first_index=0,
          threads=None, axis=-1, out=None, origin=None, global_shape=None, tensor_amax=None):
    """x rounded to format: an array of x's dtype (float64 or float32) and shape.

    Block formats (mxfp4, nvfp4, ...) group along `axis`; integer formats scale per tensor.
    `out` (an array of x's dtype and shape, x itself included) receives the result. A
    stochastic mode without a seed draws one at random.

    x may be a piece of a larger array: `origin` (where it starts) and `global_shape` (the
    whole's shape) give each element the random bits of its index in the whole, so the
    pieces equal one call. Block-format pieces must hold whole blocks; nvfp4 pieces need the
    whole's `tensor_amax` (its largest finite magnitude).
    """
    array = np.asarray(x)
    if array.dtype not in (np.float64, np.float32):
        raise TypeError(f"swiftchop.round takes float64 or float32 arrays, not {array.dtype}")
    function = library.chop_round_shaped_f64 if array.dtype == np.float64 else library.chop_round_shaped_f32
    source = np.ascontiguousarray(array)
    if out is not None:
        if not isinstance(out, np.ndarray) or out.dtype != array.dtype or out.shape != array.shape:
            raise ValueError(f"out must be an array of dtype {array.dtype} and shape {array.shape}")
        result = out if out.flags.c_contiguous else np.empty_like(source)
    else:
        result = np.empty(source.shape, dtype=source.dtype)
    options = _options(rounding, seed, overflow, random_bits, first_index, threads, axis, origin, global_shape, tensor_amax)
    if origin is not None and (len(origin) != source.ndim or len(global_shape) != source.ndim):
        raise ValueError(f"origin {tuple(origin)} and global_shape {tuple(global_shape)} need {source.ndim} sizes each")
    shape = _sizes(source.shape, "shape")
    _check(function(format.encode(), ctypes.byref(options), source.ctypes.data, result.ctypes.data, shape, source.ndim))
    if out is not None and result is not out:
        out[...] = result
        return out
    return result


def bit_width(format):
    """The bit width of format's codes (4 for mxfp4: its elements')."""
    width = library.chop_format_bit_width(format.encode())
    if width < 0:
        _check(1)
    return width


def _code_dtype(bits):
    return next(dtype for dtype, size in ((np.uint8, 8), (np.uint16, 16), (np.uint32, 32), (np.uint64, 64)) if bits <= size)


def encode(x, format, rounding="nearest-even", seed=None, overflow=None, random_bits=None, first_index=0, threads=None):
    """The codes of x rounded to an element-wise format (floats, posits): unsigned integers of
    the smallest width that holds the format's bits, in x's shape."""
    values = np.ascontiguousarray(x, dtype=np.float64)
    codes = np.empty(values.shape, dtype=np.uint64)
    options = _options(rounding, seed, overflow, random_bits, first_index, threads, -1)
    _check(library.chop_encode_f64(format.encode(), ctypes.byref(options), values.ctypes.data, codes.ctypes.data, values.size))
    return codes.astype(_code_dtype(bit_width(format)))


def decode(codes, format):
    """The float64 values of codes of an element-wise format, in the codes' shape."""
    array = np.asarray(codes)
    if array.dtype.kind not in "ui":
        raise TypeError(f"codes are integers, not {array.dtype}")
    wide = np.ascontiguousarray(array, dtype=np.uint64)
    values = np.empty(wide.shape, dtype=np.float64)
    _check(library.chop_decode_f64(format.encode(), wide.ctypes.data, values.ctypes.data, wide.size))
    return values


def formats():
    """The preset names of every family (patterns such as p<P>emax<E> or int<N> work too)."""
    return library.chop_format_names().decode().split("\n")


def info(format):
    """format's numbers as a dict: name, family, bits, and the family's own (precision, emin,
    emax, max, min_normal, min_subnormal, unit_roundoff for floats; es for posits;
    block_size, element, scale, tensor_scale for block formats; code_min, code_max for
    integer formats)."""
    text = library.chop_format_info(format.encode())
    if text is None:
        _check(1)
    return json.loads(text.decode())


@dataclasses.dataclass(frozen=True)
class Quantized:
    """An array's codes and scales (quantize): codes in x's shape, one scale per group (block,
    or tensor for integer formats) with the scales' own codes for block formats, integer
    formats' zero points, and nvfp4's tensor scale."""

    format: str
    axis: int
    codes: np.ndarray
    scales: np.ndarray
    scale_codes: Optional[np.ndarray]
    zero_points: Optional[np.ndarray]
    tensor_scale: Optional[float]


def _scale_count(format, options, shape):
    count = ctypes.c_size_t(0)
    _check(library.chop_scale_count(format.encode(), ctypes.byref(options), _sizes(shape, "shape"), len(shape),
                                    ctypes.byref(count)))
    return count.value


def quantize(x, format, axis=-1, rounding="nearest-even", seed=None, random_bits=None, tensor_amax=None, threads=None):
    """x quantized to a block format (mxfp8-e4m3, mxfp4, nvfp4, ... in blocks along axis) or an
    integer format (int8, uint4, fixed4.4: per tensor): a Quantized with the codes and scales;
    dequantize gives back the values, the same as round(x, format, ...)."""
    values = np.ascontiguousarray(x, dtype=np.float64)
    if values.ndim == 0:
        values = values.reshape(1)
    options = _options(rounding, seed, None, random_bits, 0, threads, axis, tensor_amax=tensor_amax)
    groups = _scale_count(format, options, values.shape)
    family = info(format)
    codes = np.empty(values.shape, dtype=np.uint64)
    scales = np.empty(groups, dtype=np.float64)
    scale_codes = np.empty(groups, dtype=np.uint64) if family["family"] == "block" else None
    zero_points = np.empty(groups, dtype=np.int64) if family["family"] == "integer" else None
    encoded = Encoded(codes.ctypes.data, scales.ctypes.data, None if scale_codes is None else scale_codes.ctypes.data,
                      None if zero_points is None else zero_points.ctypes.data, float("nan"))
    _check(library.chop_encode_shaped_f64(format.encode(), ctypes.byref(options), values.ctypes.data,
                                          _sizes(values.shape, "shape"), values.ndim, ctypes.byref(encoded)))
    tensor_scale = None if np.isnan(encoded.tensor_scale) else float(encoded.tensor_scale)
    if scale_codes is not None:
        scale_codes = scale_codes.astype(_code_dtype(family["scale_bits"]))
    return Quantized(format, int(axis), codes.astype(_code_dtype(family["bits"])), scales, scale_codes, zero_points,
                     tensor_scale)


def dequantize(quantized):
    """The float64 values of a Quantized (block formats from the scale codes, integer
    formats from the scales and zero points)."""
    q = quantized
    codes = np.ascontiguousarray(q.codes, dtype=np.uint64)
    options = _options("nearest-even", 0, None, None, 0, None, q.axis)
    keep = [codes]
    pointers = []
    for array, dtype in ((q.scales, np.float64), (q.scale_codes, np.uint64), (q.zero_points, np.int64)):
        if array is None:
            pointers.append(None)
        else:
            keep.append(np.ascontiguousarray(array, dtype=dtype))
            pointers.append(keep[-1].ctypes.data)
    encoded = Encoded(codes.ctypes.data, *pointers, float("nan") if q.tensor_scale is None else q.tensor_scale)
    values = np.empty(codes.shape, dtype=np.float64)
    _check(library.chop_decode_shaped_f64(q.format.encode(), ctypes.byref(options), ctypes.byref(encoded),
                                          _sizes(codes.shape, "shape"), codes.ndim, values.ctypes.data))
    return values


def matmul(a, b, input_format="binary64", input_rounding="nearest-even", accumulate=None, order=None,
           block_k=None, product_format=None, output_format=None, rounding="nearest-even", random_bits=None,
           overflow=None, seed=None, threads=None, model=None, addend=None, promote_every=None):
    """a @ b (+ addend) as a low-precision kernel computes it (the models of `chop matmul`), as
    float64.

    Idealized models: inputs are rounded to input_format (float, posit, or a block format
    quantized along k); products are exact (or rounded to product_format) and accumulated in
    ascending k in the accumulate format (default binary32, or "exact"), each partial sum
    rounded in `rounding`; order is sequential, pairwise, blocked:N, fused:K or exact
    (block_k=K is fused:K); the result is rounded to output_format (default: the
    accumulator's).

    model="h100" (v100, a100, a2, ada, l40s, h100, h200, b200, mi100, mi250x, mi300x): the
    GPU's matrix unit with input_format one it takes, output_format binary32 or binary16, an
    addend that broadcasts to the result, and promote_every=N to add runs of N products in
    binary32.

    NumPy matmul semantics: 1-D operands are vectors, leading dimensions broadcast; each matrix
    of a batch is one call (matrix i of a stochastic batch uses seed + i·0x9E3779B97F4A7C15).
    """
    if block_k is not None:
        if order is not None:
            raise ValueError("give block_k or order, not both")
        order = f"fused:{int(block_k)}"
    x = np.asarray(a, dtype=np.float64)
    y = np.asarray(b, dtype=np.float64)
    if x.ndim == 0 or y.ndim == 0:
        raise ValueError("matmul: scalars are not matrices (use *)")
    x2 = x[np.newaxis, :] if x.ndim == 1 else x
    y2 = y[:, np.newaxis] if y.ndim == 1 else y
    if x2.shape[-1] != y2.shape[-2]:
        raise ValueError(f"matmul: a is {x.shape} and b is {y.shape}: the inner dimensions {x2.shape[-1]} and {y2.shape[-2]} differ")
    batch = np.broadcast_shapes(x2.shape[:-2], y2.shape[:-2])
    m, k, n = x2.shape[-2], x2.shape[-1], y2.shape[-1]
    xs = np.ascontiguousarray(np.broadcast_to(x2, batch + (m, k))).reshape(-1, m, k)
    ys = np.ascontiguousarray(np.broadcast_to(y2, batch + (k, n))).reshape(-1, k, n)
    options = MatmulOptions()
    library.chop_matmul_options_default(ctypes.byref(options))
    for field, value in (("input_format", input_format), ("input_rounding", input_rounding), ("accumulate", accumulate),
                         ("order", order), ("product_format", product_format), ("output_format", output_format),
                         ("rounding", rounding), ("overflow", overflow)):
        setattr(options, field, None if value is None else str(value).encode())
    options.random_bits = 0 if random_bits is None else int(random_bits)
    options.seed = secrets.randbits(64) if seed is None else int(seed)
    options.threads = 0 if threads is None else int(threads)
    options.model = None if model is None else str(model).encode()
    options.promote_every = 0 if promote_every is None else int(promote_every)
    cs = None
    if addend is not None:
        # NumPy's result shape; leaving out a vector's size-1 dimension keeps the order.
        shape = batch + ((m,) if x.ndim > 1 else ()) + ((n,) if y.ndim > 1 else ())
        cs = np.ascontiguousarray(np.broadcast_to(np.asarray(addend, dtype=np.float64), shape)).reshape(-1, m, n)
    result = np.empty((xs.shape[0], m, n), dtype=np.float64)
    first_seed = options.seed
    for index in range(xs.shape[0]):
        # Each matrix of a batch draws its own stream.
        options.seed = (first_seed + index * 0x9E3779B97F4A7C15) % (1 << 64)
        _check(library.chop_matmul_f64(ctypes.byref(options), xs[index].ctypes.data, ys[index].ctypes.data,
                                       None if cs is None else cs[index].ctypes.data, result[index].ctypes.data, m, k, n))
    result = result.reshape(batch + (m, n))
    if x.ndim == 1:
        result = result[..., 0, :]
    if y.ndim == 1:
        result = result[..., 0]
    return result
