"""Writes the netCDF files the NetCDF tests read, with the reference library (Python netCDF4).

Run from this directory: python3 make.py. The files are committed; this script says how
they were made.
"""
import numpy as np
import netCDF4

rng = np.random.default_rng(20261204)

with netCDF4.Dataset("netcdf4.nc", "w", format="NETCDF4") as ds:
    ds.title = "swift-chop netCDF test file"
    ds.Conventions = "CF-1.8"
    ds.createDimension("time", None)
    ds.createDimension("lat", 6)
    ds.createDimension("lon", 10)
    ds.createDimension("nv", 2)
    time = ds.createVariable("time", "f8", ("time",))
    time.units = "days since 2000-01-01"
    lat = ds.createVariable("lat", "f4", ("lat",))
    lat.bounds = "lat_bnds"
    lat[:] = np.linspace(-50.3, 50.7, 6)
    lon = ds.createVariable("lon", "f4", ("lon",))
    lon[:] = np.linspace(0.1, 324.1, 10)
    bounds = ds.createVariable("lat_bnds", "f4", ("lat", "nv"))
    bounds[:] = np.stack([lat[:] - 8.7, lat[:] + 8.7], axis=1)
    tas = ds.createVariable("tas", "f4", ("time", "lat", "lon"), zlib=True, complevel=4, shuffle=True,
                            chunksizes=(1, 3, 5), fill_value=-999.0)
    tas.units = "K"
    tas.long_name = "near-surface air temperature"
    tas.chop_format = "left over from an earlier run"
    data = (250 + 30 * rng.standard_normal((4, 6, 10))).astype(np.float32)
    mask = np.zeros(data.shape, dtype=bool)
    mask[0, 0, :3] = True
    mask[3, 5, 9] = True
    tas[:] = np.ma.masked_array(data, mask)
    time[:] = np.arange(4.0)
    elev = ds.createVariable("elev", "f4", ("lat", "lon"))
    elev.missing_value = np.float32(1e20)
    values = (1000 * rng.standard_normal((6, 10))).astype(np.float32)
    values[2, 2] = 1e20
    values[4, 7] = np.float32(1e-3)
    elev[:] = values
    wind = ds.createVariable("wind", "f8", ("lat", "lon"), fill_value=np.nan)
    values = 10 * rng.standard_normal((6, 10))
    values[1, 4] = np.nan
    wind[:] = values
    ref = ds.createVariable("reference", "f8", ())
    ref[...] = 101325.123456789
    count = ds.createVariable("count", "i4", ("lat",))
    count[:] = np.arange(6) * 7
    station = ds.createVariable("station", str, ("lat",))
    station[:] = np.array(["Halley", "Mawson", "Nairobi", "Quito", "Oslo", "Alert"], dtype=object)
    forecast = ds.createGroup("forecast")
    forecast.source = "ensemble"
    forecast.createDimension("step", 3)
    pr = forecast.createVariable("pr", "f8", ("step", "lat"), zlib=True, complevel=1)
    pr[:] = rng.standard_normal((3, 6)) * 1e-3
    member = forecast.createGroup("members").createVariable("spread", "f4", ("step",))
    member[:] = np.array([0.25, 1.5, 3.75], dtype=np.float32) + np.float32(1e-4)

with netCDF4.Dataset("classic.nc", "w", format="NETCDF3_CLASSIC") as ds:
    ds.title = "classic"
    ds.createDimension("x", 5)
    ds.createDimension("y", 4)
    x = ds.createVariable("x", "f8", ("x",))
    x[:] = np.arange(5) * 0.1
    v = ds.createVariable("v", "f4", ("y", "x"), fill_value=np.float32(-1e30))
    v.units = "m s-1"
    v[:] = (rng.standard_normal((4, 5)) * 3).astype(np.float32)
