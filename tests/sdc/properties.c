/* Property tests on random tables (fixed seeds): hundreds of shapes,
 * thresholds and value mixes, each protected pattern checked with the tests'
 * own checkers. */
#include <stdio.h>
#include <stdlib.h>

#include "sdc_tests.h"

typedef struct {
	shape s;
	unsigned flags;
	int k, minc, dom;
	int64_t *value, *contrib, *largest;   /* extended grid, totals computed here */
} rtable;

static void rtable_free(rtable *r)
{
	free(r->value);
	free(r->contrib);
	free(r->largest);
}

/* A random table: zeros, small counts (or small/dominated amounts) and
 * ordinary values mixed in proportions that vary per table. */
static void rtable_totals(rtable *rt);

static void rtable_fill(rtable *rt, uint64_t *st, size_t rows, size_t cols, unsigned flags)
{
	int amounts = (flags & CUS_SDC_AMOUNTS) != 0;
	rt->flags = flags;
	rt->s = shape_of(rows, cols, rt->flags);
	size_t n = rt->s.er * rt->s.ec, ec = rt->s.ec;
	rt->value = calloc(n, sizeof(int64_t));
	rt->contrib = calloc(n, sizeof(int64_t));
	rt->largest = calloc(n, sizeof(int64_t));
	ck_assert(rt->value && rt->contrib && rt->largest);
	int pzero = (int)rnd_range(st, 0, 30), psmall = (int)rnd_range(st, 5, 50);
	for (size_t r = 0; r < rows; r++)
		for (size_t c = 0; c < cols; c++) {
			size_t id = r * ec + c;
			int roll = (int)rnd_range(st, 0, 99);
			if (roll < pzero)
				continue;
			if (!amounts) {
				rt->value[id] = roll < pzero + psmall ? rnd_range(st, 1, rt->k - 1)
				                                      : rnd_range(st, rt->k, rt->k * 20);
				continue;
			}
			int64_t nc = roll < pzero + psmall ? rnd_range(st, 1, 3) : rnd_range(st, 3, 30);
			int64_t v = 0, big = 0;
			for (int64_t i = 0; i < nc; i++) {
				int64_t x = rnd_range(st, 1, 100000);
				if (rnd_range(st, 0, 9) == 0)
					x *= 50;   /* now and then a dominant contributor */
				v += x;
				if (x > big)
					big = x;
			}
			rt->value[id] = v;
			rt->contrib[id] = nc;
			rt->largest[id] = big;
		}
	rtable_totals(rt);
}

static void rtable_make(rtable *rt, uint64_t *st, size_t maxr, size_t maxc, int amounts)
{
	static const unsigned flag_sets[] = { 0, CUS_SDC_ROW_TOTALS, CUS_SDC_COLUMN_TOTALS, CUS_SDC_TOTALS,
	                                      CUS_SDC_TOTALS, CUS_SDC_TOTALS };
	static const int ks[] = { 3, 5, 10, 10, 15, 25 };
	size_t rows = (size_t)rnd_range(st, 1, (int64_t)maxr), cols = (size_t)rnd_range(st, 1, (int64_t)maxc);
	unsigned flags = flag_sets[rnd_range(st, 0, 5)];
	if (cols == 1 && rnd_range(st, 0, 1))
		flags = CUS_SDC_COLUMN_TOTALS;  /* a list */
	rt->k = ks[rnd_range(st, 0, 5)];
	rt->minc = (int)rnd_range(st, 3, 4);
	rt->dom = rnd_range(st, 0, 2) ? 75 : (int)rnd_range(st, 50, 75);
	rtable_fill(rt, st, rows, cols, flags | (amounts ? CUS_SDC_AMOUNTS : 0));
}

/* Totals, as the library is expected to compute them. */
static void rtable_totals(rtable *rt)
{
	size_t rows = rt->s.rows, cols = rt->s.cols, ec = rt->s.ec;
	for (size_t r = 0; r < rt->s.er; r++)
		for (size_t c = 0; c < rt->s.ec; c++) {
			if (r < rows && c < cols)
				continue;
			size_t id = r * ec + c;
			for (size_t i = 0; i < rows; i++)
				for (size_t j = 0; j < cols; j++) {
					if ((r < rows && i != r) || (c < cols && j != c))
						continue;
					size_t b = i * ec + j;
					rt->value[id] += rt->value[b];
					rt->contrib[id] += rt->contrib[b];
					if (rt->largest[b] > rt->largest[id])
						rt->largest[id] = rt->largest[b];
				}
		}
}

