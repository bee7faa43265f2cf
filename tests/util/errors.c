/* The error model. */
#include <pthread.h>
#include <string.h>

#include "util/util.h"
#include "util_tests.h"

START_TEST(test_util_errors__names_and_texts)
{
	ck_assert_str_eq(cus_error_name(CUS_OK), "CUS_OK");
	ck_assert_str_eq(cus_error_name(CUS_EKEY), "CUS_EKEY");
	ck_assert_str_eq(cus_error_name(CUS_ENOTDB), "CUS_ENOTDB");
	ck_assert_str_eq(cus_error_name(CUS_EKEYSTORE), "CUS_EKEYSTORE");
	ck_assert_str_eq(cus_error_name(CUS_EDENIED), "CUS_EDENIED");
	ck_assert_str_eq(cus_error_name(CUS_ESHREDDED), "CUS_ESHREDDED");
	ck_assert_str_eq(cus_error_name(CUS_ITEROVER), "CUS_ITEROVER");
	ck_assert_str_eq(cus_error_name(12345), "CUS_UNKNOWN");
	ck_assert_str_eq(cus_strerror(12345), "unknown error");
	/* every code from CUS_ERROR down to CUS_ECRYPTO has a name and a text */
	for (int c = CUS_ERROR; c >= CUS_ECRYPTO; c--) {
		ck_assert_str_ne(cus_error_name(c), "CUS_UNKNOWN");
		ck_assert_str_ne(cus_strerror(c), "unknown error");
	}
	/* codes are stable: integrators and bindings depend on these values */
	ck_assert_int_eq(CUS_EINVAL, -2);
	ck_assert_int_eq(CUS_EKEY, -7);
	ck_assert_int_eq(CUS_ENOTDB, -8);
	ck_assert_int_eq(CUS_EKEYSTORE, -9);
	ck_assert_int_eq(CUS_EDENIED, -11);
}
END_TEST

START_TEST(test_util_errors__last_error_carries_details)
{
	cus_error_clear();
	ck_assert_int_eq(cus_error_last()->code, CUS_OK);
	ck_assert_int_eq(cus__error_at(CUS_EINVAL, "policy", "roles", 12, 5, "unknown role %s", "x"), CUS_EINVAL);
	const cus_error *e = cus_error_last();
	ck_assert_int_eq(e->code, CUS_EINVAL);
	ck_assert_str_eq(e->module, "policy");
	ck_assert_str_eq(e->field, "roles");
	ck_assert_str_eq(e->message, "unknown role x");
	ck_assert_int_eq(e->line, 12);
	ck_assert_int_eq(e->column, 5);
	cus_error_clear();
	ck_assert_int_eq(e->code, CUS_OK);
	ck_assert_ptr_null(e->field);
}
END_TEST

static void *other_thread(void *arg)
{
	(void)arg;
	cus__error(CUS_EIO, "store", NULL, "in another thread");
	return NULL;
}

START_TEST(test_util_errors__reraise_with_own_message)
{
	/* a module re-raising a lower module's error passes its message and field back in */
	cus__error(CUS_EINVAL, "util", "first_names", "the text contains a control character");
	ck_assert_int_eq(cus__error(CUS_EINVAL, "registry", cus_error_last()->field, "%s: %s", cus_error_last()->field,
		cus_error_last()->message), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->module, "registry");
	ck_assert_str_eq(cus_error_last()->field, "first_names");
	ck_assert_str_eq(cus_error_last()->message, "first_names: the text contains a control character");
}
END_TEST

START_TEST(test_util_errors__thread_local)
{
	cus__error(CUS_EKEY, "store", "passphrase", "mine");
	pthread_t t;
	ck_assert_int_eq(pthread_create(&t, NULL, other_thread, NULL), 0);
	pthread_join(t, NULL);
	ck_assert_int_eq(cus_error_last()->code, CUS_EKEY);
	ck_assert_str_eq(cus_error_last()->message, "mine");
}
END_TEST

START_TEST(test_util_errors__version)
{
	ck_assert_str_eq(cus_version(), CUS_VERSION_STRING);
	ck_assert_int_eq(cus_version_number(), CUS_VERSION_MAJOR * 10000 + CUS_VERSION_MINOR * 100 + CUS_VERSION_PATCH);
	cus_free(NULL);
	char *s = cus__strdup("abc");
	ck_assert_str_eq(s, "abc");
	cus_free(s);
}
END_TEST

TCase *tcase_util_errors(void)
{
	TCase *tc = tcase_create("errors");
	tcase_add_test(tc, test_util_errors__names_and_texts);
	tcase_add_test(tc, test_util_errors__last_error_carries_details);
	tcase_add_test(tc, test_util_errors__thread_local);
	tcase_add_test(tc, test_util_errors__reraise_with_own_message);
	tcase_add_test(tc, test_util_errors__version);
	return tc;
}
