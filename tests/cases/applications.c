/* Applications and employment status: filing, reading, listing, withdrawal,
 * and what each refuses. */
#include <stdio.h>

#include "common.h"
#include "registry/registry.h"

static int apply_with(cus_session *s, const cus_application_input *in, int64_t *id)
{
	return cus_application_add(s, in, id);
}

static cus_application_input app_in(int64_t person, const char *service, const char *date)
{
	cus_application_input in = CUS_APPLICATION_INPUT_INIT;
	in.person = person;
	in.service = service;
	in.date = date;
	return in;
}

static const char *field(void)
{
	const char *f = cus_error_last()->field;
	return f ? f : "(none)";
}

START_TEST(test_cases_applications__input_init)
{
	cus_application_input in;
	memset(&in, 0x5a, sizeof in);
	ck_assert_int_eq(cus_application_input_init(&in, CUS_APPLICATION_INPUT_VERSION), 0);
	ck_assert_uint_eq(in.version, CUS_APPLICATION_INPUT_VERSION);
	ck_assert_ptr_null(in.service);
	ck_assert_int_eq(in.duration_months, 0);
	ck_assert_cus(cus_application_input_init(&in, 99), CUS_EINVAL);
	ck_assert_str_eq(field(), "version");
}
END_TEST

START_TEST(test_cases_applications__add_and_get)
{
	SETUP("ous", "qualification");
	int64_t p = person_make(s, "1950-03-04", 'F', 1, NULL);
	int64_t rep = person_make(s, "1975-06-07", 'M', 2, NULL);
	cus_application_input in = app_in(p, "senior_club", "2022-05-10");
	in.applicant = "legal_representative";
	in.representative = rep;
	in.declaration_date = "2022-05-12";
	in.duration_months = 6;
	int64_t id = 0;
	ck_assert_int_eq(apply_with(s, &in, &id), 0);
	ck_assert_int_gt(id, 0);
	cus_application *a = NULL;
	ck_assert_int_eq(cus_application_get(&a, s, id), 0);
	ck_assert_int_eq(a->id, id);
	ck_assert_int_eq(a->person_id, p);
	ck_assert_str_eq(a->service, "senior_club");
	ck_assert_str_eq(a->date, "2022-05-10");
	ck_assert_str_eq(a->applicant, "legal_representative");
	ck_assert_int_eq(a->representative_id, rep);
	ck_assert_str_eq(a->declaration_date, "2022-05-12");
	ck_assert_int_eq(a->duration_months, 6);
	ck_assert_int_eq(a->plan_required, 1);
	ck_assert_str_eq(a->status, "submitted");
	ck_assert_ptr_null(a->decision_date);
	ck_assert_ptr_null(a->decided_by);
	ck_assert_int_eq(a->decision_policy_version, 0);
	ck_assert_ptr_null(a->reasons);
	ck_assert_ptr_null(a->withdrawn_date);
	ck_assert_ptr_nonnull(a->created);
	cus_application_free(a);
	cus_application_free(NULL);

	/* defaults: self, declaration on the application date, no plan */
	int64_t id2 = apply_ok(s, p, "senior_club", "2022-06-01");
	ck_assert_int_eq(cus_application_get(&a, s, id2), 0);
	ck_assert_str_eq(a->applicant, "self");
	ck_assert_int_eq(a->representative_id, 0);
	ck_assert_str_eq(a->declaration_date, "2022-06-01");
	ck_assert_int_eq(a->plan_required, 0);
	cus_application_free(a);

	char subj[32];
	snprintf(subj, sizeof subj, "p-%lld", (long long)p);
	ck_assert_int_eq(audit_count(db, "application.add", "ok", subj), 2);
	ck_assert_int_eq(audit_count(db, "application.read", "ok", subj), 2);
	ck_assert_cus(cus_application_get(&a, s, 9999), CUS_ENOTFOUND);
	ck_assert_ptr_null(a);
	ck_assert_int_eq(audit_count(db, "application.read", "error", NULL), 1);
	TEARDOWN();
}
END_TEST

