#include <stdio.h>

#include "common.h"

void cases_centre_make(const char *dir)
{
	cus_key *k = key_pass("admin passphrase");
	cus_db *db = NULL;
	int rc = cus_db_init(&db, path_in(dir, "c.db"), "admin", k, TEST_POLICY, NULL);
	ck_assert_msg(rc == 0, "cus_db_init: %s", cus_error_last()->message);
	cus_key_free(k);
	cus_session *s = session_for(db, "administration");
	centre_add_user(s, "ous", "ous");
	centre_add_user(s, "kipus", "kipus");
	centre_add_user(s, "kipus2", "kipus");
	centre_add_user(s, "sw", "social_worker");
	centre_add_user(s, "dir", "director");
	cus_session_close(s);
	cus_db_close(db);
}

int64_t person_make(cus_session *s, const char *birth, char sex, int serial, const char *teryt)
{
	char pesel[12];
	cus_person_input in = CUS_PERSON_INPUT_INIT;
	if (serial) {
		ck_assert_int_eq(cus_pesel_make(pesel, birth, sex, serial), 0);
		in.pesel = pesel;
	} else {
		in.birth_date = birth;
		in.sex = sex;
	}
	in.first_names = "Anna";
	in.last_name = "Testowa";
	in.teryt = teryt;
	int64_t id = 0;
	int rc = cus_person_add(s, &in, &id);
	ck_assert_msg(rc == 0, "cus_person_add: %s (%s)", cus_error_name(rc), cus_error_last()->message);
	return id;
}

void child_link(cus_session *s, int64_t person, int64_t child)
{
	int rc = cus_household_link(s, person, child, "child");
	ck_assert_msg(rc == 0, "cus_household_link: %s (%s)", cus_error_name(rc), cus_error_last()->message);
}

int64_t record_make(cus_session *s, int64_t person, const char *category, const char *indications,
	const char *degree, const char *date, const char *valid_until)
{
	cus_record_input in = CUS_RECORD_INPUT_INIT;
	in.category = category;
	in.kind = "test";
	in.indications = indications;
	in.degree = degree;
	in.date = date;
	in.valid_until = valid_until;
	int64_t id = 0;
	int rc = cus_record_add(s, person, &in, &id);
	ck_assert_msg(rc == 0, "cus_record_add: %s (%s)", cus_error_name(rc), cus_error_last()->message);
	return id;
}

int64_t apply_ok(cus_session *s, int64_t person, const char *service, const char *date)
{
	cus_application_input in = CUS_APPLICATION_INPUT_INIT;
	in.person = person;
	in.service = service;
	in.date = date;
	int64_t id = 0;
	int rc = cus_application_add(s, &in, &id);
	ck_assert_msg(rc == 0, "cus_application_add: %s (%s)", cus_error_name(rc), cus_error_last()->message);
	ck_assert_int_gt(id, 0);
	return id;
}

int qualify_result(cus_session *s, int64_t app, cus_qualification **out)
{
	cus_qualification *q = NULL;
	int rc = cus_qualify(&q, s, app, NULL);
	ck_assert_msg(rc == 0, "cus_qualify: %s (%s)", cus_error_name(rc), cus_error_last()->message);
	int result = q->result;
	if (out)
		*out = q;
	else
		cus_qualification_free(q);
	return result;
}

const cus_condition_eval *cond_of(const cus_qualification *q, const char *code)
{
	for (size_t i = 0; i < q->nconditions; i++)
		if (strcmp(q->conditions[i].code, code) == 0)
			return &q->conditions[i];
	ck_abort_msg("no condition %s", code);
	return NULL;
}

void raw_exec(cus_db *db, const char *sql)
{
	char *err = NULL;
	int rc = sqlite3_exec(cus__db_sql(db), sql, NULL, NULL, &err);
	ck_assert_msg(rc == SQLITE_OK, "%s: %s", sql, err ? err : "?");
}

int64_t sql_int(cus_db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	ck_assert_msg(sqlite3_prepare_v2(cus__db_sql(db), sql, -1, &st, NULL) == SQLITE_OK, "%s", sql);
	int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return v;
}

void employment_make(cus_session *s, int64_t person, const char *status, const char *since)
{
	int rc = cus_employment_add(s, person, status, since, "zaswiadczenie PUP", NULL);
	ck_assert_msg(rc == 0, "cus_employment_add: %s (%s)", cus_error_name(rc), cus_error_last()->message);
}
