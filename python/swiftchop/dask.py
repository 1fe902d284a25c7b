"""Round Dask arrays chunk by chunk, to the bits of one call on the whole array.

    >>> import dask.array as da, swiftchop.dask
    >>> x = da.random.standard_normal((20_000, 4096), chunks=(1000, 1000))
    >>> y = swiftchop.dask.round(x, "e4m3fn", rounding="stochastic", seed=7)   # lazy
    >>> y.store(np.lib.format.open_memmap("y.npy", mode="w+", dtype=y.dtype, shape=y.shape))

Each chunk is rounded with its origin and the whole array's shape, so every element draws
the random bits of its index in the whole: the result is the same for any chunking and
any scheduler (threads, processes, a distributed cluster). Block formats need chunks that
hold whole blocks along their axis: the array is rechunked so (stochastic block formats
need blocks along the last axis). NVFP4 without a tensor_amax computes the whole array's
amax first (one pass over the data). Integer formats with scales take them from the whole
array and are refused; fixed point rounds element by element.

Needs Dask: pip install ./python[dask].
"""
import functools
import secrets

import numpy as np

from . import info as _info
from . import round as _round

__all__ = ["round"]


def _round_block(block, format, block_info=None, **options):
    """One chunk: swiftchop.round with the chunk's origin in the whole array."""
    location = block_info[0]
    origin = [start for start, _ in location["array-location"]]
    return _round(block, format, origin=origin, global_shape=location["shape"], **options)


def _block_aligned(chunks, size, extent):
    """Chunk sizes along one axis near the given ones, each a multiple of size (the last
    takes the rest)."""
    target = max(size, (max(chunks) // size) * size)
    sizes = [target] * (extent // target)
    if extent % target:
        sizes.append(extent % target)
    return tuple(sizes) or (0,)


def round(darray, format, rounding="nearest-even", seed=None, overflow=None, random_bits=None, axis=-1,
          tensor_amax=None, threads=1):
    """A lazy Dask array equal to swiftchop.round(darray.compute(), format, ...).

    threads: threads per chunk (default 1: Dask runs chunks in parallel). A stochastic mode
    without a seed draws one now, shared by every chunk.
    """
    import dask.array as da

    x = da.asarray(darray)
    if x.dtype not in (np.float64, np.float32):
        raise TypeError(f"swiftchop.dask.round takes float64 or float32 arrays, not {x.dtype}")
    if x.ndim == 0:
        raise ValueError("swiftchop.dask.round: a 0-d array is one element; use swiftchop.round")
    facts = _info(format)
    if seed is None:
        seed = secrets.randbits(64)  # drawn once for every chunk; deterministic modes ignore it
    resolved = axis + x.ndim if axis < 0 else axis
    if not 0 <= resolved < x.ndim:
        raise ValueError(f"axis {axis} is outside an array of {x.ndim} dimensions")
    if facts["family"] == "integer" and "fraction_bits" not in facts:
        raise ValueError(f"{format} takes its scales from the whole array: round it with swiftchop.round")
    if facts["family"] == "block":
        size = facts["block_size"]
        chunks = list(x.chunks)
        if any(c % size for c in chunks[resolved][:-1]):
            chunks[resolved] = _block_aligned(chunks[resolved], size, x.shape[resolved])
            x = x.rechunk(tuple(chunks))
        if facts["tensor_scale"] and tensor_amax is None:
            magnitudes = da.where(da.isfinite(x), da.absolute(x), 0)
            tensor_amax = float(magnitudes.max().compute())
    elif tensor_amax is not None:
        raise ValueError(f"{format}: tensor_amax applies to formats with a tensor scale (nvfp4)")
    function = functools.partial(
        _round_block, format=format, rounding=rounding, seed=seed, overflow=overflow, random_bits=random_bits,
        axis=axis, tensor_amax=tensor_amax, threads=threads)
    return x.map_blocks(function, dtype=x.dtype)
