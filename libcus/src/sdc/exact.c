/* The additivity equations of a table and the exact disclosure check. */
#include <stdlib.h>
#include <string.h>

#include "sdc.h"

int cus__sdc_system_init(cus__sdc_system *s, size_t rows, size_t cols, unsigned int flags)
{
	memset(s, 0, sizeof *s);
	s->row_totals = (flags & CUS_SDC_ROW_TOTALS) != 0;
	s->col_totals = (flags & CUS_SDC_COLUMN_TOTALS) != 0;
	s->er = rows + (size_t)s->col_totals;
	s->ec = cols + (size_t)s->row_totals;
	s->ncells = s->er * s->ec;
	s->neq = (s->row_totals ? s->er : 0) + (s->col_totals ? s->ec : 0);
	size_t entries = (s->row_totals ? s->er * s->ec : 0) + (s->col_totals ? s->ec * s->er : 0);
	s->start = malloc((s->neq + 1) * sizeof *s->start);
	s->cell = malloc((entries ? entries : 1) * sizeof *s->cell);
	s->coef = malloc(entries ? entries : 1);
	s->eqs_of = malloc(2 * s->ncells * sizeof *s->eqs_of);
	if (!s->start || !s->cell || !s->coef || !s->eqs_of) {
		cus__sdc_system_free(s);
		return cus__error(CUS_ENOMEM, CUS__SDC_MODULE, NULL, "out of memory");
	}
	for (size_t i = 0; i < 2 * s->ncells; i++)
		s->eqs_of[i] = SIZE_MAX;
	size_t e = 0, k = 0;
	/* Row r of the extended grid: its cells sum to its total (the grand
	 * total for the row of column totals). */
	if (s->row_totals) {
		for (size_t r = 0; r < s->er; r++, e++) {
			s->start[e] = k;
			for (size_t c = 0; c < s->ec; c++, k++) {
				size_t id = r * s->ec + c;
				s->cell[k] = id;
				s->coef[k] = c == cols ? -1 : 1;
				s->eqs_of[2 * id] = e;
			}
		}
	}
	if (s->col_totals) {
		for (size_t c = 0; c < s->ec; c++, e++) {
			s->start[e] = k;
			for (size_t r = 0; r < s->er; r++, k++) {
				size_t id = r * s->ec + c;
				s->cell[k] = id;
				s->coef[k] = r == rows ? -1 : 1;
				s->eqs_of[2 * id + 1] = e;
			}
		}
	}
	s->start[e] = k;
	return 0;
}

void cus__sdc_system_free(cus__sdc_system *s)
{
	if (!s)
		return;
	free(s->start);
	free(s->cell);
	free(s->coef);
	free(s->eqs_of);
	memset(s, 0, sizeof *s);
}

void cus__sdc_work_free(cus__sdc_work *w)
{
	if (!w)
		return;
	free(w->a);
	free(w->col_cell);
	free(w->cell_col);
	free(w->row_eq);
	free(w->piv_row);
	free(w->used);
	free(w->nzcols);
	memset(w, 0, sizeof *w);
}

static int work_reserve(cus__sdc_work *w, const cus__sdc_system *s)
{
	if (w->a && w->mcap >= s->neq && w->ncap >= s->ncells)
		return 0;
	cus__sdc_work_free(w);
	size_t m = s->neq ? s->neq : 1, n = s->ncells ? s->ncells : 1;
	w->a = malloc(m * n * sizeof *w->a);
	w->col_cell = malloc(n * sizeof *w->col_cell);
	w->cell_col = malloc(n * sizeof *w->cell_col);
	w->row_eq = malloc(m * sizeof *w->row_eq);
	w->piv_row = malloc(n * sizeof *w->piv_row);
	w->used = malloc(m);
	w->nzcols = malloc(n * sizeof *w->nzcols);
	if (!w->a || !w->col_cell || !w->cell_col || !w->row_eq || !w->piv_row || !w->used || !w->nzcols) {
		cus__sdc_work_free(w);
		return cus__error(CUS_ENOMEM, CUS__SDC_MODULE, NULL, "out of memory");
	}
	w->mcap = m;
	w->ncap = n;
	return 0;
}

static int64_t gcd64(int64_t a, int64_t b)
{
	/* Both are non-negative here and not both INT64_MIN. */
	while (b) {
		int64_t t = a % b;
		a = b;
		b = t;
	}
	return a;
}

static int overflow(void)
{
	return cus__error(CUS_ERROR, CUS__SDC_MODULE, NULL,
		"the exact disclosure check overflowed 64-bit integers");
}

/* |x| for the values that occur here (never INT64_MIN: every result is
 * checked to stay within +-INT64_MAX). */
static int64_t abs64(int64_t x)
{
	return x < 0 ? -x : x;
}