static cus_sdc_table *rtable_load(const rtable *rt)
{
	cus_sdc_table *t = NULL;
	ck_assert_int_eq(cus_sdc_table_new(&t, rt->s.rows, rt->s.cols, rt->flags), 0);
	for (size_t r = 0; r < rt->s.rows; r++)
		for (size_t c = 0; c < rt->s.cols; c++) {
			size_t id = r * rt->s.ec + c;
			ck_assert_int_eq(cus_sdc_table_set(t, r, c, rt->value[id]), 0);
			if (rt->flags & CUS_SDC_AMOUNTS)
				ck_assert_int_eq(cus_sdc_table_set_contributors(t, r, c, rt->contrib[id], rt->largest[id]), 0);
		}
	return t;
}

static void rtable_options(const rtable *rt, cus_sdc_options *o)
{
	ck_assert_int_eq(cus_sdc_options_init(o, CUS_SDC_OPTIONS_VERSION), 0);
	o->k = rt->k;
	o->min_contributors = rt->minc;
	o->dominance_percent = rt->dom;
}

/* The primary reason of a cell by the rules, computed here. */
static int rule(const rtable *rt, size_t id)
{
	int64_t v = rt->value[id];
	if (!(rt->flags & CUS_SDC_AMOUNTS))
		return v > 0 && v < rt->k ? CUS_SDC_SMALL_COUNT : CUS_SDC_PUBLISHED;
	int64_t nc = rt->contrib[id];
	if (nc == 0)
		return CUS_SDC_PUBLISHED;
	if (nc < rt->minc)
		return CUS_SDC_FEW_CONTRIBUTORS;
	if ((double)rt->largest[id] * 100.0 > (double)rt->dom * (double)v)
		return CUS_SDC_DOMINANCE;
	return CUS_SDC_PUBLISHED;
}

typedef struct {
	long tables, cells, primaries, secondaries;
} tally;

/* Every property of one protected pattern. st: statuses on the extended grid. */
static void check_pattern(const rtable *rt, const unsigned char *st, int periods_mode, tally *ty)
{
	const shape *s = &rt->s;
	size_t n = s->er * s->ec;
	unsigned char *sup = calloc(n, 1), *d1 = calloc(n, 1), *d2 = calloc(n, 1), *prim = calloc(n, 1);
	ck_assert(sup && d1 && d2 && prim);
	for (size_t i = 0; i < n; i++) {
		sup[i] = cus_sdc_status_suppressed(st[i]);
		int want = rule(rt, i);
		prim[i] = want != CUS_SDC_PUBLISHED;
		/* (1) no published count in (0, k); no published amount breaking a rule;
		 * every primary reason is the rule's */
		if (want != CUS_SDC_PUBLISHED)
			ck_assert_msg(st[i] == want, "cell %zu: status %d, the rule says %d", i, st[i], want);
		else if (!periods_mode)
			ck_assert_msg(st[i] == CUS_SDC_PUBLISHED || st[i] == CUS_SDC_SECONDARY,
				"cell %zu: primary %d without a reason", i, st[i]);
		if (st[i] == CUS_SDC_PUBLISHED && !(rt->flags & CUS_SDC_AMOUNTS))
			ck_assert(rt->value[i] == 0 || rt->value[i] >= rt->k);
		/* zero cells are never complements (single tables: a zero here is
		 * a zero in the whole pattern) */
		if (!periods_mode && rt->value[i] == 0 && !(rt->flags & CUS_SDC_AMOUNTS))
			ck_assert_msg(!sup[i], "zero cell %zu suppressed", i);
		ty->cells++;
		ty->primaries += st[i] != CUS_SDC_PUBLISHED && st[i] != CUS_SDC_SECONDARY;
		ty->secondaries += st[i] == CUS_SDC_SECONDARY;
	}
	/* (2) nothing suppressed is determined by what is published, by two
	 * independent methods */
	ck_assert_int_eq(check_float(s, sup, d1), 0);
	ck_assert_int_eq(check_graph(s, sup, d2), 0);
	/* (3) no row or column with exactly one suppressed cell */
	ck_assert(!lonely_suppression(s, sup));
	/* (5) every complement is needed: publishing it discloses a primary cell */
	if (!periods_mode) {
		for (size_t i = 0; i < n; i++) {
			if (st[i] != CUS_SDC_SECONDARY)
				continue;
			sup[i] = 0;
			check_float(s, sup, d1);
			int disclosed = 0;
			for (size_t j = 0; j < n; j++)
				disclosed |= d1[j] && prim[j];
			ck_assert_msg(disclosed, "complement %zu is not needed", i);
			sup[i] = 1;
		}
	}
	free(sup);
	free(d1);
	free(d2);
	free(prim);
}

