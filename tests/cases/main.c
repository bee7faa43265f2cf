#include "helpers.h"

TCase *tcase_cases_applications(void);
TCase *tcase_cases_qualify(void);
TCase *tcase_cases_plans(void);
TCase *tcase_cases_deliveries(void);

int main(void)
{
	Suite *s = suite_create("cases");
	suite_add_tcase(s, tcase_cases_applications());
	suite_add_tcase(s, tcase_cases_qualify());
	suite_add_tcase(s, tcase_cases_plans());
	suite_add_tcase(s, tcase_cases_deliveries());
	return run_suite(s);
}
