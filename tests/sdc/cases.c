/* Hand-made tables whose protection is known: lists, 2 x 2, dominance, few
 * contributors, costs, tables without totals. */
#include <stdlib.h>

#include "sdc_tests.h"

/* A count table from a body of values (row-major). */
static cus_sdc_table *counts(size_t rows, size_t cols, unsigned flags, const int64_t *body)
{
	cus_sdc_table *t = NULL;
	ck_assert_int_eq(cus_sdc_table_new(&t, rows, cols, flags), 0);
	for (size_t r = 0; r < rows; r++)
		for (size_t c = 0; c < cols; c++)
			ck_assert_int_eq(cus_sdc_table_set(t, r, c, body[r * cols + c]), 0);
	return t;
}

#define ST(t, r, c) cus_sdc_table_status((t), (r), (c))

START_TEST(test_sdc_cases__list_one_small_cell)
{
	/* 3, 20, 30 and their total 53: the 3 is primary, and its cheapest
	 * complement is the 20 (cost = value); two cells suppressed. */
	int64_t v[] = { 3, 20, 30 };
	cus_sdc_table *t = counts(3, 1, CUS_SDC_COLUMN_TOTALS, v);
	ck_assert_int_eq(cus_sdc_protect(t, NULL), 2);
	ck_assert_int_eq(ST(t, 0, 0), CUS_SDC_SMALL_COUNT);
	ck_assert_int_eq(ST(t, 1, 0), CUS_SDC_SECONDARY);
	ck_assert_int_eq(ST(t, 2, 0), CUS_SDC_PUBLISHED);
	ck_assert_int_eq(ST(t, 3, 0), CUS_SDC_PUBLISHED);   /* the total */
	int64_t total = 0;
	ck_assert_int_eq(cus_sdc_table_value(t, 3, 0, &total), 0);
	ck_assert_int_eq(total, 53);
	ck_assert_str_eq(cus_sdc_status_name(ST(t, 0, 0)), "small_count");
	ck_assert_str_eq(cus_sdc_status_name(ST(t, 1, 0)), "secondary");
	ck_assert(cus_sdc_status_suppressed(ST(t, 1, 0)));
	ck_assert(!cus_sdc_status_suppressed(ST(t, 2, 0)));

	/* a cost steers the complement: keep the 20 published */
	ck_assert_int_eq(cus_sdc_table_set_cost(t, 1, 0, 1000), 0);
	ck_assert_int_eq(cus_sdc_protect(t, NULL), 2);
	ck_assert_int_eq(ST(t, 1, 0), CUS_SDC_PUBLISHED);
	ck_assert_int_eq(ST(t, 2, 0), CUS_SDC_SECONDARY);
	cus_sdc_table_free(t);
}
END_TEST

START_TEST(test_sdc_cases__list_zero_is_published)
{
	/* zero cells are structural: published, and never used as complements
	 * (the 0 would be the cheapest) */
	int64_t v[] = { 0, 4, 0, 25, 40 };
	cus_sdc_table *t = counts(5, 1, CUS_SDC_COLUMN_TOTALS, v);
	ck_assert_int_eq(cus_sdc_protect(t, NULL), 2);
	ck_assert_int_eq(ST(t, 0, 0), CUS_SDC_PUBLISHED);
	ck_assert_int_eq(ST(t, 1, 0), CUS_SDC_SMALL_COUNT);
	ck_assert_int_eq(ST(t, 2, 0), CUS_SDC_PUBLISHED);
	ck_assert_int_eq(ST(t, 3, 0), CUS_SDC_SECONDARY);
	ck_assert_int_eq(ST(t, 4, 0), CUS_SDC_PUBLISHED);
	cus_sdc_table_free(t);

	/* two small cells protect each other */
	int64_t w[] = { 2, 5, 30 };
	t = counts(3, 1, CUS_SDC_COLUMN_TOTALS, w);
	ck_assert_int_eq(cus_sdc_protect(t, NULL), 2);
	ck_assert_int_eq(ST(t, 2, 0), CUS_SDC_PUBLISHED);
	cus_sdc_table_free(t);
}
END_TEST

