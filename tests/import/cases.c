/* cus_import_applications and cus_import_deliveries end to end: a centre with
 * the Milanówek policy (Programme 2021-08-01 .. 2023-09-30), an OUS filing
 * applications for "qualification" and recording deliveries for
 * "service_delivery", from files as Polish Excel and other programs write
 * them. Services used: legal_counselling (residence only, funded by
 * alcohol_fees) and diagnostic_point (residence only, eu_mcus or eu_rus2). */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/access.h"
#include "registry/internal.h"
#include "store/store.h"
#include "helpers.h"

static char *dir;
static cus_db *db;
static cus_session *s;        /* ous, qualification */
static int64_t pid[4];        /* four persons with PESELs */
static char pesel[4][12];

static void add_persons(void)
{
	static const char *const births[4] = { "1950-03-14", "1961-07-02", "1978-11-30", "1985-01-09" };
	for (int i = 0; i < 4; i++) {
		ck_assert_int_eq(cus_pesel_make(pesel[i], births[i], i % 2 ? 'M' : 'F', 100 + i), 0);
		cus_person_input in = CUS_PERSON_INPUT_INIT;
		in.pesel = pesel[i];
		in.first_names = "Ewa";
		in.last_name = "Próbna";
		int rc = cus_person_add(s, &in, &pid[i]);
		ck_assert_msg(rc == 0, "cus_person_add: %s", cus_error_last()->message);
	}
}

/* A new centre in a new dir, with the users of the case work, open as the
 * OUS for qualification; blind_bits: the width of its PESEL blind index. */
static void centre_new(int blind_bits)
{
	static const char *const users[][2] = { { "ous", "ous" }, { "dir", "director" } };
	dir = tmpdir_new();
	cus__registry_blind_bits = blind_bits;
	cus_key *k = key_pass("admin passphrase");
	cus_db *admin_db = NULL;
	ck_assert_cus(cus_db_init(&admin_db, path_in(dir, "c.db"), "admin", k, TEST_POLICY, NULL), 0);
	cus_key_free(k);
	cus_session *admin = session_for(admin_db, "administration");
	for (size_t u = 0; u < sizeof users / sizeof users[0]; u++)
		centre_add_user(admin, users[u][0], users[u][1]);
	cus_session_close(admin);
	cus_db_close(admin_db);
	db = centre_open_as(dir, "ous");
	s = session_for(db, "qualification");
}

static void setup(void)
{
	centre_new(CUS__BLIND_BITS);
	add_persons();
}

static void teardown(void)
{
	cus_session_close(s);
	cus_db_close(db);
	s = NULL;
	db = NULL;
	tmpdir_remove(dir);
	dir = NULL;
	cus__registry_blind_bits = CUS__BLIND_BITS;
}

