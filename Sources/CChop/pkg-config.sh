#!/usr/bin/env bash
# Prints a pkg-config file for the C interface (chop.h, -lCChop) of this checkout:
#
#   swift build -c release --product CChop
#   Sources/CChop/pkg-config.sh > chop.pc        # or: ... "$PWD/.build/release" > chop.pc
#   cc app.c $(PKG_CONFIG_PATH=. pkg-config --cflags --libs chop)
#
# The first argument is the directory holding libCChop (default: .build/release here); the
# library's directory is also put in the run path, so programs find it without installing.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
libdir="$(cd "${1:-$root/.build/release}" && pwd)"
cat <<PC
includedir=$root/Sources/CChop/include
libdir=$libdir

Name: chop
Description: swift-chop's C interface: round arrays to low-precision formats with every rounding mode
Version: 0.1.0
Cflags: -I\${includedir}
Libs: -L\${libdir} -lCChop -Wl,-rpath,\${libdir} -lm
PC
