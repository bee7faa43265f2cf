/* SDC tables, primary suppression and the public entry points. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sdc.h"

int cus_sdc_k_default(void) { return CUS_SDC_K_DEFAULT; }
int cus_sdc_k_min(void) { return CUS_SDC_K_MIN; }
int cus_sdc_min_contributors_default(void) { return CUS_SDC_MIN_CONTRIBUTORS; }
int cus_sdc_dominance_default(void) { return CUS_SDC_DOMINANCE_PERCENT; }
int cus_sdc_max_cells(void) { return CUS_SDC_MAX_CELLS; }

int cus_sdc_options_init(cus_sdc_options *opts, unsigned int version)
{
	if (!opts || version != CUS_SDC_OPTIONS_VERSION)
		return cus__error(CUS_EINVAL, CUS__SDC_MODULE, "options", "unknown cus_sdc_options version %u", version);
	cus_sdc_options d = CUS_SDC_OPTIONS_INIT;
	*opts = d;
	return 0;
}

static int bad(const char *field, const char *msg)
{
	return cus__error(CUS_EINVAL, CUS__SDC_MODULE, field, "%s", msg);
}

int cus_sdc_table_new(cus_sdc_table **out, size_t rows, size_t cols, unsigned int flags)
{
	if (!out)
		return bad("out", "out is NULL");
	*out = NULL;
	if (rows == 0)
		return bad("rows", "a table needs at least one row");
	if (cols == 0)
		return bad("cols", "a table needs at least one column");
	if (flags & ~(unsigned)(CUS_SDC_TOTALS | CUS_SDC_AMOUNTS))
		return cus__error(CUS_EINVAL, CUS__SDC_MODULE, "flags", "unknown flags 0x%x", flags);
	if (rows > CUS_SDC_MAX_CELLS || cols > CUS_SDC_MAX_CELLS || rows * cols > CUS_SDC_MAX_CELLS)
		return cus__error(CUS_EINVAL, CUS__SDC_MODULE, "rows",
			"a table of %zu x %zu cells is larger than the %d cells supported", rows, cols, CUS_SDC_MAX_CELLS);
	size_t er = rows + ((flags & CUS_SDC_COLUMN_TOTALS) != 0);
	size_t ec = cols + ((flags & CUS_SDC_ROW_TOTALS) != 0);
	size_t n = er * ec;
	size_t neq = ((flags & CUS_SDC_ROW_TOTALS) ? er : 0) + ((flags & CUS_SDC_COLUMN_TOTALS) ? ec : 0);
	if (neq * n > CUS__SDC_MAX_MATRIX)
		return cus__error(CUS_EINVAL, CUS__SDC_MODULE, "rows",
			"a table of %zu x %zu cells with these totals is too large for the exact disclosure check",
			rows, cols);
	cus_sdc_table *t = calloc(1, sizeof *t);
	if (!t)
		return cus__error(CUS_ENOMEM, CUS__SDC_MODULE, NULL, "out of memory");
	t->rows = rows;
	t->cols = cols;
	t->er = er;
	t->ec = ec;
	t->flags = flags;
	t->value = calloc(n, sizeof *t->value);
	t->cost = calloc(n, sizeof *t->cost);
	t->given = calloc(n, 1);
	t->status = calloc(n, 1);
	int ok = t->value && t->cost && t->given && t->status;
	if (flags & CUS_SDC_AMOUNTS) {
		t->contrib = calloc(n, sizeof *t->contrib);
		t->largest = calloc(n, sizeof *t->largest);
		ok = ok && t->contrib && t->largest;
	}
	if (!ok) {
		cus_sdc_table_free(t);
		return cus__error(CUS_ENOMEM, CUS__SDC_MODULE, NULL, "out of memory");
	}
	*out = t;
	return 0;
}

void cus_sdc_table_free(cus_sdc_table *t)
{
	if (!t)
		return;
	free(t->value);
	free(t->contrib);
	free(t->largest);
	free(t->cost);
	free(t->given);
	free(t->status);
	free(t);
}

size_t cus_sdc_table_rows(const cus_sdc_table *t) { return t ? t->rows : 0; }
size_t cus_sdc_table_cols(const cus_sdc_table *t) { return t ? t->cols : 0; }
unsigned int cus_sdc_table_flags(const cus_sdc_table *t) { return t ? t->flags : 0; }

/* The cell id of (row, col), or a recorded CUS_EINVAL. */
static int locate(const cus_sdc_table *t, size_t row, size_t col, size_t *id)
{
	if (!t)
		return bad("table", "table is NULL");
	if (row >= t->er)
		return cus__error(CUS_EINVAL, CUS__SDC_MODULE, "row", "row %zu is outside the table (%zu rows%s)",
			row, t->rows, (t->flags & CUS_SDC_COLUMN_TOTALS) ? " and the column totals" : "");
	if (col >= t->ec)
		return cus__error(CUS_EINVAL, CUS__SDC_MODULE, "col", "column %zu is outside the table (%zu columns%s)",
			col, t->cols, (t->flags & CUS_SDC_ROW_TOTALS) ? " and the row totals" : "");
	*id = row * t->ec + col;
	return 0;
}

