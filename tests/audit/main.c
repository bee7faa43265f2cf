#include "helpers.h"

TCase *tcase_audit_chain(void);
TCase *tcase_audit_checkpoints(void);
TCase *tcase_audit_tamper(void);
TCase *tcase_audit_query(void);
TCase *tcase_audit_parallel(void);
TCase *tcase_audit_session(void);

int main(void)
{
	Suite *s = suite_create("audit");
	suite_add_tcase(s, tcase_audit_chain());
	suite_add_tcase(s, tcase_audit_checkpoints());
	suite_add_tcase(s, tcase_audit_tamper());
	suite_add_tcase(s, tcase_audit_query());
	suite_add_tcase(s, tcase_audit_parallel());
	suite_add_tcase(s, tcase_audit_session());
	return run_suite(s);
}
