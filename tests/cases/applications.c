/* PLACEHOLDER: being written; replace the whole file. */
#include "common.h"

TCase *tcase_cases_applications(void)
{
	return tcase_create("applications");
}
