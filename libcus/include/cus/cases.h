/*
 * libcus — case work of the Programme: applications, qualification,
 * individual service plans (IPUS) and service deliveries.
 *
 * The services and their qualification conditions are those of the active
 * policy (cus_policy_services()). A person (or their legal representative or
 * de facto carer) applies for a service with a declaration that they meet its
 * conditions; a coordinator qualifies the application, which evaluates every
 * condition of the service from the register as of the application date; a
 * coordinator (KIPUS) draws up an individual service plan when services last
 * three months or more; the services delivered are recorded with their units,
 * cost and funding source. These records are what the indicators and reports
 * are computed from.
 *
 * Access. Every function takes a session and is one audited operation (the
 * subject is the person's pseudonymous id "p-<id>"). Case records are the
 * person's data of category "basic": writing needs write on basic, reading
 * read on basic, for the session's purpose (the Milanówek policy lets OUS and
 * KIPUS staff apply and qualify for "qualification", draw up plans for
 * "ipus" and record deliveries for "service_delivery"). Qualification also
 * reads exactly the categories the service's conditions need: family for
 * child_under, health for medical_indication, health and disability for
 * mobility_limitation, financial for unemployed (data minimisation: a
 * service that needs only residence reads only basic).
 *
 * Persons restricted under art. 18 GDPR (cus_rights_restrict()): an
 * operation naming one is refused (CUS_EDENIED, audited); operations that
 * name no person — cus_qualify_pending(), cus_application_list(),
 * cus_plan_list() and cus_delivery_list() without a person, cus_plan_due()
 * — leave their records out (their applications stay submitted), except in
 * a session whose purpose the policy exempts (the IOD's). The indicators
 * leave them out too.
 *
 * Audit actions: "application.add", "application.read", "application.list",
 * "application.withdraw", "condition.confirm", "qualification.run",
 * "qualification.batch", "employment.add", "employment.read", "plan.add",
 * "plan.read", "plan.list", "plan.review", "plan.close", "plan.due",
 * "delivery.add", "delivery.list", "application.import", "delivery.import".
 *
 * Dates are "YYYY-MM-DD". Money is int64 grosze. Units are int64 hundredths
 * of the service's unit (150 is 1.5 hours). Every rejected value names its
 * field in cus_error_last()->field and nothing is stored.
 */
#ifndef CUS_CASES_H
#define CUS_CASES_H

#include "common.h"
#include "access.h"
#include "policy.h"
#include "import.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Employment status (the data the condition "unemployed" needs)             */
/* ------------------------------------------------------------------------ */

/**
 * Record a person's employment status from a date on ("unemployed",
 * "employed", "self_employed", "retired", "student" or "inactive"), e.g. from
 * a certificate of the county labour office ("zaświadczenie PUP"). The status
 * on a date is the one with the latest since on or before it. Needs write on
 * financial. Audited as "employment.add".
 * @param status  one of the six codes (field "status")
 * @param since   YYYY-MM-DD (field "since")
 * @param source  the document it comes from, at most CUS_ADDRESS_MAX
 *                characters, or NULL (field "source")
 * @param[out] id the new entry's id, or NULL
 * @return 0; CUS_EINVAL naming the field; CUS_ENOTFOUND (no such person);
 *         CUS_EDENIED; CUS_ESHREDDED (the person was erased)
 */
CUS_EXTERN(int) cus_employment_add(cus_session *s, int64_t person, const char *status, const char *since,
	const char *source, int64_t *id);

/**
 * The person's employment status on a date.
 * @param[out] status  a static string (one of the six codes), or NULL when
 *                     nothing is recorded on or before date
 * @param[out] since   11 bytes: the date that status holds from ("" when none);
 *                     may be NULL
 * @return 0; CUS_EINVAL (field "date"); CUS_ENOTFOUND; CUS_EDENIED
 */
CUS_EXTERN(int) cus_employment_on(const char **status, char since[11], cus_session *s, int64_t person,
	const char *date);

/* ------------------------------------------------------------------------ */
/* Applications                                                              */
/* ------------------------------------------------------------------------ */

#define CUS_APPLICATION_INPUT_VERSION 1

