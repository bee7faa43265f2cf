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
 *
 * Validation errors. Every problem in a policy file is CUS_EINVAL, and
 * cus_error_last() then holds:
 *   - line, column: where in the file (1-based; columns count characters);
 *   - field: the key path, e.g. "roles[2].permissions[0].categories" (list
 *     items are numbered from 0; "(document)" for the file as a whole);
 *   - message: "NAME:LINE:COLUMN: KEY: what is wrong", e.g.
 *     "p.yaml:41:21: roles[2].permissions[0].categories: unknown category
 *     'helth' (known: basic, contact, ...)".
 * The first problem found is reported. Anchors, aliases and tags are refused
 * (no entity expansion), as are duplicate keys, unknown keys, files that are
 * not UTF-8 and files over CUS_POLICY_MAX_BYTES.
 */
#ifndef CUS_POLICY_H
#define CUS_POLICY_H

#include "common.h"
#include "db.h"
#include "access.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The largest policy file accepted, in bytes (4 MiB). */
#define CUS_POLICY_MAX_BYTES (4u * 1024u * 1024u)
/** CUS_POLICY_MAX_BYTES, for bindings. */
CUS_EXTERN(size_t) cus_policy_max_bytes(void);

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
 * Validate a policy file without loading it. On failure cus_error_last()
 * names the file's line and column and the key concerned (see above).
 * @param path  the file; also the name used in messages
 * @return 0; CUS_EINVAL for any invalid content (malformed YAML, unknown or
 *         missing keys, unknown role, category, operation or purpose names,
 *         duplicate codes, bad dates, too large); CUS_ENOTFOUND; CUS_EIO
 */
CUS_EXTERN(int) cus_policy_check_file(const char *path);

/**
 * The same for a policy held in memory.
 * @param name  used in messages in place of a file name (NULL: "(policy)")
 * @param yaml  the text, not necessarily NUL-terminated; NULL only when len is 0
 * @return 0; CUS_EINVAL; CUS_ENOMEM
 */
CUS_EXTERN(int) cus_policy_check_buffer(const char *name, const char *yaml, size_t len);

/**
 * Validate a policy file and describe it without loading it: the returned
 * info has version 0, loaded_by and loaded_at NULL, source = path, and the
 * hash of the file's bytes (the hash it would be stored with).
 * @param[out] out  owned by the caller; release with cus_policy_info_free()
 * @return 0; as cus_policy_check_file()
 */
CUS_EXTERN(int) cus_policy_inspect_file(cus_policy_info **out, const char *path);
/** The same for a policy held in memory; name is used in messages and as source. */
CUS_EXTERN(int) cus_policy_inspect_buffer(cus_policy_info **out, const char *name, const char *yaml,
	size_t len);

/**
 * Validate and store a policy file as a new version; it becomes the active
 * policy. Needs write on "policy". Audited.
 * @param[out] version  the new version number (1, 2, ...), or NULL
 * @return 0; CUS_EINVAL (nothing is stored); CUS_EDENIED; CUS_ENOTFOUND; CUS_EIO
 */
CUS_EXTERN(int) cus_policy_load_file(cus_session *s, const char *path, int64_t *version);

/**
 * A stored version; version 0 means the active one.
 * @param[out] out  owned by the caller; release with cus_policy_info_free()
 * @return 0; CUS_ENOTFOUND when there is no such version (or none at all);
 *         CUS_EINVAL for a negative version
 */
CUS_EXTERN(int) cus_policy_info_get(cus_policy_info **out, cus_db *db, int64_t version);
/** Release an info. Accepts NULL. */
CUS_EXTERN(void) cus_policy_info_free(cus_policy_info *info);

/**
 * The text of a stored version (0: the active one), exactly as loaded.
 * @param[out] yaml  NUL-terminated, release with cus_free()
 * @param[out] len   its length in bytes (without the NUL), or NULL
 * @return 0; CUS_ENOTFOUND; CUS_EINVAL for a negative version
 */
CUS_EXTERN(int) cus_policy_text(char **yaml, size_t *len, cus_db *db, int64_t version);

