#include "helpers.h"

TCase *tcase_retention_dates(void);
TCase *tcase_retention_policy(void);
TCase *tcase_retention_workflow(void);
TCase *tcase_retention_disposal(void);
TCase *tcase_retention_erasure(void);

int main(void)
{
	Suite *s = suite_create("retention");
	suite_add_tcase(s, tcase_retention_dates());
	suite_add_tcase(s, tcase_retention_policy());
	suite_add_tcase(s, tcase_retention_workflow());
	suite_add_tcase(s, tcase_retention_disposal());
	suite_add_tcase(s, tcase_retention_erasure());
	return run_suite(s);
}
