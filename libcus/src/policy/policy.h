/* Internal policy model: parsing, validation, storage and the permission
 * table the access module consults. */
#ifndef CUS_POLICY_POLICY_H
#define CUS_POLICY_POLICY_H

#include "cus/policy.h"
#include "../store/store.h"

typedef struct cus__policy cus__policy;

/* The schema of the policy tables (migration in store/migrations.c). */
CUS__HIDDEN extern const char cus__schema_policy[];

/* Category code <-> index (0 .. CUS_CATEGORY_COUNT-1); -1 when unknown. */
CUS__HIDDEN int cus__category_index(const char *name);

/* Parse and validate a policy text. On failure, the error names the source,
 * line, column and key (CUS_EINVAL; see cus/policy.h). *out may be NULL when
 * only checking. The text need not be NUL-terminated and is not kept. */
CUS__HIDDEN int cus__policy_parse(cus__policy **out, const char *source, const char *yaml, size_t len);
CUS__HIDDEN void cus__policy_free(cus__policy *p);

/* Read a policy file (at most CUS_POLICY_MAX_BYTES) into a NUL-terminated
 * buffer from malloc. CUS_ENOTFOUND, CUS_EIO, or CUS_EINVAL (at line 1,
 * column 1, field "(document)") when it is too large or not a regular file. */
CUS__HIDDEN int cus__policy_read_file(const char *path, char **out, size_t *len);

/* Store a validated policy text as the next version, inside the caller's
 * transaction (CUS_ERROR outside one). The text is validated again (CUS_EINVAL,
 * nothing stored). The handle's cache never hands out a version that was
 * rolled back: cus__policy_active() checks the newest row's version and hash. */
CUS__HIDDEN int cus__policy_store(cus_db *db, const char *source, const char *yaml, size_t len,
	const char *loaded_by, int64_t *version);

/* The active policy (the newest stored version), parsed once and cached in
 * the db handle. Every call checks the newest row's version and hash, so a
 * load by another connection or a rolled-back load is always seen. The
 * pointer stays valid until cus_db_close(). CUS_ENOTFOUND when none is
 * loaded; CUS_EINTEGRITY when the stored text does not match its hash. */
CUS__HIDDEN int cus__policy_active(cus_db *db, const cus__policy **out);

/* A stored version (0: the active one), cached like the active one. */
CUS__HIDDEN int cus__policy_get(cus_db *db, int64_t version, const cus__policy **out);

/* Forget the cached policy (after a rollback or a new load). Safe at any
 * time: pointers handed out stay valid until cus_db_close(), and the next
 * cus__policy_active() finds the right version again. */
CUS__HIDDEN void cus__policy_cache_clear(cus_db *db);

CUS__HIDDEN int64_t cus__policy_version(const cus__policy *p);
/* The TERYT code of the policy's municipality. */
CUS__HIDDEN const char *cus__policy_teryt(const cus__policy *p);
/* BLAKE2b-256 of the policy text, 64 hex digits. */
CUS__HIDDEN const char *cus__policy_hash(const cus__policy *p);
CUS__HIDDEN int cus__policy_has_purpose(const cus__policy *p, const char *purpose);
CUS__HIDDEN const char *cus__policy_legal_basis(const cus__policy *p, const char *purpose);
CUS__HIDDEN int cus__policy_has_role(const cus__policy *p, const char *role);
/* 1 when role may do every op of ops on category (index) for purpose; 0 for
 * anything unknown, for ops == 0 and for ops with bits other than CUS_OP_*. */
CUS__HIDDEN int cus__policy_role_allows(const cus__policy *p, const char *role, int category, unsigned ops,
	const char *purpose);
/* 1 when role has at least one permission for purpose. */
CUS__HIDDEN int cus__policy_role_has_purpose(const cus__policy *p, const char *role, const char *purpose);

/* What the parser of a section (sections.h) kept, or NULL when the file has
 * no such section. */
CUS__HIDDEN const void *cus__policy_section_data(const cus__policy *p, const char *key);

/* ---- the Programme (programme.c): areas, funding sources, services,
 * targets, stages. Every section is optional (older policies have none); a
 * policy with services has areas and funding sources. Strings and arrays stay
 * valid as long as the policy. Counts are 0 and lookups NULL when the
 * section is absent. ---- */