static void run_random(uint64_t seed, int count, size_t maxr, size_t maxc, int amounts, const char *label,
	long min_secondaries)
{
	uint64_t st = seed;
	tally ty = { 0 };
	for (int it = 0; it < count; it++) {
		rtable rt;
		rtable_make(&rt, &st, maxr, maxc, amounts);
		cus_sdc_table *t = rtable_load(&rt);
		cus_sdc_options o;
		rtable_options(&rt, &o);
		int n = cus_sdc_protect(t, &o);
		ck_assert_msg(n >= 0, "table %d: %s", it, cus_error_last()->message);
		/* totals as computed by the library */
		for (size_t r = 0; r < rt.s.er; r++)
			for (size_t c = 0; c < rt.s.ec; c++) {
				int64_t v;
				ck_assert_int_eq(cus_sdc_table_value(t, r, c, &v), 0);
				ck_assert_int_eq(v, rt.value[r * rt.s.ec + c]);
			}
		unsigned char *stat = statuses_of(t);
		int count_sup = 0;
		for (size_t i = 0; i < rt.s.er * rt.s.ec; i++)
			count_sup += cus_sdc_status_suppressed(stat[i]);
		ck_assert_int_eq(n, count_sup);
		check_pattern(&rt, stat, 0, &ty);
		ty.tables++;
		/* deterministic: the same input gives the same pattern */
		cus_sdc_table *again = rtable_load(&rt);
		ck_assert_int_eq(cus_sdc_protect(again, &o), n);
		unsigned char *stat2 = statuses_of(again);
		ck_assert_mem_eq(stat, stat2, rt.s.er * rt.s.ec);
		free(stat);
		free(stat2);
		cus_sdc_table_free(again);
		cus_sdc_table_free(t);
		rtable_free(&rt);
	}
	fprintf(stderr, "sdc %s: %ld tables, %ld cells, %ld primary, %ld secondary\n", label, ty.tables, ty.cells,
		ty.primaries, ty.secondaries);
	/* the generator must exercise secondary suppression for this to mean anything */
	ck_assert_int_gt(ty.primaries, count);
	ck_assert_int_ge(ty.secondaries, min_secondaries);
}

START_TEST(test_sdc_properties__random_counts)
{
	run_random(1, 800, 8, 6, 0, "counts 8x6", 800);
}
END_TEST

START_TEST(test_sdc_properties__random_amounts)
{
	run_random(2, 500, 8, 6, 1, "amounts 8x6", 500);
}
END_TEST

START_TEST(test_sdc_properties__random_larger)
{
	run_random(3, 100, 25, 12, 0, "counts 25x12", 200);
	run_random(4, 50, 25, 12, 1, "amounts 25x12", 60);
	run_random(7, 6, 60, 15, 0, "counts up to 60x15", 10);
}
END_TEST

START_TEST(test_sdc_properties__random_lists)
{
	run_random(5, 300, 30, 1, 0, "lists", 40);
}
END_TEST

TCase *tcase_sdc_properties(void)
{
	TCase *tc = tcase_create("properties");
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_sdc_properties__random_counts);
	tcase_add_test(tc, test_sdc_properties__random_amounts);
	tcase_add_test(tc, test_sdc_properties__random_larger);
	tcase_add_test(tc, test_sdc_properties__random_lists);
	return tc;
}

/* ---------------------------------------------------------------- periods */

