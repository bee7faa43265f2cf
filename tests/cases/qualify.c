/* Qualification: every condition kind and its edges, confirmations, the
 * decision and its record, the batch, denial and audit. */
#include <stdio.h>
#include <stdlib.h>

#include "common.h"
#include "registry/registry.h"

static const char *field(void)
{
	const char *f = cus_error_last()->field;
	return f ? f : "(none)";
}

static int has(const char *hay, const char *needle)
{
	return hay && strstr(hay, needle) != NULL;
}

/* Qualify and return the result of condition code (the qualification freed). */
static int cond_result(cus_session *s, int64_t app, const char *code, char *expl, size_t size)
{
	cus_qualification *q = NULL;
	qualify_result(s, app, &q);
	const cus_condition_eval *c = cond_of(q, code);
	int r = c->result;
	if (expl)
		snprintf(expl, size, "%s", c->explanation);
	cus_qualification_free(q);
	return r;
}

static char *app_status(cus_session *s, int64_t app, char out[16])
{
	cus_application *a = NULL;
	ck_assert_int_eq(cus_application_get(&a, s, app), 0);
	snprintf(out, 16, "%s", a->status);
	cus_application_free(a);
	return out;
}

START_TEST(test_cases_qualify__names)
{
	ck_assert_str_eq(cus_condition_result_name(CUS_COND_MET), "met");
	ck_assert_str_eq(cus_condition_result_name(CUS_COND_NOT_MET), "not_met");
	ck_assert_str_eq(cus_condition_result_name(CUS_COND_NEEDS_CONFIRMATION), "needs_confirmation");
	ck_assert_str_eq(cus_condition_result_name(CUS_COND_NEEDS_DATA), "needs_data");
	ck_assert_ptr_null(cus_condition_result_name(0));
	ck_assert_ptr_null(cus_condition_result_name(5));
	ck_assert_str_eq(cus_qualification_result_name(CUS_QUAL_QUALIFIED), "qualified");
	ck_assert_str_eq(cus_qualification_result_name(CUS_QUAL_REFUSED), "refused");
	ck_assert_str_eq(cus_qualification_result_name(CUS_QUAL_PENDING), "pending");
	ck_assert_ptr_null(cus_qualification_result_name(4));
	cus_qualify_options o;
	memset(&o, 0x7f, sizeof o);
	ck_assert_int_eq(cus_qualify_options_init(&o, CUS_QUALIFY_OPTIONS_VERSION), 0);
	ck_assert_ptr_null(o.decision_date);
	ck_assert_int_eq(o.dry_run, 0);
	ck_assert_cus(cus_qualify_options_init(&o, 2), CUS_EINVAL);
	cus_qualification_free(NULL);
}
END_TEST

START_TEST(test_cases_qualify__condition_codes)
{
	cus_service_condition conds[] = { { "residence", 0, "a" }, { "manual", 0, "b" }, { "age_min", 60, "c" },
		{ "manual", 0, "d" } };
	cus_service sv = { 0 };
	sv.code = "x";
	sv.conditions = conds;
	sv.nconditions = 4;
	char buf[32];
	ck_assert_int_eq(cus_service_condition_code(buf, sizeof buf, &sv, 0), 0);
	ck_assert_str_eq(buf, "residence");
	ck_assert_int_eq(cus_service_condition_code(buf, sizeof buf, &sv, 1), 0);
	ck_assert_str_eq(buf, "manual_1");
	ck_assert_int_eq(cus_service_condition_code(buf, sizeof buf, &sv, 2), 0);
	ck_assert_str_eq(buf, "age_min");
	ck_assert_int_eq(cus_service_condition_code(buf, sizeof buf, &sv, 3), 0);
	ck_assert_str_eq(buf, "manual_2");
	ck_assert_cus(cus_service_condition_code(buf, sizeof buf, &sv, 4), CUS_EINVAL);
	ck_assert_str_eq(field(), "condition");

	/* the policy's services: senior_club has identity, residence, age_min */
	char *dir = tmpdir_new();
	cases_centre_make(dir);
	cus_db *db = centre_open_as(dir, "ous");
	const cus_service *all = NULL;
	int n = cus_policy_services(&all, db);
	ck_assert_int_gt(n, 0);
	int found = 0;
	for (int i = 0; i < n; i++)
		if (strcmp(all[i].code, "senior_club") == 0) {
			found = 1;
			ck_assert_int_eq(cus_service_condition_code(buf, sizeof buf, &all[i], 2), 0);
			ck_assert_str_eq(buf, "age_min");
		}
	ck_assert(found);
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(test_cases_qualify__age_min_birthday)
{
	SETUP("kipus", "qualification");
	int64_t p = person_make(s, "1968-05-14", 'F', 1, NULL);
	int64_t before = apply_ok(s, p, "senior_club", "2023-05-13");
	int64_t on = apply_ok(s, p, "senior_club", "2023-05-14");
	char e[512];
	ck_assert_int_eq(cond_result(s, before, "age_min", e, sizeof e), CUS_COND_NOT_MET);
	ck_assert_msg(has(e, "54") && has(e, "1968-05-14") && has(e, "2023-05-13") && has(e, "55"), "%s", e);
	char st[16];
	ck_assert_str_eq(app_status(s, before, st), "refused");
	ck_assert_int_eq(cond_result(s, on, "age_min", e, sizeof e), CUS_COND_MET);
	ck_assert_msg(has(e, "Age 55 on 2023-05-14, born 1968-05-14"), "%s", e);
	ck_assert_str_eq(app_status(s, on, st), "qualified");

	/* the refusal's reasons are the not-met explanations */
	cus_application *a = NULL;
	ck_assert_int_eq(cus_application_get(&a, s, before), 0);
	ck_assert_ptr_nonnull(a->reasons);
	ck_assert_msg(has(a->reasons, "Age 54 on 2023-05-13"), "%s", a->reasons);
	ck_assert_msg(!has(a->reasons, "TERYT"), "only the not-met conditions: %s", a->reasons);
	cus_application_free(a);
	/* sealed: no plaintext in the rows */
	ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM applications WHERE typeof(reasons) = 'blob'"), 1);
	ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM applications WHERE CAST(reasons AS TEXT) LIKE '%Age%'"), 0);
	ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM qualifications WHERE CAST(explanations AS TEXT)"
		" LIKE '%1968%'"), 0);
	ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM qualifications WHERE conditions ="
		" 'identity=met,residence=met,age_min=not_met' AND result = 'refused'"), 1);
	TEARDOWN();
}
END_TEST

