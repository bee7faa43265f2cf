/*
 * libcus — the rights of data subjects (GDPR arts 15, 16, 18), the register
 * of processing activities (art. 30) and the data protection officer's (IOD)
 * tools: access reports, anomalies and break-glass access.
 *
 * Access. The export (art. 15) and the restriction (art. 18) are done in a
 * session of the purpose "data_subject_request"; the Milanówek policy gives
 * that purpose to the role "iod" (read and export on every personal data
 * category). Rectification (art. 16) is a change of the person's data and
 * needs write on the categories changed, like cus_person_update(). The
 * reports, the anomalies and the break-glass list read the audit log: read
 * on "audit" (purpose "audit"); an acknowledgement writes it.
 *
 * Every call is one audited operation (actions "rights.export",
 * "rights.rectify", "rights.restrict", "rights.lift", "person.history",
 * "audit.report", "audit.anomalies", "break_glass.start", "break_glass.end",
 * "break_glass.list", "break_glass.acknowledge"); a refusal is audited as
 * "denied". Audit entries never hold the reasons given (they may describe
 * a person): those are kept sealed under the person's key (restrictions,
 * rectifications) or in the break-glass table the IOD reads.
 *
 * Restriction (art. 18). While a person is restricted, every operation on
 * their data (every audited operation whose subject is "p-<id>": reads and
 * writes of the register and of case work, and each row of an import that
 * names them) is refused with CUS_EDENIED and the message "... restricted
 * under art. 18 ...", and audited as denied — except storage and the
 * operations of the purposes the policy's section `monitoring` lists in
 * restriction_exempt_purposes (default: data_subject_request and audit, the
 * IOD's). Listings and searches of the register leave restricted persons out
 * for the other purposes.
 *
 * Break-glass. cus_session_open_break_glass() opens a session that may READ
 * categories its role may not read for its purpose, with a written
 * justification of at least 20 characters (the policy may ask for more). It
 * writes a "break_glass.start" entry, marks every read it allows beyond the
 * role's permissions with "break-glass" in the entry's detail, expires after
 * the policy's break_glass_minutes (default 30: later reads beyond the role
 * are refused) and writes "break_glass.end" when it expires or closes. It
 * never allows writes or exports beyond the role, nor anything on a
 * restricted person, nor a purpose the role has no permission for at all.
 * Each stays on the IOD's list (cus_break_glass_list()) until acknowledged.
 *
 * Files. Exports, the register and the access reports are written as JSON
 * (UTF-8, one object whose keys are the sections) or XLSX (one worksheet a
 * section, Polish headers; every cell is text or a number, never a formula).
 * docs/RIGHTS.md describes the sections and their columns.
 */
#ifndef CUS_RIGHTS_H
#define CUS_RIGHTS_H

#include "common.h"
#include "db.h"
#include "access.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Output formats of the files this module writes. */
typedef enum {
	CUS_FORMAT_AUTO = 0,  /**< from the file name: ".xlsx" XLSX, ".json" JSON (else CUS_EINVAL) */
	CUS_FORMAT_JSON = 1,
	CUS_FORMAT_XLSX = 2
} cus_format;

/* ---- art. 15: the data subject's copy ---- */

/**
 * Write everything held about a person (art. 15): the register's data (every
 * field, with the sealed ones opened), the special-category and art. 10
 * records, the household links by relation, the applications, the decisions
 * with their reasons, the qualification runs, the plans with their reviews,
 * the deliveries, the employment status, the history of rectifications, the
 * restrictions; the purposes with their legal bases, the categories held,
 * the recipients (policy section `recipients`), the retention end dates, the
 * sources of the data, and the date, purpose and operation of every
 * consultation of their data in the audit log. Staff are never named: no
 * login, display name or role appears in the file.
 * Needs read and export on every personal data category for the session's
 * purpose. The export is one audited operation ("rights.export", subject
 * "p-<id>"), itself listed among the consultations.
 * @param format  CUS_FORMAT_AUTO, _JSON or _XLSX
 * @return 0; CUS_EINVAL (field "path" or "format"); CUS_ENOTFOUND (field
 *         "id"); CUS_EDENIED (audited); CUS_ESHREDDED (the person was erased);
 *         CUS_EIO (the file could not be written; nothing is left behind)
 */