/** An application (wniosek) as given to cus_application_add(). */
typedef struct {
	unsigned int version;       /**< CUS_APPLICATION_INPUT_VERSION */
	int64_t person;             /**< the person who would use the service (field "person") */
	const char *service;        /**< a service code of the active policy (field "service") */
	const char *date;           /**< date of the application, YYYY-MM-DD: within the Programme period
	                                 and not after today (field "date") */
	const char *applicant;      /**< who filed it: "self" (NULL: self), "legal_representative" or
	                                 "carer" (de facto carer) (field "applicant") */
	int64_t representative;     /**< the representative's or carer's person id when registered, else 0
	                                 (only with applicant other than self; field "representative") */
	const char *declaration_date; /**< date of the declaration (oświadczenie) that the conditions are
	                                 met, YYYY-MM-DD; NULL: the application date; not before it nor
	                                 after today (field "declaration_date") */
	int duration_months;        /**< how long the services are expected to last, 0 unknown, at most 120
	                                 (field "duration_months"); 3 or more means an IPUS is required */
} cus_application_input;

#define CUS_APPLICATION_INPUT_INIT { CUS_APPLICATION_INPUT_VERSION, 0, NULL, NULL, NULL, 0, NULL, 0 }

/** Initialise an input to CUS_APPLICATION_INPUT_INIT. @return 0; CUS_EINVAL (field "version") */
CUS_EXTERN(int) cus_application_input_init(cus_application_input *in, unsigned int version);

/**
 * File an application. Needs write on basic. The application starts as
 * "submitted".
 * @param[out] id  the new application's id, or NULL
 * @return 0; CUS_EINVAL naming the field (an unknown service: field
 *         "service"; a date outside the Programme period: field "date");
 *         CUS_ENOTFOUND (no such person or representative: field "person" /
 *         "representative"); CUS_EDENIED; CUS_ESHREDDED (the person was erased)
 */
CUS_EXTERN(int) cus_application_add(cus_session *s, const cus_application_input *in, int64_t *id);

/** An application as read back. Strings are owned by the application (or iterator). */
typedef struct {
	int64_t id;
	int64_t person_id;
	const char *service;
	const char *date;
	const char *applicant;          /**< "self", "legal_representative" or "carer" */
	int64_t representative_id;      /**< 0 when none */
	const char *declaration_date;
	int duration_months;
	int plan_required;              /**< duration_months >= 3 */
	const char *status;             /**< "submitted", "qualified", "refused" or "withdrawn" */
	const char *decision_date;      /**< qualified / refused: the decision's date (kept when a qualified
	                                     application is withdrawn), else NULL */
	const char *decided_by;         /**< the coordinator's login, or NULL */
	int64_t decision_policy_version;/**< the policy version the decision used, or 0 */
	const char *reasons;            /**< refused: the reasons, "; "-separated; else NULL (also once the
	                                     person was erased) */
	const char *withdrawn_date;     /**< or NULL */
	const char *created;            /**< ISO 8601 UTC */
} cus_application;

/**
 * Read an application. Needs read on basic.
 * @param[out] out  release with cus_application_free()
 * @return 0; CUS_ENOTFOUND; CUS_EDENIED
 */
CUS_EXTERN(int) cus_application_get(cus_application **out, cus_session *s, int64_t id);
/** Accepts NULL. */
CUS_EXTERN(void) cus_application_free(cus_application *a);

typedef struct cus_application_iter cus_application_iter;

/**
 * Applications by id; person 0 means every person, status NULL every status.
 * Needs read on basic.
 * @return 0; CUS_EINVAL (field "status"); CUS_ENOTFOUND (no such person); CUS_EDENIED
 */
CUS_EXTERN(int) cus_application_list(cus_application_iter **out, cus_session *s, int64_t person,
	const char *status);
/** @return 0; CUS_ITEROVER at the end. The application is owned by the iterator. */
CUS_EXTERN(int) cus_application_next(const cus_application **out, cus_application_iter *it);
CUS_EXTERN(void) cus_application_iter_free(cus_application_iter *it);

/**
 * Withdraw an application (submitted or qualified) on a date (NULL: today):
 * no delivery after that date is accepted for it. Needs write on basic.
 * @return 0; CUS_EINVAL (already refused or withdrawn: field "status"; a bad
 *         date, or one before the application: field "date"); CUS_ENOTFOUND;
 *         CUS_EDENIED
 */