START_TEST(test_sdc_cases__two_by_two_all_four)
{
	int64_t v[] = { 4, 20, 30, 40 };
	cus_sdc_table *t = counts(2, 2, CUS_SDC_TOTALS, v);
	ck_assert_int_eq(cus_sdc_protect(t, NULL), 4);
	ck_assert_int_eq(ST(t, 0, 0), CUS_SDC_SMALL_COUNT);
	ck_assert_int_eq(ST(t, 0, 1), CUS_SDC_SECONDARY);
	ck_assert_int_eq(ST(t, 1, 0), CUS_SDC_SECONDARY);
	ck_assert_int_eq(ST(t, 1, 1), CUS_SDC_SECONDARY);
	for (size_t i = 0; i <= 2; i++) {
		ck_assert_int_eq(ST(t, i, 2), CUS_SDC_PUBLISHED);  /* row totals, grand total */
		ck_assert_int_eq(ST(t, 2, i), CUS_SDC_PUBLISHED);  /* column totals */
	}
	cus_sdc_table_free(t);
}
END_TEST

START_TEST(test_sdc_cases__small_total)
{
	/* a row of 2 + 3 = 5: both cells and the row total are primary; the
	 * row total needs its column (of totals) to hold another suppression */
	int64_t v[] = { 2, 3, 0, 40, 50, 60, 30, 20, 10 };
	cus_sdc_table *t = counts(3, 3, CUS_SDC_TOTALS, v);
	int n = cus_sdc_protect(t, NULL);
	ck_assert_int_ge(n, 4);
	ck_assert_int_eq(ST(t, 0, 0), CUS_SDC_SMALL_COUNT);
	ck_assert_int_eq(ST(t, 0, 1), CUS_SDC_SMALL_COUNT);
	ck_assert_int_eq(ST(t, 0, 2), CUS_SDC_PUBLISHED);    /* a zero */
	ck_assert_int_eq(ST(t, 0, 3), CUS_SDC_SMALL_COUNT);  /* its total, 5 */
	shape s = shape_of(3, 3, CUS_SDC_TOTALS);
	unsigned char *st = statuses_of(t), *sup = calloc(16, 1), det[16];
	for (size_t i = 0; i < 16; i++)
		sup[i] = cus_sdc_status_suppressed(st[i]);
	ck_assert_int_eq(check_float(&s, sup, det), 0);
	ck_assert_int_eq(lonely_suppression(&s, sup), 0);
	free(st);
	free(sup);
	cus_sdc_table_free(t);
}
END_TEST

START_TEST(test_sdc_cases__no_totals)
{
	/* without totals nothing can be recomputed: primaries only */
	int64_t v[] = { 4, 20, 30, 40 };
	cus_sdc_table *t = counts(2, 2, 0, v);
	ck_assert_int_eq(cus_sdc_protect(t, NULL), 1);
	ck_assert_int_eq(ST(t, 0, 0), CUS_SDC_SMALL_COUNT);
	ck_assert_int_eq(ST(t, 1, 1), CUS_SDC_PUBLISHED);
	cus_sdc_table_free(t);
}
END_TEST

