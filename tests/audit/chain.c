/* Appending: the hash chain, its encoding, transactions. */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

static int time_shaped(const char *t)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd.dddZ";
	if (strlen(t) != 24)
		return 0;
	for (int i = 0; i < 24; i++)
		if (shape[i] == 'd' ? !(t[i] >= '0' && t[i] <= '9') : t[i] != shape[i])
			return 0;
	return 1;
}

START_TEST(test_audit_chain__entries_link_and_follow_the_format)
{
	char *dir = tmpdir_new();
	cus_db *db = adb_new(dir);
	append_n(db, 5);
	sqlite3_stmt *st = NULL;
	ck_assert_int_eq(sqlite3_prepare_v2(cus__db_sql(db), "SELECT seq, time, user, role, session, purpose,"
		" legal_basis, policy_version, prev_hash, hash, subject, detail FROM audit_log ORDER BY seq", -1, &st,
		NULL), SQLITE_OK);
	unsigned char prev[32] = { 0 }, ref[32];
	int64_t n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		n++;
		ck_assert_int_eq(sqlite3_column_int64(st, 0), n);
		ck_assert_msg(time_shaped((const char *)sqlite3_column_text(st, 1)), "time %s",
			sqlite3_column_text(st, 1));
		ck_assert_str_eq((const char *)sqlite3_column_text(st, 2), test_actor.user);
		ck_assert_str_eq((const char *)sqlite3_column_text(st, 3), test_actor.role);
		ck_assert_str_eq((const char *)sqlite3_column_text(st, 4), test_actor.session);
		ck_assert_str_eq((const char *)sqlite3_column_text(st, 5), test_actor.purpose);
		ck_assert_str_eq((const char *)sqlite3_column_text(st, 6), test_actor.legal_basis);
		ck_assert_int_eq(sqlite3_column_int64(st, 7), test_actor.policy_version);
		/* the first prev_hash is 32 zero bytes, then each links to the one before */
		ck_assert_int_eq(sqlite3_column_bytes(st, 8), 32);
		ck_assert_int_eq(memcmp(sqlite3_column_blob(st, 8), prev, 32), 0);
		/* the hash is what an auditor computes from FORMAT.md */
		ref_entry_hash_of_row(db, n, ref);
		ck_assert_int_eq(sqlite3_column_bytes(st, 9), 32);
		ck_assert_int_eq(memcmp(sqlite3_column_blob(st, 9), ref, 32), 0);
		memcpy(prev, sqlite3_column_blob(st, 9), 32);
		ck_assert_int_eq(sqlite3_column_type(st, 10), n % 2 ? SQLITE_TEXT : SQLITE_NULL);
		ck_assert_int_eq(sqlite3_column_type(st, 11), n % 2 ? SQLITE_TEXT : SQLITE_NULL);
	}
	sqlite3_finalize(st);
	ck_assert_int_eq(n, 5);
	verify_ok(db, NULL, 5);
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

