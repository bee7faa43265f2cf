/* PLACEHOLDER: being written; replace the whole file. */
#include "common.h"

TCase *tcase_cases_plans(void)
{
	return tcase_create("plans");
}