START_TEST(test_sdc_periods__random)
{
	uint64_t st = 6;
	tally ty = { 0 };
	for (int it = 0; it < 250; it++) {
		int amounts = it % 3 == 2;
		size_t np = (size_t)rnd_range(&st, 2, 4);
		rtable rts[4];
		cus_sdc_table *ts[4];
		rtable_make(&rts[0], &st, 8, 6, amounts);
		for (size_t p = 1; p < np; p++) {
			/* the same shape and thresholds, other values */
			rts[p].k = rts[0].k;
			rts[p].minc = rts[0].minc;
			rts[p].dom = rts[0].dom;
			rtable_fill(&rts[p], &st, rts[0].s.rows, rts[0].s.cols, rts[0].flags);
		}
		for (size_t p = 0; p < np; p++)
			ts[p] = rtable_load(&rts[p]);
		cus_sdc_options o;
		rtable_options(&rts[0], &o);
		int n = cus_sdc_protect_periods(ts, np, &o);
		ck_assert_msg(n >= 0, "%s", cus_error_last()->message);
		size_t cells = rts[0].s.er * rts[0].s.ec;
		unsigned char *first = NULL;
		for (size_t p = 0; p < np; p++) {
			unsigned char *stat = statuses_of(ts[p]);
			/* (4) one pattern: the same cells suppressed in every period,
			 * protecting each of them */
			unsigned char *sup = malloc(cells);
			for (size_t i = 0; i < cells; i++)
				sup[i] = cus_sdc_status_suppressed(stat[i]);
			if (!first)
				first = sup;
			else {
				ck_assert_mem_eq(first, sup, cells);
				free(sup);
			}
			check_pattern(&rts[p], stat, 1, &ty);
			free(stat);
		}
		/* a cell primary in any period is suppressed in all */
		for (size_t i = 0; i < cells; i++)
			for (size_t p = 0; p < np; p++)
				if (rule(&rts[p], i) != CUS_SDC_PUBLISHED)
					ck_assert(first[i]);
		free(first);
		for (size_t p = 0; p < np; p++) {
			cus_sdc_table_free(ts[p]);
			rtable_free(&rts[p]);
		}
		ty.tables++;
	}
	fprintf(stderr, "sdc periods: %ld tables, %ld primary, %ld secondary\n", ty.tables, ty.primaries,
		ty.secondaries);
	ck_assert_int_gt(ty.secondaries, 100);
}
END_TEST

START_TEST(test_sdc_periods__union_of_primaries)
{
	/* two years of one list: the small cell moves, the pattern covers both */
	int64_t y1[] = { 3, 40, 50, 60 }, y2[] = { 45, 40, 50, 6 };
	cus_sdc_table *a = NULL, *b = NULL;
	ck_assert_int_eq(cus_sdc_table_new(&a, 4, 1, CUS_SDC_COLUMN_TOTALS), 0);
	ck_assert_int_eq(cus_sdc_table_new(&b, 4, 1, CUS_SDC_COLUMN_TOTALS), 0);
	for (size_t i = 0; i < 4; i++) {
		ck_assert_int_eq(cus_sdc_table_set(a, i, 0, y1[i]), 0);
		ck_assert_int_eq(cus_sdc_table_set(b, i, 0, y2[i]), 0);
	}
	cus_sdc_table *both[] = { a, b };
	ck_assert_int_eq(cus_sdc_protect_periods(both, 2, NULL), 2);
	ck_assert_int_eq(cus_sdc_table_status(a, 0, 0), CUS_SDC_SMALL_COUNT);
	ck_assert_int_eq(cus_sdc_table_status(a, 3, 0), CUS_SDC_SECONDARY);
	ck_assert_int_eq(cus_sdc_table_status(b, 0, 0), CUS_SDC_SECONDARY);
	ck_assert_int_eq(cus_sdc_table_status(b, 3, 0), CUS_SDC_SMALL_COUNT);
	for (size_t i = 1; i < 3; i++) {
		ck_assert_int_eq(cus_sdc_table_status(a, i, 0), CUS_SDC_PUBLISHED);
		ck_assert_int_eq(cus_sdc_table_status(b, i, 0), CUS_SDC_PUBLISHED);
	}
	/* separately, each year would have had its own pattern */
	ck_assert_int_eq(cus_sdc_protect(b, NULL), 2);
	ck_assert_int_eq(cus_sdc_table_status(b, 0, 0), CUS_SDC_PUBLISHED);
	ck_assert_int_eq(cus_sdc_table_status(b, 1, 0), CUS_SDC_SECONDARY);
	cus_sdc_table_free(a);
	cus_sdc_table_free(b);
}
END_TEST

TCase *tcase_sdc_periods(void)
{
	TCase *tc = tcase_create("periods");
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_sdc_periods__random);
	tcase_add_test(tc, test_sdc_periods__union_of_primaries);
	return tc;
}
