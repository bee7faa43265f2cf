/* Report definitions: the shipped ones load; every kind of mistake is
 * refused with its line, column and key path. */
#include <stdio.h>
#include <string.h>

#include "helpers.h"

#define REPORTS CUS_SOURCE_DIR "/reports/"

static const char *head(void)
{
	return "report:\n"
	       "  code: t\n"
	       "  title: Test\n"
	       "  audience: internal\n"
	       "  periods: [year]\n";
}

/* Parse head() + body; expect CUS_EINVAL at line:column with field. */
static void bad(const char *body, int line, int column, const char *field, const char *words)
{
	char text[4000];
	snprintf(text, sizeof text, "%s%s", head(), body);
	cus_report_def *d = NULL;
	int rc = cus_report_def_parse(&d, "t.yaml", text, strlen(text));
	ck_assert_msg(rc == CUS_EINVAL, "expected CUS_EINVAL for:\n%s\ngot %s", body, cus_error_name(rc));
	ck_assert_ptr_null(d);
	const cus_error *e = cus_error_last();
	ck_assert_str_eq(e->module, "report");
	ck_assert_msg(e->line == line && e->column == column, "%s: at %d:%d, expected %d:%d", e->message, e->line,
		e->column, line, column);
	ck_assert_msg(e->field && strcmp(e->field, field) == 0, "field %s, expected %s (%s)", e->field, field,
		e->message);
	ck_assert_msg(strstr(e->message, "t.yaml:") == e->message, "message %s", e->message);
	ck_assert_msg(strstr(e->message, words), "message '%s' lacks '%s'", e->message, words);
}

START_TEST(test_report_definitions__shipped_load)
{
	static const char *const names[] = { "director-semiannual", "mayor-annual", "council-public" };
	for (size_t i = 0; i < 3; i++) {
		char path[4096];
		ck_assert_int_eq(cus_report_path(path, sizeof path, names[i]), 0);
		cus_report_def *d = NULL;
		int rc = cus_report_def_load(&d, path);
		ck_assert_msg(rc == 0, "%s: %s", names[i], cus_error_last()->message);
		ck_assert_str_eq(cus_report_def_code(d), names[i]);
		ck_assert_str_eq(cus_report_def_audience(d), i == 2 ? "public" : "internal");
		ck_assert_uint_ge(cus_report_def_sheet_count(d), 4);
		cus_report_def_free(d);
	}
	char path[16];
	ck_assert_cus(cus_report_path(path, sizeof path, "../etc/passwd"), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "name");
	ck_assert_cus(cus_report_path(path, sizeof path, "mayor-annual"), CUS_EINVAL);
	cus_report_def *d = NULL;
	ck_assert_cus(cus_report_def_load(&d, REPORTS "missing.yaml"), CUS_ENOTFOUND);
}
END_TEST

START_TEST(test_report_definitions__errors_have_positions)
{
	bad("sheets: []\n", 6, 9, "sheets", "at least one");
	bad("sheets:\n  - name: A\n    blocks:\n      - table:\n          title: T\n          rows: [colour]\n"
	    "          values: [{measure: persons}]\n", 11, 18, "sheets[0].blocks[0].table.rows[0]", "not a dimension");
	bad("sheets:\n  - name: A\n    blocks:\n      - table:\n          title: T\n          rows: [area]\n"
	    "          values: [{measure: people}]\n", 12, 30, "sheets[0].blocks[0].table.values[0].measure",
	    "not a measure");
	bad("sheets:\n  - name: A\n    blocks:\n      - chart: {}\n", 9, 9, "sheets[0].blocks[0].chart", "unknown");
	bad("sheets:\n  - name: Bardzo długa nazwa arkusza ponad limit\n    blocks: [{text: a}]\n", 7, 11,
	    "sheets[0].name", "at most 31");
	bad("sheets:\n  - name: 'A/B'\n    blocks: [{text: a}]\n", 7, 11, "sheets[0].name", "may not hold");
	bad("sheets:\n  - name: Metodologia\n    blocks: [{text: a}]\n", 7, 11, "sheets[0].name", "every report");
	/* libxlsxwriter's own check is ASCII-only: Polish letters, case and accents are compared here */
	bad("sheets:\n  - name: Żółć\n    blocks: [{text: a}]\n  - name: ZOLC\n    blocks: [{text: b}]\n", 9, 11,
	    "sheets[1].name", "already used");
	bad("sheets:\n  - name: A\n    blocks:\n      - table:\n          title: T\n          rows: [area]\n"
	    "          values: [{measure: persons}]\n          chart: {type: donut, title: C}\n", 13, 25,
	    "sheets[0].blocks[0].table.chart.type", "not one of");
	bad("sheets:\n  - name: A\n    blocks:\n      - table:\n          title: T\n          rows: [area]\n"
	    "          values: [{measure: persons}]\n          chart: {type: bar, title: C, series: [2]}\n", 13, 18,
	    "sheets[0].blocks[0].table.chart", "has 1 values");
	bad("sheets:\n  - name: A\n    blocks:\n      - table:\n          title: T\n          rows: [month]\n"
	    "          values: [{measure: persons}]\n          compare: previous\n", 13, 20,
	    "sheets[0].blocks[0].table.compare", "cannot be compared");
	bad("sheets:\n  - name: A\n    blocks:\n      - budget: {title: B, by: colour}\n", 9, 32,
	    "sheets[0].blocks[0].budget.by", "not one of");
	bad("sheets:\n  - name: A\n    blocks:\n      - budget: {title: B, by: source, columns: [beneficiaries]}\n",
	    9, 50, "sheets[0].blocks[0].budget.columns[0]", "area or service");
	bad("  suppression: 5\nsheets:\n  - name: A\n    blocks: [{text: a}]\n", 6, 16, "report.suppression",
	    "only a public report");
}
END_TEST

START_TEST(test_report_definitions__public_rules)
{
	const char *pub = "report:\n  code: p\n  title: P\n  audience: public\n  periods: [year]\n"
		"  suppression: 2\nsheets:\n  - name: A\n    blocks: [{text: a}]\n";
	cus_report_def *d = NULL;
	ck_assert_cus(cus_report_def_parse(&d, "t.yaml", pub, strlen(pub)), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "report.suppression");
	const char *amounts = "report:\n  code: p\n  title: P\n  audience: public\n  periods: [year]\n"
		"sheets:\n  - name: A\n    blocks:\n      - table:\n          title: T\n          rows: [area]\n"
		"          values: [{measure: cost}]\n";
	ck_assert_cus(cus_report_def_parse(&d, "t.yaml", amounts, strlen(amounts)), CUS_EINVAL);
	ck_assert_msg(strstr(cus_error_last()->message, "counts only"), "%s", cus_error_last()->message);
	const char *two = "report:\n  code: p\n  title: P\n  audience: public\n  periods: [year]\n"
		"sheets:\n  - name: A\n    blocks:\n      - table:\n          title: T\n          rows: [area, service]\n"
		"          values: [{measure: persons}]\n";
	ck_assert_cus(cus_report_def_parse(&d, "t.yaml", two, strlen(two)), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "sheets[0].blocks[0].table.rows");
}
END_TEST

TCase *tcase_report_definitions(void)
{
	TCase *tc = tcase_create("definitions");
	tcase_add_test(tc, test_report_definitions__shipped_load);
	tcase_add_test(tc, test_report_definitions__errors_have_positions);
	tcase_add_test(tc, test_report_definitions__public_rules);
	return tc;
}
