/* The encrypted store: create, open, close, passphrase change, info. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "store.h"

int cus_db_options_init(cus_db_options *opts, unsigned int version)
{
	if (!opts || version != CUS_DB_OPTIONS_VERSION)
		return cus__error(CUS_EINVAL, "store", "options", "unknown cus_db_options version %u", version);
	cus_db_options d = CUS_DB_OPTIONS_INIT;
	*opts = d;
	return 0;
}

/* Resolve the slot cost from options: zero means the INTERACTIVE preset. */
static int opts_kdf(const cus_db_options *opts, unsigned long long *ops, size_t *mem)
{
	*ops = cus_kdf_opslimit(CUS_KDF_INTERACTIVE);
	*mem = cus_kdf_memlimit(CUS_KDF_INTERACTIVE);
	if (!opts)
		return 0;
	if (opts->version != CUS_DB_OPTIONS_VERSION)
		return cus__error(CUS_EINVAL, "store", "options", "unknown cus_db_options version %u", opts->version);
	if (opts->kdf_opslimit)
		*ops = opts->kdf_opslimit;
	if (opts->kdf_memlimit)
		*mem = opts->kdf_memlimit;
	if (!cus__kdf_limits_ok(*ops, *mem))
		return cus__error(CUS_EINVAL, "store", "kdf",
			"Argon2id limits %llu passes / %zu MiB are outside the accepted range"
			" (at least %llu passes and %zu MiB)", *ops, *mem >> 20,
			cus_kdf_opslimit(CUS_KDF_INTERACTIVE), cus_kdf_memlimit(CUS_KDF_INTERACTIVE) >> 20);
	return 0;
}

static char *ks_path_for(const char *path, const cus_db_options *opts)
{
	if (opts && opts->keystore_path)
		return strdup(opts->keystore_path);
	size_t n = strlen(path);
	char *p = malloc(n + 6);
	if (p) {
		memcpy(p, path, n);
		memcpy(p + n, ".keys", 6);
	}
	return p;
}

static cus_db *db_alloc(const char *path, const cus_db_options *opts)
{
	cus_db *db = calloc(1, sizeof *db);
	if (!db)
		return NULL;
	db->path = strdup(path);
	db->ks_path = ks_path_for(path, opts);
	db->master = cus__secret_alloc(CUS__MASTER_KEY_BYTES);
	db->read_only = opts ? opts->read_only : 0;
	if (opts && opts->checkpoints_path) {
		db->checkpoints_path = strdup(opts->checkpoints_path);
	} else if ((db->checkpoints_path = malloc(strlen(path) + 13))) {
		strcpy(db->checkpoints_path, path);
		strcat(db->checkpoints_path, ".checkpoints");
	}
	if (!db->path || !db->ks_path || !db->master || !db->checkpoints_path) {
		free(db->checkpoints_path);
		free(db->path);
		free(db->ks_path);
		cus__secret_free(db->master);
		free(db);
		return NULL;
	}
	return db;
}

void cus__db_on_close(cus_db *db, void (*fn)(cus_db *db))
{
	for (size_t i = 0; i < sizeof db->on_close / sizeof db->on_close[0]; i++) {
		if (db->on_close[i] == fn)
			return;
		if (!db->on_close[i]) {
			db->on_close[i] = fn;
			return;
		}
	}
}

int cus__stmt_cached(cus_db *db, sqlite3 *conn, const char *sql, sqlite3_stmt **out, int *cached)
{
	size_t n = sizeof db->stmts / sizeof db->stmts[0], free_slot = n;
	for (size_t i = 0; i < n; i++) {
		if (db->stmts[i].st && db->stmts[i].conn == conn && db->stmts[i].sql == sql) {
			sqlite3_reset(db->stmts[i].st);
			sqlite3_clear_bindings(db->stmts[i].st);
			*out = db->stmts[i].st;
			*cached = 1;
			return SQLITE_OK;
		}
		if (!db->stmts[i].st && free_slot == n)
			free_slot = i;
	}
	*cached = 0;
	int rc = sqlite3_prepare_v2(conn, sql, -1, out, NULL);
	if (rc == SQLITE_OK && free_slot < n) {
		db->stmts[free_slot].conn = conn;
		db->stmts[free_slot].sql = sql;
		db->stmts[free_slot].st = *out;
		*cached = 1;
	}
	return rc;
}

