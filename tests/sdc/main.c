#include "sdc_tests.h"

int main(void)
{
	Suite *s = suite_create("sdc");
	suite_add_tcase(s, tcase_sdc_checker());
	suite_add_tcase(s, tcase_sdc_cases());
	suite_add_tcase(s, tcase_sdc_errors());
	suite_add_tcase(s, tcase_sdc_properties());
	suite_add_tcase(s, tcase_sdc_periods());
	return run_suite(s);
}
