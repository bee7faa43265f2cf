/* The tests' own disclosure checkers, independent of libcus's exact
 * elimination: floating-point orthogonal projection and graph bridges. They
 * are checked here too, on patterns whose answer is known by hand. */
#include <math.h>
#include <stdlib.h>

#include "sdc_tests.h"

shape shape_of(size_t rows, size_t cols, unsigned flags)
{
	shape s;
	s.rows = rows;
	s.cols = cols;
	s.row_totals = (flags & CUS_SDC_ROW_TOTALS) != 0;
	s.col_totals = (flags & CUS_SDC_COLUMN_TOTALS) != 0;
	s.er = rows + (size_t)s.col_totals;
	s.ec = cols + (size_t)s.row_totals;
	return s;
}

uint64_t rnd_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

int64_t rnd_range(uint64_t *state, int64_t lo, int64_t hi)
{
	return lo + (int64_t)(rnd_next(state) % (uint64_t)(hi - lo + 1));
}

unsigned char *statuses_of(const cus_sdc_table *t)
{
	shape s = shape_of(cus_sdc_table_rows(t), cus_sdc_table_cols(t), cus_sdc_table_flags(t));
	unsigned char *st = malloc(s.er * s.ec);
	ck_assert_ptr_nonnull(st);
	for (size_t r = 0; r < s.er; r++)
		for (size_t c = 0; c < s.ec; c++) {
			int v = cus_sdc_table_status(t, r, c);
			ck_assert_msg(v >= 0, "status (%zu, %zu): %s", r, c, cus_error_last()->message);
			st[r * s.ec + c] = (unsigned char)v;
		}
	return st;
}

/* The equations as dense rows over all cells of the extended grid; the
 * caller frees. Written from the definition: a row's cells minus its total,
 * a column's cells minus its total (for the totals row and column: the
 * totals minus the grand total). */
static double *equations(const shape *s, size_t *neq)
{
	size_t n = s->er * s->ec;
	size_t m = (s->row_totals ? s->er : 0) + (s->col_totals ? s->ec : 0);
	double *a = calloc(m ? m * n : 1, sizeof *a);
	ck_assert_ptr_nonnull(a);
	size_t e = 0;
	if (s->row_totals)
		for (size_t r = 0; r < s->er; r++, e++)
			for (size_t c = 0; c < s->ec; c++)
				a[e * n + r * s->ec + c] = c == s->cols ? -1.0 : 1.0;
	if (s->col_totals)
		for (size_t c = 0; c < s->ec; c++, e++)
			for (size_t r = 0; r < s->er; r++)
				a[e * n + r * s->ec + c] = r == s->rows ? -1.0 : 1.0;
	*neq = m;
	return a;
}

int check_float(const shape *s, const unsigned char *sup, unsigned char *det)
{
	size_t n = s->er * s->ec, m;
	double *a = equations(s, &m);
	/* restrict to the suppressed cells: zero the published columns */
	for (size_t e = 0; e < m; e++)
		for (size_t i = 0; i < n; i++)
			if (!sup[i])
				a[e * n + i] = 0.0;
	/* an orthonormal basis q[0..rank) of the row space */
	double *q = calloc(m ? m * n : 1, sizeof *q);
	ck_assert_ptr_nonnull(q);
	size_t rank = 0;
	for (size_t e = 0; e < m; e++) {
		double *v = q + rank * n;
		for (size_t i = 0; i < n; i++)
			v[i] = a[e * n + i];
		double norm0 = 0;
		for (size_t i = 0; i < n; i++)
			norm0 += v[i] * v[i];
		if (norm0 == 0)
			continue;
		for (int pass = 0; pass < 2; pass++)
			for (size_t b = 0; b < rank; b++) {
				double dot = 0;
				const double *w = q + b * n;
				for (size_t i = 0; i < n; i++)
					dot += v[i] * w[i];
				for (size_t i = 0; i < n; i++)
					v[i] -= dot * w[i];
			}
		double norm = 0;
		for (size_t i = 0; i < n; i++)
			norm += v[i] * v[i];
		if (norm <= 1e-14 * norm0)
			continue;
		norm = sqrt(norm);
		for (size_t i = 0; i < n; i++)
			v[i] /= norm;
		rank++;
	}
	/* e_i lies in the row space when its projection has length 1 */
	int count = 0;
	for (size_t i = 0; i < n; i++) {
		det[i] = 0;
		if (!sup[i])
			continue;
		double p = 0;
		for (size_t b = 0; b < rank; b++)
			p += q[b * n + i] * q[b * n + i];
		/* |P e_i|^2 = 1 exactly when e_i is in the row space; otherwise it
		 * is at most 1 - 1/(cells) or so for these small 0/1 systems */
		if (p > 1 - 1e-7) {
			det[i] = 1;
			count++;
		}
	}
	free(a);
	free(q);
	return count;
}