START_TEST(test_cases_qualify__age_min_leap_day)
{
	SETUP("kipus", "qualification");
	int64_t p = person_make(s, "1968-02-29", 'M', 3, NULL);
	int64_t a27 = apply_ok(s, p, "senior_club", "2023-02-27");
	int64_t a28 = apply_ok(s, p, "senior_club", "2023-02-28");
	char e[512];
	ck_assert_int_eq(cond_result(s, a27, "age_min", e, sizeof e), CUS_COND_NOT_MET);
	ck_assert_msg(has(e, "Age 54"), "%s", e);
	ck_assert_int_eq(cond_result(s, a28, "age_min", e, sizeof e), CUS_COND_MET);
	ck_assert_msg(has(e, "Age 55 on 2023-02-28, born 1968-02-29"), "%s", e);
	TEARDOWN();
}
END_TEST

START_TEST(test_cases_qualify__child_under_birthday)
{
	SETUP("kipus", "qualification");
	int64_t parent = person_make(s, "1980-01-10", 'F', 1, NULL);
	int64_t child = person_make(s, "2005-05-14", 'M', 2, NULL);
	child_link(s, parent, child);
	int64_t before = apply_ok(s, parent, "parenting_workshops", "2023-05-13");
	int64_t on = apply_ok(s, parent, "parenting_workshops", "2023-05-14");
	char e[512];
	ck_assert_int_eq(cond_result(s, before, "child_under", e, sizeof e), CUS_COND_MET);
	ck_assert_msg(has(e, "2005-05-14") && has(e, "17"), "%s", e);
	ck_assert_int_eq(cond_result(s, on, "child_under", e, sizeof e), CUS_COND_NOT_MET);
	ck_assert_msg(has(e, "2005-05-14") && has(e, "is 18"), "%s", e);
	char st[16];
	ck_assert_str_eq(app_status(s, before, st), "qualified");
	ck_assert_str_eq(app_status(s, on, st), "refused");
	TEARDOWN();
}
END_TEST

START_TEST(test_cases_qualify__child_born_after_does_not_count)
{
	SETUP("kipus", "qualification");
	int64_t parent = person_make(s, "1980-01-10", 'F', 1, NULL);
	int64_t older = person_make(s, "2003-01-01", 'M', 2, NULL);
	int64_t baby = person_make(s, "2023-06-01", 'F', 3, NULL);
	child_link(s, parent, older);
	child_link(s, parent, baby);
	int64_t app = apply_ok(s, parent, "parenting_workshops", "2023-05-14");
	char e[512];
	ck_assert_int_eq(cond_result(s, app, "child_under", e, sizeof e), CUS_COND_NOT_MET);
	ck_assert_msg(has(e, "2003-01-01") && !has(e, "2023-06-01"), "%s", e);
	/* on the day it is born, it counts */
	int64_t later = apply_ok(s, parent, "parenting_workshops", "2023-06-01");
	ck_assert_int_eq(cond_result(s, later, "child_under", e, sizeof e), CUS_COND_MET);
	ck_assert_msg(has(e, "2023-06-01") && has(e, "is 0"), "%s", e);
	TEARDOWN();
}
END_TEST

START_TEST(test_cases_qualify__child_under_no_household)
{
	SETUP("kipus", "qualification");
	int64_t parent = person_make(s, "1980-01-10", 'F', 1, NULL);
	int64_t app = apply_ok(s, parent, "parenting_workshops", "2023-05-14");
	cus_qualification *q = NULL;
	ck_assert_int_eq(qualify_result(s, app, &q), CUS_QUAL_PENDING);
	const cus_condition_eval *c = cond_of(q, "child_under");
	ck_assert_int_eq(c->result, CUS_COND_NEEDS_DATA);
	ck_assert_str_eq(c->result_name, "needs_data");
	ck_assert_int_eq(c->value, 18);
	ck_assert_str_eq(c->kind, "child_under");
	ck_assert_msg(strncmp(c->explanation, "needs data: ", 12) == 0, "%s", c->explanation);
	ck_assert_ptr_null(q->decision_date);
	ck_assert_str_eq(q->status, "submitted");
	cus_qualification_free(q);

	/* a household without a child of the person: not met */
	int64_t spouse = person_make(s, "1979-01-10", 'M', 2, NULL);
	ck_assert_int_eq(cus_household_link(s, parent, spouse, "spouse"), 0);
	ck_assert_int_eq(cond_result(s, app, "child_under", NULL, 0), CUS_COND_NOT_MET);
	TEARDOWN();
}
END_TEST