CUS_EXTERN(int) cus_application_withdraw(cus_session *s, int64_t id, const char *date);

/* ------------------------------------------------------------------------ */
/* Qualification                                                             */
/* ------------------------------------------------------------------------ */

/** The result of one condition. Values are stable. */
typedef enum {
	CUS_COND_MET = 1,
	CUS_COND_NOT_MET = 2,
	CUS_COND_NEEDS_CONFIRMATION = 3, /**< a coordinator must confirm it (cus_condition_confirm()) */
	CUS_COND_NEEDS_DATA = 4          /**< the register lacks the data the condition needs */
} cus_condition_result;

/** "met", "not_met", "needs_confirmation", "needs_data", or NULL. */
CUS_EXTERN(const char *) cus_condition_result_name(int result);

/** The result of a qualification. Values are stable. */
typedef enum {
	CUS_QUAL_QUALIFIED = 1,  /**< every condition met */
	CUS_QUAL_REFUSED = 2,    /**< a condition not met */
	CUS_QUAL_PENDING = 3     /**< none not met, but some need confirmation or data */
} cus_qualification_result;

/** "qualified", "refused", "pending", or NULL. */
CUS_EXTERN(const char *) cus_qualification_result_name(int result);

/**
 * The code of a service's condition i: its kind, numbered when the service
 * has several of that kind ("manual_1", "manual_2"), as cus service list and
 * cus_condition_confirm() use it.
 * @param[out] buf  at least 32 bytes
 * @return 0; CUS_EINVAL (field "condition") for i out of range; CUS_EINVAL
 *         (field "size") when the code does not fit
 */
CUS_EXTERN(int) cus_service_condition_code(char *buf, size_t size, const cus_service *service, size_t i);

/** How one condition came out. */
typedef struct {
	const char *code;           /**< "residence", "manual_2", ... */
	const char *kind;           /**< the condition kind */
	int value;                  /**< child_under / age_min: the years; else 0 */
	const char *text;           /**< the policy's wording (Polish) */
	int result;                 /**< a cus_condition_result */
	const char *result_name;    /**< "met", ... */
	const char *explanation;    /**< English: why, with the data used ("age 55 on 2022-05-14, born
	                                 1967-05-14; at least 55 required"); for needs_data it starts
	                                 with "needs data: " */
	const char *confirmed_by;   /**< the login that confirmed it by hand, or NULL */
} cus_condition_eval;

/** A qualification: the evaluation of every condition of the service. */
typedef struct {
	int64_t application_id;
	int64_t person_id;
	const char *service;
	const char *as_of;          /**< the application date the register was read as of */
	int result;                 /**< a cus_qualification_result */
	const char *result_name;
	const cus_condition_eval *conditions;  /**< in the policy's order */
	size_t nconditions;
	int64_t policy_version;     /**< the policy the conditions came from */
	const char *decided_by;     /**< the session's user */
	const char *decision_date;  /**< qualified / refused: the decision's date; pending: NULL */
	int plan_required;          /**< the application expects services of 3 months or more */
	const char *status;         /**< the application's status afterwards */
	int64_t run;                /**< the number of this evaluation of the application (1, 2, ...) */
} cus_qualification;

#define CUS_QUALIFY_OPTIONS_VERSION 1

typedef struct {
	unsigned int version;       /**< CUS_QUALIFY_OPTIONS_VERSION */
	/** the decision's date, YYYY-MM-DD, not before the application nor after
	 * today; NULL: the application date (field "decision_date") */
	const char *decision_date;
	/** evaluate and report, but record no decision and change no status */
	int dry_run;
} cus_qualify_options;

#define CUS_QUALIFY_OPTIONS_INIT { CUS_QUALIFY_OPTIONS_VERSION, NULL, 0 }

/** Initialise options to CUS_QUALIFY_OPTIONS_INIT. @return 0; CUS_EINVAL */
CUS_EXTERN(int) cus_qualify_options_init(cus_qualify_options *o, unsigned int version);