void cus__stmt_release(sqlite3_stmt *st, int cached)
{
	if (cached)
		sqlite3_reset(st);
	else
		sqlite3_finalize(st);
}

void cus__stmt_forget(cus_db *db, sqlite3 *conn)
{
	for (size_t i = 0; i < sizeof db->stmts / sizeof db->stmts[0]; i++)
		if (db->stmts[i].st && (!conn || db->stmts[i].conn == conn)) {
			sqlite3_finalize(db->stmts[i].st);
			memset(&db->stmts[i], 0, sizeof db->stmts[i]);
		}
}

void cus_db_close(cus_db *db)
{
	if (!db)
		return;
	for (size_t i = 0; i < sizeof db->on_close / sizeof db->on_close[0]; i++)
		if (db->on_close[i])
			db->on_close[i](db);
	cus__stmt_forget(db, NULL);
	if (db->sql)
		sqlite3_close_v2(db->sql);
	if (db->ks)
		sqlite3_close_v2(db->ks);
	cus__secret_free(db->master);
	free(db->path);
	free(db->ks_path);
	free(db->checkpoints_path);
	sodium_memzero(db, sizeof *db);
	free(db);
}

static int single_int(sqlite3 *sql, const char *q, int *out)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(sql, q, -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = sqlite3_column_int(st, 0);
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE) {
		rc = SQLITE_EMPTY;
	}
	sqlite3_finalize(st);
	return rc;
}

static int single_text(sqlite3 *sql, const char *q, char *buf, size_t size)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(sql, q, -1, &st, NULL);
	buf[0] = '\0';
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(st, 0);
		snprintf(buf, size, "%s", t ? (const char *)t : "");
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE) {
		rc = SQLITE_EMPTY;
	}
	sqlite3_finalize(st);
	return rc;
}

/* Key the connection with the raw SQLCipher key derived from the master key
 * and set the page size; nothing is read or written yet. */
static int key_connection(cus_db *db)
{
	unsigned char *raw = cus__secret_alloc(32);
	char *keystr = cus__secret_alloc(2 + 64 + 2);
	int rc = 0;
	if (!raw || !keystr) {
		rc = cus__error(CUS_ENOMEM, "crypto", NULL, "cannot allocate secure memory");
	} else {
		cus__derive(raw, 32, CUS__KDF_ID_SQLCIPHER, CUS__KDF_CTX_SQLCIPHER, db->master);
		keystr[0] = 'x';
		keystr[1] = '\'';
		cus__hex(keystr + 2, raw, 32);
		keystr[66] = '\'';
		keystr[67] = '\0';
		if (sqlite3_key_v2(db->sql, "main", keystr, 67) != SQLITE_OK)
			rc = cus__error(CUS_ERROR, "store", NULL, "SQLCipher refused the key");
	}
	cus__secret_free(raw);
	cus__secret_free(keystr);
	if (!rc)
		rc = cus__sql_exec(db->sql, "PRAGMA cipher_page_size = 4096;");
	return rc;
}

/* The settings every connection must have; each is read back and checked. */
static int configure(cus_db *db)
{
	sqlite3_busy_timeout(db->sql, 5000);
	int rc = cus__sql_exec(db->sql,
		"PRAGMA temp_store = MEMORY;"
		"PRAGMA secure_delete = ON;"
		"PRAGMA foreign_keys = ON;"
		"PRAGMA synchronous = FULL;"
		/* 32 MiB of decrypted pages: each page read from the file costs an
		 * AES decryption and an HMAC, so keep the working set in memory */
		"PRAGMA cache_size = -32768;");
	if (rc)
		return rc;
	char mode[16];
	if (!db->read_only) {
		if (single_text(db->sql, "PRAGMA journal_mode = WAL", mode, sizeof mode) != SQLITE_OK ||
		    strcmp(mode, "wal") != 0)
			return cus__error(CUS_EIO, "store", NULL, "cannot switch the database to WAL mode");
	}
	static const struct {
		const char *pragma;
		int expect;
	} checks[] = {
		{ "PRAGMA temp_store", 2 },
		{ "PRAGMA secure_delete", 1 },
		{ "PRAGMA foreign_keys", 1 },
		{ "PRAGMA synchronous", 2 },
		{ "PRAGMA cipher_page_size", CUS__CIPHER_PAGE_SIZE },
		{ "PRAGMA cipher_use_hmac", 1 },
	};
	for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++) {
		int v = -1;
		if (single_int(db->sql, checks[i].pragma, &v) != SQLITE_OK || v != checks[i].expect)
			return cus__error(CUS_ERROR, "store", NULL, "%s is %d; libcus requires %d", checks[i].pragma,
				v, checks[i].expect);
	}
	char version[32];
	if (single_text(db->sql, "PRAGMA cipher_version", version, sizeof version) != SQLITE_OK ||
	    strncmp(version, "3.", 2) != 0)
		return cus__error(CUS_ERROR, "store", NULL,
			"this SQLCipher (%s) is not the 3.x series libcus is built for", version);
	return 0;
}

