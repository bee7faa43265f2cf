#include <stdio.h>

#include "common.h"

void centre_make(const char *dir)
{
	cus_key *k = key_pass("admin passphrase");
	cus_db *db = NULL;
	int rc = cus_db_init(&db, path_in(dir, "c.db"), "admin", k, TEST_POLICY, NULL);
	ck_assert_msg(rc == 0, "cus_db_init: %s", cus_error_last()->message);
	cus_key_free(k);
	cus_session *s = session_for(db, "administration");
	centre_add_user(s, "kipus", "kipus");
	centre_add_user(s, "sw", "social_worker");
	centre_add_user(s, "fin", "finance");
	cus_session_close(s);
	cus_db_close(db);
}

cus_person_input person_in(char pesel[12], const char *birth, char sex, int serial, const char *first,
	const char *last)
{
	ck_assert_int_eq(cus_pesel_make(pesel, birth, sex, serial), 0);
	cus_person_input in = CUS_PERSON_INPUT_INIT;
	in.pesel = pesel;
	in.first_names = first;
	in.last_name = last;
	return in;
}

int64_t add_ok(cus_session *s, const cus_person_input *in)
{
	int64_t id = 0;
	int rc = cus_person_add(s, in, &id);
	ck_assert_msg(rc == 0, "cus_person_add: %s (%s)", cus_error_name(rc), cus_error_last()->message);
	ck_assert_int_gt(id, 0);
	return id;
}

static const char *audit_last_col(cus_db *db, const char *action, const char *col)
{
	static char buf[2][512];
	static int next;
	char *b = buf[next++ % 2];
	char q[200];
	snprintf(q, sizeof q, "SELECT %s FROM audit_log WHERE action = ? ORDER BY seq DESC LIMIT 1", col);
	sqlite3_stmt *st = NULL;
	ck_assert_int_eq(sqlite3_prepare_v2(cus__db_sql(db), q, -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, action, -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	const char *v = (const char *)sqlite3_column_text(st, 0);
	snprintf(b, 512, "%s", v ? v : "(null)");
	sqlite3_finalize(st);
	return b;
}

const char *audit_last_categories(cus_db *db, const char *action)
{
	return audit_last_col(db, action, "categories");
}

const char *audit_last_detail(cus_db *db, const char *action)
{
	return audit_last_col(db, action, "detail");
}

void raw_exec(cus_db *db, const char *sql)
{
	char *err = NULL;
	int rc = sqlite3_exec(cus__db_sql(db), sql, NULL, NULL, &err);
	ck_assert_msg(rc == SQLITE_OK, "%s: %s", sql, err ? err : "?");
}
