#include "helpers.h"

TCase *tcase_rights_export(void);
TCase *tcase_rights_rectify(void);
TCase *tcase_rights_restrict(void);
TCase *tcase_rights_register(void);
TCase *tcase_rights_anomalies(void);
TCase *tcase_rights_break_glass(void);

int main(void)
{
	Suite *s = suite_create("rights");
	suite_add_tcase(s, tcase_rights_export());
	suite_add_tcase(s, tcase_rights_rectify());
	suite_add_tcase(s, tcase_rights_restrict());
	suite_add_tcase(s, tcase_rights_register());
	suite_add_tcase(s, tcase_rights_anomalies());
	suite_add_tcase(s, tcase_rights_break_glass());
	return run_suite(s);
}