START_TEST(test_cases_qualify__medical_indication)
{
	SETUP("kipus", "qualification");
	int64_t p = person_make(s, "1950-01-10", 'F', 1, NULL);
	/* none: needs data */
	int64_t a0 = apply_ok(s, p, "clinic_rehabilitation", "2023-05-14");
	char e[512];
	ck_assert_int_eq(cond_result(s, a0, "medical_indication", e, sizeof e), CUS_COND_NEEDS_DATA);
	ck_assert_msg(strncmp(e, "needs data: ", 12) == 0, "%s", e);
	/* a record dated after the application is ignored */
	record_make(s, p, "health", "clinic_rehabilitation", NULL, "2023-05-15", NULL);
	ck_assert_int_eq(cond_result(s, a0, "medical_indication", NULL, 0), CUS_COND_NEEDS_DATA);
	/* a record for another service: not met */
	record_make(s, p, "health", "home_physiotherapy", NULL, "2023-01-10", NULL);
	ck_assert_int_eq(cond_result(s, a0, "medical_indication", e, sizeof e), CUS_COND_NOT_MET);
	ck_assert_msg(has(e, "clinic_rehabilitation") && has(e, "2023-05-14"), "%s", e);
	char st[16];
	ck_assert_str_eq(app_status(s, a0, st), "refused");

	/* valid_until honoured: valid on its last day, not the day after */
	int64_t p2 = person_make(s, "1951-01-10", 'M', 2, NULL);
	int64_t rid = record_make(s, p2, "health", "equipment_loan, clinic_rehabilitation", NULL, "2023-01-10",
		"2023-06-30");
	int64_t last = apply_ok(s, p2, "clinic_rehabilitation", "2023-06-30");
	int64_t after = apply_ok(s, p2, "clinic_rehabilitation", "2023-07-01");
	ck_assert_int_eq(cond_result(s, last, "medical_indication", e, sizeof e), CUS_COND_MET);
	char rs[32];
	snprintf(rs, sizeof rs, "record %lld", (long long)rid);
	ck_assert_msg(has(e, rs) && has(e, "2023-06-30") && has(e, "clinic_rehabilitation"), "%s", e);
	ck_assert_str_eq(app_status(s, last, st), "qualified");
	ck_assert_int_eq(cond_result(s, after, "medical_indication", NULL, 0), CUS_COND_NOT_MET);
	/* one record can list several services */
	int64_t loan = apply_ok(s, p2, "equipment_loan", "2023-03-01");
	ck_assert_int_eq(cond_result(s, loan, "medical_indication", NULL, 0), CUS_COND_MET);

	/* home_physiotherapy needs the indication and the mobility limitation */
	int64_t p3 = person_make(s, "1952-01-10", 'F', 3, NULL);
	record_make(s, p3, "health", "home_physiotherapy,mobility_limitation", NULL, "2022-12-01", "2024-12-01");
	int64_t home = apply_ok(s, p3, "home_physiotherapy", "2023-02-01");
	ck_assert_int_eq(qualify_result(s, home, NULL), CUS_QUAL_QUALIFIED);
	TEARDOWN();
}
END_TEST

START_TEST(test_cases_qualify__mobility_limitation)
{
	SETUP("ous", "qualification");
	char e[512];
	/* nothing: needs data */
	int64_t p0 = person_make(s, "1950-01-10", 'F', 1, NULL);
	int64_t a0 = apply_ok(s, p0, "home_hairdressing", "2023-05-14");
	ck_assert_int_eq(cond_result(s, a0, "mobility_limitation", e, sizeof e), CUS_COND_NEEDS_DATA);
	ck_assert_msg(strncmp(e, "needs data: ", 12) == 0, "%s", e);
	/* a health record listing it: met */
	int64_t p1 = person_make(s, "1950-01-11", 'F', 2, NULL);
	record_make(s, p1, "health", "mobility_limitation", NULL, "2023-01-01", NULL);
	int64_t a1 = apply_ok(s, p1, "home_hairdressing", "2023-05-14");
	ck_assert_int_eq(qualify_result(s, a1, NULL), CUS_QUAL_QUALIFIED);
	/* only a light disability: not met */
	int64_t p2 = person_make(s, "1950-01-12", 'M', 3, NULL);
	record_make(s, p2, "disability", NULL, "light", "2022-01-01", "2025-01-01");
	int64_t a2 = apply_ok(s, p2, "home_hairdressing", "2023-05-14");
	ck_assert_int_eq(cond_result(s, a2, "mobility_limitation", e, sizeof e), CUS_COND_NOT_MET);
	ck_assert_msg(has(e, "light"), "%s", e);
	/* a moderate degree without the indication: needs confirmation, then
	 * confirmed by hand */
	int64_t p3 = person_make(s, "1950-01-13", 'M', 4, NULL);
	record_make(s, p3, "disability", NULL, "moderate", "2022-01-01", NULL);
	int64_t a3 = apply_ok(s, p3, "home_hairdressing", "2023-05-14");
	ck_assert_int_eq(cond_result(s, a3, "mobility_limitation", e, sizeof e), CUS_COND_NEEDS_CONFIRMATION);
	ck_assert_msg(has(e, "moderate"), "%s", e);
	ck_assert_int_eq(cus_condition_confirm(s, a3, "mobility_limitation", 1, "wywiad srodowiskowy"), 0);
	cus_qualification *q = NULL;
	ck_assert_int_eq(qualify_result(s, a3, &q), CUS_QUAL_QUALIFIED);
	ck_assert_str_eq(cond_of(q, "mobility_limitation")->confirmed_by, "ous");
	cus_qualification_free(q);
	/* an expired moderate record does not count */
	int64_t p4 = person_make(s, "1950-01-14", 'F', 5, NULL);
	record_make(s, p4, "disability", NULL, "severe", "2020-01-01", "2022-12-31");
	int64_t a4 = apply_ok(s, p4, "home_hairdressing", "2023-05-14");
	ck_assert_int_eq(cond_result(s, a4, "mobility_limitation", NULL, 0), CUS_COND_NEEDS_DATA);
	/* a computed result cannot be confirmed */
	int64_t a2b = apply_ok(s, p2, "home_hairdressing", "2023-05-15"); /* not yet decided */
	ck_assert_cus(cus_condition_confirm(s, a2b, "mobility_limitation", 1, NULL), CUS_EINVAL);
	ck_assert_str_eq(field(), "condition");
	ck_assert_cus(cus_condition_confirm(s, a2, "mobility_limitation", 1, NULL), CUS_EINVAL);
	ck_assert_str_eq(field(), "status");
	TEARDOWN();
}
END_TEST

