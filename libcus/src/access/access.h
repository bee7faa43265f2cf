/* Internal access control: sessions and the audited-operation bracket every
 * module uses to reach protected data. */
#ifndef CUS_ACCESS_ACCESS_H
#define CUS_ACCESS_ACCESS_H

#include "cus/access.h"
#include "../audit/audit.h"
#include "../policy/policy.h"

struct cus_session {
	cus_db *db;
	char user[CUS_LOGIN_MAX + 1];
	char role[65];
	char purpose[65];
	char id[33];               /* random, hex */
	char *legal_basis;         /* of the purpose, from the policy */
	int64_t policy_version;
	cus__actor actor;          /* points into the fields above */
	int in_operation;          /* inside cus__access_begin .. end */
	char op_action[64], op_object[32], op_subject[80], op_categories[160]; /* of the open operation */
};

/*
 * Begin an audited operation on protected data:
 *   BEGIN IMMEDIATE; check that the role may do ops on every category of
 *   `categories` (comma-separated codes) for the session's purpose.
 * Denied: append an entry with outcome "denied", COMMIT, return CUS_EDENIED
 *   (the error names the category and operation).
 * Allowed: append the entry with outcome "ok" and return 0 with the
 *   transaction open; the caller does its reads or writes and then calls
 *   cus__access_end(). The entry and the work commit or roll back together.
 * subject is a pseudonymous id (never a name or PESEL), or NULL.
 */
CUS__HIDDEN int cus__access_begin(cus_session *s, const char *action, const char *object_type,
	const char *subject, const char *categories, unsigned ops, const char *detail);

/*
 * End an operation begun by cus__access_begin(). rc == 0: COMMIT (and export
 * pending checkpoints). rc != 0: ROLLBACK, then record the failed attempt as
 * an entry with outcome "error" in its own transaction; the error rc (with
 * its message) is preserved and returned.
 */
CUS__HIDDEN int cus__access_end(cus_session *s, int rc);

#endif
