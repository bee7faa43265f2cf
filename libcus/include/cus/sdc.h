/*
 * libcus — statistical disclosure control (SDC) of published tables.
 *
 * Every table the centre publishes (the annual report to the town council)
 * goes through here first, so that no published number lets a reader learn
 * something about one person. Pure computation: no database, no session, no
 * personal data; thread-safe on distinct tables.
 *
 * A table has `rows` x `cols` cells, each with a value (int64_t: a count of
 * persons, families, deliveries, or an amount in grosze). It may have totals,
 * which are published cells too and may themselves be suppressed; they are
 * addressed by the indices just past the body:
 *
 *             col 0 .. cols-1        col `cols`
 *   row 0     cells                  row totals        (CUS_SDC_ROW_TOTALS)
 *   ...
 *   row `rows` column totals         grand total       (the grand total exists
 *             (CUS_SDC_COLUMN_TOTALS)                   when both are present)
 *
 * A 1-D table (a list with its total) is a rows x 1 table with
 * CUS_SDC_COLUMN_TOTALS: its total is the cell (rows, 0).
 *
 * Protection (cus_sdc_protect) runs in two steps:
 *
 *  1. Primary suppression (the cell itself is sensitive):
 *     - counts: 0 < n < k (k from the options; default 10, never below 3);
 *     - amounts (CUS_SDC_AMOUNTS), each cell with its number of contributors
 *       and its largest single contribution (art. 38 of the Polish act on
 *       public statistics): fewer than `min_contributors` (default and minimum
 *       3) contributors, or one contributor above `dominance_percent` (default
 *       and maximum 75) per cent of the cell.
 *     Zero cells (a count of 0, an amount with no contributors) are published:
 *     a structural zero discloses nobody. Totals are judged by the same rules.
 *
 *  2. Secondary (complementary) suppression, so that no suppressed cell can be
 *     recomputed from the published cells and totals. The attacker's
 *     knowledge is the system of additivity equations (each row sums to its
 *     total, each column to its total, the totals to the grand total) with
 *     every published value substituted; a suppressed cell is disclosed when
 *     that system determines its value, i.e. when its unit vector lies in the
 *     row space of the constraint matrix restricted to the suppressed cells.
 *     This is checked exactly (Gauss-Jordan elimination over the integers,
 *     no rounding). In particular no row or column is left with exactly one
 *     suppressed cell. Complementary cells are chosen greedily by cost
 *     (default: the cell's value, so that the least information is lost):
 *     for each disclosed primary cell, in cell order, the cheapest set of
 *     published cells that protects it given what is already suppressed
 *     (with both totals: the cheapest path closing a cycle through the
 *     cell in the bipartite graph of rows and columns, found by Dijkstra;
 *     with totals in one direction: the cheapest other cell of its row or
 *     column). Then every complementary cell whose removal keeps all
 *     primary cells protected is published again, most expensive first, and
 *     the final pattern is checked once more. Zero cells are never chosen as complements unless nothing else
 *     can protect a cell. The result is deterministic: the same input always
 *     gives the same pattern.
 *
 * The protection is against exact recomputation (linear disclosure). It does
 * not enforce protection intervals: with non-negative values a reader may
 * still bound a suppressed cell between 0 and the smallest sum it enters.
 *
 * Suppressed cells must be published as a mark ("x" in the GUS convention),
 * never as zero and never with their value; cus_sdc_table_status() says
 * which cells those are and why.
 *
 * Errors: module "sdc"; CUS_EINVAL with cus_error_last()->field naming the
 * argument or option ("k", "row", "value", ...). Messages may quote cell
 * positions and aggregate values, never anything about a person.
 */
#ifndef CUS_SDC_H
#define CUS_SDC_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** An SDC table: values, contributors, costs and, once protected, the status
 *  of every cell. Opaque; create with cus_sdc_table_new(). */
typedef struct cus_sdc_table cus_sdc_table;

