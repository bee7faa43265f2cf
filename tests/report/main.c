#include "helpers.h"

TCase *tcase_report_definitions(void);
TCase *tcase_report_generate(void);

int main(void)
{
	Suite *s = suite_create("report");
	suite_add_tcase(s, tcase_report_definitions());
	suite_add_tcase(s, tcase_report_generate());
	return run_suite(s);
}
