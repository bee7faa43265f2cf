/* Secondary suppression: choose complementary cells greedily by cost, then
 * publish again every complement that is not needed. */
#include <stdlib.h>
#include <string.h>

#include "sdc.h"

static int64_t sat_add(int64_t a, int64_t b)
{
	int64_t r;
	return __builtin_add_overflow(a, b, &r) ? INT64_MAX : r;
}

/* A path length: cost first, then the number of new cells, so that on a tie
 * the pattern with fewer suppressed cells wins. */
typedef struct {
	int64_t cost;
	size_t cells;
} plen;

static int plen_less(plen a, plen b)
{
	return a.cost < b.cost || (a.cost == b.cost && a.cells < b.cells);
}

/*
 * A 2-D table with all its totals: put -r_i in the totals column, -c_j in
 * the totals row and G in the corner, and every row and every column of the
 * extended grid sums to zero. The suppressed cells are then the edges of a
 * bipartite graph (a vertex per extended row and per extended column), and a
 * suppressed cell is undetermined exactly when it lies on a cycle of that
 * graph. So the cheapest protection of a disclosed cell (r, c) is the
 * cheapest path from row r to column c that does not use the cell itself,
 * where a suppressed cell costs nothing and a published one its cost.
 * (The exact check stays the linear algebra; this only chooses the cells.)
 *
 * Dijkstra on the dense graph, ties broken by the lower vertex index, so the
 * choice is deterministic. allow_zero: zero cells may be used too (last
 * resort, at their cost). Returns the number of cells added, 0 when no path
 * exists, or CUS_ENOMEM.
 */
static int close_cycle(const cus__sdc_system *s, size_t target, const int64_t *cost,
	const unsigned char *eligible, unsigned char *sup, int allow_zero)
{
	size_t er = s->er, ec = s->ec, nv = er + ec;
	size_t tr = target / ec, tc = target % ec;
	plen *dist = malloc(nv * sizeof *dist);
	size_t *prev = malloc(nv * sizeof *prev);
	unsigned char *done = calloc(nv, 1);
	if (!dist || !prev || !done) {
		free(dist);
		free(prev);
		free(done);
		return cus__error(CUS_ENOMEM, CUS__SDC_MODULE, NULL, "out of memory");
	}
	for (size_t v = 0; v < nv; v++) {
		dist[v].cost = INT64_MAX;
		dist[v].cells = SIZE_MAX;
		prev[v] = SIZE_MAX;
	}
	size_t src = tr, dst = er + tc;
	dist[src].cost = 0;
	dist[src].cells = 0;
	for (;;) {
		size_t u = SIZE_MAX;
		for (size_t v = 0; v < nv; v++)
			if (!done[v] && dist[v].cells != SIZE_MAX && (u == SIZE_MAX || plen_less(dist[v], dist[u])))
				u = v;
		if (u == SIZE_MAX || u == dst)
			break;
		done[u] = 1;
		/* The neighbours of a row vertex are the column vertices and back. */
		size_t lo = u < er ? er : 0, hi = u < er ? nv : er;
		for (size_t v = lo; v < hi; v++) {
			if (done[v])
				continue;
			size_t cell = u < er ? u * ec + (v - er) : v * ec + (u - er);
			if (cell == target)
				continue;
			plen d = dist[u];
			if (!sup[cell]) {
				if (!eligible[cell] && !allow_zero)
					continue;
				d.cost = sat_add(d.cost, cost[cell]);
				d.cells++;
			}
			if (plen_less(d, dist[v])) {
				dist[v] = d;
				prev[v] = u;
			}
		}
	}
	int added = 0;
	if (dist[dst].cells != SIZE_MAX) {
		for (size_t v = dst; v != src; v = prev[v]) {
			size_t u = prev[v];
			size_t cell = u < er ? u * ec + (v - er) : v * ec + (u - er);
			if (!sup[cell]) {
				sup[cell] = 1;
				added++;
			}
		}
	}
	free(dist);
	free(prev);
	free(done);
	return added;
}

/* Tables with totals in one direction only: each equation (a row, or a
 * column, with its total) stands alone, and a cell is disclosed when it is
 * the only suppressed cell of an equation. Its cheapest partner in that
 * equation protects it. Returns the number of cells added (0 or 1). */
static int pair_in_equations(const cus__sdc_system *s, size_t target, const int64_t *cost,
	const unsigned char *eligible, unsigned char *sup, int allow_zero)
{
	int added = 0;
	for (int side = 0; side < 2; side++) {
		size_t e = s->eqs_of[2 * target + side];
		if (e == SIZE_MAX)
			continue;
		size_t others = 0, best = SIZE_MAX;
		for (size_t k = s->start[e]; k < s->start[e + 1]; k++) {
			size_t cell = s->cell[k];
			if (cell == target)
				continue;
			if (sup[cell]) {
				others++;
				continue;
			}
			if (!eligible[cell] && !allow_zero)
				continue;
			if (best == SIZE_MAX || cost[cell] < cost[best])
				best = cell;
		}
		if (others == 0 && best != SIZE_MAX) {
			sup[best] = 1;
			added++;
		}
	}
	return added;
}

