/* Several users, each with their own key slot; passphrase changes. */
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "helpers.h"

static int try_open(const char *path, const char *login, const char *pass)
{
	cus_key *k = key_pass(pass);
	cus_db *db = NULL;
	int rc = cus_db_open(&db, path, login, k, NULL);
	cus_key_free(k);
	if (rc == 0) {
		ck_assert_str_eq(cus_db_user(db), login);
		cus_db_close(db);
	}
	return rc;
}

START_TEST(test_store_users__two_users_own_passphrases)
{
	char *dir = tmpdir_new();
	const char *path = path_in(dir, "c.db");
	cus_db *db = db_new(path, "admin", "admin passphrase");
	cus_key *k = key_pass("worker passphrase");
	ck_assert_cus(cus__db_slot_add(db, "akowalska", k, NULL), 0);
	ck_assert_cus(cus__db_slot_add(db, "akowalska", k, NULL), CUS_EEXISTS);
	cus_key_free(k);
	cus_db_close(db);

	ck_assert_cus(try_open(path, "admin", "admin passphrase"), 0);
	ck_assert_cus(try_open(path, "akowalska", "worker passphrase"), 0);
	/* one user's passphrase does not open another's slot */
	ck_assert_cus(try_open(path, "akowalska", "admin passphrase"), CUS_EKEY);
	ck_assert_cus(try_open(path, "admin", "worker passphrase"), CUS_EKEY);

	/* with two slots, a login must be named */
	k = key_pass("admin passphrase");
	ck_assert_cus(cus_db_open(&db, path, NULL, k, NULL), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "user");
	ck_assert_cus(cus_db_open(&db, path, "admin", k, NULL), 0);
	cus_key_free(k);
	cus_db_info *info = NULL;
	ck_assert_cus(cus_db_info_get(&info, db), 0);
	ck_assert_int_eq(info->key_slots, 2);
	cus_db_info_free(info);
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(test_store_users__change_passphrase_touches_one_slot)
{
	char *dir = tmpdir_new();
	const char *path = path_in(dir, "c.db");
	cus_db *db = db_new(path, "admin", "admin passphrase");
	cus_key *k = key_pass("worker passphrase");
	ck_assert_cus(cus__db_slot_add(db, "akowalska", k, NULL), 0);
	cus_key_free(k);
	cus_db_close(db);

	/* remember the admin's slot, as stored */
	sqlite3 *ks = NULL;
	sqlite3_stmt *st = NULL;
	unsigned char admin_slot[48];
	ck_assert_int_eq(sqlite3_open(path_in(dir, "c.db.keys"), &ks), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(ks, "SELECT wrapped FROM slots WHERE login = 'admin'", -1, &st, NULL),
		SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	memcpy(admin_slot, sqlite3_column_blob(st, 0), 48);
	sqlite3_finalize(st);
	sqlite3_close(ks);

	k = key_pass("worker passphrase");
	ck_assert_cus(cus_db_open(&db, path, "akowalska", k, NULL), 0);
	cus_key_free(k);
	k = key_pass("a brand new worker passphrase");
	cus_db_options o = CUS_DB_OPTIONS_INIT;
	o.kdf_opslimit = 3;
	ck_assert_cus(cus_db_change_passphrase(db, k, &o), 0);
	cus_key_free(k);
	cus_db_close(db);

	ck_assert_cus(try_open(path, "akowalska", "worker passphrase"), CUS_EKEY);
	ck_assert_cus(try_open(path, "akowalska", "a brand new worker passphrase"), 0);
	ck_assert_cus(try_open(path, "admin", "admin passphrase"), 0);

	ck_assert_int_eq(sqlite3_open(path_in(dir, "c.db.keys"), &ks), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(ks, "SELECT wrapped, (SELECT opslimit FROM slots WHERE login ="
		" 'akowalska') FROM slots WHERE login = 'admin'", -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_int_eq(memcmp(admin_slot, sqlite3_column_blob(st, 0), 48), 0);
	ck_assert_int_eq(sqlite3_column_int(st, 1), 3); /* the cost was raised */
	sqlite3_finalize(st);
	sqlite3_close(ks);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(test_store_users__switch_to_key_file)
{
	char *dir = tmpdir_new();
	const char *path = path_in(dir, "c.db"), *kf = path_in(dir, "svc.key");
	cus_db *db = db_new(path, "svc", "temporary passphrase");
	ck_assert_cus(cus_key_file_generate(kf), 0);
	cus_key *k = NULL;
	ck_assert_cus(cus_key_from_file(&k, kf), 0);
	ck_assert_cus(cus_db_change_passphrase(db, k, NULL), 0);
	cus_db_close(db);
	ck_assert_cus(try_open(path, "svc", "temporary passphrase"), CUS_EKEY);
	ck_assert_cus(cus_db_open(&db, path, "svc", k, NULL), 0);
	cus_db_close(db);
	cus_key_free(k);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(test_store_users__destroyed_slot_cannot_open)
{
	char *dir = tmpdir_new();
	const char *path = path_in(dir, "c.db");
	cus_db *db = db_new(path, "admin", "admin passphrase");
	cus_key *k = key_pass("worker passphrase");
	ck_assert_cus(cus__db_slot_add(db, "akowalska", k, NULL), 0);
	cus_key_free(k);
	unsigned char old[48];
	sqlite3_stmt *st = NULL;
	ck_assert_int_eq(sqlite3_prepare_v2(db->ks, "SELECT wrapped FROM slots WHERE login = 'akowalska'", -1,
		&st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	memcpy(old, sqlite3_column_blob(st, 0), 48);
	sqlite3_finalize(st);
	ck_assert(file_contains(path_in(dir, "c.db.keys"), old, 48));
	ck_assert_cus(cus__ks_slot_destroy(db->ks, "akowalska"), 0);
	ck_assert(!file_contains(path_in(dir, "c.db.keys"), old, 48));
	ck_assert_cus(cus__ks_slot_destroy(db->ks, "akowalska"), CUS_ENOTFOUND);
	cus_db_close(db);
	ck_assert_cus(try_open(path, "akowalska", "worker passphrase"), CUS_EKEY);
	ck_assert_ptr_nonnull(strstr(cus_error_last()->message, "disabled"));
	ck_assert_cus(try_open(path, "admin", "admin passphrase"), 0);
	tmpdir_remove(dir);
}
END_TEST

TCase *tcase_store_users(void)
{
	TCase *tc = tcase_create("users");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_store_users__two_users_own_passphrases);
	tcase_add_test(tc, test_store_users__change_passphrase_touches_one_slot);
	tcase_add_test(tc, test_store_users__switch_to_key_file);
	tcase_add_test(tc, test_store_users__destroyed_slot_cannot_open);
	return tc;
}
