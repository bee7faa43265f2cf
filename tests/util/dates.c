/* Dates: validation, day and month arithmetic, ages under art. 112 KC. */
#include <limits.h>

#include "util/util.h"
#include "util_tests.h"

static void date_ok(const char *s, int y, int m, int d)
{
	cus_date out;
	int rc = cus_date_check(s, &out);
	ck_assert_msg(rc == 0, "%s refused: %s", s, cus_error_last()->message);
	ck_assert_int_eq(out.year, y);
	ck_assert_int_eq(out.month, m);
	ck_assert_int_eq(out.day, d);
}

static void date_refused(const char *s, const char *why)
{
	cus_date out = { 1, 2, 3 };
	ck_assert_einval(cus_date_check(s, &out), "date");
	ck_assert_error_says(why);
	ck_assert_int_eq(out.year, 0);
	/* the message never repeats the date (it may be a birth date) */
	if (s && *s)
		ck_assert_msg(strstr(cus_error_last()->message, s) == NULL, "message quotes the date: %s",
			cus_error_last()->message);
}

START_TEST(test_util_dates__check)
{
	date_ok("2022-03-15", 2022, 3, 15);
	date_ok("0001-01-01", 1, 1, 1);
	date_ok("9999-12-31", 9999, 12, 31);
	date_ok("2000-02-29", 2000, 2, 29); /* divisible by 400: leap */
	date_ok("2024-02-29", 2024, 2, 29);
	date_ok("2022-04-30", 2022, 4, 30);
	ck_assert_int_eq(cus_date_check("2022-01-31", NULL), 0);
	date_refused("1900-02-29", "day that its month does not have"); /* by 100, not 400 */
	date_refused("2100-02-29", "day that its month does not have");
	date_refused("2023-02-29", "day that its month does not have");
	date_refused("2024-02-30", "day that its month does not have");
	date_refused("2022-04-31", "day that its month does not have");
	date_refused("2022-06-31", "day that its month does not have");
	date_refused("2022-01-00", "day that its month does not have");
	date_refused("2022-01-32", "day that its month does not have");
	date_refused("2022-13-01", "month outside 01-12");
	date_refused("2022-00-10", "month outside 01-12");
	date_refused("0000-01-01", "year 0000");
	date_refused("2022-1-01", "YYYY-MM-DD");
	date_refused("2022/01/01", "YYYY-MM-DD");
	date_refused(" 2022-01-01", "YYYY-MM-DD");
	date_refused("2022-01-011", "YYYY-MM-DD");
	date_refused("2022-01-01T00:00", "YYYY-MM-DD");
	date_refused("22-01-01", "YYYY-MM-DD");
	date_refused("2022-0a-01", "YYYY-MM-DD");
	date_refused("+022-01-01", "YYYY-MM-DD");
	date_refused("", "YYYY-MM-DD");
	date_refused(NULL, "missing");
}
END_TEST

START_TEST(test_util_dates__format)
{
	char out[11];
	cus_date d = { 7, 3, 9 };
	ck_assert_int_eq(cus_date_format(out, &d), 0);
	ck_assert_str_eq(out, "0007-03-09");
	d = (cus_date){ 2023, 2, 29 };
	ck_assert_einval(cus_date_format(out, &d), "date");
	ck_assert_str_eq(out, "");
	d = (cus_date){ 10000, 1, 1 };
	ck_assert_einval(cus_date_format(out, &d), "date");
	ck_assert_einval(cus_date_format(out, NULL), "date");
	ck_assert_einval(cus_date_format(NULL, &d), "date");
}
END_TEST

static void add_months_is(const char *date, int months, const char *expect)
{
	char out[11];
	int rc = cus_date_add_months(out, date, months);
	ck_assert_msg(rc == 0, "%s %+d months refused: %s", date, months, cus_error_last()->message);
	ck_assert_msg(strcmp(out, expect) == 0, "%s %+d months = %s, expected %s", date, months, out, expect);
}

START_TEST(test_util_dates__add_months_month_ends)
{
	/* the same day number, or the last day of a shorter month (art. 112) */
	add_months_is("2023-01-31", 1, "2023-02-28");
	add_months_is("2024-01-31", 1, "2024-02-29");
	add_months_is("2023-01-30", 1, "2023-02-28");
	add_months_is("2023-01-29", 1, "2023-02-28");
	add_months_is("2023-01-28", 1, "2023-02-28");
	add_months_is("2023-03-31", 1, "2023-04-30");
	add_months_is("2023-05-31", 1, "2023-06-30");
	add_months_is("2023-03-31", -1, "2023-02-28");
	add_months_is("2024-03-31", -1, "2024-02-29");
	add_months_is("2023-01-31", 2, "2023-03-31");
	/* the clamp is not carried: 30 April + 1 month is 30 May */
	add_months_is("2023-04-30", 1, "2023-05-30");
	add_months_is("2023-02-28", 1, "2023-03-28");
	/* so stepping twice differs from adding two months at once */
	char once[11];
	ck_assert_int_eq(cus_date_add_months(once, "2023-01-31", 1), 0);
	add_months_is(once, 1, "2023-03-28");
}
END_TEST

