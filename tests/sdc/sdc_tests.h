/* Shared by the sdc suite's topic files. */
#ifndef CUS_TESTS_SDC_H
#define CUS_TESTS_SDC_H

#include <stdint.h>
#include <string.h>

#include "helpers.h"

TCase *tcase_sdc_checker(void);
TCase *tcase_sdc_cases(void);
TCase *tcase_sdc_errors(void);
TCase *tcase_sdc_properties(void);
TCase *tcase_sdc_periods(void);

/* A call failed with CUS_EINVAL from module sdc, naming the field. */
#define ck_assert_sdc_einval(call, fieldname) do { \
	int rc_ = (call); \
	const cus_error *e_ = cus_error_last(); \
	ck_assert_msg(rc_ == CUS_EINVAL, "%s returned %s (%s), expected CUS_EINVAL", #call, \
		cus_error_name(rc_), e_->message); \
	ck_assert_str_eq(e_->module, "sdc"); \
	ck_assert_msg(e_->field && strcmp(e_->field, fieldname) == 0, "%s: field %s, expected %s", #call, \
		e_->field ? e_->field : "(null)", fieldname); \
} while (0)

/*
 * The independent checker of the tests: it shares no code with libcus.
 * A pattern is described on the extended grid (er x ec cells, the totals row
 * and column included when present, row-major), sup[i] != 0 for suppressed.
 */
typedef struct {
	size_t rows, cols;      /* body */
	int row_totals, col_totals;
	size_t er, ec;
} shape;

shape shape_of(size_t rows, size_t cols, unsigned flags);

/* Floating point: det[i] = 1 when suppressed cell i lies in the row space of
 * the additivity equations restricted to the suppressed cells (orthogonal
 * projection, Gram-Schmidt with re-orthogonalisation, tolerance 1e-7).
 * Returns the number of determined cells. */
int check_float(const shape *s, const unsigned char *sup, unsigned char *det);

/* Combinatorial: with both totals a suppressed cell is determined exactly
 * when it is a bridge of the bipartite graph (extended rows and columns as
 * vertices, suppressed cells as edges); with one direction of totals when it
 * is the only suppressed cell of its equation; without totals never.
 * Returns the number of determined cells. */
int check_graph(const shape *s, const unsigned char *sup, unsigned char *det);

/* Does some equation (a row or column with its total) hold exactly one
 * suppressed cell? */
int lonely_suppression(const shape *s, const unsigned char *sup);

/* The statuses of a protected table, on its extended grid (malloc'd). */
unsigned char *statuses_of(const cus_sdc_table *t);

/* A deterministic generator (splitmix64). */
uint64_t rnd_next(uint64_t *state);
int64_t rnd_range(uint64_t *state, int64_t lo, int64_t hi); /* lo..hi inclusive */

#endif
