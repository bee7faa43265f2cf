/* Golden breakdowns: the data set of common.c, computed by hand. */
#include "common.h"

static const cus_budget_row *row(const cus_budget_report *r, const char *key, int level)
{
	for (size_t i = 0; i < r->nrows; i++)
		if (!strcmp(r->rows[i].key, key) && r->rows[i].level == level)
			return &r->rows[i];
	ck_abort_msg("no row %s (level %d)", key, level);
	return NULL;
}

static cus_budget_report *report(cus_session *s, const char *period, int by)
{
	cus_budget_report *r = NULL;
	int rc = cus_budget_report_get(&r, s, period, by, 0);
	ck_assert_msg(rc == 0, "cus_budget_report_get: %s", cus_error_last()->message);
	return r;
}

/* The rows (of one level) add up to the total, to the grosz. */
static void reconciles(const cus_budget_report *r, int level)
{
	int64_t plan = 0, exec = 0;
	for (size_t i = 0; i < r->nrows; i++)
		if (r->rows[i].level == level) {
			plan += r->rows[i].plan;
			exec += r->rows[i].executed;
		}
	ck_assert_int_eq(plan, r->total.plan);
	ck_assert_int_eq(exec, r->total.executed);
}

#define GOLDEN_SETUP() \
	SETUP("fin", "reporting"); \
	golden_projects(s); \
	golden_ledger(s)

START_TEST(test_finance_budget__by_source)
{
	GOLDEN_SETUP();
	cus_budget_report *r = report(s, "2022", CUS_BUDGET_BY_SOURCE);
	ck_assert_str_eq(r->period.name, "2022");
	ck_assert_int_eq(r->total.plan, 91253125);      /* 912 531,25 zł */
	ck_assert_int_eq(r->total.executed, 17234568);  /* 172 345,68 zł */
	ck_assert_int_eq(r->total.executed_bp, 1889);
	ck_assert_uint_eq(r->nrows, 3);
	ck_assert_str_eq(r->rows[0].key, "commissioned_tasks");
	ck_assert_str_eq(r->rows[1].key, "eu_rap");
	ck_assert_str_eq(r->rows[2].key, "own_tasks");
	const cus_budget_row *o = row(r, "own_tasks", 0);
	ck_assert_int_eq(o->plan, 44050625);
	ck_assert_int_eq(o->executed, 6234567);
	ck_assert_int_eq(o->executed_bp, 1415);
	ck_assert_str_eq(o->name, "Zadania własne gminy (środki własne)");
	ck_assert_int_eq(row(r, "eu_rap", 0)->executed_bp, 2262);
	ck_assert_int_eq(row(r, "commissioned_tasks", 0)->executed, 1000001);
	ck_assert_int_eq(row(r, "commissioned_tasks", 0)->executed_bp, 3333);
	ck_assert_int_eq(o->beneficiaries, -1);
	reconciles(r, 0);
	/* spending: benefits 3xxx, services, upkeep */
	ck_assert_str_eq(r->spending[0].key, "benefits");
	ck_assert_int_eq(r->spending[0].plan, 20000000);
	ck_assert_int_eq(r->spending[0].executed, 1500000);
	ck_assert_int_eq(r->spending[1].plan, 66253125);
	ck_assert_int_eq(r->spending[1].executed, 14500001);
	ck_assert_int_eq(r->spending[2].plan, 5000000);
	ck_assert_int_eq(r->spending[2].executed, 1234567);
	ck_assert_int_eq(r->spending[0].plan_share_bp, 2192);
	ck_assert_int_eq(r->spending[1].plan_share_bp, 7260);
	ck_assert_int_eq(r->spending[2].plan_share_bp, 548);
	/* shares are each rounded from exact sums: 870 + 8413 + 716 = 9999 */
	ck_assert_int_eq(r->spending[0].executed_share_bp, 870);
	ck_assert_int_eq(r->spending[1].executed_share_bp, 8413);
	ck_assert_int_eq(r->spending[2].executed_share_bp, 716);
	/* financing: own, commissioned, external, other */
	ck_assert_str_eq(r->financing[0].key, "own");
	ck_assert_int_eq(r->financing[0].plan, 44050625);
	ck_assert_int_eq(r->financing[1].executed, 1000001);
	ck_assert_int_eq(r->financing[2].plan, 44202500);
	ck_assert_int_eq(r->financing[2].executed_share_bp, 5802);
	ck_assert_int_eq(r->financing[3].plan, 0);
	ck_assert_int_eq(r->financing[3].executed_share_bp, 0);
	ck_assert_uint_eq(r->mismatch_count, 0);
	cus_budget_report_free(r);
	ck_assert_int_eq(audit_count(db, "budget.report", "ok", NULL), 1);
	TEARDOWN();
}
END_TEST

