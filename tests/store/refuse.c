/* What must fail at open, with its own code, changing no byte of any file. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"
#include "helpers.h"

static char *dir;
static const char *path, *keys;
static char *before;

static void setup(void)
{
	dir = tmpdir_new();
	path = strdup(path_in(dir, "c.db"));
	keys = strdup(path_in(dir, "c.db.keys"));
	cus_db *db = db_new(path, "admin", "the right passphrase");
	cus_db_close(db);
	before = NULL;
}

static void teardown(void)
{
	free((char *)path);
	free((char *)keys);
	free(before);
	tmpdir_remove(dir);
}

/* Remember every file's digest, so the test can prove nothing changed. */
static void snapshot(void)
{
	free(before);
	before = dir_fingerprint(dir);
}

static void assert_unchanged(void)
{
	char *after = dir_fingerprint(dir);
	ck_assert_str_eq(after, before);
	free(after);
}

static int open_with(const char *login, const char *pass)
{
	cus_key *k = key_pass(pass);
	cus_db *db = NULL;
	int rc = cus_db_open(&db, path, login, k, NULL);
	cus_key_free(k);
	if (rc == 0)
		cus_db_close(db);
	else
		ck_assert_ptr_null(db);
	return rc;
}

static void ks_exec(const char *sql)
{
	sqlite3 *ks = NULL;
	ck_assert_int_eq(sqlite3_open(keys, &ks), SQLITE_OK);
	ck_assert_msg(sqlite3_exec(ks, sql, NULL, NULL, NULL) == SQLITE_OK, "%s", sqlite3_errmsg(ks));
	sqlite3_close(ks);
}

START_TEST(test_store_refuse__wrong_passphrase)
{
	snapshot();
	ck_assert_cus(open_with("admin", "the wrong passphrase"), CUS_EKEY);
	ck_assert_str_eq(cus_error_last()->module, "store");
	ck_assert_ptr_null(strstr(cus_error_last()->message, "wrong passphrase\"")); /* no secret echoed */
	ck_assert_cus(open_with("admin", "the right passphrase "), CUS_EKEY);
	ck_assert_cus(open_with(NULL, "x"), CUS_EKEY);
	assert_unchanged();
	ck_assert_cus(open_with("admin", "the right passphrase"), 0);
}
END_TEST

START_TEST(test_store_refuse__unknown_user)
{
	snapshot();
	ck_assert_cus(open_with("nobody", "the right passphrase"), CUS_ENOTFOUND);
	ck_assert_str_eq(cus_error_last()->field, "user");
	assert_unchanged();
}
END_TEST

START_TEST(test_store_refuse__random_bytes)
{
	unsigned char junk[8192];
	for (size_t i = 0; i < sizeof junk; i++)
		junk[i] = (unsigned char)(i * 7919u + 13u);
	file_write(path, junk, sizeof junk);
	snapshot();
	ck_assert_cus(open_with("admin", "the right passphrase"), CUS_ENOTDB);
	assert_unchanged();
	/* random bytes with no key store at all */
	const char *lone = path_in(dir, "lone.db");
	file_write(lone, junk, sizeof junk);
	snapshot();
	cus_key *k = key_pass("the right passphrase");
	cus_db *db = NULL;
	ck_assert_cus(cus_db_open(&db, lone, "admin", k, NULL), CUS_ENOTDB);
	cus_key_free(k);
	assert_unchanged();
}
END_TEST

START_TEST(test_store_refuse__plain_sqlite_file)
{
	unlink(path);
	sqlite3 *plain = NULL;
	ck_assert_int_eq(sqlite3_open(path, &plain), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(plain, "CREATE TABLE t(x); INSERT INTO t VALUES (1);", NULL, NULL, NULL),
		SQLITE_OK);
	sqlite3_close(plain);
	snapshot();
	ck_assert_cus(open_with("admin", "the right passphrase"), CUS_ENOTDB);
	ck_assert_ptr_nonnull(strstr(cus_error_last()->message, "plain"));
	assert_unchanged();
}
END_TEST

START_TEST(test_store_refuse__empty_file)
{
	file_write(path, "", 0);
	snapshot();
	ck_assert_cus(open_with("admin", "the right passphrase"), CUS_ENOTDB);
	assert_unchanged();
}
END_TEST