/* A service area of art. 2 ust. 1 of the CUS act. */
typedef struct {
	const char *code, *name;
} cus__area;

typedef enum {
	CUS__FUNDING_OWN_TASK,
	CUS__FUNDING_COMMISSIONED_TASK,
	CUS__FUNDING_ALCOHOL_FEES,
	CUS__FUNDING_EU_PROJECT,
	CUS__FUNDING_GOVERNMENT_PROGRAMME,
	CUS__FUNDING_STATE_BUDGET
} cus__funding_kind;

typedef struct {
	const char *code, *name;
	cus__funding_kind kind;
	const char *kind_name;   /* "own_task", ... as written */
	const char *project;     /* eu_project: the project's name; else NULL */
	const char *programme;   /* government_programme: its name, or NULL */
} cus__funding_source;

typedef enum {
	CUS__COND_IDENTITY,
	CUS__COND_RESIDENCE,
	CUS__COND_CHILD_UNDER,        /* value: the child's age limit in years */
	CUS__COND_AGE_MIN,            /* value: the minimum age in years */
	CUS__COND_MEDICAL_INDICATION,
	CUS__COND_MOBILITY_LIMITATION,
	CUS__COND_UNEMPLOYED,
	CUS__COND_MANUAL              /* the coordinator confirms text by hand */
} cus__condition_kind;

typedef struct {
	cus__condition_kind kind;
	const char *kind_name;   /* "identity", ... */
	int has_value;           /* child_under and age_min */
	int value;
	const char *text;        /* the wording the coordinator sees (Polish) */
} cus__condition;

typedef struct {
	const char *code, *name;
	const char *description;            /* or NULL */
	const cus__area *area;
	const char *unit;                    /* hour, visit, item, day, month, session, person */
	const cus__funding_source *const *funding;
	size_t nfunding;
	const cus__condition *conditions;   /* all must be met */
	size_t nconditions;
} cus__service;

typedef struct {
	const char *code, *description;
	int64_t number;
	const cus__service *const *services;   /* those that count toward it; none: every service */
	size_t nservices;
} cus__target;

typedef struct {
	const char *code, *name;
	const char *description;   /* or NULL */
	const char *from, *to;     /* YYYY-MM-DD, within the programme's period */
} cus__stage;

CUS__HIDDEN size_t cus__policy_area_count(const cus__policy *p);
CUS__HIDDEN const cus__area *cus__policy_area(const cus__policy *p, size_t i);
CUS__HIDDEN const cus__area *cus__policy_area_find(const cus__policy *p, const char *code);

CUS__HIDDEN size_t cus__policy_funding_count(const cus__policy *p);
CUS__HIDDEN const cus__funding_source *cus__policy_funding(const cus__policy *p, size_t i);
CUS__HIDDEN const cus__funding_source *cus__policy_funding_find(const cus__policy *p, const char *code);

CUS__HIDDEN size_t cus__policy_service_count(const cus__policy *p);
CUS__HIDDEN const cus__service *cus__policy_service(const cus__policy *p, size_t i);
CUS__HIDDEN const cus__service *cus__policy_service_find(const cus__policy *p, const char *code);

CUS__HIDDEN size_t cus__policy_target_count(const cus__policy *p);
CUS__HIDDEN const cus__target *cus__policy_target(const cus__policy *p, size_t i);
CUS__HIDDEN const cus__target *cus__policy_target_find(const cus__policy *p, const char *code);

/* The programme's period (NULL when the policy has no section 'programme')
 * and its stages in file order. */
CUS__HIDDEN const char *cus__policy_programme_from(const cus__policy *p);
CUS__HIDDEN const char *cus__policy_programme_to(const cus__policy *p);
CUS__HIDDEN const char *cus__policy_programme_name(const cus__policy *p);
CUS__HIDDEN size_t cus__policy_stage_count(const cus__policy *p);
CUS__HIDDEN const cus__stage *cus__policy_stage(const cus__policy *p, size_t i);
CUS__HIDDEN const cus__stage *cus__policy_stage_find(const cus__policy *p, const char *code);

#endif