int cus_sdc_table_set(cus_sdc_table *t, size_t row, size_t col, int64_t value)
{
	size_t id;
	int rc = locate(t, row, col, &id);
	if (rc)
		return rc;
	if (value < 0)
		return bad("value", "a value must not be negative");
	t->value[id] = value;
	t->given[id] |= CUS__SDC_GIVEN_VALUE;
	t->protected_ = 0;
	return 0;
}

int cus_sdc_table_set_contributors(cus_sdc_table *t, size_t row, size_t col, int64_t contributors, int64_t largest)
{
	if (!t)
		return bad("table", "table is NULL");
	if (!(t->flags & CUS_SDC_AMOUNTS))
		return bad("flags", "contributors belong to amount tables (CUS_SDC_AMOUNTS)");
	size_t id;
	int rc = locate(t, row, col, &id);
	if (rc)
		return rc;
	if (contributors < 0)
		return bad("contributors", "the number of contributors must not be negative");
	if (largest < 0)
		return bad("largest", "the largest contribution must not be negative");
	t->contrib[id] = contributors;
	t->largest[id] = largest;
	t->given[id] |= CUS__SDC_GIVEN_CONTRIB;
	t->protected_ = 0;
	return 0;
}

int cus_sdc_table_set_cost(cus_sdc_table *t, size_t row, size_t col, int64_t cost)
{
	size_t id;
	int rc = locate(t, row, col, &id);
	if (rc)
		return rc;
	if (cost < 0)
		return bad("cost", "a cost must not be negative");
	t->cost[id] = cost;
	t->given[id] |= CUS__SDC_GIVEN_COST;
	t->protected_ = 0;
	return 0;
}

static int is_total(const cus_sdc_table *t, size_t r, size_t c)
{
	return r == t->rows || c == t->cols;
}

/* The sum of the body cells a total covers (one of r, c is the totals index,
 * or both for the grand total), of arr; -1 on overflow. */
static int64_t sum_of(const cus_sdc_table *t, const int64_t *arr, size_t r, size_t c)
{
	size_t r0 = r == t->rows ? 0 : r, r1 = r == t->rows ? t->rows : r + 1;
	size_t c0 = c == t->cols ? 0 : c, c1 = c == t->cols ? t->cols : c + 1;
	int64_t s = 0;
	for (size_t i = r0; i < r1; i++)
		for (size_t j = c0; j < c1; j++)
			if (__builtin_add_overflow(s, arr[i * t->ec + j], &s))
				return -1;
	return s;
}

static int64_t max_of(const cus_sdc_table *t, const int64_t *arr, size_t r, size_t c)
{
	size_t r0 = r == t->rows ? 0 : r, r1 = r == t->rows ? t->rows : r + 1;
	size_t c0 = c == t->cols ? 0 : c, c1 = c == t->cols ? t->cols : c + 1;
	int64_t m = 0;
	for (size_t i = r0; i < r1; i++)
		for (size_t j = c0; j < c1; j++)
			if (arr[i * t->ec + j] > m)
				m = arr[i * t->ec + j];
	return m;
}