START_TEST(test_sdc_cases__threshold_k)
{
	int64_t v[] = { 9, 10, 3, 100 };
	cus_sdc_table *t = counts(4, 1, CUS_SDC_COLUMN_TOTALS, v);
	cus_sdc_options o = CUS_SDC_OPTIONS_INIT;
	ck_assert_int_eq(o.k, 10);
	ck_assert_int_eq(cus_sdc_protect(t, &o), 2);          /* 9 and 3 protect each other */
	ck_assert_int_eq(ST(t, 0, 0), CUS_SDC_SMALL_COUNT);
	ck_assert_int_eq(ST(t, 1, 0), CUS_SDC_PUBLISHED);     /* 10 is not below k */
	ck_assert_int_eq(ST(t, 2, 0), CUS_SDC_SMALL_COUNT);
	o.k = 3;                                              /* the smallest k: only 1 and 2 */
	ck_assert_int_eq(cus_sdc_protect(t, &o), 0);
	ck_assert_int_eq(ST(t, 2, 0), CUS_SDC_PUBLISHED);
	o.k = 4;
	ck_assert_int_eq(cus_sdc_protect(t, &o), 2);          /* the 3, and the 9 as its complement */
	ck_assert_int_eq(ST(t, 2, 0), CUS_SDC_SMALL_COUNT);
	ck_assert_int_eq(ST(t, 0, 0), CUS_SDC_SECONDARY);
	cus_sdc_table_free(t);
}
END_TEST

/* An amount list: value (grosze), contributors, largest contribution. */
static cus_sdc_table *amounts(size_t n, const int64_t (*cells)[3])
{
	cus_sdc_table *t = NULL;
	ck_assert_int_eq(cus_sdc_table_new(&t, n, 1, CUS_SDC_COLUMN_TOTALS | CUS_SDC_AMOUNTS), 0);
	for (size_t i = 0; i < n; i++) {
		ck_assert_int_eq(cus_sdc_table_set(t, i, 0, cells[i][0]), 0);
		ck_assert_int_eq(cus_sdc_table_set_contributors(t, i, 0, cells[i][1], cells[i][2]), 0);
	}
	return t;
}

START_TEST(test_sdc_cases__dominance)
{
	static const int64_t cells[][3] = {
		{ 100000, 3, 80000 },   /* one contributor has 80 % > 75 %: dominance */
		{ 100000, 4, 75000 },   /* exactly 75 %: not above, published */
		{ 500000, 10, 60000 },
		{ 900000, 12, 90000 },
	};
	cus_sdc_table *t = amounts(4, cells);
	ck_assert_int_eq(cus_sdc_protect(t, NULL), 2);
	ck_assert_int_eq(ST(t, 0, 0), CUS_SDC_DOMINANCE);
	ck_assert_int_eq(ST(t, 1, 0), CUS_SDC_SECONDARY);     /* the cheapest complement */
	ck_assert_int_eq(ST(t, 2, 0), CUS_SDC_PUBLISHED);
	ck_assert_int_eq(ST(t, 4, 0), CUS_SDC_PUBLISHED);     /* the total: 29 contributors, largest 9 % */
	ck_assert_str_eq(cus_sdc_status_name(CUS_SDC_DOMINANCE), "dominance");

	/* a stricter rule (60 %) also catches the 75 % cell */
	cus_sdc_options o = CUS_SDC_OPTIONS_INIT;
	o.dominance_percent = 60;
	ck_assert_int_eq(cus_sdc_protect(t, &o), 2);
	ck_assert_int_eq(ST(t, 1, 0), CUS_SDC_DOMINANCE);
	cus_sdc_table_free(t);
}
END_TEST

START_TEST(test_sdc_cases__few_contributors)
{
	static const int64_t cells[][3] = {
		{ 250000, 2, 150000 },  /* two contributors: each knows the other's amount */
		{ 0, 0, 0 },            /* nobody: a structural zero, published */
		{ 400000, 5, 100000 },
		{ 300000, 3, 100000 },  /* three equal contributors: published */
		{ 800000, 9, 100000 },
	};
	cus_sdc_table *t = amounts(5, cells);
	ck_assert_int_eq(cus_sdc_protect(t, NULL), 2);
	ck_assert_int_eq(ST(t, 0, 0), CUS_SDC_FEW_CONTRIBUTORS);
	ck_assert_int_eq(ST(t, 1, 0), CUS_SDC_PUBLISHED);
	ck_assert_int_eq(ST(t, 3, 0), CUS_SDC_SECONDARY);
	ck_assert_int_eq(ST(t, 2, 0), CUS_SDC_PUBLISHED);
	ck_assert_str_eq(cus_sdc_status_name(CUS_SDC_FEW_CONTRIBUTORS), "few_contributors");
	/* a stricter minimum of 4 contributors makes the 3 primary */
	cus_sdc_options o = CUS_SDC_OPTIONS_INIT;
	o.min_contributors = 4;
	ck_assert_int_eq(cus_sdc_protect(t, &o), 2);
	ck_assert_int_eq(ST(t, 3, 0), CUS_SDC_FEW_CONTRIBUTORS);
	cus_sdc_table_free(t);
}
END_TEST

