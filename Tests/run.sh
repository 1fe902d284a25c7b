#!/usr/bin/env bash
# Runs the whole test suite, including the GNU MPFR oracle and the netCDF files.
#
# Installs libmpfr-dev, libnetcdf-dev (and pkg-config) with apt-get when their pkg-config
# files are missing, and with pip, when python3 lacks them: numpy (for the check that
# numpy.load reads what chop writes), safetensors and netCDF4 (the reference readers and
# writers of checkpoints and netCDF files). Then runs `swift test --traits MPFR,NetCDF` in a
# release build (with testing enabled, for `@testable import`): the exhaustive arithmetic
# checks run about six times faster there than in a debug build, and the inlinable core is
# tested as users compile it. CHOP_REQUIRE_MPFR=1 (and CHOP_REQUIRE_NETCDF=1)
# makes the suite fail, rather than report the oracle as skipped, if the oracle was somehow
# not built.
# Needs a C compiler (`cc`) for the C interface's test program. Without extra arguments it
# then runs the Python package's tests (python/tests; pytest and Dask installed when
# missing) on the same build.
# Extra arguments go to `swift test` (for example `--filter Stochastic`).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists mpfr netcdf 2>/dev/null; then
    echo "Tests/run.sh: installing libmpfr-dev, libnetcdf-dev and pkg-config for the MPFR oracle and netCDF files" >&2
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libmpfr-dev libnetcdf-dev pkg-config >/dev/null
fi

if command -v python3 >/dev/null 2>&1 && ! python3 -c "import numpy" >/dev/null 2>&1; then
    echo "Tests/run.sh: installing numpy for the end-to-end check" >&2
    python3 -m pip install --quiet numpy >/dev/null 2>&1 || echo "Tests/run.sh: numpy could not be installed; that check will show as skipped" >&2
fi

if command -v python3 >/dev/null 2>&1 && python3 -c "import numpy" >/dev/null 2>&1 && ! python3 -c "import safetensors" >/dev/null 2>&1; then
    echo "Tests/run.sh: installing safetensors for the checkpoint checks" >&2
    python3 -m pip install --quiet safetensors >/dev/null 2>&1 || echo "Tests/run.sh: safetensors could not be installed; that check will show as skipped" >&2
fi

if command -v python3 >/dev/null 2>&1 && python3 -c "import numpy" >/dev/null 2>&1 && ! python3 -c "import netCDF4" >/dev/null 2>&1; then
    echo "Tests/run.sh: installing netCDF4 for the netCDF checks" >&2
    python3 -m pip install --quiet netCDF4 >/dev/null 2>&1 || echo "Tests/run.sh: netCDF4 could not be installed; that check will show as skipped" >&2
fi

# One release build of everything (the library, chop, the examples, libCChop for the C
# test, the tests), then the tests on it.
swift build -c release -Xswiftc -enable-testing --traits MPFR,NetCDF --build-tests
CHOP_REQUIRE_MPFR=1 CHOP_REQUIRE_NETCDF=1 swift test -c release -Xswiftc -enable-testing --traits MPFR,NetCDF --skip-build "$@"

# The Python package's tests, on the same build's libCChop and chop (whole runs only).
if [ "$#" -eq 0 ] && command -v python3 >/dev/null 2>&1 && python3 -c "import numpy" >/dev/null 2>&1; then
    if ! python3 -c "import pytest" >/dev/null 2>&1; then
        echo "Tests/run.sh: installing pytest for the Python package's tests" >&2
        python3 -m pip install --quiet pytest >/dev/null 2>&1
    fi
    if ! python3 -c "import dask.array, distributed" >/dev/null 2>&1; then
        echo "Tests/run.sh: installing Dask (dask[array], distributed) for swiftchop.dask's tests" >&2
        python3 -m pip install --quiet "dask[array]" distributed >/dev/null 2>&1
    fi
    binaries="$(swift build -c release -Xswiftc -enable-testing --traits MPFR,NetCDF --show-bin-path)"
    (cd python && SWIFTCHOP_LIBRARY="$binaries/libCChop.so" CHOP="$binaries/chop" SWIFTCHOP_REQUIRE_DASK=1 python3 -m pytest -q tests)
fi