static int protect_one(const cus__sdc_system *s, size_t target, const int64_t *cost,
	const unsigned char *eligible, unsigned char *sup, int allow_zero)
{
	if (s->row_totals && s->col_totals)
		return close_cycle(s, target, cost, eligible, sup, allow_zero);
	return pair_in_equations(s, target, cost, eligible, sup, allow_zero);
}

typedef struct {
	size_t cell;
	int64_t cost;
} cand;

static int cand_cmp(const void *a, const void *b)
{
	const cand *x = a, *y = b;
	/* the most expensive first; on a tie the higher index first */
	if (x->cost != y->cost)
		return x->cost < y->cost ? 1 : -1;
	return x->cell < y->cell ? 1 : (x->cell > y->cell ? -1 : 0);
}

/* Is any primary cell determined? det is filled by the check. */
static int primary_disclosed(const cus__sdc_system *s, cus__sdc_work *w, const unsigned char *primary,
	const unsigned char *sup, unsigned char *det)
{
	int rc = cus__sdc_determined(s, w, sup, det);
	if (rc <= 0)
		return rc;
	for (size_t i = 0; i < s->ncells; i++)
		if (det[i] && primary[i])
			return 1;
	return 0;
}

int cus__sdc_search(const cus__sdc_system *s, const unsigned char *primary,
	const int64_t *cost, const unsigned char *eligible, unsigned char *sup)
{
	size_t n = s->ncells;
	cus__sdc_work w = { 0 };
	unsigned char *det = malloc(n ? n : 1);
	cand *cands = malloc((n ? n : 1) * sizeof *cands);
	int rc = 0;
	if (!det || !cands) {
		rc = cus__error(CUS_ENOMEM, CUS__SDC_MODULE, NULL, "out of memory");
		goto out;
	}
	memcpy(sup, primary, n);

	/* 1. Greedy: protect every disclosed primary cell, in cell order, by
	 * the cheapest complement given what is already suppressed. Each pass
	 * puts every disclosed primary cell on a cycle, so one pass normally
	 * suffices; the escalation (zero cells allowed, then everything
	 * suppressed) is only a safety net. */
	for (int round = 0;; round++) {
		rc = primary_disclosed(s, &w, primary, sup, det);
		if (rc < 0)
			goto out;
		if (rc == 0)
			break;
		int added = 0;
		for (size_t i = 0; i < n; i++) {
			if (!(det[i] && primary[i]))
				continue;
			int a = protect_one(s, i, cost, eligible, sup, round > 0);
			if (a < 0) {
				rc = a;
				goto out;
			}
			added += a;
		}
		if (!added || round > 2) {
			if (round > 3) {
				rc = cus__error(CUS_ERROR, CUS__SDC_MODULE, NULL,
					"no suppression pattern protects the table");
				goto out;
			}
			memset(sup, 1, n);
		}
	}

	/* 2. Publish again each complement whose removal leaves every primary
	 * cell protected, the most expensive first. One pass is enough: removing
	 * cells only ever discloses more, so a complement needed now stays
	 * needed after later removals. */
	size_t nc = 0;
	for (size_t i = 0; i < n; i++)
		if (sup[i] && !primary[i]) {
			cands[nc].cell = i;
			cands[nc].cost = cost[i];
			nc++;
		}
	qsort(cands, nc, sizeof *cands, cand_cmp);
	for (size_t t = 0; t < nc; t++) {
		size_t cell = cands[t].cell;
		sup[cell] = 0;
		rc = primary_disclosed(s, &w, primary, sup, det);
		if (rc < 0)
			goto out;
		if (rc)
			sup[cell] = 1;
	}

	/* 3. A complement that is itself determined protects nothing (it is
	 * known anyway): publish it. That changes no other cell's status. Then
	 * the final check: no suppressed cell may be determined. */
	rc = cus__sdc_determined(s, &w, sup, det);
	if (rc < 0)
		goto out;
	if (rc > 0) {
		for (size_t i = 0; i < n; i++)
			if (det[i] && !primary[i])
				sup[i] = 0;
		rc = cus__sdc_determined(s, &w, sup, det);
		if (rc < 0)
			goto out;
	}
	if (rc > 0) {
		rc = cus__error(CUS_ERROR, CUS__SDC_MODULE, NULL,
			"internal error: the suppression pattern failed its final check");
		goto out;
	}
	rc = 0;
	for (size_t i = 0; i < n; i++)
		rc += sup[i] != 0;
out:
	cus__sdc_work_free(&w);
	free(det);
	free(cands);
	return rc;
}