static int read_meta_id(cus_db *db, unsigned char id[CUS__DB_ID_BYTES])
{
	char hex[64];
	if (single_text(db->sql, "SELECT value FROM cus_meta WHERE key = 'database_id'", hex, sizeof hex) !=
		    SQLITE_OK ||
	    strlen(hex) != 2 * CUS__DB_ID_BYTES ||
	    sodium_hex2bin(id, CUS__DB_ID_BYTES, hex, strlen(hex), NULL, NULL, NULL) != 0)
		return -1;
	return 0;
}

void cus__db_remove_files(const char *path, const char *ks_path)
{
	/* never ".checkpoints": a failed creation makes none, and one that is
	 * there belongs to somebody else (it is evidence) */
	static const char *suffix[] = { "", "-wal", "-shm", "-journal" };
	char buf[4096];
	for (size_t i = 0; i < 4; i++) {
		snprintf(buf, sizeof buf, "%s%s", path, suffix[i]);
		unlink(buf);
		snprintf(buf, sizeof buf, "%s%s", ks_path, suffix[i]);
		unlink(buf);
	}
}

static int check_args(const char *path, const char *login, const cus_key *key, int need_login)
{
	if (!path || !*path)
		return cus__error(CUS_EINVAL, "store", "path", "no database path given");
	if (strlen(path) > 3000)
		return cus__error(CUS_EINVAL, "store", "path", "the database path is too long");
	if ((need_login || login) && !cus__login_valid(login))
		return cus__error(CUS_EINVAL, "store", "user",
			"a login is 1 to %d characters a-z, 0-9, '.', '_' or '-', starting with a letter",
			CUS_LOGIN_MAX);
	if (!key)
		return cus__error(CUS_EINVAL, "store", "key", "no passphrase or key file given");
	return 0;
}

