/* Indicator values, numerators and denominators on a small data set whose
 * every figure is computed by hand in the comments. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "helpers.h"

static char *dir;

static int64_t person(cus_session *s, const char *birth, char sex, int serial)
{
	char pesel[12];
	ck_assert_int_eq(cus_pesel_make(pesel, birth, sex, serial), 0);
	cus_person_input in = CUS_PERSON_INPUT_INIT;
	in.pesel = pesel;
	in.first_names = "Jan";
	in.last_name = "Testowy";
	int64_t id = 0;
	int rc = cus_person_add(s, &in, &id);
	ck_assert_msg(rc == 0, "person: %s", cus_error_last()->message);
	return id;
}

static int64_t apply(cus_session *s, int64_t p, const char *service, const char *date)
{
	cus_application_input in = CUS_APPLICATION_INPUT_INIT;
	in.person = p;
	in.service = service;
	in.date = date;
	int64_t id = 0;
	int rc = cus_application_add(s, &in, &id);
	ck_assert_msg(rc == 0, "apply: %s", cus_error_last()->message);
	cus_qualification *q = NULL;
	rc = cus_qualify(&q, s, id, NULL);
	ck_assert_msg(rc == 0, "qualify: %s", cus_error_last()->message);
	cus_qualification_free(q);
	return id;
}

static void deliver(cus_session *s, int64_t p, const char *service, const char *date, int64_t units, int64_t cost,
	const char *funding)
{
	cus_delivery_input in = CUS_DELIVERY_INPUT_INIT;
	in.person = p;
	in.service = service;
	in.date = date;
	in.units = units;
	in.cost = cost;
	in.funding = funding;
	int rc = cus_delivery_add(s, &in, NULL);
	ck_assert_msg(rc == 0, "deliver %s %s: %s", service, date, cus_error_last()->message);
}

/* The data set (period 2022; everyone lives in Milanówek):
 *   P1 F 1960-05-10 (62 on 2022-12-31: 55-64), household with her child C1
 *      (2010: 12) -> with_children; P2 M 1945-01-01 (77: 75+), no household
 *      -> single; P3 F 1990-03-03 (32: 30-44) and her spouse P4 M 1988-07-07
 *      -> other.
 *   applications: P1 family_mediation 2022-01-10, P2 senior_club 2022-02-01,
 *      P3 family_mediation 2022-03-01, P2 diagnostic_point 2022-06-01 (all
 *      qualified on their date), P4 senior_club 2022-03-05 (refused: 33).
 *   deliveries (units in hundredths, cost in grosze):
 *      P1 family_mediation 01-15 100/15000, 02-15 100/15000, 07-15 150/22500,
 *         2023-01-05 100/15000 (outside 2022)
 *      P3 family_mediation 04-01 100/15000
 *      P2 senior_club 02-10 100/5000 eu_mcus, 02-11 100/5000 eu_mcus,
 *         08-01 200/10000 eu_rus2; diagnostic_point 06-10 100/8000 eu_mcus
 *   plan: P2 2022-02-01 .. 2023-01-31 (senior_club); reviews due in 2022:
 *      review 1 05-01 (done 04-28: on time), review 2 08-01 (done 08-10:
 *      late), review 3 11-01 (not done), summary 1 08-01 (done 08-01: on
 *      time) -> 2 of 4 on time. */
