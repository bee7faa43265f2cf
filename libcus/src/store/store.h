/* Internal store: the SQLCipher connection, the key store, migrations. */
#ifndef CUS_STORE_STORE_H
#define CUS_STORE_STORE_H

#define SQLITE_HAS_CODEC 1
#include <sqlite3.h>

#include "cus/db.h"
#include "../crypto/crypto.h"

#define CUS__DB_ID_BYTES 16
#define CUS__DB_APPLICATION_ID 0x43555344   /* "CUSD" */
#define CUS__KS_APPLICATION_ID 0x4355534B   /* "CUSK" */
#define CUS__KS_FORMAT 1
#define CUS__CIPHER_PAGE_SIZE 4096
#define CUS__KDF_NAME "argon2id13"

struct cus_db {
	sqlite3 *sql;            /* the SQLCipher database */
	sqlite3 *ks;             /* the key store (plain SQLite) */
	int ks_writable;
	int read_only;
	char *path;
	char *ks_path;
	char login[CUS_LOGIN_MAX + 1];
	unsigned char *master;   /* CUS__MASTER_KEY_BYTES, secure memory */
	unsigned char db_id[CUS__DB_ID_BYTES];
	unsigned long long slot_opslimit;
	size_t slot_memlimit;
	char *checkpoints_path;  /* the audit checkpoint file */
	struct cus__policy *policy;        /* cached active policy (policy module) */
	struct cus__audit_state *audit;    /* per-handle audit state (audit module) */
	void (*on_close[4])(cus_db *db);   /* higher modules release their state */
	struct {
		sqlite3 *conn;
		const char *sql;
		sqlite3_stmt *st;
	} stmts[16];                       /* cus__stmt_cached() */
	struct cus__registry_batch *batch; /* an open bulk insertion (registry module) */
};

/* A prepared statement cached on the handle, for hot paths. sql must be a
 * string literal (its address is the cache key). The statement comes back
 * reset with its bindings cleared; never finalize it. Falls back to the
 * caller finalizing (*cached = 0) when the cache is full. */
CUS__HIDDEN int cus__stmt_cached(cus_db *db, sqlite3 *conn, const char *sql, sqlite3_stmt **out, int *cached);

/* Release a statement from cus__stmt_cached(): reset if cached, else finalize. */
CUS__HIDDEN void cus__stmt_release(sqlite3_stmt *st, int cached);

/* Finalize every cached statement of one connection (before closing it). */
CUS__HIDDEN void cus__stmt_forget(cus_db *db, sqlite3 *conn);

/* Remove a database's files (after a failed creation). */
CUS__HIDDEN void cus__db_remove_files(const char *path, const char *ks_path);

/* Delete a slot outright (only to undo a slot just added). */
CUS__HIDDEN int cus__ks_slot_delete(sqlite3 *ks, const char *login);

/* Register a function cus_db_close() calls before closing (once per fn). */
CUS__HIDDEN void cus__db_on_close(cus_db *db, void (*fn)(cus_db *db));

/* Schemas of the modules above store, applied by the migrations. */
CUS__HIDDEN extern const char cus__schema_policy[];
CUS__HIDDEN extern const char cus__schema_access[];
CUS__HIDDEN extern const char cus__schema_audit[];
CUS__HIDDEN extern const char cus__schema_registry[];
CUS__HIDDEN extern const char cus__schema_cases[];
CUS__HIDDEN extern const char cus__schema_finance[];
CUS__HIDDEN extern const char cus__schema_retention[];
CUS__HIDDEN extern const char cus__schema_rights[];

/* One schema migration: run in one transaction, then user_version = version. */
typedef struct {
	int version;
	const char *name;
	const char *sql;
} cus__migration;

/* The library's migrations, in order. */
CUS__HIDDEN extern const cus__migration cus__migrations[];
CUS__HIDDEN extern const size_t cus__migration_count;

/* Apply the steps whose version is above the database's user_version, each in
 * its own transaction. Exposed for tests. */
CUS__HIDDEN int cus__store_migrate(cus_db *db, const cus__migration *steps, size_t n);

/* PRAGMA user_version. */
CUS__HIDDEN int cus__store_user_version(sqlite3 *sql, int *out);

/* Map an SQLite result to a libcus error (sets the error). */
CUS__HIDDEN int cus__sql_error(sqlite3 *sql, int rc, const char *what);

/* Execute SQL that returns no rows. */
CUS__HIDDEN int cus__sql_exec(sqlite3 *sql, const char *text);

