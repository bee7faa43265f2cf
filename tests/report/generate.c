/* Generating workbooks from a small centre: results, reproducibility, the
 * audit, refusals, text that looks like a formula, the public report. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "helpers.h"

static char *dir;

static int64_t person(cus_session *s, const char *birth, char sex, int serial)
{
	char pesel[12];
	ck_assert_int_eq(cus_pesel_make(pesel, birth, sex, serial), 0);
	cus_person_input in = CUS_PERSON_INPUT_INIT;
	in.pesel = pesel;
	in.first_names = "Bonifacy";
	in.last_name = "Pseudonimowski";
	in.address = "ul. Zmyślona 7, Milanówek";
	int64_t id = 0;
	ck_assert_msg(cus_person_add(s, &in, &id) == 0, "person: %s", cus_error_last()->message);
	return id;
}

static void apply_deliver(cus_session *q, cus_session *d, int64_t p, const char *service, const char *funding)
{
	cus_application_input in = CUS_APPLICATION_INPUT_INIT;
	in.person = p;
	in.service = service;
	in.date = "2022-01-10";
	int64_t id = 0;
	ck_assert_msg(cus_application_add(q, &in, &id) == 0, "apply: %s", cus_error_last()->message);
	cus_qualify_options qo = CUS_QUALIFY_OPTIONS_INIT;
	qo.decision_date = "2022-01-10";
	cus_qualification *r = NULL;
	ck_assert_msg(cus_qualify(&r, q, id, &qo) == 0, "qualify: %s", cus_error_last()->message);
	cus_qualification_free(r);
	for (int m = 1; m <= 12; m++) {
		char date[11];
		snprintf(date, sizeof date, "2022-%02d-15", m);
		cus_delivery_input di = CUS_DELIVERY_INPUT_INIT;
		di.person = p;
		di.service = service;
		di.date = date;
		di.units = 100;
		di.cost = 5000;
		di.funding = funding;
		ck_assert_msg(cus_delivery_add(d, &di, NULL) == 0, "deliver: %s", cus_error_last()->message);
	}
}

static void setup(void)
{
	dir = tmpdir_new();
	cus_key *k = key_pass("admin passphrase");
	cus_db *db = NULL;
	ck_assert_msg(cus_db_init(&db, path_in(dir, "c.db"), "admin", k, TEST_POLICY, NULL) == 0, "init: %s",
		cus_error_last()->message);
	cus_key_free(k);
	cus_session *a = session_for(db, "administration");
	centre_add_user(a, "ous", "ous");
	centre_add_user(a, "dir", "director");
	cus_session_close(a);
	cus_db_close(db);
	db = centre_open_as(dir, "ous");
	cus_session *q = session_for(db, "qualification"), *d = session_for(db, "service_delivery");
	for (int i = 0; i < 14; i++)
		apply_deliver(q, d, person(q, i < 12 ? "1950-03-03" : "1980-03-03", i % 2 ? 'M' : 'F', i + 1),
			i < 12 ? "senior_club" : "legal_counselling", i < 12 ? "eu_mcus" : NULL);
	cus_session_close(q);
	cus_session_close(d);
	cus_db_close(db);
}

static void teardown(void)
{
	tmpdir_remove(dir);
	dir = NULL;
}

static int generate(cus_db *db, const char *purpose, const char *name, const char *def, const char *period,
	const char *out, cus_report_result *r)
{
	cus_session *s = NULL;
	int rc = cus_session_open(&s, db, purpose);
	if (rc)
		return rc;
	cus_report_options o = CUS_REPORT_OPTIONS_INIT;
	o.definition = def;
	rc = cus_report_generate(r, s, name, period, out, &o);
	cus_session_close(s);
	return rc;
}

/* The sheets' XML of a workbook, unzipped into one file. */
static const char *sheets_xml(const char *xlsx, const char *name)
{
	static char out[4200];
	snprintf(out, sizeof out, "%s", path_in(dir, name));
	char cmd[9000];
	snprintf(cmd, sizeof cmd, "unzip -p '%s' 'xl/worksheets/*.xml' 'xl/sharedStrings.xml' 'docProps/*.xml' "
		"> '%s' 2>/dev/null", xlsx, out);
	ck_assert_int_ne(system(cmd), -1);
	return out;
}

