/* Internal case-work API: what the import module (bulk) and later modules
 * (retention, rights, indicators) use. Implemented in libcus/src/cases/. */
#ifndef CUS_CASES_CASES_H
#define CUS_CASES_CASES_H

#include "cus/cases.h"
#include "../registry/registry.h"

/* The schema of the case tables (migration 6 in store/migrations.c). */
CUS__HIDDEN extern const char cus__schema_cases[];

/* An application after validation (no database access beyond the session's
 * policy): the service exists in the session's policy, the dates are real,
 * the application date lies in the Programme period and not after today,
 * the declaration date is not before it nor after today, the applicant is
 * known, duration in 0..120. applicant points to a static string; service
 * to the policy's code (valid as long as the session). */
typedef struct {
	int64_t person;
	const char *service;
	char date[11];
	const char *applicant;
	int64_t representative;      /* 0: none */
	char declaration_date[11];
	int duration_months;
} cus__application_fields;

CUS__HIDDEN int cus__application_validate(cus_session *s, const cus_application_input *in,
	cus__application_fields *f);

/* Inside an operation opened with cus__access_begin (write on basic): check
 * that the person (field "person") and the representative (field
 * "representative") exist and are not erased, and insert the application as
 * submitted (no audit entry of its own). Uses cached statements: fit for
 * bulk. */
CUS__HIDDEN int cus__application_insert(cus_session *s, const cus__application_fields *f, int64_t *id);

/* A delivery after validation (no database access beyond the policy): the
 * service exists, the date is real and not after today, units in
 * 1..100000000, cost >= 0, provider normalised (owned, may be NULL),
 * funding resolved to one of the service's sources (points into the policy). */
typedef struct {
	int64_t person;
	const char *service;
	char date[11];
	int64_t units;
	int64_t cost;
	char *provider;
	const char *funding;
} cus__delivery_fields;

CUS__HIDDEN int cus__delivery_validate(cus_session *s, const cus_delivery_input *in, cus__delivery_fields *f);
CUS__HIDDEN void cus__delivery_fields_free(cus__delivery_fields *f);

/* Inside an operation opened with cus__access_begin (write on basic): find
 * the qualified application of (person, service) whose decision date is on
 * or before the date and that was not withdrawn before it (CUS_EINVAL field
 * "date" when none; CUS_ENOTFOUND field "person" when there is no such
 * person), and insert the delivery (no audit entry of its own). Uses cached
 * statements: fit for bulk (>= 100,000 rows/s). */
CUS__HIDDEN int cus__delivery_insert(cus_session *s, const cus__delivery_fields *f, int64_t *id);

/* The same with a cache for a bulk operation: each (person, service)'s
 * qualified applications are read once and remembered (valid while no
 * application changes: within one import), and the creation time is made
 * once a second. */
typedef struct cus__delivery_cache cus__delivery_cache;
CUS__HIDDEN int cus__delivery_cache_new(cus__delivery_cache **out);
CUS__HIDDEN void cus__delivery_cache_free(cus__delivery_cache *c);
CUS__HIDDEN int cus__delivery_insert_cached(cus_session *s, const cus__delivery_fields *f,
	cus__delivery_cache *cache, int64_t *id);

/* The calendar of a plan (cases.h, above CUS_PLAN_INPUT_VERSION): every
 * review (kind 0) and summary (kind 1) from start to end in due order. The
 * array is malloc'd (free()); for indicators and retention. */
typedef struct {
	char due[11];
	int kind;
	int number;
} cus__plan_slot;

CUS__HIDDEN int cus__plan_calendar(const char *start, const char *end, cus__plan_slot **out, size_t *n);

#endif