/* Human words for a total, for messages: "the total of row 3". */
static void total_name(const cus_sdc_table *t, size_t r, size_t c, char *buf, size_t size)
{
	if (r == t->rows && c == t->cols)
		snprintf(buf, size, "the grand total");
	else if (c == t->cols)
		snprintf(buf, size, "the total of row %zu", r);
	else
		snprintf(buf, size, "the total of column %zu", c);
}

int cus_sdc_table_value(const cus_sdc_table *t, size_t row, size_t col, int64_t *value)
{
	size_t id;
	int rc = locate(t, row, col, &id);
	if (rc)
		return rc;
	if (!value)
		return bad("value", "value is NULL");
	if (is_total(t, row, col) && !(t->given[id] & CUS__SDC_GIVEN_VALUE)) {
		int64_t s = sum_of(t, t->value, row, col);
		if (s < 0) {
			char name[64];
			total_name(t, row, col, name, sizeof name);
			return cus__error(CUS_EINVAL, CUS__SDC_MODULE, "total", "%s does not fit in 64 bits", name);
		}
		*value = s;
		return 0;
	}
	*value = t->value[id];
	return 0;
}

static int check_options(const cus_sdc_options *o)
{
	if (!o)
		return bad("options", "options is NULL");
	if (o->version != CUS_SDC_OPTIONS_VERSION)
		return cus__error(CUS_EINVAL, CUS__SDC_MODULE, "options", "unknown cus_sdc_options version %u", o->version);
	if (o->k < CUS_SDC_K_MIN)
		return cus__error(CUS_EINVAL, CUS__SDC_MODULE, "k",
			"the threshold k must be at least %d (got %d)", CUS_SDC_K_MIN, o->k);
	if (o->min_contributors < CUS_SDC_MIN_CONTRIBUTORS)
		return cus__error(CUS_EINVAL, CUS__SDC_MODULE, "min_contributors",
			"at least %d contributors are required by art. 38 (got %d)", CUS_SDC_MIN_CONTRIBUTORS,
			o->min_contributors);
	if (o->dominance_percent < 1 || o->dominance_percent > CUS_SDC_DOMINANCE_PERCENT)
		return cus__error(CUS_EINVAL, CUS__SDC_MODULE, "dominance_percent",
			"the dominance threshold must be 1 to %d per cent (got %d)", CUS_SDC_DOMINANCE_PERCENT,
			o->dominance_percent);
	if (o->nonadditive != 0 && o->nonadditive != 1)
		return bad("nonadditive", "nonadditive must be 0 or 1");
	return 0;
}

int cus_sdc_options_check(const cus_sdc_options *opts)
{
	return check_options(opts);
}

/* One table made ready for the search: its effective values (totals
 * computed where not given), primary statuses, costs and zero cells. */
typedef struct {
	int64_t *value, *contrib, *largest, *cost;
	unsigned char *primary; /* a cus_sdc_status, 0 when not primary */
	unsigned char *nonzero;
} prepared;

static void prepared_free(prepared *p)
{
	free(p->value);
	free(p->contrib);
	free(p->largest);
	free(p->cost);
	free(p->primary);
	free(p->nonzero);
	memset(p, 0, sizeof *p);
}