START_TEST(test_sdc_cases__amount_totals)
{
	/* The same person in both cells of a row: the row total's largest
	 * contribution, given explicitly, is dominant although no cell is. */
	cus_sdc_table *t = NULL;
	ck_assert_int_eq(cus_sdc_table_new(&t, 2, 2, CUS_SDC_TOTALS | CUS_SDC_AMOUNTS), 0);
	int64_t v[2][2] = { { 400, 400 }, { 900, 1200 } };
	for (size_t r = 0; r < 2; r++)
		for (size_t c = 0; c < 2; c++) {
			ck_assert_int_eq(cus_sdc_table_set(t, r, c, v[r][c]), 0);
			ck_assert_int_eq(cus_sdc_table_set_contributors(t, r, c, 4, v[r][c] / 2), 0);
		}
	ck_assert_int_eq(cus_sdc_protect(t, NULL), 0);
	ck_assert_int_eq(cus_sdc_table_set_contributors(t, 0, 2, 5, 700), 0);
	int n = cus_sdc_protect(t, NULL);
	ck_assert_int_ge(n, 2);
	ck_assert_int_eq(ST(t, 0, 2), CUS_SDC_DOMINANCE);
	shape s = shape_of(2, 2, CUS_SDC_TOTALS);
	unsigned char *st = statuses_of(t), sup[9], det[9];
	for (size_t i = 0; i < 9; i++)
		sup[i] = cus_sdc_status_suppressed(st[i]);
	ck_assert_int_eq(check_graph(&s, sup, det), 0);
	free(st);
	cus_sdc_table_free(t);
}
END_TEST

START_TEST(test_sdc_cases__nonadditive_totals)
{
	/* distinct persons: 12 + 15 served in two quarters, but 20 persons in
	 * the half-year (7 came in both) */
	int64_t v[] = { 12, 15 };
	cus_sdc_table *t = counts(1, 2, CUS_SDC_ROW_TOTALS, v);
	ck_assert_int_eq(cus_sdc_table_set(t, 0, 2, 20), 0);
	ck_assert_sdc_einval(cus_sdc_protect(t, NULL), "total");
	ck_assert_ptr_nonnull(strstr(cus_error_last()->message, "difference -7"));
	cus_sdc_options o = CUS_SDC_OPTIONS_INIT;
	o.nonadditive = 1;
	ck_assert_int_eq(cus_sdc_protect(t, &o), 0);
	int64_t x = 0;
	ck_assert_int_eq(cus_sdc_table_value(t, 0, 2, &x), 0);
	ck_assert_int_eq(x, 20);
	cus_sdc_table_free(t);
}
END_TEST

START_TEST(test_sdc_cases__deterministic)
{
	int64_t v[] = { 4, 20, 30, 7, 40, 50, 60, 2, 11, 13, 8, 90 };
	unsigned char *first = NULL;
	for (int i = 0; i < 3; i++) {
		cus_sdc_table *t = counts(3, 4, CUS_SDC_TOTALS, v);
		ck_assert_int_ge(cus_sdc_protect(t, NULL), 0);
		unsigned char *st = statuses_of(t);
		if (!first)
			first = st;
		else {
			ck_assert_mem_eq(first, st, 20);
			free(st);
		}
		cus_sdc_table_free(t);
	}
	free(first);
}
END_TEST

