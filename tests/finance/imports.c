#include <stdio.h>
#include "common.h"

static int has_error(const cus_finance_report *r, int64_t line, const char *field)
{
	for (size_t i = 0; i < r->error_count; i++)
		if (r->errors[i].line == line && !strcmp(r->errors[i].field, field))
			return 1;
	return 0;
}

static void dump(const cus_finance_report *r)
{
	for (size_t i = 0; r && i < r->error_count; i++)
		fprintf(stderr, "  line %lld %s: %s\n", (long long)r->errors[i].line, r->errors[i].field,
			r->errors[i].message);
}

START_TEST(test_finance_imports__projects_csv)
{
	SETUP("fin", "reporting");
	const char *p = text_file(dir, "p.csv",
		"kod;nazwa;od;do;koszt całkowity;dofinansowanie;wkład własny;eu_rap;own_tasks\n"
		"QWSP;Q-współPRACY;1.1.2022;31.12.2022;552 531,25 zł;442 025,00;110 506,25;442 025,00;110 506,25\n"
		"RAP;Rozwój-Aktywność-Praca;;;1 003 140,00;794 190,00;208 950,00;794 190,00;208 950,00\n"
		"ODD;Projekt o groszu;;;100,01;80,00;20,00;;\n");
	cus_finance_report *r = NULL;
	int rc = cus_project_import(&r, s, p, NULL);
	dump(r);
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(r->rows, 3);
	ck_assert_int_eq(r->imported, 3);
	ck_assert_str_eq(r->encoding, "utf-8");
	ck_assert_int_eq(r->delimiter, ';');
	ck_assert_uint_eq(r->mismatch_count, 1);   /* ODD: 100,01 != 80,00 + 20,00, kept as a warning */
	ck_assert_int_eq(r->mismatches[0].line, 4);
	ck_assert_int_eq(r->mismatches[0].difference, 1);
	cus_finance_report_free(r);
	cus_project *q = NULL;
	ck_assert_int_eq(cus_project_get(&q, s, "QWSP"), 0);
	ck_assert_int_eq(q->total_cost, 55253125);
	ck_assert_str_eq(q->period_to, "2022-12-31");
	ck_assert_uint_eq(q->nsources, 2);
	cus_project_free(q);
	ck_assert_int_eq(audit_count(db, "project.import", "ok", NULL), 1);
	TEARDOWN();
}
END_TEST

START_TEST(test_finance_imports__projects_csv_errors)
{
	SETUP("fin", "reporting");
	golden_projects(s);
	const char *p = text_file(dir, "p.csv",
		"code,name,total_cost,co_financing,own_contribution,eu_rap\n"
		"A1,Dobry,\"1 000,00\",\"800,00\",\"200,00\",\n"
		"bad code,Zły kod,1000,800,200,\n"
		"A2,,1000,800,200,\n"
		"A3,Kwota,12.345,800,200,\n"
		"A1,Powtórka,1000,800,200,\n"
		"QWSP,Już jest,1000,800,200,\n"
		"A4,Ujemna,1000,800,200,-5\n");
	cus_finance_report *r = NULL;
	ck_assert_cus(cus_project_import(&r, s, p, NULL), CUS_EINVAL);
	dump(r);
	ck_assert(has_error(r, 3, "code"));
	ck_assert(has_error(r, 4, "name"));
	ck_assert(has_error(r, 5, "total_cost"));
	ck_assert(has_error(r, 6, "code"));
	ck_assert(has_error(r, 7, "code"));
	ck_assert(has_error(r, 8, "eu_rap"));
	ck_assert_uint_eq(r->error_count, 6);
	ck_assert_int_eq(r->imported, 0);
	cus_finance_report_free(r);
	ck_assert_int_eq(table_rows(db, "projects"), 2);
	/* strict: the mismatch is an error, nothing stored */
	p = text_file(dir, "q.csv", "code;name;total_cost;co_financing;own_contribution\n"
				    "B1;Dobry;1000;800;200\n"
				    "B2;Grosz;1000,01;800;200\n");
	cus_finance_import_options o = CUS_FINANCE_IMPORT_OPTIONS_INIT;
	o.flags = CUS_FINANCE_STRICT;
	ck_assert_cus(cus_project_import(&r, s, p, &o), CUS_EINVAL);
	ck_assert(has_error(r, 3, "total_cost"));
	ck_assert_uint_eq(r->mismatch_count, 1);
	ck_assert_int_eq(r->mismatches[0].error, 1);
	ck_assert_int_eq(r->strict, 1);
	cus_finance_report_free(r);
	ck_assert_int_eq(table_rows(db, "projects"), 2);
	TEARDOWN();
}
END_TEST

