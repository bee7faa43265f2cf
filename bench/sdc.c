/* bench_sdc [TABLES]: time to protect a 60 x 15 table with its totals (the
 * largest table of the council report: services x age bands and sexes),
 * counts and amounts, and a four-quarter common pattern. Prints figures. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <cus/cus.h>

#define ROWS 60
#define COLS 15

static uint64_t rnd(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Counts as a small centre has them: a tenth zero, small_pct % below 10, the
 * rest from 10 to a few hundred (a log-uniform spread). */
static cus_sdc_table *make(uint64_t *s, int amounts, unsigned small_pct)
{
	cus_sdc_table *t = NULL;
	if (cus_sdc_table_new(&t, ROWS, COLS, CUS_SDC_TOTALS | (amounts ? CUS_SDC_AMOUNTS : 0))) {
		fprintf(stderr, "bench_sdc: %s\n", cus_error_last()->message);
		exit(1);
	}
	for (size_t r = 0; r < ROWS; r++)
		for (size_t c = 0; c < COLS; c++) {
			uint64_t x = rnd(s);
			unsigned roll = (unsigned)(x % 100);
			int64_t n = roll < 10 ? 0 : roll < 10 + small_pct ? 1 + (int64_t)((x >> 8) % 9)
			          : 10 + (int64_t)((1 << (x >> 12) % 6) * (10 + (x >> 20) % 40) / 10);
			if (!amounts) {
				(void)cus_sdc_table_set(t, r, c, n);
				continue;
			}
			int64_t v = 0, big = 0;
			for (int64_t i = 0; i < n; i++) {
				int64_t a = 10000 + (int64_t)(rnd(s) % 500000);
				v += a;
				big = a > big ? a : big;
			}
			(void)cus_sdc_table_set(t, r, c, v);
			(void)cus_sdc_table_set_contributors(t, r, c, n, big);
		}
	return t;
}

static void count(const cus_sdc_table *t, int *prim, int *sec)
{
	*prim = *sec = 0;
	for (size_t r = 0; r <= ROWS; r++)
		for (size_t c = 0; c <= COLS; c++) {
			int st = cus_sdc_table_status(t, r, c);
			*prim += st >= CUS_SDC_SMALL_COUNT && st <= CUS_SDC_DOMINANCE;
			*sec += st == CUS_SDC_SECONDARY;
		}
}

static void bench(const char *label, int amounts, unsigned small_pct, int tables)
{
	uint64_t s = 42;
	double total = 0, worst = 0;
	long prim = 0, sec = 0;
	for (int i = 0; i < tables; i++) {
		cus_sdc_table *t = make(&s, amounts, small_pct);
		double t0 = now();
		int n = cus_sdc_protect(t, NULL);
		double dt = now() - t0;
		if (n < 0) {
			fprintf(stderr, "bench_sdc: %s\n", cus_error_last()->message);
			exit(1);
		}
		int p, q;
		count(t, &p, &q);
		prim += p;
		sec += q;
		total += dt;
		worst = dt > worst ? dt : worst;
		cus_sdc_table_free(t);
	}
	printf("%-27s %3d tables of %dx%d+totals (%d cells): mean %7.1f ms, worst %7.1f ms; "
	       "per table %.0f primary, %.0f secondary\n", label, tables, ROWS, COLS, (ROWS + 1) * (COLS + 1),
	       1000 * total / tables, 1000 * worst, (double)prim / tables, (double)sec / tables);
}

static void bench_periods(int rounds)
{
	uint64_t s = 7;
	double total = 0;
	int n = 0;
	for (int i = 0; i < rounds; i++) {
		cus_sdc_table *q[4];
		for (int k = 0; k < 4; k++)
			q[k] = make(&s, 0, 12);
		double t0 = now();
		n = cus_sdc_protect_periods(q, 4, NULL);
		total += now() - t0;
		if (n < 0) {
			fprintf(stderr, "bench_sdc: %s\n", cus_error_last()->message);
			exit(1);
		}
		for (int k = 0; k < 4; k++)
			cus_sdc_table_free(q[k]);
	}
	printf("%-27s %3d reports of 4 quarters: mean %7.1f ms per common pattern (last: %d cells suppressed)\n",
	       "counts, 4 periods", rounds, 1000 * total / rounds, n);
}

int main(int argc, char **argv)
{
	int tables = argc > 1 ? atoi(argv[1]) : 20;
	if (tables < 1)
		tables = 1;
	bench("counts, 12 % below k = 10", 0, 12, tables);
	bench("counts, 3 % below k = 10", 0, 3, tables);
	bench("amounts (3 / 75 %)", 1, 12, tables);
	bench_periods(tables / 4 > 0 ? tables / 4 : 1);
	return 0;
}