/* Bridges by Tarjan's lowlink, iterative-free recursion (graphs are small). */
typedef struct {
	const shape *s;
	const unsigned char *sup;
	int *disc, *low;
	int time;
	unsigned char *det;
	int count;
} bridges;

static void dfs(bridges *b, size_t v, size_t parent_edge)
{
	const shape *s = b->s;
	size_t nv = s->er + s->ec;
	b->disc[v] = b->low[v] = ++b->time;
	size_t lo = v < s->er ? s->er : 0, hi = v < s->er ? nv : s->er;
	for (size_t u = lo; u < hi; u++) {
		size_t cell = v < s->er ? v * s->ec + (u - s->er) : u * s->ec + (v - s->er);
		if (!b->sup[cell] || cell == parent_edge)
			continue;
		if (!b->disc[u]) {
			dfs(b, u, cell);
			if (b->low[u] < b->low[v])
				b->low[v] = b->low[u];
			if (b->low[u] > b->disc[v]) {
				b->det[cell] = 1;
				b->count++;
			}
		} else if (b->disc[u] < b->low[v]) {
			b->low[v] = b->disc[u];
		}
	}
}

int check_graph(const shape *s, const unsigned char *sup, unsigned char *det)
{
	size_t n = s->er * s->ec;
	memset(det, 0, n);
	int count = 0;
	if (s->row_totals && s->col_totals) {
		size_t nv = s->er + s->ec;
		bridges b = { s, sup, calloc(nv, sizeof(int)), calloc(nv, sizeof(int)), 0, det, 0 };
		ck_assert_ptr_nonnull(b.disc);
		ck_assert_ptr_nonnull(b.low);
		for (size_t v = 0; v < nv; v++)
			if (!b.disc[v])
				dfs(&b, v, SIZE_MAX);
		free(b.disc);
		free(b.low);
		return b.count;
	}
	if (s->row_totals) {
		for (size_t r = 0; r < s->er; r++) {
			size_t k = 0, last = 0;
			for (size_t c = 0; c < s->ec; c++)
				if (sup[r * s->ec + c]) {
					k++;
					last = r * s->ec + c;
				}
			if (k == 1) {
				det[last] = 1;
				count++;
			}
		}
	}
	if (s->col_totals) {
		for (size_t c = 0; c < s->ec; c++) {
			size_t k = 0, last = 0;
			for (size_t r = 0; r < s->er; r++)
				if (sup[r * s->ec + c]) {
					k++;
					last = r * s->ec + c;
				}
			if (k == 1) {
				det[last] = 1;
				count++;
			}
		}
	}
	return count;
}

int lonely_suppression(const shape *s, const unsigned char *sup)
{
	if (s->row_totals)
		for (size_t r = 0; r < s->er; r++) {
			int k = 0;
			for (size_t c = 0; c < s->ec; c++)
				k += sup[r * s->ec + c] != 0;
			if (k == 1)
				return 1;
		}
	if (s->col_totals)
		for (size_t c = 0; c < s->ec; c++) {
			int k = 0;
			for (size_t r = 0; r < s->er; r++)
				k += sup[r * s->ec + c] != 0;
			if (k == 1)
				return 1;
		}
	return 0;
}

/* The checkers agree with patterns worked out by hand, including the one
 * that shows that "two or more suppressions in every row and column" is not
 * enough. */