START_TEST(test_finance_budget__sub_year_periods)
{
	GOLDEN_SETUP();
	cus_budget_report *r = report(s, "2022Q1", CUS_BUDGET_BY_SOURCE);
	ck_assert_int_eq(r->total.plan, 91253125);     /* the year's plan */
	ck_assert_int_eq(r->total.executed, 3388888);  /* January-March */
	ck_assert_int_eq(r->total.executed_bp, 371);
	reconciles(r, 0);
	cus_budget_report_free(r);
	r = report(s, "2022H2", CUS_BUDGET_BY_PROJECT);
	ck_assert_int_eq(r->total.executed, 1345680);
	ck_assert_uint_eq(r->nrows, 2);
	ck_assert_str_eq(r->rows[1].key, ""); /* money of no project, last */
	ck_assert_int_eq(r->rows[1].executed, 1345680);
	ck_assert_int_eq(r->rows[0].executed, 0);
	ck_assert_int_eq(r->rows[0].plan, 55253125);
	reconciles(r, 0);
	cus_budget_report_free(r);
	r = report(s, "2022-04", CUS_BUDGET_BY_PROJECT);
	ck_assert_int_eq(r->total.executed, 12500000);
	ck_assert_int_eq(row(r, "QWSP", 0)->executed_bp, 2262);
	ck_assert_str_eq(row(r, "QWSP", 0)->name, "Q-współPRACY");
	cus_budget_report_free(r);
	r = report(s, "2021", CUS_BUDGET_BY_SOURCE);
	ck_assert_int_eq(r->total.plan, 0);
	ck_assert_int_eq(r->total.executed, 99999);
	ck_assert_int_eq(r->total.executed_bp, -1);
	cus_budget_report_free(r);
	r = report(s, "2023", CUS_BUDGET_BY_SOURCE);
	ck_assert_int_eq(r->total.plan, 77700000);
	ck_assert_int_eq(r->total.executed, 11111);
	cus_budget_report_free(r);
	cus_budget_report *bad = NULL;
	ck_assert_cus(cus_budget_report_get(&bad, s, "2022Q5", CUS_BUDGET_BY_SOURCE, 0), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "period");
	ck_assert_cus(cus_budget_report_get(&bad, s, "2022", 42, 0), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "by");
	TEARDOWN();
}
END_TEST

