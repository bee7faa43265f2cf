#!/usr/bin/env bash
# Set everything up on a fresh Debian 12 machine and run the main job on the
# built-in demo: install the dependencies, build libcus and cus, create an
# encrypted demo centre and show what it holds.
#   CUS_PASSPHRASE  the demo administrator's passphrase (default: demo-passphrase)
#   CUS_SKIP_DEPS=1 do not run apt-get
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${CUS_SKIP_DEPS:-0}" != 1 ]; then
	scripts/install-deps.sh
fi
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$(nproc 2>/dev/null || echo 2)"

demo_dir=build/demo
db="$demo_dir/centre.db"
export CUS_PASSPHRASE="${CUS_PASSPHRASE:-demo-passphrase}"
mkdir -p "$demo_dir"
rm -f "$db" "$db-wal" "$db-shm" "$db.keys" "$db.keys-journal"

echo
build/cus --db "$db" init --admin admin
echo
build/cus --db "$db" --user admin info
echo
build/cus --db "$db" audit verify
echo
echo "The demo centre is $db (key store $db.keys), administrator 'admin',"
echo "passphrase from CUS_PASSPHRASE. Try: CUS_PASSPHRASE=... build/cus --db $db info --json"
