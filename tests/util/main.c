#include "util_tests.h"

int main(void)
{
	Suite *s = suite_create("util");
	suite_add_tcase(s, tcase_util_errors());
	suite_add_tcase(s, tcase_util_pesel());
	suite_add_tcase(s, tcase_util_nip());
	suite_add_tcase(s, tcase_util_regon());
	suite_add_tcase(s, tcase_util_text());
	suite_add_tcase(s, tcase_util_dates());
	suite_add_tcase(s, tcase_util_periods());
	suite_add_tcase(s, tcase_util_money());
	return run_suite(s);
}