static void golden_setup(void)
{
	dir = tmpdir_new();
	cus_key *k = key_pass("admin passphrase");
	cus_db *db = NULL;
	int rc = cus_db_init(&db, path_in(dir, "c.db"), "admin", k, TEST_POLICY, NULL);
	ck_assert_msg(rc == 0, "init: %s", cus_error_last()->message);
	cus_key_free(k);
	cus_session *a = session_for(db, "administration");
	centre_add_user(a, "ous", "ous");
	centre_add_user(a, "kipus", "kipus");
	centre_add_user(a, "dir", "director");
	cus_session_close(a);
	cus_db_close(db);

	db = centre_open_as(dir, "ous");
	cus_session *s = session_for(db, "qualification");
	int64_t p1 = person(s, "1960-05-10", 'F', 1), c1 = person(s, "2010-09-09", 'M', 2);
	int64_t p2 = person(s, "1945-01-01", 'M', 3), p3 = person(s, "1990-03-03", 'F', 4);
	int64_t p4 = person(s, "1988-07-07", 'M', 5);
	ck_assert_int_eq(cus_household_link(s, p1, c1, "child"), 0);
	ck_assert_int_eq(cus_household_link(s, p3, p4, "spouse"), 0);
	apply(s, p1, "family_mediation", "2022-01-10");
	apply(s, p2, "senior_club", "2022-02-01");
	apply(s, p3, "family_mediation", "2022-03-01");
	apply(s, p4, "senior_club", "2022-03-05");
	apply(s, p2, "diagnostic_point", "2022-06-01");
	cus_session_close(s);
	s = session_for(db, "service_delivery");
	deliver(s, p1, "family_mediation", "2022-01-15", 100, 15000, NULL);
	deliver(s, p1, "family_mediation", "2022-02-15", 100, 15000, NULL);
	deliver(s, p1, "family_mediation", "2022-07-15", 150, 22500, NULL);
	deliver(s, p1, "family_mediation", "2023-01-05", 100, 15000, NULL);
	deliver(s, p3, "family_mediation", "2022-04-01", 100, 15000, NULL);
	deliver(s, p2, "senior_club", "2022-02-10", 100, 5000, "eu_mcus");
	deliver(s, p2, "senior_club", "2022-02-11", 100, 5000, "eu_mcus");
	deliver(s, p2, "senior_club", "2022-08-01", 200, 10000, "eu_rus2");
	deliver(s, p2, "diagnostic_point", "2022-06-10", 100, 8000, "eu_mcus");
	cus_session_close(s);
	cus_db_close(db);

	db = centre_open_as(dir, "kipus");
	s = session_for(db, "ipus");
	cus_plan_input pin = CUS_PLAN_INPUT_INIT;
	const char *services[] = { "senior_club" };
	pin.person = p2;
	pin.start = "2022-02-01";
	pin.end = "2023-01-31";
	pin.services = services;
	pin.nservices = 1;
	int64_t plan = 0;
	rc = cus_plan_add(s, &pin, &plan);
	ck_assert_msg(rc == 0, "plan: %s", cus_error_last()->message);
	ck_assert_int_eq(cus_plan_review(s, plan, "review", "2022-04-28", NULL, NULL), 0);
	ck_assert_int_eq(cus_plan_review(s, plan, "review", "2022-08-10", NULL, NULL), 0);
	ck_assert_int_eq(cus_plan_review(s, plan, "summary", "2022-08-01", NULL, NULL), 0);
	cus_session_close(s);
	cus_db_close(db);
}

static void golden_teardown(void)
{
	tmpdir_remove(dir);
	dir = NULL;
}

/* Compute and look cells up: "dim=value,dim=value" with "*" for a total. */
typedef struct {
	cus_db *db;
	cus_session *s;
	cus_indicator_iter *it;
} calc;

static calc compute(const char *period, const char *indicator, const char *measure, const char *den,
	const char *const *by, size_t nby)
{
	calc c = { 0 };
	c.db = centre_open_as(dir, "dir");
	c.s = session_for(c.db, "reporting");
	cus_indicator_query q = CUS_INDICATOR_QUERY_INIT;
	q.period = period;
	q.indicator = indicator;
	q.measure = measure;
	q.denominator = den;
	q.by = by;
	q.nby = nby;
	int rc = cus_indicators_compute(&c.it, c.s, &q);
	ck_assert_msg(rc == 0, "compute: %s", cus_error_last()->message);
	return c;
}

static void calc_free(calc *c)
{
	cus_indicator_iter_free(c->it);
	cus_session_close(c->s);
	cus_db_close(c->db);
}

/* The cell of indicator whose values are vals ("*": the total over that
 * dimension; vals may be NULL for an indicator without dimensions). */
