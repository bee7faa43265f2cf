#include "helpers.h"

TCase *tcase_import_csv(void);
TCase *tcase_import_persons(void);
TCase *tcase_import_cases(void);

int main(void)
{
	Suite *s = suite_create("import");
	suite_add_tcase(s, tcase_import_csv());
	suite_add_tcase(s, tcase_import_persons());
	suite_add_tcase(s, tcase_import_cases());
	return run_suite(s);
}
