/* cus_import_persons end to end: a centre made with the Milanówek policy, a
 * KIPUS importing files as Polish Excel and other programs write them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/access.h"
#include "store/store.h"
#include "helpers.h"


static char *dir;
static cus_db *db;
static cus_session *s;

static void setup(void)
{
	dir = tmpdir_new();
	cus_key *k = key_pass("admin passphrase");
	cus_db *a = NULL;
	int rc = cus_db_init(&a, path_in(dir, "c.db"), "admin", k, TEST_POLICY, NULL);
	ck_assert_msg(rc == 0, "cus_db_init: %s", cus_error_last()->message);
	cus_key_free(k);
	cus_session *as = session_for(a, "administration");
	centre_add_user(as, "kipus1", "kipus");
	cus_session_close(as);
	cus_db_close(a);
	db = centre_open_as(dir, "kipus1");
	s = session_for(db, "qualification");
}

static void teardown(void)
{
	cus_session_close(s);
	cus_db_close(db);
	s = NULL;
	db = NULL;
	tmpdir_remove(dir);
	dir = NULL;
}

static const char *csv_file(const char *bytes, size_t len)
{
	const char *p = path_in(dir, "persons.csv");
	file_write(p, bytes, len);
	return p;
}
#define CSV(lit) csv_file(lit, sizeof lit - 1)

static int64_t count_sql(sqlite3 *sql, const char *q)
{
	sqlite3_stmt *st = NULL;
	ck_assert_int_eq(sqlite3_prepare_v2(sql, q, -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	int64_t n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static int64_t persons(void)
{
	return count_sql(cus__db_sql(db), "SELECT count(*) FROM persons");
}

/* Rows in every table of the key store file. */
static int64_t keystore_rows(void)
{
	sqlite3_stmt *st = NULL;
	ck_assert_int_eq(sqlite3_prepare_v2(db->ks, "SELECT name FROM sqlite_master WHERE type = 'table'", -1, &st,
		NULL), SQLITE_OK);
	int64_t n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		char q[200];
		snprintf(q, sizeof q, "SELECT count(*) FROM \"%s\"", (const char *)sqlite3_column_text(st, 0));
		n += count_sql(db->ks, q);
	}
	sqlite3_finalize(st);
	return n;
}

