#include "common.h"

static int try_line(cus_session *s, const char *dz, const char *rz, const char *pg, const char *source,
	const char *project, const char *service, int year)
{
	cus_budget_line_input in = CUS_BUDGET_LINE_INPUT_INIT;
	in.year = year;
	in.dzial = dz;
	in.rozdzial = rz;
	in.paragraf = pg;
	in.source = source;
	in.project = project;
	in.service = service;
	in.amount = 100;
	return cus_budget_line_add(NULL, s, &in, 0, NULL);
}

START_TEST(test_finance_ledger__line_errors)
{
	SETUP("fin", "reporting");
	golden_projects(s);
	struct {
		const char *dz, *rz, *pg, *src, *proj, *svc;
		int year;
		const char *field;
	} bad[] = {
		{ "85", "85228", "4300", "own_tasks", NULL, NULL, 2022, "dzial" },
		{ "852", "85328", "4300", "own_tasks", NULL, NULL, 2022, "rozdzial" },
		{ "852", "85228", "430", "own_tasks", NULL, NULL, 2022, "paragraf" },
		{ "852", "85228", "4300", "no_source", NULL, NULL, 2022, "source" },
		{ "852", "85228", "4300", NULL, NULL, NULL, 2022, "source" },
		{ "852", "85228", "4300", "own_tasks", NULL, "no_service", 2022, "service" },
		{ "852", "85228", "4309", "own_tasks", "NOPE", NULL, 2022, "project" },
		{ "852", "85228", "4300", "own_tasks", NULL, NULL, 1800, "year" },
		/* the fourth digit against the source */
		{ "853", "85395", "4307", "own_tasks", "QWSP", NULL, 2022, "source" },
		{ "853", "85395", "4309", "eu_rap", "QWSP", NULL, 2022, "source" },
		{ "853", "85395", "4308", "own_tasks", "RUS2", NULL, 2022, "source" },
		{ "853", "85395", "4307", "eu_rap", NULL, NULL, 2022, "project" },
		{ "853", "85395", "4300", "eu_rap", "QWSP", NULL, 2022, "paragraf" },
		/* a source the project does not list */
		{ "853", "85395", "4307", "eu_rus2", "QWSP", NULL, 2022, "source" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int rc = try_line(s, bad[i].dz, bad[i].rz, bad[i].pg, bad[i].src, bad[i].proj, bad[i].svc, bad[i].year);
		ck_assert_msg(rc == CUS_EINVAL, "case %zu: %s", i, cus_error_name(rc));
		ck_assert_msg(cus_error_last()->field && !strcmp(cus_error_last()->field, bad[i].field),
			"case %zu: field %s, expected %s (%s)", i, cus_error_last()->field, bad[i].field,
			cus_error_last()->message);
	}
	ck_assert_int_eq(table_rows(db, "budget_lines"), 0);
	ck_assert_int_eq(try_line(s, "853", "85395", "4308", "state_funds", "RUS2", NULL, 2022), 0);
	ck_assert_int_eq(try_line(s, "852", "85228", "4300", "own_tasks", NULL, "home_care", 2022), 0);
	ck_assert_int_eq(table_rows(db, "budget_lines"), 2);
	TEARDOWN();
}
END_TEST

START_TEST(test_finance_ledger__plan_against_project)
{
	SETUP("fin", "reporting");
	golden_projects(s);
	cus_budget_line_input in = CUS_BUDGET_LINE_INPUT_INIT;
	in.year = 2022;
	in.dzial = "853";
	in.rozdzial = "85395";
	in.paragraf = "4307";
	in.source = "eu_rap";
	in.project = "QWSP";
	in.amount = 44202500;
	cus_finance_report *r = NULL;
	/* QWSP runs in 2022 only: its lines must add up to 552 531,25 zł */
	ck_assert_int_eq(cus_budget_line_add(&r, s, &in, 0, NULL), 0);
	ck_assert_uint_eq(r->mismatch_count, 1);
	ck_assert_str_eq(r->mismatches[0].field, "plan");
	ck_assert_int_eq(r->mismatches[0].expected, 55253125);
	ck_assert_int_eq(r->mismatches[0].actual, 44202500);
	ck_assert_int_eq(r->mismatches[0].difference, 11050625);
	cus_finance_report_free(r);
	in.paragraf = "4309";
	in.source = "own_tasks";
	in.amount = 11050626; /* one grosz too much: strict refuses it */
	ck_assert_cus(cus_budget_line_add(&r, s, &in, CUS_FINANCE_STRICT, NULL), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "plan");
	ck_assert_int_eq(r->mismatches[0].difference, -1);
	ck_assert_int_eq(r->mismatches[0].error, 1);
	cus_finance_report_free(r);
	ck_assert_int_eq(table_rows(db, "budget_lines"), 1);
	ck_assert_int_eq(audit_count(db, "budget_line.add", "error", NULL), 1);
	in.amount = 11050625;
	ck_assert_int_eq(cus_budget_line_add(&r, s, &in, CUS_FINANCE_STRICT, NULL), 0);
	ck_assert_uint_eq(r->mismatch_count, 0);
	cus_finance_report_free(r);
	/* RUS2 runs 2021-2023: a first year's lines below the total are fine, above are not */
	in.paragraf = "4307";
	in.source = "eu_rus2";
	in.project = "RUS2";
	in.amount = 50000000;
	ck_assert_int_eq(cus_budget_line_add(&r, s, &in, CUS_FINANCE_STRICT, NULL), 0);
	cus_finance_report_free(r);
	in.amount = 195702336;
	ck_assert_int_eq(cus_budget_line_add(&r, s, &in, 0, NULL), 0);
	ck_assert_uint_eq(r->mismatch_count, 1);
	ck_assert_int_eq(r->mismatches[0].actual, 245702336);
	cus_finance_report_free(r);
	TEARDOWN();
}
END_TEST

START_TEST(test_finance_ledger__expenditures)
{
	SETUP("fin", "benefits");
	golden_projects(s);
	golden_ledger(s);
	cus_expenditure_input in = CUS_EXPENDITURE_INPUT_INIT;
	in.date = "2022-02-30";
	in.dzial = "852";
	in.rozdzial = "85228";
	in.paragraf = "4300";
	in.source = "own_tasks";
	in.amount = 100;
	ck_assert_cus(cus_expenditure_add(s, &in, NULL), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "date");
	in.date = "2022-02-28";
	in.amount = 0;
	ck_assert_cus(cus_expenditure_add(s, &in, NULL), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "amount");
	in.amount = -500; /* a refund */
	in.service = "no_service";
	ck_assert_cus(cus_expenditure_add(s, &in, NULL), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "service");
	in.service = NULL;
	in.project = "NOPE";
	in.paragraf = "4309";
	ck_assert_cus(cus_expenditure_add(s, &in, NULL), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "project");
	in.project = NULL;
	in.paragraf = "4300";
	in.document = "FV 12/2022";
	int64_t id = 0;
	ck_assert_int_eq(cus_expenditure_add(s, &in, &id), 0);
	ck_assert_int_gt(id, 0);

	cus_expenditure_iter *it = NULL;
	ck_assert_int_eq(cus_expenditure_list(&it, s, "2022Q1", NULL), 0);
	const cus_expenditure *x;
	int n = 0;
	int64_t sum = 0;
	while (cus_expenditure_next(&x, it) == 0) {
		n++;
		sum += x->amount;
		ck_assert_str_ge(x->date, "2022-01-01");
		ck_assert_str_le(x->date, "2022-03-31");
	}
	cus_expenditure_iter_free(it);
	ck_assert_int_eq(n, 4);
	ck_assert_int_eq(sum, 1500000 + 654321 + 1234567 - 500);
	ck_assert_int_eq(cus_expenditure_list(&it, s, NULL, "QWSP"), 0);
	n = 0;
	while (cus_expenditure_next(&x, it) == 0) {
		ck_assert_str_eq(x->project, "QWSP");
		n++;
	}
	cus_expenditure_iter_free(it);
	ck_assert_int_eq(n, 2);
	ck_assert_cus(cus_expenditure_list(&it, s, "2022Q5", NULL), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "period");
	ck_assert_cus(cus_expenditure_list(&it, s, NULL, "NOPE"), CUS_ENOTFOUND);

	cus_budget_line_iter *li = NULL;
	ck_assert_int_eq(cus_budget_line_list(&li, s, 2022, NULL), 0);
	const cus_budget_line *l;
	n = 0;
	sum = 0;
	while (cus_budget_line_next(&l, li) == 0) {
		n++;
		sum += l->amount;
	}
	cus_budget_line_iter_free(li);
	ck_assert_int_eq(n, 6);
	ck_assert_int_eq(sum, 91253125);
	TEARDOWN();
}
END_TEST

TCase *tcase_finance_ledger(void)
{
	TCase *tc = tcase_create("ledger");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_finance_ledger__line_errors);
	tcase_add_test(tc, test_finance_ledger__plan_against_project);
	tcase_add_test(tc, test_finance_ledger__expenditures);
	return tc;
}
