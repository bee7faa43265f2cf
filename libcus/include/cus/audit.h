/*
 * libcus — the tamper-evident audit log.
 *
 * Every read or write of personal data, every export, every policy or user
 * change and every denied attempt appends an entry in the same transaction as
 * the access it records. Entries form a BLAKE2b hash chain over a canonical,
 * length-prefixed encoding; the audit table refuses UPDATE and DELETE. Every
 * CUS_AUDIT_CHECKPOINT_EVERY entries, and on demand, an Ed25519-signed
 * checkpoint (log id, sequence, head hash, time, previous checkpoint) is stored
 * and appended to a checkpoint file outside the database (by default
 * PATH.checkpoints), meant to be copied to the data protection officer.
 * docs/FORMAT.md specifies the encoding, the chain and the checkpoints.
 */
#ifndef CUS_AUDIT_H
#define CUS_AUDIT_H

#include "common.h"
#include "db.h"
#include "access.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CUS_AUDIT_CHECKPOINT_EVERY 1000

/** One audit entry. Never holds a name or a PESEL: subjects are pseudonymous ids. */
typedef struct {
	int64_t seq;               /**< 1, 2, ... without gaps */
	const char *time;          /**< ISO 8601 UTC with milliseconds */
	const char *user;          /**< login */
	const char *role;
	const char *session;       /**< session id, 32 hex digits */
	const char *action;        /**< e.g. "person.read", "user.add", "policy.load" */
	const char *object_type;   /**< e.g. "person", "user", "policy" */
	const char *subject;       /**< pseudonymous subject id, or NULL */
	const char *categories;    /**< comma-separated data categories */
	const char *purpose;
	const char *legal_basis;
	const char *outcome;       /**< "ok", "denied" or "error" */
	int64_t policy_version;
	const char *detail;        /**< free text without personal data, or NULL */
	const char *prev_hash;     /**< 64 hex digits */
	const char *hash;          /**< 64 hex digits */
} cus_audit_entry;

#define CUS_AUDIT_FILTER_VERSION 1

/** Filter of cus_audit_log(); NULL fields do not filter. */
typedef struct {
	unsigned int version;      /**< CUS_AUDIT_FILTER_VERSION */
	const char *subject;
	const char *user;
	const char *from;          /**< YYYY-MM-DD (inclusive, UTC) */
	const char *to;            /**< YYYY-MM-DD (inclusive, UTC) */
} cus_audit_filter;

#define CUS_AUDIT_FILTER_INIT { CUS_AUDIT_FILTER_VERSION, NULL, NULL, NULL, NULL }

typedef struct cus_audit_iter cus_audit_iter;

/**
 * Read the log, oldest first. Needs read on "audit"; the reading is itself
 * audited.
 * @return 0; CUS_EDENIED; CUS_EINVAL for a malformed date (field "from"/"to")
 */
CUS_EXTERN(int) cus_audit_log(cus_audit_iter **out, cus_session *s, const cus_audit_filter *filter);
/** @return 0; CUS_ITEROVER at the end. The entry is owned by the iterator. */
CUS_EXTERN(int) cus_audit_next(const cus_audit_entry **out, cus_audit_iter *it);
CUS_EXTERN(void) cus_audit_iter_free(cus_audit_iter *it);

/**
 * Write a signed checkpoint of the current head now, into the database and
 * appended to the checkpoint file. Needs write on "audit".
 * @param checkpoints  the checkpoint file, or NULL for PATH.checkpoints
 * @param[out] seq     the sequence number the checkpoint covers, or NULL
 */
CUS_EXTERN(int) cus_audit_checkpoint(cus_session *s, const char *checkpoints, int64_t *seq);

/** What cus_audit_verify() found. */
typedef struct {
	int64_t entries;           /**< entries checked */
	int64_t checkpoints;       /**< checkpoints checked (database and file) */
	int64_t first_bad_seq;     /**< 0 when all holds */
	const char *problem;       /**< NULL when all holds, else one sentence */
} cus_audit_report;

/**
 * Verify the whole chain, every checkpoint stored in the database, and every
 * checkpoint in the checkpoint file against the database. Catches changed,
 * deleted, inserted or reordered entries, a truncated tail, forged
 * checkpoints, and an older copy of the database restored in place of the
 * current one (the file knows checkpoints the database does not).
 * @param checkpoints  the checkpoint file, or NULL for PATH.checkpoints (a
 *                     missing default file is not an error)
 * @param[out] out     the report, release with cus_audit_report_free()
 * @return 0 when everything holds; CUS_EINTEGRITY when something does not
 *         (the report names the first bad sequence number and what is wrong);
 *         CUS_ENOTFOUND for a named checkpoint file that does not exist
 */
CUS_EXTERN(int) cus_audit_verify(cus_audit_report **out, cus_db *db, const char *checkpoints);
CUS_EXTERN(void) cus_audit_report_free(cus_audit_report *r);

#ifdef __cplusplus
}
#endif
#endif
