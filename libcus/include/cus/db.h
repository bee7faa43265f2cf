/*
 * libcus — the encrypted store.
 *
 * A libcus database is two files:
 *   PATH        an SQLCipher 3 database (AES-256-CBC pages, HMAC-SHA1),
 *               opened with a raw 256-bit key derived from the master key;
 *   PATH.keys   the key store: a plain SQLite file holding one key slot per
 *               user (and, in later versions, wrapped per-person keys).
 * Each user's passphrase (or a service account's 32-byte key file) is
 * stretched with Argon2id into a key that unwraps the random 32-byte master
 * key from that user's slot with XChaCha20-Poly1305. docs/FORMAT.md describes
 * the format exactly.
 */
#ifndef CUS_DB_H
#define CUS_DB_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** An open database. Not safe to share between threads without locking. */
typedef struct cus_db cus_db;

/**
 * Secret key material: a passphrase or the content of a key file. Held in
 * guarded, locked memory (sodium_malloc) and wiped when released.
 */
typedef struct cus_key cus_key;

/** Length of a service account's key file, in bytes. */
#define CUS_KEY_FILE_BYTES 32
/** Longest passphrase accepted, in bytes. */
#define CUS_PASSPHRASE_MAX 4096
/** Longest login accepted, in bytes ([a-z0-9._-], starting with a letter). */
#define CUS_LOGIN_MAX 64

/**
 * Make a key from a passphrase. The bytes are copied into locked memory; the
 * caller should wipe its own copy.
 * @param[out] out  new key, release with cus_key_free()
 * @param pass      the passphrase (UTF-8; any bytes but NUL are allowed)
 * @param len       its length in bytes, 1 to CUS_PASSPHRASE_MAX
 * @return 0; CUS_EINVAL for an empty or too long passphrase, or one holding a
 *         NUL byte; CUS_ENOMEM
 */
CUS_EXTERN(int) cus_key_from_passphrase(cus_key **out, const char *pass, size_t len);

/**
 * Make a key from a service account's key file: exactly CUS_KEY_FILE_BYTES
 * bytes, readable by its owner only (no group or other permission bits).
 * @return 0; CUS_ENOTFOUND when the file is missing; CUS_EINVAL when its size
 *         is wrong or it is readable by group or others; CUS_EIO; CUS_ENOMEM
 */
CUS_EXTERN(int) cus_key_from_file(cus_key **out, const char *path);

/**
 * Write a new random key file (CUS_KEY_FILE_BYTES bytes, mode 0600).
 * @return 0; CUS_EEXISTS when the file exists (it is never overwritten); CUS_EIO
 */
CUS_EXTERN(int) cus_key_file_generate(const char *path);

/** Wipe and release a key. Accepts NULL. */
CUS_EXTERN(void) cus_key_free(cus_key *key);

/** Argon2id cost presets (libsodium's INTERACTIVE, MODERATE, SENSITIVE). */
typedef enum {
	CUS_KDF_INTERACTIVE = 0, /**< 2 passes, 64 MiB: the minimum accepted */
	CUS_KDF_MODERATE = 1,    /**< 3 passes, 256 MiB */
	CUS_KDF_SENSITIVE = 2    /**< 4 passes, 1 GiB */
} cus_kdf_preset;

/** Argon2id limits of a preset (exported for bindings). */
CUS_EXTERN(unsigned long long) cus_kdf_opslimit(cus_kdf_preset preset);
CUS_EXTERN(size_t) cus_kdf_memlimit(cus_kdf_preset preset);

#define CUS_DB_OPTIONS_VERSION 1

/** Options of cus_db_create(), cus_db_open() and cus_db_change_passphrase(). */
typedef struct {
	unsigned int version;           /**< CUS_DB_OPTIONS_VERSION */
	/** Argon2id passes for a new or rewritten slot; 0: the INTERACTIVE value.
	 *  Values below INTERACTIVE are refused (CUS_EINVAL). */
	unsigned long long kdf_opslimit;
	/** Argon2id memory in bytes for a new or rewritten slot; 0: INTERACTIVE. */
	size_t kdf_memlimit;
	/** Key store path; NULL: the database path followed by ".keys". */
	const char *keystore_path;
	/** Open read-only (no migrations are run; a database that needs one is
	 *  refused with CUS_EVERSION). */
	int read_only;
	/** The audit checkpoint file; NULL: the database path followed by
	 *  ".checkpoints". */
	const char *checkpoints_path;
} cus_db_options;

#define CUS_DB_OPTIONS_INIT { CUS_DB_OPTIONS_VERSION, 0, 0, NULL, 0, NULL }

