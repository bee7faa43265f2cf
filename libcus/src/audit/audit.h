/* Internal audit log: append inside the caller's transaction, checkpoints,
 * verification, queries. Below the access module: it knows actors, not
 * sessions (access wraps the public session-taking functions).
 * docs/FORMAT.md ("The audit log", "Checkpoints") specifies the bytes. */
#ifndef CUS_AUDIT_AUDIT_H
#define CUS_AUDIT_AUDIT_H

#include "cus/audit.h"
#include "../store/store.h"

/* The checkpoint signing key: an Ed25519 key pair whose seed is this
 * sub-key of the master key (see crypto.h; never change the pair). */
#define CUS__KDF_CTX_AUDIT "CUSaudit"
#define CUS__KDF_ID_AUDIT_SIGN 1

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
 * that the entry and the access it records commit or roll back together
 * (outside one: CUS_ERROR). The head (last seq and hash) is read inside that
 * transaction every time: nothing is cached, another process may append.
 * Every CUS_AUDIT_CHECKPOINT_EVERY entries it also stores a signed checkpoint
 * (its export to the checkpoint file happens in cus__audit_after_commit).
 * user, action, object_type are required, outcome is "ok", "denied" or
 * "error" (CUS_EINVAL otherwise); a NULL role, session, purpose, legal basis
 * or categories is recorded as ""; subject and detail may be NULL (recorded
 * as NULL, which the hash tells from ""). Never pass personal data.
 * @return 0; CUS_EINVAL; CUS_EINTEGRITY when the last entry or checkpoint is
 *         damaged (nothing is appended to a broken chain); CUS_EBUSY; CUS_EIO */
CUS__HIDDEN int cus__audit_append(cus_db *db, const cus__actor *a, const char *action,
	const char *object_type, const char *subject, const char *categories, const char *outcome,
	const char *detail);

/* Call after every successful COMMIT of a transaction that appended: appends
 * to db->checkpoints_path every checkpoint of the database newer than the
 * file's last line (so an export missed by a crash is repaired), fsync'd.
 * The first call on a handle always does this; later calls only when the
 * transaction stored a checkpoint or an earlier export failed, so it costs
 * nothing on most commits. The transaction stays committed whatever this
 * returns.
 * @return 0; CUS_EIO when the file cannot be written (retried at the next
 *         commit); CUS_EINTEGRITY when the file does not match the database
 *         (another database's file, an edited last line, or a file that knows
 *         checkpoints this database does not: a restored older copy) — then
 *         nothing is written to it */
CUS__HIDDEN int cus__audit_after_commit(cus_db *db);

/* Call after a ROLLBACK: forgets what the rolled-back appends cached. */
CUS__HIDDEN void cus__audit_after_rollback(cus_db *db);

/* Store a checkpoint of the current head now (inside the caller's
 * transaction); exported by cus__audit_after_commit. When the head already
 * has a checkpoint, nothing new is stored. *seq = the seq it covers (0 for
 * an empty log, where nothing is stored). */
CUS__HIDDEN int cus__audit_checkpoint_now(cus_db *db, int64_t *seq);

/* Bring the checkpoint file at path (NULL: db->checkpoints_path) up to date
 * with the database's checkpoints, as cus__audit_after_commit does. Run
 * outside a write transaction. A new file is created with mode 0600 (only
 * when there is a checkpoint to write). Same errors as after_commit. */
CUS__HIDDEN int cus__audit_export(cus_db *db, const char *path);

/* The Ed25519 public key the database's checkpoints are signed with (derived
 * from the master key). */
CUS__HIDDEN int cus__audit_public_key(cus_db *db, unsigned char pk[32]);

/* Validate a filter: version, dates (strict YYYY-MM-DD, a real day; field
 * "from" / "to"; to before from is refused on "to"), the user (a valid
 * login, field "user"). 0 or CUS_EINVAL. NULL is no filter. */
CUS__HIDDEN int cus__audit_filter_check(const cus_audit_filter *f);

/* Query entries, oldest first (no permission check: access does it). The
 * rows are read into memory now, so the iterator does not hold the
 * database: it can be used after the caller's transaction ends. */
CUS__HIDDEN int cus__audit_query(cus_audit_iter **out, cus_db *db, const cus_audit_filter *f);

/* Tuning of cus_audit_verify (for tests and benchmarks): the chain is
 * scanned in ranges by several threads, each on its own read-only
 * connection, when the log has at least cus__audit_parallel_min entries
 * (default 100000) and no transaction of the caller's is open; with
 * cus__audit_scan_threads threads (0, the default: one per core, at most 4). */
CUS__HIDDEN extern int64_t cus__audit_parallel_min;
CUS__HIDDEN extern int cus__audit_scan_threads;
/* How many ranges the last scan of this process used (for tests). */
CUS__HIDDEN extern int cus__audit_last_scan_ranges;

/* Release the per-handle audit state (called by cus_db_close). */
CUS__HIDDEN void cus__audit_state_free(cus_db *db);

#endif
