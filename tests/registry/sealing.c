/* Sealed fields: bound to their row and version; crypto-shredding; no
 * plaintext in any file. */
#include <stdio.h>
#include <stdlib.h>

#include <sodium.h>

#include "common.h"

/* Copy one column's value between rows (or from a saved blob) with raw SQL. */
static void copy_blob(cus_db *db, const char *col, int64_t from, int64_t to)
{
	char q[256];
	snprintf(q, sizeof q, "UPDATE persons SET %s = (SELECT %s FROM persons WHERE id = %lld) WHERE id = %lld", col,
		col, (long long)from, (long long)to);
	raw_exec(db, q);
}

START_TEST(test_registry_sealing__blob_copied_to_another_row_fails)
{
	SETUP("kipus", "qualification");
	char p1[12], p2[12];
	cus_person_input a = person_in(p1, "1980-01-01", 'M', 1, "Adam", "Abacki");
	a.phone = "600100200";
	cus_person_input b = person_in(p2, "1980-01-02", 'M', 2, "Bogdan", "Babacki");
	b.phone = "600300400";
	int64_t ia = add_ok(s, &a), ib = add_ok(s, &b);
	cus_person *p = NULL;
	/* same column, other row (and another person's key) */
	copy_blob(db, "last_name", ia, ib);
	ck_assert_cus(cus_person_get(&p, s, ib), CUS_EINTEGRITY);
	ck_assert_ptr_null(p);
	ck_assert_int_eq(audit_count(db, "person.read", "error", NULL), 1);
	ck_assert_cus(cus_person_get(&p, s, ia), 0);
	cus_person_free(p);
	/* another column of the same row */
	raw_exec(db, "UPDATE persons SET phone = first_names WHERE id = 1");
	ck_assert_cus(cus_person_get(&p, s, ia), CUS_EINTEGRITY);
	TEARDOWN();
}
END_TEST

START_TEST(test_registry_sealing__older_version_fails)
{
	SETUP("kipus", "qualification");
	char p1[12];
	cus_person_input a = person_in(p1, "1980-01-01", 'F', 1, "Alicja", "Stara");
	a.financial = "dochód 900 zł";
	int64_t id = add_ok(s, &a);
	raw_exec(db, "CREATE TEMP TABLE saved AS SELECT * FROM persons");
	cus_person_input ch = CUS_PERSON_INPUT_INIT;
	ch.last_name = "Nowa";
	ck_assert_cus(cus_person_update(s, id, &ch), 0);
	/* every sealed field was re-sealed: an untouched field's old blob fails too */
	raw_exec(db, "UPDATE persons SET financial = (SELECT financial FROM temp.saved WHERE id = 1) WHERE id = 1");
	cus_person *p = NULL;
	ck_assert_cus(cus_person_get(&p, s, id), CUS_EINTEGRITY);
	raw_exec(db, "UPDATE persons SET last_name = (SELECT last_name FROM temp.saved WHERE id = 1),"
		" financial = NULL WHERE id = 1");
	ck_assert_cus(cus_person_get(&p, s, id), CUS_EINTEGRITY);
	ck_assert_ptr_null(p);
	TEARDOWN();
}
END_TEST

static void copy_file(const char *from, const char *to)
{
	size_t len = 0;
	unsigned char *d = file_read(from, &len);
	if (!d)
		return;
	file_write(to, d, len);
	free(d);
}

