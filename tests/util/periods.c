/* Reporting periods: year, half-year, quarter, month. */
#include "util_tests.h"

static void period_is(const char *s, int kind, int year, int index, const char *name, const char *first,
	const char *last)
{
	cus_period p;
	int rc = cus_period_parse(s, &p);
	ck_assert_msg(rc == 0, "%s refused: %s", s, cus_error_last()->message);
	ck_assert_int_eq(p.kind, kind);
	ck_assert_int_eq(p.year, year);
	ck_assert_int_eq(p.index, index);
	ck_assert_str_eq(p.name, name);
	ck_assert_str_eq(p.first, first);
	ck_assert_str_eq(p.last, last);
}

static void period_refused(const char *s, const char *why)
{
	cus_period p;
	memset(&p, 0x55, sizeof p);
	ck_assert_einval(cus_period_parse(s, &p), "period");
	ck_assert_error_says(why);
	ck_assert_int_eq(p.kind, 0);
	ck_assert_str_eq(p.first, "");
}

START_TEST(test_util_periods__all_forms)
{
	period_is("2022", CUS_PERIOD_YEAR, 2022, 1, "2022", "2022-01-01", "2022-12-31");
	period_is("2022H1", CUS_PERIOD_HALF_YEAR, 2022, 1, "2022H1", "2022-01-01", "2022-06-30");
	period_is("2022H2", CUS_PERIOD_HALF_YEAR, 2022, 2, "2022H2", "2022-07-01", "2022-12-31");
	period_is("2022Q1", CUS_PERIOD_QUARTER, 2022, 1, "2022Q1", "2022-01-01", "2022-03-31");
	period_is("2022Q2", CUS_PERIOD_QUARTER, 2022, 2, "2022Q2", "2022-04-01", "2022-06-30");
	period_is("2022Q3", CUS_PERIOD_QUARTER, 2022, 3, "2022Q3", "2022-07-01", "2022-09-30");
	period_is("2022Q4", CUS_PERIOD_QUARTER, 2022, 4, "2022Q4", "2022-10-01", "2022-12-31");
	period_is("2022-03", CUS_PERIOD_MONTH, 2022, 3, "2022-03", "2022-03-01", "2022-03-31");
	period_is("2022-04", CUS_PERIOD_MONTH, 2022, 4, "2022-04", "2022-04-01", "2022-04-30");
	period_is("2024-02", CUS_PERIOD_MONTH, 2024, 2, "2024-02", "2024-02-01", "2024-02-29");
	period_is("2023-02", CUS_PERIOD_MONTH, 2023, 2, "2023-02", "2023-02-01", "2023-02-28");
	period_is("1900-02", CUS_PERIOD_MONTH, 1900, 2, "1900-02", "1900-02-01", "1900-02-28");
	period_is("2022-12", CUS_PERIOD_MONTH, 2022, 12, "2022-12", "2022-12-01", "2022-12-31");
	/* lower-case letters, canonical name */
	period_is("2022h1", CUS_PERIOD_HALF_YEAR, 2022, 1, "2022H1", "2022-01-01", "2022-06-30");
	period_is("2021q4", CUS_PERIOD_QUARTER, 2021, 4, "2021Q4", "2021-10-01", "2021-12-31");
	period_is("0001", CUS_PERIOD_YEAR, 1, 1, "0001", "0001-01-01", "0001-12-31");
	period_is("9999Q4", CUS_PERIOD_QUARTER, 9999, 4, "9999Q4", "9999-10-01", "9999-12-31");
}
END_TEST

