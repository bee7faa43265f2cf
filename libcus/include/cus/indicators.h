/*
 * libcus — the Programme's evaluation indicators.
 *
 * An indicator is a measure (persons served, families served, deliveries,
 * units, cost, applications, decisions, plans, reviews), optionally divided
 * by another measure or by a target of the Programme and multiplied by a
 * factor (value = numerator / denominator × factor, as DHIS2 defines it),
 * restricted by filters (services, areas, funding sources, the services of a
 * target) and broken down by dimensions. The policy set defines the
 * Programme's indicators (section `indicators`, docs/POLICY.md): the
 * monitoring indicators of Tabela 5 and the attainment of the targets of
 * section 3, each with its evaluation criterion (relevance, efficiency,
 * effectiveness, impact, sustainability).
 *
 * Counting. Every cell is computed from the records, never from other
 * cells: a person who had three services in a month counts once in the
 * month's total and once in each service's cell (distinct counts), and
 * totals (the cells where a dimension is "all") are computed, not summed
 * from rounded or suppressed cells. Numerator and denominator are kept with
 * each value.
 *
 * Dimensions (codes): "month" ("2022-03"), "quarter" ("2022Q1"),
 * "half_year" ("2022H1"), "year" ("2022") — of the record's date (delivery
 * date, application date, decision date, review due date); "service" (a
 * service code), "area" (the service's area), "funding" (a funding source
 * code), "project" (the funding source code of an EU project, "none" for
 * other sources), "sex" ("F", "M"), "age_band" ("0-17", "18-29", "30-44",
 * "45-54", "55-64", "65-74", "75+": age on the window's last day, art. 112 of
 * the civil code), "family_type" ("single": no household or alone in it;
 * "with_children": the household has a member under 18 on the window's last
 * day; "other").
 *
 * Measures (codes) and the dimensions each allows:
 *   deliveries of services in the window (every dimension):
 *     "persons" distinct persons, "families" distinct households (a person
 *     without one is their own), "deliveries" count, "units" sum of units
 *     (hundredths), "cost" sum of cost (grosze), "services" distinct
 *     services delivered;
 *   applications (every dimension but funding and project):
 *     "applications" filed in the window (by their date), "qualified" and
 *     "refused" decided in the window (by the decision date), "decided" both
 *     of them, "withdrawn"
 *     (by the withdrawal date), "applicants" distinct persons who applied;
 *   plans (service, area, sex, age_band, family_type):
 *     "plans_active" plans in force on some day of the window (a plan lists
 *     several services: it counts once in each and once in the total);
 *   reviews (period dimensions, sex, age_band, family_type):
 *     "reviews_due" reviews and summaries of plans due in the window (not
 *     after the plan was closed), "reviews_on_time" those of them done on or
 *     before their due date.
 * A denominator is a measure of the same family, or "target" (the number of
 * the indicator's target; the indicator must name one).
 *
 * Access: computing indicators needs read on "reports" for the session's
 * purpose (the director's "reporting"); it reads records only in aggregate
 * and is audited as "indicators.compute" (detail: period, indicators, cells).
 */
#ifndef CUS_INDICATORS_H
#define CUS_INDICATORS_H

#include "common.h"
#include "access.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The most dimensions one indicator may be broken down by. */
#define CUS_INDICATOR_MAX_DIMS 4

/** An indicator defined in the policy. Strings belong to the database handle. */
typedef struct {
	const char *code;
	const char *name;           /**< Polish */
	const char *description;    /**< or NULL */
	const char *criterion;      /**< "relevance", "efficiency", "effectiveness", "impact",
	                                 "sustainability" */
	const char *measure;        /**< the numerator's measure */
	const char *denominator;    /**< a measure, "target", or NULL */
	int64_t factor;             /**< 1 unless given (100 for a percentage) */
	const char *target;         /**< a target code, or NULL: its services filter the records and its
	                                 number is the "target" denominator */
	int cumulative;             /**< the window runs from the Programme's start to the period's end */
	const char *const *by;      /**< the default breakdown (dimension codes) */
	size_t nby;
	const char *const *services;/**< filter: only these services (none: every service) */
	size_t nservices;
	const char *const *areas;   /**< filter: only services of these areas */
	size_t nareas;
	const char *const *funding; /**< filter: only deliveries funded by these sources */
	size_t nfunding;
} cus_indicator;

