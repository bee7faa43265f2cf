#!/usr/bin/env bash
# Run every test of libcus: the Check suites, the CLI tests, the Python
# binding's tests, the install and export checks — first in a normal build,
# then in a build with AddressSanitizer + UndefinedBehaviorSanitizer.
# Installs what it needs from Debian packages first.
#   CUS_SKIP_DEPS=1   do not run apt-get (dependencies already there)
#   CUS_NO_SANITIZE=1 skip the sanitizer build
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${CUS_SKIP_DEPS:-0}" != 1 ]; then
	scripts/install-deps.sh
fi

jobs=$(nproc 2>/dev/null || echo 2)

run_build() {
	local dir="$1"; shift
	cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
	cmake --build "$dir" -j "$jobs"
	(cd "$dir" && ctest --output-on-failure -j "$jobs")
}

echo "== tests: normal build (build/) =="
run_build build -DCUS_SANITIZE=OFF
if [ "${CUS_NO_SANITIZE:-0}" != 1 ]; then
	echo "== tests: AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/) =="
	run_build build-asan -DCUS_SANITIZE=ON -DCUS_BUILD_BENCH=OFF
fi
