/* Internal audit log: append inside the caller's transaction, checkpoints,
 * verification, queries. Below the access module: it knows actors, not
 * sessions (access wraps the public session-taking functions). */
#ifndef CUS_AUDIT_AUDIT_H
#define CUS_AUDIT_AUDIT_H

#include "cus/audit.h"
#include "../store/store.h"

/* Who acts, for what: copied into every entry. */
typedef struct {
	const char *user;
	const char *role;
	const char *session;      /* 32 hex digits */
	const char *purpose;
	const char *legal_basis;
	int64_t policy_version;
} cus__actor;

/* The schema of the audit tables (migration in store/migrations.c). */
CUS__HIDDEN extern const char cus__schema_audit[];

/* Append one entry. Must run inside the caller's open write transaction, so
 * that the entry and the access it records commit or roll back together.
 * Every CUS_AUDIT_CHECKPOINT_EVERY entries it also stores a signed checkpoint
 * (its export to the checkpoint file happens in cus__audit_after_commit). */
CUS__HIDDEN int cus__audit_append(cus_db *db, const cus__actor *a, const char *action,
	const char *object_type, const char *subject, const char *categories, const char *outcome,
	const char *detail);

/* Call after every successful COMMIT of a transaction that appended: appends
 * checkpoints stored since the last export to the checkpoint file. */
CUS__HIDDEN int cus__audit_after_commit(cus_db *db);

/* Call after a ROLLBACK: forgets what the rolled-back appends cached. */
CUS__HIDDEN void cus__audit_after_rollback(cus_db *db);

/* Store a checkpoint of the current head now (inside the caller's
 * transaction); exported by cus__audit_after_commit. */
CUS__HIDDEN int cus__audit_checkpoint_now(cus_db *db, int64_t *seq);

/* Query entries (no permission check: access does it). */
CUS__HIDDEN int cus__audit_query(cus_audit_iter **out, cus_db *db, const cus_audit_filter *f);

/* Release the per-handle audit state (called by cus_db_close). */
CUS__HIDDEN void cus__audit_state_free(cus_db *db);

#endif