TCase *tcase_sdc_cases(void)
{
	TCase *tc = tcase_create("cases");
	tcase_add_test(tc, test_sdc_cases__list_one_small_cell);
	tcase_add_test(tc, test_sdc_cases__list_zero_is_published);
	tcase_add_test(tc, test_sdc_cases__two_by_two_all_four);
	tcase_add_test(tc, test_sdc_cases__small_total);
	tcase_add_test(tc, test_sdc_cases__no_totals);
	tcase_add_test(tc, test_sdc_cases__threshold_k);
	tcase_add_test(tc, test_sdc_cases__dominance);
	tcase_add_test(tc, test_sdc_cases__few_contributors);
	tcase_add_test(tc, test_sdc_cases__amount_totals);
	tcase_add_test(tc, test_sdc_cases__nonadditive_totals);
	tcase_add_test(tc, test_sdc_cases__deterministic);
	return tc;
}

/* ---------------------------------------------------------------- errors */

START_TEST(test_sdc_errors__arguments)
{
	cus_sdc_table *t = NULL;
	ck_assert_sdc_einval(cus_sdc_table_new(NULL, 2, 2, 0), "out");
	ck_assert_sdc_einval(cus_sdc_table_new(&t, 0, 2, 0), "rows");
	ck_assert_ptr_null(t);
	ck_assert_sdc_einval(cus_sdc_table_new(&t, 2, 0, 0), "cols");
	ck_assert_sdc_einval(cus_sdc_table_new(&t, 2, 2, 0x80), "flags");
	ck_assert_sdc_einval(cus_sdc_table_new(&t, 101, 100, 0), "rows");
	ck_assert_sdc_einval(cus_sdc_table_new(&t, 10000, 1, CUS_SDC_TOTALS), "rows");  /* too big to check */
	ck_assert_int_eq(cus_sdc_table_new(&t, 10000, 1, CUS_SDC_COLUMN_TOTALS), 0);    /* a long list is fine */
	cus_sdc_table_free(t);
	cus_sdc_table_free(NULL);

	ck_assert_int_eq(cus_sdc_table_new(&t, 2, 3, CUS_SDC_ROW_TOTALS), 0);
	ck_assert_int_eq(cus_sdc_table_rows(t), 2);
	ck_assert_int_eq(cus_sdc_table_cols(t), 3);
	ck_assert_uint_eq(cus_sdc_table_flags(t), CUS_SDC_ROW_TOTALS);
	ck_assert_sdc_einval(cus_sdc_table_set(NULL, 0, 0, 1), "table");
	ck_assert_sdc_einval(cus_sdc_table_set(t, 2, 0, 1), "row");      /* no column totals */
	ck_assert_int_eq(cus_sdc_table_set(t, 1, 3, 1), 0);              /* a row total */
	ck_assert_sdc_einval(cus_sdc_table_set(t, 0, 4, 1), "col");
	ck_assert_sdc_einval(cus_sdc_table_set(t, 0, 0, -1), "value");
	ck_assert_sdc_einval(cus_sdc_table_set_cost(t, 0, 0, -1), "cost");
	ck_assert_sdc_einval(cus_sdc_table_set_contributors(t, 0, 0, 3, 1), "flags");
	int64_t x;
	ck_assert_sdc_einval(cus_sdc_table_value(t, 0, 0, NULL), "value");
	ck_assert_sdc_einval(cus_sdc_table_value(t, 5, 0, &x), "row");
	/* never protected: no status, so nothing is published by mistake */
	ck_assert_sdc_einval(cus_sdc_table_status(t, 0, 0), "table");
	ck_assert_sdc_einval(cus_sdc_protect(NULL, NULL), "table");
	ck_assert_int_eq(cus_sdc_table_set(t, 1, 3, 0), 0);
	ck_assert_int_eq(cus_sdc_protect(t, NULL), 0);
	ck_assert_int_eq(cus_sdc_table_status(t, 0, 0), CUS_SDC_PUBLISHED);
	ck_assert_sdc_einval(cus_sdc_table_status(t, 0, 4), "col");
	/* a change forgets the protection */
	ck_assert_int_eq(cus_sdc_table_set(t, 0, 0, 5), 0);
	ck_assert_sdc_einval(cus_sdc_table_status(t, 0, 0), "table");
	ck_assert_str_eq(cus_sdc_status_name(99), "unknown");
	cus_sdc_table_free(t);
}
END_TEST

