"""swiftchop.dask: any chunking and any scheduler give the bits of one swiftchop.round."""
import os
import pathlib

import numpy as np
import pytest

import swiftchop

# Tests/run.sh installs Dask and sets SWIFTCHOP_REQUIRE_DASK=1: there, a missing Dask fails.
if os.environ.get("SWIFTCHOP_REQUIRE_DASK") == "1":
    import dask.array as da
    import distributed
else:
    da = pytest.importorskip("dask.array")
    distributed = pytest.importorskip("distributed")
import swiftchop.dask  # noqa: E402  (after the skip: needs Dask)

rng = np.random.default_rng(4)


def same_bits(a, b):
    return a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a.view(np.uint8), b.view(np.uint8))


@pytest.mark.parametrize("format, rounding, chunks", [
    ("e4m3fn", "stochastic", ((10, 20, 7), (100, 64, 136))),
    ("bfloat16", "stochastic", (5, 33)),
    ("posit16", "nearest-even", (37, 17)),
    ("mxfp4", "stochastic", ((20, 17), (100, 200))),   # rechunked to blocks of 32
    ("nvfp4", "nearest-even", (8, 48)),                 # the amax computed first
    ("fixed4.4", "stochastic", (9, 250)),
])
def test_threaded_scheduler_equals_one_call(format, rounding, chunks):
    x = rng.standard_normal((37, 300)) * 2
    whole = swiftchop.round(x, format, rounding=rounding, seed=13)
    lazy = swiftchop.dask.round(da.from_array(x, chunks=chunks), format, rounding=rounding, seed=13)
    assert same_bits(lazy.compute(scheduler="threads"), whole)


def test_float32_and_an_npy_store(tmp_path):
    x = rng.standard_normal((64, 96)).astype(np.float32)
    np.save(tmp_path / "x.npy", x)
    source = da.from_array(np.load(tmp_path / "x.npy", mmap_mode="r"), chunks=(16, 40))
    result = swiftchop.dask.round(source, "binary16")
    target = np.lib.format.open_memmap(tmp_path / "y.npy", mode="w+", dtype=result.dtype, shape=result.shape)
    result.store(target)
    target.flush()
    assert same_bits(np.load(tmp_path / "y.npy"), x.astype(np.float16).astype(np.float32))


def test_refusals():
    x = da.ones((4, 64), chunks=(2, 32))
    with pytest.raises(ValueError, match="whole array"):
        swiftchop.dask.round(x, "int8")
    with pytest.raises(TypeError):
        swiftchop.dask.round(da.ones(4, dtype=np.int32), "bfloat16")
    with pytest.raises(ValueError, match="last axis"):
        swiftchop.dask.round(x, "mxfp4", rounding="stochastic", axis=0, seed=1).compute(scheduler="sync")


def test_local_cluster_of_two_processes_equals_one_call():
    package = str(pathlib.Path(swiftchop.__file__).resolve().parents[1])
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [package, os.environ.get("PYTHONPATH")]))
    x = rng.standard_normal((301, 257))
    whole = swiftchop.round(x, "e4m3fn", rounding="stochastic", seed=99)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        lazy = swiftchop.dask.round(da.from_array(x, chunks=((100, 150, 51), (60, 197))), "e4m3fn",
                                    rounding="stochastic", seed=99)
        result = client.compute(lazy).result()
        workers = client.run(os.getpid)
    assert len(set(workers.values())) == 2
    assert same_bits(result, whole)