int cus_db_create(cus_db **out, const char *path, const char *login, const cus_key *key,
	const cus_db_options *opts)
{
	if (!out)
		return cus__error(CUS_EINVAL, "store", NULL, "out is NULL");
	*out = NULL;
	int rc = cus__crypto_init();
	if (!rc)
		rc = check_args(path, login, key, 1);
	unsigned long long ops;
	size_t mem;
	if (!rc)
		rc = opts_kdf(opts, &ops, &mem);
	if (rc)
		return rc;
	if (opts && opts->read_only)
		return cus__error(CUS_EINVAL, "store", "options", "a database cannot be created read-only");

	cus_db *db = db_alloc(path, opts);
	if (!db)
		return cus__error(CUS_ENOMEM, "store", NULL, "out of memory");
	if (access(db->checkpoints_path, F_OK) == 0) {
		rc = cus__error(CUS_EEXISTS, "store", "checkpoints",
			"%s already exists (the audit checkpoints of another database?); move it away first",
			db->checkpoints_path);
		cus_db_close(db);
		return rc;
	}
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		rc = errno == EEXIST ? cus__error(CUS_EEXISTS, "store", "db",
					       "%s already exists; cus never overwrites a database", path)
				     : cus__error(CUS_EIO, "store", "db", "cannot create %s: %s", path, strerror(errno));
		cus_db_close(db);
		return rc;
	}
	close(fd);
	cus__random(db->master, CUS__MASTER_KEY_BYTES);
	cus__random(db->db_id, CUS__DB_ID_BYTES);
	snprintf(db->login, sizeof db->login, "%s", login);
	db->slot_opslimit = ops;
	db->slot_memlimit = mem;

	rc = cus__ks_create(&db->ks, db->ks_path, db->db_id, login, key, ops, mem, db->master);
	if (rc == CUS_EEXISTS) { /* not ours: leave it, remove only the database we made */
		unlink(path);
		cus_db_close(db);
		return rc;
	}
	db->ks_writable = 1;
	if (!rc && sqlite3_open_v2(path, &db->sql, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		rc = cus__error(CUS_EIO, "store", "db", "cannot open %s", path);
	if (!rc)
		rc = key_connection(db);
	if (!rc)
		rc = cus__sql_exec(db->sql, "PRAGMA application_id = 1129665348;"); /* CUS__DB_APPLICATION_ID */
	if (!rc)
		rc = configure(db);
	if (!rc)
		rc = cus__store_migrate(db, cus__migrations, cus__migration_count);
	if (!rc) {
		char hex[2 * CUS__DB_ID_BYTES + 1], now[21];
		cus__hex(hex, db->db_id, CUS__DB_ID_BYTES);
		cus__utc_now(now);
		char *q = sqlite3_mprintf("INSERT INTO cus_meta (key, value) VALUES"
					  " ('database_id', %Q), ('created', %Q), ('created_by', %Q);",
			hex, now, "libcus " CUS_VERSION_STRING);
		rc = q ? cus__sql_exec(db->sql, q) : cus__error(CUS_ENOMEM, "store", NULL, "out of memory");
		sqlite3_free(q);
	}
	if (rc) {
		char *p = strdup(path), *k = strdup(db->ks_path);
		cus_db_close(db);
		if (p && k)
			cus__db_remove_files(p, k);
		free(p);
		free(k);
		return rc;
	}
	*out = db;
	return 0;
}

static int check_db_file(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return cus__error(CUS_ENOTFOUND, "store", "db", "database %s does not exist", path);
		return cus__error(CUS_EIO, "store", "db", "cannot open %s: %s", path, strerror(errno));
	}
	struct stat st;
	unsigned char head[16];
	ssize_t n = 0;
	int rc = 0;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		rc = cus__error(CUS_ENOTDB, "store", "db", "%s is not a regular file", path);
	else if ((n = read(fd, head, sizeof head)) != (ssize_t)sizeof head || st.st_size < 1024)
		rc = cus__error(CUS_ENOTDB, "store", "db", "%s is too short to be a libcus database", path);
	else if (memcmp(head, "SQLite format 3", 16) == 0)
		rc = cus__error(CUS_ENOTDB, "store", "db",
			"%s is a plain (unencrypted) SQLite file, not a libcus database", path);
	close(fd);
	return rc;
}

int cus_db_open(cus_db **out, const char *path, const char *login, const cus_key *key,
	const cus_db_options *opts)
{
	if (!out)
		return cus__error(CUS_EINVAL, "store", NULL, "out is NULL");
	*out = NULL;
	int rc = cus__crypto_init();
	if (!rc)
		rc = check_args(path, login, key, 0);
	if (!rc && opts && opts->version != CUS_DB_OPTIONS_VERSION)
		rc = cus__error(CUS_EINVAL, "store", "options", "unknown cus_db_options version %u", opts->version);
	if (!rc)
		rc = check_db_file(path);
	if (rc)
		return rc;
	cus_db *db = db_alloc(path, opts);
	if (!db)
		return cus__error(CUS_ENOMEM, "store", NULL, "out of memory");
	if (access(db->ks_path, F_OK) != 0) {
		rc = cus__error(CUS_ENOTDB, "store", "keystore",
			"%s has no key store (%s): it is not a libcus database, or its key store was moved",
			path, db->ks_path);
		cus_db_close(db);
		return rc;
	}
	cus__slot slot;
	rc = cus__ks_open(&db->ks, db->ks_path, db->db_id);
	if (!rc)
		rc = cus__ks_slot_load(db->ks, db->db_id, login, &slot);
	if (!rc)
		rc = cus__ks_slot_unwrap(&slot, db->db_id, key, db->master);
	if (rc) {
		cus_db_close(db);
		return rc;
	}
	snprintf(db->login, sizeof db->login, "%s", slot.login);
	db->slot_opslimit = slot.opslimit;
	db->slot_memlimit = slot.memlimit;

	int flags = db->read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	if (sqlite3_open_v2(path, &db->sql, flags, NULL) != SQLITE_OK)
		rc = cus__error(CUS_EIO, "store", "db", "cannot open %s", path);
	if (!rc)
		rc = key_connection(db);
	if (!rc) {
		/* The first read tells a wrong key: the master key unwrapped, so the
		 * file is not the database this key store belongs to, or not one at all. */
		int appid = 0, r = single_int(db->sql, "PRAGMA application_id", &appid);
		if (r == SQLITE_NOTADB || (r == SQLITE_OK && appid != CUS__DB_APPLICATION_ID))
			rc = cus__error(CUS_ENOTDB, "store", "db",
				"%s is not a libcus database, is damaged, or is not the one its key store belongs to", path);
		else if (r != SQLITE_OK)
			rc = cus__sql_error(db->sql, r, "opening the database");
	}
	unsigned char id[CUS__DB_ID_BYTES];
	int version = 0;
	if (!rc)
		rc = cus__store_user_version(db->sql, &version);
	if (!rc && version > cus_db_format_version())
		rc = cus__error(CUS_EVERSION, "store", "db",
			"the database has format %d, newer than this library's %d (libcus %s); upgrade libcus",
			version, cus_db_format_version(), CUS_VERSION_STRING);
	if (!rc && (version < 1 || read_meta_id(db, id) != 0 || sodium_memcmp(id, db->db_id, CUS__DB_ID_BYTES) != 0))
		rc = cus__error(CUS_ENOTDB, "store", "db", "the key store %s belongs to another database",
			db->ks_path);
	if (!rc)
		rc = configure(db);
	if (!rc)
		rc = cus__store_migrate(db, cus__migrations, cus__migration_count);
	if (rc) {
		cus_db_close(db);
		return rc;
	}
	*out = db;
	return 0;
}

