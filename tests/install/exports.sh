#!/bin/sh
# Every symbol the shared library exports starts with cus_ (and none with cus__).
set -eu
lib="$1"
syms=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDRBVW]$/ {print $3}' | sed 's/@.*//')
bad=$(printf '%s\n' "$syms" | grep -v '^cus_' || true)
internal=$(printf '%s\n' "$syms" | grep '^cus__' || true)
count=$(printf '%s\n' "$syms" | grep -c '^cus_' || true)
if [ -n "$bad" ] || [ -n "$internal" ]; then
	echo "exported symbols outside the public API:"; printf '%s\n' $bad $internal
	exit 1
fi
soname=$(objdump -p "$lib" | awk '/SONAME/ {print $2}')
case "$soname" in
	libcus.so.[0-9]*) ;;
	*) echo "unexpected SONAME '$soname'"; exit 1 ;;
esac
echo "$count public symbols, all cus_; SONAME $soname"
