#include "helpers.h"

TCase *tcase_demo(void);

int main(void)
{
	Suite *s = suite_create("demo");
	suite_add_tcase(s, tcase_demo());
	return run_suite(s);
}