START_TEST(test_cases_qualify__unemployed)
{
	SETUP("kipus", "qualification");
	int64_t p = person_make(s, "1985-01-10", 'M', 1, NULL);
	int64_t a0 = apply_ok(s, p, "vocational_courses", "2023-02-28");
	char e[512];
	/* nothing recorded: needs data, so pending rather than refused */
	cus_qualification *q = NULL;
	ck_assert_int_eq(qualify_result(s, a0, &q), CUS_QUAL_PENDING);
	ck_assert_int_eq(cond_of(q, "unemployed")->result, CUS_COND_NEEDS_DATA);
	ck_assert_str_eq(q->status, "submitted");
	cus_qualification_free(q);

	employment_make(s, p, "employed", "2020-01-01");
	employment_make(s, p, "unemployed", "2023-03-01");
	ck_assert_int_eq(cond_result(s, a0, "unemployed", e, sizeof e), CUS_COND_NOT_MET);
	ck_assert_msg(has(e, "employed, since 2020-01-01"), "%s", e);
	int64_t a1 = apply_ok(s, p, "vocational_courses", "2023-03-01");
	ck_assert_int_eq(cond_result(s, a1, "unemployed", e, sizeof e), CUS_COND_MET);
	ck_assert_msg(has(e, "unemployed, since 2023-03-01"), "%s", e);
	char st[16];
	ck_assert_str_eq(app_status(s, a0, st), "refused");
	ck_assert_str_eq(app_status(s, a1, st), "qualified");
	TEARDOWN();
}
END_TEST

START_TEST(test_cases_qualify__residence)
{
	SETUP("kipus", "qualification");
	int64_t p = person_make(s, "1950-01-10", 'F', 1, "1465011");
	int64_t app = apply_ok(s, p, "senior_club", "2023-05-14");
	cus_qualification *q = NULL;
	ck_assert_int_eq(qualify_result(s, app, &q), CUS_QUAL_REFUSED);
	const cus_condition_eval *c = cond_of(q, "residence");
	ck_assert_int_eq(c->result, CUS_COND_NOT_MET);
	ck_assert_msg(has(c->explanation, "1465011") && has(c->explanation, "1405011"), "%s", c->explanation);
	ck_assert_int_eq(cond_of(q, "age_min")->result, CUS_COND_MET);
	ck_assert_str_eq(q->status, "refused");
	cus_qualification_free(q);
	int64_t here = person_make(s, "1950-01-11", 'F', 2, NULL);
	ck_assert_int_eq(cond_result(s, apply_ok(s, here, "senior_club", "2023-05-14"), "residence", NULL, 0),
		CUS_COND_MET);
	TEARDOWN();
}
END_TEST