START_TEST(test_finance_imports__lines_and_expenditures)
{
	SETUP("fin", "reporting");
	golden_projects(s);
	const char *p = text_file(dir, "l.csv",
		"rok;dział;rozdział;paragraf;źródło;projekt;usługa;kwota;uwagi\n"
		"2022;852;85214;3110;own_tasks;;;200 000,00;zasiłki\n"
		"2022;852;85228;4300;own_tasks;;home_care;80 000,00;\n"
		"2022;853;85395;4307;eu_rap;QWSP;vocational_courses;442 025,00;\n"
		"2022;853;85395;4309;own_tasks;QWSP;vocational_courses;110 506,25;\n");
	cus_finance_report *r = NULL;
	int rc = cus_budget_line_import(&r, s, p, NULL);
	dump(r);
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(r->imported, 4);
	ck_assert_uint_eq(r->mismatch_count, 0);
	cus_finance_report_free(r);
	/* bad rows: every one listed, nothing stored */
	p = text_file(dir, "bad.csv",
		"year,classification,source,project,service,amount\n"
		"2022,852/85228/4300,own_tasks,,,100\n"
		"2022,85/85228/4300,own_tasks,,,100\n"
		"2022,852/85328/4300,own_tasks,,,100\n"
		"2022,852/85228/43x0,own_tasks,,,100\n"
		"2022,852/85228/4300,no_source,,,100\n"
		"2022,853/85395/4309,own_tasks,NOPE,,100\n"
		"2022,852/85228/4300,own_tasks,,no_service,100\n"
		"20x2,852/85228/4300,own_tasks,,,100\n"
		"2022,852/85228/4300,own_tasks,,,abc\n");
	ck_assert_cus(cus_budget_line_import(&r, s, p, NULL), CUS_EINVAL);
	dump(r);
	ck_assert(has_error(r, 3, "classification"));
	ck_assert(has_error(r, 4, "classification"));
	ck_assert(has_error(r, 5, "classification"));
	ck_assert(has_error(r, 6, "source"));
	ck_assert(has_error(r, 7, "project"));
	ck_assert(has_error(r, 8, "service"));
	ck_assert(has_error(r, 9, "year"));
	ck_assert(has_error(r, 10, "amount"));
	ck_assert_uint_eq(r->error_count, 8);
	cus_finance_report_free(r);
	ck_assert_int_eq(table_rows(db, "budget_lines"), 4);
	/* plan lines above a project's total: a warning, or with strict an error at the line */
	p = text_file(dir, "more.csv", "year;classification;source;project;amount\n"
				       "2022;853/85395/4307;eu_rap;QWSP;0,01\n");
	cus_finance_import_options o = CUS_FINANCE_IMPORT_OPTIONS_INIT;
	o.flags = CUS_FINANCE_STRICT;
	ck_assert_cus(cus_budget_line_import(&r, s, p, &o), CUS_EINVAL);
	dump(r);
	ck_assert(has_error(r, 2, "plan"));
	ck_assert_int_eq(r->mismatches[0].expected, 55253125);
	ck_assert_int_eq(r->mismatches[0].actual, 55253126);
	ck_assert_int_eq(r->mismatches[0].difference, -1);
	cus_finance_report_free(r);
	ck_assert_int_eq(table_rows(db, "budget_lines"), 4);
	ck_assert_int_eq(cus_budget_line_import(&r, s, p, NULL), 0);
	ck_assert_uint_eq(r->mismatch_count, 1);
	ck_assert_int_eq(r->mismatches[0].line, 2);
	cus_finance_report_free(r);
	ck_assert_int_eq(table_rows(db, "budget_lines"), 5);

	p = text_file(dir, "e.csv",
		"data;klasyfikacja;źródło;projekt;usługa;kwota;nr dokumentu\n"
		"15.01.2022;852/85214/3110;own_tasks;;;15 000,00;LW 1/2022\n"
		"2022-04-05;853/85395/4307;eu_rap;QWSP;vocational_courses;100 000,00;FV 7/2022\n");
	ck_assert_int_eq(cus_expenditure_import(&r, s, p, NULL), 0);
	ck_assert_int_eq(r->imported, 2);
	cus_finance_report_free(r);
	p = text_file(dir, "e2.csv", "date;classification;source;amount\n"
				     "2022-02-30;852/85214/3110;own_tasks;1\n"
				     "2022-02-01;852/85214/3110;own_tasks;0\n"
				     "2022-02-01;853/85395/4307;own_tasks;1\n");
	ck_assert_cus(cus_expenditure_import(&r, s, p, NULL), CUS_EINVAL);
	dump(r);
	ck_assert(has_error(r, 2, "date"));
	ck_assert(has_error(r, 3, "amount"));
	ck_assert(has_error(r, 4, "project"));
	cus_finance_report_free(r);
	ck_assert_int_eq(table_rows(db, "expenditures"), 2);
	TEARDOWN();
}
END_TEST

