/* NIP: 10 digits, weights 6 5 7 2 3 4 5 6 7, mod 11; separators normalised. */
#include <stdio.h>

#include "util_tests.h"

/* The check digit of nine digits, computed here independently; 10 when no
 * digit fits (such numbers are never issued). */
static int nip_check_digit(const char *d9)
{
	static const int w[9] = { 6, 5, 7, 2, 3, 4, 5, 6, 7 };
	int sum = 0;
	for (int i = 0; i < 9; i++)
		sum += w[i] * (d9[i] - '0');
	return sum % 11;
}

static void refused(const char *in, const char *why)
{
	char out[11] = "junk";
	ck_assert_einval(cus_nip_check(in, out), "nip");
	ck_assert_error_says(why);
	ck_assert_str_eq(out, "");
}

START_TEST(test_util_nip__known_valid)
{
	char out[11];
	ck_assert_int_eq(cus_nip_check("1234563218", out), 0);
	ck_assert_str_eq(out, "1234563218");
	ck_assert_int_eq(cus_nip_check("123-456-32-18", out), 0);
	ck_assert_str_eq(out, "1234563218");
	ck_assert_int_eq(cus_nip_check("123-45-63-218", out), 0);
	ck_assert_str_eq(out, "1234563218");
	ck_assert_int_eq(cus_nip_check("123 456 32 18", out), 0);
	ck_assert_str_eq(out, "1234563218");
	ck_assert_int_eq(cus_nip_check("1234563218", NULL), 0);
}
END_TEST

START_TEST(test_util_nip__computed_check_digits)
{
	/* pseudo-random prefixes: the computed digit is accepted, every other
	 * digit refused; remainder 10 is refused whatever the last digit */
	unsigned x = 12345;
	int issued = 0, never = 0;
	for (int k = 0; k < 2000; k++) {
		char d[11];
		for (int i = 0; i < 9; i++) {
			x = x * 1103515245u + 12345u;
			d[i] = (char)('0' + (x >> 16) % 10);
		}
		d[10] = '\0';
		int c = nip_check_digit(d);
		for (int last = 0; last <= 9; last++) {
			d[9] = (char)('0' + last);
			int rc = cus_nip_check(d, NULL);
			if (c == 10) {
				ck_assert_int_eq(rc, CUS_EINVAL);
				ck_assert_error_says("remainder is 10");
			} else if (last == c) {
				ck_assert_msg(rc == 0, "%s refused: %s", d, cus_error_last()->message);
			} else {
				ck_assert_int_eq(rc, CUS_EINVAL);
				ck_assert_error_says("check digit");
			}
		}
		c == 10 ? never++ : issued++;
	}
	ck_assert_int_gt(never, 0);
	ck_assert_int_gt(issued, 1000);
}
END_TEST

START_TEST(test_util_nip__refusals)
{
	refused(NULL, "missing");
	refused("", "10 digits");
	refused("123456321", "10 digits");
	refused("12345632180", "too many digits");
	refused("1234563217", "check digit");
	refused("123--456-32-18", "single spaces or dashes");
	refused("123  456 32 18", "single spaces or dashes");
	refused("-1234563218", "single spaces or dashes");
	refused("1234563218-", "single spaces or dashes");
	refused(" 1234563218", "single spaces or dashes");
	refused("123.456.32.18", "single spaces or dashes");
	refused("PL1234563218", "single spaces or dashes");
	refused("123456321O", "single spaces or dashes");
}
END_TEST

TCase *tcase_util_nip(void)
{
	TCase *tc = tcase_create("nip");
	tcase_add_test(tc, test_util_nip__known_valid);
	tcase_add_test(tc, test_util_nip__computed_check_digits);
	tcase_add_test(tc, test_util_nip__refusals);
	return tc;
}