/* A file in the centre's directory from printf-style text. */
static const char *file_of(const char *name, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static const char *file_of(const char *name, const char *fmt, ...)
{
	char *text = NULL;
	va_list ap;
	va_start(ap, fmt);
	int n = vasprintf(&text, fmt, ap);
	va_end(ap);
	ck_assert_int_ge(n, 0);
	const char *p = path_in(dir, name);
	file_write(p, text, (size_t)n);
	free(text);
	return p;
}

static int64_t sql_int(const char *q)
{
	sqlite3_stmt *st = NULL;
	ck_assert_int_eq(sqlite3_prepare_v2(cus__db_sql(db), q, -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* The report's errors as "line:field" joined by spaces, for one comparison
 * that shows the whole list when it fails. */
static const char *errors_of(const cus_import_report *r)
{
	static char buf[4096];
	size_t n = 0;
	buf[0] = 0;
	for (size_t i = 0; r && i < r->error_count && n + 80 < sizeof buf; i++) {
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%lld:%s", i ? " " : "", (long long)r->errors[i].line,
			r->errors[i].field);
		ck_assert_msg(r->errors[i].message && r->errors[i].message[0], "error %zu has no message", i);
	}
	return buf;
}

static void print_errors(const cus_import_report *r)
{
	for (size_t i = 0; r && i < r->error_count; i++)
		fprintf(stderr, "    %lld %s: %s\n", (long long)r->errors[i].line, r->errors[i].field,
			r->errors[i].message);
}

/* No error message of the report holds any of the persons' PESELs. */
static void no_pesel_in(const cus_import_report *r)
{
	for (size_t i = 0; i < r->error_count; i++)
		for (int k = 0; k < 4; k++)
			ck_assert_ptr_null(strstr(r->errors[i].message, pesel[k]));
}

/* Qualify every submitted application (on its own date). */
static void qualify_all(void)
{
	cus_qualify_summary sum;
	int rc = cus_qualify_pending(&sum, s, NULL, NULL);
	ck_assert_msg(rc == 0, "cus_qualify_pending: %s", cus_error_last()->message);
	ck_assert_int_eq(sum.refused + sum.pending, 0);
}

static cus_session *delivery_session(void)
{
	return session_for(db, "service_delivery");
}

/* ---- applications ---- */

START_TEST(test_import_cases__applications_utf8_comma_polish_header)
{
	const char *p = file_of("wnioski.csv",
		"Osoba,PESEL,Usługa,Data,Wnioskodawca,Przedstawiciel,Data oświadczenia,Okres (miesiące)\n"
		"%lld,,legal_counselling,2022-03-01,,,,\n"
		",%s,diagnostic_point,14.3.2022,carer,%lld,15.03.2022,4\n"
		"%lld,%s,legal_counselling,2022-04-01,self,,,0\n",
		(long long)pid[0], pesel[1], (long long)pid[3], (long long)pid[2], pesel[2]);
	/* "Okres (miesiące)" is no known name: the header is rejected, nothing read further */
	cus_import_report *r = NULL;
	ck_assert_cus(cus_import_applications(&r, s, p, NULL), CUS_EINVAL);
	ck_assert_str_eq(errors_of(r), "1:(header)");
	cus_import_report_free(r);

	p = file_of("wnioski.csv",
		"Osoba,PESEL,Usługa,Data,Wnioskodawca,Przedstawiciel,Data oświadczenia,Okres miesiące\n"
		"%lld,,legal_counselling,2022-03-01,,,,\n"
		",%s,diagnostic_point,14.3.2022,carer,%lld,15.03.2022,4\n"
		"%lld,%s,legal_counselling,2022-04-01,self,,,0\n",
		(long long)pid[0], pesel[1], (long long)pid[3], (long long)pid[2], pesel[2]);
	r = NULL;
	int rc = cus_import_applications(&r, s, p, NULL);
	print_errors(r);
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(r->rows, 3);
	ck_assert_int_eq(r->imported, 3);
	ck_assert_str_eq(r->encoding, "utf-8");
	ck_assert_int_eq(r->delimiter, ',');
	cus_import_report_free(r);

	/* the PESEL row is the second person's; every value as given */
	cus_application_iter *it = NULL;
	ck_assert_int_eq(cus_application_list(&it, s, pid[1], NULL), 0);
	const cus_application *a = NULL;
	ck_assert_int_eq(cus_application_next(&a, it), 0);
	ck_assert_str_eq(a->service, "diagnostic_point");
	ck_assert_str_eq(a->date, "2022-03-14");
	ck_assert_str_eq(a->applicant, "carer");
	ck_assert_int_eq(a->representative_id, pid[3]);
	ck_assert_str_eq(a->declaration_date, "2022-03-15");
	ck_assert_int_eq(a->duration_months, 4);
	ck_assert_int_eq(a->plan_required, 1);
	ck_assert_str_eq(a->status, "submitted");
	ck_assert_int_eq(cus_application_next(&a, it), CUS_ITEROVER);
	cus_application_iter_free(it);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM applications"), 3);
	char q[128];
	snprintf(q, sizeof q, "SELECT count(*) FROM applications WHERE person_id = %lld AND date = '2022-04-01'",
		(long long)pid[2]);
	ck_assert_int_eq(sql_int(q), 1);
}
END_TEST

START_TEST(test_import_cases__applications_cp1250_semicolon_excel)
{
	/* "Osoba;Usługa;Data;Data oświadczenia" as Excel saves it (CP1250: ł = B3, ś = 9C) */
	const char *p = file_of("excel.csv",
		"Osoba;Us\xb3uga;Data;Data o\x9cwiadczenia\r\n"
		"%lld;legal_counselling;1.3.2022;2.3.2022\r\n"
		";;;\r\n"
		"%lld;diagnostic_point;01.06.2022;\r\n",
		(long long)pid[0], (long long)pid[1]);
	cus_import_report *r = NULL;
	int rc = cus_import_applications(&r, s, p, NULL);
	print_errors(r);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(r->encoding, "cp1250");
	ck_assert_int_eq(r->delimiter, ';');
	ck_assert_int_eq(r->imported, 2);
	cus_import_report_free(r);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM applications WHERE date IN ('2022-03-01', '2022-06-01')"), 2);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM applications WHERE declaration_date = '2022-03-02'"), 1);
}
END_TEST

START_TEST(test_import_cases__applications_every_bad_row_listed)
{
	char unregistered[12];
	ck_assert_int_eq(cus_pesel_make(unregistered, "1999-09-09", 'F', 77), 0);
	const char *p = file_of("bad.csv",
		"person;pesel;service;date;applicant;representative;duration_months\n"
		"%lld;;no_such_service;2022-03-01;;;\n"        /* 2 service */
		"%lld;;legal_counselling;2022-02-30;;;\n"      /* 3 date: not a real date */
		"%lld;;legal_counselling;2020-01-01;;;\n"      /* 4 date: before the Programme */
		"999;;legal_counselling;2022-03-01;;;\n"       /* 5 person: does not exist (the database) */
		";%s;legal_counselling;2022-03-01;;;\n"        /* 6 pesel: not registered (the database) */
		";12345678901;legal_counselling;2022-03-01;;;\n" /* 7 pesel: bad check digit */
		"abc;;legal_counselling;2022-03-01;;;\n"       /* 8 person: not an id */
		"%lld;;legal_counselling;2022-03-01;;;121\n"   /* 9 duration_months */
		"%lld;;legal_counselling;2022-03-01;self;%lld;\n" /* 10 representative with self */
		"%lld;;legal_counselling;2022-03-01;carer;888;\n" /* 11 representative: does not exist */
		";;legal_counselling;2022-03-01;;;\n"          /* 12 person: neither id nor PESEL */
		"%lld;%s;legal_counselling;2022-03-01;;;\n"    /* 13 pesel: another person's */
		"%lld;;legal_counselling;2022-03-01;;;\n",     /* 14 good */
		(long long)pid[0], (long long)pid[0], (long long)pid[0], unregistered, (long long)pid[0],
		(long long)pid[0], (long long)pid[1], (long long)pid[0], (long long)pid[0], pesel[1],
		(long long)pid[2]);
	cus_import_report *r = NULL;
	ck_assert_cus(cus_import_applications(&r, s, p, NULL), CUS_EINVAL);
	ck_assert_str_eq(errors_of(r), "2:service 3:date 4:date 5:person 6:pesel 7:pesel 8:person "
		"9:duration_months 10:representative 11:representative 12:person 13:pesel");
	ck_assert_int_eq(r->imported, 0);
	ck_assert_int_eq(r->rows, 13);
	ck_assert_uint_eq(r->error_total, 12);
	no_pesel_in(r);
	cus_import_report_free(r);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM applications"), 0);
	/* the attempt that reached the database is audited as failed; nothing succeeded */
	ck_assert_int_eq(audit_count(db, "application.import", "ok", NULL), 0);
}
END_TEST

START_TEST(test_import_cases__applications_one_bad_row_stores_nothing)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	fputs("osoba,usluga,data\n", f);
	for (int i = 0; i < 300; i++)
		fprintf(f, "%lld,legal_counselling,%s\n", (long long)pid[i % 4], i == 250 ? "2022-13-01" : "2022-05-02");
	fclose(f);
	const char *p = path_in(dir, "many.csv");
	file_write(p, text, len);
	free(text);
	cus_import_report *r = NULL;
	ck_assert_cus(cus_import_applications(&r, s, p, NULL), CUS_EINVAL);
	ck_assert_str_eq(errors_of(r), "252:date");
	ck_assert_int_eq(r->rows, 300);
	cus_import_report_free(r);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM applications"), 0);
}
END_TEST