/** Flags of cus_sdc_table_new(). Values are stable. */
enum {
	/** Each row has a total, at column index `cols`. */
	CUS_SDC_ROW_TOTALS = 1u << 0,
	/** Each column has a total, at row index `rows`. */
	CUS_SDC_COLUMN_TOTALS = 1u << 1,
	/** Both, and the grand total at (rows, cols). */
	CUS_SDC_TOTALS = CUS_SDC_ROW_TOTALS | CUS_SDC_COLUMN_TOTALS,
	/** Values are amounts (grosze) judged by the contributor and dominance
	 *  rules; without it they are counts judged by the threshold k. */
	CUS_SDC_AMOUNTS = 1u << 2
};

/** The status of a cell after protection. Values are stable. */
typedef enum {
	CUS_SDC_PUBLISHED = 0,        /**< shown with its value */
	CUS_SDC_SMALL_COUNT = 1,      /**< primary: a count with 0 < n < k */
	CUS_SDC_FEW_CONTRIBUTORS = 2, /**< primary: an amount with fewer than min_contributors contributors */
	CUS_SDC_DOMINANCE = 3,        /**< primary: one contributor above dominance_percent % of the amount */
	CUS_SDC_SECONDARY = 4         /**< complementary: suppressed so that a primary cell cannot be recomputed
	                                   (in cus_sdc_protect_periods(), also a cell primary in another period only) */
} cus_sdc_status;

/** The default threshold k: counts 1 to 9 are suppressed (also cus_sdc_k_default()). */
#define CUS_SDC_K_DEFAULT 10
/** The smallest k accepted (also cus_sdc_k_min()). */
#define CUS_SDC_K_MIN 3
/** Default and smallest min_contributors (art. 38; also cus_sdc_min_contributors_default()). */
#define CUS_SDC_MIN_CONTRIBUTORS 3
/** Default and largest dominance_percent (art. 38; also cus_sdc_dominance_default()). */
#define CUS_SDC_DOMINANCE_PERCENT 75
/** The largest number of body cells (rows * cols) of a table (also cus_sdc_max_cells()). */
#define CUS_SDC_MAX_CELLS 10000

CUS_EXTERN(int) cus_sdc_k_default(void);
CUS_EXTERN(int) cus_sdc_k_min(void);
CUS_EXTERN(int) cus_sdc_min_contributors_default(void);
CUS_EXTERN(int) cus_sdc_dominance_default(void);
CUS_EXTERN(int) cus_sdc_max_cells(void);

#define CUS_SDC_OPTIONS_VERSION 1

/** Options of cus_sdc_protect() and cus_sdc_protect_periods(). */
typedef struct {
	unsigned int version;   /**< CUS_SDC_OPTIONS_VERSION */
	/** Counts 0 < n < k are primary. Default 10; below 3 is refused. */
	int k;
	/** Amounts with 0 < contributors < this are primary. Default 3; below 3
	 *  is refused (art. 38). */
	int min_contributors;
	/** Amounts whose largest contribution is above this per cent of the cell
	 *  are primary (largest * 100 > dominance_percent * value). Default 75;
	 *  1 to 75 accepted (a weaker rule than art. 38 is refused). */
	int dominance_percent;
	/** 0 (default): totals set with cus_sdc_table_set() must equal the sum of
	 *  their cells (CUS_EINVAL otherwise). 1: the table is not additive
	 *  (distinct persons: someone in two cells is one person in the total);
	 *  the given totals are published and judged as they are, and secondary
	 *  suppression still protects against the additivity equations, the usual
	 *  conservative model. */
	int nonadditive;
} cus_sdc_options;

#define CUS_SDC_OPTIONS_INIT { CUS_SDC_OPTIONS_VERSION, CUS_SDC_K_DEFAULT, CUS_SDC_MIN_CONTRIBUTORS, \
	CUS_SDC_DOMINANCE_PERCENT, 0 }

/** Initialise options to their defaults. @return 0; CUS_EINVAL (field
 *  "options") when opts is NULL or version is unknown */