typedef struct cus_policy_iter cus_policy_iter;

/** Every stored version, oldest first. Release with cus_policy_iter_free(). */
CUS_EXTERN(int) cus_policy_history(cus_policy_iter **out, cus_db *db);
/** @return 0; CUS_ITEROVER at the end. The entry is owned by the iterator. */
CUS_EXTERN(int) cus_policy_next(const cus_policy_info **out, cus_policy_iter *it);
/** Accepts NULL. */
CUS_EXTERN(void) cus_policy_iter_free(cus_policy_iter *it);

/** A purpose of processing. */
typedef struct {
	const char *code;
	const char *name;
	const char *legal_basis;
} cus_purpose;

/** A role. */
typedef struct {
	const char *code;
	const char *name;
} cus_role;

/**
 * The purposes (or roles) of the active policy, in file order. The arrays
 * belong to the database handle and stay valid until cus_db_close(), even
 * when another version is loaded meanwhile.
 * @return the count (>= 0); CUS_ENOTFOUND when no policy is loaded;
 *         CUS_EINTEGRITY when the stored text no longer matches its hash
 */
CUS_EXTERN(int) cus_policy_purposes(const cus_purpose **out, cus_db *db);
CUS_EXTERN(int) cus_policy_roles(const cus_role **out, cus_db *db);

/** The same for a stored version (0: the active one). @return as above; CUS_ENOTFOUND */
CUS_EXTERN(int) cus_policy_version_purposes(const cus_purpose **out, cus_db *db, int64_t version);
CUS_EXTERN(int) cus_policy_version_roles(const cus_role **out, cus_db *db, int64_t version);

/** A qualification condition of a service: all of a service's conditions
 * must be met. */
typedef struct {
	/** "identity", "residence", "child_under", "age_min",
	 * "medical_indication", "mobility_limitation", "unemployed" or "manual"
	 * (a rule the coordinator confirms by hand) */
	const char *kind;
	/** child_under: the child's age limit, age_min: the minimum age, in
	 * years; 0 for the other kinds */
	int value;
	/** the wording the coordinator sees (Polish) */
	const char *text;
} cus_service_condition;

/** A service of the Programme (the section `services` of the policy; see
 * docs/POLICY.md). */
typedef struct {
	const char *code;
	const char *name;
	const char *area;        /**< the code of its area (art. 2 of the CUS act) */
	const char *area_name;
	/** what one delivery counts: "hour", "visit", "item", "day", "month",
	 * "session" or "person" */
	const char *unit;
	const char *const *funding;   /**< the codes of its funding sources */
	size_t nfunding;
	const cus_service_condition *conditions;
	size_t nconditions;
} cus_service;

/**
 * The services of the active policy, in file order. The array belongs to the
 * database handle and stays valid until cus_db_close(), even when another
 * version is loaded meanwhile.
 * @return the count (>= 0; 0 and *out NULL for a policy without services);
 *         CUS_ENOTFOUND when no policy is loaded; CUS_EINTEGRITY when the
 *         stored text no longer matches its hash
 */
CUS_EXTERN(int) cus_policy_services(const cus_service **out, cus_db *db);

/**
 * May a role do ops (CUS_OP_* flags, all of them) on a category for a
 * purpose, under the active policy? A role may do an operation on a category
 * for a purpose when one of its grants lists all three.
 * @return 1 yes; 0 no; CUS_EINVAL for an unknown role, category or purpose,
 *         or ops that are 0 or hold unknown bits (field "role", "category",
 *         "purpose" or "ops"); CUS_ENOTFOUND when no policy is loaded
 */
CUS_EXTERN(int) cus_policy_allows(cus_db *db, const char *role, const char *category, unsigned ops,
	const char *purpose);

/**
 * The path of the policy set `cus init` loads by default: milanowek.yaml in
 * the directory the policies were installed to (fixed at build time).
 * A static string.
 */
CUS_EXTERN(const char *) cus_policy_default_path(void);

#ifdef __cplusplus
}
#endif
#endif
