/*
 * libcus — users, roles and purpose-bound sessions.
 *
 * The user is the one whose key slot opened the database. A session binds
 * that user, their role (from the users table) and a purpose (a code of the
 * active policy). Every function that reads or writes personal data takes a
 * session and checks, for each data category it touches, that the policy
 * lets the role do that operation for that purpose; a refusal returns
 * CUS_EDENIED and is itself written to the audit log.
 */
#ifndef CUS_ACCESS_H
#define CUS_ACCESS_H

#include "common.h"
#include "db.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cus_session cus_session;

/**
 * Create a new centre: the database and its key store (cus_db_create), the
 * policy set at policy_path (NULL: cus_policy_default_path()) stored as
 * version 1, and the administrator's account with the role "admin", all
 * audited. The policy is validated before any file is created; on any
 * failure nothing is left behind.
 * @return 0; CUS_EINVAL for an invalid policy (with its line and column), a
 *         policy without an "admin" role that may manage users, or a bad login;
 *         CUS_EEXISTS when a file exists; CUS_ENOTFOUND when the policy file
 *         is missing; CUS_EIO
 */
CUS_EXTERN(int) cus_db_init(cus_db **out, const char *path, const char *admin, const cus_key *key,
	const char *policy_path, const cus_db_options *opts);

/** Operations a role may be allowed per data category (bit flags). */
typedef enum {
	CUS_OP_READ = 1,
	CUS_OP_WRITE = 2,
	CUS_OP_EXPORT = 4
} cus_op;

/**
 * Data categories. Personal data: basic, contact, financial, health,
 * disability, location, family, judgment. Other protected things: audit (the
 * audit log), finance (budget data), reports, users (accounts and key slots),
 * policy (loading policy sets). The names are the codes used in policy files.
 */
#define CUS_CATEGORY_COUNT 13
/** The category code of index i (0 <= i < CUS_CATEGORY_COUNT), or NULL. */
CUS_EXTERN(const char *) cus_category_name(int i);

/**
 * Open a session of the database's user for a purpose.
 * @param purpose  a purpose code of the active policy ("qualification", ...)
 * @return 0; CUS_EINVAL (field "purpose") when the policy has no such purpose;
 *         CUS_EDENIED when the user's role has no permission at all for that
 *         purpose (audited); CUS_ENOTFOUND when no policy is loaded or the user
 *         has no account; CUS_EKEY when the account is disabled
 */
CUS_EXTERN(int) cus_session_open(cus_session **out, cus_db *db, const char *purpose);

/** End a session. Accepts NULL. */
CUS_EXTERN(void) cus_session_close(cus_session *s);

CUS_EXTERN(const char *) cus_session_user(const cus_session *s);
CUS_EXTERN(const char *) cus_session_role(const cus_session *s);
CUS_EXTERN(const char *) cus_session_purpose(const cus_session *s);
/** The session's id: 32 hex digits, random, recorded in every audit entry. */
CUS_EXTERN(const char *) cus_session_id(const cus_session *s);
/** The policy version the session's decisions use. */
CUS_EXTERN(int64_t) cus_session_policy_version(const cus_session *s);

/**
 * Does the session's role may do ops (CUS_OP_* flags) on a category for the
 * session's purpose? Nothing is written.
 * @return 1 allowed, 0 not allowed; CUS_EINVAL for an unknown category
 */
CUS_EXTERN(int) cus_session_allows(const cus_session *s, const char *category, unsigned ops);

/** A user account. */
typedef struct {
	const char *login;
	const char *name;      /**< display name, may be empty */
	const char *role;      /**< a role code of the policy */
	const char *state;     /**< "active" or "disabled" */
	const char *created;   /**< ISO 8601 UTC */
	const char *changed;
	const char *created_by;
} cus_user;

typedef struct cus_user_iter cus_user_iter;

/**
 * Add a user with a role and a first passphrase (or key file): an account
 * row and a key slot. Needs write on "users".
 * @return 0; CUS_EDENIED (audited); CUS_EINVAL for a bad login (field "user")
 *         or a role the policy does not define (field "role"); CUS_EEXISTS
 */
CUS_EXTERN(int) cus_user_add(cus_session *s, const char *login, const char *role, const char *name,
	const cus_key *key, const cus_db_options *opts);

/**
 * Disable a user: the account is marked disabled and its key slot destroyed,
 * so it can no longer open the database. Needs write on "users". A user cannot
 * disable themselves.
 * @return 0; CUS_EDENIED; CUS_ENOTFOUND; CUS_EINVAL (own account)
 */
CUS_EXTERN(int) cus_user_disable(cus_session *s, const char *login);

/** List the accounts, sorted by login. Needs read on "users". */
CUS_EXTERN(int) cus_user_list(cus_user_iter **out, cus_session *s);

/** The next account (owned by the iterator). @return 0; CUS_ITEROVER at the end */
CUS_EXTERN(int) cus_user_next(const cus_user **out, cus_user_iter *it);

CUS_EXTERN(void) cus_user_iter_free(cus_user_iter *it);

#ifdef __cplusplus
}
#endif
#endif