START_TEST(test_cases_applications__unknown_service_stores_nothing)
{
	SETUP("ous", "qualification");
	int64_t p = person_make(s, "1950-03-04", 'F', 1, NULL);
	cus_application_input in = app_in(p, "no_such_service", "2022-05-10");
	int64_t id = 77;
	ck_assert_cus(apply_with(s, &in, &id), CUS_EINVAL);
	ck_assert_str_eq(field(), "service");
	ck_assert_int_eq(id, 0);
	in.service = NULL;
	ck_assert_cus(apply_with(s, &in, &id), CUS_EINVAL);
	ck_assert_str_eq(field(), "service");
	ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM applications"), 0);
	ck_assert_int_eq(audit_count(db, "application.add", NULL, NULL), 0);
	TEARDOWN();
}
END_TEST

START_TEST(test_cases_applications__programme_period)
{
	SETUP("ous", "qualification");
	int64_t p = person_make(s, "1950-03-04", 'F', 1, NULL);
	apply_ok(s, p, "senior_club", "2021-08-01");
	apply_ok(s, p, "senior_club", "2023-09-30");
	cus_application_input in = app_in(p, "senior_club", "2021-07-31");
	ck_assert_cus(apply_with(s, &in, NULL), CUS_EINVAL);
	ck_assert_str_eq(field(), "date");
	in.date = "2023-10-01";
	ck_assert_cus(apply_with(s, &in, NULL), CUS_EINVAL);
	ck_assert_str_eq(field(), "date");
	in.date = "2023-02-29";
	ck_assert_cus(apply_with(s, &in, NULL), CUS_EINVAL);
	ck_assert_str_eq(field(), "date");
	in.date = NULL;
	ck_assert_cus(apply_with(s, &in, NULL), CUS_EINVAL);
	ck_assert_str_eq(field(), "date");
	ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM applications"), 2);
	TEARDOWN();
}
END_TEST

START_TEST(test_cases_applications__bad_fields)
{
	SETUP("ous", "qualification");
	int64_t p = person_make(s, "1950-03-04", 'F', 1, NULL);
	int64_t rep = person_make(s, "1975-06-07", 'M', 2, NULL);
	cus_application_input in = app_in(p, "senior_club", "2022-05-10");

	in.declaration_date = "2022-05-09"; /* before the application */
	ck_assert_cus(apply_with(s, &in, NULL), CUS_EINVAL);
	ck_assert_str_eq(field(), "declaration_date");
	in.declaration_date = "2999-01-01"; /* after today */
	ck_assert_cus(apply_with(s, &in, NULL), CUS_EINVAL);
	ck_assert_str_eq(field(), "declaration_date");
	in.declaration_date = NULL;

	in.applicant = "neighbour";
	ck_assert_cus(apply_with(s, &in, NULL), CUS_EINVAL);
	ck_assert_str_eq(field(), "applicant");
	in.applicant = "self";
	in.representative = rep; /* only with a representative or carer */
	ck_assert_cus(apply_with(s, &in, NULL), CUS_EINVAL);
	ck_assert_str_eq(field(), "representative");
	in.applicant = "carer";
	in.representative = p; /* not the person themselves */
	ck_assert_cus(apply_with(s, &in, NULL), CUS_EINVAL);
	ck_assert_str_eq(field(), "representative");
	in.representative = 4242;
	ck_assert_cus(apply_with(s, &in, NULL), CUS_ENOTFOUND);
	ck_assert_str_eq(field(), "representative");
	in.representative = 0;
	in.applicant = NULL;

	in.duration_months = 121;
	ck_assert_cus(apply_with(s, &in, NULL), CUS_EINVAL);
	ck_assert_str_eq(field(), "duration_months");
	in.duration_months = -1;
	ck_assert_cus(apply_with(s, &in, NULL), CUS_EINVAL);
	ck_assert_str_eq(field(), "duration_months");
	in.duration_months = 120;

	in.person = 4242;
	ck_assert_cus(apply_with(s, &in, NULL), CUS_ENOTFOUND);
	ck_assert_str_eq(field(), "person");
	in.person = p;
	in.version = 7;
	ck_assert_cus(apply_with(s, &in, NULL), CUS_EINVAL);
	ck_assert_str_eq(field(), "version");
	ck_assert_cus(apply_with(s, NULL, NULL), CUS_EINVAL);
	ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM applications"), 0);

	in.version = CUS_APPLICATION_INPUT_VERSION;
	in.applicant = "carer";
	in.representative = rep;
	ck_assert_int_eq(apply_with(s, &in, NULL), 0);
	ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM applications WHERE duration_months = 120"), 1);
	TEARDOWN();
}
END_TEST