START_TEST(test_sdc_errors__options)
{
	cus_sdc_table *t = NULL;
	ck_assert_int_eq(cus_sdc_table_new(&t, 2, 1, CUS_SDC_COLUMN_TOTALS), 0);
	cus_sdc_options o;
	ck_assert_int_eq(cus_sdc_options_init(&o, CUS_SDC_OPTIONS_VERSION), 0);
	ck_assert_int_eq(o.k, cus_sdc_k_default());
	ck_assert_int_eq(o.k, 10);
	ck_assert_int_eq(o.min_contributors, cus_sdc_min_contributors_default());
	ck_assert_int_eq(o.dominance_percent, cus_sdc_dominance_default());
	ck_assert_int_eq(cus_sdc_k_min(), 3);
	ck_assert_int_eq(cus_sdc_max_cells(), CUS_SDC_MAX_CELLS);
	ck_assert_sdc_einval(cus_sdc_options_init(&o, 99), "options");
	ck_assert_sdc_einval(cus_sdc_options_init(NULL, CUS_SDC_OPTIONS_VERSION), "options");
	o.k = 2;
	ck_assert_sdc_einval(cus_sdc_protect(t, &o), "k");
	ck_assert_ptr_nonnull(strstr(cus_error_last()->message, "at least 3"));
	o.k = -5;
	ck_assert_sdc_einval(cus_sdc_protect(t, &o), "k");
	o.k = 10;
	o.min_contributors = 2;
	ck_assert_sdc_einval(cus_sdc_protect(t, &o), "min_contributors");
	o.min_contributors = 3;
	o.dominance_percent = 80;
	ck_assert_sdc_einval(cus_sdc_protect(t, &o), "dominance_percent");
	o.dominance_percent = 0;
	ck_assert_sdc_einval(cus_sdc_protect(t, &o), "dominance_percent");
	o.dominance_percent = 75;
	o.version = 7;
	ck_assert_sdc_einval(cus_sdc_protect(t, &o), "options");
	o.version = CUS_SDC_OPTIONS_VERSION;
	o.nonadditive = 2;
	ck_assert_sdc_einval(cus_sdc_protect(t, &o), "nonadditive");
	o.nonadditive = 0;
	ck_assert_int_eq(cus_sdc_protect(t, &o), 0);
	cus_sdc_table_free(t);
}
END_TEST