/**
 * The indicators of the active policy, in file order. The array belongs to the
 * database handle and stays valid until cus_db_close().
 * @return the count (>= 0); CUS_ENOTFOUND when no policy is loaded
 */
CUS_EXTERN(int) cus_indicator_list(const cus_indicator **out, cus_db *db);

/** Is code a dimension (1) or not (0)? */
CUS_EXTERN(int) cus_indicator_dimension_valid(const char *code);
/** Is code a measure (1) or not (0)? */
CUS_EXTERN(int) cus_indicator_measure_valid(const char *code);

#define CUS_INDICATOR_QUERY_VERSION 1

/** What to compute. */
typedef struct {
	unsigned int version;       /**< CUS_INDICATOR_QUERY_VERSION */
	const char *period;         /**< "2022", "2022H1", "2022Q3", "2022-03" (field "period") */
	/** one indicator of the policy, or NULL: every indicator (field "indicator") */
	const char *indicator;
	/** an ad hoc indicator instead (indicator NULL): a measure, an optional
	 * denominator measure and factor (0: 1) (fields "measure", "denominator",
	 * "factor") */
	const char *measure;
	const char *denominator;
	int64_t factor;
	/** the breakdown, or NULL / 0: each indicator's own (field "by": an
	 * unknown dimension, more than CUS_INDICATOR_MAX_DIMS, one twice, or one
	 * the measure does not allow) */
	const char *const *by;
	size_t nby;
	/** also the cells where one or more dimensions are "all" (totals) */
	int totals;
} cus_indicator_query;

#define CUS_INDICATOR_QUERY_INIT { CUS_INDICATOR_QUERY_VERSION, NULL, NULL, NULL, NULL, 0, NULL, 0, 1 }

/** Initialise a query to CUS_INDICATOR_QUERY_INIT. @return 0; CUS_EINVAL */
CUS_EXTERN(int) cus_indicator_query_init(cus_indicator_query *q, unsigned int version);

/** One computed cell of an indicator. */
typedef struct {
	const char *indicator;      /**< its code ("(ad hoc)" for an ad hoc query) */
	const char *name;
	const char *criterion;      /**< or NULL */
	const char *period;         /**< canonical period */
	const char *first;          /**< the window: first and last day */
	const char *last;
	size_t ndims;
	const char *const *dims;    /**< the dimension codes */
	const char *const *values;  /**< a value per dimension; NULL where the cell is the total over it */
	int64_t numerator;
	int has_denominator;
	int64_t denominator;        /**< 0 when there is none */
	int64_t factor;
	int has_value;              /**< 0 when the denominator is 0 */
	double value;               /**< numerator / denominator × factor (numerator × factor without one) */
	const char *unit;           /**< of the numerator: "persons", "families", "count", "units" (hundredths),
	                                 "grosze", "services", "plans", "reviews" */
} cus_indicator_value;

typedef struct cus_indicator_iter cus_indicator_iter;

/**
 * Compute indicators for a period. Cells come indicator by indicator in the
 * policy's order; within one, ordered by their dimension values (services,
 * areas and funding sources in the policy's order, periods and age bands in
 * time order, "F" before "M"), a total after the values of its dimension.
 * Only cells with records are listed (a cell with no record is 0), but every
 * total is listed.
 * @param[out] out  release with cus_indicator_iter_free()
 * @return 0; CUS_EINVAL (fields above); CUS_ENOTFOUND (no such indicator:
 *         field "indicator"); CUS_EDENIED (audited)
 */
CUS_EXTERN(int) cus_indicators_compute(cus_indicator_iter **out, cus_session *s, const cus_indicator_query *q);
/** @return 0; CUS_ITEROVER at the end. The value is owned by the iterator. */
CUS_EXTERN(int) cus_indicator_next(const cus_indicator_value **out, cus_indicator_iter *it);
/** The number of cells. */
CUS_EXTERN(size_t) cus_indicator_count(const cus_indicator_iter *it);
/** Cell i (0 <= i < cus_indicator_count()) without moving the iterator, or NULL. */
CUS_EXTERN(const cus_indicator_value *) cus_indicator_at(const cus_indicator_iter *it, size_t i);
CUS_EXTERN(void) cus_indicator_iter_free(cus_indicator_iter *it);

#ifdef __cplusplus
}
#endif
#endif
