#include "helpers.h"

TCase *tcase_store_open(void);
TCase *tcase_store_refuse(void);
TCase *tcase_store_users(void);
TCase *tcase_store_encryption(void);
TCase *tcase_store_migrations(void);

int main(void)
{
	Suite *s = suite_create("store");
	suite_add_tcase(s, tcase_store_open());
	suite_add_tcase(s, tcase_store_refuse());
	suite_add_tcase(s, tcase_store_users());
	suite_add_tcase(s, tcase_store_encryption());
	suite_add_tcase(s, tcase_store_migrations());
	return run_suite(s);
}
