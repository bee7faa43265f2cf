/*
 * libcus — retention of records, legal holds, disposal (brakowanie) and the
 * erasure of GDPR art. 17.
 *
 * Rules. The policy's section `retention` (docs/POLICY.md) gives, for each
 * kind of record, its archival category of the centre's file classification
 * (JRWA: A, Bn, BEn, Bc), its period in years and the event the period counts
 * from. Periods count in whole calendar years from 1 January of the year
 * after the event: a B10 case closed on 30 June 2015 is due on 1 January
 * 2026 (cus_retention_due_date()). docs/RETENTION.md defines the events on
 * the case tables.
 *
 * The unit of disposal is a person's case file: the person's register entry
 * with all their applications, qualification decisions, plans (IPUS),
 * deliveries, special-category records and employment records. It is due when
 * every one of those records is past its period (and the case is closed: no
 * application waits for a decision). Finance documents (budget plan lines,
 * expenditures, projects) are items of their own.
 *
 * Workflow: due -> proposed (cus_retention_propose(), the disposal list
 * "spis akt przeznaczonych do brakowania" as XLSX) -> approved
 * (cus_retention_approve(), with the number and date of the state archive's
 * consent, by a role of the section's `approvers`) -> executed
 * (cus_retention_execute()). Category A is never destroyed: it is marked for
 * transfer to the state archive. BE files go to appraisal (ekspertyza) and
 * are never destroyed automatically. A legal hold (cus_retention_hold()) or an
 * art. 18 restriction blocks a person's file.
 *
 * Execution deletes the records, destroys the person's data key (their sealed
 * fields then read as CUS_ESHREDDED in every older copy of the database
 * opened with the current key store), keeps the anonymous statistical facts
 * the indicators need, and records a disposal protocol (protokół brakowania).
 * The audit log keeps its pseudonymous entries.
 *
 * Access (purpose "retention" for the workflow): the due listing and the
 * proposal need read on "basic"; approving, holds and releases a role listed
 * in the section's `approvers`; execution write on every personal data
 * category. Erasure (cus_rights_erase(), purpose "data_subject_request")
 * needs write on every personal data category. Every call is one audited
 * operation (actions "retention.due", "retention.propose", "retention.approve",
 * "retention.withdraw", "retention.execute", "retention.hold",
 * "retention.release", "retention.holds", "retention.proposal",
 * "rights.erase"); a refusal is audited. Nothing here ever puts personal data
 * in a message, an audit entry or a listing: persons are "p-<id>", records
 * "<kind>:<id>".
 */
#ifndef CUS_RETENTION_H
#define CUS_RETENTION_H

#include "common.h"
#include "db.h"
#include "access.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Kinds of record with a retention rule (indices of cus_retention_item.counts). */
typedef enum {
	CUS_RETENTION_PERSON = 0,       /**< "person": the register entry (identity, contacts, household) */
	CUS_RETENTION_APPLICATION,      /**< "application": applications and declarations */
	CUS_RETENTION_DECISION,         /**< "decision": qualification decisions (each evaluation run) */
	CUS_RETENTION_PLAN,             /**< "plan": individual service plans (IPUS) with reviews */
	CUS_RETENTION_DELIVERY,         /**< "delivery": services delivered */
	CUS_RETENTION_SPECIAL,          /**< "special_category": art. 9 and art. 10 records */
	CUS_RETENTION_EMPLOYMENT,       /**< "employment": employment status records */
	CUS_RETENTION_AUDIT,            /**< "audit_log": the audit log (never shortened) */
	CUS_RETENTION_BUDGET,           /**< "budget": budget plan lines (by financial year) */
	CUS_RETENTION_EXPENDITURE,      /**< "expenditure": expenditures (accounting documents) */
	CUS_RETENTION_PROJECT,          /**< "project": project documentation */
	CUS_RETENTION_KIND_COUNT
} cus_retention_kind;

/** The code of a kind ("delivery"), or NULL. */
CUS_EXTERN(const char *) cus_retention_kind_name(int kind);
/** The number of kinds (CUS_RETENTION_KIND_COUNT), for bindings. */
CUS_EXTERN(int) cus_retention_kind_count(void);

/**
 * The due date of a record: 1 January of the year after the event plus the
 * period. category: "A" (years: the time before transfer to the state
 * archive, default 25), "B<n>" / "BE<n>" (n years; years must be -1 or n),
 * "Bc" (years required, >= 0).
 * @param years  the period, or -1 for the category's own
 * @return 0; CUS_EINVAL (field "category", "years" or "event")
 */
CUS_EXTERN(int) cus_retention_due_date(char out[11], const char *category, int years, const char *event);

/** What the workflow does with an item. */
typedef enum {
	CUS_RETENTION_DESTROY = 1,   /**< "destroy": B and Bc files whose period has ended */
	CUS_RETENTION_TRANSFER = 2,  /**< "transfer": category A, to the state archive */
	CUS_RETENTION_APPRAISAL = 3, /**< "appraisal": category BE, to the archive's expert */
	CUS_RETENTION_HELD = 4       /**< "held": due, but under a legal hold or an art. 18 restriction */
} cus_retention_action;