/**
 * Qualify an application: evaluate each condition of its service, under the
 * session's policy version, from the register as of the application date
 * (ages on that date, children born by then, records dated on or before it and
 * still valid on it, the employment status on it). The rules:
 *   identity: met when the person has a PESEL in the register, else needs
 *     confirmation;
 *   residence: met when the person's TERYT is the policy's municipality,
 *     else not met;
 *   child_under N: met when a child of the person (household relation
 *     "child") is born on or before the date and younger than N on it; not
 *     met when the person has a household but no such child; needs data when
 *     the person has no household;
 *   age_min N: met when cus_age_on(birth date, date) >= N, else not met;
 *   medical_indication: met when a health record valid on the date lists the
 *     service's code among its indications; not met when the person has
 *     health records with indications but none for the service valid on the
 *     date; needs data when there are none;
 *   mobility_limitation: met when a health or disability record valid on the
 *     date lists "mobility_limitation" among its indications; needs
 *     confirmation when a valid disability record of moderate or severe degree
 *     does not; not met when the only valid disability records are light; needs
 *     data otherwise;
 *   unemployed: met when the employment status on the date is "unemployed",
 *     not met for another status, needs data when none is recorded;
 *   manual: needs confirmation until a coordinator confirms (or rejects) it.
 * A confirmation (cus_condition_confirm()) replaces the computed result of its
 * condition with met (or not met) as long as that result is "needs
 * confirmation" (a manual condition always is). The application is
 * qualified when every condition is met, refused when any is not met (the
 * reasons are the explanations of those), pending otherwise. Unless dry_run, the evaluation is
 * stored with its run number, and a submitted application becomes qualified
 * or refused with the decision's date, the session's user and policy version;
 * an application already decided or withdrawn keeps its status (the
 * evaluation is still stored and reported). The same register, confirmations
 * and policy give the same result every time. Needs write on basic and read on
 * the categories the conditions need (see the top of this file).
 * @param[out] out  release with cus_qualification_free()
 * @param opts      NULL: the defaults
 * @return 0 (whatever the result); CUS_EINVAL (field "decision_date",
 *         "options"); CUS_ENOTFOUND (no such application, or its service is
 *         not in the session's policy: field "service"); CUS_EDENIED;
 *         CUS_ESHREDDED (the person was erased)
 */
CUS_EXTERN(int) cus_qualify(cus_qualification **out, cus_session *s, int64_t application,
	const cus_qualify_options *opts);
/** Accepts NULL. */
CUS_EXTERN(void) cus_qualification_free(cus_qualification *q);

/** What cus_qualify_pending() did. */
typedef struct {
	int64_t evaluated;
	int64_t qualified;
	int64_t refused;
	int64_t pending;
} cus_qualify_summary;

/**
 * Qualify every submitted application (of one service, or all when service is
 * NULL) as cus_qualify() would, in one transaction, with one audit entry for
 * the batch ("qualification.batch") and one per application
 * ("qualification.run") inside it. All or nothing: on any error (a decision
 * date before one application's date, an erased person) nothing is stored.
 * @param[out] out  counts (may be NULL)
 * @return 0; CUS_EINVAL (field "service" for an unknown service); CUS_EDENIED;
 *         as cus_qualify()
 */
CUS_EXTERN(int) cus_qualify_pending(cus_qualify_summary *out, cus_session *s, const char *service,
	const cus_qualify_options *opts);

/**
 * Confirm by hand (met != 0) or reject (met == 0) a condition of an
 * application that is not yet decided: a manual condition, or one whose
 * evaluation is "needs confirmation" (identity without a PESEL, mobility
 * from a disability degree). A condition computed as met, not met or needing
 * data cannot be confirmed: record the data instead. A later confirmation of
 * the same condition replaces the earlier one. Needs write on basic.
 * @param condition  the condition's code (cus_service_condition_code())
 * @param note       the coordinator's note (a document seen, the rule applied), at
 *                   most CUS_ADDRESS_MAX characters, or NULL (field "note")
 * @return 0; CUS_EINVAL (field "condition": no such condition of the service,
 *         or one that is computed from the register; field "status": the
 *         application is decided or withdrawn); CUS_ENOTFOUND; CUS_EDENIED
 */
CUS_EXTERN(int) cus_condition_confirm(cus_session *s, int64_t application, const char *condition, int met,
	const char *note);

/* ------------------------------------------------------------------------ */
/* Individual service plans (IPUS)                                           */
/* ------------------------------------------------------------------------ */