START_TEST(test_cases_qualify__identity_confirmed)
{
	SETUP("kipus", "qualification");
	int64_t p = person_make(s, "1950-01-10", 'F', 0, NULL);
	int64_t app = apply_ok(s, p, "senior_club", "2023-05-14");
	cus_qualification *q = NULL;
	ck_assert_int_eq(qualify_result(s, app, &q), CUS_QUAL_PENDING);
	ck_assert_int_eq(cond_of(q, "identity")->result, CUS_COND_NEEDS_CONFIRMATION);
	ck_assert_ptr_null(cond_of(q, "identity")->confirmed_by);
	cus_qualification_free(q);
	ck_assert_int_eq(cus_condition_confirm(s, app, "identity", 1, "dowod osobisty okazany"), 0);
	ck_assert_int_eq(qualify_result(s, app, &q), CUS_QUAL_QUALIFIED);
	const cus_condition_eval *c = cond_of(q, "identity");
	ck_assert_int_eq(c->result, CUS_COND_MET);
	ck_assert_str_eq(c->confirmed_by, "kipus");
	ck_assert_msg(has(c->explanation, "confirmed"), "%s", c->explanation);
	ck_assert_str_eq(q->status, "qualified");
	cus_qualification_free(q);
	ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM confirmations WHERE typeof(note) = 'blob'"), 1);
	/* decided: no more confirmations */
	ck_assert_cus(cus_condition_confirm(s, app, "identity", 0, NULL), CUS_EINVAL);
	ck_assert_str_eq(field(), "status");

	/* a person with a PESEL: identity is computed, not confirmable */
	int64_t p2 = person_make(s, "1950-01-11", 'M', 2, NULL);
	int64_t app2 = apply_ok(s, p2, "senior_club", "2023-05-14");
	ck_assert_cus(cus_condition_confirm(s, app2, "identity", 1, NULL), CUS_EINVAL);
	ck_assert_str_eq(field(), "condition");
	ck_assert_cus(cus_condition_confirm(s, app2, "residence", 1, NULL), CUS_EINVAL);
	ck_assert_str_eq(field(), "condition");
	ck_assert_cus(cus_condition_confirm(s, app2, "manual", 1, NULL), CUS_EINVAL);
	ck_assert_str_eq(field(), "condition");
	ck_assert_cus(cus_condition_confirm(s, 4242, "identity", 1, NULL), CUS_ENOTFOUND);
	ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM confirmations"), 1);
	TEARDOWN();
}
END_TEST

START_TEST(test_cases_qualify__manual)
{
	SETUP("kipus", "qualification");
	int64_t p = person_make(s, "1985-01-10", 'F', 1, NULL);
	int64_t a1 = apply_ok(s, p, "family_support_club", "2023-05-14");
	int64_t a2 = apply_ok(s, p, "family_support_club", "2023-05-15");
	cus_qualification *q = NULL;
	ck_assert_int_eq(qualify_result(s, a1, &q), CUS_QUAL_PENDING);
	ck_assert_int_eq(cond_of(q, "manual")->result, CUS_COND_NEEDS_CONFIRMATION);
	ck_assert_str_eq(cond_of(q, "manual")->text, "Warunki określone w Regulaminie Klubu");
	cus_qualification_free(q);
	ck_assert_int_eq(qualify_result(s, a1, NULL), CUS_QUAL_PENDING);
	char st[16];
	ck_assert_str_eq(app_status(s, a1, st), "submitted");

	/* a later confirmation replaces the earlier one */
	ck_assert_int_eq(cus_condition_confirm(s, a1, "manual", 0, NULL), 0);
	ck_assert_int_eq(cus_condition_confirm(s, a1, "manual", 1, "regulamin pkt 3"), 0);
	ck_assert_int_eq(qualify_result(s, a1, NULL), CUS_QUAL_QUALIFIED);
	ck_assert_str_eq(app_status(s, a1, st), "qualified");

	ck_assert_int_eq(cus_condition_confirm(s, a2, "manual", 0, "brak miejsc"), 0);
	ck_assert_int_eq(qualify_result(s, a2, &q), CUS_QUAL_REFUSED);
	ck_assert_int_eq(cond_of(q, "manual")->result, CUS_COND_NOT_MET);
	cus_qualification_free(q);
	cus_application *a = NULL;
	ck_assert_int_eq(cus_application_get(&a, s, a2), 0);
	ck_assert_str_eq(a->status, "refused");
	ck_assert_msg(has(a->reasons, "rejected"), "%s", a->reasons ? a->reasons : "(null)");
	ck_assert_msg(!has(a->reasons, "brak miejsc"), "the note is not a reason: %s", a->reasons);
	cus_application_free(a);

	ck_assert_cus(cus_condition_confirm(s, a2, "manual_2", 1, NULL), CUS_EINVAL);
	ck_assert_str_eq(field(), "condition");
	ck_assert_cus(cus_condition_confirm(s, a2, "manual", 1, NULL), CUS_EINVAL);
	ck_assert_str_eq(field(), "status");
	char subj[32];
	snprintf(subj, sizeof subj, "p-%lld", (long long)p);
	ck_assert_int_eq(audit_count(db, "condition.confirm", "ok", subj), 3);
	ck_assert_int_eq(audit_count(db, "condition.confirm", "error", subj), 2);
	TEARDOWN();
}
END_TEST

