#include "helpers.h"

TCase *tcase_finance_classification(void);
TCase *tcase_finance_projects(void);
TCase *tcase_finance_ledger(void);
TCase *tcase_finance_imports(void);
TCase *tcase_finance_budget(void);

int main(void)
{
	Suite *s = suite_create("finance");
	suite_add_tcase(s, tcase_finance_classification());
	suite_add_tcase(s, tcase_finance_projects());
	suite_add_tcase(s, tcase_finance_ledger());
	suite_add_tcase(s, tcase_finance_imports());
	suite_add_tcase(s, tcase_finance_budget());
	return run_suite(s);
}