START_TEST(test_util_dates__add_months_leap_years)
{
	add_months_is("2024-02-29", 12, "2025-02-28");
	add_months_is("2024-02-29", 48, "2028-02-29");
	add_months_is("2024-02-29", -12, "2023-02-28");
	add_months_is("2000-02-29", 1200, "2100-02-28"); /* 2100 is not leap */
	add_months_is("2000-01-31", 1, "2000-02-29");    /* 2000 is */
	add_months_is("1900-01-31", 1, "1900-02-28");    /* 1900 is not */
}
END_TEST

START_TEST(test_util_dates__add_months_years_and_range)
{
	add_months_is("2023-12-15", 1, "2024-01-15");
	add_months_is("2023-01-15", -1, "2022-12-15");
	add_months_is("2023-01-15", -13, "2021-12-15");
	add_months_is("2023-01-15", 24, "2025-01-15");
	add_months_is("2023-07-15", 0, "2023-07-15");
	add_months_is("0001-01-31", 119987, "9999-12-31");
	char out[11] = "x";
	ck_assert_einval(cus_date_add_months(out, "9999-12-01", 1), "date");
	ck_assert_str_eq(out, "");
	ck_assert_einval(cus_date_add_months(out, "0001-01-01", -1), "date");
	ck_assert_einval(cus_date_add_months(out, "2022-01-01", INT_MAX), "date");
	ck_assert_einval(cus_date_add_months(out, "2022-01-01", INT_MIN), "date");
	ck_assert_einval(cus_date_add_months(out, "2022-02-30", 1), "date");
	ck_assert_einval(cus_date_add_months(NULL, "2022-02-01", 1), "date");
}
END_TEST

static void add_days_is(const char *date, int days, const char *expect)
{
	char out[11];
	int rc = cus_date_add_days(out, date, days);
	ck_assert_msg(rc == 0, "%s %+d days refused: %s", date, days, cus_error_last()->message);
	ck_assert_msg(strcmp(out, expect) == 0, "%s %+d days = %s, expected %s", date, days, out, expect);
}

START_TEST(test_util_dates__add_days)
{
	add_days_is("2024-02-28", 1, "2024-02-29");
	add_days_is("2024-02-28", 2, "2024-03-01");
	add_days_is("2023-02-28", 1, "2023-03-01");
	add_days_is("1900-02-28", 1, "1900-03-01");
	add_days_is("2000-02-28", 1, "2000-02-29");
	add_days_is("2024-03-01", -1, "2024-02-29");
	add_days_is("2023-12-31", 1, "2024-01-01");
	add_days_is("2024-01-01", 366, "2025-01-01");
	add_days_is("1970-01-01", 0, "1970-01-01");
	add_days_is("1970-01-01", 19000, "2022-01-08");
	add_days_is("0001-01-01", 3652058, "9999-12-31");
	char out[11];
	ck_assert_einval(cus_date_add_days(out, "9999-12-31", 1), "date");
	ck_assert_einval(cus_date_add_days(out, "0001-01-01", -1), "date");
	ck_assert_einval(cus_date_add_days(out, "0001-01-01", INT_MAX), "date");
	ck_assert_einval(cus_date_add_days(out, "9999-12-31", INT_MIN), "date");
	ck_assert_einval(cus_date_add_days(out, "2022-13-01", 1), "date");
}
END_TEST

