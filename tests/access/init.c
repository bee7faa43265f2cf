/* Creating a centre: database, key store, policy version 1, the admin account. */
#include <stdlib.h>
#include <unistd.h>

#include "common.h"

START_TEST(test_access_init__creates_admin_and_policy)
{
	char *dir = tmpdir_new();
	cus_db *db = centre_new(dir);
	cus_policy_info *pi = NULL;
	ck_assert_cus(cus_policy_info_get(&pi, db, 0), 0);
	ck_assert_int_eq(pi->version, 1);
	ck_assert_str_eq(pi->loaded_by, "admin");
	ck_assert_str_eq(pi->teryt, "1405011");
	cus_policy_info_free(pi);
	cus_session *s = session_for(db, "administration");
	ck_assert_str_eq(cus_session_role(s), "admin");
	ck_assert_int_eq(cus_session_policy_version(s), 1);
	ck_assert_uint_eq(strlen(cus_session_id(s)), 32);
	cus_session_close(s);
	/* the bootstrap is in the audit log */
	ck_assert_int_eq(audit_count(db, "policy.load", "ok", NULL), 1);
	ck_assert_int_eq(audit_count(db, "user.add", "ok", NULL), 1);
	cus_db_info *info = NULL;
	ck_assert_cus(cus_db_info_get(&info, db), 0);
	ck_assert_int_eq(info->policy_version, 1);
	cus_db_info_free(info);
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(test_access_init__invalid_policy_creates_nothing)
{
	char *dir = tmpdir_new();
	const char *bad = path_in(dir, "bad.yaml");
	file_write(bad, "policy: [unclosed\n", 18);
	cus_key *k = key_pass("admin passphrase");
	cus_db *db = NULL;
	ck_assert_cus(cus_db_init(&db, path_in(dir, "c.db"), "admin", k, bad, NULL), CUS_EINVAL);
	ck_assert_int_gt(cus_error_last()->line, 0);
	ck_assert_int_ne(access(path_in(dir, "c.db"), F_OK), 0);
	ck_assert_int_ne(access(path_in(dir, "c.db.keys"), F_OK), 0);
	ck_assert_cus(cus_db_init(&db, path_in(dir, "c.db"), "admin", k, path_in(dir, "none.yaml"), NULL),
		CUS_ENOTFOUND);
	ck_assert_int_ne(access(path_in(dir, "c.db"), F_OK), 0);
	cus_key_free(k);
	tmpdir_remove(dir);
}
END_TEST

/* A policy whose admin cannot manage users cannot bootstrap a centre. */
START_TEST(test_access_init__policy_without_user_admin_refused)
{
	char *dir = tmpdir_new();
	size_t n = 0;
	unsigned char *yaml = file_read(TEST_POLICY, &n);
	ck_assert_ptr_nonnull(yaml);
	/* rename the admin role code */
	char *text = calloc(1, n + 1);
	memcpy(text, yaml, n);
	char *at = strstr(text, "code: admin\n");
	ck_assert_ptr_nonnull(at);
	memcpy(at, "code: admix\n", 12);
	file_write(path_in(dir, "p.yaml"), text, n);
	cus_key *k = key_pass("admin passphrase");
	cus_db *db = NULL;
	ck_assert_cus(cus_db_init(&db, path_in(dir, "c.db"), "admin", k, path_in(dir, "p.yaml"), NULL), CUS_EINVAL);
	ck_assert_ptr_nonnull(strstr(cus_error_last()->message, "admin"));
	ck_assert_int_ne(access(path_in(dir, "c.db"), F_OK), 0);
	cus_key_free(k);
	free(text);
	free(yaml);
	tmpdir_remove(dir);
}
END_TEST

TCase *tcase_access_init(void)
{
	TCase *tc = tcase_create("init");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_access_init__creates_admin_and_policy);
	tcase_add_test(tc, test_access_init__invalid_policy_creates_nothing);
	tcase_add_test(tc, test_access_init__policy_without_user_admin_refused);
	return tc;
}
