"""Round NumPy arrays to low-precision formats with swift-chop's rounding core.

    >>> import numpy as np, swiftchop
    >>> swiftchop.round(np.array([1/3, 464, -1e-300]), "e4m3fn")
    array([ 0.34375, 448.     ,  -0.     ])

Every function takes the names `chop` takes (formats of every family; modes such as
"nearest-even", "toward-zero", "stochastic"; overflow "infinity", "nan", "saturate") and
gives the same bits as `chop round` and the Swift library. A bad name or parameter raises
ValueError with the library's message.

Stochastic rounding: element i of an array (its C-order index) draws word
first_index + i of the seed's stream, so pieces of an array rounded separately, each with
its first_index, equal one call on the whole (floats and posits).
"""
import ctypes
import secrets

import numpy as np

from ._library import Options, library

__all__ = ["round", "encode", "decode", "formats", "bit_width"]


def _options(rounding, seed, overflow, random_bits, first_index, threads, axis):
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
    return options


def _check(status):
    if status != 0:
        raise ValueError(library.chop_last_error().decode())


def round(x, format, rounding="nearest-even", seed=None, overflow=None, random_bits=None, first_index=0,
          threads=None, axis=-1, out=None):
    """x rounded to format: an array of x's dtype (float64 or float32) and shape.

    Block formats (mxfp4, nvfp4, ...) and integer formats group along `axis`; `out` (an
    array of x's dtype and shape, x itself included) receives the result. A stochastic mode
    without a seed draws one at random.
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
    options = _options(rounding, seed, overflow, random_bits, first_index, threads, axis)
    shape = (ctypes.c_size_t * max(source.ndim, 1))(*source.shape)
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