START_TEST(test_cases_applications__erased_person)
{
	SETUP("ous", "qualification");
	int64_t p = person_make(s, "1950-03-04", 'F', 1, NULL);
	ck_assert_int_eq(cus__person_key_destroy(db, p), 0);
	cus_application_input in = app_in(p, "senior_club", "2022-05-10");
	ck_assert_cus(apply_with(s, &in, NULL), CUS_ESHREDDED);
	ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM applications"), 0);
	TEARDOWN();
}
END_TEST

START_TEST(test_cases_applications__denied_is_audited)
{
	SETUP("ous", "qualification");
	int64_t p = person_make(s, "1950-03-04", 'F', 1, NULL);
	int64_t id = apply_ok(s, p, "senior_club", "2022-05-10");
	cus_db *db2 = centre_open_as(dir, "dir");
	cus_session *s2 = session_for(db2, "reporting");
	cus_application_input in = app_in(p, "senior_club", "2022-05-11");
	ck_assert_cus(apply_with(s2, &in, NULL), CUS_EDENIED);
	cus_application *a = NULL;
	ck_assert_cus(cus_application_get(&a, s2, id), CUS_EDENIED);
	cus_application_iter *it = NULL;
	ck_assert_cus(cus_application_list(&it, s2, 0, NULL), CUS_EDENIED);
	ck_assert_cus(cus_application_withdraw(s2, id, NULL), CUS_EDENIED);
	ck_assert_cus(cus_employment_add(s2, p, "employed", "2020-01-01", NULL, NULL), CUS_EDENIED);
	const char *st = NULL;
	ck_assert_cus(cus_employment_on(&st, NULL, s2, p, "2022-01-01"), CUS_EDENIED);
	ck_assert_int_eq(audit_count(db2, "application.add", "denied", NULL), 1);
	ck_assert_int_eq(audit_count(db2, "application.read", "denied", NULL), 1);
	ck_assert_int_eq(audit_count(db2, "application.list", "denied", NULL), 1);
	ck_assert_int_eq(audit_count(db2, "application.withdraw", "denied", NULL), 1);
	ck_assert_int_eq(audit_count(db2, "employment.add", "denied", NULL), 1);
	ck_assert_int_eq(audit_count(db2, "employment.read", "denied", NULL), 1);
	ck_assert_int_eq(sql_int(db2, "SELECT count(*) FROM applications"), 1);
	ck_assert_int_eq(sql_int(db2, "SELECT count(*) FROM applications WHERE status = 'submitted'"), 1);
	cus_session_close(s2);
	cus_db_close(db2);

	/* a role that reads but may not write basic for its purpose */
	cus_db *db3 = centre_open_as(dir, "kipus");
	cus_session *s3 = session_for(db3, "service_delivery");
	ck_assert_cus(apply_with(s3, &in, NULL), CUS_EDENIED);
	ck_assert_int_eq(cus_application_get(&a, s3, id), 0);
	cus_application_free(a);
	cus_session_close(s3);
	cus_db_close(db3);
	TEARDOWN();
}
END_TEST

