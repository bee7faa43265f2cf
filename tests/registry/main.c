#include "helpers.h"

TCase *tcase_registry_persons(void);
TCase *tcase_registry_validate(void);
TCase *tcase_registry_sealing(void);
TCase *tcase_registry_households(void);
TCase *tcase_registry_records(void);

int main(void)
{
	Suite *s = suite_create("registry");
	suite_add_tcase(s, tcase_registry_persons());
	suite_add_tcase(s, tcase_registry_validate());
	suite_add_tcase(s, tcase_registry_sealing());
	suite_add_tcase(s, tcase_registry_households());
	suite_add_tcase(s, tcase_registry_records());
	return run_suite(s);
}