START_TEST(test_finance_budget__by_classification)
{
	GOLDEN_SETUP();
	cus_budget_report *r = report(s, "2022", CUS_BUDGET_BY_CLASSIFICATION);
	static const struct {
		const char *key;
		int level;
		const char *parent;
		int64_t plan, exec, bp;
	} want[] = {
		{ "852", 1, NULL, 36000000, 4734568, 1315 },
		{ "85214", 2, "852", 20000000, 1500000, 750 },
		{ "3110", 3, "85214", 20000000, 1500000, 750 },
		{ "85219", 2, "852", 5000000, 1234567, 2469 },
		{ "4010", 3, "85219", 5000000, 1234567, 2469 },
		{ "85228", 2, "852", 11000000, 2000001, 1818 },
		{ "4300", 3, "85228", 11000000, 2000001, 1818 },
		{ "853", 1, NULL, 55253125, 12500000, 2262 },
		{ "85395", 2, "853", 55253125, 12500000, 2262 },
		{ "4307", 3, "85395", 44202500, 10000000, 2262 },
		{ "4309", 3, "85395", 11050625, 2500000, 2262 },
	};
	ck_assert_uint_eq(r->nrows, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < r->nrows; i++) {
		const cus_budget_row *x = &r->rows[i];
		ck_assert_str_eq(x->key, want[i].key);
		ck_assert_int_eq(x->level, want[i].level);
		if (want[i].parent)
			ck_assert_str_eq(x->parent, want[i].parent);
		else
			ck_assert_ptr_null(x->parent);
		ck_assert_int_eq(x->plan, want[i].plan);
		ck_assert_int_eq(x->executed, want[i].exec);
		ck_assert_int_eq(x->executed_bp, want[i].bp);
	}
	ck_assert_str_eq(r->rows[0].name, "Pomoc społeczna");
	for (int lv = 1; lv <= 3; lv++)
		reconciles(r, lv);
	cus_budget_report_free(r);
	r = report(s, "2022", CUS_BUDGET_BY_PARAGRAF);
	ck_assert_int_eq(row(r, "4300", 3)->plan, 11000000);
	reconciles(r, 3);
	cus_budget_report_free(r);
	r = report(s, "2022", CUS_BUDGET_BY_ROZDZIAL);
	ck_assert_uint_eq(r->nrows, 4);
	reconciles(r, 2);
	cus_budget_report_free(r);
	TEARDOWN();
}
END_TEST

START_TEST(test_finance_budget__by_service_and_area)
{
	GOLDEN_SETUP();
	cus_db *kdb = centre_open_as(dir, "kipus");
	cus_session *ks = session_for(kdb, "qualification");
	golden_deliveries(db, ks);
	cus_session_close(ks);
	cus_db_close(kdb);

	cus_budget_report *r = report(s, "2022", CUS_BUDGET_BY_SERVICE);
	const cus_budget_row *h = row(r, "home_care", 0);
	ck_assert_int_eq(h->plan, 8000000);
	ck_assert_int_eq(h->executed, 1000000);
	ck_assert_int_eq(h->executed_bp, 1250);
	ck_assert_int_eq(h->beneficiaries, 2);           /* A and B, A counted once */
	ck_assert_int_eq(h->units, 23);
	ck_assert_int_eq(h->cost_per_beneficiary, 500000);
	ck_assert_int_eq(h->cost_per_unit, 43478);       /* 10 000,00 zł / 23 h = 434,78 zł */
	const cus_budget_row *v = row(r, "vocational_courses", 0);
	ck_assert_int_eq(v->executed, 12500000);
	ck_assert_int_eq(v->beneficiaries, 2);
	ck_assert_int_eq(v->cost_per_beneficiary, 6250000);
	ck_assert_int_eq(v->cost_per_unit, 6250000);
	const cus_budget_row *m = row(r, "specialist_care_mental", 0);
	ck_assert_int_eq(m->beneficiaries, 0);
	ck_assert_int_eq(m->cost_per_beneficiary, -1);
	const cus_budget_row *none = row(r, "", 0);
	ck_assert_int_eq(none->executed, 2734567);
	ck_assert_int_eq(none->cost_per_beneficiary, -1);
	ck_assert_int_eq(r->total.beneficiaries, 3);     /* A, B, C */
	ck_assert_int_eq(r->total.units, 25);
	ck_assert_int_eq(r->total.cost_per_beneficiary, 4833334); /* 145 000,01 zł / 3 */
	reconciles(r, 0);
	cus_budget_report_free(r);

	r = report(s, "2022", CUS_BUDGET_BY_AREA);
	const cus_budget_row *sa = row(r, "social_assistance", 0);
	ck_assert_int_eq(sa->plan, 11000000);
	ck_assert_int_eq(sa->executed, 2000001);
	ck_assert_int_eq(sa->beneficiaries, 2);
	ck_assert_int_eq(sa->units, 23);
	ck_assert_int_eq(sa->cost_per_beneficiary, 1000001); /* 10 000,005 zł: half away from zero */
	ck_assert_int_eq(sa->cost_per_unit, -1);
	ck_assert_str_eq(sa->name, "Pomoc społeczna");
	const cus_budget_row *un = row(r, "unemployment", 0);
	ck_assert_int_eq(un->plan, 55253125);
	ck_assert_int_eq(un->beneficiaries, 2);
	ck_assert_int_eq(row(r, "", 0)->plan, 25000000);
	ck_assert_int_eq(row(r, "", 0)->executed_bp, 1094);
	ck_assert_str_eq(r->rows[r->nrows - 1].key, "");
	reconciles(r, 0);
	cus_budget_report_free(r);
	TEARDOWN();
}
END_TEST

