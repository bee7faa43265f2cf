#include <stdio.h>
#include <stdlib.h>

#include "common.h"

void fin_centre_make(const char *dir)
{
	cus_key *k = key_pass("admin passphrase");
	cus_db *db = NULL;
	int rc = cus_db_init(&db, path_in(dir, "c.db"), "admin", k, TEST_POLICY, NULL);
	ck_assert_msg(rc == 0, "cus_db_init: %s", cus_error_last()->message);
	cus_key_free(k);
	cus_session *s = session_for(db, "administration");
	centre_add_user(s, "fin", "finance");
	centre_add_user(s, "dir", "director");
	centre_add_user(s, "kipus", "kipus");
	cus_session_close(s);
	cus_db_close(db);
}

static void project(cus_session *s, const char *code, const char *name, const char *from, const char *to,
	int64_t total, int64_t cof, int64_t own, const cus_project_source *src, size_t n)
{
	cus_project_input in = CUS_PROJECT_INPUT_INIT;
	in.code = code;
	in.name = name;
	in.period_from = from;
	in.period_to = to;
	in.total_cost = total;
	in.co_financing = cof;
	in.own_contribution = own;
	in.sources = src;
	in.nsources = n;
	cus_finance_report *r = NULL;
	int rc = cus_project_add(&r, s, &in, CUS_FINANCE_STRICT, NULL);
	ck_assert_msg(rc == 0, "cus_project_add %s: %s", code, cus_error_last()->message);
	ck_assert_int_eq(r->mismatch_count, 0);
	cus_finance_report_free(r);
}

void golden_projects(cus_session *s)
{
	static const cus_project_source qwsp[] = { { "eu_rap", 44202500 }, { "own_tasks", 11050625 } };
	project(s, "QWSP", "Q-współPRACY", "2022-01-01", "2022-12-31", 55253125, 44202500, 11050625, qwsp, 2);
	static const cus_project_source rus2[] = { { "eu_rus2", 156561869 }, { "state_funds", 25430467 },
		{ "own_tasks", 13710000 } };
	project(s, "RUS2", "Rozwój usług społecznych w Gminie Milanówek – edycja 2", "2021-01-01", "2023-12-31",
		195702336, 181992336, 13710000, rus2, 3);
}

int64_t line_add(cus_session *s, int year, const char *cls, const char *source, const char *project,
	const char *service, int64_t amount)
{
	cus_classification c;
	ck_assert_int_eq(cus_classification_parse(&c, cls), 0);
	cus_budget_line_input in = CUS_BUDGET_LINE_INPUT_INIT;
	in.year = year;
	in.dzial = c.dzial;
	in.rozdzial = c.rozdzial;
	in.paragraf = c.paragraf;
	in.source = source;
	in.project = project;
	in.service = service;
	in.amount = amount;
	int64_t id = 0;
	int rc = cus_budget_line_add(NULL, s, &in, 0, &id);
	ck_assert_msg(rc == 0, "cus_budget_line_add %s: %s", cls, cus_error_last()->message);
	return id;
}

int64_t exp_add(cus_session *s, const char *date, const char *cls, const char *source, const char *project,
	const char *service, int64_t amount)
{
	cus_classification c;
	ck_assert_int_eq(cus_classification_parse(&c, cls), 0);
	cus_expenditure_input in = CUS_EXPENDITURE_INPUT_INIT;
	in.date = date;
	in.dzial = c.dzial;
	in.rozdzial = c.rozdzial;
	in.paragraf = c.paragraf;
	in.source = source;
	in.project = project;
	in.service = service;
	in.amount = amount;
	int64_t id = 0;
	int rc = cus_expenditure_add(s, &in, &id);
	ck_assert_msg(rc == 0, "cus_expenditure_add %s %s: %s", date, cls, cus_error_last()->message);
	return id;
}