/** The code of an action ("destroy"), or NULL. */
CUS_EXTERN(const char *) cus_retention_action_name(int action);

/** One item that is due. Holds no personal data. */
typedef struct {
	const char *kind;          /**< "person" (a case file), "budget", "expenditure" or "project" */
	int64_t id;                /**< the person's or record's id */
	const char *subject;       /**< pseudonymous: "p-12", "expenditure:7" */
	int action;                /**< a cus_retention_action */
	const char *action_name;
	const char *categories;    /**< the categories of its records, e.g. "B10,B5" */
	const char *symbols;       /**< their JRWA symbols, e.g. "8210,8213" */
	const char *first_date;    /**< the earliest date of its records, YYYY-MM-DD */
	const char *event_date;    /**< the latest event a period counts from */
	const char *due;           /**< the first day it may be disposed of */
	int64_t counts[CUS_RETENTION_KIND_COUNT]; /**< its records by kind */
} cus_retention_item;

typedef struct cus_retention_iter cus_retention_iter;

/**
 * What is due on as_of: every person's case file and every finance record
 * whose retention has ended by then, in id order (case files first). Needs
 * read on "basic". The sweep reads only unsealed columns.
 * @param as_of  YYYY-MM-DD, or NULL for today (UTC)
 * @return 0; CUS_EINVAL (field "as_of"); CUS_ENOTFOUND when the active policy
 *         has no section `retention`; CUS_EDENIED (audited); CUS_ENOMEM
 */
CUS_EXTERN(int) cus_retention_due(cus_retention_iter **out, cus_session *s, const char *as_of);
/** @return 0; CUS_ITEROVER at the end. The item is owned by the iterator. */
CUS_EXTERN(int) cus_retention_next(const cus_retention_item **out, cus_retention_iter *it);
CUS_EXTERN(size_t) cus_retention_count(const cus_retention_iter *it);
CUS_EXTERN(void) cus_retention_iter_free(cus_retention_iter *it);

/**
 * Store a disposal proposal of everything due on as_of that is not held (the
 * destroy, transfer and appraisal items), and write the disposal list to
 * xlsx_path: sheets "Spis do brakowania" (B, Bc), "Do ekspertyzy" (BE) and
 * "Do przekazania" (A), Polish headers, every cell a string or a number.
 * Needs read on "basic". The file is written before the proposal commits; a
 * file that cannot be written leaves no proposal.
 * @param[out] proposal  its id
 * @return 0; CUS_EINVAL (fields "as_of", "path"); CUS_ENOTFOUND (no rules, or
 *         nothing is due: field "as_of"); CUS_EDENIED; CUS_EIO
 */
CUS_EXTERN(int) cus_retention_propose(int64_t *proposal, cus_session *s, const char *as_of, const char *xlsx_path);

/**
 * Approve a proposal with the state archive's consent ("number and date":
 * the text must hold a date, YYYY-MM-DD or DD.MM.YYYY; at most 500
 * characters). Only a role of the section's `approvers`.
 * @return 0; CUS_EINVAL (field "decision"); CUS_ENOTFOUND; CUS_EDENIED (not an
 *         approver; audited); CUS_ENOTAPPROVED when the proposal is not
 *         awaiting approval (already approved, executed or withdrawn)
 */
CUS_EXTERN(int) cus_retention_approve(cus_session *s, int64_t proposal, const char *decision);

/** Withdraw a proposal that was not executed. Same rights as approving.
 * @return 0; CUS_ENOTFOUND; CUS_EDENIED; CUS_ENOTAPPROVED (already executed) */
CUS_EXTERN(int) cus_retention_withdraw(cus_session *s, int64_t proposal);

/** The disposal protocol of an execution. */
typedef struct {
	int64_t protocol;          /**< its id */
	int64_t proposal;
	char number[32];           /**< "PB/<year>/<id>" */
	char executed[21];         /**< ISO 8601 UTC */
	int64_t persons;           /**< case files destroyed */
	int64_t keys;              /**< data keys destroyed */
	int64_t records[CUS_RETENTION_KIND_COUNT]; /**< records destroyed, by kind */
	int64_t transferred;       /**< items marked for transfer to the state archive */
	int64_t appraisal;         /**< items sent to appraisal */
} cus_retention_protocol;

/**
 * Execute an approved proposal, all or nothing. Every item is checked again
 * against the active policy, the holds and today's date; then each destroy
 * item is disposed of (case files: records deleted, statistical facts kept
 * under a new pseudonym detached from the person, data key destroyed),
 * transfer and appraisal items are marked, and the protocol is stored.
 * Needs write on every personal data category.
 * @param[out] out  the protocol, or NULL
 * @return 0; CUS_ENOTFOUND; CUS_EDENIED (audited); CUS_ENOTAPPROVED (not
 *         approved, or already executed); CUS_EHOLD (an item is under a legal
 *         hold or an art. 18 restriction); CUS_EARCHIVAL (an item to destroy
 *         is now category A); CUS_EAPPRAISAL (an item to destroy is now
 *         category BE); CUS_ERETAINED (an item's retention has not ended
 *         today); CUS_EIO / CUS_EKEYSTORE (the key store). Each refusal names
 *         the item's pseudonymous subject and is audited as denied.
 */
