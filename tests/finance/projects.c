#include "common.h"

static cus_project_input qwsp_input(void)
{
	cus_project_input in = CUS_PROJECT_INPUT_INIT;
	in.code = "QWSP";
	in.name = "Q-współPRACY";
	in.programme = "RPO WM 2014-2020";
	in.measure = "Działanie 9.1";
	in.total_cost = 55253125;
	in.co_financing = 44202500;
	in.own_contribution = 11050625;
	return in;
}

START_TEST(test_finance_projects__add_and_show)
{
	SETUP("fin", "reporting");
	golden_projects(s);
	cus_project *p = NULL;
	ck_assert_int_eq(cus_project_get(&p, s, "RUS2"), 0);
	ck_assert_str_eq(p->name, "Rozwój usług społecznych w Gminie Milanówek – edycja 2");
	ck_assert_int_eq(p->total_cost, 195702336);
	ck_assert_int_eq(p->co_financing + p->own_contribution, p->total_cost);
	ck_assert_int_eq(p->co_financing_bp, 9299);
	ck_assert_uint_eq(p->nsources, 3);
	ck_assert_str_eq(p->sources[0].source, "eu_rus2");
	ck_assert_int_eq(p->sources[0].amount, 156561869);
	ck_assert_str_eq(p->sources[1].source, "state_funds");
	ck_assert_int_eq(p->sources[2].amount, 13710000);
	ck_assert_str_eq(p->period_from, "2021-01-01");
	ck_assert_str_eq(p->created_by, "fin");
	cus_project_free(p);
	ck_assert_cus(cus_project_get(&p, s, "NOPE"), CUS_ENOTFOUND);
	ck_assert_ptr_null(p);

	cus_project_iter *it = NULL;
	ck_assert_int_eq(cus_project_list(&it, s), 0);
	const cus_project *q;
	ck_assert_int_eq(cus_project_next(&q, it), 0);
	ck_assert_str_eq(q->code, "QWSP");
	ck_assert_int_eq(q->co_financing_bp, 8000);
	ck_assert_int_eq(cus_project_next(&q, it), 0);
	ck_assert_str_eq(q->code, "RUS2");
	ck_assert_int_eq(cus_project_next(&q, it), CUS_ITEROVER);
	cus_project_iter_free(it);
	ck_assert_int_eq(audit_count(db, "project.add", "ok", NULL), 2);
	ck_assert_int_eq(audit_count(db, "project.list", "ok", NULL), 1);
	TEARDOWN();
}
END_TEST

START_TEST(test_finance_projects__mismatch_warning)
{
	SETUP("fin", "reporting");
	cus_project_input in = qwsp_input();
	in.total_cost = 55253126; /* one grosz more than 442 025,00 + 110 506,25 */
	cus_finance_report *r = NULL;
	int64_t id = 0;
	ck_assert_int_eq(cus_project_add(&r, s, &in, 0, &id), 0);
	ck_assert_int_gt(id, 0);
	ck_assert_uint_eq(r->mismatch_count, 1);
	const cus_finance_mismatch *m = &r->mismatches[0];
	ck_assert_str_eq(m->field, "total_cost");
	ck_assert_str_eq(m->project, "QWSP");
	ck_assert_int_eq(m->expected, 55253126);
	ck_assert_int_eq(m->actual, 55253125);
	ck_assert_int_eq(m->difference, 1);
	ck_assert_int_eq(m->error, 0);
	ck_assert_ptr_nonnull(strstr(m->message, "552\xc2\xa0" "531,26\xc2\xa0zł"));
	ck_assert_ptr_nonnull(strstr(m->message, "552\xc2\xa0" "531,25\xc2\xa0zł"));
	ck_assert_ptr_nonnull(strstr(m->message, "0,01\xc2\xa0zł"));
	ck_assert_uint_eq(r->error_count, 0);
	cus_finance_report_free(r);
	ck_assert_int_eq(table_rows(db, "projects"), 1);
	TEARDOWN();
}
END_TEST

