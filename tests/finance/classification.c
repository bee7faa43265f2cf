#include "common.h"

START_TEST(test_finance_classification__parts)
{
	cus_classification c;
	ck_assert_int_eq(cus_classification_check(&c, "852", "85228", "4300"), 0);
	ck_assert_str_eq(c.dzial, "852");
	ck_assert_str_eq(c.rozdzial, "85228");
	ck_assert_str_eq(c.paragraf, "4300");
	ck_assert_cus(cus_classification_check(&c, "85", "85228", "4300"), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "dzial");
	ck_assert_str_eq(c.dzial, "");
	ck_assert_cus(cus_classification_check(&c, "852", "8522", "4300"), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "rozdzial");
	ck_assert_cus(cus_classification_check(&c, "852", "85328", "4300"), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "rozdzial");
	ck_assert_cus(cus_classification_check(&c, "852", "85228", "43a0"), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "paragraf");
	ck_assert_cus(cus_classification_check(&c, "852", "85228", "43000"), CUS_EINVAL);
	ck_assert_cus(cus_classification_check(NULL, NULL, "85228", "4300"), CUS_EINVAL);
}
END_TEST

START_TEST(test_finance_classification__text)
{
	cus_classification c;
	const char *ok[] = { "852/85228/4300", "852.85228.4300", "852-85228-4300", " 852 85228 4300 ",
		"852 85228 §4300" };
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		ck_assert_msg(cus_classification_parse(&c, ok[i]) == 0, "%s: %s", ok[i], cus_error_last()->message);
		ck_assert_str_eq(c.paragraf, "4300");
	}
	ck_assert_cus(cus_classification_parse(&c, "852/85228"), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "classification");
	ck_assert_cus(cus_classification_parse(&c, "852/85228/4300/1"), CUS_EINVAL);
	ck_assert_cus(cus_classification_parse(&c, "852/85228/x300"), CUS_EINVAL);
	ck_assert_cus(cus_classification_parse(&c, "851/85228/4300"), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "rozdzial");
}
END_TEST

START_TEST(test_finance_classification__fourth_digit)
{
	ck_assert_int_eq(cus_paragraf_financing("4300"), 0);
	ck_assert_int_eq(cus_paragraf_financing("4307"), 7);
	ck_assert_int_eq(cus_paragraf_financing("4308"), 8);
	ck_assert_int_eq(cus_paragraf_financing("4309"), 9);
	ck_assert_int_eq(cus_paragraf_financing("4301"), 1);
	ck_assert_cus(cus_paragraf_financing("430"), CUS_EINVAL);
}
END_TEST

START_TEST(test_finance_classification__ratio)
{
	ck_assert_int_eq(cus_finance_ratio_bp(44202500, 55253125), 8000);
	ck_assert_int_eq(cus_finance_ratio_bp(1, 3), 3333);
	ck_assert_int_eq(cus_finance_ratio_bp(1, 20000), 1);      /* 0.5 bp: half away from zero */
	ck_assert_int_eq(cus_finance_ratio_bp(-1, 20000), -1);
	ck_assert_int_eq(cus_finance_ratio_bp(5, 0), -1);
	ck_assert_int_eq(cus_finance_ratio_bp(INT64_MAX, INT64_MAX), 10000);
	ck_assert_int_eq(cus_budget_by_parse("classification"), CUS_BUDGET_BY_CLASSIFICATION);
	ck_assert_cus(cus_budget_by_parse("colour"), CUS_EINVAL);
	ck_assert_str_eq(cus_budget_by_name(CUS_BUDGET_BY_AREA), "area");
	ck_assert_ptr_null(cus_budget_by_name(99));
}
END_TEST

TCase *tcase_finance_classification(void)
{
	TCase *tc = tcase_create("classification");
	tcase_add_test(tc, test_finance_classification__parts);
	tcase_add_test(tc, test_finance_classification__text);
	tcase_add_test(tc, test_finance_classification__fourth_digit);
	tcase_add_test(tc, test_finance_classification__ratio);
	return tc;
}