START_TEST(test_util_dates__day_count_matches_the_calendar)
{
	/* step one day at a time with a plain calendar walk from 1583 to 2600 and
	 * compare every day with the library's day count and its inverse */
	static const int mlen[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	cus_date d = { 1583, 1, 1 };
	int64_t n = cus__date_to_days(d);
	ck_assert_int_eq(cus__date_to_days((cus_date){ 1970, 1, 1 }), 0);
	ck_assert_int_eq(cus__date_to_days((cus_date){ 2000, 3, 1 }), 11017);
	long checked = 0, wrong = 0;
	cus_date first_wrong = { 0, 0, 0 };
	while (d.year < 2600) {
		cus_date back = { 0, 0, 0 };
		if (cus__date_to_days(d) != n || cus__date_from_days(n, &back) != 0 || cus__date_cmp(back, d) != 0) {
			if (!wrong++)
				first_wrong = d;
		}
		checked++;
		int leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
		int len = mlen[d.month - 1] + (d.month == 2 && leap);
		if (++d.day > len) {
			d.day = 1;
			if (++d.month > 12) {
				d.month = 1;
				d.year++;
			}
		}
		n++;
	}
	ck_assert_msg(wrong == 0, "%ld days wrong, the first %04d-%02d-%02d", wrong, first_wrong.year,
		first_wrong.month, first_wrong.day);
	ck_assert_int_eq(checked, 371452);
}
END_TEST

START_TEST(test_util_dates__diff_days)
{
	int days = 99;
	ck_assert_int_eq(cus_date_diff_days("2024-02-28", "2024-03-01", &days), 0);
	ck_assert_int_eq(days, 2);
	ck_assert_int_eq(cus_date_diff_days("2023-02-28", "2023-03-01", &days), 0);
	ck_assert_int_eq(days, 1);
	ck_assert_int_eq(cus_date_diff_days("2024-03-01", "2024-02-28", &days), 0);
	ck_assert_int_eq(days, -2);
	ck_assert_int_eq(cus_date_diff_days("2022-05-05", "2022-05-05", &days), 0);
	ck_assert_int_eq(days, 0);
	ck_assert_int_eq(cus_date_diff_days("2022-01-01", "2023-01-01", &days), 0);
	ck_assert_int_eq(days, 365);
	ck_assert_int_eq(cus_date_diff_days("0001-01-01", "9999-12-31", &days), 0);
	ck_assert_int_eq(days, 3652058);
	ck_assert_einval(cus_date_diff_days("2022-02-29", "2022-03-01", &days), "date");
	ck_assert_error_says("first date");
	ck_assert_einval(cus_date_diff_days("2022-02-28", "2022-03-32", &days), "date");
	ck_assert_error_says("second date");
	ck_assert_einval(cus_date_diff_days("2022-02-28", "2022-03-01", NULL), "date");
}
END_TEST

static void age_is(const char *birth, const char *on, int expect)
{
	int age = cus_age_on(birth, on);
	ck_assert_msg(age == expect, "born %s, on %s: age %d (%s), expected %d", birth, on, age,
		age < 0 ? cus_error_last()->message : "", expect);
}

START_TEST(test_util_dates__age_around_birthdays)
{
	/* art. 112 KC: the age is reached at the start of the anniversary */
	age_is("2004-05-14", "2022-05-13", 17);
	age_is("2004-05-14", "2022-05-14", 18);
	age_is("2004-05-14", "2022-05-15", 18);
	age_is("2004-05-14", "2004-05-14", 0);
	age_is("2004-05-14", "2005-05-13", 0);
	age_is("2004-05-14", "2005-05-14", 1);
	age_is("2000-12-31", "2001-12-30", 0);
	age_is("2000-12-31", "2001-12-31", 1);
	age_is("2001-01-01", "2019-01-01", 18);
	age_is("2001-01-01", "2018-12-31", 17);
	age_is("1967-06-30", "2022-06-30", 55); /* "age 55+" in Tabela 3 */
	age_is("1967-07-01", "2022-06-30", 54);
	age_is("0001-01-01", "9999-12-31", 9998);
}
END_TEST

START_TEST(test_util_dates__age_of_29_february_births)
{
	/* born 29 Feb: in a common year the anniversary is 28 February (the
	 * month's last day, art. 112), and the age is reached at its start */
	age_is("2004-02-29", "2022-02-27", 17);
	age_is("2004-02-29", "2022-02-28", 18);
	age_is("2004-02-29", "2022-03-01", 18);
	age_is("2004-02-29", "2005-02-27", 0);
	age_is("2004-02-29", "2005-02-28", 1);
	/* in a leap year on 29 February itself */
	age_is("2004-02-29", "2024-02-28", 19);
	age_is("2004-02-29", "2024-02-29", 20);
	/* centuries: 2100 is a common year, 2000 a leap year */
	age_is("2000-02-29", "2100-02-27", 99);
	age_is("2000-02-29", "2100-02-28", 100);
	age_is("1896-02-29", "1900-02-28", 4);
	age_is("1896-02-29", "1900-02-27", 3);
	age_is("1996-02-29", "2000-02-28", 3);
	age_is("1996-02-29", "2000-02-29", 4);
	/* a 28 February birth is unaffected by leap years */
	age_is("2004-02-28", "2005-02-27", 0);
	age_is("2004-02-28", "2005-02-28", 1);
	age_is("2003-02-28", "2004-02-28", 1);
}
END_TEST

START_TEST(test_util_dates__age_refusals)
{
	ck_assert_einval(cus_age_on("2004-05-14", "2004-05-13"), "date");
	ck_assert_error_says("before the birth date");
	ck_assert_einval(cus_age_on("2004-02-30", "2022-01-01"), "date");
	ck_assert_error_says("birth date");
	ck_assert_einval(cus_age_on("2004-02-01", "2022-02-29"), "date");
	ck_assert_einval(cus_age_on(NULL, "2022-01-01"), "date");
	ck_assert_einval(cus_age_on("2004-02-01", NULL), "date");
}
END_TEST

TCase *tcase_util_dates(void)
{
	TCase *tc = tcase_create("dates");
	tcase_add_test(tc, test_util_dates__check);
	tcase_add_test(tc, test_util_dates__format);
	tcase_add_test(tc, test_util_dates__add_months_month_ends);
	tcase_add_test(tc, test_util_dates__add_months_leap_years);
	tcase_add_test(tc, test_util_dates__add_months_years_and_range);
	tcase_add_test(tc, test_util_dates__add_days);
	tcase_add_test(tc, test_util_dates__day_count_matches_the_calendar);
	tcase_add_test(tc, test_util_dates__diff_days);
	tcase_add_test(tc, test_util_dates__age_around_birthdays);
	tcase_add_test(tc, test_util_dates__age_of_29_february_births);
	tcase_add_test(tc, test_util_dates__age_refusals);
	return tc;
}