START_TEST(test_cases_qualify__deterministic)
{
	SETUP("kipus", "qualification");
	int64_t p = person_make(s, "1952-01-10", 'F', 1, NULL);
	record_make(s, p, "disability", NULL, "moderate", "2022-01-01", NULL);
	record_make(s, p, "health", "home_physiotherapy", NULL, "2022-06-01", "2024-06-01");
	int64_t app = apply_ok(s, p, "home_physiotherapy", "2023-02-01");
	cus_qualification *q1 = NULL, *q2 = NULL;
	int r1 = qualify_result(s, app, &q1);
	int r2 = qualify_result(s, app, &q2);
	ck_assert_int_eq(r1, CUS_QUAL_PENDING);
	ck_assert_int_eq(r1, r2);
	ck_assert_int_eq(q1->run, 1);
	ck_assert_int_eq(q2->run, 2);
	ck_assert_uint_eq(q1->nconditions, 4);
	ck_assert_uint_eq(q2->nconditions, 4);
	for (size_t i = 0; i < q1->nconditions; i++) {
		ck_assert_str_eq(q1->conditions[i].code, q2->conditions[i].code);
		ck_assert_int_eq(q1->conditions[i].result, q2->conditions[i].result);
		ck_assert_str_eq(q1->conditions[i].explanation, q2->conditions[i].explanation);
	}
	/* the policy's order */
	ck_assert_str_eq(q1->conditions[0].code, "identity");
	ck_assert_str_eq(q1->conditions[1].code, "residence");
	ck_assert_str_eq(q1->conditions[2].code, "medical_indication");
	ck_assert_str_eq(q1->conditions[3].code, "mobility_limitation");
	ck_assert_int_eq(q1->conditions[3].result, CUS_COND_NEEDS_CONFIRMATION);
	cus_qualification_free(q1);
	cus_qualification_free(q2);
	ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM qualifications"), 2);
	ck_assert_int_eq(sql_int(db, "SELECT count(DISTINCT conditions) FROM qualifications"), 1);

	/* a decided application keeps its status; the evaluation is stored */
	int64_t other = person_make(s, "1990-01-10", 'M', 2, NULL);
	int64_t young = apply_ok(s, other, "senior_club", "2023-02-01");
	ck_assert_int_eq(qualify_result(s, young, NULL), CUS_QUAL_REFUSED);
	ck_assert_int_eq(qualify_result(s, young, &q1), CUS_QUAL_REFUSED);
	ck_assert_str_eq(q1->status, "refused");
	ck_assert_int_eq(q1->run, 2);
	cus_qualification_free(q1);
	ck_assert_int_eq(cus_application_withdraw(s, app, "2023-03-01"), 0);
	ck_assert_int_eq(qualify_result(s, app, &q1), CUS_QUAL_PENDING);
	ck_assert_str_eq(q1->status, "withdrawn");
	ck_assert_int_eq(q1->run, 3);
	cus_qualification_free(q1);
	TEARDOWN();
}
END_TEST

START_TEST(test_cases_qualify__decision_record)
{
	SETUP("kipus", "qualification");
	int64_t p = person_make(s, "1950-01-10", 'F', 1, NULL);
	int64_t app = apply_ok(s, p, "senior_club", "2023-05-14");
	int64_t app2 = apply_ok(s, p, "senior_club", "2023-05-20");
	cus_qualify_options o = CUS_QUALIFY_OPTIONS_INIT;
	o.decision_date = "2023-05-13"; /* before the application */
	cus_qualification *q = NULL;
	ck_assert_cus(cus_qualify(&q, s, app, &o), CUS_EINVAL);
	ck_assert_str_eq(field(), "decision_date");
	ck_assert_ptr_null(q);
	o.decision_date = "2999-01-01";
	ck_assert_cus(cus_qualify(&q, s, app, &o), CUS_EINVAL);
	ck_assert_str_eq(field(), "decision_date");
	o.decision_date = "2023-05-31";
	o.version = 9;
	ck_assert_cus(cus_qualify(&q, s, app, &o), CUS_EINVAL);
	ck_assert_str_eq(field(), "options");
	o.version = CUS_QUALIFY_OPTIONS_VERSION;

	/* a dry run stores nothing */
	o.dry_run = 1;
	ck_assert_int_eq(cus_qualify(&q, s, app, &o), 0);
	ck_assert_int_eq(q->result, CUS_QUAL_QUALIFIED);
	ck_assert_str_eq(q->status, "submitted");
	ck_assert_int_eq(q->run, 1);
	cus_qualification_free(q);
	ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM qualifications"), 0);
	char st[16];
	ck_assert_str_eq(app_status(s, app, st), "submitted");

	o.dry_run = 0;
	ck_assert_int_eq(cus_qualify(&q, s, app, &o), 0);
	ck_assert_int_eq(q->result, CUS_QUAL_QUALIFIED);
	ck_assert_str_eq(q->result_name, "qualified");
	ck_assert_str_eq(q->decision_date, "2023-05-31");
	ck_assert_str_eq(q->decided_by, "kipus");
	ck_assert_str_eq(q->as_of, "2023-05-14");
	ck_assert_str_eq(q->service, "senior_club");
	ck_assert_int_eq(q->person_id, p);
	ck_assert_int_eq(q->application_id, app);
	ck_assert_int_eq(q->policy_version, cus_session_policy_version(s));
	ck_assert_int_gt(q->policy_version, 0);
	ck_assert_int_eq(q->run, 1);
	cus_qualification_free(q);
	cus_application *a = NULL;
	ck_assert_int_eq(cus_application_get(&a, s, app), 0);
	ck_assert_str_eq(a->status, "qualified");
	ck_assert_str_eq(a->decision_date, "2023-05-31");
	ck_assert_str_eq(a->decided_by, "kipus");
	ck_assert_int_eq(a->decision_policy_version, cus_session_policy_version(s));
	ck_assert_ptr_null(a->reasons);
	cus_application_free(a);

	/* default decision date: the application's */
	ck_assert_int_eq(qualify_result(s, app2, &q), CUS_QUAL_QUALIFIED);
	ck_assert_str_eq(q->decision_date, "2023-05-20");
	cus_qualification_free(q);
	ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM qualifications WHERE decided_by = 'kipus'"
		" AND policy_version > 0"), 2);

	/* unknown application; a service no longer in the policy */
	ck_assert_cus(cus_qualify(&q, s, 4242, NULL), CUS_ENOTFOUND);
	int64_t app3 = apply_ok(s, p, "senior_club", "2023-05-21");
	char sql[96];
	snprintf(sql, sizeof sql, "UPDATE applications SET service = 'gone' WHERE id = %lld", (long long)app3);
	raw_exec(db, sql);
	ck_assert_cus(cus_qualify(&q, s, app3, NULL), CUS_ENOTFOUND);
	ck_assert_str_eq(field(), "service");
	TEARDOWN();
}
END_TEST