static const cus_indicator_value *cell(const calc *c, const char *indicator, const char *const *vals)
{
	for (size_t i = 0; i < cus_indicator_count(c->it); i++) {
		const cus_indicator_value *v = cus_indicator_at(c->it, i);
		if (strcmp(v->indicator, indicator) != 0)
			continue;
		size_t d = 0;
		for (; d < v->ndims; d++) {
			const char *want = vals[d];
			if (strcmp(want, "*") == 0 ? v->values[d] != NULL : !v->values[d] || strcmp(v->values[d], want))
				break;
		}
		if (d == v->ndims)
			return v;
	}
	/* not found: show what there is */
	for (size_t i = 0; i < cus_indicator_count(c->it); i++) {
		const cus_indicator_value *v = cus_indicator_at(c->it, i);
		fprintf(stderr, "  cell %s:", v->indicator);
		for (size_t d = 0; d < v->ndims; d++)
			fprintf(stderr, " %s=%s", v->dims[d], v->values[d] ? v->values[d] : "*");
		fprintf(stderr, " %lld/%lld\n", (long long)v->numerator, (long long)v->denominator);
	}
	return NULL;
}

#define CHECK_CELL(c, ind, num, den, ...) do { \
	const char *vals_[] = { __VA_ARGS__ }; \
	const cus_indicator_value *v_ = cell(&(c), ind, vals_); \
	ck_assert_msg(v_ != NULL, "%s: no cell %s", ind, vals_[0] ? vals_[0] : "(total)"); \
	ck_assert_msg(v_->numerator == (num), "%s %s: numerator %lld, expected %lld", ind, \
		vals_[0] ? vals_[0] : "", (long long)v_->numerator, (long long)(num)); \
	ck_assert_msg(v_->denominator == (den), "%s %s: denominator %lld, expected %lld", ind, \
		vals_[0] ? vals_[0] : "", (long long)v_->denominator, (long long)(den)); \
} while (0)

static calc again(const char *indicator)
{
	return compute("2022", indicator, NULL, NULL, NULL, 0);
}

START_TEST(test_indicators_golden__persons_distinct_per_cell_and_total)
{
	calc c = again("persons_served");
	CHECK_CELL(c, "persons_served", 2, 0, "family_mediation");
	CHECK_CELL(c, "persons_served", 1, 0, "senior_club");
	CHECK_CELL(c, "persons_served", 1, 0, "diagnostic_point");
	calc_free(&c);
	/* 3 persons, not 2 + 1 + 1 */
	c = again("persons_served");
	CHECK_CELL(c, "persons_served", 3, 0, "*");
	ck_assert_int_eq(cus_indicator_count(c.it), 4);
	calc_free(&c);
}
END_TEST

START_TEST(test_indicators_golden__deliveries_units_cost)
{
	calc c = again("deliveries");
	CHECK_CELL(c, "deliveries", 4, 0, "family_support");
	CHECK_CELL(c, "deliveries", 4, 0, "disability_support");
	CHECK_CELL(c, "deliveries", 8, 0, "*");
	calc_free(&c);
	c = again("units_delivered");
	CHECK_CELL(c, "units_delivered", 450, 0, "family_mediation");
	CHECK_CELL(c, "units_delivered", 950, 0, "*");
	calc_free(&c);
	/* cost per person: 67 500 / 2 in family mediation; 95 500 / 3 in all */
	c = again("cost_per_person");
	CHECK_CELL(c, "cost_per_person", 67500, 2, "family_mediation");
	const char *all[] = { "*" };
	const cus_indicator_value *v = cell(&c, "cost_per_person", all);
	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(v->numerator, 95500);
	ck_assert_int_eq(v->denominator, 3);
	ck_assert(v->has_value);
	ck_assert(fabs(v->value - 95500.0 / 3) < 1e-9);
	ck_assert_str_eq(v->unit, "grosze");
	calc_free(&c);
	/* cost per unit: 67 500 × 100 / 450 = 15 000 grosze */
	c = again("cost_per_unit");
	const char *fm[] = { "family_mediation" };
	v = cell(&c, "cost_per_unit", fm);
	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(v->numerator, 67500);
	ck_assert_int_eq(v->denominator, 450);
	ck_assert_int_eq(v->factor, 100);
	ck_assert(fabs(v->value - 15000.0) < 1e-9);
	calc_free(&c);
}
END_TEST

START_TEST(test_indicators_golden__families_and_types)
{
	calc c = again("families_served");
	CHECK_CELL(c, "families_served", 1, 0, "with_children");
	CHECK_CELL(c, "families_served", 1, 0, "single");
	CHECK_CELL(c, "families_served", 1, 0, "other");
	CHECK_CELL(c, "families_served", 3, 0, "*");
	calc_free(&c);
}
END_TEST

