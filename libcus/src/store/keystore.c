/*
 * The key store: a plain SQLite file next to the database holding one key
 * slot per user. A slot wraps the master key under an Argon2id-derived key
 * with XChaCha20-Poly1305; everything else in the slot is public and bound to
 * the wrapped key as associated data. docs/FORMAT.md is the specification.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <stdio.h>
#include <unistd.h>

#include <sodium.h>

#include "store.h"

static const char ks_schema[] =
	"PRAGMA application_id = 1129665355;"  /* CUS__KS_APPLICATION_ID */
	"PRAGMA user_version = 1;"             /* CUS__KS_FORMAT */
	"CREATE TABLE keystore ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  format INTEGER NOT NULL,"
	"  database_id BLOB NOT NULL CHECK (length(database_id) = 16),"
	"  created TEXT NOT NULL);"
	"CREATE TABLE slots ("
	"  login TEXT PRIMARY KEY,"
	"  state TEXT NOT NULL CHECK (state IN ('active', 'destroyed')),"
	"  kind TEXT NOT NULL CHECK (kind IN ('passphrase', 'keyfile')),"
	"  kdf TEXT NOT NULL,"
	"  opslimit INTEGER NOT NULL,"
	"  memlimit INTEGER NOT NULL,"
	"  salt BLOB,"
	"  nonce BLOB,"
	"  wrapped BLOB,"
	"  checksum BLOB,"
	"  created TEXT NOT NULL,"
	"  changed TEXT NOT NULL);";

static const char *kind_name(int kind)
{
	return kind == CUS__KEY_FILE ? "keyfile" : "passphrase";
}