const char *cus_db_user(const cus_db *db)
{
	return db ? db->login : NULL;
}

sqlite3 *cus__db_sql(cus_db *db)
{
	return db->sql;
}

int cus_db_change_passphrase(cus_db *db, const cus_key *new_key, const cus_db_options *opts)
{
	if (!db || !new_key)
		return cus__error(CUS_EINVAL, "store", "key", "no database or new key given");
	unsigned long long ops;
	size_t mem;
	int rc = opts_kdf(opts, &ops, &mem);
	if (!rc)
		rc = cus__ks_make_writable(db);
	if (!rc)
		rc = cus__sql_exec(db->ks, "BEGIN IMMEDIATE");
	if (rc)
		return rc;
	rc = cus__ks_slot_write(db->ks, db->db_id, db->login, new_key, ops, mem, db->master);
	if (!rc)
		rc = cus__sql_exec(db->ks, "COMMIT");
	if (rc) {
		sqlite3_exec(db->ks, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	db->slot_opslimit = ops;
	db->slot_memlimit = mem;
	return 0;
}

int cus__db_slot_add(cus_db *db, const char *login, const cus_key *key, const cus_db_options *opts)
{
	if (!cus__login_valid(login))
		return cus__error(CUS_EINVAL, "store", "user", "invalid login");
	unsigned long long ops;
	size_t mem;
	int rc = opts_kdf(opts, &ops, &mem);
	if (!rc)
		rc = cus__ks_make_writable(db);
	if (!rc)
		rc = cus__sql_exec(db->ks, "BEGIN IMMEDIATE");
	if (rc)
		return rc;
	int exists = 0;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db->ks, "SELECT 1 FROM slots WHERE login = ?", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, login, -1, SQLITE_TRANSIENT);
		exists = sqlite3_step(st) == SQLITE_ROW;
	}
	sqlite3_finalize(st);
	if (exists)
		rc = cus__error(CUS_EEXISTS, "store", "user", "user %s already exists", login);
	if (!rc)
		rc = cus__ks_slot_write(db->ks, db->db_id, login, key, ops, mem, db->master);
	if (!rc)
		rc = cus__sql_exec(db->ks, "COMMIT");
	if (rc)
		sqlite3_exec(db->ks, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/* ---- info ---- */

typedef struct {
	cus_db_info pub;
	char sqlcipher[32], sqlite[32], journal[16], dbid[40], created[40], user[CUS_LOGIN_MAX + 1];
	cus_table_rows *tables;
	char **names;
} info_owned;

void cus_db_info_free(cus_db_info *info)
{
	if (!info)
		return;
	info_owned *o = (info_owned *)info;
	for (size_t i = 0; i < info->table_count; i++)
		free(o->names[i]);
	free(o->names);
	free(o->tables);
	free(o);
}

int cus_db_info_get(cus_db_info **out, cus_db *db)
{
	if (!out || !db)
		return cus__error(CUS_EINVAL, "store", NULL, "out or db is NULL");
	*out = NULL;
	info_owned *o = calloc(1, sizeof *o);
	if (!o)
		return cus__error(CUS_ENOMEM, "store", NULL, "out of memory");
	cus_db_info *i = &o->pub;
	int rc = cus__store_user_version(db->sql, &i->format_version);
	i->library_format_version = cus_db_format_version();
	i->library_version = cus_version();
	single_text(db->sql, "PRAGMA cipher_version", o->sqlcipher, sizeof o->sqlcipher);
	single_text(db->sql, "SELECT sqlite_version()", o->sqlite, sizeof o->sqlite);
	single_text(db->sql, "PRAGMA journal_mode", o->journal, sizeof o->journal);
	single_text(db->sql, "SELECT value FROM cus_meta WHERE key = 'database_id'", o->dbid, sizeof o->dbid);
	single_text(db->sql, "SELECT value FROM cus_meta WHERE key = 'created'", o->created, sizeof o->created);
	single_int(db->sql, "PRAGMA cipher_page_size", &i->cipher_page_size);
	snprintf(o->user, sizeof o->user, "%s", db->login);
	i->sqlcipher_version = o->sqlcipher;
	i->sqlite_version = o->sqlite;
	i->journal_mode = o->journal;
	i->database_id = o->dbid;
	i->created = o->created;
	i->user = o->user;
	i->kdf = CUS__KDF_NAME;
	i->kdf_opslimit = db->slot_opslimit;
	i->kdf_memlimit = db->slot_memlimit;
	i->kdf_min_opslimit = cus_kdf_opslimit(CUS_KDF_INTERACTIVE);
	i->kdf_min_memlimit = cus_kdf_memlimit(CUS_KDF_INTERACTIVE);
	if (!rc)
		rc = cus__ks_slot_count(db->ks, &i->key_slots);
	int has_policy = 0;
	single_int(db->sql, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'policy_versions'",
		&has_policy);
	if (has_policy) {
		int v = 0;
		single_int(db->sql, "SELECT coalesce(max(version), 0) FROM policy_versions", &v);
		i->policy_version = v;
	}

	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	if (!rc && sqlite3_prepare_v2(db->sql, "SELECT name FROM sqlite_master WHERE type = 'table'"
			" AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name", -1, &st, NULL) != SQLITE_OK)
		rc = cus__sql_error(db->sql, sqlite3_errcode(db->sql), "listing tables");
	while (!rc && sqlite3_step(st) == SQLITE_ROW) {
		if (i->table_count == cap) {
			cap = cap ? cap * 2 : 16;
			cus_table_rows *t = realloc(o->tables, cap * sizeof *t);
			char **n = realloc(o->names, cap * sizeof *n);
			if (t)
				o->tables = t;
			if (n)
				o->names = n;
			if (!t || !n) {
				rc = cus__error(CUS_ENOMEM, "store", NULL, "out of memory");
				break;
			}
		}
		char *name = strdup((const char *)sqlite3_column_text(st, 0));
		if (!name) {
			rc = cus__error(CUS_ENOMEM, "store", NULL, "out of memory");
			break;
		}
		o->names[i->table_count] = name;
		o->tables[i->table_count].name = name;
		o->tables[i->table_count].rows = 0;
		i->table_count++;
	}
	sqlite3_finalize(st);
	for (size_t t = 0; !rc && t < i->table_count; t++) {
		char *q = sqlite3_mprintf("SELECT count(*) FROM \"%w\"", o->names[t]);
		sqlite3_stmt *cs = NULL;
		if (q && sqlite3_prepare_v2(db->sql, q, -1, &cs, NULL) == SQLITE_OK && sqlite3_step(cs) == SQLITE_ROW)
			o->tables[t].rows = sqlite3_column_int64(cs, 0);
		else
			rc = cus__sql_error(db->sql, sqlite3_errcode(db->sql), "counting rows");
		sqlite3_finalize(cs);
		sqlite3_free(q);
	}
	i->tables = o->tables;
	if (rc) {
		cus_db_info_free(i);
		return rc;
	}
	*out = i;
	return 0;
}