CUS_EXTERN(int) cus_rights_export(cus_session *s, int64_t person, const char *path, int format);

/**
 * The same for the person with a PESEL (compared in full, never the wrong
 * person). @return as cus_rights_export(); CUS_EINVAL (field "pesel");
 * CUS_ENOTFOUND (field "pesel")
 */
CUS_EXTERN(int) cus_rights_export_pesel(cus_session *s, const char *pesel, const char *path, int format);

/* ---- art. 16: rectification and the history of changes ---- */

/**
 * Rectify one field of a person (art. 16): the change of cus_person_update()
 * with a reason. The value replaced is kept, sealed under the person's key,
 * with who changed it, when and why (cus_person_history()).
 * @param field   "pesel", "first_names", "last_name", "birth_date", "sex",
 *                "address", "phone", "email", "financial", "teryt" or
 *                "registered"
 * @param value   the new value ("" clears an optional field)
 * @param reason  why (required, at most 1000 characters; sealed, never in
 *                the audit log)
 * @return 0; CUS_EINVAL (field "field", "reason" or the field's own name);
 *         the errors of cus_person_update()
 */
CUS_EXTERN(int) cus_rights_rectify(cus_session *s, int64_t person, const char *field, const char *value,
	const char *reason);

/** One value a change of a person replaced. Strings are owned by the iterator. */
typedef struct {
	int64_t id;
	int64_t version;            /**< the person's version the old value belonged to */
	const char *field;          /**< "last_name", ... */
	const char *category;       /**< the field's data category */
	const char *old_value;      /**< NULL when the field was empty, or not readable in this session */
	int readable;               /**< 1 when old_value was opened, 0 when the session may not read it */
	const char *reason;         /**< the reason given (rectification), or NULL */
	const char *changed_by;     /**< the staff login who made the change */
	const char *changed;        /**< ISO 8601 UTC */
} cus_history_entry;

typedef struct cus_history_iter cus_history_iter;

/**
 * The history of a person's changes, oldest first: every value a
 * cus_person_update() or cus_rights_rectify() replaced. Needs read on basic;
 * old values of categories the session may not read are NULL (readable 0).
 * Audited ("person.history").
 * @return 0; CUS_ENOTFOUND; CUS_EDENIED; CUS_ESHREDDED; CUS_EINTEGRITY
 */
CUS_EXTERN(int) cus_person_history(cus_history_iter **out, cus_session *s, int64_t person);
/** @return 0; CUS_ITEROVER at the end. */
CUS_EXTERN(int) cus_history_next(const cus_history_entry **out, cus_history_iter *it);
/** Release (the strings are wiped). Accepts NULL. */
CUS_EXTERN(void) cus_history_iter_free(cus_history_iter *it);

/* ---- art. 18: restriction of processing ---- */

/**
 * Restrict the processing of a person's data (art. 18): from now on every
 * operation on them other than storage and those of the exempt purposes is
 * refused. Needs read on basic for the session's purpose, which must be one
 * of the policy's restriction_exempt_purposes (by default
 * data_subject_request: the IOD's; the restriction itself is metadata, the
 * person's data are not changed).
 * @param reason  the ground (art. 18(1)(a)-(d)) and its circumstances,
 *                required, at most 1000 characters (sealed)
 * @return 0; CUS_EEXISTS (already restricted); CUS_EINVAL (field "reason",
 *         or a purpose that is not exempt: field "purpose"); CUS_ENOTFOUND;
 *         CUS_EDENIED; CUS_ESHREDDED
 */
CUS_EXTERN(int) cus_rights_restrict(cus_session *s, int64_t person, const char *reason);

/**
 * Lift a person's restriction (art. 18(3): the person is told before). Same
 * permission as cus_rights_restrict().
 * @param reason  required, at most 1000 characters (sealed)
 * @return 0; CUS_ENOTFOUND (no such person, or not restricted: field
 *         "restriction"); CUS_EINVAL; CUS_EDENIED
 */
