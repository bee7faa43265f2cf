#!/bin/sh
# Install libcus into a scratch prefix, then build and run a small program
# against the installed copy through pkg-config and through find_package(cus).
set -eu
build="$1"
src="$2"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"
cmake --install "$build" --prefix "$prefix" >/dev/null
libdir=$(ls -d "$prefix"/lib* | head -n 1)
test -f "$prefix/include/cus/cus.h"
test -f "$prefix/include/cus/db.h"
test -x "$prefix/bin/cus"

# pkg-config
export PKG_CONFIG_PATH="$libdir/pkgconfig"
pkg-config --exists libcus
test "$(pkg-config --modversion libcus)" = "$(sed -n 's/#define CUS_VERSION_STRING "\(.*\)"/\1/p' "$prefix/include/cus/common.h")"
cc -std=c11 -Wall -Wextra -Werror -o "$work/hello" "$src/hello.c" $(pkg-config --cflags --libs libcus)
LD_LIBRARY_PATH="$libdir" "$work/hello" "$work/hello.db"
test -f "$work/hello.db" && test -f "$work/hello.db.keys"

# find_package(cus)
mkdir -p "$work/cm"
cmake -S "$src/cmake" -B "$work/cm" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/cm" >/dev/null
LD_LIBRARY_PATH="$libdir" "$work/cm/hello_cmake" "$work/hello2.db"
echo "installed library builds and runs through pkg-config and find_package(cus)"