/** Initialise options to their defaults. @return 0; CUS_EINVAL for an unknown version */
CUS_EXTERN(int) cus_db_options_init(cus_db_options *opts, unsigned int version);

/**
 * Create a new database and its key store, with one key slot for the first
 * user (the administrator). The master key is random. The schema is created
 * at the newest format version. Nothing is left behind on failure.
 *
 * @param[out] out  the open database, release with cus_db_close()
 * @param path      the database file; neither it nor its key store may exist
 * @param login     the first user's login
 * @param key       the first user's passphrase or key file
 * @param opts      options, or NULL for the defaults
 * @return 0; CUS_EEXISTS when the database or key store file exists;
 *         CUS_EINVAL for a bad login or options; CUS_EIO; CUS_ENOMEM
 */
CUS_EXTERN(int) cus_db_create(cus_db **out, const char *path, const char *login,
	const cus_key *key, const cus_db_options *opts);

/**
 * Open a database as one user. Runs pending schema migrations (each in one
 * transaction). A failed open changes no byte of any file.
 *
 * @param login  the user whose key slot is tried; NULL: the only slot, when
 *               there is exactly one
 * @return 0; CUS_ENOTFOUND when the database file or the named user does
 *         not exist; CUS_EKEY for a wrong passphrase or key file, or a
 *         disabled user; CUS_ENOTDB for a file that is not a libcus database
 *         (a plain SQLite file, random bytes, a missing key store, or a key
 *         store of another database); CUS_EKEYSTORE for a damaged key store;
 *         CUS_EVERSION for a database newer than this library;
 *         CUS_EINVAL when login is NULL and there are several slots;
 *         CUS_EBUSY; CUS_EIO; CUS_ENOMEM
 */
CUS_EXTERN(int) cus_db_open(cus_db **out, const char *path, const char *login,
	const cus_key *key, const cus_db_options *opts);

/** Close a database and wipe its keys. Accepts NULL. */
CUS_EXTERN(void) cus_db_close(cus_db *db);

/**
 * Rewrap the master key under a new passphrase (or key file) in the slot of
 * the user who opened the database. Other users' slots are not touched. The
 * new slot gets a fresh salt and nonce, and the Argon2id limits of opts (so
 * this is also how a slot's cost is raised).
 * @return 0; CUS_EINVAL for bad options; CUS_EKEYSTORE; CUS_EIO
 */
CUS_EXTERN(int) cus_db_change_passphrase(cus_db *db, const cus_key *new_key,
	const cus_db_options *opts);

/** The login of the user who opened the database (owned by db). */
CUS_EXTERN(const char *) cus_db_user(const cus_db *db);

/** Row count of one table, as reported by cus_db_info_get(). */
typedef struct {
	const char *name;
	int64_t rows;
} cus_table_rows;

/** What `cus info` shows. Never holds personal data. */
typedef struct {
	int format_version;             /**< schema version of the file (user_version) */
	int library_format_version;     /**< newest schema version this library writes */
	const char *library_version;    /**< cus_version() */
	const char *sqlcipher_version;  /**< PRAGMA cipher_version */
	const char *sqlite_version;     /**< sqlite_version() */
	int cipher_page_size;           /**< PRAGMA cipher_page_size */
	const char *journal_mode;       /**< "wal" */
	const char *database_id;        /**< 32 hex digits, random at creation */
	const char *created;            /**< ISO 8601 UTC time of creation */
	const char *user;               /**< login of the opening user */
	const char *kdf;                /**< "argon2id13" */
	unsigned long long kdf_opslimit;/**< of the opening user's slot */
	size_t kdf_memlimit;            /**< of the opening user's slot, bytes */
	unsigned long long kdf_min_opslimit; /**< the minimum accepted */
	size_t kdf_min_memlimit;
	int key_slots;                  /**< active key slots */
	int64_t policy_version;         /**< active policy version, 0: none loaded */
	size_t table_count;
	const cus_table_rows *tables;   /**< sorted by name */
} cus_db_info;

/**
 * Collect the information `cus info` prints.
 * @param[out] out  release with cus_db_info_free()
 * @return 0; CUS_ENOMEM; CUS_ERROR
 */
CUS_EXTERN(int) cus_db_info_get(cus_db_info **out, cus_db *db);

/** Release what cus_db_info_get() returned. Accepts NULL. */
CUS_EXTERN(void) cus_db_info_free(cus_db_info *info);

/** The newest database format version this library writes. */
CUS_EXTERN(int) cus_db_format_version(void);

#ifdef __cplusplus
}
#endif
#endif