CUS_EXTERN(int) cus_rights_lift(cus_session *s, int64_t person, const char *reason);

/**
 * Is the person restricted? Reads no personal data: not audited.
 * @return 1 yes; 0 no; CUS_ENOTFOUND; CUS_EINVAL
 */
CUS_EXTERN(int) cus_rights_restricted(cus_session *s, int64_t person);

/* ---- art. 30: the register of processing activities ---- */

/**
 * Write the register of processing activities (art. 30(1)) generated from
 * the active policy: the controller (the centre, its municipality), one
 * activity per purpose with its legal basis, the categories of data (those
 * the roles may process for it) and of data subjects, the recipients, the
 * retention periods (the policy's section `retention`, when present), and
 * the technical and organisational security measures (encryption, the key
 * hierarchy, the audit log, purpose-bound access). Holds no personal data;
 * needs no session.
 * @return 0; CUS_EINVAL; CUS_ENOTFOUND (no policy); CUS_EIO
 */
CUS_EXTERN(int) cus_rights_register(cus_db *db, const char *path, int format);

/* ---- the IOD's reports ---- */

#define CUS_ACCESS_REPORT_OPTIONS_VERSION 1

/** What an access report covers; NULL / 0 fields do not filter. */
typedef struct {
	unsigned int version;     /**< CUS_ACCESS_REPORT_OPTIONS_VERSION */
	int64_t person;           /**< accesses to this person's data (subject "p-<id>"), or 0 */
	const char *user;         /**< accesses by this login, or NULL */
	const char *from;         /**< YYYY-MM-DD (inclusive, UTC), or NULL */
	const char *to;           /**< YYYY-MM-DD (inclusive, UTC), or NULL */
} cus_access_report_options;

#define CUS_ACCESS_REPORT_OPTIONS_INIT { CUS_ACCESS_REPORT_OPTIONS_VERSION, 0, NULL, NULL, NULL }

/** Initialise options (for bindings). @return 0; CUS_EINVAL */
CUS_EXTERN(int) cus_access_report_options_init(cus_access_report_options *o, unsigned int version);

/**
 * The access report (by person, by user, by period): every audit entry
 * about a person's data (subject "p-…") that the options select, with a
 * summary by user and by person. It names staff (it is the IOD's) but no
 * data subject other than by pseudonymous id. Needs read on "audit".
 * Audited ("audit.report").
 * @param[out] entries  the number of entries listed, or NULL
 * @return 0; CUS_EINVAL; CUS_EDENIED; CUS_EIO
 */
CUS_EXTERN(int) cus_access_report(cus_session *s, const cus_access_report_options *opts, const char *path,
	int format, int64_t *entries);

/** Kinds of anomaly. */
typedef enum {
	CUS_ANOMALY_OFF_HOURS = 1,   /**< "off_hours": personal data accessed outside working hours */
	CUS_ANOMALY_BULK_READ,       /**< "bulk_read": more person reads in a clock hour than the policy allows */
	CUS_ANOMALY_NO_CASE,         /**< "no_case": a person read by a user with no application or plan of theirs */
	CUS_ANOMALY_SAME_SURNAME,    /**< "same_surname": a person read whose last name is the user's */
	CUS_ANOMALY_DENIALS          /**< "denials": repeated denials of one user in a day */
} cus_anomaly_kind;

/** The code of an anomaly kind ("off_hours"), or NULL. */
CUS_EXTERN(const char *) cus_anomaly_kind_name(int kind);

/** One anomaly. Strings are owned by the iterator; no personal data. */
typedef struct {
	int kind;                   /**< a cus_anomaly_kind */
	const char *user;           /**< the staff login */
	const char *subject;        /**< "p-<id>", or NULL (bulk reads, denials) */
	const char *time;           /**< the first entry concerned, ISO 8601 UTC */
	const char *period;         /**< the hour ("2024-03-05T14") or day ("2024-03-05") counted, or the entry's local time */
	int64_t count;              /**< entries concerned */
	int64_t seq;                /**< the first audit entry concerned */
	const char *detail;         /**< one English sentence */
} cus_anomaly;

