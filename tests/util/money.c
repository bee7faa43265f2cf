/* Money: int64_t grosze parsed from Polish and plain notations, formatted as
 * ICU's pl_PL currency format does. */
#include <stdio.h>

#include <unicode/unum.h>
#include <unicode/ustring.h>

#include "util_tests.h"

#define NBSP "\xc2\xa0"
#define NNBSP "\xe2\x80\xaf"

static void parses(const char *s, int64_t expect)
{
	int64_t g = 12345;
	int rc = cus_money_parse(s, &g);
	ck_assert_msg(rc == 0, "\"%s\" refused: %s", s, cus_error_last()->message);
	ck_assert_msg(g == expect, "\"%s\" = %lld, expected %lld", s, (long long)g, (long long)expect);
}

static void refused(const char *s, const char *why)
{
	int64_t g = 777;
	ck_assert_einval(cus_money_parse(s, &g), "amount");
	ck_assert_error_says(why);
	ck_assert_int_eq(g, 777);
}

START_TEST(test_util_money__parse_notations)
{
	parses("1234.56", 123456);
	parses("1234,56", 123456);
	parses("1 234,56", 123456);
	parses("1 234,56 zł", 123456);
	parses("1" NBSP "234,56" NBSP "zł", 123456);
	parses("1" NNBSP "234,56" NNBSP "zł", 123456);
	parses("1 234 567,89 zł", 123456789);
	parses("1" NBSP "234" NBSP "567,89" NBSP "zł", 123456789);
	parses("12", 1200);
	parses("12 zł", 1200);
	parses("12zł", 1200);
	parses("12 PLN", 1200);
	parses("12,5", 1250);
	parses("0,5", 50);
	parses("0.05", 5);
	parses("0", 0);
	parses("007,10", 710);
	parses("  7,10 \t", 710);
	parses("100 000", 10000000);
	parses("999 999,99", 99999999);
}
END_TEST

START_TEST(test_util_money__parse_signs)
{
	parses("-1 234,56 zł", -123456);
	parses("-0,50", -50);
	parses("-0", 0);
	parses("+5", 500);
	parses("-12 PLN", -1200);
	refused("--5", "must start with a digit");
	refused("+-5", "must start with a digit");
	refused("5-", "unexpected characters");
	refused("- 5", "must start with a digit");
}
END_TEST

START_TEST(test_util_money__parse_refusals)
{
	refused("1,234", "more than 2 decimal places");
	refused("12.345", "more than 2 decimal places");
	refused("1.234,56", "more than 2 decimal places");
	refused("0,001", "more than 2 decimal places");
	refused("abc", "not a number");
	refused("", "not a number");
	refused("   ", "not a number");
	refused("-", "not a number");
	refused("zł 12", "not a number");
	refused(".5", "not a number");
	refused(",50", "not a number");
	refused("12.", "decimal separator without digits");
	refused("12,", "decimal separator without digits");
	refused("12, zł", "decimal separator without digits");
	refused("1 23", "groups of three");
	refused("1234 567", "groups of three");
	refused("12 34,00", "groups of three");
	refused("1 2345", "groups of three");
	refused("1  234", "unexpected characters");
	refused("12,3a", "unexpected characters");
	refused("12 zł zł", "unexpected characters");
	refused("12 EUR", "unexpected characters");
	refused("12 z", "unexpected characters");
	refused("1e5", "unexpected characters");
	refused("0x10", "unexpected characters");
	refused("12\xff", "unexpected characters");
	refused(NULL, "missing");
	ck_assert_einval(cus_money_parse("12", NULL), "amount");
}
END_TEST

START_TEST(test_util_money__parse_overflow)
{
	parses("92233720368547758,07", INT64_MAX);
	parses("92 233 720 368 547 758,07 zł", INT64_MAX);
	parses("-92233720368547758,08", INT64_MIN);
	refused("92233720368547758,08", "too large");
	refused("-92233720368547758,09", "too large");
	refused("92233720368547759", "too large");
	refused("99999999999999999999999999999", "too large");
	refused("184467440737095516,16", "too large"); /* 2^64 grosze */
	refused("18446744073709551621", "too large");  /* 2^64 + 5 zł: must not wrap to 5 zł */
	refused("-18446744073709551621,00 zł", "too large");
	parses("1844674407370955,17", 184467440737095517);
}
END_TEST

static void formats(int64_t g, const char *expect)
{
	char buf[CUS_MONEY_FORMAT_MAX];
	int n = cus_money_format(buf, sizeof buf, g);
	ck_assert_msg(n >= 0, "%lld refused: %s", (long long)g, cus_error_last()->message);
	ck_assert_str_eq(buf, expect);
	ck_assert_int_eq(n, (int)strlen(expect));
}

START_TEST(test_util_money__format)
{
	formats(123456789, "1" NBSP "234" NBSP "567,89" NBSP "zł");
	formats(123450, "1" NBSP "234,50" NBSP "zł");
	formats(100000, "1" NBSP "000,00" NBSP "zł");
	formats(99999, "999,99" NBSP "zł");
	formats(1200, "12,00" NBSP "zł");
	formats(5, "0,05" NBSP "zł");
	formats(0, "0,00" NBSP "zł");
	formats(-50, "-0,50" NBSP "zł");
	formats(-123456, "-1" NBSP "234,56" NBSP "zł");
	formats(156561869, "1" NBSP "565" NBSP "618,69" NBSP "zł"); /* Tabela 6 */
	formats(INT64_MAX, "92" NBSP "233" NBSP "720" NBSP "368" NBSP "547" NBSP "758,07" NBSP "zł");
	formats(INT64_MIN, "-92" NBSP "233" NBSP "720" NBSP "368" NBSP "547" NBSP "758,08" NBSP "zł");
	ck_assert_uint_eq(cus_money_format_max(), CUS_MONEY_FORMAT_MAX);
}
END_TEST

