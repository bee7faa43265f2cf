#include "helpers.h"

TCase *tcase_indicators_golden(void);
TCase *tcase_indicators_policy(void);

int main(void)
{
	Suite *s = suite_create("indicators");
	suite_add_tcase(s, tcase_indicators_golden());
	suite_add_tcase(s, tcase_indicators_policy());
	return run_suite(s);
}