START_TEST(test_sdc_errors__inconsistent_input)
{
	cus_sdc_table *t = NULL;
	/* a given total that does not add up names both numbers */
	ck_assert_int_eq(cus_sdc_table_new(&t, 2, 1, CUS_SDC_COLUMN_TOTALS), 0);
	ck_assert_int_eq(cus_sdc_table_set(t, 0, 0, 30), 0);
	ck_assert_int_eq(cus_sdc_table_set(t, 1, 0, 20), 0);
	ck_assert_int_eq(cus_sdc_table_set(t, 2, 0, 51), 0);
	ck_assert_sdc_einval(cus_sdc_protect(t, NULL), "total");
	ck_assert_ptr_nonnull(strstr(cus_error_last()->message, "51"));
	ck_assert_ptr_nonnull(strstr(cus_error_last()->message, "50"));
	ck_assert_sdc_einval(cus_sdc_table_status(t, 0, 0), "table");   /* a failed protection protects nothing */
	ck_assert_int_eq(cus_sdc_table_set(t, 2, 0, 50), 0);
	ck_assert_int_eq(cus_sdc_protect(t, NULL), 0);
	/* sums that overflow */
	ck_assert_int_eq(cus_sdc_table_set(t, 0, 0, INT64_MAX), 0);
	ck_assert_int_eq(cus_sdc_table_set(t, 2, 0, 0), 0);
	ck_assert_sdc_einval(cus_sdc_protect(t, NULL), "total");
	cus_sdc_table_free(t);

	/* amounts: contributors and the largest contribution must fit the value */
	ck_assert_int_eq(cus_sdc_table_new(&t, 2, 1, CUS_SDC_COLUMN_TOTALS | CUS_SDC_AMOUNTS), 0);
	ck_assert_int_eq(cus_sdc_table_set(t, 0, 0, 1000), 0);
	ck_assert_sdc_einval(cus_sdc_protect(t, NULL), "contributors");       /* an amount, nobody */
	ck_assert_int_eq(cus_sdc_table_set_contributors(t, 0, 0, 3, 1200), 0);
	ck_assert_sdc_einval(cus_sdc_protect(t, NULL), "largest");            /* above the amount */
	ck_assert_int_eq(cus_sdc_table_set_contributors(t, 0, 0, 3, 300), 0);
	ck_assert_sdc_einval(cus_sdc_protect(t, NULL), "largest");            /* 3 x 300 < 1000 */
	ck_assert_int_eq(cus_sdc_table_set_contributors(t, 0, 0, 3, 400), 0);
	ck_assert_sdc_einval(cus_sdc_table_set_contributors(t, 0, 0, -1, 400), "contributors");
	ck_assert_sdc_einval(cus_sdc_table_set_contributors(t, 0, 0, 3, -1), "largest");
	ck_assert_int_eq(cus_sdc_protect(t, NULL), 0);
	cus_sdc_table_free(t);
}
END_TEST

START_TEST(test_sdc_errors__periods)
{
	cus_sdc_table *a = NULL, *b = NULL;
	ck_assert_int_eq(cus_sdc_table_new(&a, 2, 2, CUS_SDC_TOTALS), 0);
	ck_assert_int_eq(cus_sdc_table_new(&b, 2, 3, CUS_SDC_TOTALS), 0);
	cus_sdc_table *both[] = { a, b }, *withnull[] = { a, NULL };
	ck_assert_sdc_einval(cus_sdc_protect_periods(NULL, 2, NULL), "tables");
	ck_assert_sdc_einval(cus_sdc_protect_periods(both, 0, NULL), "tables");
	ck_assert_sdc_einval(cus_sdc_protect_periods(both, 2, NULL), "tables");
	ck_assert_ptr_nonnull(strstr(cus_error_last()->message, "table 1"));
	ck_assert_sdc_einval(cus_sdc_protect_periods(withnull, 2, NULL), "tables");
	cus_sdc_table_free(b);
	ck_assert_int_eq(cus_sdc_table_new(&b, 2, 2, CUS_SDC_TOTALS), 0);
	both[1] = b;
	ck_assert_int_eq(cus_sdc_table_set(b, 2, 2, 7), 0);    /* a grand total over empty cells */
	ck_assert_sdc_einval(cus_sdc_protect_periods(both, 2, NULL), "total");
	ck_assert_ptr_nonnull(strstr(cus_error_last()->message, "table 1"));
	cus_sdc_table_free(a);
	cus_sdc_table_free(b);
}
END_TEST

TCase *tcase_sdc_errors(void)
{
	TCase *tc = tcase_create("errors");
	tcase_add_test(tc, test_sdc_errors__arguments);
	tcase_add_test(tc, test_sdc_errors__options);
	tcase_add_test(tc, test_sdc_errors__inconsistent_input);
	tcase_add_test(tc, test_sdc_errors__periods);
	return tc;
}
