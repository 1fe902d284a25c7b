// The netCDF C library (Debian: libnetcdf-dev), for the NetCDF trait of ChopIO.
#include <netcdf.h>
#include <netcdf_filter.h>
