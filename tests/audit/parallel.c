/* Verify scans a big log in ranges, one thread and connection each: the
 * ranges together must judge exactly like one scan, whatever lies across
 * their borders. */
#include <stdio.h>
#include <stdlib.h>

#include "common.h"

#define ENTRIES 40

typedef struct {
	int64_t seq, entries;
	char text[512];
} judgement;

static judgement judge(cus_db *db, int threads)
{
	judgement j;
	cus__audit_parallel_min = 1;
	cus__audit_scan_threads = threads;
	cus_audit_report *r = NULL;
	int rc = cus_audit_verify(&r, db, NULL);
	ck_assert_msg(rc == 0 || rc == CUS_EINTEGRITY, "verify: %s", cus_error_name(rc));
	ck_assert_int_eq(cus__audit_last_scan_ranges, threads);
	j.seq = r->first_bad_seq;
	j.entries = r->entries;
	snprintf(j.text, sizeof j.text, "%s", r->problem ? r->problem : "");
	cus_audit_report_free(r);
	return j;
}

static void forge_hash(cus_db *db, int64_t seq)
{
	unsigned char h[32];
	ref_entry_hash_of_row(db, seq, h);
	sqlite3_stmt *st = NULL;
	ck_assert_int_eq(sqlite3_prepare_v2(cus__db_sql(db), "UPDATE audit_log SET hash = ? WHERE seq = ?", -1, &st,
		NULL), SQLITE_OK);
	sqlite3_bind_blob(st, 1, h, 32, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, seq);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
}

static void run_sql(cus_db *db, const char *fmt, long long p)
{
	char q[1024];
	snprintf(q, sizeof q, fmt, p, p, p, p, p, p);
	sql_ok(db, q);
}

enum { CHANGE, DELETE1, DELETE2, SWAP1, SWAP3, DELETE_RENUMBER, INSERT_RENUMBER, RELINK, DELETE_LAST, NOTHING,
	SCENARIOS };

/* Apply a scenario at position p; returns 1 when a problem must be found. */
static int tamper(cus_db *db, int scenario, long long p)
{
	switch (scenario) {
	case CHANGE:
		run_sql(db, "UPDATE audit_log SET user = 'x' WHERE seq = %lld", p);
		return 1;
	case DELETE1:
		run_sql(db, "DELETE FROM audit_log WHERE seq = %lld", p);
		return p < ENTRIES;
	case DELETE2:
		run_sql(db, "DELETE FROM audit_log WHERE seq IN (%lld, %lld + 1)", p);
		return p + 1 < ENTRIES;
	case SWAP1:
	case SWAP3: {
		char q[512];
		int d = scenario == SWAP1 ? 1 : 3;
		snprintf(q, sizeof q, "CREATE TEMP TABLE t AS SELECT * FROM audit_log WHERE seq IN (%lld, %lld);"
			"DELETE FROM audit_log WHERE seq IN (%lld, %lld); UPDATE t SET seq = %lld - seq;"
			"INSERT INTO audit_log SELECT * FROM t; DROP TABLE t;", p, p + d, p, p + d, 2 * p + d);
		sql_ok(db, q);
		return 1;
	}
	case DELETE_RENUMBER:
		run_sql(db, "DELETE FROM audit_log WHERE seq = %lld;"
			"UPDATE audit_log SET seq = seq + 999999 WHERE seq > %lld;"
			"UPDATE audit_log SET seq = seq - 1000000 WHERE seq > 1000000;", p);
		return p < ENTRIES;
	case INSERT_RENUMBER:
		run_sql(db, "UPDATE audit_log SET seq = seq + 1000001 WHERE seq >= %lld;"
			"UPDATE audit_log SET seq = seq - 1000000 WHERE seq > 1000000;"
			"INSERT INTO audit_log SELECT %lld, time, user, role, session, 'person.write', object_type, subject,"
			" categories, purpose, legal_basis, outcome, policy_version, NULL,"
			" coalesce((SELECT hash FROM audit_log WHERE seq = %lld - 1), zeroblob(32)), zeroblob(32)"
			" FROM audit_log WHERE seq = %lld + 1;", p);
		forge_hash(db, p);
		return 1;
	case RELINK: /* a self-consistent entry that links to nothing */
		run_sql(db, "UPDATE audit_log SET prev_hash = randomblob(32) WHERE seq = %lld", p);
		forge_hash(db, p);
		return 1;
	case DELETE_LAST:
		sql_ok(db, "DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)");
		return 0;
	default:
		return 0;
	}
}

START_TEST(test_audit_parallel__ranges_judge_like_one_scan)
{
	char *dir = tmpdir_new();
	cus_db *db = adb_new(dir);
	append_n(db, ENTRIES);
	drop_triggers(db);
	sql_ok(db, "CREATE TEMP TABLE orig AS SELECT * FROM audit_log");
	/* borders: 2 threads 20|21; 3 threads 13|14, 26|27; 4 threads 10|11, 20|21, 30|31 */
	static const long long positions[] = { 1, 2, 9, 10, 11, 12, 13, 14, 15, 19, 20, 21, 22, 25, 26, 27, 28, 29,
		30, 31, 32, 37, 39, 40 };
	int problems = 0;
	for (int sc = 0; sc < SCENARIOS; sc++) {
		for (size_t i = 0; i < sizeof positions / sizeof positions[0]; i++) {
			long long p = positions[i];
			if ((sc == SWAP1 && p + 1 > ENTRIES) || (sc == SWAP3 && p + 3 > ENTRIES))
				continue;
			int expect = tamper(db, sc, p);
			judgement one = judge(db, 1);
			ck_assert_msg(!expect || one.seq > 0, "scenario %d at %lld: nothing found", sc, p);
			problems += one.seq > 0;
			for (int t = 2; t <= 4; t++) {
				judgement many = judge(db, t);
				ck_assert_msg(many.seq == one.seq && many.entries == one.entries &&
						strcmp(many.text, one.text) == 0,
					"scenario %d at %lld, %d ranges: [%lld] %s / one scan: [%lld] %s", sc, p, t,
					(long long)many.seq, many.text, (long long)one.seq, one.text);
			}
			sql_ok(db, "DELETE FROM audit_log; INSERT INTO audit_log SELECT * FROM temp.orig");
		}
	}
	ck_assert_int_gt(problems, 150);
	cus__audit_parallel_min = 100000;
	cus__audit_scan_threads = 0;
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

/* Inside a transaction of the caller's, its uncommitted entries count: one
 * scan on its own connection. */
START_TEST(test_audit_parallel__inside_a_transaction_one_scan)
{
	char *dir = tmpdir_new();
	cus_db *db = adb_new(dir);
	append_n(db, 20);
	cus__audit_parallel_min = 1;
	cus__audit_scan_threads = 2;
	sql_ok(db, "BEGIN IMMEDIATE");
	ck_assert_cus(cus__audit_append(db, &test_actor, "person.read", "person", NULL, "basic", "ok", NULL), 0);
	verify_ok(db, NULL, 21);
	ck_assert_int_eq(cus__audit_last_scan_ranges, 1);
	sql_ok(db, "COMMIT");
	verify_ok(db, NULL, 21);
	ck_assert_int_eq(cus__audit_last_scan_ranges, 2);
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

TCase *tcase_audit_parallel(void)
{
	TCase *tc = tcase_create("parallel");
	tcase_add_test(tc, test_audit_parallel__ranges_judge_like_one_scan);
	tcase_add_test(tc, test_audit_parallel__inside_a_transaction_one_scan);
	return tc;
}
