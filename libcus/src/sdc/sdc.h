/* Statistical disclosure control: internal contract between the table, the
 * exact disclosure check and the suppression search. */
#ifndef CUS_SDC_INTERNAL_H
#define CUS_SDC_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "cus/sdc.h"
#include "../util/util.h"

#define CUS__SDC_MODULE "sdc"

/* The dense elimination matrix is (equations) x (cells with totals) int64s at
 * most: this bounds it (64 MiB). */
#define CUS__SDC_MAX_MATRIX ((size_t)8 * 1024 * 1024)

struct cus_sdc_table {
	size_t rows, cols;         /* body */
	size_t er, ec;             /* extended: with the totals row / column */
	unsigned int flags;
	int64_t *value;            /* er * ec, row-major over the extended grid */
	int64_t *contrib;          /* amounts only, else NULL */
	int64_t *largest;          /* amounts only, else NULL */
	int64_t *cost;
	unsigned char *given;      /* bit 0: value set, bit 1: contributors set, bit 2: cost set */
	unsigned char *status;     /* cus_sdc_status per cell, valid when protected_ */
	int protected_;
};

#define CUS__SDC_GIVEN_VALUE 1u
#define CUS__SDC_GIVEN_CONTRIB 2u
#define CUS__SDC_GIVEN_COST 4u

/*
 * The additivity equations of a shape: each is a list of cells (ids r * ec + c
 * of the extended grid) with coefficients +1 (a cell) and -1 (its total).
 */
typedef struct {
	size_t er, ec, ncells;
	int row_totals, col_totals;
	size_t neq;
	size_t *start;     /* neq + 1 offsets into cell / coef */
	size_t *cell;
	int8_t *coef;
	size_t *eqs_of;    /* per cell, up to 2 equation indices (SIZE_MAX: none) */
} cus__sdc_system;

CUS__HIDDEN int cus__sdc_system_init(cus__sdc_system *s, size_t rows, size_t cols, unsigned int flags);
CUS__HIDDEN void cus__sdc_system_free(cus__sdc_system *s);

/* Workspace of the exact check, reused across calls on one system. */
typedef struct {
	size_t mcap, ncap;
	int64_t *a;          /* mcap * ncap */
	size_t *col_cell;    /* the unknown cell of each matrix column */
	size_t *cell_col;    /* the matrix column of each cell, SIZE_MAX when published */
	size_t *row_eq;      /* the equation of each matrix row */
	size_t *piv_row;     /* per column: its pivot row or SIZE_MAX */
	unsigned char *used; /* per row */
	size_t *nzcols;      /* scratch: nonzero columns of the pivot row */
} cus__sdc_work;

CUS__HIDDEN void cus__sdc_work_free(cus__sdc_work *w);

/*
 * The exact disclosure check. unknown[i] != 0 marks the suppressed cells.
 * On return determined[i] = 1 for each suppressed cell whose value the
 * equations determine once every published value is substituted (its unit
 * vector lies in the row space of the constraint matrix restricted to the
 * suppressed cells), 0 otherwise. Gauss-Jordan elimination over the
 * integers with exact division and overflow checks.
 * Returns the number of determined cells; CUS_ENOMEM; CUS_ERROR on overflow
 * (errors recorded).
 */
CUS__HIDDEN int cus__sdc_determined(const cus__sdc_system *s, cus__sdc_work *w,
	const unsigned char *unknown, unsigned char *determined);

/*
 * The suppression search on one shape: primary[i] marks the primary cells,
 * cost[i] >= 0 the cost of suppressing cell i as a complement, eligible[i]
 * whether it may be one (not a zero cell). On return suppressed[i] marks the
 * pattern (primary cells included). Returns the number of suppressed cells;
 * CUS_ENOMEM; CUS_ERROR.
 */
CUS__HIDDEN int cus__sdc_search(const cus__sdc_system *s, const unsigned char *primary,
	const int64_t *cost, const unsigned char *eligible, unsigned char *suppressed);

#endif