/**
 * The calendar of a plan. A plan runs from start to end inclusive and lasts
 * at most one year: end is at the latest the day before start + 12 months,
 * with months counted as art. 112 of the civil code counts them
 * (cus_date_add_months(): the same day number, or the last day of a shorter
 * month). So a plan from 2022-03-01 may end on 2023-02-28 at the latest, one
 * from 2023-03-01 on 2024-02-29, one from 2024-02-29 on 2025-02-27 (as
 * 2024-02-29 + 12 months is 2025-02-28), one from 2022-01-31 on 2023-01-30.
 * Review k (k = 1, 2, ...) is due on start + 3k months and summary k on
 * start + 6k months, for every such date on or before end, and a final
 * summary is due on end itself when no periodic one falls on it; each is
 * computed from start, never from the previous due date (2022-01-31: reviews
 * on 2022-04-30, 2022-07-31, 2022-10-31). A review or summary recorded on a
 * date fulfils the earliest open one of its kind; it is on time when recorded
 * on or before its due date.
 */
#define CUS_PLAN_INPUT_VERSION 1

typedef struct {
	unsigned int version;       /**< CUS_PLAN_INPUT_VERSION */
	int64_t person;             /**< field "person" */
	const char *start;          /**< YYYY-MM-DD (field "start") */
	const char *end;            /**< YYYY-MM-DD, start <= end <= the longest allowed (field "end") */
	const char *coordinator;    /**< the KIPUS's login, an active user; NULL: the session's user
	                                 (field "coordinator") */
	const char *const *services;/**< service codes of the active policy, at least one, none twice
	                                 (field "services") */
	size_t nservices;
	const char *goals;          /**< the plan's goals, free text at most CUS_TEXT_MAX, or NULL
	                                 (sealed under the person's key; field "goals") */
} cus_plan_input;

#define CUS_PLAN_INPUT_INIT { CUS_PLAN_INPUT_VERSION, 0, NULL, NULL, NULL, NULL, 0, NULL }

/** Initialise an input to CUS_PLAN_INPUT_INIT. @return 0; CUS_EINVAL */
CUS_EXTERN(int) cus_plan_input_init(cus_plan_input *in, unsigned int version);

/**
 * Draw up a plan. A person has at most one plan in force on any day: a plan
 * that overlaps another of the person's plans (not closed before its start) is
 * refused. Needs write on basic.
 * @param[out] id  the new plan's id, or NULL
 * @return 0; CUS_EINVAL naming the field (end after the longest allowed:
 *         field "end"; an overlap: field "start"); CUS_ENOTFOUND (person:
 *         field "person"; coordinator: field "coordinator"); CUS_EDENIED;
 *         CUS_ESHREDDED
 */
CUS_EXTERN(int) cus_plan_add(cus_session *s, const cus_plan_input *in, int64_t *id);

/** A plan as read back. */
typedef struct {
	int64_t id;
	int64_t person_id;
	const char *start;
	const char *end;            /**< the planned end */
	const char *coordinator;
	const char *const *services;
	size_t nservices;
	const char *goals;          /**< or NULL */
	const char *status;         /**< "active" or "closed" */
	const char *closed;         /**< the date it was closed (ended early or on time), or NULL */
	const char *created;
} cus_plan;

/** Read a plan. Needs read on basic. @return 0; CUS_ENOTFOUND; CUS_EDENIED; CUS_ESHREDDED */
CUS_EXTERN(int) cus_plan_get(cus_plan **out, cus_session *s, int64_t id);
CUS_EXTERN(void) cus_plan_free(cus_plan *p);

typedef struct cus_plan_iter cus_plan_iter;

/** Plans by id (person 0: every person's; goals are NULL in listings). Needs read on basic.
 * @return 0; CUS_ENOTFOUND (no such person: field "person"); CUS_EDENIED */
CUS_EXTERN(int) cus_plan_list(cus_plan_iter **out, cus_session *s, int64_t person);
CUS_EXTERN(int) cus_plan_next(const cus_plan **out, cus_plan_iter *it);
CUS_EXTERN(void) cus_plan_iter_free(cus_plan_iter *it);

/**
 * Close a plan on a date (start <= date <= end; NULL: its end). Later
 * reviews and summaries are no longer due. Needs write on basic.
 * @return 0; CUS_EINVAL (field "date"; field "status" when already closed);
 *         CUS_ENOTFOUND; CUS_EDENIED
 */