START_TEST(test_report_generate__director_reproducible_and_audited)
{
	cus_db *db = centre_open_as(dir, "dir");
	cus_report_result r1, r2;
	char out1[4200], out2[4200];
	snprintf(out1, sizeof out1, "%s", path_in(dir, "a.xlsx"));
	snprintf(out2, sizeof out2, "%s", path_in(dir, "b.xlsx"));
	int rc = generate(db, "reporting", "director-semiannual", NULL, "2022h1", out1, &r1);
	ck_assert_msg(rc == 0, "generate: %s", cus_error_last()->message);
	ck_assert_str_eq(r1.code, "director-semiannual");
	ck_assert_str_eq(r1.period, "2022H1");
	ck_assert_uint_eq(strlen(r1.snapshot_sha256), 64);
	ck_assert_uint_eq(r1.sheets, 8);
	ck_assert_uint_ge(r1.charts, 3);   /* a chart of nothing but zeros is left out */
	ck_assert_uint_gt(r1.cells, 50);
	ck_assert_uint_eq(r1.suppressed, 0);
	struct stat st;
	ck_assert_int_eq(stat(out1, &st), 0);
	ck_assert_int_eq((int64_t)st.st_size, r1.bytes);
	ck_assert_int_eq(generate(db, "reporting", "director-semiannual", NULL, "2022H1", out2, &r2), 0);
	ck_assert_str_eq(r1.snapshot_sha256, r2.snapshot_sha256);
	ck_assert_int_eq(audit_count(db, "report.export", "ok", NULL), 2);
	/* another period gives another snapshot */
	ck_assert_int_eq(generate(db, "reporting", "director-semiannual", NULL, "2022H2", out2, &r2), 0);
	ck_assert_str_ne(r1.snapshot_sha256, r2.snapshot_sha256);
	/* no personal data in a report */
	const char *xml = sheets_xml(out1, "a.txt");
	ck_assert(!file_contains(xml, "Pseudonimowski", 14));
	ck_assert(!file_contains(xml, "Zmyślona", strlen("Zmyślona")));
	ck_assert(file_contains(xml, "Milanowski Klub Seniora", strlen("Milanowski Klub Seniora")));
	cus_db_close(db);
}
END_TEST

START_TEST(test_report_generate__refusals)
{
	cus_db *db = centre_open_as(dir, "dir");
	const char *out = path_in(dir, "x.xlsx");
	cus_report_result r;
	ck_assert_cus(generate(db, "reporting", "director-semiannual", NULL, "2022", out, &r), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "period");
	ck_assert_cus(generate(db, "reporting", "no-such-report", NULL, "2022", out, &r), CUS_ENOTFOUND);
	ck_assert_cus(generate(db, "reporting", "../x", NULL, "2022", out, &r), CUS_EINVAL);
	ck_assert_cus(generate(db, "reporting", "mayor-annual", NULL, "2022", "/nonexistent/dir/x.xlsx", &r), CUS_EIO);
	struct stat st;
	ck_assert_int_ne(stat(out, &st), 0);
	cus_db_close(db);
	db = centre_open_as(dir, "ous");
	ck_assert_cus(generate(db, "qualification", "mayor-annual", NULL, "2022", out, &r), CUS_EDENIED);
	ck_assert_int_eq(audit_count(db, "report.export", "denied", NULL), 1);
	ck_assert_int_ne(stat(out, &st), 0);
	cus_db_close(db);
}
END_TEST

START_TEST(test_report_generate__formula_text_stays_text)
{
	const char *def = "report:\n  code: formulas\n  title: \"=HYPERLINK(\\\"http://evil\\\")\"\n"
		"  audience: internal\n  periods: [year]\n"
		"sheets:\n  - name: \"+A\"\n    title: \"@SUM(A1)\"\n    blocks:\n"
		"      - text: \"-2+3\"\n"
		"      - table:\n          title: \"=1+1\"\n          rows: [area]\n"
		"          values: [{measure: persons, label: \"=cmd|' /C calc'!A0\"}]\n";
	const char *path = path_in(dir, "f.yaml");
	file_write(path, def, strlen(def));
	cus_db *db = centre_open_as(dir, "dir");
	char out[4200];
	snprintf(out, sizeof out, "%s", path_in(dir, "f.xlsx"));
	cus_report_result r;
	char defpath[4200];
	snprintf(defpath, sizeof defpath, "%s", path);
	int rc = generate(db, "reporting", NULL, defpath, "2022", out, &r);
	ck_assert_msg(rc == 0, "generate: %s", cus_error_last()->message);
	const char *xml = sheets_xml(out, "f.txt");
	ck_assert(!file_contains(xml, "<f>", 3));
	ck_assert(file_contains(xml, "=1+1", 4));
	ck_assert(file_contains(xml, "-2+3", 4));
	ck_assert(file_contains(xml, "@SUM(A1)", 8));
	cus_db_close(db);
}
END_TEST

START_TEST(test_report_generate__public_suppressed)
{
	cus_db *db = centre_open_as(dir, "dir");
	char out[4200];
	snprintf(out, sizeof out, "%s", path_in(dir, "p.xlsx"));
	cus_report_result r;
	int rc = generate(db, "reporting", "council-public", NULL, "2022", out, &r);
	ck_assert_msg(rc == 0, "generate: %s", cus_error_last()->message);
	/* two persons of legal counselling: their cells, and what would give them away, are "x" */
	ck_assert_uint_gt(r.suppressed, 0);
	const char *xml = sheets_xml(out, "p.txt");
	ck_assert(!file_contains(xml, "Pseudonimowski", 14));
	ck_assert(!file_contains(xml, "Bonifacy", 8));
	cus_db_close(db);
}
END_TEST

TCase *tcase_report_generate(void)
{
	TCase *tc = tcase_create("generate");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_report_generate__director_reproducible_and_audited);
	tcase_add_test(tc, test_report_generate__refusals);
	tcase_add_test(tc, test_report_generate__formula_text_stays_text);
	tcase_add_test(tc, test_report_generate__public_suppressed);
	return tc;
}
