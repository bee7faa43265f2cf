#!/usr/bin/env bash
# Set everything up on a fresh Debian 12 machine and run the main job on the
# built-in demo: install the dependencies, build libcus and cus, create the
# encrypted demonstration centre (a synthetic Milanówek, 2021-08 - 2023-09),
# write the director's, the mayor's and the council's reports, verify the
# audit log and say where the files are.
#   CUS_PASSPHRASE  the passphrase of the demo's accounts (default: demo-passphrase)
#   CUS_SKIP_DEPS=1 do not run apt-get
#   CUS_DEMO_PERSONS, CUS_DEMO_SEED  size and seed of the demo (default: 2000, 2021)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${CUS_SKIP_DEPS:-0}" != 1 ]; then
	scripts/install-deps.sh
fi
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$(nproc 2>/dev/null || echo 2)"

# Only what this script sets: the user, database and purpose are named per command.
unset CUS_DB CUS_USER CUS_PURPOSE CUS_STAFF_PASSPHRASE
export CUS_PASSPHRASE="${CUS_PASSPHRASE:-demo-passphrase}"
demo_dir=build/demo
db="$demo_dir/centre.db"
mkdir -p "$demo_dir"
rm -f "$db" "$db-wal" "$db-shm" "$db.keys" "$db.keys-journal" "$db.checkpoints" "$demo_dir"/*.xlsx

echo
build/cus --db "$db" --user admin demo --persons "${CUS_DEMO_PERSONS:-2000}" --seed "${CUS_DEMO_SEED:-2021}"

echo
reports=()
if build/cus help report >/dev/null 2>&1; then
	for r in "director-semiannual 2022H1" "mayor-annual 2022" "council-public 2022"; do
		set -- $r
		out="$demo_dir/$1-$2.xlsx"
		build/cus --db "$db" --user director report "$1" --period "$2" --out "$out"
		reports+=("$out")
	done
else
	echo "This cus has no 'report' command yet: the reports are skipped."
fi

echo
build/cus --db "$db" --user iod audit verify

echo
echo "The demo centre is $db (key store $db.keys, audit checkpoints $db.checkpoints)."
if [ ${#reports[@]} -gt 0 ]; then
	echo "The reports:"
	for f in "${reports[@]}"; do
		echo "  $f"
	done
fi
echo "Every account (admin; ous, kipus, kipus2, social_worker, finance, director, iod, archivist)"
echo "opens with the passphrase from CUS_PASSPHRASE. Try:"
echo "  CUS_PASSPHRASE=... build/cus --db $db --user director indicators --period 2022"
echo "  CUS_PASSPHRASE=... build/cus --db $db --user director budget --period 2022 --by project"