START_TEST(test_cases_qualify__denied_is_audited)
{
	SETUP("kipus", "qualification");
	int64_t p = person_make(s, "1950-01-10", 'F', 0, NULL);
	int64_t app = apply_ok(s, p, "senior_club", "2023-05-14");
	char subj[32];
	snprintf(subj, sizeof subj, "p-%lld", (long long)p);

	cus_db *db2 = centre_open_as(dir, "dir");
	cus_session *s2 = session_for(db2, "reporting");
	cus_qualification *q = NULL;
	ck_assert_cus(cus_qualify(&q, s2, app, NULL), CUS_EDENIED);
	ck_assert_ptr_null(q);
	ck_assert_cus(cus_condition_confirm(s2, app, "identity", 1, NULL), CUS_EDENIED);
	cus_qualify_summary sum;
	ck_assert_cus(cus_qualify_pending(&sum, s2, NULL, NULL), CUS_EDENIED);
	ck_assert_int_eq(audit_count(db2, "qualification.run", "denied", subj), 1);
	ck_assert_int_eq(audit_count(db2, "condition.confirm", "denied", subj), 1);
	ck_assert_int_eq(audit_count(db2, "qualification.batch", "denied", NULL), 1);
	cus_session_close(s2);
	cus_db_close(db2);

	/* read-only for its purpose: may not qualify */
	cus_db *db3 = centre_open_as(dir, "kipus2");
	cus_session *s3 = session_for(db3, "service_delivery");
	ck_assert_cus(cus_qualify(&q, s3, app, NULL), CUS_EDENIED);
	cus_session_close(s3);
	cus_db_close(db3);
	ck_assert_int_eq(audit_count(db, "qualification.run", "denied", subj), 2);
	ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM qualifications"), 0);
	ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM confirmations"), 0);
	TEARDOWN();
}
END_TEST

START_TEST(test_cases_qualify__audit_categories)
{
	SETUP("ous", "qualification");
	int64_t p = person_make(s, "1950-01-10", 'F', 1, NULL);
	qualify_result(s, apply_ok(s, p, "senior_club", "2023-05-14"), NULL);
	qualify_result(s, apply_ok(s, p, "vocational_courses", "2023-05-14"), NULL);
	qualify_result(s, apply_ok(s, p, "home_physiotherapy", "2023-05-14"), NULL);
	qualify_result(s, apply_ok(s, p, "parenting_workshops", "2023-05-14"), NULL);
	qualify_result(s, apply_ok(s, p, "clinic_rehabilitation", "2023-05-14"), NULL);
	ck_assert_int_eq(audit_count(db, "qualification.run", "ok", NULL), 5);
	const char *const want[] = { "basic", "basic,financial", "basic,health,disability", "basic,family",
		"basic,health" };
	for (int i = 0; i < 5; i++) {
		char sql[160];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_log WHERE action = 'qualification.run'"
			" AND categories = '%s'", want[i]);
		ck_assert_msg(sql_int(db, sql) == 1, "categories %s", want[i]);
	}
	/* no personal data in the log */
	ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM audit_log WHERE detail LIKE '%1950%'"), 0);
	TEARDOWN();
}
END_TEST