/* NULL and "" are different entries: the presence byte tells them apart. */
START_TEST(test_audit_chain__null_subject_is_not_empty_subject)
{
	char *dir = tmpdir_new();
	cus_db *db = adb_new(dir);
	sql_ok(db, "BEGIN IMMEDIATE");
	ck_assert_cus(cus__audit_append(db, &test_actor, "a", "person", NULL, "basic", "ok", NULL), 0);
	ck_assert_cus(cus__audit_append(db, &test_actor, "a", "person", "", "basic", "ok", ""), 0);
	sql_ok(db, "COMMIT");
	ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM audit_log WHERE subject IS NULL AND detail IS NULL"), 1);
	ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM audit_log WHERE subject = '' AND detail = ''"), 1);
	verify_ok(db, NULL, 2);
	/* turning the NULL into "" is a change verify sees */
	drop_triggers(db);
	sql_ok(db, "UPDATE audit_log SET subject = '' WHERE seq = 1");
	verify_bad(db, NULL, 1, "entry 1 was changed");
	sql_ok(db, "UPDATE audit_log SET subject = NULL, detail = NULL WHERE seq = 2");
	sql_ok(db, "UPDATE audit_log SET subject = NULL WHERE seq = 1");
	verify_bad(db, NULL, 2, "entry 2 was changed");
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(test_audit_chain__append_needs_a_transaction)
{
	char *dir = tmpdir_new();
	cus_db *db = adb_new(dir);
	ck_assert_cus(cus__audit_append(db, &test_actor, "person.read", "person", NULL, "basic", "ok", NULL),
		CUS_ERROR);
	ck_assert_str_eq(cus_error_last()->module, "audit");
	int64_t seq = -1;
	ck_assert_cus(cus__audit_checkpoint_now(db, &seq), CUS_ERROR);
	ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM audit_log"), 0);
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(test_audit_chain__bad_arguments_are_refused)
{
	char *dir = tmpdir_new();
	cus_db *db = adb_new(dir);
	sql_ok(db, "BEGIN IMMEDIATE");
	ck_assert_cus(cus__audit_append(db, &test_actor, "person.read", "person", NULL, "basic", "maybe", NULL),
		CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "outcome");
	ck_assert_cus(cus__audit_append(db, &test_actor, "person.read", "person", NULL, "basic", NULL, NULL),
		CUS_EINVAL);
	ck_assert_cus(cus__audit_append(db, &test_actor, NULL, "person", NULL, "basic", "ok", NULL), CUS_EINVAL);
	ck_assert_cus(cus__audit_append(db, &test_actor, "person.read", "", NULL, "basic", "ok", NULL), CUS_EINVAL);
	cus__actor nobody = test_actor;
	nobody.user = NULL;
	ck_assert_cus(cus__audit_append(db, &nobody, "person.read", "person", NULL, "basic", "ok", NULL), CUS_EINVAL);
	/* optional context may be missing: recorded as "" */
	cus__actor bare = { "admin", NULL, NULL, NULL, NULL, 0 };
	ck_assert_cus(cus__audit_append(db, &bare, "session.open", "session", NULL, NULL, "denied", NULL), 0);
	sql_ok(db, "COMMIT");
	ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM audit_log WHERE role = '' AND purpose = ''"
		" AND categories = '' AND outcome = 'denied'"), 1);
	verify_ok(db, NULL, 1);
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(test_audit_chain__rolled_back_append_leaves_nothing)
{
	char *dir = tmpdir_new();
	cus_db *db = adb_new(dir);
	const char *file = path_in(dir, "c.db.checkpoints");
	append_n(db, 999);
	/* entry 1000 would carry the first checkpoint */
	sql_ok(db, "BEGIN IMMEDIATE");
	ck_assert_cus(cus__audit_append(db, &test_actor, "person.write", "person", "P1", "basic", "ok", NULL), 0);
	ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM audit_checkpoints"), 1);
	sql_ok(db, "ROLLBACK");
	cus__audit_after_rollback(db);
	ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM audit_log"), 999);
	ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM audit_checkpoints"), 0);
	/* a later commit exports nothing: the checkpoint never existed */
	ck_assert_cus(cus__audit_after_commit(db), 0);
	ck_assert_int_ne(access(file, F_OK), 0);
	verify_ok(db, NULL, 999);
	/* the chain goes on from 999, and entry 1000 gets its checkpoint */
	append_n(db, 1);
	size_t n = 0;
	char **l = lines_read(file, &n);
	ck_assert_uint_eq(n, 1);
	refcp c;
	ck_assert_int_eq(ref_cp_parse(&c, l[0]), 0);
	ck_assert_int_eq(c.seq, 1000);
	unsigned char h[32];
	stored_hash(db, 1000, h);
	ck_assert_int_eq(memcmp(h, c.head, 32), 0);
	lines_free(l, n);
	verify_ok(db, NULL, 1000);
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(test_audit_chain__clean_log_verifies)
{
	char *dir = tmpdir_new();
	cus_db *db = adb_new(dir);
	append_chunked(db, 2500, 300);
	cus_audit_report *r = NULL;
	ck_assert_cus(cus_audit_verify(&r, db, NULL), 0);
	ck_assert_int_eq(r->entries, 2500);
	ck_assert_int_eq(r->db_checkpoints, 2);
	ck_assert_int_eq(r->file_checkpoints, 2);
	ck_assert_int_eq(r->checkpoints, 4);
	ck_assert_int_eq(r->first_bad_seq, 0);
	ck_assert_ptr_null(r->problem);
	cus_audit_report_free(r);
	cus_audit_report_free(NULL);
	/* and again from another handle, read-only */
	cus_db_close(db);
	cus_key *k = key_pass(AUDIT_PASS);
	cus_db_options o = CUS_DB_OPTIONS_INIT;
	o.read_only = 1;
	ck_assert_cus(cus_db_open(&db, path_in(dir, "c.db"), "admin", k, &o), 0);
	cus_key_free(k);
	verify_ok(db, NULL, 2500);
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(test_audit_chain__empty_log_verifies)
{
	char *dir = tmpdir_new();
	cus_db *db = adb_new(dir);
	verify_ok(db, NULL, 0);
	int64_t seq = -1;
	sql_ok(db, "BEGIN IMMEDIATE");
	ck_assert_cus(cus__audit_checkpoint_now(db, &seq), 0);
	sql_ok(db, "COMMIT");
	ck_assert_int_eq(seq, 0); /* nothing to checkpoint */
	ck_assert_cus(cus__audit_after_commit(db), 0);
	ck_assert_int_ne(access(path_in(dir, "c.db.checkpoints"), F_OK), 0);
	ck_assert_cus(cus_audit_verify(NULL, db, NULL), CUS_EINVAL);
	cus_audit_report *r = (cus_audit_report *)1;
	ck_assert_cus(cus_audit_verify(&r, NULL, NULL), CUS_EINVAL);
	ck_assert_ptr_null(r);
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

/* Two handles (as two processes) append in turn: neither caches the head. */
START_TEST(test_audit_chain__two_writers_share_one_chain)
{
	char *dir = tmpdir_new();
	cus_db *a = adb_new(dir);
	cus_db *b = adb_open(dir);
	for (int i = 0; i < 5; i++) {
		append_n(a, 3);
		append_n(b, 2);
	}
	/* a's statements are cached; the head is not */
	append_chunked(a, 997, 500);
	ck_assert_int_eq(sql_int(b, "SELECT max(seq) FROM audit_log"), 1022);
	ck_assert_int_eq(sql_int(b, "SELECT count(*) FROM audit_checkpoints"), 1);
	verify_ok(a, NULL, 1022);
	verify_ok(b, NULL, 1022);
	cus_db_close(a);
	cus_db_close(b);
	tmpdir_remove(dir);
}
END_TEST

TCase *tcase_audit_chain(void)
{
	TCase *tc = tcase_create("chain");
	tcase_add_test(tc, test_audit_chain__entries_link_and_follow_the_format);
	tcase_add_test(tc, test_audit_chain__null_subject_is_not_empty_subject);
	tcase_add_test(tc, test_audit_chain__append_needs_a_transaction);
	tcase_add_test(tc, test_audit_chain__bad_arguments_are_refused);
	tcase_add_test(tc, test_audit_chain__rolled_back_append_leaves_nothing);
	tcase_add_test(tc, test_audit_chain__clean_log_verifies);
	tcase_add_test(tc, test_audit_chain__empty_log_verifies);
	tcase_add_test(tc, test_audit_chain__two_writers_share_one_chain);
	return tc;
}
