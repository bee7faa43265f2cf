/*
 * Per-person data keys in the key store (crypto-shredding). Each person of
 * the register has a random 32-byte data key, wrapped with XChaCha20-Poly1305
 * under KDF(master, "CUSperso", 1) with the associated data
 *   enc("cus-person-key-v1") || enc(database_id) || u64(person_id)
 * and kept in the key store's table person_keys, never in the database.
 * Deleting the row (secure_delete is on) destroys the key. docs/FORMAT.md,
 * "The register of persons", is the specification.
 */
#include <string.h>

#include <sodium.h>

#include "store.h"

static const char person_keys_schema[] =
	"CREATE TABLE IF NOT EXISTS person_keys ("
	"  person_id INTEGER PRIMARY KEY,"
	"  nonce BLOB NOT NULL CHECK (length(nonce) = 24),"
	"  wrapped BLOB NOT NULL CHECK (length(wrapped) = 48),"
	"  created TEXT NOT NULL);";

static int wrap_ad(cus__enc *e, cus_db *db, int64_t person)
{
	cus__enc_str(e, "cus-person-key-v1");
	cus__enc_bytes(e, db->db_id, CUS__DB_ID_BYTES);
	cus__enc_u64(e, (uint64_t)person);
	if (e->failed) {
		cus__enc_free(e);
		return cus__error(CUS_ENOMEM, "store", NULL, "out of memory");
	}
	return 0;
}

int cus__ks_person_keys_ready(cus_db *db)
{
	int rc = cus__ks_make_writable(db);
	if (!rc)
		rc = cus__sql_exec(db->ks, person_keys_schema);
	return rc;
}

int cus__ks_person_begin(cus_db *db)
{
	return cus__sql_exec(db->ks, "BEGIN IMMEDIATE");
}

int cus__ks_person_commit(cus_db *db)
{
	int rc = cus__sql_exec(db->ks, "COMMIT");
	if (rc)
		sqlite3_exec(db->ks, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

void cus__ks_person_rollback(cus_db *db)
{
	if (!sqlite3_get_autocommit(db->ks))
		sqlite3_exec(db->ks, "ROLLBACK", NULL, NULL, NULL);
}

int cus__ks_person_key_put(cus_db *db, int64_t person, const unsigned char key[CUS__PERSON_KEY_BYTES])
{
	unsigned char kek[CUS__KEK_BYTES], nonce[CUS__NONCE_BYTES], wrapped[CUS__PERSON_KEY_BYTES + CUS__TAG_BYTES];
	cus__enc ad = { 0 };
	int rc = wrap_ad(&ad, db, person);
	if (rc)
		return rc;
	cus__derive(kek, sizeof kek, CUS__KDF_ID_PERSON, CUS__KDF_CTX_PERSON, db->master);
	cus__random(nonce, sizeof nonce);
	cus__aead_seal(wrapped, key, CUS__PERSON_KEY_BYTES, ad.data, ad.len, nonce, kek);
	sodium_memzero(kek, sizeof kek);
	cus__enc_free(&ad);

	char now[21];
	cus__utc_now(now);
	sqlite3_stmt *st = NULL;
	int cached = 0;
	static const char put_sql[] = "INSERT OR REPLACE INTO person_keys (person_id, nonce, wrapped, created)"
		" VALUES (?, ?, ?, ?)";
	int src = cus__stmt_cached(db, db->ks, put_sql, &st, &cached);
	if (src == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, person);
		sqlite3_bind_blob(st, 2, nonce, sizeof nonce, SQLITE_STATIC);
		sqlite3_bind_blob(st, 3, wrapped, sizeof wrapped, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
		src = sqlite3_step(st);
	}
	rc = src == SQLITE_DONE ? 0 : cus__sql_error(db->ks, src, "storing a person's data key");
	if (st)
		cus__stmt_release(st, cached);
	return rc;
}

int cus__ks_person_key_get(cus_db *db, int64_t person, unsigned char key[CUS__PERSON_KEY_BYTES])
{
	sqlite3_stmt *st = NULL;
	int cached = 0;
	static const char get_sql[] = "SELECT nonce, wrapped FROM person_keys WHERE person_id = ?";
	int src = cus__stmt_cached(db, db->ks, get_sql, &st, &cached);
	if (src != SQLITE_OK) {
		int rc;
		/* A key store that never held a person key has no such table. */
		if (strstr(sqlite3_errmsg(db->ks), "no such table"))
			rc = cus__error(CUS_ESHREDDED, "registry", NULL,
				"the data key of person %lld is not in the key store (destroyed)", (long long)person);
		else
			rc = cus__sql_error(db->ks, src, "reading a person's data key");
		sqlite3_finalize(st);
		return rc;
	}
	sqlite3_bind_int64(st, 1, person);
	src = sqlite3_step(st);
	int rc;
	if (src == SQLITE_DONE) {
		rc = cus__error(CUS_ESHREDDED, "registry", NULL,
			"the data key of person %lld is not in the key store (destroyed)", (long long)person);
	} else if (src != SQLITE_ROW) {
		rc = cus__sql_error(db->ks, src, "reading a person's data key");
	} else if (sqlite3_column_bytes(st, 0) != CUS__NONCE_BYTES
		|| sqlite3_column_bytes(st, 1) != CUS__PERSON_KEY_BYTES + CUS__TAG_BYTES) {
		rc = cus__error(CUS_EINTEGRITY, "store", "keystore", "the data key of person %lld is damaged",
			(long long)person);
	} else {
		unsigned char kek[CUS__KEK_BYTES], nonce[CUS__NONCE_BYTES];
		memcpy(nonce, sqlite3_column_blob(st, 0), sizeof nonce);
		cus__enc ad = { 0 };
		rc = wrap_ad(&ad, db, person);
		if (!rc) {
			cus__derive(kek, sizeof kek, CUS__KDF_ID_PERSON, CUS__KDF_CTX_PERSON, db->master);
			if (cus__aead_open(key, sqlite3_column_blob(st, 1), CUS__PERSON_KEY_BYTES + CUS__TAG_BYTES,
				    ad.data, ad.len, nonce, kek) != 0)
				rc = cus__error(CUS_EINTEGRITY, "store", "keystore",
					"the data key of person %lld does not open (damaged or moved)", (long long)person);
			sodium_memzero(kek, sizeof kek);
			cus__enc_free(&ad);
		}
	}
	cus__stmt_release(st, cached);
	if (rc)
		sodium_memzero(key, CUS__PERSON_KEY_BYTES);
	return rc;
}

int cus__ks_person_key_delete(cus_db *db, int64_t person)
{
	int rc = cus__ks_person_keys_ready(db);
	if (rc)
		return rc;
	rc = cus__ks_person_begin(db);
	if (rc)
		return rc;
	sqlite3_stmt *st = NULL;
	int src = sqlite3_prepare_v2(db->ks, "DELETE FROM person_keys WHERE person_id = ?", -1, &st, NULL);
	if (src == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, person);
		src = sqlite3_step(st);
	}
	rc = src == SQLITE_DONE ? 0 : cus__sql_error(db->ks, src, "destroying a person's data key");
	sqlite3_finalize(st);
	if (rc) {
		cus__ks_person_rollback(db);
		return rc;
	}
	return cus__ks_person_commit(db);
}