void golden_ledger(cus_session *s)
{
	line_add(s, 2022, "852/85214/3110", "own_tasks", NULL, NULL, 20000000);
	line_add(s, 2022, "852/85228/4300", "own_tasks", NULL, "home_care", 8000000);
	line_add(s, 2022, "852/85219/4010", "own_tasks", NULL, NULL, 5000000);
	line_add(s, 2022, "853/85395/4307", "eu_rap", "QWSP", "vocational_courses", 44202500);
	line_add(s, 2022, "853/85395/4309", "own_tasks", "QWSP", "vocational_courses", 11050625);
	line_add(s, 2022, "852/85228/4300", "commissioned_tasks", NULL, "specialist_care_mental", 3000000);
	line_add(s, 2023, "852/85214/3110", "own_tasks", NULL, NULL, 77700000);   /* another year */
	exp_add(s, "2022-01-15", "852/85214/3110", "own_tasks", NULL, NULL, 1500000);
	exp_add(s, "2022-02-10", "852/85228/4300", "own_tasks", NULL, "home_care", 654321);
	exp_add(s, "2022-03-31", "852/85219/4010", "own_tasks", NULL, NULL, 1234567);
	exp_add(s, "2022-04-05", "853/85395/4307", "eu_rap", "QWSP", "vocational_courses", 10000000);
	exp_add(s, "2022-04-05", "853/85395/4309", "own_tasks", "QWSP", "vocational_courses", 2500000);
	exp_add(s, "2022-07-01", "852/85228/4300", "commissioned_tasks", NULL, "specialist_care_mental", 1000001);
	exp_add(s, "2022-08-20", "852/85228/4300", "own_tasks", NULL, "home_care", 345679);
	exp_add(s, "2021-12-31", "852/85214/3110", "own_tasks", NULL, NULL, 99999);
	exp_add(s, "2023-01-01", "852/85214/3110", "own_tasks", NULL, NULL, 11111);
}

static int64_t person(cus_session *s, int serial)
{
	char pesel[12];
	ck_assert_int_eq(cus_pesel_make(pesel, "1970-05-05", 'F', serial), 0);
	cus_person_input in = CUS_PERSON_INPUT_INIT;
	in.pesel = pesel;
	in.first_names = "Anna";
	in.last_name = "Testowa";
	int64_t id = 0;
	int rc = cus_person_add(s, &in, &id);
	ck_assert_msg(rc == 0, "cus_person_add: %s", cus_error_last()->message);
	return id;
}

void golden_deliveries(cus_db *db, cus_session *kipus)
{
	int64_t a = person(kipus, 11), b = person(kipus, 12), c = person(kipus, 13);
	char sql[2048];
	snprintf(sql, sizeof sql,
		"INSERT INTO applications (id, person_id, service, date, applicant, declaration_date, created_by, created)"
		" VALUES (1, %lld, 'home_care', '2022-01-01', 'self', '2022-01-01', 't', 't'),"
		" (2, %lld, 'home_care', '2021-01-01', 'self', '2021-01-01', 't', 't'),"
		" (3, %lld, 'vocational_courses', '2022-01-01', 'self', '2022-01-01', 't', 't'),"
		" (4, %lld, 'vocational_courses', '2022-01-01', 'self', '2022-01-01', 't', 't');"
		"INSERT INTO deliveries (person_id, application_id, service, date, units, cost, funding, created) VALUES"
		" (%lld, 1, 'home_care', '2022-02-01', 10, 0, 'own_tasks', 't'),"
		" (%lld, 1, 'home_care', '2022-03-01', 5, 0, 'own_tasks', 't'),"
		" (%lld, 2, 'home_care', '2022-05-01', 8, 0, 'own_tasks', 't'),"
		" (%lld, 2, 'home_care', '2021-05-01', 4, 0, 'own_tasks', 't'),"
		" (%lld, 3, 'vocational_courses', '2022-06-01', 1, 0, 'eu_rap', 't'),"
		" (%lld, 4, 'vocational_courses', '2022-06-01', 1, 0, 'eu_rap', 't');",
		(long long)a, (long long)b, (long long)a, (long long)c, (long long)a, (long long)a, (long long)b,
		(long long)b, (long long)a, (long long)c);
	raw_exec(db, sql);
}

int64_t table_rows(cus_db *db, const char *table)
{
	char q[128];
	snprintf(q, sizeof q, "SELECT count(*) FROM %s", table);
	sqlite3_stmt *st = NULL;
	ck_assert_int_eq(sqlite3_prepare_v2(cus__db_sql(db), q, -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	int64_t n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

void raw_exec(cus_db *db, const char *sql)
{
	char *err = NULL;
	int rc = sqlite3_exec(cus__db_sql(db), sql, NULL, NULL, &err);
	ck_assert_msg(rc == SQLITE_OK, "%s: %s", sql, err ? err : "?");
}

const char *text_file(const char *dir, const char *name, const char *text)
{
	const char *p = path_in(dir, name);
	file_write(p, text, strlen(text));
	return p;
}