START_TEST(test_finance_budget__stored_mismatch_strict)
{
	SETUP("fin", "reporting");
	golden_projects(s);
	/* a project whose figures do not add up, kept as a warning */
	cus_project_input in = CUS_PROJECT_INPUT_INIT;
	in.code = "BAD";
	in.name = "Zły projekt";
	in.total_cost = 1000;
	in.co_financing = 800;
	in.own_contribution = 100;
	ck_assert_int_eq(cus_project_add(NULL, s, &in, 0, NULL), 0);
	cus_budget_report *r = NULL;
	ck_assert_int_eq(cus_budget_report_get(&r, s, "2022", CUS_BUDGET_BY_SOURCE, 0), 0);
	ck_assert_uint_eq(r->mismatch_count, 1);
	ck_assert_str_eq(r->mismatches[0].project, "BAD");
	ck_assert_int_eq(r->mismatches[0].difference, 100);
	cus_budget_report_free(r);
	ck_assert_cus(cus_budget_report_get(&r, s, "2022", CUS_BUDGET_BY_SOURCE, CUS_FINANCE_STRICT), CUS_EINVAL);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->mismatches[0].error, 1);
	cus_budget_report_free(r);
	TEARDOWN();
}
END_TEST

START_TEST(test_finance_budget__denied_audited)
{
	SETUP("kipus", "qualification");
	cus_budget_report *r = NULL;
	ck_assert_cus(cus_budget_report_get(&r, s, "2022", CUS_BUDGET_BY_SOURCE, 0), CUS_EDENIED);
	ck_assert_ptr_null(r);
	ck_assert_int_eq(audit_count(db, "budget.report", "denied", NULL), 1);
	cus_session_close(s);
	s = session_for(db, "ipus");
	ck_assert_cus(cus_budget_report_get(&r, s, "2022", CUS_BUDGET_BY_SOURCE, 0), CUS_EDENIED);
	ck_assert_int_eq(audit_count(db, "budget.report", "denied", NULL), 2);
	cus_session_close(s);
	cus_db_close(db);
	db = centre_open_as(dir, "dir");
	s = session_for(db, "reporting");
	ck_assert_int_eq(cus_budget_report_get(&r, s, "2022", CUS_BUDGET_BY_SOURCE, 0), 0);
	cus_budget_report_free(r);
	TEARDOWN();
}
END_TEST

TCase *tcase_finance_budget(void)
{
	TCase *tc = tcase_create("budget");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_finance_budget__by_source);
	tcase_add_test(tc, test_finance_budget__sub_year_periods);
	tcase_add_test(tc, test_finance_budget__by_classification);
	tcase_add_test(tc, test_finance_budget__by_service_and_area);
	tcase_add_test(tc, test_finance_budget__stored_mismatch_strict);
	tcase_add_test(tc, test_finance_budget__denied_audited);
	return tc;
}