START_TEST(test_import_cases__applications_audit_entry_and_header_errors)
{
	const char *p = file_of("a.csv", "pesel;service;date\n%s;legal_counselling;2022-03-01\n"
		"%s;legal_counselling;2022-03-02\n", pesel[0], pesel[3]);
	int before = audit_count(db, "application.add", NULL, NULL);
	cus_import_report *r = NULL;
	ck_assert_int_eq(cus_import_applications(&r, s, p, NULL), 0);
	cus_import_report_free(r);
	ck_assert_int_eq(audit_count(db, "application.import", "ok", NULL), 1);
	ck_assert_int_eq(audit_count(db, "application.add", NULL, NULL), before); /* no entry per row */
	ck_assert_int_eq(sql_int("SELECT count(*) FROM audit_log WHERE action = 'application.import'"
		" AND detail LIKE '2 rows%' AND categories = 'basic'"), 1);

	/* no person column, no date column, an unknown one */
	p = file_of("h.csv", "usluga;kolor;data_oswiadczenia\nlegal_counselling;x;2022-03-01\n");
	r = NULL;
	ck_assert_cus(cus_import_applications(&r, s, p, NULL), CUS_EINVAL);
	ck_assert_str_eq(errors_of(r), "1:(header) 1:person 1:date");
	cus_import_report_free(r);
	ck_assert_int_eq(audit_count(db, "application.import", NULL, NULL), 1);
}
END_TEST

