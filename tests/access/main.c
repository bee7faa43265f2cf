#include "helpers.h"

TCase *tcase_access_init(void);
TCase *tcase_access_sessions(void);
TCase *tcase_access_users(void);

int main(void)
{
	Suite *s = suite_create("access");
	suite_add_tcase(s, tcase_access_init());
	suite_add_tcase(s, tcase_access_sessions());
	suite_add_tcase(s, tcase_access_users());
	return run_suite(s);
}