START_TEST(test_sdc_checker__known_patterns)
{
	/* 4 x 4 body with totals (extended 5 x 5). Two 2 x 2 blocks of
	 * suppressions, rows {0,1} x cols {0,1} and rows {2,3} x cols {2,3},
	 * joined by the cell (1, 2): every row and column has at least two
	 * suppressed cells, yet (1, 2) is a bridge, so it is determined. */
	shape s = shape_of(4, 4, CUS_SDC_TOTALS);
	unsigned char sup[25] = { 0 }, d1[25], d2[25];
	size_t cells[] = { 0 * 5 + 0, 0 * 5 + 1, 1 * 5 + 0, 1 * 5 + 1, 2 * 5 + 2, 2 * 5 + 3, 3 * 5 + 2, 3 * 5 + 3,
	                   1 * 5 + 2 };
	for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++)
		sup[cells[i]] = 1;
	ck_assert_int_eq(lonely_suppression(&s, sup), 0);
	ck_assert_int_eq(check_float(&s, sup, d1), 1);
	ck_assert_int_eq(check_graph(&s, sup, d2), 1);
	ck_assert(d1[1 * 5 + 2] && d2[1 * 5 + 2]);
	/* publishing the bridge leaves two safe blocks */
	sup[1 * 5 + 2] = 0;
	ck_assert_int_eq(check_float(&s, sup, d1), 0);
	ck_assert_int_eq(check_graph(&s, sup, d2), 0);
	/* one cell alone is determined; with its row total too, both are */
	memset(sup, 0, sizeof sup);
	sup[0] = 1;
	ck_assert_int_eq(check_float(&s, sup, d1), 1);
	sup[4] = 1;
	ck_assert_int_eq(check_float(&s, sup, d1), 2);
	ck_assert_int_eq(check_graph(&s, sup, d2), 2);
	/* the margin rectangle cell, row total, column total, grand total */
	sup[4 * 5 + 0] = sup[4 * 5 + 4] = 1;
	ck_assert_int_eq(check_float(&s, sup, d1), 0);
	ck_assert_int_eq(check_graph(&s, sup, d2), 0);

	/* a list with its total: one suppressed cell is determined, two are not */
	shape l = shape_of(3, 1, CUS_SDC_COLUMN_TOTALS);
	unsigned char ls[4] = { 1, 0, 0, 0 }, l1[4], l2[4];
	ck_assert_int_eq(check_float(&l, ls, l1), 1);
	ck_assert_int_eq(check_graph(&l, ls, l2), 1);
	ls[3] = 1;
	ck_assert_int_eq(check_float(&l, ls, l1), 0);
	ck_assert_int_eq(check_graph(&l, ls, l2), 0);

	/* no totals: nothing can be recomputed */
	shape z = shape_of(2, 2, 0);
	unsigned char zs[4] = { 1, 0, 0, 0 }, z1[4];
	ck_assert_int_eq(check_float(&z, zs, z1), 0);
}
END_TEST

/* On random patterns the two checkers agree, so either one failing a
 * library pattern is meaningful. */
START_TEST(test_sdc_checker__methods_agree)
{
	uint64_t st = 20240611;
	unsigned flag_sets[] = { 0, CUS_SDC_ROW_TOTALS, CUS_SDC_COLUMN_TOTALS, CUS_SDC_TOTALS };
	int determined_seen = 0, safe_seen = 0;
	for (int iter = 0; iter < 400; iter++) {
		shape s = shape_of((size_t)rnd_range(&st, 1, 7), (size_t)rnd_range(&st, 1, 6),
			flag_sets[rnd_range(&st, 0, 3)]);
		size_t n = s.er * s.ec;
		unsigned char *sup = calloc(n, 1), *d1 = calloc(n, 1), *d2 = calloc(n, 1);
		int density = (int)rnd_range(&st, 10, 70);
		for (size_t i = 0; i < n; i++)
			sup[i] = rnd_range(&st, 0, 99) < density;
		int a = check_float(&s, sup, d1), b = check_graph(&s, sup, d2);
		ck_assert_int_eq(a, b);
		ck_assert_mem_eq(d1, d2, n);
		determined_seen += a > 0;
		safe_seen += a == 0;
		free(sup);
		free(d1);
		free(d2);
	}
	ck_assert_int_gt(determined_seen, 50);
	ck_assert_int_gt(safe_seen, 50);
}
END_TEST

TCase *tcase_sdc_checker(void)
{
	TCase *tc = tcase_create("checker");
	tcase_add_test(tc, test_sdc_checker__known_patterns);
	tcase_add_test(tc, test_sdc_checker__methods_agree);
	return tc;
}