CUS_EXTERN(int) cus_plan_close(cus_session *s, int64_t plan, const char *date);

/** A review or summary of a plan: scheduled, recorded, or both. */
typedef struct {
	int64_t plan_id;
	int64_t person_id;
	const char *coordinator;
	const char *kind;           /**< "review" or "summary" */
	int number;                 /**< 1, 2, ... within its kind */
	const char *due;            /**< YYYY-MM-DD */
	const char *done;           /**< the date it was recorded, or NULL */
	int on_time;                /**< done on or before due */
	const char *status;         /**< "done", "open" (not yet due), "due" (due within the window) or
	                                 "overdue" (due before the as-of date and not done) */
	int days;                   /**< due: days left; overdue: days late; else 0 */
} cus_plan_checkpoint;

typedef struct cus_checkpoint_iter cus_checkpoint_iter;

/**
 * Record a review (kind "review") or summary ("summary") of a plan done on a
 * date: it fulfils the earliest open one of its kind. Needs write on basic.
 * @param note     free text at most CUS_TEXT_MAX (sealed), or NULL
 * @param[out] number  which one it fulfilled (1, 2, ...), or NULL
 * @return 0; CUS_EINVAL (field "kind"; field "date": before the start, after
 *         today, or after the plan's end + 1 month; field "status": every one
 *         of that kind is done, of a closed plan every one due on or before
 *         its closing date); CUS_ENOTFOUND; CUS_EDENIED
 */
CUS_EXTERN(int) cus_plan_review(cus_session *s, int64_t plan, const char *kind, const char *date,
	const char *note, int *number);

/**
 * The schedule of a plan: every review and summary in due order (summaries
 * after reviews on the same day), with status as of as_of (NULL: today) and
 * a window of within days (>= 0). Of a closed plan, those due after its
 * closing date are listed only when done. Needs read on basic. Audited as
 * "plan.read".
 * @return 0; CUS_EINVAL (field "as_of", "within"); CUS_ENOTFOUND; CUS_EDENIED
 */
CUS_EXTERN(int) cus_plan_schedule(cus_checkpoint_iter **out, cus_session *s, int64_t plan, const char *as_of,
	int within);

/**
 * The reviews and summaries due or overdue on as_of over every plan in force:
 * not done, due on or before as_of + within days (within >= 0; 0: due today
 * or overdue), of plans not closed before their due date. Sorted by due
 * date, then plan. No names: plan, person id, coordinator, dates. Needs read
 * on basic. Audited as "plan.due".
 * @return 0; CUS_EINVAL (field "as_of", "within"); CUS_EDENIED
 */
CUS_EXTERN(int) cus_plan_due(cus_checkpoint_iter **out, cus_session *s, const char *as_of, int within);
CUS_EXTERN(int) cus_checkpoint_next(const cus_plan_checkpoint **out, cus_checkpoint_iter *it);
CUS_EXTERN(void) cus_checkpoint_iter_free(cus_checkpoint_iter *it);

/* ------------------------------------------------------------------------ */
/* Service deliveries                                                        */
/* ------------------------------------------------------------------------ */

#define CUS_DELIVERY_INPUT_VERSION 1

/** One delivery of a service to a person, as given to cus_delivery_add(). */
typedef struct {
	unsigned int version;       /**< CUS_DELIVERY_INPUT_VERSION */
	int64_t person;             /**< field "person" */
	const char *service;        /**< a service code (field "service") */
	const char *date;           /**< YYYY-MM-DD, not after today (field "date") */
	int64_t units;              /**< hundredths of the service's unit, > 0 and at most 100000000
	                                 (field "units") */
	int64_t cost;               /**< grosze, >= 0 (field "cost") */
	const char *provider;       /**< who delivered it (an organisation or the centre), at most
	                                 CUS_NAME_MAX characters, or NULL (field "provider") */
	const char *funding;        /**< one of the service's funding sources; NULL when the service has
	                                 only one (field "funding") */
} cus_delivery_input;

#define CUS_DELIVERY_INPUT_INIT { CUS_DELIVERY_INPUT_VERSION, 0, NULL, NULL, 0, 0, NULL, NULL }

