/*
 * libcus — policy sets.
 *
 * A policy set is a YAML file: the policy itself (id, name, validity, the
 * municipality and its TERYT code), the purposes of processing with their
 * legal bases, the roles with what each may do per data category, operation
 * and purpose, and sections later modules add (services, eligibility,
 * targets, funding, retention). Loading stores the file's text as a new
 * version with its BLAKE2b-256 hash, who loaded it and when; the newest
 * version is the active one, and decisions record the version they used.
 * docs/POLICY.md describes the file.
 */
#ifndef CUS_POLICY_H
#define CUS_POLICY_H

#include "common.h"
#include "db.h"
#include "access.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Validate a policy file without loading it. On failure cus_error_last()
 * names the file's line and column and the key concerned (field), e.g.
 * "roles[2].permissions[0].categories: unknown category 'helth'".
 * @return 0; CUS_EINVAL for any invalid content (malformed YAML, unknown or
 *         missing keys, unknown role, category, operation or purpose names,
 *         duplicate codes, bad dates); CUS_ENOTFOUND; CUS_EIO
 */
CUS_EXTERN(int) cus_policy_check_file(const char *path);

/** The same for a policy held in memory; name is used in messages. */
CUS_EXTERN(int) cus_policy_check_buffer(const char *name, const char *yaml, size_t len);

/**
 * Validate and store a policy file as a new version; it becomes the active
 * policy. Needs write on "policy". Audited.
 * @param[out] version  the new version number (1, 2, ...), or NULL
 * @return 0; CUS_EINVAL (nothing is stored); CUS_EDENIED; CUS_ENOTFOUND; CUS_EIO
 */
CUS_EXTERN(int) cus_policy_load_file(cus_session *s, const char *path, int64_t *version);

/** One stored policy version. */
typedef struct {
	int64_t version;
	const char *policy_id;
	const char *name;
	const char *valid_from;    /**< YYYY-MM-DD */
	const char *valid_to;      /**< YYYY-MM-DD, or NULL */
	const char *municipality;
	const char *teryt;
	const char *hash;          /**< BLAKE2b-256 of the file's bytes, 64 hex digits */
	const char *loaded_by;     /**< login */
	const char *loaded_at;     /**< ISO 8601 UTC */
	const char *source;        /**< the file name it was loaded from */
	int purposes;              /**< how many purposes it defines */
	int roles;                 /**< how many roles */
} cus_policy_info;

/**
 * A stored version; version 0 means the active one.
 * @return 0; CUS_ENOTFOUND when there is no such version (or none at all)
 */
CUS_EXTERN(int) cus_policy_info_get(cus_policy_info **out, cus_db *db, int64_t version);
CUS_EXTERN(void) cus_policy_info_free(cus_policy_info *info);

/**
 * The text of a stored version (0: the active one), exactly as loaded.
 * @param[out] yaml  NUL-terminated, release with cus_free()
 */
CUS_EXTERN(int) cus_policy_text(char **yaml, size_t *len, cus_db *db, int64_t version);

typedef struct cus_policy_iter cus_policy_iter;

/** Every stored version, oldest first. */
CUS_EXTERN(int) cus_policy_history(cus_policy_iter **out, cus_db *db);
/** @return 0; CUS_ITEROVER at the end. The entry is owned by the iterator. */
CUS_EXTERN(int) cus_policy_next(const cus_policy_info **out, cus_policy_iter *it);
CUS_EXTERN(void) cus_policy_iter_free(cus_policy_iter *it);

/** A purpose of the active policy. */
typedef struct {
	const char *code;
	const char *name;
	const char *legal_basis;
} cus_purpose;

/** A role of the active policy. */
typedef struct {
	const char *code;
	const char *name;
} cus_role;

/**
 * The purposes (or roles) of the active policy, in file order. The arrays
 * belong to the database handle and stay valid until the next policy load
 * or cus_db_close().
 * @return the count (>= 0); CUS_ENOTFOUND when no policy is loaded
 */
CUS_EXTERN(int) cus_policy_purposes(const cus_purpose **out, cus_db *db);
CUS_EXTERN(int) cus_policy_roles(const cus_role **out, cus_db *db);

/**
 * May a role do ops (CUS_OP_* flags) on a category for a purpose, under the
 * active policy?
 * @return 1 yes; 0 no; CUS_EINVAL for an unknown role, category or purpose
 *         (field names which); CUS_ENOTFOUND when no policy is loaded
 */
CUS_EXTERN(int) cus_policy_allows(cus_db *db, const char *role, const char *category, unsigned ops,
	const char *purpose);

/** The path of the policy set `cus init` loads by default (installed copy). */
CUS_EXTERN(const char *) cus_policy_default_path(void);

#ifdef __cplusplus
}
#endif
#endif