typedef struct cus_anomaly_iter cus_anomaly_iter;

/**
 * Look for anomalies in the audit log between two dates (inclusive, UTC;
 * NULL: unbounded), with the thresholds of the policy's section
 * `monitoring`: accesses to personal data outside the working hours (local
 * time of its time_zone), more than bulk_reads_per_hour person reads by one
 * user in a clock hour, reads of a person by a user with no application or
 * plan of theirs for that person (created, decided or coordinated by them),
 * reads of a person whose last name is the reading user's (the display
 * name's last word; compared inside the library, never output), and
 * denials_per_day or more denials of one user in a day. Break-glass reads are
 * on their own list and not repeated here. Needs read on "audit"; audited
 * ("audit.anomalies").
 * @return 0; CUS_EINVAL (field "from" / "to"); CUS_EDENIED
 */
CUS_EXTERN(int) cus_anomalies(cus_anomaly_iter **out, cus_session *s, const char *from, const char *to);
CUS_EXTERN(int) cus_anomaly_next(const cus_anomaly **out, cus_anomaly_iter *it);
CUS_EXTERN(void) cus_anomaly_iter_free(cus_anomaly_iter *it);

/* ---- break-glass ---- */

/** The shortest justification a break-glass session accepts, in characters. */
#define CUS_BREAK_GLASS_MIN_REASON 20
/** CUS_BREAK_GLASS_MIN_REASON, for bindings. */
CUS_EXTERN(int) cus_break_glass_min_reason(void);

/**
 * Open a break-glass session (see above): cus_session_open() plus the
 * justification. Writes the "break_glass.start" entry and the record the
 * IOD acknowledges.
 * @param reason  at least CUS_BREAK_GLASS_MIN_REASON characters (or the
 *                policy's break_glass_min_reason), at most 2000
 * @return 0; CUS_EINVAL (field "reason": too short, too long, not text);
 *         the errors of cus_session_open()
 */
CUS_EXTERN(int) cus_session_open_break_glass(cus_session **out, cus_db *db, const char *purpose,
	const char *reason);

/** The break-glass record id of a session, 0 for an ordinary session. */
CUS_EXTERN(int64_t) cus_session_break_glass(const cus_session *s);

/** A break-glass session as the IOD sees it. Strings are owned by the iterator. */
typedef struct {
	int64_t id;
	const char *user;
	const char *role;
	const char *purpose;
	const char *session;
	const char *reason;          /**< the justification written */
	const char *started;         /**< ISO 8601 UTC */
	const char *expires;
	const char *ended;           /**< NULL while open */
	const char *end_reason;      /**< "closed" or "expired", or NULL */
	int64_t reads;               /**< reads it allowed beyond the role's permissions */
	const char *acknowledged;    /**< NULL until acknowledged */
	const char *acknowledged_by;
	const char *note;
} cus_break_glass;

typedef struct cus_break_glass_iter cus_break_glass_iter;

/**
 * The break-glass sessions, oldest first: those not yet acknowledged, or
 * every one with all. Needs read on "audit"; audited ("break_glass.list").
 * @return 0; CUS_EDENIED
 */
CUS_EXTERN(int) cus_break_glass_list(cus_break_glass_iter **out, cus_session *s, int all);
CUS_EXTERN(int) cus_break_glass_next(const cus_break_glass **out, cus_break_glass_iter *it);
CUS_EXTERN(void) cus_break_glass_iter_free(cus_break_glass_iter *it);

/**
 * Acknowledge a break-glass session: it leaves the IOD's list. Needs write
 * on "audit"; a user cannot acknowledge their own. Audited.
 * @param note  optional, at most 2000 characters
 * @return 0; CUS_ENOTFOUND (field "id"); CUS_EEXISTS (already
 *         acknowledged); CUS_EINVAL (own session, field "id"; note);
 *         CUS_EDENIED
 */
CUS_EXTERN(int) cus_break_glass_acknowledge(cus_session *s, int64_t id, const char *note);

#ifdef __cplusplus
}
#endif
#endif