START_TEST(test_import_cases__applications_denied_file_not_read)
{
	cus_db *d = centre_open_as(dir, "dir");
	cus_session *ds = session_for(d, "reporting");
	cus_import_report *r = NULL;
	/* the file does not even exist: a denial comes first */
	ck_assert_cus(cus_import_applications(&r, ds, path_in(dir, "missing.csv"), NULL), CUS_EDENIED);
	ck_assert_uint_eq(r->error_count, 0);
	cus_import_report_free(r);
	r = NULL;
	ck_assert_cus(cus_import_deliveries(&r, ds, path_in(dir, "missing.csv"), NULL), CUS_EDENIED);
	cus_import_report_free(r);
	cus_session_close(ds);
	cus_db_close(d);
	ck_assert_int_eq(audit_count(db, "application.import", "denied", NULL), 1);
	ck_assert_int_eq(audit_count(db, "delivery.import", "denied", NULL), 1);
}
END_TEST

/* ---- deliveries ---- */

/* Applications of persons 0..2 for legal_counselling and of person 1 for
 * diagnostic_point, all of 2022-03-01, qualified on that date. */
static void qualified_applications(void)
{
	const char *p = file_of("apps.csv", "person,service,date\n%lld,legal_counselling,2022-03-01\n"
		"%lld,legal_counselling,2022-03-01\n%lld,legal_counselling,2022-03-01\n"
		"%lld,diagnostic_point,2022-03-01\n",
		(long long)pid[0], (long long)pid[1], (long long)pid[2], (long long)pid[1]);
	cus_import_report *r = NULL;
	int rc = cus_import_applications(&r, s, p, NULL);
	print_errors(r);
	ck_assert_int_eq(rc, 0);
	cus_import_report_free(r);
	qualify_all();
}