START_TEST(test_util_money__format_buffer_size)
{
	char buf[64];
	const char *expect = "1" NBSP "234,56" NBSP "zł";
	size_t need = strlen(expect) + 1;
	ck_assert_int_eq(cus_money_format(buf, need, 123456), (int)need - 1);
	ck_assert_str_eq(buf, expect);
	memset(buf, 'x', sizeof buf);
	ck_assert_einval(cus_money_format(buf, need - 1, 123456), "buf");
	ck_assert_int_eq(buf[0], '\0');
	ck_assert_einval(cus_money_format(NULL, 0, 1), "buf");
	ck_assert_einval(cus_money_format(buf, 0, 1), "buf");
	ck_assert_int_eq(buf[0], '\0');
	/* the longest text fits CUS_MONEY_FORMAT_MAX */
	ck_assert_int_lt(cus_money_format(buf, sizeof buf, INT64_MIN), CUS_MONEY_FORMAT_MAX);
}
END_TEST

/* ICU's own pl_PL currency formatting of an exact decimal string. */
static void icu_format(int64_t g, char *out, size_t size)
{
	static UNumberFormat *nf;
	UErrorCode st = U_ZERO_ERROR;
	if (!nf)
		nf = unum_open(UNUM_CURRENCY, NULL, 0, "pl_PL", NULL, &st);
	ck_assert_msg(U_SUCCESS(st), "unum_open: %s", u_errorName(st));
	char dec[32];
	uint64_t mag = g < 0 ? (uint64_t)(-(g + 1)) + 1 : (uint64_t)g;
	snprintf(dec, sizeof dec, "%s%llu.%02llu", g < 0 ? "-" : "", (unsigned long long)(mag / 100),
		(unsigned long long)(mag % 100));
	UChar u[64];
	int32_t n = unum_formatDecimal(nf, dec, -1, u, 64, NULL, &st);
	ck_assert_msg(U_SUCCESS(st), "unum_formatDecimal: %s", u_errorName(st));
	u_strToUTF8(out, (int32_t)size, NULL, u, n, &st);
	ck_assert(U_SUCCESS(st));
}

static int64_t next_amount(uint64_t *x)
{
	*x = *x * 6364136223846793005ull + 1442695040888963407ull;
	/* amounts of every magnitude, both signs */
	int digits = (int)(*x >> 59) % 18 + 1;
	int64_t m = 1;
	for (int i = 0; i < digits; i++)
		m *= 10;
	int64_t v = (int64_t)((*x >> 3) % (uint64_t)m);
	return (*x & 4) ? -v : v;
}

START_TEST(test_util_money__matches_icu_pl_PL)
{
	const int64_t fixed[] = { 0, 1, 99, 100, 999999, 100000, 123456789, -1, -50, -123456, 156561869,
		INT64_MAX / 1000 };
	uint64_t x = 42;
	for (int i = 0; i < 2000; i++) {
		int64_t g = i < (int)(sizeof fixed / sizeof fixed[0]) ? fixed[i] : next_amount(&x);
		char ours[CUS_MONEY_FORMAT_MAX], icu[128];
		ck_assert_int_ge(cus_money_format(ours, sizeof ours, g), 0);
		icu_format(g, icu, sizeof icu);
		ck_assert_msg(strcmp(ours, icu) == 0, "%lld: ours \"%s\", ICU \"%s\"", (long long)g, ours, icu);
	}
}
END_TEST

START_TEST(test_util_money__round_trips)
{
	const int64_t fixed[] = { 0, 1, -1, 99, 100, -100, 123456789, INT64_MAX, INT64_MIN, INT64_MAX - 1,
		INT64_MIN + 1 };
	uint64_t x = 7;
	for (int i = 0; i < 20000; i++) {
		int64_t g = i < (int)(sizeof fixed / sizeof fixed[0]) ? fixed[i] : next_amount(&x);
		char buf[CUS_MONEY_FORMAT_MAX];
		ck_assert_int_ge(cus_money_format(buf, sizeof buf, g), 0);
		int64_t back = ~g;
		ck_assert_msg(cus_money_parse(buf, &back) == 0, "\"%s\": %s", buf, cus_error_last()->message);
		ck_assert_msg(back == g, "%lld → \"%s\" → %lld", (long long)g, buf, (long long)back);
	}
}
END_TEST

TCase *tcase_util_money(void)
{
	TCase *tc = tcase_create("money");
	tcase_add_test(tc, test_util_money__parse_notations);
	tcase_add_test(tc, test_util_money__parse_signs);
	tcase_add_test(tc, test_util_money__parse_refusals);
	tcase_add_test(tc, test_util_money__parse_overflow);
	tcase_add_test(tc, test_util_money__format);
	tcase_add_test(tc, test_util_money__format_buffer_size);
	tcase_add_test(tc, test_util_money__matches_icu_pl_PL);
	tcase_add_test(tc, test_util_money__round_trips);
	return tc;
}