START_TEST(test_registry_sealing__destroyed_key_shreds_every_copy)
{
	char *dir = tmpdir_new();
	centre_make(dir);
	cus_db *db = centre_open_as(dir, "kipus");
	cus_session *s = session_for(db, "qualification");
	char p1[12], p2[12];
	cus_person_input a = person_in(p1, "1955-07-07", 'M', 1, "Marian", "Usuwany");
	cus_person_input b = person_in(p2, "1956-07-07", 'F', 1, "Irena", "Zostaje");
	int64_t ia = add_ok(s, &a), ib = add_ok(s, &b);
	cus_record_input r = CUS_RECORD_INPUT_INIT;
	r.category = "health";
	r.text = "cukrzyca";
	r.date = "2022-02-02";
	ck_assert_cus(cus_record_add(s, ia, &r, NULL), 0);
	cus_session_close(s);
	cus_db_close(db);
	/* a backup of the database file taken before the erasure */
	copy_file(path_in(dir, "c.db"), path_in(dir, "copy.db"));
	copy_file(path_in(dir, "c.db-wal"), path_in(dir, "copy.db-wal"));

	db = centre_open_as(dir, "kipus");
	ck_assert_cus(cus__person_key_destroy(db, ia), 0);
	s = session_for(db, "qualification");
	cus_person *p = NULL;
	ck_assert_cus(cus_person_get(&p, s, ia), CUS_ESHREDDED);
	ck_assert_ptr_null(p);
	ck_assert_cus(cus_person_by_pesel(&p, s, p1), CUS_ENOTFOUND);
	cus_record_iter *it = NULL;
	ck_assert_cus(cus_record_list(&it, s, ia, NULL), CUS_ESHREDDED);
	ck_assert_cus(cus_person_get(&p, s, ib), 0);
	ck_assert_str_eq(p->last_name, "Zostaje");
	cus_person_free(p);
	/* the erased person is no longer listed; the PESEL may be registered anew */
	cus_person_iter *pi = NULL;
	ck_assert_cus(cus_person_list(&pi, s), 0);
	const cus_person *lp;
	ck_assert_cus(cus_person_next(&lp, pi), 0);
	ck_assert_int_eq(lp->id, ib);
	ck_assert_int_eq(cus_person_next(&lp, pi), CUS_ITEROVER);
	cus_person_iter_free(pi);
	cus_person_input again = person_in(p1, "1955-07-07", 'M', 1, "Marian", "Powrotny");
	int64_t iagain = add_ok(s, &again);
	ck_assert_cus(cus_person_by_pesel(&p, s, p1), 0);
	ck_assert_int_eq(p->id, iagain);
	cus_person_free(p);
	cus_session_close(s);
	cus_db_close(db);

	/* the old copy, opened with the current key store */
	cus_db_options o;
	ck_assert_int_eq(cus_db_options_init(&o, CUS_DB_OPTIONS_VERSION), 0);
	o.keystore_path = path_in(dir, "c.db.keys");
	cus_key *k = key_pass("kipus passphrase");
	ck_assert_cus(cus_db_open(&db, path_in(dir, "copy.db"), "kipus", k, &o), 0);
	cus_key_free(k);
	s = session_for(db, "qualification");
	ck_assert_cus(cus_person_get(&p, s, ia), CUS_ESHREDDED);
	ck_assert_cus(cus_person_get(&p, s, ib), 0);
	ck_assert_str_eq(p->first_names, "Irena");
	cus_person_free(p);
	cus_session_close(s);
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(test_registry_sealing__key_store_without_person_keys)
{
	char *dir = tmpdir_new();
	centre_make(dir);
	cus_db *db = centre_open_as(dir, "kipus");
	cus_session *s = session_for(db, "qualification");
	char p1[12];
	cus_person_input a = person_in(p1, "1955-07-07", 'M', 1, "Marian", "Bezklucza");
	int64_t id = add_ok(s, &a);
	cus_session_close(s);
	cus_db_close(db);
	sqlite3 *ks = NULL;
	ck_assert_int_eq(sqlite3_open(path_in(dir, "c.db.keys"), &ks), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(ks, "DROP TABLE person_keys", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(ks);
	db = centre_open_as(dir, "kipus");
	s = session_for(db, "qualification");
	cus_person *p = NULL;
	ck_assert_cus(cus_person_get(&p, s, id), CUS_ESHREDDED);
	/* and writing creates the table again */
	cus_person_input b = person_in(p1, "1966-07-07", 'M', 1, "Nowy", "Zkluczem");
	int64_t id2 = add_ok(s, &b);
	ck_assert_cus(cus_person_get(&p, s, id2), 0);
	cus_person_free(p);
	cus_session_close(s);
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(test_registry_sealing__marker_in_no_file)
{
	char *dir = tmpdir_new();
	centre_make(dir);
	cus_db *db = centre_open_as(dir, "kipus");
	cus_session *s = session_for(db, "qualification");
	const char *marker = "Qxzvmarkerowski";
	const char *lower = "qxzvmarkerowski";
	const char *addr = "ul. Zqjwmarkerowa 77";
	char p1[12];
	cus_person_input a = person_in(p1, "1955-07-07", 'M', 1, "Qwerty", marker);
	a.address = addr;
	int64_t id = add_ok(s, &a);
	cus_person_input ch = CUS_PERSON_INPUT_INIT;
	ch.first_names = "Qwertyna";
	ck_assert_cus(cus_person_update(s, id, &ch), 0);
	cus_person *p = NULL;
	ck_assert_cus(cus_person_get(&p, s, id), 0);
	ck_assert_str_eq(p->last_name, marker);
	cus_person_free(p);
	cus_person_iter *it = NULL;
	ck_assert_cus(cus_person_find(&it, s, "qxzv"), 0);
	cus_person_iter_free(it);
	const char *files[] = { "c.db", "c.db-wal", "c.db.keys", "c.db.keys-journal", "c.db.checkpoints" };
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
			const char *f = path_in(dir, files[i]);
			ck_assert_msg(!file_contains(f, marker, strlen(marker)), "the name is in %s", files[i]);
			ck_assert_msg(!file_contains(f, lower, strlen(lower)), "the search key is in %s", files[i]);
			ck_assert_msg(!file_contains(f, addr, strlen(addr)), "the address is in %s", files[i]);
			ck_assert_msg(!file_contains(f, p1, 11), "the PESEL is in %s", files[i]);
		}
		if (pass == 0) { /* while open (WAL present), then after closing */
			cus_session_close(s);
			cus_db_close(db);
		}
	}
	tmpdir_remove(dir);
}
END_TEST


/* docs/FORMAT.md, "The register of persons", followed with libsodium and SQL alone. */
static void enc_str(unsigned char *buf, size_t *n, const void *p, size_t len)
{
	buf[(*n)++] = (unsigned char)(len >> 24);
	buf[(*n)++] = (unsigned char)(len >> 16);
	buf[(*n)++] = (unsigned char)(len >> 8);
	buf[(*n)++] = (unsigned char)len;
	memcpy(buf + *n, p, len);
	*n += len;
}

static void enc_u64(unsigned char *buf, size_t *n, uint64_t v)
{
	for (int i = 7; i >= 0; i--)
		buf[(*n)++] = (unsigned char)(v >> (8 * i));
}

START_TEST(test_registry_sealing__format_document_opens_a_person)
{
	SETUP("kipus", "qualification");
	char p1[12];
	cus_person_input a = person_in(p1, "1977-07-17", 'F', 3, "Wanda", "Dokumentowa");
	int64_t id = add_ok(s, &a);
	const unsigned char *master = db->master, *dbid = db->db_id;
	/* the data key from the key store */
	sqlite3 *ks = NULL;
	ck_assert_int_eq(sqlite3_open_v2(path_in(dir, "c.db.keys"), &ks, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *st = NULL;
	ck_assert_int_eq(sqlite3_prepare_v2(ks, "SELECT nonce, wrapped FROM person_keys WHERE person_id = ?", -1, &st,
		NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, id);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	unsigned char ad[256], kek[32], dk[32];
	size_t n = 0;
	enc_str(ad, &n, "cus-person-key-v1", 17);
	enc_str(ad, &n, dbid, 16);
	enc_u64(ad, &n, (uint64_t)id);
	crypto_kdf_derive_from_key(kek, 32, 1, "CUSperso", master);
	ck_assert_int_eq(sqlite3_column_bytes(st, 1), 48);
	ck_assert_int_eq(crypto_aead_xchacha20poly1305_ietf_decrypt(dk, NULL, NULL, sqlite3_column_blob(st, 1), 48,
		ad, n, sqlite3_column_blob(st, 0), kek), 0);
	sqlite3_finalize(st);
	sqlite3_close(ks);
	/* the sealed last name */
	ck_assert_int_eq(sqlite3_prepare_v2(cus__db_sql(db), "SELECT version, last_name, pesel_index FROM persons"
		" WHERE id = ?", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, id);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	unsigned char fk[32], m[64];
	crypto_kdf_derive_from_key(fk, 32, 0, "CUSfield", dk);
	n = 0;
	enc_str(ad, &n, "cus-field-v1", 12);
	enc_str(ad, &n, dbid, 16);
	enc_str(ad, &n, "persons", 7);
	enc_str(ad, &n, "last_name", 9);
	enc_u64(ad, &n, (uint64_t)id);
	enc_u64(ad, &n, (uint64_t)sqlite3_column_int64(st, 0));
	const unsigned char *blob = sqlite3_column_blob(st, 1);
	int len = sqlite3_column_bytes(st, 1);
	unsigned long long mlen = 0;
	ck_assert_int_eq(crypto_aead_xchacha20poly1305_ietf_decrypt(m, &mlen, NULL, blob + 24,
		(unsigned long long)len - 24, ad, n, blob, fk), 0);
	ck_assert_int_eq(mlen, strlen("Dokumentowa"));
	ck_assert_int_eq(memcmp(m, "Dokumentowa", mlen), 0);
	/* the blind index */
	unsigned char bk[32], h[8];
	crypto_kdf_derive_from_key(bk, 32, 1, "CUSblind", master);
	crypto_generichash(h, 8, (const unsigned char *)p1, 11, bk, 32);
	ck_assert_int_eq(sqlite3_column_int(st, 2), (h[0] << 4) | (h[1] >> 4));
	sqlite3_finalize(st);
	TEARDOWN();
}
END_TEST

START_TEST(test_registry_sealing__orphan_key_is_replaced)
{
	char *dir = tmpdir_new();
	centre_make(dir);
	/* as a crash between the key store's and the database's commits leaves it */
	sqlite3 *ks = NULL;
	ck_assert_int_eq(sqlite3_open(path_in(dir, "c.db.keys"), &ks), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(ks, "CREATE TABLE person_keys (person_id INTEGER PRIMARY KEY,"
		" nonce BLOB NOT NULL CHECK (length(nonce) = 24), wrapped BLOB NOT NULL CHECK (length(wrapped) = 48),"
		" created TEXT NOT NULL);"
		"INSERT INTO person_keys VALUES (1, zeroblob(24), zeroblob(48), '2022-01-01T00:00:00Z')", NULL, NULL,
		NULL), SQLITE_OK);
	sqlite3_close(ks);
	cus_db *db = centre_open_as(dir, "kipus");
	cus_session *s = session_for(db, "qualification");
	char p1[12];
	cus_person_input a = person_in(p1, "1955-07-07", 'M', 1, "Po", "Awarii");
	int64_t id = add_ok(s, &a);
	ck_assert_int_eq(id, 1);
	cus_person *p = NULL;
	ck_assert_cus(cus_person_get(&p, s, id), 0);
	ck_assert_str_eq(p->last_name, "Awarii");
	cus_person_free(p);
	cus_session_close(s);
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

TCase *tcase_registry_sealing(void)
{
	TCase *tc = tcase_create("sealing");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_registry_sealing__blob_copied_to_another_row_fails);
	tcase_add_test(tc, test_registry_sealing__older_version_fails);
	tcase_add_test(tc, test_registry_sealing__destroyed_key_shreds_every_copy);
	tcase_add_test(tc, test_registry_sealing__key_store_without_person_keys);
	tcase_add_test(tc, test_registry_sealing__marker_in_no_file);
	tcase_add_test(tc, test_registry_sealing__orphan_key_is_replaced);
	tcase_add_test(tc, test_registry_sealing__format_document_opens_a_person);
	return tc;
}