static int prepare(const cus_sdc_table *t, const cus_sdc_options *o, prepared *p)
{
	size_t n = t->er * t->ec;
	int amounts = (t->flags & CUS_SDC_AMOUNTS) != 0;
	memset(p, 0, sizeof *p);
	p->value = malloc(n * sizeof *p->value);
	p->contrib = malloc(n * sizeof *p->contrib);
	p->largest = malloc(n * sizeof *p->largest);
	p->cost = malloc(n * sizeof *p->cost);
	p->primary = calloc(n, 1);
	p->nonzero = calloc(n, 1);
	if (!p->value || !p->contrib || !p->largest || !p->cost || !p->primary || !p->nonzero) {
		prepared_free(p);
		return cus__error(CUS_ENOMEM, CUS__SDC_MODULE, NULL, "out of memory");
	}
	memcpy(p->value, t->value, n * sizeof *p->value);
	if (amounts) {
		memcpy(p->contrib, t->contrib, n * sizeof *p->contrib);
		memcpy(p->largest, t->largest, n * sizeof *p->largest);
	} else {
		memset(p->contrib, 0, n * sizeof *p->contrib);
		memset(p->largest, 0, n * sizeof *p->largest);
	}
	char name[64];
	int rc = 0;
	/* Totals: computed from the body where not given; given ones checked. */
	for (size_t r = 0; r < t->er; r++) {
		for (size_t c = 0; c < t->ec; c++) {
			if (!is_total(t, r, c))
				continue;
			size_t id = r * t->ec + c;
			total_name(t, r, c, name, sizeof name);
			int64_t s = sum_of(t, t->value, r, c);
			if (s < 0) {
				rc = cus__error(CUS_EINVAL, CUS__SDC_MODULE, "total", "%s does not fit in 64 bits", name);
				goto fail;
			}
			if (!(t->given[id] & CUS__SDC_GIVEN_VALUE)) {
				p->value[id] = s;
			} else if (!o->nonadditive && t->value[id] != s) {
				rc = cus__error(CUS_EINVAL, CUS__SDC_MODULE, "total",
					"%s is %lld but its cells sum to %lld (difference %lld)", name,
					(long long)t->value[id], (long long)s, (long long)(t->value[id] - s));
				goto fail;
			}
			if (amounts && !(t->given[id] & CUS__SDC_GIVEN_CONTRIB)) {
				int64_t nc = sum_of(t, t->contrib, r, c);
				if (nc < 0) {
					rc = cus__error(CUS_EINVAL, CUS__SDC_MODULE, "contributors",
						"the contributors of %s do not fit in 64 bits", name);
					goto fail;
				}
				p->contrib[id] = nc;
				p->largest[id] = max_of(t, t->largest, r, c);
			}
		}
	}
	for (size_t r = 0; r < t->er; r++) {
		for (size_t c = 0; c < t->ec; c++) {
			size_t id = r * t->ec + c;
			int64_t v = p->value[id];
			p->cost[id] = (t->given[id] & CUS__SDC_GIVEN_COST) ? t->cost[id] : v;
			if (!amounts) {
				p->nonzero[id] = v != 0;
				if (v > 0 && v < o->k)
					p->primary[id] = CUS_SDC_SMALL_COUNT;
				continue;
			}
			int64_t nc = p->contrib[id], big = p->largest[id];
			const char *why = NULL, *field = "largest";
			if (nc == 0 && v != 0) {
				why = "has an amount but no contributors";
				field = "contributors";
			} else if (nc == 0 && big != 0) {
				why = "has a largest contribution but no contributors";
				field = "contributors";
			} else if (big > v) {
				why = "has a largest contribution above its amount";
			} else if ((__int128)big * nc < v) {
				why = "has an amount larger than its contributors times its largest contribution";
			}
			if (why) {
				if (is_total(t, r, c)) {
					total_name(t, r, c, name, sizeof name);
					rc = cus__error(CUS_EINVAL, CUS__SDC_MODULE, field, "%s %s", name, why);
				} else {
					rc = cus__error(CUS_EINVAL, CUS__SDC_MODULE, field, "the cell (%zu, %zu) %s", r, c, why);
				}
				goto fail;
			}
			p->nonzero[id] = nc != 0;
			if (nc > 0 && nc < o->min_contributors)
				p->primary[id] = CUS_SDC_FEW_CONTRIBUTORS;
			else if (v > 0 && (__int128)big * 100 > (__int128)o->dominance_percent * v)
				p->primary[id] = CUS_SDC_DOMINANCE;
		}
	}
	return 0;
fail:
	prepared_free(p);
	return rc;
}