START_TEST(test_import_cases__deliveries_utf8_and_cp1250)
{
	qualified_applications();
	cus_session *ds = delivery_session();
	const char *p = file_of("d.csv",
		"Osoba,PESEL,Usługa,Data,Jednostki,Koszt,Wykonawca,Źródło finansowania\n"
		"%lld,,legal_counselling,2022-03-01,1,\"120,00\",Kancelaria Łąka,\n"
		",%s,diagnostic_point,15.3.2022,\"1,5\",\"1 234,56 zł\",,eu_rus2\n"
		"%lld,%s,legal_counselling,2022-04-01,2.25,,,alcohol_fees\n",
		(long long)pid[0], pesel[1], (long long)pid[2], pesel[2]);
	cus_import_report *r = NULL;
	int rc = cus_import_deliveries(&r, ds, p, NULL);
	print_errors(r);
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(r->imported, 3);
	ck_assert_int_eq(r->delimiter, ',');
	cus_import_report_free(r);
	char q[200];
	snprintf(q, sizeof q, "SELECT units * 1000000000 + cost FROM deliveries WHERE person_id = %lld"
		" AND funding = 'eu_rus2' AND date = '2022-03-15'", (long long)pid[1]);
	ck_assert_int_eq(sql_int(q), 150 * 1000000000LL + 123456);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM deliveries WHERE cost = 0 AND units = 225"), 1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM deliveries WHERE provider = 'Kancelaria Łąka'"
		" AND funding = 'alcohol_fees'"), 1);

	/* CP1250 ';' with "Usługa" and "Koszt" */
	p = file_of("excel.csv", "Osoba;Us\xb3uga;Data;Liczba;Koszt;Wykonawca\r\n"
		"%lld;legal_counselling;2.3.2022;1;50,00;Fundacja \xa3\xb9ka\r\n", (long long)pid[0]);
	r = NULL;
	rc = cus_import_deliveries(&r, ds, p, NULL);
	print_errors(r);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(r->encoding, "cp1250");
	ck_assert_int_eq(r->delimiter, ';');
	cus_import_report_free(r);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM deliveries WHERE provider = 'Fundacja Łąka' AND cost = 5000"
		" AND date = '2022-03-02'"), 1);
	ck_assert_int_eq(audit_count(db, "delivery.import", "ok", NULL), 2);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM audit_log WHERE action = 'delivery.import'"
		" AND detail LIKE '3 rows%'"), 1);
	ck_assert_int_eq(audit_count(db, "delivery.add", NULL, NULL), 0);
	cus_session_close(ds);
}
END_TEST

START_TEST(test_import_cases__deliveries_every_bad_row_listed)
{
	qualified_applications();
	cus_session *ds = delivery_session();
	const char *p = file_of("bad.csv",
		"person;service;date;units;cost;funding\n"
		"%1$lld;no_such_service;2022-03-05;1;10;\n"     /* 2 service */
		"%1$lld;legal_counselling;5.13.2022;1;10;\n"    /* 3 date: not a real date */
		"999;legal_counselling;2022-03-05;1;10;\n"      /* 4 person: does not exist (the database) */
		"%1$lld;legal_counselling;2022-02-28;1;10;\n"   /* 5 date: before the qualification */
		"%1$lld;legal_counselling;2022-03-05;1;-10;\n"  /* 6 cost: negative */
		"%1$lld;legal_counselling;2022-03-05;1;dużo;\n" /* 7 cost: not a number */
		"%1$lld;legal_counselling;2022-03-05;0;10;\n"   /* 8 units: zero */
		"%1$lld;legal_counselling;2022-03-05;;10;\n"    /* 9 units: empty */
		"%1$lld;legal_counselling;2022-03-05;1;10;eu_rap\n" /* 10 funding: not of the service */
		"%2$lld;diagnostic_point;2022-03-05;1;10;\n"    /* 11 funding: required (two sources) */
		"%1$lld;legal_counselling;2099-01-01;1;10;\n"   /* 12 date: after today */
		"%3$lld;diagnostic_point;2022-03-05;1;10;eu_mcus\n" /* 13 date: no such application */
		"%1$lld;legal_counselling;2022-03-05;1,5;10,50;\n", /* 14 good */
		(long long)pid[0], (long long)pid[1], (long long)pid[3]);
	cus_import_report *r = NULL;
	ck_assert_cus(cus_import_deliveries(&r, ds, p, NULL), CUS_EINVAL);
	ck_assert_str_eq(errors_of(r), "2:service 3:date 4:person 5:date 6:cost 7:cost 8:units 9:units 10:funding "
		"11:funding 12:date 13:date");
	ck_assert_int_eq(r->imported, 0);
	cus_import_report_free(r);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM deliveries"), 0);
	ck_assert_int_eq(audit_count(db, "delivery.import", "ok", NULL), 0);

	/* one delivery before its qualification among good ones: nothing stored */
	p = file_of("one.csv", "person,service,date,units\n%1$lld,legal_counselling,2022-03-01,1\n"
		"%1$lld,legal_counselling,2022-02-01,1\n%1$lld,legal_counselling,2022-03-02,1\n", (long long)pid[0]);
	r = NULL;
	ck_assert_cus(cus_import_deliveries(&r, ds, p, NULL), CUS_EINVAL);
	ck_assert_str_eq(errors_of(r), "3:date");
	cus_import_report_free(r);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM deliveries"), 0);
	cus_session_close(ds);
}
END_TEST