CUS_EXTERN(int) cus_sdc_options_init(cus_sdc_options *opts, unsigned int version);

/**
 * Check options without a table (cus_sdc_protect() checks them too).
 * @return 0; CUS_EINVAL for each option error cus_sdc_protect() names
 *         ("options", "k", "min_contributors", "dominance_percent",
 *         "nonadditive")
 */
CUS_EXTERN(int) cus_sdc_options_check(const cus_sdc_options *opts);

/**
 * A new table with every value 0.
 *
 * @param[out] out  the table, owned by the caller; release with
 *                  cus_sdc_table_free()
 * @param rows      body rows, 1 or more
 * @param cols      body columns, 1 or more (1 for a list)
 * @param flags     CUS_SDC_ROW_TOTALS, CUS_SDC_COLUMN_TOTALS (or
 *                  CUS_SDC_TOTALS), CUS_SDC_AMOUNTS, or 0
 * The exact check works on a dense matrix of (equations) x (cells with
 * totals) integers, so a table is also refused when that matrix would exceed
 * 8 Mi entries (64 MiB): a 100 x 100 table with totals is accepted, a
 * 2000 x 5 one with both totals is not (a 10000-item list is). A 60 x 15
 * table with totals is protected in about a millisecond (bench/sdc.c).
 *
 * @return 0; CUS_EINVAL when out is NULL (field "out"), rows or cols is 0
 *         (field "rows" / "cols"), rows * cols exceeds CUS_SDC_MAX_CELLS or
 *         the matrix bound above (field "rows"), or flags holds an unknown
 *         bit (field "flags"); CUS_ENOMEM
 */
CUS_EXTERN(int) cus_sdc_table_new(cus_sdc_table **out, size_t rows, size_t cols, unsigned int flags);

/** Release a table. Accepts NULL. */
CUS_EXTERN(void) cus_sdc_table_free(cus_sdc_table *t);

/** The table's body rows, body columns and flags (0 for NULL). */
CUS_EXTERN(size_t) cus_sdc_table_rows(const cus_sdc_table *t);
CUS_EXTERN(size_t) cus_sdc_table_cols(const cus_sdc_table *t);
CUS_EXTERN(unsigned int) cus_sdc_table_flags(const cus_sdc_table *t);

/**
 * Set a cell's value: a count, or an amount in grosze. For a total, the
 * value given is the published total (checked against its cells unless the
 * options say `nonadditive`); a total never set is computed as the sum of
 * its cells. Any change forgets an earlier protection.
 *
 * @param row, col  a body cell, or a total's index (see the top of this file)
 * @param value     0 or more
 * @return 0; CUS_EINVAL when t is NULL (field "table"), row or col is out of
 *         range or names a total the table does not have (field "row" /
 *         "col"), or value is negative (field "value")
 */
CUS_EXTERN(int) cus_sdc_table_set(cus_sdc_table *t, size_t row, size_t col, int64_t value);

/**
 * Set an amount cell's contributors (persons or entities whose amounts make
 * up the cell) and its largest single contribution, in grosze. For a total
 * not set this way, the contributors are the sum of its cells' and the
 * largest contribution the largest of its cells' (set it when one person
 * contributes to several cells). These figures are used only for the rules;
 * they are never published.
 *
 * At protection, every amount cell must be consistent: contributors 0 only
 * with value 0, largest <= value and value <= largest * contributors
 * (CUS_EINVAL, field "contributors" or "largest", naming the cell).
 *
 * @return 0; CUS_EINVAL when t is NULL (field "table"), the table is not an
 *         amount table (field "flags"), row or col is out of range (field
 *         "row" / "col"), contributors is negative (field "contributors") or
 *         largest is negative (field "largest")
 */
CUS_EXTERN(int) cus_sdc_table_set_contributors(cus_sdc_table *t, size_t row, size_t col,
	int64_t contributors, int64_t largest);

