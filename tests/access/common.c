#include <stdio.h>

#include "common.h"

cus_db *centre_new(const char *dir)
{
	cus_key *k = key_pass("admin passphrase");
	cus_db *db = NULL;
	int rc = cus_db_init(&db, path_in(dir, "c.db"), "admin", k, MILANOWEK, NULL);
	ck_assert_msg(rc == 0, "cus_db_init: %s", cus_error_last()->message);
	cus_key_free(k);
	return db;
}

cus_db *centre_open(const char *dir, const char *login, const char *pass)
{
	cus_key *k = key_pass(pass);
	cus_db *db = NULL;
	int rc = cus_db_open(&db, path_in(dir, "c.db"), login, k, NULL);
	ck_assert_msg(rc == 0, "cus_db_open: %s", cus_error_last()->message);
	cus_key_free(k);
	return db;
}

cus_session *session_for(cus_db *db, const char *purpose)
{
	cus_session *s = NULL;
	int rc = cus_session_open(&s, db, purpose);
	ck_assert_msg(rc == 0, "cus_session_open(%s): %s", purpose, cus_error_last()->message);
	return s;
}

void user_add_as_admin(const char *dir, const char *login, const char *role)
{
	cus_db *db = centre_open(dir, "admin", "admin passphrase");
	cus_session *s = session_for(db, "administration");
	char pass[128];
	snprintf(pass, sizeof pass, "%s passphrase", login);
	cus_key *k = key_pass(pass);
	int rc = cus_user_add(s, login, role, "Test User", k, NULL);
	ck_assert_msg(rc == 0, "cus_user_add: %s", cus_error_last()->message);
	cus_key_free(k);
	cus_session_close(s);
	cus_db_close(db);
}

int audit_count(cus_db *db, const char *action, const char *outcome)
{
	sqlite3_stmt *st = NULL;
	ck_assert_int_eq(sqlite3_prepare_v2(cus__db_sql(db), "SELECT count(*) FROM audit_log WHERE"
		" (?1 IS NULL OR action = ?1) AND (?2 IS NULL OR outcome = ?2)", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, outcome, -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	int n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}