START_TEST(test_indicators_golden__applications_and_rate)
{
	calc c = again("applications");
	CHECK_CELL(c, "applications", 2, 0, "family_support");
	CHECK_CELL(c, "applications", 3, 0, "disability_support");
	calc_free(&c);
	c = again("qualification_rate");
	CHECK_CELL(c, "qualification_rate", 2, 3, "disability_support");
	const char *all[] = { "*" };
	const cus_indicator_value *v = cell(&c, "qualification_rate", all);
	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(v->numerator, 4);
	ck_assert_int_eq(v->denominator, 5);
	ck_assert(fabs(v->value - 80.0) < 1e-9);
	calc_free(&c);
	c = again("services_delivered");
	CHECK_CELL(c, "services_delivered", 2, 0, "disability_support");
	CHECK_CELL(c, "services_delivered", 3, 0, "*");
	calc_free(&c);
}
END_TEST

START_TEST(test_indicators_golden__two_dimensions_with_margins)
{
	calc c = again("persons_by_age");
	/* (30-44 F), (55-64 F), (75+ M), three band totals, two sex totals, all */
	ck_assert_int_eq(cus_indicator_count(c.it), 3 + 3 + 2 + 1);
	CHECK_CELL(c, "persons_by_age", 1, 0, "55-64", "F");
	CHECK_CELL(c, "persons_by_age", 2, 0, "*", "F");
	CHECK_CELL(c, "persons_by_age", 1, 0, "75+", "*");
	CHECK_CELL(c, "persons_by_age", 3, 0, "*", "*");
	calc_free(&c);
	/* the order: values before totals, bands in time order */
	c = again("persons_by_age");
	const cus_indicator_value *v;
	ck_assert_int_eq(cus_indicator_next(&v, c.it), 0);
	ck_assert_str_eq(v->values[0], "30-44");
	ck_assert_str_eq(v->values[1], "F");
	calc_free(&c);
}
END_TEST

START_TEST(test_indicators_golden__half_years_ad_hoc)
{
	const char *by[] = { "half_year" };
	calc c = compute("2022", NULL, "persons", NULL, by, 1);
	CHECK_CELL(c, "(ad hoc)", 3, 0, "2022H1");
	calc_free(&c);
	c = compute("2022", NULL, "persons", NULL, by, 1);
	CHECK_CELL(c, "(ad hoc)", 2, 0, "2022H2");
	calc_free(&c);
	c = compute("2022", NULL, "persons", NULL, by, 1);
	CHECK_CELL(c, "(ad hoc)", 3, 0, "*");
	calc_free(&c);
	/* a half-year: only its deliveries */
	c = compute("2022H2", NULL, "deliveries", NULL, NULL, 0);
	CHECK_CELL(c, "(ad hoc)", 2, 0, NULL);
	calc_free(&c);
}
END_TEST

START_TEST(test_indicators_golden__targets_cumulative)
{
	calc c = again("target_local_community");
	const cus_indicator_value *v = cell(&c, "target_local_community", NULL);
	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(v->numerator, 1);       /* P2 in the senior club */
	ck_assert_int_eq(v->denominator, 50);
	ck_assert(fabs(v->value - 2.0) < 1e-9);
	ck_assert_str_eq(v->first, "2021-08-01");
	calc_free(&c);
	c = again("target_comprehensive_support");
	v = cell(&c, "target_comprehensive_support", NULL);
	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(v->numerator, 3);
	ck_assert_int_eq(v->denominator, 250);
	calc_free(&c);
	/* the first half of 2023, cumulative: P1's delivery of 2023-01-05 and
	 * everyone before */
	c = compute("2023H1", "target_comprehensive_support", NULL, NULL, NULL, 0);
	v = cell(&c, "target_comprehensive_support", NULL);
	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(v->numerator, 3);
	calc_free(&c);
	c = again("target_families_with_children");
	v = cell(&c, "target_families_with_children", NULL);
	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(v->numerator, 0);
	ck_assert_int_eq(v->denominator, 25);
	calc_free(&c);
}
END_TEST