/**
 * Set the cost of suppressing a cell as a complement. The default cost is
 * the cell's value (the information lost); set a higher cost to keep a cell
 * published when possible (a headline figure), a lower one to prefer it.
 * Costs never make a pattern unsafe: they only choose among safe ones.
 *
 * @return 0; CUS_EINVAL when t is NULL (field "table"), row or col is out of
 *         range (field "row" / "col"), or cost is negative (field "cost")
 */
CUS_EXTERN(int) cus_sdc_table_set_cost(cus_sdc_table *t, size_t row, size_t col, int64_t cost);

/**
 * A cell's value: as set, or for a total never set the sum of its cells.
 * This is the true value, also for a suppressed cell: publish
 * cus_sdc_table_status() first.
 *
 * @return 0; CUS_EINVAL when t or value is NULL (field "table" / "value") or
 *         row or col is out of range (field "row" / "col")
 */
CUS_EXTERN(int) cus_sdc_table_value(const cus_sdc_table *t, size_t row, size_t col, int64_t *value);

/**
 * Protect a table: primary, then secondary suppression (see the top of this
 * file). The status of every cell is then read with cus_sdc_table_status().
 *
 * @param t     the table
 * @param opts  options, or NULL for the defaults
 * @return the number of suppressed cells (0 or more; totals included);
 *         CUS_EINVAL when t is NULL (field "table"); opts has an unknown
 *         version (field "options"); k is below 3 (field "k");
 *         min_contributors is below 3 (field "min_contributors");
 *         dominance_percent is outside 1-75 (field "dominance_percent");
 *         a given total differs from the sum of its cells and the table is
 *         not nonadditive (field "total"; the message names the total and
 *         gives both numbers and the difference); an amount cell is
 *         inconsistent (field "contributors" / "largest");
 *         CUS_ENOMEM; CUS_ERROR when the exact arithmetic would overflow
 *         (not possible for the tables described here) or a pattern fails
 *         its final check (a bug)
 */
CUS_EXTERN(int) cus_sdc_protect(cus_sdc_table *t, const cus_sdc_options *opts);

/**
 * Protect several tables of the same shape (one per period of a report)
 * with one common pattern: a cell suppressed in one is suppressed in all.
 * The primary cells of every table are suppressed in all of them, then
 * complementary cells are added until every table is protected; a
 * complement's cost is the sum of its costs over the tables, and a cell is a
 * zero cell only when it is zero in every table. Each table then reports its
 * own primary reasons; a cell primary only in another period is
 * CUS_SDC_SECONDARY in this one, even where its value here is 0.
 *
 * @param tables  n tables; each is given its statuses
 * @param n       1 or more
 * @param opts    options, or NULL for the defaults
 * @return the number of suppressed cells of the common pattern; CUS_EINVAL
 *         when tables is NULL or n is 0 (field "tables"), a table is NULL or
 *         its rows, columns or flags differ from the first one's (field
 *         "tables", the message names its index), and every error of
 *         cus_sdc_protect(); CUS_ENOMEM; CUS_ERROR
 */
CUS_EXTERN(int) cus_sdc_protect_periods(cus_sdc_table *const *tables, size_t n, const cus_sdc_options *opts);

/**
 * A cell's status after protection.
 *
 * @return a cus_sdc_status (>= 0); CUS_EINVAL when t is NULL (field
 *         "table"), the table has not been protected since it was last
 *         changed (field "table": a table never protected is never reported
 *         as publishable), or row or col is out of range (field "row" /
 *         "col")
 */
CUS_EXTERN(int) cus_sdc_table_status(const cus_sdc_table *t, size_t row, size_t col);

/** Is the status one that must not be published (primary or secondary)? */
CUS_EXTERN(int) cus_sdc_status_suppressed(int status);

/** The name of a status: "published", "small_count", "few_contributors",
 *  "dominance", "secondary"; "unknown" for another value. A static string. */
CUS_EXTERN(const char *) cus_sdc_status_name(int status);

#ifdef __cplusplus
}
#endif
#endif
