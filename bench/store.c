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

/* One database, encrypted (the libcus store) or not (the same SQLCipher
 * library, no key, the same pragmas). */
typedef struct {
	int encrypted;
	char path[1024];
	cus_db *db;
	sqlite3 *plain;
} target;

static cus_key *bench_key;

static sqlite3 *target_open(target *t, int create)
{
	const char *cache = getenv("BENCH_CACHE_KIB");
	sqlite3 *sql;
	if (t->encrypted) {
		int rc = create ? cus_db_create(&t->db, t->path, "bench", bench_key, NULL)
				: cus_db_open(&t->db, t->path, "bench", bench_key, NULL);
		if (rc)
			die("open", NULL);
		sql = cus__db_sql(t->db);
	} else {
		if (sqlite3_open(t->path, &t->plain) != SQLITE_OK)
			die("open", t->plain);
		exec(t->plain, "PRAGMA page_size = 4096; PRAGMA temp_store = MEMORY; PRAGMA secure_delete = ON;"
			       " PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA journal_mode = WAL;"
			       " PRAGMA cache_size = -32768;"); /* as the store sets */
		sql = t->plain;
	}
	if (cache) {
		char q[64];
		snprintf(q, sizeof q, "PRAGMA cache_size = -%ld", atol(cache));
		exec(sql, q);
	}
	return sql;
}

static void target_close(target *t)
{
	cus_db_close(t->db);
	sqlite3_close(t->plain);
	t->db = NULL;
	t->plain = NULL;
}

static void target_remove(target *t)
{
	static const char *suffix[] = { "", "-wal", "-shm", ".keys" };
	char p[1100];
	for (int i = 0; i < 4; i++) {
		snprintf(p, sizeof p, "%s%s", t->path, suffix[i]);
		unlink(p);
	}
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof v[0], cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

#define INSERT_ROUNDS 3
#define AGG_ROUNDS 7

int main(int argc, char **argv)
{
	long rows = argc > 1 ? atol(argv[1]) : 1000000;
	const char *dir = argc > 2 ? argv[2] : "/tmp";
	if (rows <= 0) {
		fprintf(stderr, "usage: bench_store [ROWS] [DIR]\n");
		return 2;
	}
	if (cus_key_from_passphrase(&bench_key, "bench passphrase", 16))
		die("key", NULL);
	target t[2] = { { .encrypted = 0 }, { .encrypted = 1 } };
	for (int i = 0; i < 2; i++)
		snprintf(t[i].path, sizeof t[i].path, "%s/bench-%s-%ld.db", dir, i ? "enc" : "plain", (long)getpid());
	printf("bench_store: %ld rows, grouped aggregate (service x month, distinct persons), page size 4096\n"
	       "rounds alternate between the two databases; medians of %d inserts and %d aggregates\n",
		rows, INSERT_ROUNDS, AGG_ROUNDS);

	/* Inserts: each round builds both databases anew, in alternating order. */
	double ins[2][INSERT_ROUNDS];
	for (int r = 0; r < INSERT_ROUNDS; r++)
		for (int k = 0; k < 2; k++) {
			target *x = &t[(r + k) % 2];
			target_remove(x);
			sqlite3 *sql = target_open(x, 1);
			ins[x->encrypted][r] = insert_rows(sql, rows);
			target_close(x);
		}
	/* Aggregates: a fresh connection each time, so every page is read (and,
	 * for the store, decrypted) again. */
	double agg[2][AGG_ROUNDS];
	long groups[2] = { 0, 0 };
	for (int r = 0; r < AGG_ROUNDS; r++)
		for (int k = 0; k < 2; k++) {
			target *x = &t[(r + k) % 2];
			sqlite3 *sql = target_open(x, 0);
			agg[x->encrypted][r] = aggregate(sql, &groups[x->encrypted]);
			target_close(x);
		}
	double pi = median(ins[0], INSERT_ROUNDS), ei = median(ins[1], INSERT_ROUNDS);
	double pa = median(agg[0], AGG_ROUNDS), ea = median(agg[1], AGG_ROUNDS);
	printf("%-28s %12s %12s %8s\n", "", "unencrypted", "encrypted", "ratio");
	printf("%-28s %11.3fs %11.3fs %7.2fx\n", "insert (commit per 100k)", pi, ei, ei / pi);
	printf("%-28s %11.3fs %11.3fs %7.2fx\n", "grouped aggregate", pa, ea, ea / pa);
	printf("%-28s %11.3fs %11.3fs %7.2fx\n", "insert + aggregate", pi + pa, ei + ea, (ei + ea) / (pi + pa));
	printf("groups: %ld / %ld; goal: encrypted <= 1.15x unencrypted\n", groups[0], groups[1]);
	target_remove(&t[0]);
	target_remove(&t[1]);
	cus_key_free(bench_key);
	return groups[0] == groups[1] && groups[0] > 0 ? 0 : 1;
}
