/* Internals of the report module: the definition model (definition.c), the
 * computed model of a workbook (compute.c) and its writer (write.c). */
#ifndef CUS_REPORT_REPORT_H
#define CUS_REPORT_REPORT_H

#include <stdint.h>

#include "cus/report.h"
#include "cus/finance.h"
#include "cus/sdc.h"
#include "../util/util.h"

#define MODULE_REPORT "report"
#define REP__MAX_SHEETS 40
#define REP__MAX_BLOCKS 60
#define REP__MAX_VALUES 12
#define REP__TEXT_MAX 4000

/* ---- the definition ---- */

typedef enum { REP_TEXT, REP_TABLE, REP_BUDGET, REP_STRUCTURE, REP_INDICATORS } rep_kind;
typedef enum { REP_FMT_AUTO, REP_FMT_COUNT, REP_FMT_MONEY, REP_FMT_PERCENT, REP_FMT_UNITS, REP_FMT_DECIMAL } rep_fmt;
typedef enum { REP_CHART_NONE, REP_CHART_COLUMN, REP_CHART_BAR, REP_CHART_PIE, REP_CHART_LINE } rep_chart_type;

/* Budget columns (bits). */
enum {
	REP_BC_PLAN = 1, REP_BC_EXECUTED = 2, REP_BC_PCT = 4, REP_BC_BENEFICIARIES = 8, REP_BC_COST_PER_BEN = 16,
	REP_BC_UNITS = 32, REP_BC_COST_PER_UNIT = 64, REP_BC_SHARE = 128
};

typedef struct {
	char *indicator;        /* a policy indicator, or NULL */
	char *measure;          /* an ad hoc measure, or NULL */
	char *denominator;      /* ad hoc */
	int64_t factor;         /* ad hoc, 0: 1 */
	char *label;            /* or NULL: the indicator's name / the measure's Polish name */
	rep_fmt fmt;
	int line, column;
} rep_value;

typedef struct {
	rep_chart_type type;
	char *title;
	size_t series[REP__MAX_VALUES]; /* value (table) or column (budget) indices; none: the first */
	size_t nseries;
	int line, column;
} rep_chart;

typedef struct {
	rep_kind kind;
	int line, column;
	char *title, *note, *text;
	/* table */
	char *rows[2];
	size_t nrows;
	char *cols[1];
	size_t ncols;
	rep_value values[REP__MAX_VALUES];
	size_t nvalues;
	int totals;
	int compare;            /* also the previous period, and the change */
	/* budget */
	int budget_by;
	unsigned budget_cols;   /* REP_BC_* */
	/* structure: 0 spending, 1 financing */
	int structure_of;
	/* indicators */
	char **codes;
	size_t ncodes;
	int by_criterion;
	rep_chart chart;
} rep_block;

typedef struct {
	char *name, *title;
	rep_block *blocks;
	size_t nblocks;
	int line, column;
} rep_sheet;

struct cus_report_def {
	char *source;
	char *code, *title, *subtitle, *notes;
	int is_public;
	int k;                  /* public: the threshold; 0: the policy's */
	unsigned periods;       /* bits 1 << cus_period_kind */
	rep_sheet *sheets;
	size_t nsheets;
	char sha256[65];        /* of the definition's text */
};

/* ---- the computed model ---- */

/* A cell: a number in a unit, or suppressed. */
typedef enum { CELL_EMPTY, CELL_INT, CELL_RATIO, CELL_SUPPRESSED, CELL_NA } cell_kind;

typedef struct {
	cell_kind kind;
	int64_t num, den;       /* INT: num; RATIO: num / den * factor */
	int64_t factor;
	rep_fmt fmt;            /* how it is shown (never AUTO here) */
} rep_cell;

typedef struct {
	char *label;            /* Polish */
	char *key;              /* canonical: "area=family_support;service=*" */
	int level;              /* 0 data, 1 subtotal, 2 total; a heading row: -1 */
} rep_row;

typedef struct {
	char *label;
	char *key;              /* canonical: "persons_served@2022" */
	rep_fmt fmt;
	int chartable;          /* a series a chart may draw */
} rep_col;

/* One computed table: rows x columns of cells. */
typedef struct {
	const rep_block *blk;
	char *title;
	char *head;             /* the header of the row labels */
	rep_row *rows;
	size_t nrows;
	rep_col *cols;
	size_t ncols;
	rep_cell *cells;        /* nrows x ncols */
	size_t suppressed;
	char *note;             /* computed note (suppression), or NULL */
} rep_table;

typedef struct {
	const rep_sheet *sheet;
	rep_table *tables;      /* one per block (text blocks: a table with no rows) */
	size_t ntables;
} rep_sheet_out;

typedef struct {
	const cus_report_def *def;
	cus_period period, previous;
	int k;
	int policy_version;
	char policy_id[80], policy_name[400], policy_hash[65];
	char generated[21];
	rep_sheet_out *sheets;
	size_t nsheets;
	char snapshot[65];
	size_t cells, suppressed;
	/* the Metodologia sheet */
	rep_table method_indicators;
} rep_model;

struct cus__policy;
CUS__HIDDEN void cus__rep_model_free(rep_model *m);
CUS__HIDDEN int cus__rep_compute(rep_model *m, cus_session *s, const cus_report_def *d, const cus_period *per,
	cus_report_progress_fn progress, void *pctx, size_t *step, size_t steps);
CUS__HIDDEN int cus__rep_write(const rep_model *m, const char *path, int constant_memory, size_t *charts);

/* Polish names used by the writer too. */
CUS__HIDDEN const char *cus__rep_criterion_name(const char *code);
CUS__HIDDEN const char *cus__rep_criterion_description(const char *code);
CUS__HIDDEN const char *cus__rep_measure_name(const char *code);
CUS__HIDDEN const char *cus__rep_dim_name(const char *code);
CUS__HIDDEN void cus__rep_period_label(const cus_period *p, char *buf, size_t size);

/* strdup that records CUS_ENOMEM. */
CUS__HIDDEN char *cus__rep_strdup(const char *s);
CUS__HIDDEN char *cus__rep_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