START_TEST(test_store_refuse__missing_key_store)
{
	unlink(keys);
	snapshot();
	ck_assert_cus(open_with("admin", "the right passphrase"), CUS_ENOTDB);
	ck_assert_str_eq(cus_error_last()->field, "keystore");
	assert_unchanged();
}
END_TEST

START_TEST(test_store_refuse__garbage_key_store)
{
	file_write(keys, "this is not a key store at all, just some text......", 52);
	snapshot();
	ck_assert_cus(open_with("admin", "the right passphrase"), CUS_EKEYSTORE);
	assert_unchanged();
}
END_TEST

START_TEST(test_store_refuse__truncated_key_store)
{
	size_t n = 0;
	unsigned char *d = file_read(keys, &n);
	file_write(keys, d, n / 2);
	free(d);
	snapshot();
	ck_assert_cus(open_with("admin", "the right passphrase"), CUS_EKEYSTORE);
	assert_unchanged();
}
END_TEST

START_TEST(test_store_refuse__damaged_slot)
{
	/* one flipped bit in the wrapped key: a damaged slot, not a wrong passphrase */
	ks_exec("UPDATE slots SET wrapped = zeroblob(48) WHERE login = 'admin'");
	snapshot();
	ck_assert_cus(open_with("admin", "the right passphrase"), CUS_EKEYSTORE);
	assert_unchanged();
}
END_TEST

START_TEST(test_store_refuse__weakened_kdf_parameters)
{
	/* lowering the cost of a slot is caught, whether or not the checksum is redone */
	ks_exec("UPDATE slots SET opslimit = 1 WHERE login = 'admin'");
	ck_assert_cus(open_with("admin", "the right passphrase"), CUS_EKEYSTORE);
}
END_TEST

START_TEST(test_store_refuse__other_application_sqlite_as_key_store)
{
	unlink(keys);
	sqlite3 *plain = NULL;
	ck_assert_int_eq(sqlite3_open(keys, &plain), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(plain, "CREATE TABLE slots(x);", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(plain);
	snapshot();
	ck_assert_cus(open_with("admin", "the right passphrase"), CUS_EKEYSTORE);
	assert_unchanged();
}
END_TEST

START_TEST(test_store_refuse__key_store_of_another_database)
{
	const char *other = path_in(dir, "other.db");
	cus_db *db = db_new(other, "admin", "the right passphrase");
	cus_db_close(db);
	/* swap: c.db with other.db's key store */
	size_t n = 0;
	unsigned char *d = file_read(path_in(dir, "other.db.keys"), &n);
	file_write(keys, d, n);
	free(d);
	snapshot();
	ck_assert_cus(open_with("admin", "the right passphrase"), CUS_ENOTDB);
	assert_unchanged();
}
END_TEST

START_TEST(test_store_refuse__damaged_database_page)
{
	/* a changed byte inside the encrypted file fails SQLCipher's page HMAC */
	size_t n = 0;
	unsigned char *d = file_read(path, &n);
	ck_assert_uint_ge(n, 4096);
	d[100] ^= 0x40;
	file_write(path, d, n);
	free(d);
	snapshot();
	int rc = open_with("admin", "the right passphrase");
	ck_assert_msg(rc == CUS_ENOTDB || rc == CUS_EINTEGRITY, "got %s", cus_error_name(rc));
	assert_unchanged();
}
END_TEST

TCase *tcase_store_refuse(void)
{
	TCase *tc = tcase_create("refuse");
	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_store_refuse__wrong_passphrase);
	tcase_add_test(tc, test_store_refuse__unknown_user);
	tcase_add_test(tc, test_store_refuse__random_bytes);
	tcase_add_test(tc, test_store_refuse__plain_sqlite_file);
	tcase_add_test(tc, test_store_refuse__empty_file);
	tcase_add_test(tc, test_store_refuse__missing_key_store);
	tcase_add_test(tc, test_store_refuse__garbage_key_store);
	tcase_add_test(tc, test_store_refuse__truncated_key_store);
	tcase_add_test(tc, test_store_refuse__damaged_slot);
	tcase_add_test(tc, test_store_refuse__weakened_kdf_parameters);
	tcase_add_test(tc, test_store_refuse__other_application_sqlite_as_key_store);
	tcase_add_test(tc, test_store_refuse__key_store_of_another_database);
	tcase_add_test(tc, test_store_refuse__damaged_database_page);
	return tc;
}