int cus__login_valid(const char *login)
{
	if (!login || !*login || strlen(login) > CUS_LOGIN_MAX)
		return 0;
	if (!(login[0] >= 'a' && login[0] <= 'z'))
		return 0;
	for (const char *p = login; *p; p++) {
		char c = *p;
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

int cus__sql_error(sqlite3 *sql, int rc, const char *what)
{
	int primary = rc & 0xff;
	const char *msg = sql ? sqlite3_errmsg(sql) : sqlite3_errstr(rc);
	switch (primary) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return cus__error(CUS_EBUSY, "store", NULL, "%s: the database is locked by another process", what);
	case SQLITE_NOMEM:
		return cus__error(CUS_ENOMEM, "store", NULL, "%s: out of memory", what);
	case SQLITE_IOERR:
	case SQLITE_FULL:
	case SQLITE_CANTOPEN:
	case SQLITE_READONLY:
	case SQLITE_PERM:
		return cus__error(CUS_EIO, "store", NULL, "%s: %s", what, msg);
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return cus__error(CUS_EINTEGRITY, "store", NULL, "%s: the file is damaged (%s)", what, msg);
	default:
		return cus__error(CUS_ERROR, "store", NULL, "%s: %s", what, msg);
	}
}

int cus__sql_exec(sqlite3 *sql, const char *text)
{
	int rc = sqlite3_exec(sql, text, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return cus__sql_error(sql, rc, "SQL");
	return 0;
}

/* The associated data that binds a slot's public fields to its wrapped key. */
static void slot_ad(cus__enc *e, const unsigned char db_id[CUS__DB_ID_BYTES], const char *login,
	int kind, unsigned long long opslimit, size_t memlimit, const unsigned char salt[CUS__SALT_BYTES])
{
	cus__enc_str(e, "cus-keyslot-v1");
	cus__enc_bytes(e, db_id, CUS__DB_ID_BYTES);
	cus__enc_str(e, login);
	cus__enc_str(e, kind_name(kind));
	cus__enc_str(e, CUS__KDF_NAME);
	cus__enc_u64(e, opslimit);
	cus__enc_u64(e, (uint64_t)memlimit);
	cus__enc_bytes(e, salt, CUS__SALT_BYTES);
}

/* BLAKE2b-256 over AD, nonce and wrapped key: tells a damaged slot from a
 * wrong passphrase (it is not a tamper seal; the AEAD tag is). */
static int slot_checksum(unsigned char out[32], const unsigned char db_id[CUS__DB_ID_BYTES],
	const cus__slot *s)
{
	cus__enc e = { 0 };
	slot_ad(&e, db_id, s->login, s->kind, s->opslimit, s->memlimit, s->salt);
	cus__enc_bytes(&e, s->nonce, CUS__NONCE_BYTES);
	cus__enc_bytes(&e, s->wrapped, sizeof s->wrapped);
	if (e.failed) {
		cus__enc_free(&e);
		return cus__error(CUS_ENOMEM, "store", NULL, "out of memory");
	}
	cus__hash(out, e.data, e.len);
	cus__enc_free(&e);
	return 0;
}

static int ks_connect(sqlite3 **out, const char *path, int flags)
{
	sqlite3 *ks = NULL;
	int rc = sqlite3_open_v2(path, &ks, flags, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_close(ks);
		return cus__error(CUS_EKEYSTORE, "store", "keystore", "cannot open the key store %s", path);
	}
	sqlite3_busy_timeout(ks, 5000);
	*out = ks;
	return 0;
}

int cus__ks_create(sqlite3 **out, const char *path, const unsigned char db_id[CUS__DB_ID_BYTES],
	const char *login, const cus_key *key, unsigned long long opslimit, size_t memlimit,
	const unsigned char *master)
{
	*out = NULL;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			return cus__error(CUS_EEXISTS, "store", "keystore", "the key store %s already exists", path);
		return cus__error(CUS_EIO, "store", "keystore", "cannot create %s: %s", path, strerror(errno));
	}
	close(fd);
	sqlite3 *ks;
	int rc = ks_connect(&ks, path, SQLITE_OPEN_READWRITE);
	if (rc)
		return rc;
	char now[21];
	cus__utc_now(now);
	rc = cus__sql_exec(ks, "PRAGMA secure_delete = ON; PRAGMA synchronous = FULL; PRAGMA journal_mode = DELETE;"
		" BEGIN IMMEDIATE;");
	if (!rc)
		rc = cus__sql_exec(ks, ks_schema);
	if (!rc) {
		sqlite3_stmt *st = NULL;
		if (sqlite3_prepare_v2(ks, "INSERT INTO keystore (id, format, database_id, created) VALUES (1, ?, ?, ?)",
			    -1, &st, NULL) != SQLITE_OK)
			rc = cus__sql_error(ks, sqlite3_errcode(ks), "key store");
		else {
			sqlite3_bind_int(st, 1, CUS__KS_FORMAT);
			sqlite3_bind_blob(st, 2, db_id, CUS__DB_ID_BYTES, SQLITE_STATIC);
			sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = cus__sql_error(ks, sqlite3_errcode(ks), "key store");
		}
		sqlite3_finalize(st);
	}
	if (!rc)
		rc = cus__ks_slot_write(ks, db_id, login, key, opslimit, memlimit, master);
	if (!rc)
		rc = cus__sql_exec(ks, "COMMIT");
	if (rc) {
		sqlite3_close(ks);
		return rc;
	}
	*out = ks;
	return 0;
}

/* A process killed inside a key-store transaction leaves a hot journal,
 * which a read-only connection cannot roll back (SQLITE_READONLY_ROLLBACK):
 * open the file read-write once so that SQLite rolls the transaction back,
 * and close it. Nothing else is written. */
static void ks_recover(const char *path)
{
	sqlite3 *ks = NULL;
	if (ks_connect(&ks, path, SQLITE_OPEN_READWRITE) == 0) {
		sqlite3_exec(ks, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
		sqlite3_close(ks);
	}
	cus_error_clear();
}

int cus__ks_open(sqlite3 **out, const char *path, unsigned char db_id[CUS__DB_ID_BYTES])
{
	*out = NULL;
	sqlite3 *ks;
	int rc = ks_connect(&ks, path, SQLITE_OPEN_READONLY);
	if (rc)
		return rc;
	sqlite3_stmt *st = NULL;
	rc = sqlite3_prepare_v2(ks, "PRAGMA application_id", -1, &st, NULL);
	int row = rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW;
	if (!row && sqlite3_extended_errcode(ks) == SQLITE_READONLY_ROLLBACK) {
		sqlite3_finalize(st);
		sqlite3_close(ks);
		ks_recover(path);
		if ((rc = ks_connect(&ks, path, SQLITE_OPEN_READONLY)))
			return rc;
		st = NULL;
		rc = sqlite3_prepare_v2(ks, "PRAGMA application_id", -1, &st, NULL);
		row = rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW;
	}
	if (!row || sqlite3_column_int(st, 0) != CUS__KS_APPLICATION_ID) {
		int busy = (sqlite3_errcode(ks) & 0xff) == SQLITE_BUSY;
		sqlite3_finalize(st);
		sqlite3_close(ks);
		if (busy)
			return cus__error(CUS_EBUSY, "store", "keystore", "the key store %s is locked", path);
		return cus__error(CUS_EKEYSTORE, "store", "keystore",
			"the key store %s is damaged or is not a libcus key store", path);
	}
	sqlite3_finalize(st);
	st = NULL;
	rc = sqlite3_prepare_v2(ks, "SELECT format, database_id FROM keystore WHERE id = 1", -1, &st, NULL);
	int ok = rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW;
	if (ok && sqlite3_column_int(st, 0) > CUS__KS_FORMAT) {
		int fmt = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
		sqlite3_close(ks);
		return cus__error(CUS_EVERSION, "store", "keystore",
			"the key store has format %d; this library reads up to %d", fmt, CUS__KS_FORMAT);
	}
	if (ok && sqlite3_column_bytes(st, 1) == CUS__DB_ID_BYTES && sqlite3_column_int(st, 0) >= 1)
		memcpy(db_id, sqlite3_column_blob(st, 1), CUS__DB_ID_BYTES);
	else
		ok = 0;
	sqlite3_finalize(st);
	if (!ok) {
		sqlite3_close(ks);
		return cus__error(CUS_EKEYSTORE, "store", "keystore", "the key store %s is damaged", path);
	}
	*out = ks;
	return 0;
}

int cus__ks_make_writable(cus_db *db)
{
	if (db->ks_writable)
		return 0;
	if (db->read_only)
		return cus__error(CUS_EINVAL, "store", NULL, "the database was opened read-only");
	sqlite3 *ks;
	int rc = ks_connect(&ks, db->ks_path, SQLITE_OPEN_READWRITE);
	if (rc)
		return rc;
	rc = cus__sql_exec(ks, "PRAGMA secure_delete = ON; PRAGMA synchronous = FULL;");
	if (rc) {
		sqlite3_close(ks);
		return rc;
	}
	cus__stmt_forget(db, db->ks);
	sqlite3_close(db->ks);
	db->ks = ks;
	db->ks_writable = 1;
	return 0;
}

static int blob_copy(sqlite3_stmt *st, int col, unsigned char *dst, int len)
{
	if (sqlite3_column_type(st, col) != SQLITE_BLOB || sqlite3_column_bytes(st, col) != len)
		return -1;
	memcpy(dst, sqlite3_column_blob(st, col), (size_t)len);
	return 0;
}

int cus__ks_slot_load(sqlite3 *ks, const unsigned char db_id[CUS__DB_ID_BYTES], const char *login,
	cus__slot *slot)
{
	memset(slot, 0, sizeof *slot);
	sqlite3_stmt *st = NULL;
	int rc;
	if (login) {
		rc = sqlite3_prepare_v2(ks, "SELECT login, state, kind, kdf, opslimit, memlimit, salt, nonce,"
			" wrapped, checksum FROM slots WHERE login = ?", -1, &st, NULL);
		if (rc == SQLITE_OK)
			sqlite3_bind_text(st, 1, login, -1, SQLITE_TRANSIENT);
	} else {
		rc = sqlite3_prepare_v2(ks, "SELECT login, state, kind, kdf, opslimit, memlimit, salt, nonce,"
			" wrapped, checksum, (SELECT count(*) FROM slots WHERE state = 'active')"
			" FROM slots WHERE state = 'active' LIMIT 1", -1, &st, NULL);
	}
	if (rc != SQLITE_OK) {
		sqlite3_finalize(st);
		return cus__error(CUS_EKEYSTORE, "store", "keystore", "the key store is damaged (%s)", sqlite3_errmsg(ks));
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_finalize(st);
		if (login)
			return cus__error(CUS_ENOTFOUND, "store", "user", "no user %s in this database", login);
		return cus__error(CUS_EKEYSTORE, "store", "keystore", "the key store has no active key slot");
	}
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(st);
		return cus__error(CUS_EKEYSTORE, "store", "keystore", "the key store is damaged (%s)", sqlite3_errmsg(ks));
	}
	if (!login && sqlite3_column_int(st, 10) > 1) {
		sqlite3_finalize(st);
		return cus__error(CUS_EINVAL, "store", "user", "the database has several users; name one");
	}
	const char *l = (const char *)sqlite3_column_text(st, 0);
	const char *state = (const char *)sqlite3_column_text(st, 1);
	const char *kind = (const char *)sqlite3_column_text(st, 2);
	const char *kdf = (const char *)sqlite3_column_text(st, 3);
	int bad = !l || !cus__login_valid(l) || !state || !kind || !kdf;
	if (!bad) {
		snprintf(slot->login, sizeof slot->login, "%s", l);
		slot->active = strcmp(state, "active") == 0;
		slot->kind = strcmp(kind, "keyfile") == 0 ? CUS__KEY_FILE : CUS__KEY_PASSPHRASE;
	}
	if (!bad && !slot->active) {
		sqlite3_finalize(st);
		return cus__error(CUS_EKEY, "store", "user", "user %s is disabled: its key slot was destroyed",
			slot->login);
	}
	if (!bad) {
		sqlite3_int64 ops = sqlite3_column_int64(st, 4), mem = sqlite3_column_int64(st, 5);
		slot->opslimit = ops > 0 ? (unsigned long long)ops : 0;
		slot->memlimit = mem > 0 ? (size_t)mem : 0;
		bad = strcmp(kdf, CUS__KDF_NAME) != 0 || !cus__kdf_limits_ok(slot->opslimit, slot->memlimit) ||
			blob_copy(st, 6, slot->salt, CUS__SALT_BYTES) ||
			blob_copy(st, 7, slot->nonce, CUS__NONCE_BYTES) ||
			blob_copy(st, 8, slot->wrapped, (int)sizeof slot->wrapped);
	}
	if (!bad) {
		unsigned char sum[32];
		if (slot_checksum(sum, db_id, slot)) {
			sqlite3_finalize(st);
			return CUS_ENOMEM;
		}
		bad = sqlite3_column_type(st, 9) != SQLITE_BLOB || sqlite3_column_bytes(st, 9) != 32 ||
			sodium_memcmp(sum, sqlite3_column_blob(st, 9), 32) != 0;
	}
	sqlite3_finalize(st);
	if (bad) {
		memset(slot, 0, sizeof *slot);
		return cus__error(CUS_EKEYSTORE, "store", "keystore",
			"the key slot of user %s is damaged", login ? login : "(only)");
	}
	return 0;
}

int cus__ks_slot_unwrap(const cus__slot *slot, const unsigned char db_id[CUS__DB_ID_BYTES],
	const cus_key *key, unsigned char *master)
{
	if (key->kind != slot->kind)
		return cus__error(CUS_EKEY, "store", "key", "user %s opens with a %s, not a %s", slot->login,
			slot->kind == CUS__KEY_FILE ? "key file" : "passphrase",
			key->kind == CUS__KEY_FILE ? "key file" : "passphrase");
	unsigned char *kek = cus__secret_alloc(CUS__KEK_BYTES);
	if (!kek)
		return cus__error(CUS_ENOMEM, "crypto", NULL, "cannot allocate secure memory");
	int rc = cus__kdf_argon2id(kek, key, slot->salt, slot->opslimit, slot->memlimit);
	if (!rc) {
		cus__enc ad = { 0 };
		slot_ad(&ad, db_id, slot->login, slot->kind, slot->opslimit, slot->memlimit, slot->salt);
		if (ad.failed)
			rc = cus__error(CUS_ENOMEM, "store", NULL, "out of memory");
		else if (cus__aead_open(master, slot->wrapped, sizeof slot->wrapped, ad.data, ad.len,
				slot->nonce, kek) != 0)
			rc = cus__error(CUS_EKEY, "store", "passphrase", "wrong passphrase or key for user %s",
				slot->login);
		cus__enc_free(&ad);
	}
	cus__secret_free(kek);
	return rc;
}

int cus__ks_slot_write(sqlite3 *ks, const unsigned char db_id[CUS__DB_ID_BYTES], const char *login,
	const cus_key *key, unsigned long long opslimit, size_t memlimit, const unsigned char *master)
{
	cus__slot s;
	memset(&s, 0, sizeof s);
	snprintf(s.login, sizeof s.login, "%s", login);
	s.active = 1;
	s.kind = key->kind;
	s.opslimit = opslimit;
	s.memlimit = memlimit;
	cus__random(s.salt, sizeof s.salt);
	cus__random(s.nonce, sizeof s.nonce);
	unsigned char *kek = cus__secret_alloc(CUS__KEK_BYTES);
	if (!kek)
		return cus__error(CUS_ENOMEM, "crypto", NULL, "cannot allocate secure memory");
	int rc = cus__kdf_argon2id(kek, key, s.salt, opslimit, memlimit);
	cus__enc ad = { 0 };
	if (!rc) {
		slot_ad(&ad, db_id, s.login, s.kind, opslimit, memlimit, s.salt);
		if (ad.failed)
			rc = cus__error(CUS_ENOMEM, "store", NULL, "out of memory");
		else
			cus__aead_seal(s.wrapped, master, CUS__MASTER_KEY_BYTES, ad.data, ad.len, s.nonce, kek);
	}
	cus__enc_free(&ad);
	cus__secret_free(kek);
	unsigned char sum[32];
	if (!rc)
		rc = slot_checksum(sum, db_id, &s);
	if (rc)
		return rc;
	char now[21];
	cus__utc_now(now);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(ks,
		    "INSERT OR REPLACE INTO slots (login, state, kind, kdf, opslimit, memlimit, salt, nonce,"
		    " wrapped, checksum, created, changed) VALUES (?1, 'active', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
		    " coalesce((SELECT created FROM slots WHERE login = ?1), ?10), ?10)",
		    -1, &st, NULL) != SQLITE_OK) {
		rc = cus__sql_error(ks, sqlite3_errcode(ks), "key store");
		sqlite3_finalize(st);
		return rc;
	}
	sqlite3_bind_text(st, 1, s.login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, kind_name(s.kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, CUS__KDF_NAME, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)opslimit);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)memlimit);
	sqlite3_bind_blob(st, 6, s.salt, sizeof s.salt, SQLITE_STATIC);
	sqlite3_bind_blob(st, 7, s.nonce, sizeof s.nonce, SQLITE_STATIC);
	sqlite3_bind_blob(st, 8, s.wrapped, sizeof s.wrapped, SQLITE_STATIC);
	sqlite3_bind_blob(st, 9, sum, sizeof sum, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, now, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = cus__sql_error(ks, sqlite3_errcode(ks), "writing a key slot");
	sqlite3_finalize(st);
	return rc;
}