START_TEST(test_indicators_golden__plans_and_reviews)
{
	calc c = again("plans_active");
	const cus_indicator_value *v = cell(&c, "plans_active", NULL);
	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(v->numerator, 1);
	calc_free(&c);
	c = again("reviews_on_time");
	v = cell(&c, "reviews_on_time", NULL);
	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(v->numerator, 2);
	ck_assert_int_eq(v->denominator, 4);
	ck_assert(fabs(v->value - 50.0) < 1e-9);
	calc_free(&c);
}
END_TEST

START_TEST(test_indicators_golden__every_indicator_and_audit)
{
	calc c = compute("2022", NULL, NULL, NULL, NULL, 0);
	const cus_indicator *defs = NULL;
	int n = cus_indicator_list(&defs, c.db);
	ck_assert_int_ge(n, 10);
	/* every indicator has at least its grand total, in the policy's order */
	size_t at = 0;
	for (int i = 0; i < n; i++) {
		int seen = 0;
		for (; at < cus_indicator_count(c.it) &&
			strcmp(cus_indicator_at(c.it, at)->indicator, defs[i].code) == 0; at++)
			seen++;
		ck_assert_msg(seen >= 1, "no cell of %s", defs[i].code);
	}
	ck_assert_uint_eq(at, cus_indicator_count(c.it));
	ck_assert_int_eq(audit_count(c.db, "indicators.compute", "ok", NULL), 1);
	calc_free(&c);
}
END_TEST

START_TEST(test_indicators_golden__denied_and_bad_queries)
{
	cus_db *db = centre_open_as(dir, "ous");
	cus_session *s = session_for(db, "qualification");
	cus_indicator_iter *it = NULL;
	cus_indicator_query q = CUS_INDICATOR_QUERY_INIT;
	q.period = "2022";
	ck_assert_cus(cus_indicators_compute(&it, s, &q), CUS_EDENIED);
	ck_assert_int_eq(audit_count(db, "indicators.compute", "denied", NULL), 1);
	cus_session_close(s);
	cus_db_close(db);

	calc c = again("persons_served");
	calc_free(&c);
	db = centre_open_as(dir, "dir");
	s = session_for(db, "reporting");
	q.period = "2022H3";
	ck_assert_cus(cus_indicators_compute(&it, s, &q), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "period");
	q.period = "2022";
	q.indicator = "no_such";
	ck_assert_cus(cus_indicators_compute(&it, s, &q), CUS_ENOTFOUND);
	ck_assert_str_eq(cus_error_last()->field, "indicator");
	q.indicator = NULL;
	q.measure = "persons";
	const char *bad[] = { "colour" };
	q.by = bad;
	q.nby = 1;
	ck_assert_cus(cus_indicators_compute(&it, s, &q), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "by");
	const char *nofund[] = { "funding" };
	q.measure = "applications";
	q.by = nofund;
	ck_assert_cus(cus_indicators_compute(&it, s, &q), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "by");
	q.by = NULL;
	q.nby = 0;
	q.measure = "persons";
	q.denominator = "applications";
	ck_assert_cus(cus_indicators_compute(&it, s, &q), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "denominator");
	cus_session_close(s);
	cus_db_close(db);
}
END_TEST

TCase *tcase_indicators_golden(void)
{
	TCase *t = tcase_create("golden");
	tcase_add_checked_fixture(t, golden_setup, golden_teardown);
	tcase_set_timeout(t, 120);
	tcase_add_test(t, test_indicators_golden__persons_distinct_per_cell_and_total);
	tcase_add_test(t, test_indicators_golden__deliveries_units_cost);
	tcase_add_test(t, test_indicators_golden__families_and_types);
	tcase_add_test(t, test_indicators_golden__applications_and_rate);
	tcase_add_test(t, test_indicators_golden__two_dimensions_with_margins);
	tcase_add_test(t, test_indicators_golden__half_years_ad_hoc);
	tcase_add_test(t, test_indicators_golden__targets_cumulative);
	tcase_add_test(t, test_indicators_golden__plans_and_reviews);
	tcase_add_test(t, test_indicators_golden__every_indicator_and_audit);
	tcase_add_test(t, test_indicators_golden__denied_and_bad_queries);
	return t;
}