/* The detail of the newest audit entry of action with outcome (static buffer). */
static const char *audit_detail(const char *action, const char *outcome)
{
	static char buf[256];
	sqlite3_stmt *st = NULL;
	ck_assert_int_eq(sqlite3_prepare_v2(cus__db_sql(db), "SELECT detail, categories FROM audit_log"
		" WHERE action = ?1 AND outcome = ?2 ORDER BY seq DESC LIMIT 1", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, outcome, -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	snprintf(buf, sizeof buf, "%s|%s", (const char *)sqlite3_column_text(st, 0),
		(const char *)sqlite3_column_text(st, 1));
	sqlite3_finalize(st);
	return buf;
}

static void dump(const cus_import_report *r)
{
	for (size_t i = 0; r && i < r->error_count; i++)
		fprintf(stderr, "  line %lld: %s: %s\n", (long long)r->errors[i].line, r->errors[i].field,
			r->errors[i].message);
}

static int import(cus_import_report **r, const char *path, const cus_import_options *o)
{
	int rc = cus_import_persons(r, s, path, o);
	if (rc && rc != CUS_EINVAL)
		fprintf(stderr, "import: %s: %s\n", cus_error_name(rc), cus_error_last()->message);
	return rc;
}

static void assert_error(const cus_import_report *r, size_t i, int64_t line, const char *field)
{
	ck_assert_uint_lt(i, r->error_count);
	ck_assert_msg(r->errors[i].line == line && !strcmp(r->errors[i].field, field),
		"error %zu is line %lld: %s: %s; expected line %lld: %s", i, (long long)r->errors[i].line,
		r->errors[i].field, r->errors[i].message, (long long)line, field);
	ck_assert_ptr_nonnull(r->errors[i].message);
	ck_assert(r->errors[i].message[0] != '\0');
}

static void assert_person(const char *pesel, const char *first, const char *last, const char *address)
{
	cus_person *p = NULL;
	int rc = cus_person_by_pesel(&p, s, pesel);
	ck_assert_msg(rc == 0, "cus_person_by_pesel: %s", cus_error_last()->message);
	ck_assert_str_eq(p->first_names, first);
	ck_assert_str_eq(p->last_name, last);
	if (address)
		ck_assert_str_eq(p->address, address);
	else
		ck_assert_ptr_null(p->address);
	cus_person_free(p);
}

/* Valid PESELs: 44051401359 (M 1944-05-14), 02070803628 (F 2002-07-08),
 * 90090515836 (M 1990-09-05), and more from cus_pesel_make(). */

START_TEST(test_import_persons__utf8_semicolon_file)
{
	const char *path = CSV("pesel;first_name;last_name;address;phone;email\r\n"
		"44051401359;Jan;Kowalski;ul. Kościuszki 12, 05-822 Milanówek;+48 600 100 200;jan@example.pl\r\n"
		"02070803628;Zażółć;Gęślą-Jaźń;;;\r\n"
		"90090515836;Łukasz Józef;Źrebiec;\"ul. Wojska Polskiego 1; lok. 2\";;\r\n");
	cus_import_report *r = NULL;
	int64_t before = persons();
	ck_assert_int_eq(import(&r, path, NULL), 0);
	dump(r);
	ck_assert_int_eq(r->rows, 3);
	ck_assert_int_eq(r->imported, 3);
	ck_assert_uint_eq(r->error_count, 0);
	ck_assert_uint_eq(r->error_total, 0);
	ck_assert_str_eq(r->encoding, "utf-8");
	ck_assert_int_eq(r->delimiter, ';');
	cus_import_report_free(r);
	ck_assert_int_eq(persons(), before + 3);
	assert_person("44051401359", "Jan", "Kowalski", "ul. Kościuszki 12, 05-822 Milanówek");
	assert_person("02070803628", "Zażółć", "Gęślą-Jaźń", NULL);
	assert_person("90090515836", "Łukasz Józef", "Źrebiec", "ul. Wojska Polskiego 1; lok. 2");
}
END_TEST

START_TEST(test_import_persons__cp1250_excel_file)
{
	/* "PESEL;Imię;Nazwisko;Adres" and Polish names, as Excel saves "CSV (rozdzielany średnikami)" */
	const char *path = CSV("PESEL;Imi\xea;Nazwisko;Adres\r\n"
		"44051401359;Za\xbf\xf3\xb3\xe6;\xa3\xf3" "d\x9f;\x8cl\xb9sk\r\n"
		"02070803628;\xa3ucja;\x8cwi\xeatos\xb3" "awska;ul. \xafwirki i Wigury 3, \xa3\xf3" "d\x9f\r\n");
	cus_import_report *r = NULL;
	ck_assert_int_eq(import(&r, path, NULL), 0);
	dump(r);
	ck_assert_str_eq(r->encoding, "cp1250");
	ck_assert_int_eq(r->delimiter, ';');
	ck_assert_int_eq(r->imported, 2);
	cus_import_report_free(r);
	assert_person("44051401359", "Zażółć", "Łódź", "Śląsk");
	assert_person("02070803628", "Łucja", "Świętosławska", "ul. Żwirki i Wigury 3, Łódź");
}
END_TEST

START_TEST(test_import_persons__cp1250_given_explicitly)
{
	const char *path = CSV("pesel;first_names;last_name\n44051401359;Za\xbf\xf3\xb3\xe6;Kowalski\n");
	cus_import_options o = CUS_IMPORT_OPTIONS_INIT;
	o.encoding = "cp1250";
	o.delimiter = ';';
	cus_import_report *r = NULL;
	ck_assert_int_eq(import(&r, path, &o), 0);
	ck_assert_str_eq(r->encoding, "cp1250");
	cus_import_report_free(r);
	assert_person("44051401359", "Zażółć", "Kowalski", NULL);
}
END_TEST

START_TEST(test_import_persons__utf8_comma_bom_quoted_multiline)
{
	const char *path = CSV("\xEF\xBB\xBF" "last_name,first_names,pesel,address\n"
		"\"Nowak, junior\",Anna,02070803628,\"ul. Długa 5\n05-822 Milanówek\"\n"
		"\n"
		"Wiśniewski,\"Piotr \"\"Pit\"\"\",44051401359,\n");
	cus_import_report *r = NULL;
	ck_assert_int_eq(import(&r, path, NULL), 0);
	dump(r);
	ck_assert_str_eq(r->encoding, "utf-8");
	ck_assert_int_eq(r->delimiter, ',');
	ck_assert_int_eq(r->rows, 2);
	ck_assert_int_eq(r->imported, 2);
	cus_import_report_free(r);
	/* the line break inside the address is white space, collapsed */
	assert_person("02070803628", "Anna", "Nowak, junior", "ul. Długa 5 05-822 Milanówek");
	assert_person("44051401359", "Piotr \"Pit\"", "Wiśniewski", NULL);
}
END_TEST

START_TEST(test_import_persons__three_bad_rows_listed_nothing_stored)
{
	const char *path = CSV("pesel;first_names;last_name;email\n"
		"44051401359;Jan;Kowalski;\n"
		"44051401358;Adam;Nowak;\n"                 /* line 3: check digit */
		"02070803628;Anna;Zielińska;\n"
		"90090515836;Piotr;;\n"                     /* line 5: no last name */
		"\n"
		"80010112340;Ewa;Wójcik;ewa(at)example.pl\n"); /* line 7: e-mail */
	int64_t before = persons(), keys = keystore_rows();
	int ok_before = audit_count(db, "person.import", "ok", NULL);
	cus_import_report *r = NULL;
	ck_assert_int_eq(import(&r, path, NULL), CUS_EINVAL);
	dump(r);
	ck_assert_int_eq(r->rows, 5);
	ck_assert_int_eq(r->imported, 0);
	ck_assert_uint_eq(r->error_count, 3);
	ck_assert_uint_eq(r->error_total, 3);
	assert_error(r, 0, 3, "pesel");
	assert_error(r, 1, 5, "last_name");
	assert_error(r, 2, 7, "email");
	/* never the value itself */
	for (size_t i = 0; i < r->error_count; i++) {
		ck_assert_ptr_null(strstr(r->errors[i].message, "44051401358"));
		ck_assert_ptr_null(strstr(r->errors[i].message, "ewa(at)"));
	}
	cus_import_report_free(r);
	ck_assert_int_eq(persons(), before);
	ck_assert_int_eq(keystore_rows(), keys);
	ck_assert_int_eq(audit_count(db, "person.import", "ok", NULL), ok_before);
}
END_TEST

/* A file of n persons with valid PESELs; row bad (1-based, 0: none) has a
 * bad PESEL. */
static const char *big_file(int n, int bad)
{
	size_t cap = (size_t)n * 64 + 64, len = 0;
	char *b = malloc(cap);
	len += (size_t)snprintf(b, cap, "pesel;first_names;last_name\n");
	for (int i = 1; i <= n; i++) {
		char pesel[12], date[11];
		ck_assert_int_eq(cus_date_add_days(date, "1940-01-01", i % 20000), 0);
		ck_assert_int_eq(cus_pesel_make(pesel, date, i % 2 ? 'M' : 'F', i / 20000), 0);
		if (i == bad)
			pesel[10] = (char)('0' + (pesel[10] - '0' + 1) % 10);
		len += (size_t)snprintf(b + len, cap - len, "%s;Jan;Kowalski\n", pesel);
	}
	const char *p = csv_file(b, len);
	free(b);
	return p;
}

START_TEST(test_import_persons__bad_row_5000_stores_nothing)
{
	const char *path = big_file(6000, 5000);
	int64_t before = persons(), keys = keystore_rows();
	cus_import_report *r = NULL;
	ck_assert_int_eq(import(&r, path, NULL), CUS_EINVAL);
	ck_assert_int_eq(r->rows, 6000);
	ck_assert_uint_eq(r->error_count, 1);
	assert_error(r, 0, 5001, "pesel");
	cus_import_report_free(r);
	ck_assert_int_eq(persons(), before);
	ck_assert_int_eq(keystore_rows(), keys);
	ck_assert_int_eq(audit_count(db, "person.import", "ok", NULL), 0);
}
END_TEST

START_TEST(test_import_persons__duplicate_pesel_in_file)
{
	const char *path = CSV("pesel;first_names;last_name\n"
		"44051401359;Jan;Kowalski\n"
		"02070803628;Anna;Nowak\n"
		"44051401359;Janusz;Kowalski\n");
	cus_import_report *r = NULL;
	ck_assert_int_eq(import(&r, path, NULL), CUS_EINVAL);
	ck_assert_uint_eq(r->error_count, 1);
	assert_error(r, 0, 4, "pesel");
	ck_assert_ptr_nonnull(strstr(r->errors[0].message, "line 2"));
	cus_import_report_free(r);
	ck_assert_int_eq(persons(), 0);
}
END_TEST

START_TEST(test_import_persons__pesel_already_registered_rejects_file)
{
	cus_person_input in = CUS_PERSON_INPUT_INIT;
	in.pesel = "02070803628";
	in.first_names = "Anna";
	in.last_name = "Nowak";
	ck_assert_int_eq(cus_person_add(s, &in, NULL), 0);
	int64_t keys = keystore_rows();
	const char *path = CSV("pesel;first_names;last_name\n"
		"44051401359;Jan;Kowalski\n"
		"02070803628;Anna;Nowak\n"
		"90090515836;Piotr;Zieliński\n");
	cus_import_report *r = NULL;
	ck_assert_int_eq(import(&r, path, NULL), CUS_EINVAL);
	dump(r);
	ck_assert_int_eq(r->imported, 0);
	ck_assert_uint_eq(r->error_count, 1);
	assert_error(r, 0, 3, "pesel");
	cus_import_report_free(r);
	ck_assert_int_eq(persons(), 1);
	ck_assert_int_eq(keystore_rows(), keys);
	ck_assert_int_eq(audit_count(db, "person.import", "ok", NULL), 0);
	ck_assert_int_eq(audit_count(db, "person.import", "error", NULL), 1);
	/* the person registered before is intact, the others absent */
	assert_person("02070803628", "Anna", "Nowak", NULL);
	cus_person *p = NULL;
	ck_assert_cus(cus_person_by_pesel(&p, s, "44051401359"), CUS_ENOTFOUND);
}
END_TEST

START_TEST(test_import_persons__denied_role)
{
	/* a KIPUS only reads for service delivery */
	cus_session *ro = session_for(db, "service_delivery");
	const char *path = CSV("pesel;first_names;last_name\n44051401359;Jan;Kowalski\n");
	cus_import_report *r = NULL;
	ck_assert_cus(cus_import_persons(&r, ro, path, NULL), CUS_EDENIED);
	ck_assert_int_eq(r->imported, 0);
	cus_import_report_free(r);
	cus_session_close(ro);
	ck_assert_int_eq(persons(), 0);
	ck_assert_int_eq(audit_count(db, "person.import", "denied", NULL), 1);
	ck_assert_int_eq(audit_count(db, "person.import", "ok", NULL), 0);
}
END_TEST

START_TEST(test_import_persons__one_audit_entry_with_row_count)
{
	const char *path = big_file(1500, 0);
	int before = audit_count(db, "person.import", NULL, NULL);
	cus_import_report *r = NULL;
	ck_assert_int_eq(import(&r, path, NULL), 0);
	ck_assert_int_eq(r->imported, 1500);
	cus_import_report_free(r);
	ck_assert_int_eq(audit_count(db, "person.import", NULL, NULL), before + 1);
	ck_assert_int_eq(audit_count(db, "person.import", "ok", NULL), 1);
	/* no entry per person */
	ck_assert_int_eq(audit_count(db, "person.add", NULL, NULL), 0);
	const char *d = audit_detail("person.import", "ok");
	ck_assert_msg(strstr(d, "1500 rows") != NULL, "detail: %s", d);
	ck_assert_msg(strstr(d, "|basic,contact,financial") != NULL, "categories: %s", d);
	ck_assert_int_eq(persons(), 1500);
}
END_TEST

START_TEST(test_import_persons__header_errors_on_line_1)
{
	const char *path = CSV("pesel;first_name;nazwisko;shoe_size;last_name;\n44051401359;Jan;Kowalski;42;K;\n");
	cus_import_report *r = NULL;
	ck_assert_int_eq(import(&r, path, NULL), CUS_EINVAL);
	dump(r);
	ck_assert_uint_eq(r->error_count, 2);
	assert_error(r, 0, 1, "(header)");   /* column 4: unknown */
	ck_assert_ptr_nonnull(strstr(r->errors[0].message, "column 4"));
	assert_error(r, 1, 1, "last_name");  /* column 5 repeats column 3 (nazwisko); column 6 is unnamed, empty */
	cus_import_report_free(r);

	path = CSV("pesel;first_names\n44051401359;Jan\n");
	ck_assert_int_eq(import(&r, path, NULL), CUS_EINVAL);
	ck_assert_uint_eq(r->error_count, 1);
	assert_error(r, 0, 1, "last_name");
	cus_import_report_free(r);

	path = CSV("first_names;last_name;sex\nJan;Kowalski;M\n");
	ck_assert_int_eq(import(&r, path, NULL), CUS_EINVAL);
	ck_assert_uint_eq(r->error_count, 1);
	assert_error(r, 0, 1, "pesel");
	cus_import_report_free(r);

	/* no header row: one error, and the data is not quoted back */
	path = CSV("44051401359;Jan;Kowalski\n02070803628;Anna;Nowak\n");
	ck_assert_int_eq(import(&r, path, NULL), CUS_EINVAL);
	ck_assert_uint_eq(r->error_count, 1);
	assert_error(r, 0, 1, "(header)");
	ck_assert_ptr_null(strstr(r->errors[0].message, "Kowalski"));
	cus_import_report_free(r);

	path = CSV("");
	ck_assert_int_eq(import(&r, path, NULL), CUS_EINVAL);
	assert_error(r, 0, 1, "(header)");
	cus_import_report_free(r);

	/* a delimiter given wrongly: one column */
	path = CSV("pesel;first_names;last_name\n44051401359;Jan;Kowalski\n");
	cus_import_options o = CUS_IMPORT_OPTIONS_INIT;
	o.delimiter = ',';
	ck_assert_int_eq(import(&r, path, &o), CUS_EINVAL);
	ck_assert_uint_eq(r->error_count, 1);
	assert_error(r, 0, 1, "(header)");
	ck_assert_ptr_nonnull(strstr(r->errors[0].message, "delimiter"));
	cus_import_report_free(r);
	ck_assert_int_eq(persons(), 0);
}
END_TEST

START_TEST(test_import_persons__row_shape_and_values)
{
	const char *path = CSV("pesel;first_names;last_name;birth_date;sex;registered\n"
		"44051401359;Jan;Kowalski;14.05.1944;m;1.2.2023\n"       /* agrees with the PESEL; D.M.YYYY */
		"02070803628;Anna;Nowak\n"                                /* line 3: 3 fields */
		"90090515836;Piotr;Zieliński;1990-09-06;;\n"              /* line 4: birth date disagrees */
		";Maria;Wójcik;1951-02-30;F;\n"                           /* line 5: no such day */
		";Maria;Wójcik;1951-02-28;X;\n"                           /* line 6: sex */
		"\"80010112340\"x;Ewa;Lis;;;\n"                           /* line 7: text after the quote */
		";Zofia;Kot;1939-09-01;K;2023-13-01\n");                  /* line 8: registered */
	cus_import_report *r = NULL;
	ck_assert_int_eq(import(&r, path, NULL), CUS_EINVAL);
	dump(r);
	ck_assert_uint_eq(r->error_count, 6);
	assert_error(r, 0, 3, "(row)");
	assert_error(r, 1, 4, "birth_date");
	assert_error(r, 2, 5, "birth_date");
	assert_error(r, 3, 6, "sex");
	assert_error(r, 4, 7, "pesel");
	assert_error(r, 5, 8, "registered");
	cus_import_report_free(r);

	/* the good rows alone import, a person without a PESEL too */
	path = CSV("pesel;first_names;last_name;birth_date;sex;registered\n"
		"44051401359;Jan;Kowalski;14.05.1944;m;1.2.2023\n"
		";Zofia;Kot;01.09.1939;K;\n");
	ck_assert_int_eq(import(&r, path, NULL), 0);
	dump(r);
	cus_import_report_free(r);
	cus_person *p = NULL;
	ck_assert_int_eq(cus_person_by_pesel(&p, s, "44051401359"), 0);
	ck_assert_str_eq(p->registered, "2023-02-01");
	ck_assert_str_eq(p->birth_date, "1944-05-14");
	cus_person_free(p);
	ck_assert_int_eq(persons(), 2);
}
END_TEST

START_TEST(test_import_persons__unnamed_empty_columns_ignored)
{
	/* Excel's trailing empty columns */
	const char *path = CSV("pesel;first_names;last_name;;\r\n44051401359;Jan;Kowalski;;\r\n"
		"02070803628;Anna;Nowak; ;\r\n");
	cus_import_report *r = NULL;
	ck_assert_int_eq(import(&r, path, NULL), 0);
	dump(r);
	ck_assert_int_eq(r->imported, 2);
	cus_import_report_free(r);
	/* but a value there is refused */
	path = CSV("pesel;first_names;;last_name\n90090515836;Piotr;x;Lis\n");
	ck_assert_int_eq(import(&r, path, NULL), CUS_EINVAL);
	ck_assert_uint_eq(r->error_count, 1);
	assert_error(r, 0, 2, "(row)");
	ck_assert_ptr_nonnull(strstr(r->errors[0].message, "column 3"));
	cus_import_report_free(r);
	ck_assert_int_eq(persons(), 2);
}
END_TEST

START_TEST(test_import_persons__wrong_encoding_given)
{
	const char *path = CSV("pesel;first_names;last_name\n44051401359;Za\xbf\xf3\xb3\xe6;Kowalski\n");
	cus_import_options o = CUS_IMPORT_OPTIONS_INIT;
	o.encoding = "utf-8";
	cus_import_report *r = NULL;
	ck_assert_int_eq(import(&r, path, &o), CUS_EINVAL);
	ck_assert_uint_eq(r->error_count, 1);
	assert_error(r, 0, 2, "first_names");
	ck_assert_ptr_nonnull(strstr(r->errors[0].message, "cp1250"));
	cus_import_report_free(r);

	/* a UTF-8 file (with its BOM) read as CP1250 */
	path = CSV("\xEF\xBB\xBFpesel;first_names;last_name\n44051401359;Jan;Kowalski\n");
	o.encoding = "cp1250";
	ck_assert_int_eq(import(&r, path, &o), CUS_EINVAL);
	ck_assert_uint_eq(r->error_count, 1);
	assert_error(r, 0, 1, "(header)");
	cus_import_report_free(r);

	/* a BOM says UTF-8: a CP1250 byte after it is a bad value, not a reason to guess CP1250 */
	path = CSV("\xEF\xBB\xBFpesel;first_names;last_name\n44051401359;Jan;Kowalski\n02070803628;\xa3ucja;Nowak\n");
	ck_assert_int_eq(import(&r, path, NULL), CUS_EINVAL);
	ck_assert_str_eq(r->encoding, "utf-8");
	ck_assert_uint_eq(r->error_count, 1);
	assert_error(r, 0, 3, "first_names");
	cus_import_report_free(r);
	ck_assert_int_eq(persons(), 0);
}
END_TEST

/* Rewrites the file (same length, another name) at the given progress call. */
typedef struct {
	int calls, at;
	const char *path;
} changer;

static void change_file(void *ctx, uint64_t done, uint64_t total)
{
	(void)done;
	(void)total;
	changer *ch = ctx;
	if (++ch->calls != ch->at)
		return;
	size_t len = 0;
	unsigned char *b = file_read(ch->path, &len);
	unsigned char *k = (unsigned char *)strstr((char *)b + len - 200, "Jan");
	ck_assert_ptr_nonnull(k);
	memcpy(k, "Jon", 3);
	file_write(ch->path, b, len);
	free(b);
}

START_TEST(test_import_persons__file_changed_during_import)
{
	/* 6000 rows: larger than the reader's buffer, so the end is read after the change */
	const char *path = big_file(6000, 0);
	int64_t keys = keystore_rows();
	cus_import_options o = CUS_IMPORT_OPTIONS_INIT;
	changer ch = { 0, 1, path };
	o.progress = change_file;
	o.progress_ctx = &ch;
	cus_import_report *r = NULL;
	/* during the check */
	ck_assert_cus(cus_import_persons(&r, s, path, &o), CUS_EIO);
	cus_import_report_free(r);
	/* during the store (calls 1-6 check, 7 is the first of the store) */
	path = big_file(6000, 0);
	ch = (changer){ 0, 7, path };
	ck_assert_cus(cus_import_persons(&r, s, path, &o), CUS_EIO);
	ck_assert_int_eq(r->imported, 0);
	cus_import_report_free(r);
	ck_assert_int_eq(persons(), 0);
	ck_assert_int_eq(keystore_rows(), keys);
	ck_assert_int_eq(audit_count(db, "person.import", "ok", NULL), 0);
}
END_TEST

START_TEST(test_import_persons__bad_arguments)
{
	const char *path = CSV("pesel;first_names;last_name\n44051401359;Jan;Kowalski\n");
	cus_import_options o = CUS_IMPORT_OPTIONS_INIT;
	cus_import_report *r = NULL;
	o.encoding = "latin2";
	ck_assert_cus(cus_import_persons(&r, s, path, &o), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "encoding");
	ck_assert_uint_eq(r->error_count, 0);
	cus_import_report_free(r);
	o.encoding = NULL;
	o.delimiter = '|';
	ck_assert_cus(cus_import_persons(&r, s, path, &o), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "delimiter");
	cus_import_report_free(r);
	o.delimiter = 0;
	o.version = 99;
	ck_assert_cus(cus_import_persons(&r, s, path, &o), CUS_EINVAL);
	cus_import_report_free(r);
	ck_assert_cus(cus_import_persons(NULL, s, path, NULL), CUS_EINVAL);
	ck_assert_cus(cus_import_persons(&r, NULL, path, NULL), CUS_EINVAL);
	cus_import_report_free(r);
	ck_assert_cus(cus_import_persons(&r, s, path_in(dir, "missing.csv"), NULL), CUS_ENOTFOUND);
	cus_import_report_free(r);
	ck_assert_cus(cus_import_persons(&r, s, dir, NULL), CUS_EIO);
	cus_import_report_free(r);
	cus_import_report_free(NULL);
	ck_assert_int_eq(persons(), 0);
}
END_TEST

typedef struct {
	int calls;
	uint64_t last_done, last_total, max_done;
	int restarts;
} progress_log;

static void on_progress(void *ctx, uint64_t done, uint64_t total)
{
	progress_log *l = ctx;
	if (l->calls && done < l->last_done)
		l->restarts++;
	l->calls++;
	l->last_done = done;
	l->last_total = total;
	if (done > l->max_done)
		l->max_done = done;
}

START_TEST(test_import_persons__progress)
{
	const char *path = big_file(2500, 0);
	progress_log log = { 0 };
	cus_import_options o = CUS_IMPORT_OPTIONS_INIT;
	o.progress = on_progress;
	o.progress_ctx = &log;
	cus_import_report *r = NULL;
	ck_assert_int_eq(import(&r, path, &o), 0);
	cus_import_report_free(r);
	/* checked: 1000, 2000, 2500; stored: 1000, 2000, 2500 */
	ck_assert_int_eq(log.calls, 6);
	ck_assert_int_eq(log.restarts, 1);
	ck_assert_uint_eq(log.last_done, 2500);
	ck_assert_uint_eq(log.last_total, 2500);
	ck_assert_uint_eq(log.max_done, 2500);
}
END_TEST

START_TEST(test_import_persons__header_only_imports_nothing)
{
	const char *path = CSV("pesel;first_names;last_name\r\n\r\n");
	cus_import_report *r = NULL;
	ck_assert_int_eq(import(&r, path, NULL), 0);
	ck_assert_int_eq(r->rows, 0);
	ck_assert_int_eq(r->imported, 0);
	cus_import_report_free(r);
	ck_assert_int_eq(audit_count(db, "person.import", "ok", NULL), 1);
	ck_assert_ptr_nonnull(strstr(audit_detail("person.import", "ok"), "0 rows"));
}
END_TEST

START_TEST(test_import_persons__errors_beyond_1000_counted)
{
	size_t cap = 1300 * 32, len = 0;
	char *b = malloc(cap);
	len += (size_t)snprintf(b, cap, "pesel;first_names;last_name\n");
	for (int i = 0; i < 1200; i++)
		len += (size_t)snprintf(b + len, cap - len, "12345;Jan;Kowalski\n");
	const char *path = csv_file(b, len);
	free(b);
	cus_import_report *r = NULL;
	ck_assert_int_eq(import(&r, path, NULL), CUS_EINVAL);
	ck_assert_uint_eq(r->error_count, 1000);
	ck_assert_uint_eq(r->error_total, 1200);
	assert_error(r, 999, 1001, "pesel");
	cus_import_report_free(r);
}
END_TEST

TCase *tcase_import_persons(void)
{
	TCase *tc = tcase_create("persons");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_import_persons__utf8_semicolon_file);
	tcase_add_test(tc, test_import_persons__cp1250_excel_file);
	tcase_add_test(tc, test_import_persons__cp1250_given_explicitly);
	tcase_add_test(tc, test_import_persons__utf8_comma_bom_quoted_multiline);
	tcase_add_test(tc, test_import_persons__three_bad_rows_listed_nothing_stored);
	tcase_add_test(tc, test_import_persons__bad_row_5000_stores_nothing);
	tcase_add_test(tc, test_import_persons__duplicate_pesel_in_file);
	tcase_add_test(tc, test_import_persons__pesel_already_registered_rejects_file);
	tcase_add_test(tc, test_import_persons__denied_role);
	tcase_add_test(tc, test_import_persons__one_audit_entry_with_row_count);
	tcase_add_test(tc, test_import_persons__header_errors_on_line_1);
	tcase_add_test(tc, test_import_persons__row_shape_and_values);
	tcase_add_test(tc, test_import_persons__unnamed_empty_columns_ignored);
	tcase_add_test(tc, test_import_persons__wrong_encoding_given);
	tcase_add_test(tc, test_import_persons__file_changed_during_import);
	tcase_add_test(tc, test_import_persons__bad_arguments);
	tcase_add_test(tc, test_import_persons__progress);
	tcase_add_test(tc, test_import_persons__header_only_imports_nothing);
	tcase_add_test(tc, test_import_persons__errors_beyond_1000_counted);
	return tc;
}
