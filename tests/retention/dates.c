/* Due-date arithmetic: whole calendar years from 1 January of the year
 * after the event, for each category. */
#include <string.h>

#include "helpers.h"

static void due_is(const char *category, int years, const char *event, const char *want)
{
	char out[11];
	int rc = cus_retention_due_date(out, category, years, event);
	ck_assert_msg(rc == 0, "%s %d %s: %s", category, years, event, cus_error_last()->message);
	ck_assert_msg(strcmp(out, want) == 0, "%s from %s: %s, not %s", category, event, out, want);
}

START_TEST(test_retention_dates__b10_example)
{
	/* the example: a B10 case closed on 30 June 2015 is due on 1 January 2026 */
	due_is("B10", -1, "2015-06-30", "2026-01-01");
	due_is("B10", 10, "2015-06-30", "2026-01-01");
}
END_TEST

START_TEST(test_retention_dates__year_boundaries)
{
	/* 31 December and 1 January: a day apart, a year apart */
	due_is("B10", -1, "2015-12-31", "2026-01-01");
	due_is("B10", -1, "2016-01-01", "2027-01-01");
	due_is("B5", -1, "2015-01-01", "2021-01-01");
	due_is("B5", -1, "2015-12-31", "2021-01-01");
}
END_TEST

START_TEST(test_retention_dates__leap_days)
{
	due_is("B5", -1, "2016-02-29", "2022-01-01");
	due_is("B10", -1, "2000-02-29", "2011-01-01");
	due_is("BE10", -1, "2024-02-29", "2035-01-01");
	char out[11];
	/* 29 February of a common year is no day */
	ck_assert_cus(cus_retention_due_date(out, "B5", -1, "2015-02-29"), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "event");
}
END_TEST

START_TEST(test_retention_dates__each_category)
{
	due_is("B2", -1, "2020-03-03", "2023-01-01");
	due_is("B25", -1, "2000-07-01", "2026-01-01");
	due_is("B50", -1, "1990-01-01", "2041-01-01");
	due_is("BE5", -1, "2020-05-05", "2026-01-01");
	due_is("BE10", 10, "2020-05-05", "2031-01-01");
	/* A: the transfer to the state archive, after 25 years unless the rule says */
	due_is("A", -1, "2000-05-05", "2026-01-01");
	due_is("A", 10, "2000-05-05", "2011-01-01");
	/* Bc: the centre's own period, even 0: the year after use */
	due_is("Bc", 0, "2020-05-05", "2021-01-01");
	due_is("Bc", 2, "2020-05-05", "2023-01-01");
}
END_TEST

START_TEST(test_retention_dates__errors)
{
	char out[11];
	ck_assert_cus(cus_retention_due_date(out, "B0", -1, "2020-01-01"), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "category");
	ck_assert_cus(cus_retention_due_date(out, "C5", -1, "2020-01-01"), CUS_EINVAL);
	ck_assert_cus(cus_retention_due_date(out, "B05", -1, "2020-01-01"), CUS_EINVAL);
	ck_assert_cus(cus_retention_due_date(out, "BE", -1, "2020-01-01"), CUS_EINVAL);
	ck_assert_cus(cus_retention_due_date(out, NULL, -1, "2020-01-01"), CUS_EINVAL);
	/* a period that disagrees with Bn, Bc without one */
	ck_assert_cus(cus_retention_due_date(out, "B10", 5, "2020-01-01"), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "years");
	ck_assert_cus(cus_retention_due_date(out, "Bc", -1, "2020-01-01"), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "years");
	ck_assert_cus(cus_retention_due_date(out, "B5", -1, "2020-13-01"), CUS_EINVAL);
	ck_assert_cus(cus_retention_due_date(out, "B5", -1, NULL), CUS_EINVAL);
}
END_TEST

TCase *tcase_retention_dates(void)
{
	TCase *tc = tcase_create("dates");
	tcase_add_test(tc, test_retention_dates__b10_example);
	tcase_add_test(tc, test_retention_dates__year_boundaries);
	tcase_add_test(tc, test_retention_dates__leap_days);
	tcase_add_test(tc, test_retention_dates__each_category);
	tcase_add_test(tc, test_retention_dates__errors);
	return tc;
}
