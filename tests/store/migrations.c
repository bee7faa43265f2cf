/* Schema migrations keyed by user_version. */
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "helpers.h"

static int user_version(cus_db *db)
{
	int v = -1;
	ck_assert_int_eq(cus__store_user_version(cus__db_sql(db), &v), 0);
	return v;
}

static int table_exists(cus_db *db, const char *name)
{
	sqlite3_stmt *st = NULL;
	ck_assert_int_eq(sqlite3_prepare_v2(cus__db_sql(db),
		"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	int n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

START_TEST(test_store_migrations__new_database_is_current)
{
	char *dir = tmpdir_new();
	cus_db *db = db_new(path_in(dir, "c.db"), "admin", "a passphrase");
	ck_assert_int_eq(user_version(db), cus_db_format_version());
	ck_assert_int_eq(cus_db_format_version(), cus__migrations[cus__migration_count - 1].version);
	for (size_t i = 1; i < cus__migration_count; i++) /* strictly increasing */
		ck_assert_int_gt(cus__migrations[i].version, cus__migrations[i - 1].version);
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(test_store_migrations__steps_run_in_order_once)
{
	char *dir = tmpdir_new();
	cus_db *db = db_new(path_in(dir, "c.db"), "admin", "a passphrase");
	int base = user_version(db);
	cus__migration steps[] = {
		{ base + 1, "first", "CREATE TABLE m1 (x INTEGER);" },
		{ base + 2, "second", "INSERT INTO m1 VALUES (1); CREATE TABLE m2 (y);" },
	};
	ck_assert_cus(cus__store_migrate(db, steps, 2), 0);
	ck_assert_int_eq(user_version(db), base + 2);
	ck_assert(table_exists(db, "m2"));
	/* again: nothing is re-run (m1 would get a second row) */
	ck_assert_cus(cus__store_migrate(db, steps, 2), 0);
	sqlite3_stmt *st = NULL;
	ck_assert_int_eq(sqlite3_prepare_v2(cus__db_sql(db), "SELECT (SELECT count(*) FROM m1),"
		" (SELECT count(*) FROM cus_migrations)", -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int(st, 0), 1);
	ck_assert_int_eq(sqlite3_column_int(st, 1), base + 2);
	sqlite3_finalize(st);
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(test_store_migrations__failed_step_leaves_nothing)
{
	char *dir = tmpdir_new();
	cus_db *db = db_new(path_in(dir, "c.db"), "admin", "a passphrase");
	int base = user_version(db);
	cus__migration steps[] = {
		{ base + 1, "good", "CREATE TABLE ok1 (x);" },
		{ base + 2, "bad", "CREATE TABLE half (x); INSERT INTO no_such_table VALUES (1);" },
		{ base + 3, "never", "CREATE TABLE never (x);" },
	};
	ck_assert_cus(cus__store_migrate(db, steps, 3), CUS_ERROR);
	ck_assert_ptr_nonnull(strstr(cus_error_last()->message, "bad"));
	/* the good step stays, the bad one is rolled back whole, the next never ran */
	ck_assert_int_eq(user_version(db), base + 1);
	ck_assert(table_exists(db, "ok1"));
	ck_assert(!table_exists(db, "half"));
	ck_assert(!table_exists(db, "never"));
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(test_store_migrations__newer_database_refused)
{
	char *dir = tmpdir_new();
	const char *path = path_in(dir, "c.db");
	cus_db *db = db_new(path, "admin", "a passphrase");
	ck_assert_int_eq(sqlite3_exec(cus__db_sql(db), "PRAGMA user_version = 999", NULL, NULL, NULL), SQLITE_OK);
	cus_db_close(db);
	char *before = dir_fingerprint(dir);
	cus_key *k = key_pass("a passphrase");
	ck_assert_cus(cus_db_open(&db, path, "admin", k, NULL), CUS_EVERSION);
	ck_assert_ptr_nonnull(strstr(cus_error_last()->message, "999"));
	ck_assert_ptr_null(db);
	cus_key_free(k);
	char *after = dir_fingerprint(dir);
	ck_assert_str_eq(before, after);
	free(before);
	free(after);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(test_store_migrations__read_only_open_does_not_migrate)
{
	char *dir = tmpdir_new();
	const char *path = path_in(dir, "c.db");
	cus_db *db = db_new(path, "admin", "a passphrase");
	cus_db_close(db);
	cus_key *k = key_pass("a passphrase");
	cus_db_options o = CUS_DB_OPTIONS_INIT;
	o.read_only = 1;
	ck_assert_cus(cus_db_open(&db, path, "admin", k, &o), 0);
	ck_assert_int_eq(user_version(db), cus_db_format_version());
	/* writes are refused */
	ck_assert_int_ne(sqlite3_exec(cus__db_sql(db), "CREATE TABLE x(y)", NULL, NULL, NULL), SQLITE_OK);
	cus_key *k2 = key_pass("another");
	ck_assert_cus(cus_db_change_passphrase(db, k2, NULL), CUS_EINVAL);
	cus_key_free(k2);
	cus_db_close(db);
	cus_key_free(k);
	tmpdir_remove(dir);
}
END_TEST

TCase *tcase_store_migrations(void)
{
	TCase *tc = tcase_create("migrations");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_store_migrations__new_database_is_current);
	tcase_add_test(tc, test_store_migrations__steps_run_in_order_once);
	tcase_add_test(tc, test_store_migrations__failed_step_leaves_nothing);
	tcase_add_test(tc, test_store_migrations__newer_database_refused);
	tcase_add_test(tc, test_store_migrations__read_only_open_does_not_migrate);
	return tc;
}
