/* PESEL: format, check digit, birth date with its century, sex; making them. */
#include <stdio.h>
#include <stdlib.h>

#include "util/util.h"
#include "util_tests.h"

/* first10 plus its check digit, computed here independently of the library,
 * so that numbers with a bad date but a right check digit can be built. */
static const char *with_check(const char *first10)
{
	static char buf[12];
	static const int w[10] = { 1, 3, 7, 9, 1, 3, 7, 9, 1, 3 };
	int sum = 0;
	for (int i = 0; i < 10; i++)
		sum += w[i] * (first10[i] - '0');
	snprintf(buf, sizeof buf, "%.10s%d", first10, (10 - sum % 10) % 10);
	return buf;
}

/* The PESEL is refused with CUS_EINVAL, field "pesel", a message saying why,
 * which repeats neither the number nor its date part; out is cleared. */
static void refused(const char *pesel, const char *why)
{
	cus_pesel_info info = { "1111-11-11", 'X' };
	ck_assert_einval(cus_pesel_check(pesel, &info), "pesel");
	ck_assert_error_says(why);
	ck_assert_str_eq(info.birth_date, "");
	ck_assert_int_eq(info.sex, 0);
	if (pesel && strlen(pesel) >= 6) {
		char head[7];
		memcpy(head, pesel, 6);
		head[6] = '\0';
		ck_assert_msg(strstr(cus_error_last()->message, head) == NULL, "the message quotes the PESEL: %s",
			cus_error_last()->message);
	}
}

static void valid(const char *pesel, const char *birth, char sex)
{
	cus_pesel_info info;
	int rc = cus_pesel_check(pesel, &info);
	ck_assert_msg(rc == 0, "%s refused: %s", pesel, cus_error_last()->message);
	ck_assert_str_eq(info.birth_date, birth);
	ck_assert_int_eq(info.sex, sex);
	ck_assert_int_eq(cus_pesel_check(pesel, NULL), 0);
}

START_TEST(test_util_pesel__known_valid)
{
	valid("44051401359", "1944-05-14", 'M');
	valid("02070803628", "1902-07-08", 'F');
	valid(with_check("1023150000"), "2010-03-15", 'F');
}
END_TEST

START_TEST(test_util_pesel__length_and_digits)
{
	refused(NULL, "missing");
	refused("", "shorter than 11 digits");
	refused("4405140135", "shorter than 11 digits");
	refused("440514013590", "longer than 11 digits");
	refused(" 44051401359", "longer than 11 digits");
	refused("4405140135a", "only digits");
	refused("44051 01359", "character 6 is not a digit");
	refused("4405140135\xd9", "only digits");
}
END_TEST

START_TEST(test_util_pesel__check_digit)
{
	refused("44051401358", "check digit");
	refused("44051401350", "check digit");
	/* a transposition of two digits is caught */
	refused("40451401359", "check digit");
	/* every wrong last digit is refused, exactly one is right */
	char p[12];
	strcpy(p, "4405140135_");
	int ok = 0;
	for (char d = '0'; d <= '9'; d++) {
		p[10] = d;
		int rc = cus_pesel_check(p, NULL);
		ok += rc == 0;
		ck_assert(rc == 0 || rc == CUS_EINVAL);
	}
	ck_assert_int_eq(ok, 1);
}
END_TEST

START_TEST(test_util_pesel__centuries)
{
	/* month +80: 1800s, +0: 1900s, +20: 2000s, +40: 2100s, +60: 2200s */
	valid(with_check("0081010000"), "1800-01-01", 'F');
	valid(with_check("9992310001"), "1899-12-31", 'M');
	valid(with_check("0001010000"), "1900-01-01", 'F');
	valid(with_check("9912310000"), "1999-12-31", 'F');
	valid(with_check("0021010001"), "2000-01-01", 'M');
	valid(with_check("2232150000"), "2022-12-15", 'F');
	valid(with_check("0041010000"), "2100-01-01", 'F');
	valid(with_check("0061010000"), "2200-01-01", 'F');
	valid(with_check("9972310009"), "2299-12-31", 'M');
	/* the month fields between the ranges are refused */
	const char *months[] = { "00", "13", "20", "33", "40", "53", "60", "73", "80", "93", "99" };
	for (size_t i = 0; i < sizeof months / sizeof months[0]; i++) {
		char first10[11];
		snprintf(first10, sizeof first10, "50%s100000", months[i]);
		refused(with_check(first10), "month field");
	}
}
END_TEST

START_TEST(test_util_pesel__leap_days)
{
	/* 29 February exists in 2000 (divisible by 400) */
	valid(with_check("0022290000"), "2000-02-29", 'F');
	/* but not in 1900 and 2100 (divisible by 100), 1800 or 2200 */
	refused(with_check("0002290000"), "day field");
	refused(with_check("0042290000"), "day field");
	refused(with_check("0082290000"), "day field");
	refused(with_check("0062290000"), "day field");
	/* nor in a common year; it does in other leap years */
	refused(with_check("2322290000"), "day field");
	valid(with_check("2422290000"), "2024-02-29", 'F');
	valid(with_check("9602290001"), "1996-02-29", 'M');
	valid(with_check("0482290000"), "1804-02-29", 'F');
	valid(with_check("0462290000"), "2204-02-29", 'F');
	refused(with_check("2422300000"), "day field");
}
END_TEST

