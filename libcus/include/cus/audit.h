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
 * audited (action "audit.read", with the filter's subject as its subject and
 * the other criteria in its detail), and the result includes that entry. The
 * matching entries are read into memory inside the audited transaction, so
 * the iterator does not hold the database open; narrow big logs with a
 * filter.
 * @param[out] out  the entries; release with cus_audit_iter_free()
 * @param filter    NULL: every entry
 * @return 0; CUS_EDENIED (audited); CUS_EINVAL for an unknown filter
 *         version (field "filter"), a date that is not a real YYYY-MM-DD day
 *         (field "from" or "to"), "to" before "from" (field "to"), or a user
 *         that is not a valid login (field "user"); CUS_ENOMEM
 */
CUS_EXTERN(int) cus_audit_log(cus_audit_iter **out, cus_session *s, const cus_audit_filter *filter);
/**
 * The next entry.
 * @param[out] out  the entry, owned by the iterator, valid until the next
 *                  call or cus_audit_iter_free()
 * @return 0; CUS_ITEROVER at the end
 */
CUS_EXTERN(int) cus_audit_next(const cus_audit_entry **out, cus_audit_iter *it);
/** Release an iterator. Accepts NULL. */
CUS_EXTERN(void) cus_audit_iter_free(cus_audit_iter *it);

/**
 * Write a signed checkpoint of the current head now (it covers the
 * "audit.checkpoint" entry this call appends), store it in the database and
 * bring the checkpoint file up to date: every checkpoint of the database that
 * the file does not have yet is appended, so a new file receives them all.
 * PATH.checkpoints (the database's own file) is always brought up to date as
 * well. Needs write on "audit".
 * @param checkpoints  the checkpoint file, or NULL for PATH.checkpoints
 *                     (created with mode 0600 when missing)
 * @param[out] seq     the sequence number the checkpoint covers, or NULL
 * @return 0; CUS_EDENIED (audited); CUS_EIO when the file cannot be written;
 *         CUS_EINTEGRITY when the file does not match the database (another
 *         database's file, an edited last line, or one that knows checkpoints
 *         this database does not have: an older copy was restored) — nothing
 *         is written to it then. The checkpoint stays stored in the database
 *         in both cases.
 */
CUS_EXTERN(int) cus_audit_checkpoint(cus_session *s, const char *checkpoints, int64_t *seq);

/** What cus_audit_verify() found. */
typedef struct {
	int64_t entries;           /**< entries checked */
	int64_t checkpoints;       /**< checkpoints checked (database and file) */
	int64_t first_bad_seq;     /**< 0 when all holds */
	const char *problem;       /**< NULL when all holds, else one sentence */
	int64_t db_checkpoints;    /**< of checkpoints: those stored in the database */
	int64_t file_checkpoints;  /**< of checkpoints: lines of the checkpoint file */
} cus_audit_report;

/**
 * Verify the whole chain, every checkpoint stored in the database, and every
 * checkpoint in the checkpoint file against the database. Catches changed,
 * deleted, inserted or reordered entries, a truncated tail, forged
 * checkpoints, and an older copy of the database restored in place of the
 * current one (the file knows checkpoints the database does not). Signatures
 * are checked with the public key derived from the master key, never with a
 * stored one. Entries after the last exported checkpoint are protected by
 * the chain only: a truncation of them cannot be told from a shorter log.
 * Nothing is written. The file is read first, then the database in one read
 * transaction (or in the caller's open transaction).
 * @param checkpoints  the checkpoint file, or NULL for PATH.checkpoints (a
 *                     missing default file is not an error)
 * @param[out] out     the report, release with cus_audit_report_free(); set
 *                     on success and on CUS_EINTEGRITY, NULL otherwise
 * @return 0 when everything holds; CUS_EINTEGRITY when something does not
 *         (the report, and cus_error_last()'s message, name the first bad
 *         sequence number and what is wrong: "entry 17 was changed: ...",
 *         "entry 12 is missing", "entries 5 and 6 were swapped", "checkpoint at
 *         1000 has a bad signature", "the checkpoint file knows entry 2000 but
 *         the database ends at 1500: an older copy of the database was
 *         restored or the log was truncated", ...); CUS_ENOTFOUND for a named
 *         checkpoint file that does not exist; CUS_EIO; CUS_ENOMEM
 */
CUS_EXTERN(int) cus_audit_verify(cus_audit_report **out, cus_db *db, const char *checkpoints);
/** Release a report. Accepts NULL. */
CUS_EXTERN(void) cus_audit_report_free(cus_audit_report *r);

#ifdef __cplusplus
}
#endif
#endif