/* Many PESEL rows among few buckets: each is resolved to its own person. */
/* The bulk path remembers each person's applications of a service and picks
 * the one covering each date as cus_delivery_add() would: a qualification
 * withdrawn on 2022-03-01, a later one from 2022-05-01, a gap between. */
START_TEST(test_import_cases__deliveries_pick_the_covering_application)
{
	cus_application_input in = CUS_APPLICATION_INPUT_INIT;
	in.person = pid[0];
	in.service = "legal_counselling";
	in.date = "2022-01-10";
	int64_t first = 0, second = 0;
	ck_assert_int_eq(cus_application_add(s, &in, &first), 0);
	cus_qualification *q = NULL;
	ck_assert_int_eq(cus_qualify(&q, s, first, NULL), 0);
	cus_qualification_free(q);
	ck_assert_int_eq(cus_application_withdraw(s, first, "2022-03-01"), 0);
	in.date = "2022-05-01";
	ck_assert_int_eq(cus_application_add(s, &in, &second), 0);
	ck_assert_int_eq(cus_qualify(&q, s, second, NULL), 0);
	cus_qualification_free(q);
	cus_session *ds = delivery_session();
	/* the gap: listed, nothing stored */
	const char *p = file_of("gap.csv", "person,service,date,units\n%lld,legal_counselling,2022-02-01,1\n"
		"%lld,legal_counselling,2022-04-01,1\n%lld,legal_counselling,2022-06-01,1\n",
		(long long)pid[0], (long long)pid[0], (long long)pid[0]);
	cus_import_report *r = NULL;
	ck_assert_cus(cus_import_deliveries(&r, ds, p, NULL), CUS_EINVAL);
	ck_assert_str_eq(errors_of(r), "3:date");
	cus_import_report_free(r);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM deliveries"), 0);
	/* the withdrawal day itself is still covered; each row gets its application */
	p = file_of("ok.csv", "person,service,date,units\n%lld,legal_counselling,2022-02-01,1\n"
		"%lld,legal_counselling,2022-03-01,1\n%lld,legal_counselling,2022-06-01,1\n"
		"%lld,legal_counselling,2022-05-01,1\n",
		(long long)pid[0], (long long)pid[0], (long long)pid[0], (long long)pid[0]);
	r = NULL;
	int rc = cus_import_deliveries(&r, ds, p, NULL);
	print_errors(r);
	ck_assert_int_eq(rc, 0);
	cus_import_report_free(r);
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM deliveries WHERE application_id = %lld", (long long)first);
	ck_assert_int_eq(sql_int(sql), 2);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM deliveries WHERE application_id = %lld", (long long)second);
	ck_assert_int_eq(sql_int(sql), 2);
	cus_session_close(ds);
}
END_TEST