/** Initialise an input to CUS_DELIVERY_INPUT_INIT. @return 0; CUS_EINVAL */
CUS_EXTERN(int) cus_delivery_input_init(cus_delivery_input *in, unsigned int version);

/**
 * Parse a number of units: digits with at most two decimals after ',' or
 * '.' ("1,5" is 150). @return 0; CUS_EINVAL (field "units") for anything else,
 * zero, a negative number or more than 1000000
 */
CUS_EXTERN(int) cus_units_parse(const char *s, int64_t *hundredths) CUS_WARN_UNUSED;

/**
 * Record a delivery. The person must hold a qualified application for the
 * service decided on or before the date (and not withdrawn before it): a
 * delivery before the qualification date is refused. Needs write on basic.
 * @param[out] id  the new delivery's id, or NULL
 * @return 0; CUS_EINVAL naming the field (no qualification covering the date:
 *         field "date"; a funding source not of the service: field "funding");
 *         CUS_ENOTFOUND (field "person"); CUS_EDENIED; CUS_ESHREDDED
 */
CUS_EXTERN(int) cus_delivery_add(cus_session *s, const cus_delivery_input *in, int64_t *id);

/** A delivery as read back. */
typedef struct {
	int64_t id;
	int64_t person_id;
	int64_t application_id;     /**< the qualified application it is delivered under */
	const char *service;
	const char *date;
	int64_t units;
	int64_t cost;
	const char *provider;       /**< or NULL */
	const char *funding;
	const char *created;
} cus_delivery;

typedef struct cus_delivery_iter cus_delivery_iter;

#define CUS_DELIVERY_FILTER_VERSION 1

/** Filter of cus_delivery_list(); 0 / NULL fields do not filter. */
typedef struct {
	unsigned int version;       /**< CUS_DELIVERY_FILTER_VERSION */
	int64_t person;
	const char *service;
	const char *from;           /**< inclusive */
	const char *to;             /**< inclusive */
} cus_delivery_filter;

#define CUS_DELIVERY_FILTER_INIT { CUS_DELIVERY_FILTER_VERSION, 0, NULL, NULL, NULL }

/**
 * Deliveries by date, then id. Needs read on basic.
 * @return 0; CUS_EINVAL (field "filter", "from", "to", "service"); CUS_ENOTFOUND
 *         (field "person": no such person); CUS_EDENIED
 */
CUS_EXTERN(int) cus_delivery_list(cus_delivery_iter **out, cus_session *s, const cus_delivery_filter *f);
CUS_EXTERN(int) cus_delivery_next(const cus_delivery **out, cus_delivery_iter *it);
CUS_EXTERN(void) cus_delivery_iter_free(cus_delivery_iter *it);

/* ------------------------------------------------------------------------ */
/* Imports                                                                   */
/* ------------------------------------------------------------------------ */

/**
 * Import applications from a CSV file (import.h: formats, detection,
 * atomicity, the report). Columns: person (an id) or pesel (one of the two in
 * each row), service, date, applicant, representative (a person id),
 * declaration_date, duration_months; Polish names accepted: osoba, usluga,
 * data, wnioskodawca, przedstawiciel, data_oswiadczenia, okres_miesiace.
 * Dates may be D.M.YYYY. Each row is checked as cus_application_add() checks
 * it, every bad row is listed, and only a file without a bad row is stored, in
 * one transaction with one audit entry ("application.import"). Needs write
 * on basic.
 */
CUS_EXTERN(int) cus_import_applications(cus_import_report **report, cus_session *s, const char *path,
	const cus_import_options *opts);

/**
 * Import deliveries from a CSV file. Columns: person or pesel, service, date,
 * units (as cus_units_parse()), cost (as cus_money_parse(): "123,45" is
 * 12345 grosze; empty is 0), provider, funding; Polish names accepted: osoba,
 * usluga, data, jednostki / liczba, koszt, wykonawca, zrodlo_finansowania.
 * Each row is checked as cus_delivery_add() checks it (a qualified application
 * covering the date included); all or nothing, one audit entry
 * ("delivery.import"). Needs write on basic.
 */
CUS_EXTERN(int) cus_import_deliveries(cus_import_report **report, cus_session *s, const char *path,
	const cus_import_options *opts);

#ifdef __cplusplus
}
#endif
#endif
