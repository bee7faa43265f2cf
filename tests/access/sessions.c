/* Purpose-bound sessions and the audited-operation bracket. */
#include <stdlib.h>

#include "common.h"

static char *dir;

static void setup(void)
{
	dir = tmpdir_new();
	cus_db *db = centre_new(dir);
	cus_db_close(db);
	user_add_as_admin(dir, "kipus1", "kipus");
	user_add_as_admin(dir, "dyrektor", "director");
}

static void teardown(void)
{
	tmpdir_remove(dir);
	dir = NULL;
}

START_TEST(test_access_sessions__unknown_purpose)
{
	cus_db *db = centre_open_as(dir, "kipus1");
	cus_session *s = NULL;
	ck_assert_cus(cus_session_open(&s, db, "curiosity"), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "purpose");
	ck_assert_ptr_null(s);
	ck_assert_cus(cus_session_open(&s, db, ""), CUS_EINVAL);
	cus_db_close(db);
}
END_TEST

START_TEST(test_access_sessions__purpose_outside_role_denied_and_audited)
{
	cus_db *db = centre_open_as(dir, "kipus1");
	int before = audit_count(db, "session.open", "denied", NULL);
	cus_session *s = NULL;
	/* a plans coordinator does not manage users */
	ck_assert_cus(cus_session_open(&s, db, "administration"), CUS_EDENIED);
	ck_assert_int_eq(audit_count(db, "session.open", "denied", NULL), before + 1);
	cus_db_close(db);
}
END_TEST

START_TEST(test_access_sessions__allows_follows_policy)
{
	cus_db *db = centre_open_as(dir, "kipus1");
	cus_session *s = session_for(db, "qualification");
	ck_assert_str_eq(cus_session_user(s), "kipus1");
	ck_assert_str_eq(cus_session_role(s), "kipus");
	ck_assert_str_eq(cus_session_purpose(s), "qualification");
	ck_assert_int_eq(cus_session_allows(s, "health", CUS_OP_READ), 1);
	ck_assert_int_eq(cus_session_allows(s, "users", CUS_OP_WRITE), 0);
	ck_assert_int_eq(cus_session_allows(s, "audit", CUS_OP_READ), 0);
	ck_assert_cus(cus_session_allows(s, "helth", CUS_OP_READ), CUS_EINVAL);
	ck_assert_int_eq(cus_policy_allows(db, "kipus", "health", CUS_OP_READ, "qualification"), 1);
	ck_assert_int_eq(cus_policy_allows(db, "admin", "health", CUS_OP_READ, "administration"), 0);
	cus_session_close(s);
	cus_db_close(db);
}
END_TEST

static void scratch_table(cus_db *db)
{
	ck_assert_int_eq(sqlite3_exec(cus__db_sql(db), "CREATE TABLE IF NOT EXISTS scratch (v TEXT)", NULL, NULL, NULL),
		SQLITE_OK);
}

