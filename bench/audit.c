/*
 * bench_audit — what the audit log costs, and how fast it is verified.
 *
 * (1) Audited single-record reads per second with synchronous=FULL: each read
 *     is BEGIN IMMEDIATE; SELECT one row of a small table; cus__audit_append;
 *     COMMIT; cus__audit_after_commit (which exports a checkpoint every 1000
 *     entries, fsync'd). Beside it, in the same database, the same run and on
 *     the same disk: bare single-row durable commits (BEGIN IMMEDIATE; INSERT
 *     one row; COMMIT). Rounds alternate; medians are reported.
 *     Goal: audited reads >= 50 % of the bare commit rate.
 * (2) cus_audit_verify over ENTRIES entries (built fast, 100,000 per
 *     transaction), on a fresh connection. Goal: >= 500,000 entries/s. The
 *     chain is scanned in ranges, one thread per core (at most 4); the same
 *     in one range is printed for comparison.
 *
 * usage: bench_audit [READS] [ENTRIES] [DIR]   (defaults: 2000, 1000000, /tmp)
 * READS is per round (5 rounds of each kind).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit/audit.h"

#define ROUNDS 5

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, sqlite3 *sql)
{
	fprintf(stderr, "bench_audit: %s: %s\n", what, sql ? sqlite3_errmsg(sql) : cus_error_last()->message);
	exit(1);
}

static void exec(sqlite3 *sql, const char *q)
{
	if (sqlite3_exec(sql, q, NULL, NULL, NULL) != SQLITE_OK)
		die(q, sql);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof v[0], cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void remove_db(const char *path)
{
	static const char *suffix[] = { "", "-wal", "-shm", ".keys", ".checkpoints" };
	char p[1200];
	for (int i = 0; i < 5; i++) {
		snprintf(p, sizeof p, "%s%s", path, suffix[i]);
		unlink(p);
	}
}

/* A realistic actor: the legal basis is the Milanówek policy's text for
 * service delivery, which every entry of such a session carries. */
static const cus__actor actor = { "akowalska", "social_worker", "0123456789abcdef0123456789abcdef",
	"service_delivery",
	"art. 6 ust. 1 lit. c i e oraz art. 9 ust. 2 lit. b, g i h RODO w związku z art. 50 ust. 1 ustawy"
	" z dnia 19 lipca 2019 r. o realizowaniu usług społecznych przez centrum usług"
	" społecznych; Program usług społecznych w Gminie Milanówek na lata 2021-2023.", 1 };

static cus_key *bench_key;

static cus_db *create(const char *path)
{
	cus_db *db = NULL;
	remove_db(path);
	if (cus_db_create(&db, path, "bench", bench_key, NULL))
		die("create", NULL);
	return db;
}

/* ---- (1) audited reads beside bare durable commits ---- */

static double audited_reads(cus_db *db, sqlite3_stmt *sel, long n, long *seq)
{
	sqlite3 *sql = cus__db_sql(db);
	char subject[32];
	double t0 = now();
	for (long i = 0; i < n; i++) {
		exec(sql, "BEGIN IMMEDIATE");
		sqlite3_bind_int64(sel, 1, 1 + (*seq % 100));
		if (sqlite3_step(sel) != SQLITE_ROW)
			die("select", sql);
		snprintf(subject, sizeof subject, "P%06ld", 1 + (*seq % 100));
		sqlite3_reset(sel);
		if (cus__audit_append(db, &actor, "person.read", "person", subject, "basic", "ok", NULL))
			die("append", NULL);
		exec(sql, "COMMIT");
		if (cus__audit_after_commit(db))
			die("after commit", NULL);
		(*seq)++;
	}
	return (double)n / (now() - t0);
}

static double bare_commits(sqlite3 *sql, sqlite3_stmt *ins, long n)
{
	double t0 = now();
	for (long i = 0; i < n; i++) {
		exec(sql, "BEGIN IMMEDIATE");
		sqlite3_bind_int64(ins, 1, i);
		if (sqlite3_step(ins) != SQLITE_DONE)
			die("insert", sql);
		sqlite3_reset(ins);
		exec(sql, "COMMIT");
	}
	return (double)n / (now() - t0);
}

