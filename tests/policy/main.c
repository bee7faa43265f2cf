#include "helpers.h"

TCase *tcase_policy_errors(void);
TCase *tcase_policy_limits(void);
TCase *tcase_policy_milanowek(void);
TCase *tcase_policy_allows(void);
TCase *tcase_policy_store(void);
TCase *tcase_policy_programme(void);

int main(void)
{
	Suite *s = suite_create("policy");
	suite_add_tcase(s, tcase_policy_errors());
	suite_add_tcase(s, tcase_policy_limits());
	suite_add_tcase(s, tcase_policy_milanowek());
	suite_add_tcase(s, tcase_policy_allows());
	suite_add_tcase(s, tcase_policy_store());
	suite_add_tcase(s, tcase_policy_programme());
	return run_suite(s);
}