START_TEST(test_cases_applications__list)
{
	SETUP("ous", "qualification");
	int64_t p1 = person_make(s, "1950-03-04", 'F', 1, NULL);
	int64_t p2 = person_make(s, "1951-03-04", 'M', 2, NULL);
	int64_t a1 = apply_ok(s, p1, "senior_club", "2022-05-10");
	int64_t a2 = apply_ok(s, p2, "senior_club", "2022-05-11");
	int64_t a3 = apply_ok(s, p1, "family_support_club", "2022-05-12");
	ck_assert_int_eq(cus_application_withdraw(s, a3, "2022-06-01"), 0);

	cus_application_iter *it = NULL;
	const cus_application *a = NULL;
	ck_assert_int_eq(cus_application_list(&it, s, 0, NULL), 0);
	int64_t seen[4] = { 0 };
	int n = 0;
	while (cus_application_next(&a, it) == 0) {
		if (n < 4)
			seen[n] = a->id;
		n++;
	}
	ck_assert_int_eq(n, 3);
	ck_assert_int_eq(seen[0], a1);
	ck_assert_int_eq(seen[1], a2);
	ck_assert_int_eq(seen[2], a3);
	ck_assert_cus(cus_application_next(&a, it), CUS_ITEROVER);
	cus_application_iter_free(it);

	ck_assert_int_eq(cus_application_list(&it, s, p1, NULL), 0);
	n = 0;
	while (cus_application_next(&a, it) == 0) {
		ck_assert_int_eq(a->person_id, p1);
		n++;
	}
	ck_assert_int_eq(n, 2);
	cus_application_iter_free(it);

	ck_assert_int_eq(cus_application_list(&it, s, p1, "submitted"), 0);
	ck_assert_int_eq(cus_application_next(&a, it), 0);
	ck_assert_int_eq(a->id, a1);
	ck_assert_cus(cus_application_next(&a, it), CUS_ITEROVER);
	cus_application_iter_free(it);

	ck_assert_int_eq(cus_application_list(&it, s, 0, "withdrawn"), 0);
	ck_assert_int_eq(cus_application_next(&a, it), 0);
	ck_assert_int_eq(a->id, a3);
	ck_assert_str_eq(a->withdrawn_date, "2022-06-01");
	cus_application_iter_free(it);

	ck_assert_cus(cus_application_list(&it, s, 0, "lost"), CUS_EINVAL);
	ck_assert_str_eq(field(), "status");
	ck_assert_cus(cus_application_list(&it, s, 4242, NULL), CUS_ENOTFOUND);
	ck_assert_ptr_null(it);
	ck_assert_int_eq(audit_count(db, "application.list", "ok", NULL), 4);
	cus_application_iter_free(NULL);
	TEARDOWN();
}
END_TEST

START_TEST(test_cases_applications__withdraw)
{
	SETUP("kipus", "qualification");
	int64_t p = person_make(s, "1960-03-04", 'F', 1, NULL);
	int64_t a1 = apply_ok(s, p, "senior_club", "2022-05-10");
	ck_assert_cus(cus_application_withdraw(s, a1, "2022-05-09"), CUS_EINVAL);
	ck_assert_str_eq(field(), "date");
	ck_assert_cus(cus_application_withdraw(s, a1, "2022-13-01"), CUS_EINVAL);
	ck_assert_str_eq(field(), "date");
	ck_assert_int_eq(cus_application_withdraw(s, a1, "2022-05-10"), 0);
	ck_assert_cus(cus_application_withdraw(s, a1, "2022-05-11"), CUS_EINVAL);
	ck_assert_str_eq(field(), "status");
	cus_application *a = NULL;
	ck_assert_int_eq(cus_application_get(&a, s, a1), 0);
	ck_assert_str_eq(a->status, "withdrawn");
	ck_assert_str_eq(a->withdrawn_date, "2022-05-10");
	cus_application_free(a);

	/* qualified: may be withdrawn, and keeps its decision */
	int64_t a2 = apply_ok(s, p, "senior_club", "2022-06-01");
	ck_assert_int_eq(qualify_result(s, a2, NULL), CUS_QUAL_QUALIFIED);
	ck_assert_int_eq(cus_application_withdraw(s, a2, NULL), 0);
	ck_assert_int_eq(cus_application_get(&a, s, a2), 0);
	ck_assert_str_eq(a->status, "withdrawn");
	ck_assert_str_eq(a->decision_date, "2022-06-01");
	ck_assert_ptr_nonnull(a->withdrawn_date);
	cus_application_free(a);

	/* refused: may not */
	int64_t young = person_make(s, "1990-03-04", 'M', 2, NULL);
	int64_t a3 = apply_ok(s, young, "senior_club", "2022-06-01");
	ck_assert_int_eq(qualify_result(s, a3, NULL), CUS_QUAL_REFUSED);
	ck_assert_cus(cus_application_withdraw(s, a3, "2022-07-01"), CUS_EINVAL);
	ck_assert_str_eq(field(), "status");
	ck_assert_cus(cus_application_withdraw(s, 4242, NULL), CUS_ENOTFOUND);

	char subj[32];
	snprintf(subj, sizeof subj, "p-%lld", (long long)p);
	ck_assert_int_eq(audit_count(db, "application.withdraw", "ok", subj), 2);
	ck_assert_int_eq(audit_count(db, "application.withdraw", "error", subj), 2);
	TEARDOWN();
}
END_TEST

