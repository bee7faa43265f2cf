/* REGON: 9 digits (weights 8 9 2 3 4 5 6 7) or 14 digits (weights
 * 2 4 8 5 0 9 7 3 6 1 2 4 8) whose first nine are a REGON; mod 11, 10 → 0. */
#include <stdio.h>

#include "util_tests.h"

/* Independent check digits. */
static char regon_digit(const char *d, const int *w, int n)
{
	int sum = 0;
	for (int i = 0; i < n; i++)
		sum += w[i] * (d[i] - '0');
	return (char)('0' + sum % 11 % 10);
}

static const int w9[8] = { 8, 9, 2, 3, 4, 5, 6, 7 };
static const int w14[13] = { 2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8 };

static void refused(const char *in, const char *why)
{
	char out[15] = "junk";
	ck_assert_einval(cus_regon_check(in, out), "regon");
	ck_assert_error_says(why);
	ck_assert_str_eq(out, "");
}

START_TEST(test_util_regon__known_valid)
{
	char out[15];
	ck_assert_int_eq(cus_regon_check("123456785", out), 0);
	ck_assert_str_eq(out, "123456785");
	ck_assert_int_eq(cus_regon_check("12345678512347", out), 0);
	ck_assert_str_eq(out, "12345678512347");
	ck_assert_int_eq(cus_regon_check("123-456-785", out), 0);
	ck_assert_str_eq(out, "123456785");
	ck_assert_int_eq(cus_regon_check("123456785 12347", NULL), 0);
}
END_TEST

START_TEST(test_util_regon__computed_check_digits)
{
	unsigned x = 777;
	int ten = 0;
	for (int k = 0; k < 2000; k++) {
		char d[15];
		for (int i = 0; i < 13; i++) {
			x = x * 1103515245u + 12345u;
			d[i] = (char)('0' + (x >> 16) % 10);
		}
		/* REGON-9 */
		d[8] = regon_digit(d, w9, 8);
		d[9] = '\0';
		ck_assert_msg(cus_regon_check(d, NULL) == 0, "%s refused: %s", d, cus_error_last()->message);
		int sum = 0;
		for (int i = 0; i < 8; i++)
			sum += w9[i] * (d[i] - '0');
		ten += sum % 11 == 10; /* remainder 10 is written as 0 and valid */
		char good = d[8];
		d[8] = (char)('0' + (good - '0' + 1) % 10);
		ck_assert_int_eq(cus_regon_check(d, NULL), CUS_EINVAL);
		ck_assert_error_says("check digit");
		d[8] = good;
		/* REGON-14 on top of it */
		x = x * 1103515245u + 12345u;
		for (int i = 9; i < 13; i++)
			d[i] = (char)('0' + (x >> (i * 2)) % 10);
		d[13] = regon_digit(d, w14, 13);
		d[14] = '\0';
		ck_assert_msg(cus_regon_check(d, NULL) == 0, "%s refused: %s", d, cus_error_last()->message);
		char good14 = d[13];
		d[13] = (char)('0' + (good14 - '0' + 3) % 10);
		ck_assert_int_eq(cus_regon_check(d, NULL), CUS_EINVAL);
		ck_assert_error_says("check digit");
		d[13] = good14;
		/* a 14-digit number whose own check digit fits but whose first nine
		 * are not a REGON */
		d[8] = (char)('0' + (good - '0' + 1) % 10);
		d[13] = regon_digit(d, w14, 13);
		ck_assert_int_eq(cus_regon_check(d, NULL), CUS_EINVAL);
		ck_assert_error_says("first 9 digits");
	}
	ck_assert_int_gt(ten, 0);
}
END_TEST

START_TEST(test_util_regon__refusals)
{
	refused(NULL, "missing");
	refused("", "9 or 14 digits");
	refused("12345678", "9 or 14 digits");
	refused("1234567850", "9 or 14 digits");
	refused("1234567851234", "9 or 14 digits");
	refused("123456785123470", "too many digits");
	refused("123456784", "check digit");
	refused("12345678512346", "check digit");
	refused("123456785-", "single spaces or dashes");
	refused("12345678x", "single spaces or dashes");
}
END_TEST

TCase *tcase_util_regon(void)
{
	TCase *tc = tcase_create("regon");
	tcase_add_test(tc, test_util_regon__known_valid);
	tcase_add_test(tc, test_util_regon__computed_check_digits);
	tcase_add_test(tc, test_util_regon__refusals);
	return tc;
}