int cus_sdc_protect_periods(cus_sdc_table *const *tables, size_t count, const cus_sdc_options *opts)
{
	if (!tables || count == 0)
		return bad("tables", "no tables given");
	for (size_t i = 0; i < count; i++) {
		if (!tables[i])
			return cus__error(CUS_EINVAL, CUS__SDC_MODULE, "tables", "table %zu is NULL", i);
		if (tables[i]->rows != tables[0]->rows || tables[i]->cols != tables[0]->cols ||
		    tables[i]->flags != tables[0]->flags)
			return cus__error(CUS_EINVAL, CUS__SDC_MODULE, "tables",
				"table %zu is not of the shape of table 0 (%zu x %zu, flags 0x%x)", i,
				tables[0]->rows, tables[0]->cols, tables[0]->flags);
	}
	cus_sdc_options defaults = CUS_SDC_OPTIONS_INIT;
	const cus_sdc_options *o = opts ? opts : &defaults;
	int rc = check_options(o);
	if (rc)
		return rc;
	for (size_t i = 0; i < count; i++)
		tables[i]->protected_ = 0;

	const cus_sdc_table *t0 = tables[0];
	size_t n = t0->er * t0->ec;
	prepared *prep = calloc(count, sizeof *prep);
	unsigned char *primary = calloc(n, 1), *eligible = calloc(n, 1), *sup = calloc(n, 1);
	int64_t *cost = calloc(n, sizeof *cost);
	cus__sdc_system sys;
	int have_sys = 0;
	size_t done = 0;
	if (!prep || !primary || !eligible || !sup || !cost) {
		rc = cus__error(CUS_ENOMEM, CUS__SDC_MODULE, NULL, "out of memory");
		goto out;
	}
	for (; done < count; done++) {
		rc = prepare(tables[done], o, &prep[done]);
		if (rc) {
			if (count > 1) {
				/* say which period, keeping the field */
				const cus_error *e = cus_error_last();
				rc = cus__error(e->code, CUS__SDC_MODULE, e->field, "table %zu: %s", done, e->message);
			}
			goto out;
		}
		for (size_t i = 0; i < n; i++) {
			primary[i] |= prep[done].primary[i] != 0;
			eligible[i] |= prep[done].nonzero[i];
			int64_t c;
			cost[i] = __builtin_add_overflow(cost[i], prep[done].cost[i], &c) ? INT64_MAX : c;
		}
	}
	rc = cus__sdc_system_init(&sys, t0->rows, t0->cols, t0->flags);
	if (rc)
		goto out;
	have_sys = 1;
	rc = cus__sdc_search(&sys, primary, cost, eligible, sup);
	if (rc < 0)
		goto out;
	for (size_t k = 0; k < count; k++) {
		cus_sdc_table *t = tables[k];
		for (size_t i = 0; i < n; i++)
			t->status[i] = !sup[i] ? CUS_SDC_PUBLISHED
			             : prep[k].primary[i] ? prep[k].primary[i] : CUS_SDC_SECONDARY;
		t->protected_ = 1;
	}
out:
	if (have_sys)
		cus__sdc_system_free(&sys);
	if (prep)
		for (size_t i = 0; i < done; i++)
			prepared_free(&prep[i]);
	free(prep);
	free(primary);
	free(eligible);
	free(sup);
	free(cost);
	return rc;
}

int cus_sdc_protect(cus_sdc_table *t, const cus_sdc_options *opts)
{
	if (!t)
		return bad("table", "table is NULL");
	return cus_sdc_protect_periods(&t, 1, opts);
}

int cus_sdc_table_status(const cus_sdc_table *t, size_t row, size_t col)
{
	size_t id;
	int rc = locate(t, row, col, &id);
	if (rc)
		return rc;
	if (!t->protected_)
		return bad("table", "the table has not been protected since it was last changed (cus_sdc_protect)");
	return t->status[id];
}

int cus_sdc_status_suppressed(int status)
{
	return status >= CUS_SDC_SMALL_COUNT && status <= CUS_SDC_SECONDARY;
}

const char *cus_sdc_status_name(int status)
{
	switch (status) {
	case CUS_SDC_PUBLISHED: return "published";
	case CUS_SDC_SMALL_COUNT: return "small_count";
	case CUS_SDC_FEW_CONTRIBUTORS: return "few_contributors";
	case CUS_SDC_DOMINANCE: return "dominance";
	case CUS_SDC_SECONDARY: return "secondary";
	default: return "unknown";
	}
}
