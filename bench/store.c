/*
 * bench_store — what encryption costs: 1,000,000 rows inserted and a grouped
 * aggregate run through the libcus store (SQLCipher, raw key, 4096-byte
 * pages), then the same on an unencrypted database opened by the same SQLCipher
 * library with the same pragmas. Prints both times and their ratio.
 *
 * usage: bench_store [ROWS] [DIR]     (defaults: 1000000, /tmp)
 * env BENCH_CACHE_KIB=N sets the page cache of both connections to N KiB.
 * Goal: encrypted <= 1.15 x unencrypted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store/store.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, sqlite3 *sql)
{
	fprintf(stderr, "bench_store: %s: %s\n", what, sql ? sqlite3_errmsg(sql) : cus_error_last()->message);
	exit(1);
}

static void exec(sqlite3 *sql, const char *q)
{
	if (sqlite3_exec(sql, q, NULL, NULL, NULL) != SQLITE_OK)
		die(q, sql);
}

static const char *services[] = { "asystent", "opieka", "teleopieka", "klub", "mieszkanie", "dowoz",
	"psycholog", "prawnik", "rodzina", "senior" };

static double insert_rows(sqlite3 *sql, long rows)
{
	exec(sql, "CREATE TABLE delivery (id INTEGER PRIMARY KEY, person INTEGER NOT NULL, service TEXT NOT NULL,"
		  " day TEXT NOT NULL, units INTEGER NOT NULL, cost INTEGER NOT NULL)");
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(sql, "INSERT INTO delivery (person, service, day, units, cost) VALUES (?, ?, ?, ?, ?)",
		    -1, &st, NULL) != SQLITE_OK)
		die("prepare", sql);
	unsigned long long x = 88172645463325252ULL;
	char day[16];
	double t0 = now();
	exec(sql, "BEGIN");
	for (long i = 0; i < rows; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		snprintf(day, sizeof day, "2022-%02d-%02d", (int)(x % 12) + 1, (int)((x >> 8) % 28) + 1);
		sqlite3_bind_int64(st, 1, (sqlite3_int64)(x % 2000));
		sqlite3_bind_text(st, 2, services[(x >> 16) % 10], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, day, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 4, (int)((x >> 24) % 8) + 1);
		sqlite3_bind_int64(st, 5, (sqlite3_int64)((x >> 32) % 50000));
		if (sqlite3_step(st) != SQLITE_DONE)
			die("insert", sql);
		sqlite3_reset(st);
		if (i % 100000 == 99999) {
			exec(sql, "COMMIT");
			exec(sql, "BEGIN");
		}
	}
	exec(sql, "COMMIT");
	sqlite3_finalize(st);
	exec(sql, "PRAGMA wal_checkpoint(TRUNCATE)");
	return now() - t0;
}

static double aggregate(sqlite3 *sql, long *groups)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(sql, "SELECT service, substr(day, 1, 7) AS month, count(*), count(DISTINCT person),"
		    " sum(units), sum(cost) FROM delivery GROUP BY service, month ORDER BY service, month",
		    -1, &st, NULL) != SQLITE_OK)
		die("prepare aggregate", sql);
	double t0 = now();
	long n = 0;
	while (sqlite3_step(st) == SQLITE_ROW)
		n++;
	double t = now() - t0;
	sqlite3_finalize(st);
	*groups = n;
	return t;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

typedef struct {
	double insert, agg;
	long groups;
} result;

/* The aggregate is run five times on a freshly opened connection each time
 * (so the page cache is cold and every page is decrypted); the median counts. */
static result run(const char *dir, int encrypted, long rows)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/bench-%s-%ld.db", dir, encrypted ? "enc" : "plain", (long)getpid());
	char ks[1100];
	snprintf(ks, sizeof ks, "%s.keys", path);
	cus_key *key = NULL;
	if (cus_key_from_passphrase(&key, "bench passphrase", 16))
		die("key", NULL);
	result r = { 0 };
	double aggs[5];
	for (int rep = 0; rep <= 5; rep++) {
		cus_db *db = NULL;
		sqlite3 *plain = NULL, *sql;
		if (encrypted) {
			int rc = rep == 0 ? cus_db_create(&db, path, "bench", key, NULL)
					  : cus_db_open(&db, path, "bench", key, NULL);
			if (rc)
				die("open", NULL);
			sql = cus__db_sql(db);
		} else {
			if (sqlite3_open(path, &plain) != SQLITE_OK)
				die("open", plain);
			exec(plain, "PRAGMA page_size = 4096; PRAGMA temp_store = MEMORY; PRAGMA secure_delete = ON;"
				    " PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA journal_mode = WAL;");
			sql = plain;
		}
		const char *cache = getenv("BENCH_CACHE_KIB");
		if (cache) {
			char q[64];
			snprintf(q, sizeof q, "PRAGMA cache_size = -%ld", atol(cache));
			exec(sql, q);
		}
		if (rep == 0)
			r.insert = insert_rows(sql, rows);
		else
			aggs[rep - 1] = aggregate(sql, &r.groups);
		if (db)
			cus_db_close(db);
		if (plain)
			sqlite3_close(plain);
	}
	cus_key_free(key);
	qsort(aggs, 5, sizeof aggs[0], cmp_double);
	r.agg = aggs[2];
	unlink(path);
	unlink(ks);
	return r;
}

int main(int argc, char **argv)
{
	long rows = argc > 1 ? atol(argv[1]) : 1000000;
	const char *dir = argc > 2 ? argv[2] : "/tmp";
	if (rows <= 0) {
		fprintf(stderr, "usage: bench_store [ROWS] [DIR]\n");
		return 2;
	}
	printf("bench_store: %ld rows, grouped aggregate (service x month, distinct persons), page size 4096\n", rows);
	result p = run(dir, 0, rows);
	result e = run(dir, 1, rows);
	printf("%-28s %12s %12s %8s\n", "", "unencrypted", "encrypted", "ratio");
	printf("%-28s %11.3fs %11.3fs %7.2fx\n", "insert (commit per 100k)", p.insert, e.insert, e.insert / p.insert);
	printf("%-28s %11.3fs %11.3fs %7.2fx\n", "aggregate (median of 5)", p.agg, e.agg, e.agg / p.agg);
	printf("%-28s %11.3fs %11.3fs %7.2fx\n", "total", p.insert + p.agg, e.insert + e.agg,
		(e.insert + e.agg) / (p.insert + p.agg));
	printf("groups: %ld / %ld; goal: encrypted <= 1.15x unencrypted\n", p.groups, e.groups);
	return p.groups == e.groups ? 0 : 1;
}