START_TEST(test_finance_projects__mismatch_strict)
{
	SETUP("fin", "reporting");
	cus_project_input in = qwsp_input();
	in.own_contribution = 11050600;
	cus_finance_report *r = NULL;
	ck_assert_cus(cus_project_add(&r, s, &in, CUS_FINANCE_STRICT, NULL), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "total_cost");
	ck_assert_uint_eq(r->mismatch_count, 1);
	ck_assert_int_eq(r->mismatches[0].difference, 25);
	ck_assert_int_eq(r->mismatches[0].error, 1);
	ck_assert_uint_eq(r->error_count, 1);
	ck_assert_int_eq(r->imported, 0);
	cus_finance_report_free(r);
	ck_assert_int_eq(table_rows(db, "projects"), 0);
	/* the per-source amounts against the total, the own and the co-financing */
	in = qwsp_input();
	cus_project_source src[] = { { "eu_rap", 44202500 }, { "own_tasks", 11050000 } };
	in.sources = src;
	in.nsources = 2;
	ck_assert_int_eq(cus_project_add(&r, s, &in, 0, NULL), 0);
	ck_assert_uint_eq(r->mismatch_count, 2);
	ck_assert_int_eq(r->mismatches[0].expected, 55253125);
	ck_assert_int_eq(r->mismatches[0].actual, 55252500);
	ck_assert_str_eq(r->mismatches[1].field, "own_contribution");
	ck_assert_int_eq(r->mismatches[1].difference, 625);
	cus_finance_report_free(r);
	TEARDOWN();
}
END_TEST

START_TEST(test_finance_projects__invalid)
{
	SETUP("fin", "reporting");
	cus_project_input in = qwsp_input();
	in.code = "bad code";
	ck_assert_cus(cus_project_add(NULL, s, &in, 0, NULL), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "code");
	in = qwsp_input();
	in.name = "  ";
	ck_assert_cus(cus_project_add(NULL, s, &in, 0, NULL), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "name");
	in = qwsp_input();
	in.period_from = "2022-02-30";
	ck_assert_cus(cus_project_add(NULL, s, &in, 0, NULL), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "period_from");
	in = qwsp_input();
	in.period_from = "2023-01-01";
	in.period_to = "2022-12-31";
	ck_assert_cus(cus_project_add(NULL, s, &in, 0, NULL), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "period_to");
	in = qwsp_input();
	in.total_cost = -1;
	ck_assert_cus(cus_project_add(NULL, s, &in, 0, NULL), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "total_cost");
	in = qwsp_input();
	cus_project_source src[] = { { "eu_rap", 44202500 }, { "no_such_source", 11050625 } };
	in.sources = src;
	in.nsources = 2;
	ck_assert_cus(cus_project_add(NULL, s, &in, 0, NULL), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "sources[1].source");
	src[1].source = "eu_rap";
	ck_assert_cus(cus_project_add(NULL, s, &in, 0, NULL), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "sources[1].source");
	ck_assert_int_eq(table_rows(db, "projects"), 0);
	in = qwsp_input();
	ck_assert_int_eq(cus_project_add(NULL, s, &in, 0, NULL), 0);
	ck_assert_cus(cus_project_add(NULL, s, &in, 0, NULL), CUS_EEXISTS);
	ck_assert_str_eq(cus_error_last()->field, "code");
	ck_assert_int_eq(table_rows(db, "projects"), 1);
	TEARDOWN();
}
END_TEST

START_TEST(test_finance_projects__denied_audited)
{
	SETUP("dir", "reporting");
	cus_project_input in = qwsp_input();
	ck_assert_cus(cus_project_add(NULL, s, &in, 0, NULL), CUS_EDENIED);
	ck_assert_int_eq(audit_count(db, "project.add", "denied", NULL), 1);
	ck_assert_int_eq(table_rows(db, "projects"), 0);
	cus_project_iter *it = NULL;
	ck_assert_int_eq(cus_project_list(&it, s), 0); /* the director reads for reporting */
	cus_project_iter_free(it);
	cus_session_close(s);
	cus_db_close(db);
	/* a coordinator has no finance data at all */
	db = centre_open_as(dir, "kipus");
	s = session_for(db, "qualification");
	ck_assert_cus(cus_project_list(&it, s), CUS_EDENIED);
	ck_assert_ptr_null(it);
	ck_assert_int_eq(audit_count(db, "project.list", "denied", NULL), 1);
	TEARDOWN();
}
END_TEST

TCase *tcase_finance_projects(void)
{
	TCase *tc = tcase_create("projects");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_finance_projects__add_and_show);
	tcase_add_test(tc, test_finance_projects__mismatch_warning);
	tcase_add_test(tc, test_finance_projects__mismatch_strict);
	tcase_add_test(tc, test_finance_projects__invalid);
	tcase_add_test(tc, test_finance_projects__denied_audited);
	return tc;
}