int cus__ks_slot_destroy(sqlite3 *ks, const char *login)
{
	char now[21];
	cus__utc_now(now);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(ks, "UPDATE slots SET state = 'destroyed', salt = NULL, nonce = NULL,"
		    " wrapped = NULL, checksum = NULL, changed = ?2 WHERE login = ?1 AND state = 'active'",
		    -1, &st, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return cus__sql_error(ks, sqlite3_errcode(ks), "key store");
	}
	sqlite3_bind_text(st, 1, login, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : cus__sql_error(ks, sqlite3_errcode(ks), "key store");
	sqlite3_finalize(st);
	if (!rc && sqlite3_changes(ks) == 0)
		rc = cus__error(CUS_ENOTFOUND, "store", "user", "no active user %s", login);
	return rc;
}

int cus__ks_slot_count(sqlite3 *ks, int *out)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(ks, "SELECT count(*) FROM slots WHERE state = 'active'", -1, &st, NULL);
	if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
		*out = sqlite3_column_int(st, 0);
		rc = 0;
	} else {
		rc = cus__error(CUS_EKEYSTORE, "store", "keystore", "the key store is damaged");
	}
	sqlite3_finalize(st);
	return rc;
}

int cus__ks_slot_delete(sqlite3 *ks, const char *login)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(ks, "DELETE FROM slots WHERE login = ?", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, login, -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(st) == SQLITE_DONE ? 0 : cus__sql_error(ks, sqlite3_errcode(ks), "key store");
	} else {
		rc = cus__sql_error(ks, rc, "key store");
	}
	sqlite3_finalize(st);
	return rc;
}