START_TEST(test_cases_applications__employment)
{
	SETUP("ous", "qualification");
	int64_t p = person_make(s, "1980-03-04", 'F', 1, NULL);
	const char *st = "x";
	char since[11] = "x";
	ck_assert_int_eq(cus_employment_on(&st, since, s, p, "2022-01-01"), 0);
	ck_assert_ptr_null(st);
	ck_assert_str_eq(since, "");
	int64_t e1 = 0, e2 = 0;
	ck_assert_int_eq(cus_employment_add(s, p, "employed", "2020-01-01", "umowa o prace", &e1), 0);
	ck_assert_int_eq(cus_employment_add(s, p, "unemployed", "2023-03-01", NULL, &e2), 0);
	ck_assert_int_gt(e1, 0);
	ck_assert_int_gt(e2, e1);
	ck_assert_int_eq(cus_employment_on(&st, since, s, p, "2019-12-31"), 0);
	ck_assert_ptr_null(st);
	ck_assert_int_eq(cus_employment_on(&st, since, s, p, "2020-01-01"), 0);
	ck_assert_str_eq(st, "employed");
	ck_assert_str_eq(since, "2020-01-01");
	ck_assert_int_eq(cus_employment_on(&st, since, s, p, "2023-02-28"), 0);
	ck_assert_str_eq(st, "employed");
	ck_assert_int_eq(cus_employment_on(&st, NULL, s, p, "2023-03-01"), 0);
	ck_assert_str_eq(st, "unemployed");
	/* the source is sealed: no plaintext in the row */
	ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM employment WHERE typeof(source) = 'blob'"), 1);
	ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM employment WHERE CAST(source AS TEXT) LIKE '%umowa%'"), 0);

	ck_assert_cus(cus_employment_add(s, p, "idle", "2020-01-01", NULL, NULL), CUS_EINVAL);
	ck_assert_str_eq(field(), "status");
	ck_assert_cus(cus_employment_add(s, p, "employed", "2020-02-30", NULL, NULL), CUS_EINVAL);
	ck_assert_str_eq(field(), "since");
	ck_assert_cus(cus_employment_add(s, 4242, "employed", "2020-01-01", NULL, NULL), CUS_ENOTFOUND);
	ck_assert_cus(cus_employment_on(&st, since, s, p, "2020-1-1"), CUS_EINVAL);
	ck_assert_str_eq(field(), "date");
	ck_assert_cus(cus_employment_on(&st, since, s, 4242, "2020-01-01"), CUS_ENOTFOUND);
	ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM employment"), 2);

	char subj[32];
	snprintf(subj, sizeof subj, "p-%lld", (long long)p);
	ck_assert_int_eq(audit_count(db, "employment.add", "ok", subj), 2);
	ck_assert_int_eq(audit_count(db, "employment.read", "ok", subj), 5);
	ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM audit_log WHERE action = 'employment.add'"
		" AND outcome = 'ok' AND categories = 'financial'"), 2);

	ck_assert_int_eq(cus__person_key_destroy(db, p), 0);
	ck_assert_cus(cus_employment_add(s, p, "employed", "2024-01-01", NULL, NULL), CUS_ESHREDDED);
	TEARDOWN();
}
END_TEST

TCase *tcase_cases_applications(void)
{
	TCase *tc = tcase_create("applications");
	tcase_add_test(tc, test_cases_applications__input_init);
	tcase_add_test(tc, test_cases_applications__add_and_get);
	tcase_add_test(tc, test_cases_applications__unknown_service_stores_nothing);
	tcase_add_test(tc, test_cases_applications__programme_period);
	tcase_add_test(tc, test_cases_applications__bad_fields);
	tcase_add_test(tc, test_cases_applications__erased_person);
	tcase_add_test(tc, test_cases_applications__denied_is_audited);
	tcase_add_test(tc, test_cases_applications__list);
	tcase_add_test(tc, test_cases_applications__withdraw);
	tcase_add_test(tc, test_cases_applications__employment);
	return tc;
}