START_TEST(test_util_pesel__days_of_months)
{
	refused(with_check("8504310000"), "day field"); /* 31 April */
	refused(with_check("8506310000"), "day field"); /* 31 June */
	refused(with_check("8509310000"), "day field");
	refused(with_check("8511310000"), "day field");
	refused(with_check("8501000000"), "day field"); /* day 00 */
	refused(with_check("8501320000"), "day field");
	refused(with_check("8501990000"), "day field");
	valid(with_check("8504300000"), "1985-04-30", 'F');
	valid(with_check("8501310000"), "1985-01-31", 'F');
}
END_TEST

START_TEST(test_util_pesel__sex_digit)
{
	for (int x = 0; x <= 9; x++) {
		char first10[11];
		snprintf(first10, sizeof first10, "850101123%d", x);
		valid(with_check(first10), "1985-01-01", x % 2 ? 'M' : 'F');
	}
}
END_TEST

START_TEST(test_util_pesel__make_round_trips)
{
	/* every 37th day from 1800 to 2299, both sexes, varied serials */
	cus_date d = { 1800, 1, 1 };
	int64_t day = cus__date_to_days(d), end = cus__date_to_days((cus_date){ 2299, 12, 31 });
	int n = 0;
	for (; day <= end; day += 37, n++) {
		ck_assert_int_eq(cus__date_from_days(day, &d), 0);
		char date[11], pesel[12];
		cus__date_format(date, d);
		char sex = n % 2 ? 'M' : 'F';
		int serial = (n * 7919) % (cus_pesel_serial_max() + 1);
		int rc = cus_pesel_make(pesel, date, sex, serial);
		ck_assert_msg(rc == 0, "make %s: %s", date, cus_error_last()->message);
		ck_assert_int_eq(strlen(pesel), 11);
		valid(pesel, date, sex);
	}
	ck_assert_int_gt(n, 4900);
	/* the edges of the range, and a fixed known answer */
	char p[12];
	ck_assert_int_eq(cus_pesel_make(p, "1800-01-01", 'M', 0), 0);
	valid(p, "1800-01-01", 'M');
	ck_assert_int_eq(cus_pesel_make(p, "2299-12-31", 'F', cus_pesel_serial_max()), 0);
	valid(p, "2299-12-31", 'F');
	ck_assert_int_eq(cus_pesel_make(p, "1944-05-14", 'M', 67), 0); /* ZZZ = 013, X = 2*2+1 */
	ck_assert_str_eq(p, "44051401359");
}
END_TEST

static int cmp_pesel(const void *a, const void *b)
{
	return strcmp(a, b);
}

START_TEST(test_util_pesel__make_serials_are_distinct)
{
	/* all serials of one date and sex give distinct valid numbers */
	int max = cus_pesel_serial_max();
	ck_assert_int_eq(max, 4999);
	char (*all)[12] = calloc((size_t)max + 1, 12);
	ck_assert_ptr_nonnull(all);
	for (int s = 0; s <= max; s++) {
		ck_assert_int_eq(cus_pesel_make(all[s], "2000-02-29", 'F', s), 0);
		valid(all[s], "2000-02-29", 'F');
	}
	qsort(all, (size_t)max + 1, 12, cmp_pesel);
	for (int s = 0; s < max; s++)
		ck_assert_str_ne(all[s], all[s + 1]);
	free(all);
}
END_TEST

START_TEST(test_util_pesel__make_refuses)
{
	char p[12] = "x";
	ck_assert_einval(cus_pesel_make(p, "1799-12-31", 'M', 0), "birth_date");
	ck_assert_str_eq(p, "");
	ck_assert_einval(cus_pesel_make(p, "2300-01-01", 'M', 0), "birth_date");
	ck_assert_einval(cus_pesel_make(p, "1900-02-29", 'M', 0), "birth_date");
	ck_assert_einval(cus_pesel_make(p, "2022-04-31", 'M', 0), "birth_date");
	ck_assert_einval(cus_pesel_make(p, NULL, 'M', 0), "birth_date");
	ck_assert_einval(cus_pesel_make(p, "2000-01-01", 'X', 0), "sex");
	ck_assert_einval(cus_pesel_make(p, "2000-01-01", 'm', 0), "sex");
	ck_assert_einval(cus_pesel_make(p, "2000-01-01", 'F', -1), "serial");
	ck_assert_einval(cus_pesel_make(p, "2000-01-01", 'F', 5000), "serial");
	ck_assert_einval(cus_pesel_make(NULL, "2000-01-01", 'F', 0), "out");
}
END_TEST

TCase *tcase_util_pesel(void)
{
	TCase *tc = tcase_create("pesel");
	tcase_add_test(tc, test_util_pesel__known_valid);
	tcase_add_test(tc, test_util_pesel__length_and_digits);
	tcase_add_test(tc, test_util_pesel__check_digit);
	tcase_add_test(tc, test_util_pesel__centuries);
	tcase_add_test(tc, test_util_pesel__leap_days);
	tcase_add_test(tc, test_util_pesel__days_of_months);
	tcase_add_test(tc, test_util_pesel__sex_digit);
	tcase_add_test(tc, test_util_pesel__make_round_trips);
	tcase_add_test(tc, test_util_pesel__make_serials_are_distinct);
	tcase_add_test(tc, test_util_pesel__make_refuses);
	return tc;
}