/* Divide row i (n columns) by the gcd of its entries, so that entries of
 * general integer matrices stay small; rows of the totally unimodular
 * matrices of 2-D tables stay in {-1, 0, 1} and are left alone. */
static void reduce_row(int64_t *row, size_t n)
{
	int64_t g = 0;
	for (size_t c = 0; c < n && g != 1; c++)
		if (row[c])
			g = gcd64(g, abs64(row[c]));
	if (g > 1)
		for (size_t c = 0; c < n; c++)
			row[c] /= g;
}

int cus__sdc_determined(const cus__sdc_system *s, cus__sdc_work *w,
	const unsigned char *unknown, unsigned char *determined)
{
	memset(determined, 0, s->ncells);
	int rc = work_reserve(w, s);
	if (rc)
		return rc;
	/* Columns: the suppressed cells, in id order. */
	size_t n = 0;
	for (size_t i = 0; i < s->ncells; i++) {
		if (unknown[i]) {
			w->cell_col[i] = n;
			w->col_cell[n++] = i;
		} else {
			w->cell_col[i] = SIZE_MAX;
		}
	}
	if (n == 0)
		return 0;
	/* Rows: the equations with at least one suppressed cell. The published
	 * cells move to the right-hand side, which does not matter for whether
	 * a cell is determined (the system is consistent: the true table solves
	 * it). */
	size_t m = 0;
	for (size_t e = 0; e < s->neq; e++) {
		int any = 0;
		for (size_t k = s->start[e]; k < s->start[e + 1] && !any; k++)
			any = unknown[s->cell[k]] != 0;
		if (!any)
			continue;
		int64_t *row = w->a + m * n;
		memset(row, 0, n * sizeof *row);
		for (size_t k = s->start[e]; k < s->start[e + 1]; k++) {
			size_t col = w->cell_col[s->cell[k]];
			if (col != SIZE_MAX)
				row[col] += s->coef[k];
		}
		w->row_eq[m] = e;
		w->used[m] = 0;
		m++;
	}
	/* Gauss-Jordan elimination, column by column. Invariant: a row not yet
	 * used as a pivot is zero in every earlier column, so a pivot row is zero
	 * left of its pivot. */
	for (size_t j = 0; j < n; j++) {
		w->piv_row[j] = SIZE_MAX;
		size_t p = SIZE_MAX;
		int64_t best = 0;
		for (size_t i = 0; i < m; i++) {
			int64_t v = w->a[i * n + j];
			if (w->used[i] || !v)
				continue;
			if (p == SIZE_MAX || abs64(v) < best) {
				p = i;
				best = abs64(v);
				if (best == 1)
					break;
			}
		}
		if (p == SIZE_MAX)
			continue; /* a free column */
		w->used[p] = 1;
		w->piv_row[j] = p;
		int64_t *prow = w->a + p * n;
		size_t nz = 0;
		for (size_t c = j; c < n; c++)
			if (prow[c])
				w->nzcols[nz++] = c;
		int64_t f = prow[j];
		for (size_t i = 0; i < m; i++) {
			int64_t *row = w->a + i * n;
			int64_t g = row[j];
			if (i == p || !g)
				continue;
			if (g % f == 0) {
				/* row -= (g / f) * prow: only where prow is nonzero */
				int64_t q = g / f;
				for (size_t t = 0; t < nz; t++) {
					size_t c = w->nzcols[t];
					int64_t prod, res;
					if (__builtin_mul_overflow(q, prow[c], &prod) ||
					    __builtin_sub_overflow(row[c], prod, &res) || res == INT64_MIN)
						return overflow();
					row[c] = res;
				}
			} else {
				/* row = (f / d) * row - (g / d) * prow, then remove the
				 * row's content */
				int64_t d = gcd64(abs64(f), abs64(g));
				int64_t fa = f / d, ga = g / d;
				for (size_t c = 0; c < n; c++) {
					int64_t x, y, res;
					if (__builtin_mul_overflow(fa, row[c], &x) ||
					    __builtin_mul_overflow(ga, prow[c], &y) ||
					    __builtin_sub_overflow(x, y, &res) || res == INT64_MIN)
						return overflow();
					row[c] = res;
				}
				reduce_row(row, n);
			}
		}
	}
	/* Every pivot row is now a multiple of a row of the reduced row echelon
	 * form. A pivot column's cell is determined exactly when its row has no
	 * other nonzero entry (its unit vector is then that row); a free column's
	 * cell never is. */
	int count = 0;
	for (size_t j = 0; j < n; j++) {
		size_t p = w->piv_row[j];
		if (p == SIZE_MAX)
			continue;
		const int64_t *row = w->a + p * n;
		int alone = 1;
		for (size_t c = j + 1; c < n && alone; c++)
			alone = row[c] == 0;
		if (alone) {
			determined[w->col_cell[j]] = 1;
			count++;
		}
	}
	return count;
}
