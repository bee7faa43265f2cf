/* Creating, opening and closing a database. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"
#include "store/store.h"

START_TEST(test_store_open__create_then_reopen)
{
	char *dir = tmpdir_new();
	const char *path = path_in(dir, "centre.db");
	cus_db *db = db_new(path, "admin", "correct horse battery staple");
	ck_assert_str_eq(cus_db_user(db), "admin");
	cus_db_close(db);
	ck_assert_int_eq(access(path_in(dir, "centre.db.keys"), F_OK), 0);

	struct stat st;
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 077, 0); /* owner only */
	ck_assert_int_eq(stat(path_in(dir, "centre.db.keys"), &st), 0);
	ck_assert_int_eq(st.st_mode & 077, 0);

	cus_key *k = key_pass("correct horse battery staple");
	ck_assert_cus(cus_db_open(&db, path, "admin", k, NULL), 0);
	ck_assert_str_eq(cus_db_user(db), "admin");
	cus_db_close(db);
	/* without a login, the only slot is used */
	ck_assert_cus(cus_db_open(&db, path, NULL, k, NULL), 0);
	ck_assert_str_eq(cus_db_user(db), "admin");
	cus_db_close(db);
	cus_key_free(k);
	cus_db_close(NULL);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(test_store_open__info_reports_versions_and_counts)
{
	char *dir = tmpdir_new();
	cus_db *db = db_new(path_in(dir, "c.db"), "admin", "passphrase one");
	cus_db_info *info = NULL;
	ck_assert_cus(cus_db_info_get(&info, db), 0);
	ck_assert_int_eq(info->format_version, cus_db_format_version());
	ck_assert_int_eq(info->library_format_version, cus_db_format_version());
	ck_assert_str_eq(info->library_version, cus_version());
	ck_assert_str_eq(info->sqlcipher_version, "3.4.1");
	ck_assert_int_eq(info->cipher_page_size, 4096);
	ck_assert_str_eq(info->journal_mode, "wal");
	ck_assert_str_eq(info->kdf, "argon2id13");
	ck_assert_uint_eq(info->kdf_opslimit, cus_kdf_opslimit(CUS_KDF_INTERACTIVE));
	ck_assert_uint_eq(info->kdf_memlimit, cus_kdf_memlimit(CUS_KDF_INTERACTIVE));
	ck_assert_int_eq(info->key_slots, 1);
	ck_assert_int_eq(info->policy_version, 0);
	ck_assert_uint_eq(strlen(info->database_id), 32);
	int found = 0;
	for (size_t i = 0; i < info->table_count; i++)
		if (strcmp(info->tables[i].name, "cus_migrations") == 0) {
			found = 1;
			ck_assert_int_eq(info->tables[i].rows, cus_db_format_version());
		}
	ck_assert(found);
	cus_db_info_free(info);
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(test_store_open__create_refuses_existing_files)
{
	char *dir = tmpdir_new();
	const char *path = path_in(dir, "c.db");
	file_write(path, "precious", 8);
	cus_key *k = key_pass("passphrase one");
	cus_db *db = NULL;
	ck_assert_cus(cus_db_create(&db, path, "admin", k, NULL), CUS_EEXISTS);
	ck_assert_ptr_null(db);
	ck_assert(file_contains(path, "precious", 8));
	ck_assert_int_ne(access(path_in(dir, "c.db.keys"), F_OK), 0);

	/* an existing key store alone is not overwritten either, and the new
	 * database file is not left behind */
	const char *p2 = path_in(dir, "d.db");
	file_write(path_in(dir, "d.db.keys"), "keys", 4);
	ck_assert_cus(cus_db_create(&db, p2, "admin", k, NULL), CUS_EEXISTS);
	ck_assert_int_ne(access(p2, F_OK), 0);
	ck_assert(file_contains(path_in(dir, "d.db.keys"), "keys", 4));
	cus_key_free(k);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(test_store_open__bad_arguments)
{
	char *dir = tmpdir_new();
	cus_key *k = key_pass("passphrase one");
	cus_db *db = NULL;
	ck_assert_cus(cus_db_create(&db, path_in(dir, "a.db"), "Admin", k, NULL), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "user");
	ck_assert_cus(cus_db_create(&db, path_in(dir, "a.db"), "", k, NULL), CUS_EINVAL);
	ck_assert_cus(cus_db_create(&db, path_in(dir, "a.db"), "admin", NULL, NULL), CUS_EINVAL);
	ck_assert_cus(cus_db_create(&db, NULL, "admin", k, NULL), CUS_EINVAL);
	cus_db_options o;
	ck_assert_cus(cus_db_options_init(&o, 99), CUS_EINVAL);
	ck_assert_cus(cus_db_options_init(&o, CUS_DB_OPTIONS_VERSION), 0);
	o.kdf_opslimit = 1; /* below INTERACTIVE */
	ck_assert_cus(cus_db_create(&db, path_in(dir, "a.db"), "admin", k, &o), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "kdf");
	o.kdf_opslimit = 0;
	o.kdf_memlimit = 1 << 20;
	ck_assert_cus(cus_db_create(&db, path_in(dir, "a.db"), "admin", k, &o), CUS_EINVAL);
	ck_assert_int_ne(access(path_in(dir, "a.db"), F_OK), 0);
	ck_assert_cus(cus_db_open(&db, path_in(dir, "missing.db"), "admin", k, NULL), CUS_ENOTFOUND);

	cus_key *e = NULL;
	ck_assert_cus(cus_key_from_passphrase(&e, "", 0), CUS_EINVAL);
	ck_assert_cus(cus_key_from_passphrase(&e, "a\0b", 3), CUS_EINVAL);
	cus_key_free(k);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(test_store_open__stronger_kdf_is_recorded)
{
	char *dir = tmpdir_new();
	cus_key *k = key_pass("passphrase one");
	cus_db_options o = CUS_DB_OPTIONS_INIT;
	o.kdf_opslimit = 3;
	o.kdf_memlimit = (size_t)96 << 20;
	cus_db *db = NULL;
	ck_assert_cus(cus_db_create(&db, path_in(dir, "a.db"), "admin", k, &o), 0);
	cus_db_close(db);
	ck_assert_cus(cus_db_open(&db, path_in(dir, "a.db"), "admin", k, NULL), 0);
	cus_db_info *info = NULL;
	ck_assert_cus(cus_db_info_get(&info, db), 0);
	ck_assert_uint_eq(info->kdf_opslimit, 3);
	ck_assert_uint_eq(info->kdf_memlimit, (size_t)96 << 20);
	cus_db_info_free(info);
	cus_db_close(db);
	cus_key_free(k);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(test_store_open__key_file)
{
	char *dir = tmpdir_new();
	const char *kf = path_in(dir, "svc.key");
	ck_assert_cus(cus_key_file_generate(kf), 0);
	ck_assert_cus(cus_key_file_generate(kf), CUS_EEXISTS);
	struct stat st;
	ck_assert_int_eq(stat(kf, &st), 0);
	ck_assert_int_eq(st.st_size, CUS_KEY_FILE_BYTES);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	cus_key *k = NULL;
	ck_assert_cus(cus_key_from_file(&k, kf), 0);
	cus_db *db = NULL;
	ck_assert_cus(cus_db_create(&db, path_in(dir, "a.db"), "svc", k, NULL), 0);
	cus_db_close(db);
	ck_assert_cus(cus_db_open(&db, path_in(dir, "a.db"), "svc", k, NULL), 0);
	cus_db_close(db);

	/* another key file does not open it, nor does the file's content as a passphrase */
	const char *other = path_in(dir, "other.key");
	ck_assert_cus(cus_key_file_generate(other), 0);
	cus_key *k2 = NULL;
	ck_assert_cus(cus_key_from_file(&k2, other), 0);
	ck_assert_cus(cus_db_open(&db, path_in(dir, "a.db"), "svc", k2, NULL), CUS_EKEY);
	cus_key_free(k2);
	k2 = NULL;
	size_t n = 0;
	unsigned char *raw = file_read(kf, &n);
	cus_key *as_pass = NULL;
	if (memchr(raw, 0, n) == NULL) {
		ck_assert_cus(cus_key_from_passphrase(&as_pass, (const char *)raw, n), 0);
		ck_assert_cus(cus_db_open(&db, path_in(dir, "a.db"), "svc", as_pass, NULL), CUS_EKEY);
		cus_key_free(as_pass);
	}
	free(raw);

	/* wrong size and loose permissions are refused */
	const char *bad = path_in(dir, "bad.key");
	file_write(bad, "0123456789", 10);
	chmod(bad, 0600);
	ck_assert_cus(cus_key_from_file(&k2, bad), CUS_EINVAL);
	chmod(kf, 0644);
	ck_assert_cus(cus_key_from_file(&k2, kf), CUS_EINVAL);
	ck_assert_cus(cus_key_from_file(&k2, path_in(dir, "none.key")), CUS_ENOTFOUND);
	cus_key_free(k);
	tmpdir_remove(dir);
}
END_TEST

/* A process killed inside a key-store transaction leaves a hot journal
 * beside the key store: the next open rolls it back (a read-only
 * connection alone could not) instead of calling the key store damaged. */
START_TEST(test_store_open__key_store_hot_journal_is_rolled_back)
{
	char *dir = tmpdir_new();
	char a[1024], b[1024];
	snprintf(a, sizeof a, "%s", path_in(dir, "a.db"));
	snprintf(b, sizeof b, "%s", path_in(dir, "b.db"));
	cus_db *db = db_new(a, "admin", "admin passphrase");
	cus_db_close(db);
	/* a writer in the middle of a big transaction: its journal is hot */
	char ks_a[1100], ks_b[1100], j_a[1200], j_b[1200];
	snprintf(ks_a, sizeof ks_a, "%s.keys", a);
	snprintf(ks_b, sizeof ks_b, "%s.keys", b);
	snprintf(j_a, sizeof j_a, "%s-journal", ks_a);
	snprintf(j_b, sizeof j_b, "%s-journal", ks_b);
	sqlite3 *w = NULL;
	ck_assert_int_eq(sqlite3_open_v2(ks_a, &w, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(w, "PRAGMA cache_size = 2; BEGIN IMMEDIATE;"
		" CREATE TABLE junk (x BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400)"
		" INSERT INTO junk SELECT randomblob(1000) FROM n;", NULL, NULL, NULL), SQLITE_OK);
	size_t len = 0;
	unsigned char *journal = file_read(j_a, &len);
	ck_assert_msg(journal && len > 0, "no hot journal was made");
	/* the files as a crash leaves them, under another name */
	unsigned char *ks = file_read(ks_a, &len);
	file_write(ks_b, ks, len);
	free(ks);
	size_t jl = 0;
	free(journal);
	journal = file_read(j_a, &jl);
	file_write(j_b, journal, jl);
	free(journal);
	unsigned char *main_db = file_read(a, &len);
	file_write(b, main_db, len);
	free(main_db);
	sqlite3_exec(w, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(w);
	char wal_a[1100], wal_b[1100];
	snprintf(wal_a, sizeof wal_a, "%s-wal", a);
	snprintf(wal_b, sizeof wal_b, "%s-wal", b);
	unsigned char *wal = file_read(wal_a, &len);
	if (wal) {
		file_write(wal_b, wal, len);
		free(wal);
	}
	cus_key *k = key_pass("admin passphrase");
	db = NULL;
	int rc = cus_db_open(&db, b, "admin", k, NULL);
	ck_assert_msg(rc == 0, "open after a crash: %s (%s)", cus_error_name(rc), cus_error_last()->message);
	/* rolled back: the journal is gone or emptied */
	unsigned char *left = file_read(j_b, &len);
	ck_assert_msg(!left || len == 0, "the hot journal is still there");
	free(left);
	cus_db_close(db);
	cus_key_free(k);
	tmpdir_remove(dir);
}
END_TEST

TCase *tcase_store_open(void)
{
	TCase *tc = tcase_create("open");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_store_open__create_then_reopen);
	tcase_add_test(tc, test_store_open__info_reports_versions_and_counts);
	tcase_add_test(tc, test_store_open__create_refuses_existing_files);
	tcase_add_test(tc, test_store_open__bad_arguments);
	tcase_add_test(tc, test_store_open__stronger_kdf_is_recorded);
	tcase_add_test(tc, test_store_open__key_file);
	tcase_add_test(tc, test_store_open__key_store_hot_journal_is_rolled_back);
	return tc;
}