START_TEST(test_finance_imports__denied)
{
	SETUP("dir", "reporting");
	const char *p = text_file(dir, "l.csv", "year;classification;source;amount\n2022;852/85214/3110;own_tasks;1\n");
	cus_finance_report *r = NULL;
	ck_assert_cus(cus_budget_line_import(&r, s, p, NULL), CUS_EDENIED);
	cus_finance_report_free(r);
	ck_assert_int_eq(audit_count(db, "budget_line.import", "denied", NULL), 1);
	ck_assert_cus(cus_project_import_card(&r, s, p, 0), CUS_EDENIED);
	cus_finance_report_free(r);
	ck_assert_int_eq(audit_count(db, "project.import", "denied", NULL), 1);
	TEARDOWN();
}
END_TEST

static const char rus2_card[] =
	"# Karta projektu (seed 001, Tabela 6; seed 002)\n"
	"code: RUS2\n"
	"name: Rozwój usług społecznych w Gminie Milanówek – edycja 2\n"
	"programme: RPO WM 2014-2020\n"
	"measure: Działanie 9.2\n"
	"period_from: 2021-01-01\n"
	"period_to: 2021-12-31\n"
	"total_cost: 1 957 023,36 zł\n"
	"co_financing: 1 819 923,36 zł\n"
	"own_contribution: 137 100,00 zł\n"
	"sources:\n"
	"  eu_rus2: 1 565 618,69\n"
	"  state_funds: 254 304,67\n"
	"  own_tasks: 137 100,00\n"
	"plan:\n"
	"  - {year: 2021, classification: 852/85295/4307, source: eu_rus2, amount: \"1 565 618,69\"}\n"
	"  - year: 2021\n"
	"    classification: 852/85295/4308\n"
	"    source: state_funds\n"
	"    amount: 254 304,67\n"
	"  - {year: 2021, dzial: 852, rozdzial: 85295, paragraf: 4309, source: own_tasks, amount: 137100.00,"
	" service: telecare}\n";

START_TEST(test_finance_imports__card)
{
	SETUP("fin", "reporting");
	const char *p = text_file(dir, "rus2.yaml", rus2_card);
	cus_finance_report *r = NULL;
	int rc = cus_project_import_card(&r, s, p, CUS_FINANCE_STRICT);
	dump(r);
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(r->imported, 1);
	ck_assert_uint_eq(r->mismatch_count, 0);
	cus_finance_report_free(r);
	cus_project *q = NULL;
	ck_assert_int_eq(cus_project_get(&q, s, "RUS2"), 0);
	ck_assert_int_eq(q->total_cost, 195702336);
	ck_assert_int_eq(q->planned, 195702336);
	ck_assert_str_eq(q->measure, "Działanie 9.2");
	cus_project_free(q);
	ck_assert_int_eq(table_rows(db, "budget_lines"), 3);
	/* again: the code exists */
	ck_assert_cus(cus_project_import_card(&r, s, p, 0), CUS_EINVAL);
	ck_assert(has_error(r, 2, "code"));
	cus_finance_report_free(r);
	TEARDOWN();
}
END_TEST

