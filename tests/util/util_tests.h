/* Shared by the util suite's topic files. */
#ifndef CUS_TESTS_UTIL_H
#define CUS_TESTS_UTIL_H

#include <string.h>

#include "helpers.h"

TCase *tcase_util_errors(void);
TCase *tcase_util_pesel(void);
TCase *tcase_util_nip(void);
TCase *tcase_util_regon(void);
TCase *tcase_util_text(void);
TCase *tcase_util_dates(void);
TCase *tcase_util_periods(void);
TCase *tcase_util_money(void);

/* A call failed with CUS_EINVAL from module util, naming the field. */
#define ck_assert_einval(call, fieldname) do { \
	int rc_ = (call); \
	ck_assert_msg(rc_ == CUS_EINVAL, "%s returned %s (%s), expected CUS_EINVAL", #call, \
		cus_error_name(rc_), cus_error_last()->message); \
	ck_assert_str_eq(cus_error_last()->module, "util"); \
	ck_assert_msg(cus_error_last()->field != NULL, "%s: no field in the error", #call); \
	ck_assert_str_eq(cus_error_last()->field, fieldname); \
} while (0)

/* The last error's message contains text. */
#define ck_assert_error_says(text) \
	ck_assert_msg(strstr(cus_error_last()->message, (text)) != NULL, \
		"the message \"%s\" does not say \"%s\"", cus_error_last()->message, (text))

#endif