static void bench_reads(const char *dir, long reads)
{
	char path[1100];
	snprintf(path, sizeof path, "%s/bench-audit-reads-%ld.db", dir, (long)getpid());
	cus_db *db = create(path);
	sqlite3 *sql = cus__db_sql(db);
	exec(sql, "CREATE TABLE person (id INTEGER PRIMARY KEY, pseudonym TEXT NOT NULL, born INTEGER);"
		  "CREATE TABLE bare (id INTEGER PRIMARY KEY, v INTEGER NOT NULL);");
	exec(sql, "BEGIN");
	for (int i = 1; i <= 100; i++) {
		char q[128];
		snprintf(q, sizeof q, "INSERT INTO person VALUES (%d, 'P%06d', %d)", i, i, 1940 + i % 60);
		exec(sql, q);
	}
	exec(sql, "COMMIT");
	sqlite3_stmt *sel = NULL, *ins = NULL;
	if (sqlite3_prepare_v2(sql, "SELECT pseudonym, born FROM person WHERE id = ?", -1, &sel, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(sql, "INSERT INTO bare (v) VALUES (?)", -1, &ins, NULL) != SQLITE_OK)
		die("prepare", sql);
	int sync = -1;
	sqlite3_stmt *q = NULL;
	if (sqlite3_prepare_v2(sql, "PRAGMA synchronous", -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
		sync = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);

	double audited[ROUNDS], bare[ROUNDS];
	long seq = 0;
	/* one warm-up of each, not counted */
	audited_reads(db, sel, reads / 10 + 1, &seq);
	bare_commits(sql, ins, reads / 10 + 1);
	for (int r = 0; r < ROUNDS; r++) {
		if (r % 2) {
			bare[r] = bare_commits(sql, ins, reads);
			audited[r] = audited_reads(db, sel, reads, &seq);
		} else {
			audited[r] = audited_reads(db, sel, reads, &seq);
			bare[r] = bare_commits(sql, ins, reads);
		}
	}
	sqlite3_finalize(sel);
	sqlite3_finalize(ins);
	double a = median(audited, ROUNDS), b = median(bare, ROUNDS);
	printf("(1) durable commits, synchronous=%s, WAL, SQLCipher; %d alternating rounds of %ld, medians\n",
		sync == 2 ? "FULL" : sync == 3 ? "EXTRA" : "NOT FULL", ROUNDS, reads);
	printf("    %-44s %10.0f /s\n", "bare single-row commits (INSERT)", b);
	printf("    %-44s %10.0f /s\n", "audited single-record reads", a);
	printf("    %-44s %9.1f %%   (goal >= 50 %%)\n", "ratio", 100.0 * a / b);
	cus_audit_report *rep = NULL;
	int rc = cus_audit_verify(&rep, db, NULL);
	printf("    the log verifies: %s (%lld entries, %lld checkpoints in the file)\n", rc ? "NO" : "yes",
		rep ? (long long)rep->entries : 0LL, rep ? (long long)rep->file_checkpoints : 0LL);
	cus_audit_report_free(rep);
	cus_db_close(db);
	remove_db(path);
}

/* ---- (2) verify speed ---- */

static void bench_verify(const char *dir, long entries)
{
	char path[1100];
	snprintf(path, sizeof path, "%s/bench-audit-verify-%ld.db", dir, (long)getpid());
	cus_db *db = create(path);
	sqlite3 *sql = cus__db_sql(db);
	char subject[32], detail[64];
	double t0 = now();
	for (long i = 0; i < entries;) {
		exec(sql, "BEGIN IMMEDIATE");
		for (long k = 0; k < 100000 && i < entries; k++, i++) {
			snprintf(subject, sizeof subject, "P%06ld", i % 5000);
			snprintf(detail, sizeof detail, "household %ld", i % 977);
			if (cus__audit_append(db, &actor, i % 10 ? "person.read" : "person.write", "person",
				    i % 7 ? subject : NULL, i % 10 ? "basic,contact" : "basic,health", "ok",
				    i % 3 ? NULL : detail))
				die("append", NULL);
		}
		exec(sql, "COMMIT");
		if (cus__audit_after_commit(db))
			die("after commit", NULL);
	}
	double build = now() - t0;
	exec(sql, "PRAGMA wal_checkpoint(TRUNCATE)");
	double row_bytes = 0;
	sqlite3_stmt *q = NULL;
	if (sqlite3_prepare_v2(sql, "SELECT avg(length(time) + length(user) + length(role) + length(session)"
		    " + length(action) + length(object_type) + coalesce(length(subject), 0) + length(categories)"
		    " + length(purpose) + length(CAST(legal_basis AS BLOB)) + length(outcome) + 8"
		    " + coalesce(length(detail), 0) + 64) FROM audit_log", -1, &q, NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW)
		row_bytes = sqlite3_column_double(q, 0);
	sqlite3_finalize(q);
	cus_db_close(db);

	double times[3], one = 0;
	long long checked = 0, cps = 0;
	for (int r = 0; r < 4; r++) {
		/* the last round scans in one range only, for comparison */
		cus__audit_scan_threads = r == 3 ? 1 : 0;
		if (cus_db_open(&db, path, "bench", bench_key, NULL))
			die("open", NULL);
		cus_audit_report *rep = NULL;
		t0 = now();
		int rc = cus_audit_verify(&rep, db, NULL);
		if (r < 3)
			times[r] = now() - t0;
		else
			one = now() - t0;
		if (rc) {
			fprintf(stderr, "bench_audit: verify failed: %s\n", rep && rep->problem ? rep->problem : "?");
			exit(1);
		}
		checked = rep->entries;
		cps = rep->checkpoints;
		cus_audit_report_free(rep);
		cus_db_close(db);
	}
	double t = median(times, 3);
	printf("(2) cus_audit_verify over %lld entries (%.0f bytes of fields each) and %lld checkpoints"
	       " (database + file),\n    median of 3, fresh connection each, %ld cores\n", checked, row_bytes, cps,
		sysconf(_SC_NPROCESSORS_ONLN));
	printf("    %-44s %10.0f /s   (%.3f s to build the log)\n", "appending in transactions of 100,000",
		(double)entries / build, build);
	printf("    %-44s %10.0f /s   (%.3f s; goal >= 500,000 /s)\n", "verify", (double)checked / t, t);
	printf("    %-44s %10.0f /s   (%.3f s, once)\n", "verify scanning in one range only", (double)checked / one,
		one);
	remove_db(path);
}

int main(int argc, char **argv)
{
	long reads = argc > 1 ? atol(argv[1]) : 2000;
	long entries = argc > 2 ? atol(argv[2]) : 1000000;
	const char *dir = argc > 3 ? argv[3] : "/tmp";
	if (reads <= 0 || entries < 0) {
		fprintf(stderr, "usage: bench_audit [READS] [ENTRIES] [DIR]\n");
		return 2;
	}
	if (cus_key_from_passphrase(&bench_key, "bench passphrase", 16))
		die("key", NULL);
	printf("bench_audit: libcus %s, database in %s\n", cus_version(), dir);
	bench_reads(dir, reads);
	if (entries > 0)
		bench_verify(dir, entries);
	cus_key_free(bench_key);
	return 0;
}
