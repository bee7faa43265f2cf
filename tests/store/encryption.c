/* The file is really encrypted, the connection settings hold, and the format
 * document is enough to open the database with one's own code. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "store/store.h"
#include "helpers.h"

static int pragma_int(sqlite3 *sql, const char *q)
{
	sqlite3_stmt *st = NULL;
	ck_assert_int_eq(sqlite3_prepare_v2(sql, q, -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	int v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

START_TEST(test_store_encryption__marker_not_in_file_or_wal)
{
	char *dir = tmpdir_new();
	const char *path = path_in(dir, "c.db");
	static const char marker[] = "CUS-MARKER-Zażółć-gęślą-jaźń-4f1c9e";
	cus_db *db = db_new(path, "admin", "a passphrase");
	sqlite3 *sql = cus__db_sql(db);
	ck_assert_int_eq(sqlite3_exec(sql, "CREATE TABLE t(v TEXT)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_stmt *st = NULL;
	ck_assert_int_eq(sqlite3_prepare_v2(sql, "INSERT INTO t VALUES (?)", -1, &st, NULL), SQLITE_OK);
	for (int i = 0; i < 200; i++) {
		sqlite3_bind_text(st, 1, marker, -1, SQLITE_STATIC);
		ck_assert_int_eq(sqlite3_step(st), SQLITE_DONE);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);

	/* while open, the rows are in the WAL */
	struct stat s;
	ck_assert_int_eq(stat(path_in(dir, "c.db-wal"), &s), 0);
	ck_assert_int_gt(s.st_size, 0);
	ck_assert(!file_contains(path_in(dir, "c.db-wal"), marker, strlen(marker)));
	ck_assert(!file_contains(path, marker, strlen(marker)));
	ck_assert(!file_contains(path_in(dir, "c.db.keys"), marker, strlen(marker)));
	/* a shorter piece of it neither */
	ck_assert(!file_contains(path_in(dir, "c.db-wal"), "CUS-MARKER", 10));

	/* after a checkpoint, in the main file */
	ck_assert_int_eq(sqlite3_wal_checkpoint_v2(sql, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL), SQLITE_OK);
	ck_assert(!file_contains(path, marker, strlen(marker)));
	cus_db_close(db);

	size_t n = 0;
	unsigned char *d = file_read(path, &n);
	ck_assert_uint_ge(n, 4096);
	ck_assert_int_ne(memcmp(d, "SQLite format 3", 15), 0);
	ck_assert_uint_eq(n % 4096, 0); /* cipher_page_size 4096 */
	free(d);
	ck_assert(!file_contains(path, marker, strlen(marker)));

	/* SQLite without the key cannot read it */
	sqlite3 *plain = NULL;
	ck_assert_int_eq(sqlite3_open(path, &plain), SQLITE_OK);
	ck_assert_int_ne(sqlite3_exec(plain, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(plain);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(test_store_encryption__connection_settings)
{
	char *dir = tmpdir_new();
	cus_db *db = db_new(path_in(dir, "c.db"), "admin", "a passphrase");
	cus_db_close(db);
	cus_key *k = key_pass("a passphrase");
	ck_assert_cus(cus_db_open(&db, path_in(dir, "c.db"), "admin", k, NULL), 0);
	cus_key_free(k);
	sqlite3 *sql = cus__db_sql(db);
	ck_assert_int_eq(pragma_int(sql, "PRAGMA temp_store"), 2);       /* MEMORY */
	ck_assert_int_eq(pragma_int(sql, "PRAGMA secure_delete"), 1);
	ck_assert_int_eq(pragma_int(sql, "PRAGMA foreign_keys"), 1);
	ck_assert_int_eq(pragma_int(sql, "PRAGMA synchronous"), 2);      /* FULL */
	ck_assert_int_eq(pragma_int(sql, "PRAGMA cipher_page_size"), 4096);
	ck_assert_int_eq(pragma_int(sql, "PRAGMA application_id"), CUS__DB_APPLICATION_ID);
	sqlite3_stmt *st = NULL;
	ck_assert_int_eq(sqlite3_prepare_v2(sql, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_str_eq((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	/* the foreign keys really are enforced */
	ck_assert_int_eq(sqlite3_exec(sql, "CREATE TABLE p(id INTEGER PRIMARY KEY);"
		"CREATE TABLE c(p INTEGER REFERENCES p(id));", NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_ne(sqlite3_exec(sql, "INSERT INTO c VALUES (42)", NULL, NULL, NULL), SQLITE_OK);
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

/* docs/FORMAT.md, followed step by step with libsodium and SQLite only. */
static void put_field(unsigned char *buf, size_t *len, const void *p, uint32_t n)
{
	buf[(*len)++] = (unsigned char)(n >> 24);
	buf[(*len)++] = (unsigned char)(n >> 16);
	buf[(*len)++] = (unsigned char)(n >> 8);
	buf[(*len)++] = (unsigned char)n;
	memcpy(buf + *len, p, n);
	*len += n;
}

static void put_u64(unsigned char *buf, size_t *len, uint64_t v)
{
	for (int i = 7; i >= 0; i--)
		buf[(*len)++] = (unsigned char)(v >> (8 * i));
}

START_TEST(test_store_encryption__format_document_opens_the_database)
{
	char *dir = tmpdir_new();
	const char *path = path_in(dir, "c.db");
	const char *pass = "an auditor's passphrase";
	cus_db *db = db_new(path, "auditor", pass);
	cus_db_close(db);
	ck_assert_int_ge(sodium_init(), 0);

	sqlite3 *ks = NULL;
	sqlite3_stmt *st = NULL;
	ck_assert_int_eq(sqlite3_open_v2(path_in(dir, "c.db.keys"), &ks, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	ck_assert_int_eq(pragma_int(ks, "PRAGMA application_id"), 0x4355534B);
	ck_assert_int_eq(sqlite3_prepare_v2(ks,
		"SELECT k.database_id, s.login, s.kind, s.kdf, s.opslimit, s.memlimit, s.salt, s.nonce, s.wrapped,"
		" s.checksum FROM keystore k, slots s WHERE s.login = 'auditor' AND s.state = 'active'", -1, &st,
		NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	unsigned char dbid[16], salt[16], nonce[24], wrapped[48], checksum[32];
	memcpy(dbid, sqlite3_column_blob(st, 0), 16);
	char login[65], kind[16], kdf[16];
	snprintf(login, sizeof login, "%s", sqlite3_column_text(st, 1));
	snprintf(kind, sizeof kind, "%s", sqlite3_column_text(st, 2));
	snprintf(kdf, sizeof kdf, "%s", sqlite3_column_text(st, 3));
	unsigned long long ops = (unsigned long long)sqlite3_column_int64(st, 4);
	size_t mem = (size_t)sqlite3_column_int64(st, 5);
	memcpy(salt, sqlite3_column_blob(st, 6), 16);
	memcpy(nonce, sqlite3_column_blob(st, 7), 24);
	memcpy(wrapped, sqlite3_column_blob(st, 8), 48);
	memcpy(checksum, sqlite3_column_blob(st, 9), 32);
	sqlite3_finalize(st);
	sqlite3_close(ks);
	ck_assert_str_eq(kdf, "argon2id13");

	unsigned char ad[512];
	size_t adlen = 0;
	put_field(ad, &adlen, "cus-keyslot-v1", 14);
	put_field(ad, &adlen, dbid, 16);
	put_field(ad, &adlen, login, (uint32_t)strlen(login));
	put_field(ad, &adlen, kind, (uint32_t)strlen(kind));
	put_field(ad, &adlen, kdf, (uint32_t)strlen(kdf));
	put_u64(ad, &adlen, ops);
	put_u64(ad, &adlen, mem);
	put_field(ad, &adlen, salt, 16);

	/* the checksum: BLAKE2b-256 over AD, nonce and wrapped key, each length-prefixed */
	unsigned char sumin[1024], sum[32];
	size_t sumlen = 0;
	memcpy(sumin, ad, adlen);
	sumlen = adlen;
	put_field(sumin, &sumlen, nonce, 24);
	put_field(sumin, &sumlen, wrapped, 48);
	crypto_generichash(sum, 32, sumin, sumlen, NULL, 0);
	ck_assert_int_eq(memcmp(sum, checksum, 32), 0);

	unsigned char kek[32], master[32], sqlkey[32];
	ck_assert_int_eq(crypto_pwhash(kek, 32, pass, strlen(pass), salt, ops, mem, crypto_pwhash_ALG_ARGON2ID13), 0);
	ck_assert_int_eq(crypto_aead_xchacha20poly1305_ietf_decrypt(master, NULL, NULL, wrapped, 48, ad, adlen,
		nonce, kek), 0);
	crypto_kdf_derive_from_key(sqlkey, 32, 1, "CUSsqlcp", master);
	char hex[65], pragma[128];
	sodium_bin2hex(hex, sizeof hex, sqlkey, 32);
	snprintf(pragma, sizeof pragma, "PRAGMA key = \"x'%s'\"; PRAGMA cipher_page_size = 4096;", hex);

	sqlite3 *sql = NULL;
	ck_assert_int_eq(sqlite3_open_v2(path, &sql, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(sql, pragma, NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(sql, "SELECT value FROM cus_meta WHERE key = 'database_id'", -1, &st,
		NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	char idhex[33];
	sodium_bin2hex(idhex, sizeof idhex, dbid, 16);
	ck_assert_str_eq((const char *)sqlite3_column_text(st, 0), idhex);
	sqlite3_finalize(st);
	sqlite3_close(sql);
	sodium_memzero(master, sizeof master);
	tmpdir_remove(dir);
}
END_TEST

TCase *tcase_store_encryption(void)
{
	TCase *tc = tcase_create("encryption");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_store_encryption__marker_not_in_file_or_wal);
	tcase_add_test(tc, test_store_encryption__connection_settings);
	tcase_add_test(tc, test_store_encryption__format_document_opens_the_database);
	return tc;
}