START_TEST(test_util_periods__refusals)
{
	period_refused("2022H3", "half-year other than H1 or H2");
	period_refused("2022H0", "half-year other than H1 or H2");
	period_refused("2022Q5", "quarter other than Q1-Q4");
	period_refused("2022Q0", "quarter other than Q1-Q4");
	period_refused("2022-13", "month outside 01-12");
	period_refused("2022-00", "month outside 01-12");
	period_refused("0000", "year 0000");
	period_refused("0000Q1", "year 0000");
	const char *bad[] = { "", "22", "202", "20222", "2022-3", "2022-003", "2022M1", "2022 ", " 2022", "2022H12",
		"2022Q", "2022H", "20a2", "2022-03-01", "2022/03", "2022 H1", "2022Hx", "Q1-2022", "2022-1a" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		period_refused(bad[i], "must be YYYY, YYYYH1-YYYYH2, YYYYQ1-YYYYQ4 or YYYY-MM");
	period_refused(NULL, "missing");
	ck_assert_einval(cus_period_parse("2022", NULL), "period");
}
END_TEST

START_TEST(test_util_periods__contains)
{
	cus_period p;
	ck_assert_int_eq(cus_period_parse("2022Q2", &p), 0);
	ck_assert_int_eq(cus_period_contains(&p, "2022-03-31"), 0);
	ck_assert_int_eq(cus_period_contains(&p, "2022-04-01"), 1);
	ck_assert_int_eq(cus_period_contains(&p, "2022-05-17"), 1);
	ck_assert_int_eq(cus_period_contains(&p, "2022-06-30"), 1);
	ck_assert_int_eq(cus_period_contains(&p, "2022-07-01"), 0);
	ck_assert_int_eq(cus_period_contains(&p, "2021-05-17"), 0);
	ck_assert_int_eq(cus_period_parse("2024-02", &p), 0);
	ck_assert_int_eq(cus_period_contains(&p, "2024-02-29"), 1);
	ck_assert_int_eq(cus_period_contains(&p, "2024-03-01"), 0);
	ck_assert_int_eq(cus_period_parse("2022", &p), 0);
	ck_assert_int_eq(cus_period_contains(&p, "2022-01-01"), 1);
	ck_assert_int_eq(cus_period_contains(&p, "2022-12-31"), 1);
	ck_assert_int_eq(cus_period_contains(&p, "2023-01-01"), 0);
	ck_assert_int_eq(cus_period_parse("2022H2", &p), 0);
	ck_assert_int_eq(cus_period_contains(&p, "2022-06-30"), 0);
	ck_assert_int_eq(cus_period_contains(&p, "2022-07-01"), 1);
	ck_assert_einval(cus_period_contains(&p, "2022-02-30"), "date");
	ck_assert_einval(cus_period_contains(NULL, "2022-02-01"), "period");
	cus_period junk = p;
	junk.index = 3;
	ck_assert_einval(cus_period_contains(&junk, "2022-02-01"), "period");
}
END_TEST

static void shift_is(const char *from, int n, const char *expect)
{
	cus_period p, q;
	ck_assert_int_eq(cus_period_parse(from, &p), 0);
	int rc = cus_period_shift(&q, &p, n);
	ck_assert_msg(rc == 0, "%s %+d refused: %s", from, n, cus_error_last()->message);
	ck_assert_str_eq(q.name, expect);
	cus_period r;
	ck_assert_int_eq(cus_period_parse(expect, &r), 0);
	ck_assert_int_eq(memcmp(&q, &r, sizeof q), 0);
}

START_TEST(test_util_periods__shift)
{
	shift_is("2022Q4", 1, "2023Q1");
	shift_is("2022Q1", -1, "2021Q4");
	shift_is("2022Q1", 7, "2023Q4");
	shift_is("2022H1", -1, "2021H2");
	shift_is("2022H2", 1, "2023H1");
	shift_is("2022-01", -1, "2021-12");
	shift_is("2022-12", 1, "2023-01");
	shift_is("2022-03", -27, "2019-12");
	shift_is("2022", 3, "2025");
	shift_is("2022", 0, "2022");
	cus_period p;
	ck_assert_int_eq(cus_period_parse("2022Q3", &p), 0);
	ck_assert_int_eq(cus_period_shift(&p, &p, 2), 0); /* in place */
	ck_assert_str_eq(p.name, "2023Q1");
	ck_assert_str_eq(p.first, "2023-01-01");
	ck_assert_int_eq(cus_period_parse("9999-12", &p), 0);
	ck_assert_einval(cus_period_shift(&p, &p, 1), "period");
	ck_assert_int_eq(cus_period_parse("0001H1", &p), 0);
	ck_assert_einval(cus_period_shift(&p, &p, -1), "period");
	ck_assert_einval(cus_period_shift(&p, &p, -2147483647 - 1), "period");
	ck_assert_einval(cus_period_shift(NULL, &p, 1), "period");
}
END_TEST

TCase *tcase_util_periods(void)
{
	TCase *tc = tcase_create("periods");
	tcase_add_test(tc, test_util_periods__all_forms);
	tcase_add_test(tc, test_util_periods__refusals);
	tcase_add_test(tc, test_util_periods__contains);
	tcase_add_test(tc, test_util_periods__shift);
	return tc;
}
