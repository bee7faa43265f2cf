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
	int64_t bg_id;             /* break-glass record (break_glass.c), 0: an ordinary session */
	char bg_expires[40];       /* when the break-glass session expires, ISO 8601 UTC */
	int bg_ended;              /* its end entry is written */
	const struct cus__policy *policy; /* the policy of the open operation (valid while in_operation) */
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

/* The policy of the session's decisions: inside an operation the one it
 * began with (no lookup: bulk paths validate many rows with it), else the
 * session's version read from the handle's cache. */
CUS__HIDDEN int cus__session_policy(cus_session *s, const cus__policy **out);


/* ---- art. 18 restrictions and break-glass (break_glass.c) ---- */

/* Called by cus__access_begin inside its transaction, after the permission
 * check left the first denied category in denied ("" when allowed):
 *   - subject "p-<id>" of a restricted person, in a session whose purpose
 *     the policy does not exempt: the denial is audited and committed here,
 *     and CUS_EDENIED returned ("restricted under art. 18");
 *   - a break-glass session that has not expired, reading (ops == READ):
 *     denied is cleared and *detail replaced (in buf) by one marking the
 *     read as break-glass; an expired one writes its end entry once.
 * 0 to go on; another code: the caller rolls back. */
CUS__HIDDEN int cus__access_guard(cus_session *s, const cus__policy *p, const char *action,
	const char *object_type, const char *subject, const char *categories, unsigned ops, char *denied,
	size_t denied_size, const char **detail, char *buf, size_t buf_size);

/* Write a break-glass session's end entry (cus_session_close). */
CUS__HIDDEN void cus__break_glass_close(cus_session *s);

/* Is the session's purpose one a restriction does not block? */
CUS__HIDDEN int cus__access_exempt(const cus_session *s, const cus__policy *p);

/* Is the person restricted (art. 18)? 1, 0, or < 0. No audit. */
CUS__HIDDEN int cus__access_person_restricted(cus_db *db, int64_t person);

/* May the session see restricted persons in listings that name no person
 * (its purpose is exempt: the IOD's, storage)? 1 or 0. Listings and batch
 * operations leave the restricted persons out otherwise. */
CUS__HIDDEN int cus__access_sees_restricted(cus_session *s);

/* Is the person restricted for this session (its purpose not exempt)? For
 * bulk paths that touch persons without a subject (imports, listings). */
CUS__HIDDEN int cus__access_restricted_for(cus_session *s, int64_t person);

#endif
