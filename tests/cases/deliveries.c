/* Service deliveries: the qualified application covering the date, the
 * validation of units, cost and funding, listings, access and audit. */
#include <stdio.h>

#include "common.h"

/* A centre opened as login with a session for qualification (q) and one for
 * service delivery (s). */
#define DSETUP(login) \
	char *dir = tmpdir_new(); \
	cases_centre_make(dir); \
	cus_db *db = centre_open_as(dir, login); \
	cus_session *q = session_for(db, "qualification"); \
	cus_session *s = session_for(db, "service_delivery")
#define DTEARDOWN() do { cus_session_close(q); TEARDOWN(); } while (0)

static void assert_field(int rc, int code, const char *field)
{
	ck_assert_msg(rc == code, "returned %s (%s), expected %s", cus_error_name(rc), cus_error_last()->message,
		cus_error_name(code));
	ck_assert_ptr_nonnull(cus_error_last()->field);
	ck_assert_str_eq(cus_error_last()->field, field);
}

static int64_t count_of(cus_db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	ck_assert_int_eq(sqlite3_prepare_v2(cus__db_sql(db), sql, -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	int64_t n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* An application filed on date and qualified on decision (NULL: date). */
static int64_t qualified_app(cus_session *q, int64_t person, const char *service, const char *date,
	const char *decision)
{
	int64_t app = apply_ok(q, person, service, date);
	cus_qualify_options o = CUS_QUALIFY_OPTIONS_INIT;
	o.decision_date = decision;
	cus_qualification *qu = NULL;
	int rc = cus_qualify(&qu, q, app, &o);
	ck_assert_msg(rc == 0, "cus_qualify: %s (%s)", cus_error_name(rc), cus_error_last()->message);
	ck_assert_int_eq(qu->result, CUS_QUAL_QUALIFIED);
	ck_assert_str_eq(qu->status, "qualified");
	cus_qualification_free(qu);
	return app;
}

static cus_delivery_input delivery(int64_t person, const char *service, const char *date)
{
	cus_delivery_input in = CUS_DELIVERY_INPUT_INIT;
	in.person = person;
	in.service = service;
	in.date = date;
	in.units = 100;
	in.cost = 12000;
	return in;
}

static int64_t delivery_ok(cus_session *s, const cus_delivery_input *in)
{
	int64_t id = 0;
	int rc = cus_delivery_add(s, in, &id);
	ck_assert_msg(rc == 0, "cus_delivery_add %s: %s (%s)", in->date, cus_error_name(rc),
		cus_error_last()->message);
	ck_assert_int_gt(id, 0);
	return id;
}

START_TEST(test_cases_deliveries__units_parse)
{
	static const struct {
		const char *in;
		int64_t want;
	} ok[] = { { "1", 100 }, { "1,5", 150 }, { "1.5", 150 }, { "0,25", 25 }, { "0.01", 1 }, { "2,50", 250 },
		{ "007", 700 }, { "1000000", 100000000 }, { "999999,99", 99999999 }, { "1000000,00", 100000000 } };
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		int64_t v = -1;
		ck_assert_msg(cus_units_parse(ok[i].in, &v) == 0, "%s refused", ok[i].in);
		ck_assert_int_eq(v, ok[i].want);
	}
	static const char *const bad[] = { "0", "0,00", "0.0", "-1", "+1", "1,234", "1.", ",5", ".5", "abc", "",
		"1 5", " 1", "1 ", "1,5,0", "1000000,01", "1000001", "99999999999999999999999", "1e3", "1;5" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int64_t v = 42;
		int rc = cus_units_parse(bad[i], &v);
		ck_assert_msg(rc == CUS_EINVAL, "'%s' accepted", bad[i]);
		ck_assert_str_eq(cus_error_last()->field, "units");
		ck_assert_int_eq(v, 42);
	}
	int64_t v;
	ck_assert_int_eq(cus_units_parse(NULL, &v), CUS_EINVAL);
	cus_delivery_input in;
	ck_assert_int_eq(cus_delivery_input_init(&in, CUS_DELIVERY_INPUT_VERSION), 0);
	ck_assert_int_eq(in.version, CUS_DELIVERY_INPUT_VERSION);
	ck_assert_ptr_null(in.funding);
	ck_assert_int_eq(cus_delivery_input_init(&in, 7), CUS_EINVAL);
}
END_TEST

START_TEST(test_cases_deliveries__qualification_window)
{
	DSETUP("ous");
	int64_t p = person_make(q, "1975-03-02", 'M', 1, NULL);
	int64_t app = qualified_app(q, p, "family_mediation", "2022-03-01", "2022-03-10");
	cus_delivery_input in = delivery(p, "family_mediation", "2022-03-09");
	int64_t id = 9;
	assert_field(cus_delivery_add(s, &in, &id), CUS_EINVAL, "date");
	ck_assert_int_eq(id, 0);
	ck_assert_int_eq(count_of(db, "SELECT count(*) FROM deliveries"), 0);
	in.date = "2022-03-10"; /* the qualification's date */
	id = delivery_ok(s, &in);
	in.date = "2022-05-20";
	delivery_ok(s, &in);

	/* another service is not covered */
	in.service = "legal_counselling";
	assert_field(cus_delivery_add(s, &in, NULL), CUS_EINVAL, "date");
	in.service = "family_mediation";

	ck_assert_int_eq(cus_application_withdraw(q, app, "2022-06-30"), 0);
	in.date = "2022-06-30"; /* the day of withdrawal is still covered */
	delivery_ok(s, &in);
	in.date = "2022-07-01";
	assert_field(cus_delivery_add(s, &in, NULL), CUS_EINVAL, "date");
	in.date = "2022-04-01"; /* before the withdrawal: still accepted */
	delivery_ok(s, &in);
	ck_assert_int_eq(count_of(db, "SELECT count(*) FROM deliveries"), 4);
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM deliveries WHERE application_id = %lld", (long long)app);
	ck_assert_int_eq(count_of(db, sql), 4);

	/* a new qualification covers the later dates */
	int64_t app2 = qualified_app(q, p, "family_mediation", "2022-08-01", NULL);
	in.date = "2022-07-31";
	assert_field(cus_delivery_add(s, &in, NULL), CUS_EINVAL, "date");
	in.date = "2022-08-01";
	id = delivery_ok(s, &in);
	snprintf(sql, sizeof sql, "SELECT application_id FROM deliveries WHERE id = %lld", (long long)id);
	ck_assert_int_eq(count_of(db, sql), app2);

	/* a refused application covers nothing */
	int64_t out = person_make(q, "1980-01-01", 'F', 2, "1465011");
	int64_t refused = apply_ok(q, out, "family_mediation", "2022-03-01");
	ck_assert_int_eq(qualify_result(q, refused, NULL), CUS_QUAL_REFUSED);
	in = delivery(out, "family_mediation", "2022-04-01");
	assert_field(cus_delivery_add(s, &in, NULL), CUS_EINVAL, "date");
	/* and a submitted one neither */
	int64_t other = person_make(q, "1981-01-01", 'F', 3, NULL);
	apply_ok(q, other, "family_mediation", "2022-03-01");
	in = delivery(other, "family_mediation", "2022-04-01");
	assert_field(cus_delivery_add(s, &in, NULL), CUS_EINVAL, "date");
	ck_assert_int_eq(count_of(db, "SELECT count(*) FROM deliveries"), 5);
	DTEARDOWN();
}
END_TEST

START_TEST(test_cases_deliveries__invalid_input)
{
	DSETUP("ous");
	int64_t p = person_make(q, "1975-03-02", 'M', 1, NULL);
	qualified_app(q, p, "family_mediation", "2022-03-01", NULL);
	qualified_app(q, p, "child_diagnostic_point", "2022-03-01", NULL);
	int audited = audit_count(db, "delivery.add", NULL, NULL);

	cus_delivery_input in = delivery(p, "family_mediation", "2022-04-01");
	in.cost = -1;
	assert_field(cus_delivery_add(s, &in, NULL), CUS_EINVAL, "cost");
	in.cost = 0;
	in.units = 0;
	assert_field(cus_delivery_add(s, &in, NULL), CUS_EINVAL, "units");
	in.units = -150;
	assert_field(cus_delivery_add(s, &in, NULL), CUS_EINVAL, "units");
	in.units = 100000001;
	assert_field(cus_delivery_add(s, &in, NULL), CUS_EINVAL, "units");
	in.units = 100000000;
	in.funding = "eu_mcus"; /* a source of the programme, not of this service */
	assert_field(cus_delivery_add(s, &in, NULL), CUS_EINVAL, "funding");
	in.funding = "no_such_fund";
	assert_field(cus_delivery_add(s, &in, NULL), CUS_EINVAL, "funding");
	in.funding = NULL;
	in.service = "astrology";
	assert_field(cus_delivery_add(s, &in, NULL), CUS_EINVAL, "service");
	in.service = NULL;
	assert_field(cus_delivery_add(s, &in, NULL), CUS_EINVAL, "service");
	in.service = "family_mediation";
	in.date = "2022-02-29";
	assert_field(cus_delivery_add(s, &in, NULL), CUS_EINVAL, "date");
	in.date = "2099-01-01";
	assert_field(cus_delivery_add(s, &in, NULL), CUS_EINVAL, "date");
	in.date = NULL;
	assert_field(cus_delivery_add(s, &in, NULL), CUS_EINVAL, "date");
	in.date = "2022-04-01";
	char longname[160];
	memset(longname, 'x', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	in.provider = longname;
	assert_field(cus_delivery_add(s, &in, NULL), CUS_EINVAL, "provider");
	in.provider = NULL;
	in.version = 3;
	assert_field(cus_delivery_add(s, &in, NULL), CUS_EINVAL, "version");
	in.version = CUS_DELIVERY_INPUT_VERSION;
	/* several sources: funding is required */
	in.service = "child_diagnostic_point";
	assert_field(cus_delivery_add(s, &in, NULL), CUS_EINVAL, "funding");
	in.funding = "alcohol_fees";
	assert_field(cus_delivery_add(s, &in, NULL), CUS_EINVAL, "funding");
	/* no such person */
	in = delivery(4242, "family_mediation", "2022-04-01");
	assert_field(cus_delivery_add(s, &in, NULL), CUS_ENOTFOUND, "person");
	/* nothing stored; the checks before the operation leave no audit entry,
	 * the unknown person is audited as an error */
	ck_assert_int_eq(count_of(db, "SELECT count(*) FROM deliveries"), 0);
	ck_assert_int_eq(audit_count(db, "delivery.add", NULL, NULL), audited + 1);
	ck_assert_int_eq(audit_count(db, "delivery.add", "error", "p-4242"), 1);

	/* one source: defaulted; several: the one named */
	in = delivery(p, "family_mediation", "2022-04-01");
	in.provider = "  Stowarzyszenie   Pomocy ";
	int64_t a = delivery_ok(s, &in);
	in = delivery(p, "child_diagnostic_point", "2022-04-02");
	in.funding = "eu_rus2";
	in.units = 150;
	in.cost = 0;
	int64_t b = delivery_ok(s, &in);
	cus_delivery_iter *it = NULL;
	ck_assert_int_eq(cus_delivery_list(&it, s, NULL), 0);
	const cus_delivery *d;
	ck_assert_int_eq(cus_delivery_next(&d, it), 0);
	ck_assert_int_eq(d->id, a);
	ck_assert_int_eq(d->person_id, p);
	ck_assert_str_eq(d->service, "family_mediation");
	ck_assert_str_eq(d->date, "2022-04-01");
	ck_assert_int_eq(d->units, 100);
	ck_assert_int_eq(d->cost, 12000);
	ck_assert_str_eq(d->funding, "alcohol_fees");
	ck_assert_str_eq(d->provider, "Stowarzyszenie Pomocy");
	ck_assert_ptr_nonnull(d->created);
	ck_assert_int_eq(cus_delivery_next(&d, it), 0);
	ck_assert_int_eq(d->id, b);
	ck_assert_str_eq(d->funding, "eu_rus2");
	ck_assert_int_eq(d->units, 150);
	ck_assert_int_eq(d->cost, 0);
	ck_assert_ptr_null(d->provider);
	ck_assert_int_eq(cus_delivery_next(&d, it), CUS_ITEROVER);
	cus_delivery_iter_free(it);
	ck_assert_int_eq(audit_count(db, "delivery.add", "ok", "p-1"), 2);
	DTEARDOWN();
}
END_TEST

START_TEST(test_cases_deliveries__list_filters)
{
	DSETUP("ous");
	int64_t p1 = person_make(q, "1975-03-02", 'M', 1, NULL);
	int64_t p2 = person_make(q, "1976-03-02", 'F', 2, NULL);
	qualified_app(q, p1, "family_mediation", "2022-01-10", NULL);
	qualified_app(q, p1, "legal_counselling", "2022-01-10", NULL);
	qualified_app(q, p2, "family_mediation", "2022-01-10", NULL);
	struct {
		int64_t person;
		const char *service, *date;
	} rows[] = { { p1, "family_mediation", "2022-03-05" }, { p2, "family_mediation", "2022-02-01" },
		{ p1, "legal_counselling", "2022-03-05" }, { p1, "family_mediation", "2022-01-10" },
		{ p2, "family_mediation", "2022-04-30" } };
	int64_t ids[5];
	for (int i = 0; i < 5; i++) {
		cus_delivery_input in = delivery(rows[i].person, rows[i].service, rows[i].date);
		ids[i] = delivery_ok(s, &in);
	}
	struct {
		cus_delivery_filter f;
		int n;
		int want[5];
	} cases[] = {
		{ { CUS_DELIVERY_FILTER_VERSION, 0, NULL, NULL, NULL }, 5, { 3, 1, 0, 2, 4 } },
		{ { CUS_DELIVERY_FILTER_VERSION, p1, NULL, NULL, NULL }, 3, { 3, 0, 2 } },
		{ { CUS_DELIVERY_FILTER_VERSION, 0, "family_mediation", NULL, NULL }, 4, { 3, 1, 0, 4 } },
		{ { CUS_DELIVERY_FILTER_VERSION, 0, NULL, "2022-02-01", "2022-03-05" }, 3, { 1, 0, 2 } },
		{ { CUS_DELIVERY_FILTER_VERSION, 0, NULL, "2022-03-06", NULL }, 1, { 4 } },
		{ { CUS_DELIVERY_FILTER_VERSION, 0, NULL, NULL, "2022-01-31" }, 1, { 3 } },
		{ { CUS_DELIVERY_FILTER_VERSION, p1, "family_mediation", "2022-01-11", NULL }, 1, { 0 } },
		{ { CUS_DELIVERY_FILTER_VERSION, p2, "legal_counselling", NULL, NULL }, 0, { 0 } },
	};
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		cus_delivery_iter *it = NULL;
		ck_assert_int_eq(cus_delivery_list(&it, s, &cases[c].f), 0);
		const cus_delivery *d;
		for (int i = 0; i < cases[c].n; i++) {
			ck_assert_int_eq(cus_delivery_next(&d, it), 0);
			ck_assert_msg(d->id == ids[cases[c].want[i]], "case %zu item %d: id %lld", c, i, (long long)d->id);
		}
		ck_assert_int_eq(cus_delivery_next(&d, it), CUS_ITEROVER);
		cus_delivery_iter_free(it);
	}
	cus_delivery_iter *it = NULL;
	cus_delivery_filter f = CUS_DELIVERY_FILTER_INIT;
	f.version = 2;
	assert_field(cus_delivery_list(&it, s, &f), CUS_EINVAL, "filter");
	f.version = CUS_DELIVERY_FILTER_VERSION;
	f.from = "2022-13-01";
	assert_field(cus_delivery_list(&it, s, &f), CUS_EINVAL, "from");
	f.from = NULL;
	f.to = "yesterday";
	assert_field(cus_delivery_list(&it, s, &f), CUS_EINVAL, "to");
	f.to = NULL;
	f.service = "astrology";
	assert_field(cus_delivery_list(&it, s, &f), CUS_EINVAL, "service");
	f.service = NULL;
	f.person = 999999;
	assert_field(cus_delivery_list(&it, s, &f), CUS_ENOTFOUND, "person");
	ck_assert_ptr_null(it);
	ck_assert_int_eq(audit_count(db, "delivery.list", "error", "p-999999"), 1);
	ck_assert_int_eq(audit_count(db, "delivery.list", "ok", NULL), 8);
	ck_assert_int_eq(audit_count(db, "delivery.list", "ok", "p-1"), 2);
	DTEARDOWN();
}
END_TEST

START_TEST(test_cases_deliveries__access)
{
	DSETUP("ous");
	int64_t p = person_make(q, "1975-03-02", 'M', 1, NULL);
	qualified_app(q, p, "family_mediation", "2022-03-01", NULL);
	cus_delivery_input in = delivery(p, "family_mediation", "2022-04-01");
	delivery_ok(s, &in);
	cus_session_close(q);
	cus_session_close(s);
	cus_db_close(db);

	/* the director: denied, audited, nothing stored */
	db = centre_open_as(dir, "dir");
	s = session_for(db, "reporting");
	in.date = "2022-04-02";
	ck_assert_cus(cus_delivery_add(s, &in, NULL), CUS_EDENIED);
	ck_assert_int_eq(audit_count(db, "delivery.add", "denied", "p-1"), 1);
	cus_delivery_iter *it = NULL;
	ck_assert_cus(cus_delivery_list(&it, s, NULL), CUS_EDENIED);
	ck_assert_ptr_null(it);
	ck_assert_int_eq(audit_count(db, "delivery.list", "denied", NULL), 1);
	ck_assert_int_eq(count_of(db, "SELECT count(*) FROM deliveries"), 1);
	cus_session_close(s);
	cus_db_close(db);

	/* the KIPUS reads deliveries for service_delivery but does not write them */
	db = centre_open_as(dir, "kipus");
	s = session_for(db, "service_delivery");
	ck_assert_int_eq(cus_delivery_list(&it, s, NULL), 0);
	const cus_delivery *d;
	ck_assert_int_eq(cus_delivery_next(&d, it), 0);
	ck_assert_str_eq(d->date, "2022-04-01");
	ck_assert_int_eq(cus_delivery_next(&d, it), CUS_ITEROVER);
	cus_delivery_iter_free(it);
	ck_assert_cus(cus_delivery_add(s, &in, NULL), CUS_EDENIED);
	ck_assert_int_eq(audit_count(db, "delivery.add", "denied", "p-1"), 2);
	ck_assert_int_eq(audit_count(db, "delivery.add", "ok", "p-1"), 1);
	ck_assert_int_eq(count_of(db, "SELECT count(*) FROM deliveries"), 1);
	/* the audit names the person only by the pseudonymous id */
	ck_assert_int_eq(count_of(db, "SELECT count(*) FROM audit_log WHERE action LIKE 'delivery.%'"
		" AND subject IS NOT NULL AND subject <> 'p-1'"), 0);
	cus_session_close(s);
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(test_cases_deliveries__erased_person)
{
	DSETUP("ous");
	int64_t p = person_make(q, "1975-03-02", 'M', 1, NULL);
	qualified_app(q, p, "family_mediation", "2022-03-01", NULL);
	ck_assert_int_eq(cus__person_key_destroy(db, p), 0);
	cus_delivery_input in = delivery(p, "family_mediation", "2022-04-01");
	ck_assert_cus(cus_delivery_add(s, &in, NULL), CUS_ESHREDDED);
	ck_assert_int_eq(count_of(db, "SELECT count(*) FROM deliveries"), 0);
	DTEARDOWN();
}
END_TEST

/* The internal bulk path the import uses: validate + insert inside one
 * operation, many rows. */
START_TEST(test_cases_deliveries__bulk_insert)
{
	DSETUP("ous");
	int64_t p = person_make(q, "1975-03-02", 'M', 1, NULL);
	qualified_app(q, p, "family_mediation", "2022-03-01", NULL);
	ck_assert_int_eq(cus__access_begin(s, "delivery.import", "delivery", NULL, "basic", CUS_OP_WRITE, NULL), 0);
	int rc = 0;
	for (int i = 0; i < 2000 && !rc; i++) {
		cus_delivery_input in = delivery(p, "family_mediation", i % 2 ? "2022-03-01" : "2022-05-31");
		in.provider = i % 3 ? "Fundacja" : NULL;
		cus__delivery_fields f;
		rc = cus__delivery_validate(s, &in, &f);
		if (!rc)
			rc = cus__delivery_insert(s, &f, NULL);
		cus__delivery_fields_free(&f);
	}
	ck_assert_int_eq(rc, 0);
	/* a row that no qualification covers */
	cus_delivery_input in = delivery(p, "family_mediation", "2022-02-28");
	cus__delivery_fields f;
	ck_assert_int_eq(cus__delivery_validate(s, &in, &f), 0);
	assert_field(cus__delivery_insert(s, &f, NULL), CUS_EINVAL, "date");
	cus__delivery_fields_free(&f);
	ck_assert_int_eq(cus__access_end(s, 0), 0);
	ck_assert_int_eq(count_of(db, "SELECT count(*) FROM deliveries"), 2000);
	ck_assert_int_eq(count_of(db, "SELECT count(*) FROM deliveries WHERE provider = 'Fundacja'"), 1333);
	DTEARDOWN();
}
END_TEST

TCase *tcase_cases_deliveries(void)
{
	TCase *tc = tcase_create("deliveries");
	tcase_add_test(tc, test_cases_deliveries__units_parse);
	tcase_add_test(tc, test_cases_deliveries__qualification_window);
	tcase_add_test(tc, test_cases_deliveries__invalid_input);
	tcase_add_test(tc, test_cases_deliveries__list_filters);
	tcase_add_test(tc, test_cases_deliveries__access);
	tcase_add_test(tc, test_cases_deliveries__erased_person);
	tcase_add_test(tc, test_cases_deliveries__bulk_insert);
	return tc;
}