/* Validate a login: [a-z][a-z0-9._-]*, at most CUS_LOGIN_MAX bytes. */
CUS__HIDDEN int cus__login_valid(const char *login);

/* The raw SQLCipher handle (for tests, benches and higher modules). */
CUS__HIDDEN sqlite3 *cus__db_sql(cus_db *db);

/* ---- key store ---- */

typedef struct {
	char login[CUS_LOGIN_MAX + 1];
	int active;
	int kind;
	unsigned long long opslimit;
	size_t memlimit;
	unsigned char salt[CUS__SALT_BYTES];
	unsigned char nonce[CUS__NONCE_BYTES];
	unsigned char wrapped[CUS__MASTER_KEY_BYTES + CUS__TAG_BYTES];
} cus__slot;

/* Create the key store file (which must not exist) with its first slot. */
CUS__HIDDEN int cus__ks_create(sqlite3 **out, const char *path,
	const unsigned char db_id[CUS__DB_ID_BYTES], const char *login, const cus_key *key,
	unsigned long long opslimit, size_t memlimit, const unsigned char *master);

/* Open an existing key store read-only and read its database id. */
CUS__HIDDEN int cus__ks_open(sqlite3 **out, const char *path,
	unsigned char db_id[CUS__DB_ID_BYTES]);

/* Reopen the key store read-write (for slot changes). */
CUS__HIDDEN int cus__ks_make_writable(cus_db *db);

/* Load one slot; login NULL: the only active slot. */
CUS__HIDDEN int cus__ks_slot_load(sqlite3 *ks, const unsigned char db_id[CUS__DB_ID_BYTES],
	const char *login, cus__slot *slot);

/* Unwrap the master key from a slot (CUS_EKEY when the key is wrong). */
CUS__HIDDEN int cus__ks_slot_unwrap(const cus__slot *slot, const unsigned char db_id[CUS__DB_ID_BYTES],
	const cus_key *key, unsigned char *master);

/* Write (insert or replace) the slot of login, wrapping master under key. */
CUS__HIDDEN int cus__ks_slot_write(sqlite3 *ks, const unsigned char db_id[CUS__DB_ID_BYTES],
	const char *login, const cus_key *key, unsigned long long opslimit, size_t memlimit,
	const unsigned char *master);

/* Destroy a slot: its wrapped key is overwritten; the login stays, disabled. */
CUS__HIDDEN int cus__ks_slot_destroy(sqlite3 *ks, const char *login);

/* Number of active slots. */
CUS__HIDDEN int cus__ks_slot_count(sqlite3 *ks, int *out);

/* Add a slot for another user (the users module builds on this). */
CUS__HIDDEN int cus__db_slot_add(cus_db *db, const char *login, const cus_key *key,
	const cus_db_options *opts);

/* ---- per-person data keys (person_keys.c; docs/FORMAT.md, "The register
 * of persons") ---- */

#define CUS__PERSON_KEY_BYTES 32
#define CUS__KDF_CTX_PERSON "CUSperso"  /* master -> key-encryption key of person keys, id 1 */
#define CUS__KDF_ID_PERSON 1

/* Make the key store writable and create its person_keys table when missing. */
CUS__HIDDEN int cus__ks_person_keys_ready(cus_db *db);

/* Key-store transaction around person-key writes (after ..._ready). */
CUS__HIDDEN int cus__ks_person_begin(cus_db *db);
CUS__HIDDEN int cus__ks_person_commit(cus_db *db);
CUS__HIDDEN void cus__ks_person_rollback(cus_db *db);

/* Wrap a person's data key and store it (inside a key-store transaction).
 * Only for a new person: a key already stored under that id can only be an
 * orphan (left by a crash between the two commits) and is replaced. */
CUS__HIDDEN int cus__ks_person_key_put(cus_db *db, int64_t person, const unsigned char key[CUS__PERSON_KEY_BYTES]);

/* Load and unwrap a person's data key. CUS_ESHREDDED when the key store has
 * no key for the person (destroyed, or never made); CUS_EINTEGRITY when the
 * wrapped key does not open. */
CUS__HIDDEN int cus__ks_person_key_get(cus_db *db, int64_t person, unsigned char key[CUS__PERSON_KEY_BYTES]);

/* Delete a person's key row (secure_delete overwrites it), in its own
 * key-store transaction. 0 also when there was none. */
CUS__HIDDEN int cus__ks_person_key_delete(cus_db *db, int64_t person);

#endif
