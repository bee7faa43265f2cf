/* Internals of the indicators module: the measures and dimensions, the
 * policy sections `indicators` and `disclosure`. */
#ifndef CUS_INDICATORS_INTERNAL_H
#define CUS_INDICATORS_INTERNAL_H

#include "cus/indicators.h"
#include "../policy/sections.h"
#include "../store/store.h"

/* The families of measures: where their records come from. */
typedef enum {
	CUS__SRC_DELIVERIES,
	CUS__SRC_APPLICATIONS,
	CUS__SRC_PLANS,
	CUS__SRC_REVIEWS
} cus__measure_source;

typedef enum {
	CUS__DIM_MONTH, CUS__DIM_QUARTER, CUS__DIM_HALF_YEAR, CUS__DIM_YEAR, CUS__DIM_SERVICE, CUS__DIM_AREA,
	CUS__DIM_FUNDING, CUS__DIM_PROJECT, CUS__DIM_SEX, CUS__DIM_AGE_BAND, CUS__DIM_FAMILY_TYPE,
	CUS__DIM_COUNT
} cus__dim;

typedef struct {
	const char *code;
	cus__measure_source source;
	const char *unit;
} cus__measure;

/* The measure of that code, or NULL. */
CUS__HIDDEN const cus__measure *cus__measure_find(const char *code);
/* The index of a dimension code, or -1. */
CUS__HIDDEN int cus__dim_find(const char *code);
CUS__HIDDEN const char *cus__dim_name(int dim);
/* May records of source be broken down by dim? */
CUS__HIDDEN int cus__dim_allowed(cus__measure_source source, int dim);

/* What the policy section `indicators` keeps: the public definitions. */
typedef struct {
	cus_indicator *items;
	size_t n;
} cus__indicators_data;

CUS__HIDDEN const cus__indicators_data *cus__policy_indicators(const cus__policy *p);

/* The disclosure rules of the policy (section `disclosure`; defaults when
 * absent): the smallest count published (k >= 3, default 10), the dominance
 * share in percent (default 75) and the fewest contributors of an amount
 * (default 3). */
typedef struct {
	int k;
	int dominance_percent;
	int min_contributors;
} cus__disclosure;

CUS__HIDDEN cus__disclosure cus__policy_disclosure(const cus__policy *p);

/* Compute a query on any connection holding the libcus schema (no session,
 * no audit): for benchmarks comparing an encrypted database with a plain
 * copy, and for reports that already hold an audited operation. */
CUS__HIDDEN int cus__indicators_run(cus_indicator_iter **out, sqlite3 *sql, const cus__policy *p,
	const cus_indicator_query *q);

/* n queries of the same period (CUS_EINVAL, field "period", otherwise) in
 * one pass: the records are read once; out[i] receives query i's cells (all
 * NULL on failure). */
CUS__HIDDEN int cus__indicators_run_many(cus_indicator_iter **out, sqlite3 *sql, const cus__policy *p,
	const cus_indicator_query *const *q, size_t n);

#endif