CUS_EXTERN(int) cus_retention_execute(cus_retention_protocol *out, cus_session *s, int64_t proposal);

/** A stored proposal. */
typedef struct {
	int64_t id;
	char state[12];            /**< "proposed", "approved", "executed", "withdrawn" */
	char as_of[11];
	char created[21];
	char created_by[65];
	char decision[1024];       /**< the archive's consent ("" before approval) */
	char approved_by[65];
	char approved[21];
	char executed[21];
	int64_t policy_version;
	int64_t items[5];          /**< indexed by cus_retention_action (0 unused, HELD unused) */
} cus_retention_proposal;

/** Read a proposal. Needs read on "basic" or to be an approver.
 * @return 0; CUS_ENOTFOUND; CUS_EDENIED */
CUS_EXTERN(int) cus_retention_proposal_get(cus_retention_proposal *out, cus_session *s, int64_t id);

/**
 * Place a legal hold on a person's case file ("12" or "p-12") or a record
 * ("application:17", "plan:3", "delivery:99", "special_category:4",
 * "decision:5", "employment:2", "budget:8", "expenditure:7", "project:2"; a
 * hold on a person's record holds their whole file). reason: at most 500
 * characters, kept in the database, never in the audit log; it must not
 * hold the person's data. until: the last day it holds (YYYY-MM-DD), or NULL.
 * Only an approver.
 * @param[out] hold  its id
 * @return 0; CUS_EINVAL (fields "target", "reason", "until"); CUS_ENOTFOUND;
 *         CUS_EDENIED
 */
CUS_EXTERN(int) cus_retention_hold(int64_t *hold, cus_session *s, const char *target, const char *reason,
	const char *until);

/** Release a hold. @return 0; CUS_ENOTFOUND (no active hold of that id); CUS_EDENIED */
CUS_EXTERN(int) cus_retention_release(cus_session *s, int64_t hold);

/** A legal hold. */
typedef struct {
	int64_t id;
	const char *target;        /**< "p-12", "application:17" */
	const char *subject;       /**< the file it holds: "p-12", or the record itself */
	const char *reason;
	const char *until;         /**< NULL: until released */
	const char *placed;
	const char *placed_by;
	const char *released;      /**< NULL while active */
	const char *released_by;
} cus_retention_hold_info;

typedef struct cus_retention_hold_iter cus_retention_hold_iter;

/** The holds, newest first (active_only: those in force today). Only an approver.
 * @return 0; CUS_EDENIED */
CUS_EXTERN(int) cus_retention_holds(cus_retention_hold_iter **out, cus_session *s, int active_only);
CUS_EXTERN(int) cus_retention_hold_next(const cus_retention_hold_info **out, cus_retention_hold_iter *it);
CUS_EXTERN(void) cus_retention_hold_iter_free(cus_retention_hold_iter *it);

/* ---- erasure, GDPR art. 17 ---- */

/** The outcome of an erasure request. */
typedef struct {
	int64_t request;           /**< the stored request's id */
	int erased;                /**< 1 erased, 0 refused */
	char ground[96];           /**< refused: the art. 17(3) ground, e.g. "art. 17 ust. 3 lit. b RODO" */
	char retained_until[11];   /**< refused: the day retention ends ("" when not known: open case, hold
	                                without end, category A) */
	char reason_code[24];      /**< refused: "retention", "open_case", "legal_hold", "restricted",
	                                "archival" */
} cus_erasure;

/**
 * Erase a person (art. 17) when no statutory retention applies to any of
 * their records today: the same disposal as an executed proposal (records
 * deleted, anonymous statistical facts kept, data key destroyed). Otherwise
 * the erasure is refused with the art. 17(3) ground: lit. b (a legal
 * obligation: the archival law and the JRWA period, with the date it ends; or
 * an open case), lit. d (category A: archiving in the public interest), lit. e
 * (a legal hold, or an art. 18 restriction: legal claims). Both outcomes are
 * stored as a request (with the reason given, which must not hold the
 * person's data) and audited ("rights.erase", outcome "ok" or "denied").
 * Needs write on every personal data category (purpose
 * "data_subject_request").
 * @param[out] out  the outcome (also filled on CUS_ERETAINED)
 * @param reason    why the request is made, 1 to 500 characters (field "reason")
 * @return 0 erased; CUS_ERETAINED refused (out says why); CUS_EINVAL;
 *         CUS_ENOTFOUND (no such person, or already erased); CUS_EDENIED
 */
CUS_EXTERN(int) cus_rights_erase(cus_erasure *out, cus_session *s, int64_t person, const char *reason);

/** The same, finding the person by PESEL (CUS_EINVAL field "pesel"; CUS_ENOTFOUND). */
CUS_EXTERN(int) cus_rights_erase_pesel(cus_erasure *out, cus_session *s, const char *pesel, const char *reason);

#ifdef __cplusplus
}
#endif
#endif