START_TEST(test_finance_imports__card_errors)
{
	SETUP("fin", "reporting");
	/* the seed's 137 100,00 zł own contribution mistyped by one grosz */
	char text[4096];
	snprintf(text, sizeof text, "%s", rus2_card);
	char *own = strstr(text, "own_contribution: 137 100,00");
	own[strlen("own_contribution: 137 100,0")] = '1';
	const char *p = text_file(dir, "c.yaml", text);
	cus_finance_report *r = NULL;
	ck_assert_int_eq(cus_project_import_card(&r, s, p, 0), 0);
	ck_assert_uint_eq(r->mismatch_count, 2);
	ck_assert_str_eq(r->mismatches[0].field, "total_cost");
	ck_assert_int_eq(r->mismatches[0].line, 8);
	ck_assert_int_eq(r->mismatches[0].expected, 195702336);
	ck_assert_int_eq(r->mismatches[0].actual, 195702337);
	ck_assert_str_eq(r->mismatches[1].field, "own_contribution");
	cus_finance_report_free(r);
	raw_exec(db, "DELETE FROM budget_lines; DELETE FROM project_sources; DELETE FROM projects;");
	ck_assert_cus(cus_project_import_card(&r, s, p, CUS_FINANCE_STRICT), CUS_EINVAL);
	ck_assert_uint_eq(r->error_count, 2);
	ck_assert_int_eq(r->errors[0].line, 8);
	cus_finance_report_free(r);
	ck_assert_int_eq(table_rows(db, "projects"), 0);

	p = text_file(dir, "bad.yaml",
		"code: X1\n"
		"name: Zły\n"
		"total_cost: dużo\n"
		"colour: red\n");
	ck_assert_cus(cus_project_import_card(&r, s, p, 0), CUS_EINVAL);
	dump(r);
	ck_assert_uint_ge(r->error_count, 1);
	ck_assert_int_eq(r->errors[0].line, 4);
	ck_assert_str_eq(r->errors[0].field, "colour");
	cus_finance_report_free(r);
	p = text_file(dir, "bad2.yaml",
		"code: X1\n"
		"name: Zły\n"
		"total_cost: dużo\n"
		"sources:\n"
		"  nie_ma: 100\n"
		"plan:\n"
		"  - {year: 2022, classification: 852/85328/4300, source: own_tasks, amount: 1}\n"
		"  - {year: 2022, classification: 852/85228/4300, source: own_tasks, amount: 1, service: nope}\n");
	ck_assert_cus(cus_project_import_card(&r, s, p, 0), CUS_EINVAL);
	dump(r);
	ck_assert(has_error(r, 3, "total_cost"));
	ck_assert(has_error(r, 5, "sources.nie_ma"));
	ck_assert(has_error(r, 7, "plan[0].classification"));
	ck_assert(has_error(r, 8, "plan[1].service"));
	cus_finance_report_free(r);
	p = text_file(dir, "bad3.yaml", "code: [x\n");
	ck_assert_cus(cus_project_import_card(&r, s, p, 0), CUS_EINVAL);
	ck_assert_uint_eq(r->error_count, 1);
	cus_finance_report_free(r);
	ck_assert_int_eq(table_rows(db, "projects"), 0);
	TEARDOWN();
}
END_TEST

TCase *tcase_finance_imports(void)
{
	TCase *tc = tcase_create("imports");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_finance_imports__projects_csv);
	tcase_add_test(tc, test_finance_imports__projects_csv_errors);
	tcase_add_test(tc, test_finance_imports__lines_and_expenditures);
	tcase_add_test(tc, test_finance_imports__denied);
	tcase_add_test(tc, test_finance_imports__card);
	tcase_add_test(tc, test_finance_imports__card_errors);
	return tc;
}
