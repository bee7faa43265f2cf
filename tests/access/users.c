/* Users: who may manage them, key slots, disabling. */
#include <stdlib.h>

#include "common.h"

static char *dir;

static void setup(void)
{
	dir = tmpdir_new();
	cus_db *db = centre_new(dir);
	cus_db_close(db);
}

static void teardown(void)
{
	tmpdir_remove(dir);
	dir = NULL;
}

static int try_open(const char *login, const char *pass)
{
	cus_key *k = key_pass(pass);
	cus_db *db = NULL;
	int rc = cus_db_open(&db, path_in(dir, "c.db"), login, k, NULL);
	cus_key_free(k);
	cus_db_close(db);
	return rc;
}

START_TEST(test_access_users__admin_adds_user_who_opens)
{
	user_add_as_admin(dir, "akowalska", "kipus");
	ck_assert_cus(try_open("akowalska", "akowalska passphrase"), 0);
	ck_assert_cus(try_open("akowalska", "admin passphrase"), CUS_EKEY);
	cus_db *db = centre_open_as(dir, "admin");
	cus_session *s = session_for(db, "administration");
	cus_user_iter *it = NULL;
	ck_assert_cus(cus_user_list(&it, s), 0);
	const cus_user *u;
	ck_assert_cus(cus_user_next(&u, it), 0);
	ck_assert_str_eq(u->login, "admin");
	ck_assert_str_eq(u->role, "admin");
	ck_assert_cus(cus_user_next(&u, it), 0);
	ck_assert_str_eq(u->login, "akowalska");
	ck_assert_str_eq(u->role, "kipus");
	ck_assert_str_eq(u->state, "active");
	ck_assert_str_eq(u->name, "Test User");
	ck_assert_str_eq(u->created_by, "admin");
	ck_assert_cus(cus_user_next(&u, it), CUS_ITEROVER);
	cus_user_iter_free(it);
	ck_assert_int_eq(audit_count(db, "user.add", "ok", NULL), 2);
	ck_assert_int_eq(audit_count(db, "user.list", "ok", NULL), 1);
	cus_session_close(s);
	cus_db_close(db);
}
END_TEST

START_TEST(test_access_users__bad_input)
{
	cus_db *db = centre_open_as(dir, "admin");
	cus_session *s = session_for(db, "administration");
	cus_key *k = key_pass("some passphrase");
	ck_assert_cus(cus_user_add(s, "Bad Login", "kipus", NULL, k, NULL), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "user");
	ck_assert_cus(cus_user_add(s, "nowak", "wizard", NULL, k, NULL), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "role");
	ck_assert_cus(cus_user_add(s, "nowak", "kipus", "Jan\nNowak", k, NULL), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "name");
	ck_assert_cus(cus_user_add(s, "nowak", "kipus", "Jan \xff", k, NULL), CUS_EINVAL);
	ck_assert_cus(cus_user_add(s, "admin", "kipus", NULL, k, NULL), CUS_EEXISTS);
	ck_assert_cus(cus_user_disable(s, "ghost"), CUS_ENOTFOUND);
	ck_assert_cus(cus_user_disable(s, "admin"), CUS_EINVAL);  /* not oneself */
	cus_key_free(k);
	cus_session_close(s);
	cus_db_close(db);
	ck_assert_cus(try_open("nowak", "some passphrase"), CUS_ENOTFOUND);
}
END_TEST

START_TEST(test_access_users__only_allowed_roles_manage_users)
{
	user_add_as_admin(dir, "iod", "iod");
	cus_db *db = centre_open_as(dir, "iod");
	cus_session *s = session_for(db, "audit");
	cus_key *k = key_pass("intruder passphrase");
	int denied = audit_count(db, "user.add", "denied", NULL);
	ck_assert_cus(cus_user_add(s, "intruder", "admin", NULL, k, NULL), CUS_EDENIED);
	ck_assert_int_eq(audit_count(db, "user.add", "denied", NULL), denied + 1);
	ck_assert_cus(cus_user_disable(s, "admin"), CUS_EDENIED);
	cus_user_iter *it = NULL;
	ck_assert_cus(cus_user_list(&it, s), CUS_EDENIED);
	ck_assert_ptr_null(it);
	cus_key_free(k);
	cus_session_close(s);
	cus_db_close(db);
	/* nothing was created: no account, no key slot */
	ck_assert_cus(try_open("intruder", "intruder passphrase"), CUS_ENOTFOUND);
}
END_TEST

START_TEST(test_access_users__disabled_user_cannot_open)
{
	user_add_as_admin(dir, "temp", "social_worker");
	ck_assert_cus(try_open("temp", "temp passphrase"), 0);
	cus_db *db = centre_open_as(dir, "admin");
	cus_session *s = session_for(db, "administration");
	ck_assert_cus(cus_user_disable(s, "temp"), 0);
	ck_assert_cus(cus_user_disable(s, "temp"), CUS_ENOTFOUND);
	/* the login is never reused */
	cus_key *k = key_pass("temp passphrase");
	ck_assert_cus(cus_user_add(s, "temp", "kipus", NULL, k, NULL), CUS_EEXISTS);
	cus_key_free(k);
	ck_assert_int_eq(audit_count(db, "user.disable", "ok", NULL), 1);
	cus_session_close(s);
	cus_db_close(db);
	ck_assert_cus(try_open("temp", "temp passphrase"), CUS_EKEY);
	ck_assert_cus(try_open("admin", "admin passphrase"), 0);
}
END_TEST

START_TEST(test_access_users__policy_load_permissions)
{
	user_add_as_admin(dir, "kipus1", "kipus");
	cus_db *db = centre_open_as(dir, "admin");
	cus_session *s = session_for(db, "administration");
	int64_t v = 0;
	ck_assert_cus(cus_policy_load_file(s, TEST_POLICY, &v), 0);
	ck_assert_int_eq(v, 2);
	/* a policy that drops a role an active user holds is refused */
	size_t n = 0;
	unsigned char *yaml = file_read(TEST_POLICY, &n);
	char *text = calloc(1, n + 1);
	memcpy(text, yaml, n);
	char *at = strstr(text, "code: kipus\n");
	ck_assert_ptr_nonnull(at);
	memcpy(at, "code: kipux\n", 12);
	file_write(path_in(dir, "p.yaml"), text, n);
	ck_assert_cus(cus_policy_load_file(s, path_in(dir, "p.yaml"), &v), CUS_EINVAL);
	ck_assert_ptr_nonnull(strstr(cus_error_last()->message, "kipus"));
	cus_policy_info *pi = NULL;
	ck_assert_cus(cus_policy_info_get(&pi, db, 0), 0);
	ck_assert_int_eq(pi->version, 2);
	cus_policy_info_free(pi);
	cus_session_close(s);
	cus_db_close(db);
	free(text);
	free(yaml);

	db = centre_open_as(dir, "kipus1");
	s = session_for(db, "qualification");
	ck_assert_cus(cus_policy_load_file(s, TEST_POLICY, &v), CUS_EDENIED);
	ck_assert_int_eq(audit_count(db, "policy.load", "denied", NULL), 1);
	cus_session_close(s);
	cus_db_close(db);
}
END_TEST

TCase *tcase_access_users(void)
{
	TCase *tc = tcase_create("users");
	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_access_users__admin_adds_user_who_opens);
	tcase_add_test(tc, test_access_users__bad_input);
	tcase_add_test(tc, test_access_users__only_allowed_roles_manage_users);
	tcase_add_test(tc, test_access_users__disabled_user_cannot_open);
	tcase_add_test(tc, test_access_users__policy_load_permissions);
	return tc;
}