static int scratch_rows(cus_db *db)
{
	sqlite3_stmt *st = NULL;
	ck_assert_int_eq(sqlite3_prepare_v2(cus__db_sql(db), "SELECT count(*) FROM scratch", -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	int n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

START_TEST(test_access_sessions__bracket_allowed_commits_with_entry)
{
	cus_db *db = centre_open_as(dir, "kipus1");
	scratch_table(db);
	cus_session *s = session_for(db, "qualification");
	int ok = audit_count(db, "test.write", "ok", NULL);
	ck_assert_cus(cus__access_begin(s, "test.write", "person", "p-1", "basic,health", CUS_OP_WRITE, NULL), 0);
	ck_assert_int_eq(sqlite3_exec(cus__db_sql(db), "INSERT INTO scratch VALUES ('x')", NULL, NULL, NULL), SQLITE_OK);
	ck_assert_cus(cus__access_end(s, 0), 0);
	ck_assert_int_eq(scratch_rows(db), 1);
	ck_assert_int_eq(audit_count(db, "test.write", "ok", NULL), ok + 1);
	/* the entry names the session, the purpose and the policy version */
	sqlite3_stmt *st = NULL;
	ck_assert_int_eq(sqlite3_prepare_v2(cus__db_sql(db), "SELECT user, role, session, purpose, subject, categories,"
		" policy_version, legal_basis FROM audit_log WHERE action = 'test.write'", -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_str_eq((const char *)sqlite3_column_text(st, 0), "kipus1");
	ck_assert_str_eq((const char *)sqlite3_column_text(st, 1), "kipus");
	ck_assert_str_eq((const char *)sqlite3_column_text(st, 2), cus_session_id(s));
	ck_assert_str_eq((const char *)sqlite3_column_text(st, 3), "qualification");
	ck_assert_str_eq((const char *)sqlite3_column_text(st, 4), "p-1");
	ck_assert_str_eq((const char *)sqlite3_column_text(st, 5), "basic,health");
	ck_assert_int_eq(sqlite3_column_int(st, 6), 1);
	ck_assert_int_gt(sqlite3_column_bytes(st, 7), 10); /* the purpose's legal basis */
	sqlite3_finalize(st);
	cus_session_close(s);
	cus_db_close(db);
}
END_TEST

START_TEST(test_access_sessions__bracket_denied_changes_nothing_but_the_log)
{
	cus_db *db = centre_open_as(dir, "dyrektor");
	scratch_table(db);
	cus_session *s = session_for(db, "reporting");
	int denied = audit_count(db, "test.read", "denied", NULL);
	ck_assert_cus(cus__access_begin(s, "test.read", "person", "p-2", "reports,judgment", CUS_OP_READ, NULL),
		CUS_EDENIED);
	ck_assert_ptr_nonnull(strstr(cus_error_last()->message, "judgment"));
	ck_assert_int_eq(audit_count(db, "test.read", "denied", NULL), denied + 1);
	/* no transaction is left open */
	ck_assert_int_eq(sqlite3_get_autocommit(cus__db_sql(db)), 1);
	ck_assert_cus(cus__access_end(s, 0), CUS_ERROR);
	cus_session_close(s);
	cus_db_close(db);
}
END_TEST

START_TEST(test_access_sessions__bracket_failure_rolls_back_and_records)
{
	cus_db *db = centre_open_as(dir, "kipus1");
	scratch_table(db);
	cus_session *s = session_for(db, "qualification");
	ck_assert_cus(cus__access_begin(s, "test.fail", "person", "p-3", "basic", CUS_OP_WRITE, NULL), 0);
	ck_assert_int_eq(sqlite3_exec(cus__db_sql(db), "INSERT INTO scratch VALUES ('half')", NULL, NULL, NULL), SQLITE_OK);
	int rc = cus__access_end(s, cus__error(CUS_EINVAL, "registry", "pesel", "bad check digit"));
	ck_assert_int_eq(rc, CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "pesel");          /* the error survives */
	ck_assert_str_eq(cus_error_last()->message, "bad check digit");
	ck_assert_int_eq(scratch_rows(db), 0);                       /* the work is undone */
	ck_assert_int_eq(audit_count(db, "test.fail", "ok", NULL), 0);      /* ... with its entry */
	ck_assert_int_eq(audit_count(db, "test.fail", "error", NULL), 1);   /* the attempt is recorded */
	ck_assert_cus(cus__access_begin(s, "test.x", "person", NULL, "nonsense", CUS_OP_READ, NULL), CUS_EINVAL);
	cus_session_close(s);
	cus_db_close(db);
}
END_TEST

START_TEST(test_access_sessions__account_disabled_mid_session)
{
	cus_db *db = centre_open_as(dir, "kipus1");
	cus_session *s = session_for(db, "qualification");
	/* meanwhile, the administrator disables the account */
	cus_db *adb = centre_open_as(dir, "admin");
	cus_session *as = session_for(adb, "administration");
	ck_assert_cus(cus_user_disable(as, "kipus1"), 0);
	cus_session_close(as);
	cus_db_close(adb);
	ck_assert_cus(cus__access_begin(s, "test.read", "person", NULL, "basic", CUS_OP_READ, NULL), CUS_EDENIED);
	cus_session_close(s);
	cus_db_close(db);
}
END_TEST

TCase *tcase_access_sessions(void)
{
	TCase *tc = tcase_create("sessions");
	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_access_sessions__unknown_purpose);
	tcase_add_test(tc, test_access_sessions__purpose_outside_role_denied_and_audited);
	tcase_add_test(tc, test_access_sessions__allows_follows_policy);
	tcase_add_test(tc, test_access_sessions__bracket_allowed_commits_with_entry);
	tcase_add_test(tc, test_access_sessions__bracket_denied_changes_nothing_but_the_log);
	tcase_add_test(tc, test_access_sessions__bracket_failure_rolls_back_and_records);
	tcase_add_test(tc, test_access_sessions__account_disabled_mid_session);
	return tc;
}