START_TEST(test_import_cases__deliveries_by_pesel_collisions)
{
	/* a register filed under 2 buckets: every bucket holds many candidates */
	teardown();
	centre_new(1);
	enum { N = 40 };
	char pes[N][12];
	char *text = NULL;
	size_t len = 0;
	/* persons through the bulk path, applications by PESEL */
	FILE *f = open_memstream(&text, &len);
	fputs("pesel,first_names,last_name\n", f);
	for (int i = 0; i < N; i++) {
		ck_assert_int_eq(cus_pesel_make(pes[i], "1970-01-01", i % 2 ? 'M' : 'F', i + 1), 0);
		fprintf(f, "%s,Jan,Kolizyjny\n", pes[i]);
	}
	fclose(f);
	file_write(path_in(dir, "p.csv"), text, len);
	free(text);
	cus_import_report *r = NULL;
	ck_assert_int_eq(cus_import_persons(&r, s, path_in(dir, "p.csv"), NULL), 0);
	cus_import_report_free(r);
	f = open_memstream(&text, &len);
	fputs("pesel,service,date\n", f);
	for (int i = 0; i < N; i++)
		fprintf(f, "%s,legal_counselling,2022-03-01\n", pes[i]);
	fclose(f);
	file_write(path_in(dir, "a.csv"), text, len);
	free(text);
	r = NULL;
	int rc = cus_import_applications(&r, s, path_in(dir, "a.csv"), NULL);
	print_errors(r);
	ck_assert_int_eq(rc, 0);
	cus_import_report_free(r);
	qualify_all();
	/* deliveries: person i gets i + 1 units, three times, in shuffled order */
	f = open_memstream(&text, &len);
	fputs("pesel,service,date,units\n", f);
	for (int round = 0; round < 3; round++)
		for (int j = 0; j < N; j++) {
			int i = (j * 7 + round) % N;
			fprintf(f, "%s,legal_counselling,2022-04-0%d,%d\n", pes[i], round + 1, i + 1);
		}
	fclose(f);
	file_write(path_in(dir, "d.csv"), text, len);
	free(text);
	cus_session *ds = delivery_session();
	r = NULL;
	rc = cus_import_deliveries(&r, ds, path_in(dir, "d.csv"), NULL);
	print_errors(r);
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(r->imported, 3 * N);
	cus_import_report_free(r);
	cus_session_close(ds);
	/* each person's deliveries carry that person's units: ids follow the PESELs */
	for (int i = 0; i < N; i++) {
		int64_t id = 0;
		cus_person *p = NULL;
		ck_assert_int_eq(cus_person_by_pesel(&p, s, pes[i]), 0);
		id = p->id;
		cus_person_free(p);
		char q[160];
		snprintf(q, sizeof q, "SELECT count(*) FROM deliveries WHERE person_id = %lld AND units = %d",
			(long long)id, 100 * (i + 1));
		ck_assert_int_eq(sql_int(q), 3);
	}
}
END_TEST

/* The PESEL cache itself: one bucket opened once, however many lookups. */
START_TEST(test_import_cases__pesel_cache_opens_each_bucket_once)
{
	ck_assert_int_eq(cus__access_begin(s, "test.lookup", "person", NULL, "basic", CUS_OP_READ, NULL), 0);
	cus__pesel_cache *c = NULL;
	ck_assert_int_eq(cus__pesel_cache_new(&c, db), 0);
	for (int round = 0; round < 5; round++)
		for (int i = 0; i < 4; i++) {
			int64_t id = -1;
			ck_assert_int_eq(cus__pesel_cache_find(c, pesel[i], &id), 0);
			ck_assert_int_eq(id, pid[i]);
		}
	char other[12];
	ck_assert_int_eq(cus_pesel_make(other, "2001-01-01", 'M', 5), 0);
	int64_t id = -1;
	ck_assert_int_eq(cus__pesel_cache_find(c, other, &id), 0);
	ck_assert_int_eq(id, 0);
	/* four persons, each opened once at most (their buckets may coincide) */
	ck_assert_int_le(cus__pesel_cache_opened(c), 4);
	ck_assert_int_ge(cus__pesel_cache_opened(c), 4);
	cus__pesel_cache_free(c);
	ck_assert_int_eq(cus__access_end(s, 0), 0);
}
END_TEST

TCase *tcase_import_cases(void)
{
	TCase *tc = tcase_create("cases");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_import_cases__applications_utf8_comma_polish_header);
	tcase_add_test(tc, test_import_cases__applications_cp1250_semicolon_excel);
	tcase_add_test(tc, test_import_cases__applications_every_bad_row_listed);
	tcase_add_test(tc, test_import_cases__applications_one_bad_row_stores_nothing);
	tcase_add_test(tc, test_import_cases__applications_audit_entry_and_header_errors);
	tcase_add_test(tc, test_import_cases__applications_denied_file_not_read);
	tcase_add_test(tc, test_import_cases__deliveries_utf8_and_cp1250);
	tcase_add_test(tc, test_import_cases__deliveries_every_bad_row_listed);
	tcase_add_test(tc, test_import_cases__deliveries_pick_the_covering_application);
	tcase_add_test(tc, test_import_cases__deliveries_by_pesel_collisions);
	tcase_add_test(tc, test_import_cases__pesel_cache_opens_each_bucket_once);
	return tc;
}
