/* Internal retention API: the rules of the policy section `retention`, the
 * due-date arithmetic, the per-person end of retention (used by the rights
 * module for the art. 15 export), and the disposal of one person's file. */
#ifndef CUS_RETENTION_RETENTION_H
#define CUS_RETENTION_RETENTION_H

#include "cus/retention.h"
#include "../policy/policy.h"
#include "../store/store.h"

/* The schema of the retention tables (migration 8 in store/migrations.c). */
CUS__HIDDEN extern const char cus__schema_retention[];

/* Kinds below this one belong to a person's case file. */
#define CUS__RK_PERSONAL 7

typedef enum {
	CUS__EV_CASE_CLOSED = 0,  /* the person's case closed: the latest event of any of their records */
	CUS__EV_LAST_SERVICE,     /* the person's last delivery (none: the case's closure) */
	CUS__EV_RECORD_CREATED,   /* the record's own date */
	CUS__EV_DECISION,         /* the application's decision or withdrawal; the run's decision */
	CUS__EV_PLAN_END,         /* the plan's closure, else its end */
	CUS__EV_VALIDITY_END,     /* the record's validity end, else its date */
	CUS__EV_PROJECT_END,      /* the project's end (period_to) */
	CUS__EV_COUNT
} cus__retention_event;

typedef enum {
	CUS__CAT_A = 0,           /* archival: kept, transferred to the state archive */
	CUS__CAT_B,               /* Bn: destroyed after n years */
	CUS__CAT_BE,              /* BEn: after n years, appraised by the state archive */
	CUS__CAT_BC               /* Bc: short-term, destroyed after use (the centre's period) */
} cus__retention_cat;

typedef struct {
	int kind;                 /* a cus_retention_kind */
	const char *category;     /* as written: "B10" */
	int cat;                  /* cus__retention_cat */
	int years;                /* the period (A: before transfer) */
	int event;                /* cus__retention_event */
	const char *symbol;       /* the JRWA symbol, e.g. "8210" */
	const char *title;        /* the JRWA heading, Polish */
	const char *basis;        /* what the rule rests on, or NULL */
} cus__retention_rule;

typedef struct {
	cus__retention_rule rules[CUS_RETENTION_KIND_COUNT];
	int has[CUS_RETENTION_KIND_COUNT];
	const char *approvers[32];
	size_t napprovers;
	const char *archive;      /* the state archive, or NULL */
	const char *unit;         /* the unit's name for the disposal list, or NULL */
} cus__retention_rules;

/* The rules of a policy, or NULL when it has no section `retention`. */
CUS__HIDDEN const cus__retention_rules *cus__policy_retention(const cus__policy *p);

CUS__HIDDEN const char *cus__retention_event_name(int event);
/* Is role an approver? */
CUS__HIDDEN int cus__retention_is_approver(const cus__retention_rules *r, const char *role);

/* The due day as yyyymmdd of an event yyyymmdd under a rule (0 for no event). */
CUS__HIDDEN int32_t cus__retention_due_int(const cus__retention_rule *rule, int32_t event);

/* yyyymmdd of "YYYY-MM-DD" (0 when NULL or malformed); back to text. */
CUS__HIDDEN int32_t cus__retention_date_int(const char *s);
CUS__HIDDEN void cus__retention_date_text(char out[11], int32_t d);

/* The latest date any of the person's records must be kept to: the due day
 * of their case file (the first day it may be disposed of), "YYYY-MM-DD".
 * "" when no rule applies (no section `retention`), or while the case is
 * open (an application awaits its decision) so that no end is known yet.
 * Reads only; runs inside the caller's transaction when one is open.
 * 0; CUS_ENOTFOUND (no such person); CUS_EINVAL. */
CUS__HIDDEN int cus__retention_person_end(cus_db *db, const cus__policy *p, int64_t person, char out[11]);

/* What the sweep knows about one person's file. */
typedef struct {
	int exists;
	int statistical;          /* a statistical subject or a tombstone: not a file */
	int open;                 /* an application awaits its decision */
	int32_t due;              /* yyyymmdd, 0 when no rule applies */
	int32_t event;            /* the latest event a period counts from */
	int32_t first;            /* the earliest date */
	int action;               /* destroy, transfer, appraisal (from the categories) */
	unsigned kinds;           /* bit k: has records of kind k (with or without a rule) */
	int64_t counts[CUS_RETENTION_KIND_COUNT];
	int held;                 /* a legal hold in force on as_of (or an art. 18 restriction) */
	int32_t hold_until;       /* the latest end of those holds, 0 when one has none */
} cus__retention_file;

/* The file of one person on as_of (yyyymmdd, for holds). */
CUS__HIDDEN int cus__retention_person_file(cus_db *db, const cus__policy *p, int64_t person, int32_t as_of,
	cus__retention_file *f);

/* Disposal of files, inside an open audited operation (and database
 * transaction): begin opens the key-store transaction; each person's
 * records are deleted, their statistical facts re-created under a new
 * subject, their key deleted (in the key-store transaction); commit_keys
 * commits the key store (before the database commits); end releases. */
typedef struct cus__dispose cus__dispose;
CUS__HIDDEN int cus__dispose_begin(cus__dispose **out, cus_db *db, const cus__policy *p);
CUS__HIDDEN int cus__dispose_person(cus__dispose *d, int64_t person, int64_t records[CUS_RETENTION_KIND_COUNT]);
CUS__HIDDEN int cus__dispose_commit_keys(cus__dispose *d);
CUS__HIDDEN void cus__dispose_end(cus__dispose *d);

/* "p-<id>" / "kind:<id>" target parsing: kind (a cus_retention_kind) and id. */
CUS__HIDDEN int cus__retention_parse_target(const char *target, int *kind, int64_t *id);

#endif