START_TEST(test_cases_qualify__pending_batch)
{
	SETUP("kipus", "qualification");
	int64_t senior = person_make(s, "1950-01-10", 'F', 1, NULL);
	int64_t young = person_make(s, "1990-01-10", 'M', 2, NULL);
	int64_t nopesel = person_make(s, "1950-01-11", 'F', 0, NULL);
	int64_t a1 = apply_ok(s, senior, "senior_club", "2023-05-14");
	int64_t a2 = apply_ok(s, young, "senior_club", "2023-05-14");
	int64_t a3 = apply_ok(s, nopesel, "senior_club", "2023-05-14");
	int64_t a4 = apply_ok(s, senior, "vocational_courses", "2023-05-14");
	int64_t done = apply_ok(s, senior, "family_support_club", "2023-05-14");
	ck_assert_int_eq(cus_application_withdraw(s, done, NULL), 0);

	/* unknown service */
	cus_qualify_summary sum;
	ck_assert_cus(cus_qualify_pending(&sum, s, "bogus", NULL), CUS_EINVAL);
	ck_assert_str_eq(field(), "service");

	/* all or nothing: a decision date before one application fails them all */
	cus_qualify_options o = CUS_QUALIFY_OPTIONS_INIT;
	o.decision_date = "2023-05-13";
	ck_assert_cus(cus_qualify_pending(&sum, s, NULL, &o), CUS_EINVAL);
	ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM qualifications"), 0);
	ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM applications WHERE status = 'submitted'"), 4);
	ck_assert_int_eq(audit_count(db, "qualification.run", NULL, NULL), 0);
	ck_assert_int_eq(audit_count(db, "qualification.batch", "error", NULL), 1);

	/* one service */
	ck_assert_int_eq(cus_qualify_pending(&sum, s, "vocational_courses", NULL), 0);
	ck_assert_int_eq(sum.evaluated, 1);
	ck_assert_int_eq(sum.pending, 1);

	/* every submitted application */
	ck_assert_int_eq(cus_qualify_pending(&sum, s, NULL, NULL), 0);
	ck_assert_int_eq(sum.evaluated, 4);
	ck_assert_int_eq(sum.qualified, 1);
	ck_assert_int_eq(sum.refused, 1);
	ck_assert_int_eq(sum.pending, 2);
	char st[16];
	ck_assert_str_eq(app_status(s, a1, st), "qualified");
	ck_assert_str_eq(app_status(s, a2, st), "refused");
	ck_assert_str_eq(app_status(s, a3, st), "submitted");
	ck_assert_str_eq(app_status(s, a4, st), "submitted");
	ck_assert_str_eq(app_status(s, done, st), "withdrawn");
	ck_assert_int_eq(audit_count(db, "qualification.batch", "ok", NULL), 2);
	ck_assert_int_eq(audit_count(db, "qualification.run", "ok", NULL), 5);
	char subj[32];
	snprintf(subj, sizeof subj, "p-%lld", (long long)senior);
	ck_assert_int_eq(audit_count(db, "qualification.run", "ok", subj), 3);
	ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM qualifications"), 5);
	/* the refusal has its reasons, as with cus_qualify */
	cus_application *a = NULL;
	ck_assert_int_eq(cus_application_get(&a, s, a2), 0);
	ck_assert_msg(has(a->reasons, "Age 33"), "%s", a->reasons ? a->reasons : "(null)");
	cus_application_free(a);

	/* the pending ones again; then an erased person fails the whole batch */
	ck_assert_int_eq(cus_qualify_pending(NULL, s, NULL, NULL), 0);
	int64_t extra = apply_ok(s, young, "vocational_courses", "2023-05-14");
	(void)extra;
	ck_assert_int_eq(cus__person_key_destroy(db, nopesel), 0);
	int64_t before = sql_int(db, "SELECT count(*) FROM qualifications");
	ck_assert_cus(cus_qualify_pending(&sum, s, NULL, NULL), CUS_ESHREDDED);
	ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM qualifications"), before);
	ck_assert_int_eq(sum.evaluated, 0);
	TEARDOWN();
}
END_TEST

START_TEST(test_cases_qualify__pending_bulk)
{
	/* a few hundred applications in one batch: one entry each */
	SETUP("kipus", "qualification");
	enum { N = 300 };
	for (int i = 0; i < N; i++) {
		char birth[11];
		snprintf(birth, sizeof birth, "19%02d-%02d-%02d", 40 + i % 50, 1 + i % 12, 1 + i % 28);
		int64_t p = person_make(s, birth, i % 2 ? 'M' : 'F', 1 + i / 50, NULL);
		apply_ok(s, p, "senior_club", "2023-05-14");
		if (i % 3 == 0)
			apply_ok(s, p, "clinic_rehabilitation", "2023-05-14");
	}
	cus_qualify_summary sum;
	ck_assert_int_eq(cus_qualify_pending(&sum, s, NULL, NULL), 0);
	ck_assert_int_eq(sum.evaluated, N + N / 3);
	ck_assert_int_eq(sum.qualified + sum.refused + sum.pending, sum.evaluated);
	ck_assert_int_eq(sum.pending, N / 3); /* clinic_rehabilitation: no health records */
	ck_assert_int_eq(audit_count(db, "qualification.run", "ok", NULL), N + N / 3);
	ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM applications WHERE status = 'submitted'"), N / 3);
	ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM applications WHERE status = 'qualified'"
		" AND service = 'senior_club'") + sql_int(db, "SELECT count(*) FROM applications WHERE status = 'refused'"),
		N);
	TEARDOWN();
}
END_TEST

TCase *tcase_cases_qualify(void)
{
	TCase *tc = tcase_create("qualify");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_cases_qualify__names);
	tcase_add_test(tc, test_cases_qualify__condition_codes);
	tcase_add_test(tc, test_cases_qualify__age_min_birthday);
	tcase_add_test(tc, test_cases_qualify__age_min_leap_day);
	tcase_add_test(tc, test_cases_qualify__child_under_birthday);
	tcase_add_test(tc, test_cases_qualify__child_born_after_does_not_count);
	tcase_add_test(tc, test_cases_qualify__child_under_no_household);
	tcase_add_test(tc, test_cases_qualify__medical_indication);
	tcase_add_test(tc, test_cases_qualify__mobility_limitation);
	tcase_add_test(tc, test_cases_qualify__unemployed);
	tcase_add_test(tc, test_cases_qualify__residence);
	tcase_add_test(tc, test_cases_qualify__identity_confirmed);
	tcase_add_test(tc, test_cases_qualify__manual);
	tcase_add_test(tc, test_cases_qualify__deterministic);
	tcase_add_test(tc, test_cases_qualify__decision_record);
	tcase_add_test(tc, test_cases_qualify__denied_is_audited);
	tcase_add_test(tc, test_cases_qualify__audit_categories);
	tcase_add_test(tc, test_cases_qualify__pending_batch);
	tcase_add_test(tc, test_cases_qualify__pending_bulk);
	return tc;
}
