/* Computing a report: every block of a definition for a period, inside the
 * caller's audited operation, into a model of tables (report.h) that the
 * writer lays out. Indicator values come from the indicators engine
 * (cus__indicators_run_many: one pass over the records per period), budget
 * figures from the finance module, suppression of public tables from cus_sdc.
 * The snapshot hash is computed here over the model (docs/REPORTS.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "report.h"
#include "../access/access.h"
#include "../finance/finance.h"
#include "../indicators/internal.h"
#include "../policy/policy.h"

#define M MODULE_REPORT

static int oom(void)
{
	return cus__error(CUS_ENOMEM, M, NULL, "out of memory");
}

/* ---- Polish names ---- */

static const struct { const char *code, *name, *desc; } criteria[] = {
	{ "relevance", "Trafność", "W jakim stopniu przyjęte cele programu odpowiadają zidentyfikowanym problemom i "
		"realnym potrzebom beneficjentów." },
	{ "efficiency", "Efektywność", "Poziom „ekonomiczności” programu: stosunek poniesionych nakładów do uzyskanych "
		"rezultatów." },
	{ "effectiveness", "Skuteczność", "W jakim stopniu zostały osiągnięte cele programu zdefiniowane na etapie "
		"diagnozowania." },
	{ "impact", "Oddziaływanie", "Stopień, w jakim korzyści odniesione przez beneficjentów miały szerszy wpływ na "
		"większą liczbę osób na danym terenie." },
	{ "sustainability", "Trwałość", "Czy rezultaty osiągnięte w ramach programu mogą trwać po jego zakończeniu." },
};

const char *cus__rep_criterion_name(const char *code)
{
	for (size_t i = 0; code && i < 5; i++)
		if (strcmp(criteria[i].code, code) == 0)
			return criteria[i].name;
	return code ? code : "";
}

const char *cus__rep_criterion_description(const char *code)
{
	for (size_t i = 0; code && i < 5; i++)
		if (strcmp(criteria[i].code, code) == 0)
			return criteria[i].desc;
	return "";
}

static const char *const measure_names[][2] = {
	{ "persons", "Osoby" }, { "families", "Rodziny" }, { "deliveries", "Świadczenia usług" },
	{ "units", "Jednostki usług" }, { "cost", "Koszt usług" }, { "services", "Rodzaje usług" },
	{ "applications", "Wnioski złożone" }, { "applicants", "Wnioskodawcy" }, { "qualified", "Decyzje pozytywne" },
	{ "refused", "Odmowy" }, { "decided", "Decyzje wydane" }, { "withdrawn", "Wnioski wycofane" },
	{ "plans_active", "IPUS w realizacji" }, { "reviews_due", "Przeglądy IPUS wymagalne" },
	{ "reviews_on_time", "Przeglądy IPUS w terminie" },
};

const char *cus__rep_measure_name(const char *code)
{
	for (size_t i = 0; code && i < sizeof measure_names / sizeof measure_names[0]; i++)
		if (strcmp(measure_names[i][0], code) == 0)
			return measure_names[i][1];
	return code ? code : "";
}

static const char *const dim_names[][2] = {
	{ "month", "Miesiąc" }, { "quarter", "Kwartał" }, { "half_year", "Półrocze" }, { "year", "Rok" },
	{ "service", "Usługa" }, { "area", "Obszar" }, { "funding", "Źródło finansowania" }, { "project", "Projekt" },
	{ "sex", "Płeć" }, { "age_band", "Grupa wieku" }, { "family_type", "Typ gospodarstwa" },
};

const char *cus__rep_dim_name(const char *code)
{
	for (size_t i = 0; code && i < sizeof dim_names / sizeof dim_names[0]; i++)
		if (strcmp(dim_names[i][0], code) == 0)
			return dim_names[i][1];
	return code ? code : "";
}

static const char *const months_pl[] = { "styczeń", "luty", "marzec", "kwiecień", "maj", "czerwiec", "lipiec",
	"sierpień", "wrzesień", "październik", "listopad", "grudzień" };
static const char *const roman[] = { "I", "II", "III", "IV" };

void cus__rep_period_label(const cus_period *p, char *buf, size_t size)
{
	switch (p->kind) {
	case CUS_PERIOD_YEAR: snprintf(buf, size, "rok %d", p->year); break;
	case CUS_PERIOD_HALF_YEAR: snprintf(buf, size, "%s półrocze %d", roman[p->index - 1], p->year); break;
	case CUS_PERIOD_QUARTER: snprintf(buf, size, "%s kwartał %d", roman[p->index - 1], p->year); break;
	default: snprintf(buf, size, "%s %d", months_pl[p->index - 1], p->year); break;
	}
}

static const char *const bands[] = { "0-17", "18-29", "30-44", "45-54", "55-64", "65-74", "75+" };
static const char *const ftypes[][2] = { { "single", "osoby samotne" }, { "with_children", "rodziny z dziećmi" },
	{ "other", "inne gospodarstwa" } };

/* The Polish label of a dimension's value. */
static char *value_label(const cus__policy *p, int dim, const char *v)
{
	char buf[600];
	if (!v)
		return cus__rep_strdup("Ogółem");
	switch (dim) {
	case CUS__DIM_MONTH: {
		int y = atoi(v), mo = atoi(v + 5);
		snprintf(buf, sizeof buf, "%s %d", mo >= 1 && mo <= 12 ? months_pl[mo - 1] : "?", y);
		return cus__rep_strdup(buf);
	}
	case CUS__DIM_QUARTER: case CUS__DIM_HALF_YEAR: {
		int i = v[5] - '1';
		snprintf(buf, sizeof buf, "%s %s %.4s", i >= 0 && i < 4 ? roman[i] : "?",
			dim == CUS__DIM_QUARTER ? "kwartał" : "półrocze", v);
		return cus__rep_strdup(buf);
	}
	case CUS__DIM_SERVICE: {
		const cus__service *sv = cus__policy_service_find(p, v);
		return cus__rep_strdup(sv ? sv->name : v);
	}
	case CUS__DIM_AREA: {
		const cus__area *a = strcmp(v, "none") ? cus__policy_area_find(p, v) : NULL;
		return cus__rep_strdup(a ? a->name : strcmp(v, "none") == 0 ? "obszar nieokreślony" : v);
	}
	case CUS__DIM_FUNDING: case CUS__DIM_PROJECT: {
		if (strcmp(v, "none") == 0)
			return cus__rep_strdup(dim == CUS__DIM_PROJECT ? "poza projektami UE" : "nieokreślone");
		const cus__funding_source *f = cus__policy_funding_find(p, v);
		if (f && dim == CUS__DIM_PROJECT && f->project)
			snprintf(buf, sizeof buf, "Projekt „%s”", f->project);
		else
			snprintf(buf, sizeof buf, "%s", f ? f->name : v);
		return cus__rep_strdup(buf);
	}
	case CUS__DIM_SEX: return cus__rep_strdup(v[0] == 'F' ? "kobiety" : "mężczyźni");
	case CUS__DIM_AGE_BAND:
		if (strcmp(v, "75+") == 0)
			return cus__rep_strdup("75 lat i więcej");
		snprintf(buf, sizeof buf, "%s lat", v);
		for (char *c = buf; *c; c++)
			if (*c == '-') {   /* an en dash */
				memmove(c + 3, c + 1, strlen(c + 1) + 1);
				memcpy(c, "\xE2\x80\x93", 3);
				break;
			}
		return cus__rep_strdup(buf);
	case CUS__DIM_FAMILY_TYPE:
		for (size_t i = 0; i < 3; i++)
			if (strcmp(ftypes[i][0], v) == 0)
				return cus__rep_strdup(ftypes[i][1]);
		return cus__rep_strdup(v);
	default: return cus__rep_strdup(v);
	}
}

/* The order of a dimension's values (the engine's: the policy's order). */
static long value_rank(const cus__policy *p, int dim, const char *v)
{
	if (strcmp(v, "none") == 0)
		return 1000000;
	switch (dim) {
	case CUS__DIM_SERVICE:
		for (size_t i = 0; i < cus__policy_service_count(p); i++)
			if (strcmp(cus__policy_service(p, i)->code, v) == 0)
				return (long)i;
		return 100000;
	case CUS__DIM_AREA:
		for (size_t i = 0; i < cus__policy_area_count(p); i++)
			if (strcmp(cus__policy_area(p, i)->code, v) == 0)
				return (long)i;
		return 100000;
	case CUS__DIM_FUNDING: case CUS__DIM_PROJECT:
		for (size_t i = 0; i < cus__policy_funding_count(p); i++)
			if (strcmp(cus__policy_funding(p, i)->code, v) == 0)
				return (long)i;
		return 100000;
	case CUS__DIM_AGE_BAND:
		for (long i = 0; i < 7; i++)
			if (strcmp(bands[i], v) == 0)
				return i;
		return 100000;
	case CUS__DIM_FAMILY_TYPE:
		for (long i = 0; i < 3; i++)
			if (strcmp(ftypes[i][0], v) == 0)
				return i;
		return 100000;
	case CUS__DIM_SEX: return v[0] == 'M';
	default: return 0;   /* periods: by their text */
	}
}

/* ---- a list of strings (a dimension's domain) ---- */

typedef struct {
	char **v;
	long *rank;
	size_t n, cap;
} strlist;

static void strlist_free(strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	free(l->rank);
	memset(l, 0, sizeof *l);
}

static int strlist_add(strlist *l, const char *s, long rank)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return 0;
	if (l->n == l->cap) {
		size_t nc = l->cap ? 2 * l->cap : 16;
		char **nv = realloc(l->v, nc * sizeof *nv);
		if (!nv)
			return oom();
		l->v = nv;
		long *nr = realloc(l->rank, nc * sizeof *nr);
		if (!nr)
			return oom();
		l->rank = nr;
		l->cap = nc;
	}
	if (!(l->v[l->n] = cus__rep_strdup(s)))
		return CUS_ENOMEM;
	l->rank[l->n++] = rank;
	return 0;
}

static void strlist_sort(strlist *l)
{
	for (size_t i = 1; i < l->n; i++)
		for (size_t j = i; j > 0; j--) {
			int less = l->rank[j] < l->rank[j - 1] ||
				(l->rank[j] == l->rank[j - 1] && strcmp(l->v[j], l->v[j - 1]) < 0);
			if (!less)
				break;
			char *t = l->v[j];
			l->v[j] = l->v[j - 1];
			l->v[j - 1] = t;
			long r = l->rank[j];
			l->rank[j] = l->rank[j - 1];
			l->rank[j - 1] = r;
		}
}

/* ---- the computation context ---- */

typedef struct {
	cus_indicator_query q;
	const char *by[CUS_INDICATOR_MAX_DIMS];
	int previous;                 /* of the previous period */
	cus_indicator_iter *it;
} qslot;

typedef struct {
	cus_session *s;
	const cus_report_def *d;
	const cus__policy *p;
	sqlite3 *sql;
	rep_model *m;
	qslot *q;
	size_t nq, capq;
	cus_budget_report *budget[2][9];   /* [previous][by] */
	cus_sdc_options sdc;
} ctx;

static int def_error(const ctx *c, const rep_sheet *sh, const rep_block *b, int line, int col, const char *fmt,
	const char *a, const char *bb)
{
	char what[400];
	snprintf(what, sizeof what, fmt, a ? a : "", bb ? bb : "");
	return cus__error_at(CUS_EINVAL, M, "definition", line, col, "%s:%d:%d: sheet '%s', %s: %s", c->d->source,
		line, col, sh->name, b->title ? b->title : "text", what);
}

/* Add a query; *out its index. */
static int add_query(ctx *c, const char *indicator, const char *measure, const char *den, int64_t factor,
	const char *const *by, size_t nby, int previous, size_t *out)
{
	for (size_t i = 0; i < c->nq; i++) {   /* the same query twice is computed once */
		const qslot *o = &c->q[i];
		int same = o->previous == previous && o->q.nby == nby && o->q.factor == factor &&
			!!o->q.indicator == !!indicator && (!indicator || strcmp(o->q.indicator, indicator) == 0) &&
			!!o->q.measure == !!measure && (!measure || strcmp(o->q.measure, measure) == 0) &&
			!!o->q.denominator == !!den && (!den || strcmp(o->q.denominator, den) == 0);
		for (size_t d = 0; same && d < nby; d++)
			same = strcmp(o->by[d], by[d]) == 0;
		if (same) {
			*out = i;
			return 0;
		}
	}
	if (c->nq == c->capq) {
		size_t nc = c->capq ? 2 * c->capq : 32;
		qslot *n = realloc(c->q, nc * sizeof *n);
		if (!n)
			return oom();
		c->q = n;
		c->capq = nc;
	}
	qslot *s = &c->q[c->nq];
	memset(s, 0, sizeof *s);
	cus_indicator_query init = CUS_INDICATOR_QUERY_INIT;
	s->q = init;
	s->q.period = previous ? c->m->previous.name : c->m->period.name;
	s->q.indicator = indicator;
	s->q.measure = measure;
	s->q.denominator = den;
	s->q.factor = factor;
	for (size_t i = 0; i < nby; i++)
		s->by[i] = by[i];
	s->q.by = nby ? s->by : NULL;
	s->q.nby = nby;
	s->q.totals = 1;
	s->previous = previous;
	*out = c->nq++;
	return 0;
}

static const cus_indicator *policy_indicator(const ctx *c, const char *code)
{
	const cus__indicators_data *d = cus__policy_indicators(c->p);
	for (size_t i = 0; d && i < d->n; i++)
		if (strcmp(d->items[i].code, code) == 0)
			return &d->items[i];
	return NULL;
}

/* The value's measure, denominator, factor and unit, from the policy. */
typedef struct {
	const char *measure, *den;     /* den: a measure, "target" or NULL */
	int64_t factor;
	const char *unit;
	const char *name;
} value_info;

static int value_resolve(const ctx *c, const rep_sheet *sh, const rep_block *b, const rep_value *v, value_info *out)
{
	memset(out, 0, sizeof *out);
	if (v->indicator) {
		const cus_indicator *ind = policy_indicator(c, v->indicator);
		if (!ind)
			return def_error(c, sh, b, v->line, v->column, "the policy defines no indicator '%s'%s", v->indicator,
				NULL);
		out->measure = ind->measure;
		out->den = ind->denominator;
		out->factor = ind->factor ? ind->factor : 1;
		out->name = ind->name;
	} else {
		out->measure = v->measure;
		out->den = v->denominator;
		out->factor = v->factor ? v->factor : 1;
		out->name = cus__rep_measure_name(v->measure);
		if (v->denominator && cus__measure_find(v->denominator)->source != cus__measure_find(v->measure)->source)
			return def_error(c, sh, b, v->line, v->column, "the denominator '%s' counts other records than '%s'",
				v->denominator, v->measure);
	}
	out->unit = cus__measure_find(out->measure)->unit;
	if (c->d->is_public && (strcmp(out->unit, "grosze") == 0 || strcmp(out->unit, "units") == 0))
		return def_error(c, sh, b, v->line, v->column, "a public report publishes counts only; '%s' is an amount%s",
			v->indicator ? v->indicator : v->measure, NULL);
	return 0;
}

static rep_fmt fmt_of(const value_info *vi, rep_fmt asked)
{
	if (asked != REP_FMT_AUTO)
		return asked;
	if (strcmp(vi->unit, "grosze") == 0)
		return REP_FMT_MONEY;
	if (vi->den && vi->factor == 100)
		return REP_FMT_PERCENT;
	if (strcmp(vi->unit, "units") == 0)
		return REP_FMT_UNITS;
	if (vi->den)
		return REP_FMT_DECIMAL;
	return REP_FMT_COUNT;
}

/* The companion of a count that is not of persons (public tables): the
 * distinct persons of the same cells, so that a cell of few persons is
 * suppressed whatever is counted. NULL when the measure counts persons. */
static const char *companion_of(const char *measure)
{
	const cus__measure *m = cus__measure_find(measure);
	if (strcmp(measure, "persons") == 0 || strcmp(measure, "families") == 0 || strcmp(measure, "applicants") == 0)
		return NULL;
	if (m->source == CUS__SRC_DELIVERIES)
		return "persons";
	if (m->source == CUS__SRC_APPLICATIONS)
		return "applicants";
	return NULL;
}

static int check_dims(const ctx *c, const rep_sheet *sh, const rep_block *b, const rep_value *v, const char *measure)
{
	const cus__measure *m = cus__measure_find(measure);
	for (size_t i = 0; i < b->nrows + b->ncols; i++) {
		const char *dim = i < b->nrows ? b->rows[i] : b->cols[i - b->nrows];
		if (!cus__dim_allowed(m->source, cus__dim_find(dim)))
			return def_error(c, sh, b, v->line, v->column, "the measure '%s' cannot be broken down by '%s'",
				measure, dim);
	}
	return 0;
}

/* ---- planning: the queries each block needs ---- */

/* Per value of a table: the slots of its numerator query (current, previous)
 * and, for public tables, of the companion and of the ad hoc numerator and
 * denominator counts. SIZE_MAX: none. */
typedef struct {
	value_info vi;
	size_t main[2];
	size_t num[2], den[2], comp[2];
} value_plan;

typedef struct {
	value_plan v[REP__MAX_VALUES];
	size_t ind[2][64];      /* indicators block: a slot per indicator and period */
	const cus_indicator *inds[64];
	size_t ninds;
} block_plan;

static int plan_table(ctx *c, const rep_sheet *sh, const rep_block *b, block_plan *bp)
{
	const char *by[CUS_INDICATOR_MAX_DIMS];
	size_t nby = 0;
	for (size_t i = 0; i < b->nrows; i++)
		by[nby++] = b->rows[i];
	for (size_t i = 0; i < b->ncols; i++)
		by[nby++] = b->cols[i];
	for (size_t i = 0; i < b->nvalues; i++) {
		value_plan *vp = &bp->v[i];
		memset(vp->main, 0xFF, sizeof vp->main);
		memset(vp->num, 0xFF, sizeof vp->num);
		memset(vp->den, 0xFF, sizeof vp->den);
		memset(vp->comp, 0xFF, sizeof vp->comp);
		const rep_value *v = &b->values[i];
		int rc = value_resolve(c, sh, b, v, &vp->vi);
		if (!rc)
			rc = check_dims(c, sh, b, v, vp->vi.measure);
		if (!rc && vp->vi.den && strcmp(vp->vi.den, "target") != 0)
			rc = check_dims(c, sh, b, v, vp->vi.den);
		for (int prev = 0; !rc && prev <= b->compare; prev++) {
			rc = add_query(c, v->indicator, v->measure, v->denominator, v->factor, by, nby, prev, &vp->main[prev]);
			if (!rc && c->d->is_public) {
				const char *comp = companion_of(vp->vi.measure);
				if (comp)
					rc = add_query(c, NULL, comp, NULL, 0, by, nby, prev, &vp->comp[prev]);
				if (!rc && vp->vi.den && strcmp(vp->vi.den, "target") != 0) {
					rc = add_query(c, NULL, vp->vi.den, NULL, 0, by, nby, prev, &vp->den[prev]);
					const char *dc = rc ? NULL : companion_of(vp->vi.den);
					if (dc && vp->comp[prev] == SIZE_MAX)
						rc = add_query(c, NULL, dc, NULL, 0, by, nby, prev, &vp->comp[prev]);
				}
			}
		}
		if (rc)
			return rc;
	}
	return 0;
}

static int plan_indicators(ctx *c, const rep_sheet *sh, const rep_block *b, block_plan *bp)
{
	const cus__indicators_data *d = cus__policy_indicators(c->p);
	size_t n = b->ncodes ? b->ncodes : d ? d->n : 0;
	for (size_t i = 0; i < n && bp->ninds < 64; i++) {
		const cus_indicator *ind = b->ncodes ? policy_indicator(c, b->codes[i]) : &d->items[i];
		if (!ind)
			return def_error(c, sh, b, b->line, b->column, "the policy defines no indicator '%s'%s", b->codes[i],
				NULL);
		if (c->d->is_public && !b->ncodes && (strcmp(cus__measure_find(ind->measure)->unit, "grosze") == 0 ||
			strcmp(cus__measure_find(ind->measure)->unit, "units") == 0))
			continue;   /* amounts and units: the budget blocks show them */
		if (c->d->is_public && (strcmp(cus__measure_find(ind->measure)->unit, "grosze") == 0 ||
			strcmp(cus__measure_find(ind->measure)->unit, "units") == 0))
			return def_error(c, sh, b, b->line, b->column, "a public report publishes counts only; '%s' is an "
				"amount%s", ind->code, NULL);
		size_t k = bp->ninds++;
		bp->inds[k] = ind;
		bp->ind[1][k] = SIZE_MAX;
		static const char *const by_sex[] = { "sex" };   /* every family allows it: the total in two passes */
		for (int prev = 0; prev <= b->compare; prev++) {
			int rc = add_query(c, ind->code, NULL, NULL, 0, by_sex, 1, prev, &bp->ind[prev][k]);
			if (rc)
				return rc;
		}
	}
	return 0;
}

/* ---- looking cells up ---- */

static const cus_indicator_value *find_cell(const cus_indicator_iter *it, const char *const *vals, size_t nd)
{
	size_t n = cus_indicator_count(it);
	for (size_t i = 0; i < n; i++) {
		const cus_indicator_value *v = cus_indicator_at(it, i);
		if (v->ndims != nd)
			continue;
		size_t d = 0;
		for (; d < nd; d++) {
			const char *a = vals[d], *b = v->values[d];
			if ((a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0))
				break;
		}
		if (d == nd)
			return v;
	}
	return NULL;
}

/* The grand total of an iterator (the cell with every dimension "all"). */
static const cus_indicator_value *grand_total(const cus_indicator_iter *it)
{
	size_t n = cus_indicator_count(it);
	for (size_t i = n; i-- > 0;) {
		const cus_indicator_value *v = cus_indicator_at(it, i);
		size_t d = 0;
		while (d < v->ndims && !v->values[d])
			d++;
		if (d == v->ndims)
			return v;
	}
	return NULL;
}

static rep_cell cell_from(const cus_indicator_value *v, const value_info *vi, rep_fmt fmt)
{
	rep_cell x = { CELL_INT, 0, 0, 1, fmt };
	x.factor = vi->factor;
	if (vi->den) {
		x.kind = CELL_RATIO;
		if (v) {
			x.num = v->numerator;
			x.den = v->denominator;
		}
		if (!x.den)
			x.kind = CELL_NA;
	} else if (v) {
		x.num = v->numerator;
	}
	return x;
}

/* ---- building tables ---- */

static int table_alloc(rep_table *t, size_t nrows, size_t ncols)
{
	t->rows = calloc(nrows ? nrows : 1, sizeof *t->rows);
	t->cols = calloc(ncols ? ncols : 1, sizeof *t->cols);
	t->cells = calloc((nrows ? nrows : 1) * (ncols ? ncols : 1), sizeof *t->cells);
	if (!t->rows || !t->cols || !t->cells)
		return oom();
	t->nrows = nrows;
	t->ncols = ncols;
	return 0;
}

static rep_cell *at(rep_table *t, size_t r, size_t col)
{
	return &t->cells[r * t->ncols + col];
}

/* The domain of dimension `dim` at position pos of the queries' cells. */
static int domain(ctx *c, int dim, size_t pos, const size_t *slots, size_t nslots, strlist *out)
{
	const cus_period *per = &c->m->period;
	int rc = 0;
	switch (dim) {
	case CUS__DIM_AREA:
		for (size_t i = 0; !rc && i < cus__policy_area_count(c->p); i++)
			rc = strlist_add(out, cus__policy_area(c->p, i)->code, (long)i);
		break;
	case CUS__DIM_SEX:
		rc = strlist_add(out, "F", 0);
		if (!rc)
			rc = strlist_add(out, "M", 1);
		break;
	case CUS__DIM_AGE_BAND:
		for (long i = 0; !rc && i < 7; i++)
			rc = strlist_add(out, bands[i], i);
		break;
	case CUS__DIM_FAMILY_TYPE:
		for (long i = 0; !rc && i < 3; i++)
			rc = strlist_add(out, ftypes[i][0], i);
		break;
	case CUS__DIM_MONTH: case CUS__DIM_QUARTER: case CUS__DIM_HALF_YEAR: case CUS__DIM_YEAR: {
		int fm = atoi(per->first + 5), lm = atoi(per->last + 5);
		for (int mo = fm; !rc && mo <= lm; mo++) {
			char b[16];
			if (dim == CUS__DIM_MONTH)
				snprintf(b, sizeof b, "%04d-%02d", per->year, mo);
			else if (dim == CUS__DIM_QUARTER)
				snprintf(b, sizeof b, "%04dQ%d", per->year, (mo - 1) / 3 + 1);
			else if (dim == CUS__DIM_HALF_YEAR)
				snprintf(b, sizeof b, "%04dH%d", per->year, (mo - 1) / 6 + 1);
			else
				snprintf(b, sizeof b, "%04d", per->year);
			rc = strlist_add(out, b, 0);
		}
		break;
	}
	default: break;
	}
	int is_period = dim <= CUS__DIM_YEAR;
	for (size_t s = 0; !rc && s < nslots; s++) {
		const qslot *q = &c->q[slots[s]];
		if (q->previous && is_period)
			continue;
		size_t n = cus_indicator_count(q->it);
		for (size_t i = 0; !rc && i < n; i++) {
			const cus_indicator_value *v = cus_indicator_at(q->it, i);
			if (pos < v->ndims && v->values[pos])
				rc = strlist_add(out, v->values[pos], value_rank(c->p, dim, v->values[pos]));
		}
	}
	if (!rc)
		strlist_sort(out);
	return rc;
}

static char *row_key(const char *const *dimcodes, const char *const *vals, size_t n)
{
	char buf[512] = "";
	for (size_t i = 0; i < n; i++) {
		size_t u = strlen(buf);
		snprintf(buf + u, sizeof buf - u, "%s%s=%s", i ? ";" : "", dimcodes[i], vals[i] ? vals[i] : "*");
	}
	return cus__rep_strdup(buf);
}

/* Suppress the public cells of one value: its numerator (and denominator
 * and companion counts), current and previous, with one pattern. */
static int protect_value(ctx *c, rep_table *t, size_t ndata_rows, size_t ncells_per_row, int has_totals,
	const size_t *slots, size_t nslots, const char *const *dimcodes, size_t nrowdims, const strlist *rowdom,
	const strlist *coldom, size_t colbase, int compare_cols, size_t stride)
{
	(void)dimcodes;
	size_t R = ndata_rows, C = ncells_per_row;
	unsigned flags = 0;
	if (has_totals)
		flags = C > 1 ? CUS_SDC_TOTALS : CUS_SDC_COLUMN_TOTALS;
	cus_sdc_table *tabs[8] = { 0 };
	size_t ntabs = 0;
	int rc = 0;
	for (size_t s = 0; !rc && s < nslots; s++) {
		if (slots[s] == SIZE_MAX)
			continue;
		cus_sdc_table *st = NULL;
		if ((rc = cus_sdc_table_new(&st, R, C, flags)))
			break;
		tabs[ntabs++] = st;
		const cus_indicator_iter *it = c->q[slots[s]].it;
		for (size_t r = 0; !rc && r <= R; r++) {
			if (r == R && !has_totals)
				break;
			for (size_t k = 0; !rc && k <= C; k++) {
				if (k == C && !(flags & CUS_SDC_ROW_TOTALS))
					break;
				const char *vals[2] = { r < R ? rowdom->v[r] : NULL, coldom && k < C ? coldom->v[k] : NULL };
				(void)nrowdims;
				const cus_indicator_value *v = find_cell(it, vals, coldom ? 2 : 1);
				int64_t val = v ? v->numerator : 0;
				rc = cus_sdc_table_set(st, r, k, val < 0 ? 0 : val);
				if (!rc && (r == R || k == C))   /* keep totals published when possible */
					rc = cus_sdc_table_set_cost(st, r, k, (val + 1) * 1000000);
			}
		}
	}
	if (!rc && ntabs) {
		int n = cus_sdc_protect_periods(tabs, ntabs, &c->sdc);
		rc = n < 0 ? n : 0;
	}
	/* apply the pattern to the cells shown */
	for (size_t r = 0; !rc && ntabs && r < t->nrows; r++) {
		size_t sr = r < R ? r : R;
		if (r >= R && !has_totals)
			break;
		for (size_t k = 0; k < (coldom ? C + (has_totals ? 1 : 0) : 1); k++) {
			int st = cus_sdc_table_status(tabs[0], sr, coldom ? k : 0);
			if (st < 0) {
				rc = st;
				break;
			}
			if (!cus_sdc_status_suppressed(st))
				continue;
			for (size_t cc = 0; cc < (size_t)(compare_cols ? 3 : 1); cc++) {
				rep_cell *x = at(t, r, colbase + k * stride + cc);
				x->kind = CELL_SUPPRESSED;
				t->suppressed++;
			}
		}
	}
	for (size_t i = 0; i < ntabs; i++)
		cus_sdc_table_free(tabs[i]);
	return rc;
}

static double cell_number(const rep_cell *x)
{
	double v = 0;
	if (x->kind == CELL_INT)
		v = (double)x->num;
	else if (x->kind == CELL_RATIO && x->den)
		v = (double)x->num * (double)x->factor / (double)x->den;
	return v;
}

/* The change from the previous period: relative for counts and amounts,
 * in percentage points for percentages. */
static rep_cell change_cell(const rep_cell *cur, const rep_cell *prev)
{
	rep_cell x = { CELL_NA, 0, 0, 1, REP_FMT_PERCENT };
	if (cur->kind == CELL_SUPPRESSED || prev->kind == CELL_SUPPRESSED) {
		x.kind = CELL_SUPPRESSED;
		return x;
	}
	if ((cur->kind != CELL_INT && cur->kind != CELL_RATIO) || (prev->kind != CELL_INT && prev->kind != CELL_RATIO))
		return x;
	double a = cell_number(cur), b = cell_number(prev);
	if (cur->fmt == REP_FMT_PERCENT) {
		/* stored as a ratio of hundredths of a percentage point */
		x.kind = CELL_RATIO;
		x.fmt = REP_FMT_DECIMAL;
		x.num = (int64_t)((a - b) * 100 + (a >= b ? 0.5 : -0.5));
		x.den = 100;
		x.factor = 1;
		return x;
	}
	if (b == 0)
		return x;
	x.kind = CELL_RATIO;
	x.num = (int64_t)((a - b) / b * 1000000 + (a >= b ? 0.5 : -0.5));
	x.den = 1000000;
	x.factor = 100;
	return x;
}

static int build_table(ctx *c, const rep_sheet *sh, const rep_block *b, block_plan *bp, rep_table *t)
{
	(void)sh;
	int rc = 0;
	const char *dimcodes[3];
	int dimix[3];
	size_t nd = 0;
	for (size_t i = 0; i < b->nrows; i++)
		dimcodes[nd++] = b->rows[i];
	for (size_t i = 0; i < b->ncols; i++)
		dimcodes[nd++] = b->cols[i];
	for (size_t i = 0; i < nd; i++)
		dimix[i] = cus__dim_find(dimcodes[i]);
	size_t slots[REP__MAX_VALUES * 8], ns = 0;
	for (size_t v = 0; v < b->nvalues; v++)
		for (int p = 0; p < 2; p++) {
			if (bp->v[v].main[p] != SIZE_MAX)
				slots[ns++] = bp->v[v].main[p];
		}
	strlist dom[3] = { { 0 } };
	for (size_t i = 0; !rc && i < nd; i++)
		rc = domain(c, dimix[i], i, slots, ns, &dom[i]);
	/* rows: (a) or (a, b) combinations present, subtotals, total */
	typedef struct { const char *v[2]; int level; } rowspec;
	rowspec *rs = NULL;
	size_t nr = 0;
	size_t maxr = (dom[0].n + 1) * (b->nrows == 2 ? dom[1].n + 2 : 1) + 1;
	if (!rc && !(rs = calloc(maxr, sizeof *rs)))
		rc = oom();
	for (size_t i = 0; !rc && i < dom[0].n; i++) {
		if (b->nrows == 1) {
			rs[nr].v[0] = dom[0].v[i];
			rs[nr++].level = 0;
			continue;
		}
		rs[nr].v[0] = dom[0].v[i];   /* the group's heading */
		rs[nr].v[1] = NULL;
		rs[nr++].level = -1;
		size_t before = nr;
		for (size_t j = 0; j < dom[1].n; j++) {
			const char *vals[4] = { dom[0].v[i], dom[1].v[j], NULL, NULL };
			int present = 0;
			for (size_t s = 0; s < ns && !present; s++) {
				size_t n = cus_indicator_count(c->q[slots[s]].it);
				for (size_t k = 0; k < n && !present; k++) {
					const cus_indicator_value *v = cus_indicator_at(c->q[slots[s]].it, k);
					present = v->values[0] && v->values[1] && strcmp(v->values[0], vals[0]) == 0 &&
						strcmp(v->values[1], vals[1]) == 0;
				}
			}
			if (present) {
				rs[nr].v[0] = dom[0].v[i];
				rs[nr].v[1] = dom[1].v[j];
				rs[nr++].level = 0;
			}
		}
		if (nr == before)
			nr--;   /* no rows: no heading */
		else if (b->totals) {
			rs[nr].v[0] = dom[0].v[i];
			rs[nr].v[1] = NULL;
			rs[nr++].level = 1;
		}
	}
	size_t ndata = nr;
	if (!rc && b->totals) {
		rs[nr].v[0] = rs[nr].v[1] = NULL;
		rs[nr].level = 2;
		nr++;
	}
	/* columns */
	size_t per_value = b->compare ? 3 : 1;
	size_t ncol = b->ncols ? dom[b->nrows].n + (b->totals ? 1 : 0) : b->nvalues * per_value;
	if (!rc)
		rc = table_alloc(t, nr, ncol);
	t->head = NULL;
	char plabel[64], prevlabel[64];
	cus__rep_period_label(&c->m->period, plabel, sizeof plabel);
	cus__rep_period_label(&c->m->previous, prevlabel, sizeof prevlabel);
	for (size_t k = 0; !rc && k < ncol; k++) {
		rep_col *col = &t->cols[k];
		if (b->ncols) {
			const char *v = k < dom[b->nrows].n ? dom[b->nrows].v[k] : NULL;
			col->label = value_label(c->p, dimix[b->nrows], v);
			col->key = cus__rep_printf("%s@%s;%s=%s", b->values[0].indicator ? b->values[0].indicator :
				b->values[0].measure, c->m->period.name, b->cols[0], v ? v : "*");
			col->fmt = fmt_of(&bp->v[0].vi, b->values[0].fmt);
			col->chartable = v != NULL;
		} else {
			size_t vi = k / per_value, part = k % per_value;
			const rep_value *val = &b->values[vi];
			const char *name = val->label ? val->label : bp->v[vi].vi.name;
			const char *code = val->indicator ? val->indicator : val->measure;
			if (part == 0)
				col->label = b->compare ? cus__rep_printf("%s – %s", name, plabel) : cus__rep_strdup(name);
			else if (part == 1)
				col->label = cus__rep_printf("%s – %s", name, prevlabel);
			else
				col->label = cus__rep_strdup(fmt_of(&bp->v[vi].vi, val->fmt) == REP_FMT_PERCENT ?
					"Zmiana (p.p.)" : "Zmiana (%)");
			col->key = part == 2 ? NULL : cus__rep_printf("%s@%s", code, part ? c->m->previous.name :
				c->m->period.name);
			col->fmt = part == 2 ? REP_FMT_PERCENT : fmt_of(&bp->v[vi].vi, val->fmt);
			col->chartable = part == 0;
		}
		if (!col->label || (!col->key && (b->ncols || k % per_value != 2)))
			rc = CUS_ENOMEM;
	}
	/* rows and cells */
	for (size_t r = 0; !rc && r < nr; r++) {
		rep_row *row = &t->rows[r];
		row->level = rs[r].level;
		const char *vals[3] = { rs[r].v[0], b->nrows == 2 ? rs[r].v[1] : NULL, NULL };
		if (rs[r].level == -1) {
			row->label = value_label(c->p, dimix[0], vals[0]);
			row->key = cus__rep_printf("%s=%s;heading", dimcodes[0], vals[0]);
			for (size_t k = 0; k < ncol; k++)
				at(t, r, k)->kind = CELL_EMPTY;
			if (!row->label || !row->key)
				rc = CUS_ENOMEM;
			continue;
		} else if (rs[r].level == 2) {
			row->label = cus__rep_strdup("Ogółem");
		} else if (rs[r].level == 1) {
			char *l = value_label(c->p, dimix[0], vals[0]);
			row->label = l ? cus__rep_printf("Razem: %s", l) : NULL;
			free(l);
		} else if (b->nrows == 2) {
			row->label = value_label(c->p, dimix[1], vals[1]);
		} else {
			row->label = value_label(c->p, dimix[0], vals[0]);
		}
		row->key = row_key(dimcodes, vals, b->nrows);
		if (!row->label || !row->key) {
			rc = CUS_ENOMEM;
			break;
		}
		for (size_t k = 0; k < ncol; k++) {
			const char *cv[3] = { vals[0], vals[1], NULL };
			size_t vi = b->ncols ? 0 : k / per_value, part = b->ncols ? 0 : k % per_value;
			if (b->ncols)
				cv[b->nrows] = k < dom[b->nrows].n ? dom[b->nrows].v[k] : NULL;
			rep_fmt fmt = t->cols[k].fmt;
			if (part == 2) {
				*at(t, r, k) = change_cell(at(t, r, k - 2), at(t, r, k - 1));
				continue;
			}
			const cus_indicator_value *v = find_cell(c->q[bp->v[vi].main[part]].it, cv, nd);
			*at(t, r, k) = cell_from(v, &bp->v[vi].vi, fmt);
		}
	}
	/* public: suppression */
	if (!rc && c->d->is_public) {
		strlist *coldom = b->ncols ? &dom[1] : NULL;
		for (size_t vi = 0; !rc && vi < b->nvalues; vi++) {
			const value_plan *vp = &bp->v[vi];
			size_t group[8] = { vp->main[0], vp->main[1], vp->den[0], vp->den[1], vp->comp[0], vp->comp[1],
				SIZE_MAX, SIZE_MAX };
			/* a ratio's own query is not a count: protect its numerator instead */
			if (vp->vi.den) {
				group[0] = group[1] = SIZE_MAX;
				group[6] = vp->num[0];
				group[7] = vp->num[1];
			}
			rc = rc ? rc : protect_value(c, t, ndata, coldom ? coldom->n : 1, b->totals, group, 8, dimcodes,
				b->nrows, &dom[0], coldom, b->ncols ? 0 : vi * per_value, b->compare, 1);
		}
	}
	free(rs);
	for (size_t i = 0; i < 3; i++)
		strlist_free(&dom[i]);
	return rc;
}

static int64_t bp_to_ratio(int64_t bp, rep_cell *x)
{
	x->kind = bp < 0 ? CELL_NA : CELL_RATIO;
	x->num = bp;
	x->den = 10000;
	x->factor = 100;
	x->fmt = REP_FMT_PERCENT;
	return 0;
}

static int budget_get(ctx *c, int by, int previous, cus_budget_report **out)
{
	if (!c->budget[previous][by]) {
		int rc = fin__budget_report_run(&c->budget[previous][by], c->s,
			previous ? c->m->previous.name : c->m->period.name, by);
		if (rc)
			return rc;
	}
	*out = c->budget[previous][by];
	return 0;
}

static const char *const bcol_labels[] = { "Plan", "Wykonanie", "% wykonania planu", "Beneficjenci",
	"Koszt na beneficjenta", "Jednostki usług", "Koszt jednostki" };
static const char *const bcol_keys[] = { "plan", "executed", "executed_pct", "beneficiaries",
	"cost_per_beneficiary", "units", "cost_per_unit" };

static void budget_cell(const cus_budget_row *row, int col, rep_cell *x)
{
	memset(x, 0, sizeof *x);
	x->factor = 1;
	x->kind = CELL_INT;
	switch (col) {
	case 0: x->num = row->plan; x->fmt = REP_FMT_MONEY; break;
	case 1: x->num = row->executed; x->fmt = REP_FMT_MONEY; break;
	case 2: bp_to_ratio(row->executed_bp, x); break;
	case 3: x->num = row->beneficiaries; x->fmt = REP_FMT_COUNT; break;
	case 4: x->num = row->cost_per_beneficiary; x->fmt = REP_FMT_MONEY; break;
	case 5: x->num = row->units; x->fmt = REP_FMT_UNITS; break;
	default: x->num = row->cost_per_unit; x->fmt = REP_FMT_MONEY; break;
	}
	if (col >= 3 && x->num < 0)
		x->kind = CELL_NA;
}

static char *budget_label(const cus_budget_report *r, const cus_budget_row *row, int by)
{
	if (!row->key[0]) {
		switch (by) {
		case CUS_BUDGET_BY_PROJECT: return cus__rep_strdup("Poza projektami");
		case CUS_BUDGET_BY_AREA: return cus__rep_strdup("Bez przypisania do obszaru usług");
		case CUS_BUDGET_BY_SERVICE: return cus__rep_strdup("Bez przypisania do usługi");
		default: return cus__rep_strdup("Nieprzypisane");
		}
	}
	(void)r;
	if (by >= CUS_BUDGET_BY_CLASSIFICATION && by != CUS_BUDGET_BY_AREA && by != CUS_BUDGET_BY_SERVICE) {
		const char *kind = row->level == 1 ? "Dział" : row->level == 2 ? "Rozdział" : "§";
		if (row->name)
			return cus__rep_printf("%s %s – %s", kind, row->key, row->name);
		return cus__rep_printf("%s %s", kind, row->key);
	}
	return cus__rep_strdup(row->name ? row->name : row->key);
}

static int build_budget(ctx *c, const rep_block *b, rep_table *t)
{
	cus_budget_report *r = NULL;
	int rc = budget_get(c, b->budget_by, 0, &r);
	if (rc)
		return rc;
	size_t ncol = 0;
	int cols[8];
	for (int i = 0; i < 7; i++)
		if (b->budget_cols & (1u << i))
			cols[ncol++] = i;
	if ((rc = table_alloc(t, r->nrows + 1, ncol)))
		return rc;
	for (size_t k = 0; k < ncol; k++) {
		t->cols[k].label = cus__rep_strdup(bcol_labels[cols[k]]);
		t->cols[k].key = cus__rep_printf("budget.%s@%s", bcol_keys[cols[k]], c->m->period.name);
		t->cols[k].fmt = cols[k] == 2 ? REP_FMT_PERCENT : cols[k] == 3 ? REP_FMT_COUNT : cols[k] == 5 ?
			REP_FMT_UNITS : REP_FMT_MONEY;
		t->cols[k].chartable = 1;
		if (!t->cols[k].label || !t->cols[k].key)
			return CUS_ENOMEM;
	}
	for (size_t i = 0; i <= r->nrows; i++) {
		const cus_budget_row *row = i < r->nrows ? &r->rows[i] : &r->total;
		rep_row *o = &t->rows[i];
		o->level = i == r->nrows ? 2 : (b->budget_by == CUS_BUDGET_BY_CLASSIFICATION && row->level < 3 ? 1 : 0);
		o->label = i == r->nrows ? cus__rep_strdup("Ogółem") : budget_label(r, row, b->budget_by);
		o->key = cus__rep_printf("%s=%s", cus_budget_by_name(b->budget_by), i == r->nrows ? "*" : row->key[0] ?
			row->key : "none");
		if (!o->label || !o->key)
			return CUS_ENOMEM;
		for (size_t k = 0; k < ncol; k++)
			budget_cell(row, cols[k], at(t, i, k));
	}
	/* public: the rows of few beneficiaries (and what derives from them) */
	if (c->d->is_public && (b->budget_by == CUS_BUDGET_BY_AREA || b->budget_by == CUS_BUDGET_BY_SERVICE) &&
		r->nrows) {
		cus_sdc_table *st = NULL;
		if ((rc = cus_sdc_table_new(&st, r->nrows, 1, CUS_SDC_COLUMN_TOTALS)))
			return rc;
		for (size_t i = 0; !rc && i <= r->nrows; i++) {
			const cus_budget_row *row = i < r->nrows ? &r->rows[i] : &r->total;
			rc = cus_sdc_table_set(st, i, 0, row->beneficiaries < 0 ? 0 : row->beneficiaries);
		}
		if (!rc) {
			int n = cus_sdc_protect(st, &c->sdc);
			rc = n < 0 ? n : 0;
		}
		for (size_t i = 0; !rc && i <= r->nrows; i++) {
			int s = cus_sdc_table_status(st, i, 0);
			if (s < 0) {
				rc = s;
				break;
			}
			if (!cus_sdc_status_suppressed(s))
				continue;
			for (size_t k = 0; k < ncol; k++)
				if (cols[k] >= 3) {
					at(t, i, k)->kind = CELL_SUPPRESSED;
					t->suppressed++;
				}
		}
		cus_sdc_table_free(st);
	}
	return rc;
}

static int build_structure(ctx *c, const rep_block *b, rep_table *t)
{
	cus_budget_report *r = NULL;
	int rc = budget_get(c, CUS_BUDGET_BY_SOURCE, 0, &r);
	if (rc)
		return rc;
	static const char *const sp[] = { "Świadczenia na rzecz osób fizycznych", "Usługi społeczne",
		"Utrzymanie i pozostałe wydatki" };
	static const char *const fi[] = { "Środki własne gminy", "Środki zlecone i programy rządowe",
		"Środki zewnętrzne (UE)", "Inne źródła" };
	size_t n = b->structure_of ? 4 : 3;
	const cus_budget_part *parts = b->structure_of ? r->financing : r->spending;
	if ((rc = table_alloc(t, n + 1, 4)))
		return rc;
	static const char *const labels[] = { "Plan", "Wykonanie", "Udział w planie", "Udział w wykonaniu" };
	static const char *const keys[] = { "plan", "executed", "plan_share", "executed_share" };
	for (size_t k = 0; k < 4; k++) {
		t->cols[k].label = cus__rep_strdup(labels[k]);
		t->cols[k].key = cus__rep_printf("%s.%s@%s", b->structure_of ? "financing" : "spending", keys[k],
			c->m->period.name);
		t->cols[k].fmt = k < 2 ? REP_FMT_MONEY : REP_FMT_PERCENT;
		t->cols[k].chartable = 1;
		if (!t->cols[k].label || !t->cols[k].key)
			return CUS_ENOMEM;
	}
	for (size_t i = 0; i <= n; i++) {
		rep_row *o = &t->rows[i];
		o->level = i == n ? 2 : 0;
		o->label = cus__rep_strdup(i == n ? "Ogółem" : b->structure_of ? fi[i] : sp[i]);
		o->key = cus__rep_printf("part=%s", i == n ? "*" : parts[i].key);
		if (!o->label || !o->key)
			return CUS_ENOMEM;
		rep_cell *x = at(t, i, 0);
		x->kind = CELL_INT;
		x->factor = 1;
		x->num = i == n ? r->total.plan : parts[i].plan;
		x->fmt = REP_FMT_MONEY;
		x = at(t, i, 1);
		x->kind = CELL_INT;
		x->factor = 1;
		x->num = i == n ? r->total.executed : parts[i].executed;
		x->fmt = REP_FMT_MONEY;
		bp_to_ratio(i == n ? (r->total.plan ? 10000 : -1) : parts[i].plan_share_bp, at(t, i, 2));
		bp_to_ratio(i == n ? (r->total.executed ? 10000 : -1) : parts[i].executed_share_bp, at(t, i, 3));
	}
	return 0;
}

static int build_indicators(ctx *c, const rep_block *b, block_plan *bp, rep_table *t)
{
	/* rows: by criterion (a heading per criterion) or in order */
	size_t maxr = bp->ninds + 5;
	const cus_indicator **order = calloc(maxr, sizeof *order);
	int *heading = calloc(maxr, sizeof *heading);
	size_t *slot = calloc(maxr, sizeof *slot);
	int rc = order && heading && slot ? 0 : oom();
	size_t nr = 0;
	for (size_t cr = 0; !rc && cr < (b->by_criterion ? 5u : 1u); cr++) {
		size_t start = nr;
		if (b->by_criterion)
			heading[nr++] = (int)cr + 1;
		size_t added = 0;
		for (size_t i = 0; i < bp->ninds; i++) {
			if (b->by_criterion && strcmp(bp->inds[i]->criterion, criteria[cr].code) != 0)
				continue;
			order[nr] = bp->inds[i];
			slot[nr++] = i;
			added++;
		}
		if (b->by_criterion && !added)
			nr = start;
	}
	size_t ncol = b->compare ? 5 : 3;
	if (!rc)
		rc = table_alloc(t, nr, ncol);
	char plabel[64], prevlabel[64];
	cus__rep_period_label(&c->m->period, plabel, sizeof plabel);
	cus__rep_period_label(&c->m->previous, prevlabel, sizeof prevlabel);
	const char *labels[5] = { "Licznik", "Mianownik", "Wartość", NULL, "Zmiana" };
	char cur[96], prev[96];
	if (b->compare) {
		snprintf(cur, sizeof cur, "Wartość – %s", plabel);
		snprintf(prev, sizeof prev, "Wartość – %s", prevlabel);
		labels[2] = cur;
		labels[3] = prev;
	}
	static const char *const keys[] = { "numerator", "denominator", "value", "value_previous", "change" };
	for (size_t k = 0; !rc && k < ncol; k++) {
		t->cols[k].label = cus__rep_strdup(labels[k]);
		t->cols[k].key = k == 4 ? NULL : cus__rep_printf("%s@%s", keys[k], k == 3 ? c->m->previous.name :
			c->m->period.name);
		t->cols[k].fmt = k < 2 ? REP_FMT_COUNT : REP_FMT_DECIMAL;
		if (!t->cols[k].label || (k != 4 && !t->cols[k].key))
			rc = CUS_ENOMEM;
	}
	for (size_t r = 0; !rc && r < nr; r++) {
		rep_row *o = &t->rows[r];
		if (heading[r]) {
			const char *code = criteria[heading[r] - 1].code;
			o->level = -1;
			o->label = cus__rep_printf("%s — %s", cus__rep_criterion_name(code), criteria[heading[r] - 1].desc);
			o->key = cus__rep_printf("criterion=%s", code);
			for (size_t k = 0; k < ncol; k++)
				at(t, r, k)->kind = CELL_EMPTY;
			if (!o->label || !o->key)
				rc = CUS_ENOMEM;
			continue;
		}
		const cus_indicator *ind = order[r];
		o->label = cus__rep_strdup(ind->name);
		o->key = cus__rep_printf("indicator=%s", ind->code);
		if (!o->label || !o->key) {
			rc = CUS_ENOMEM;
			break;
		}
		value_info vi = { ind->measure, ind->denominator, ind->factor ? ind->factor : 1,
			cus__measure_find(ind->measure)->unit, ind->name };
		rep_fmt fmt = fmt_of(&vi, REP_FMT_AUTO);
		const cus_indicator_value *v = grand_total(c->q[bp->ind[0][slot[r]]].it);
		rep_cell *x = at(t, r, 0);
		*x = (rep_cell){ CELL_INT, v ? v->numerator : 0, 0, 1, strcmp(vi.unit, "grosze") == 0 ? REP_FMT_MONEY :
			strcmp(vi.unit, "units") == 0 ? REP_FMT_UNITS : REP_FMT_COUNT };
		x = at(t, r, 1);
		*x = (rep_cell){ vi.den ? CELL_INT : CELL_NA, v ? v->denominator : 0, 0, 1,
			vi.den && strcmp(vi.den, "target") && strcmp(cus__measure_find(vi.den)->unit, "units") == 0 ?
			REP_FMT_UNITS : REP_FMT_COUNT };
		*at(t, r, 2) = cell_from(v, &vi, fmt);
		if (b->compare) {
			const cus_indicator_value *pv = grand_total(c->q[bp->ind[1][slot[r]]].it);
			*at(t, r, 3) = cell_from(pv, &vi, fmt);
			*at(t, r, 4) = change_cell(at(t, r, 2), at(t, r, 3));
		}
		if (c->d->is_public) {
			int small = 0;
			int64_t k = c->sdc.k;
			if (v && v->numerator > 0 && v->numerator < k)
				small = 1;
			if (v && vi.den && strcmp(vi.den, "target") && v->denominator > 0 && v->denominator < k)
				small = 1;
			const cus_indicator_value *pv = b->compare ? grand_total(c->q[bp->ind[1][slot[r]]].it) : NULL;
			if (pv && ((pv->numerator > 0 && pv->numerator < k) || (vi.den && strcmp(vi.den, "target") &&
				pv->denominator > 0 && pv->denominator < k)))
				small = 1;
			for (size_t kk = 0; small && kk < ncol; kk++) {
				at(t, r, kk)->kind = CELL_SUPPRESSED;
				t->suppressed++;
			}
		}
	}
	free(order);
	free(heading);
	free(slot);
	return rc;
}

/* ---- the snapshot hash ---- */

static void h_field(crypto_hash_sha256_state *h, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	unsigned char len[4] = { (unsigned char)(n >> 24), (unsigned char)(n >> 16), (unsigned char)(n >> 8),
		(unsigned char)n };
	crypto_hash_sha256_update(h, len, 4);
	if (n)
		crypto_hash_sha256_update(h, (const unsigned char *)s, n);
}

static void cell_text(const rep_cell *x, char *buf, size_t size)
{
	switch (x->kind) {
	case CELL_INT: snprintf(buf, size, "%lld", (long long)x->num); break;
	case CELL_RATIO: snprintf(buf, size, "%lld/%lld*%lld", (long long)x->num, (long long)x->den,
		(long long)x->factor); break;
	case CELL_SUPPRESSED: snprintf(buf, size, "x"); break;
	case CELL_NA: snprintf(buf, size, "-"); break;
	default: buf[0] = 0; break;
	}
}

static void snapshot(rep_model *m)
{
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	h_field(&h, "cus-report-snapshot/1");
	h_field(&h, m->def->code);
	h_field(&h, m->period.name);
	h_field(&h, m->policy_hash);
	for (size_t s = 0; s < m->nsheets; s++)
		for (size_t t = 0; t < m->sheets[s].ntables; t++) {
			const rep_table *tb = &m->sheets[s].tables[t];
			char id[48];
			snprintf(id, sizeof id, "%zu.%zu", s + 1, t + 1);
			for (size_t r = 0; r < tb->nrows; r++)
				for (size_t k = 0; k < tb->ncols; k++) {
					const rep_cell *x = &tb->cells[r * tb->ncols + k];
					if (!tb->cols[k].key || x->kind == CELL_EMPTY || tb->rows[r].level < 0)
						continue;
					char v[96];
					cell_text(x, v, sizeof v);
					h_field(&h, m->sheets[s].sheet->name);
					h_field(&h, id);
					h_field(&h, tb->rows[r].key);
					h_field(&h, tb->cols[k].key);
					h_field(&h, v);
					m->cells++;
					if (x->kind == CELL_SUPPRESSED)
						m->suppressed++;
				}
		}
	unsigned char out[32];
	crypto_hash_sha256_final(&h, out);
	cus__hex(m->snapshot, out, sizeof out);
}

/* ---- the Metodologia table: the policy's indicators ---- */

static int build_method(ctx *c, rep_table *t)
{
	const cus__indicators_data *d = cus__policy_indicators(c->p);
	size_t n = d ? d->n : 0;
	int rc = table_alloc(t, n, 5);
	if (rc)
		return rc;
	static const char *const labels[] = { "Kod", "Kryterium", "Licznik (miara)", "Mianownik", "Uwagi" };
	for (size_t k = 0; k < 5; k++)
		if (!(t->cols[k].label = cus__rep_strdup(labels[k])))
			return CUS_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		const cus_indicator *ind = &d->items[i];
		rep_row *o = &t->rows[i];
		o->label = cus__rep_strdup(ind->name);
		o->key = cus__rep_printf("indicator=%s", ind->code);
		char by[200] = "";
		for (size_t j = 0; j < ind->nby; j++) {
			size_t u = strlen(by);
			snprintf(by + u, sizeof by - u, "%s%s", j ? ", " : "", cus__rep_dim_name(ind->by[j]));
		}
		const char *texts[5];
		char den[200], notes[600];
		texts[0] = ind->code;
		texts[1] = cus__rep_criterion_name(ind->criterion);
		texts[2] = cus__rep_measure_name(ind->measure);
		if (!ind->denominator)
			snprintf(den, sizeof den, "—");
		else if (strcmp(ind->denominator, "target") == 0) {
			const cus__target *tg = cus__policy_target_find(c->p, ind->target);
			snprintf(den, sizeof den, "wartość docelowa: %lld", tg ? (long long)tg->number : 0LL);
		} else
			snprintf(den, sizeof den, "%s", cus__rep_measure_name(ind->denominator));
		texts[3] = den;
		snprintf(notes, sizeof notes, "%s%s%s%s%s", ind->factor == 100 ? "× 100 (%); " : "",
			ind->cumulative ? "narastająco od początku Programu; " : "", by[0] ? "podział: " : "", by,
			ind->description ? "" : "");
		texts[4] = notes;
		for (size_t k = 0; k < 5; k++) {
			rep_cell *x = at(t, i, k);
			x->kind = CELL_EMPTY;
			x->fmt = REP_FMT_COUNT;
		}
		/* text cells are carried in the row keys of a second table: keep it simple, store them in labels */
		char *all = cus__rep_printf("%s\x1f%s\x1f%s\x1f%s\x1f%s", texts[0], texts[1], texts[2], texts[3],
			texts[4]);
		free(o->key);
		o->key = all;
		if (!o->label || !o->key)
			return CUS_ENOMEM;
	}
	return 0;
}

/* ---- the whole report ---- */

void cus__rep_model_free(rep_model *m)
{
	if (!m)
		return;
	rep_table *all[1] = { &m->method_indicators };
	for (size_t s = 0; s <= m->nsheets; s++) {
		size_t nt = s < m->nsheets ? m->sheets[s].ntables : 1;
		for (size_t i = 0; i < nt; i++) {
			rep_table *t = s < m->nsheets ? &m->sheets[s].tables[i] : all[0];
			for (size_t r = 0; r < t->nrows; r++) {
				free(t->rows[r].label);
				free(t->rows[r].key);
			}
			for (size_t k = 0; k < t->ncols; k++) {
				free(t->cols[k].label);
				free(t->cols[k].key);
			}
			free(t->rows);
			free(t->cols);
			free(t->cells);
			free(t->title);
			free(t->head);
			free(t->note);
		}
		if (s < m->nsheets)
			free(m->sheets[s].tables);
	}
	free(m->sheets);
	memset(m, 0, sizeof *m);
}

static void tick(cus_report_progress_fn fn, void *pctx, size_t *step, size_t steps, const char *what)
{
	(*step)++;
	if (fn)
		fn(pctx, *step, steps, what);
}

int cus__rep_compute(rep_model *m, cus_session *s, const cus_report_def *d, const cus_period *per,
	cus_report_progress_fn progress, void *pctx, size_t *step, size_t steps)
{
	ctx c;
	memset(&c, 0, sizeof c);
	c.s = s;
	c.d = d;
	c.m = m;
	c.sql = cus__db_sql(s->db);
	int rc = cus__session_policy(s, &c.p);
	if (rc)
		return rc;
	m->def = d;
	m->period = *per;
	if ((rc = cus_period_shift(&m->previous, per, -1)))
		return rc;
	cus__disclosure disc = cus__policy_disclosure(c.p);
	m->k = d->k ? d->k : disc.k;
	cus_sdc_options_init(&c.sdc, CUS_SDC_OPTIONS_VERSION);
	c.sdc.k = m->k;
	c.sdc.nonadditive = 1;
	m->policy_version = (int)cus__policy_version(c.p);
	cus_policy_info *pi = NULL;
	if (cus_policy_info_get(&pi, s->db, cus__policy_version(c.p)) == 0 && pi) {
		snprintf(m->policy_id, sizeof m->policy_id, "%s", pi->policy_id ? pi->policy_id : "");
		snprintf(m->policy_name, sizeof m->policy_name, "%s", pi->name ? pi->name : "");
	}
	cus_policy_info_free(pi);
	snprintf(m->policy_hash, sizeof m->policy_hash, "%s", cus__policy_hash(c.p));
	cus__utc_now(m->generated);

	/* plan */
	size_t nblocks = 0;
	for (size_t i = 0; i < d->nsheets; i++)
		nblocks += d->sheets[i].nblocks;
	block_plan *plans = calloc(nblocks ? nblocks : 1, sizeof *plans);
	m->sheets = calloc(d->nsheets, sizeof *m->sheets);
	if (!plans || !m->sheets) {
		free(plans);
		return oom();
	}
	m->nsheets = d->nsheets;
	size_t bi = 0;
	for (size_t i = 0; !rc && i < d->nsheets; i++) {
		const rep_sheet *sh = &d->sheets[i];
		m->sheets[i].sheet = sh;
		if (!(m->sheets[i].tables = calloc(sh->nblocks, sizeof *m->sheets[i].tables))) {
			rc = oom();
			break;
		}
		m->sheets[i].ntables = sh->nblocks;
		for (size_t j = 0; !rc && j < sh->nblocks; j++, bi++) {
			const rep_block *b = &sh->blocks[j];
			if (b->kind == REP_TABLE)
				rc = plan_table(&c, sh, b, &plans[bi]);
			else if (b->kind == REP_INDICATORS)
				rc = plan_indicators(&c, sh, b, &plans[bi]);
			else if ((b->kind == REP_BUDGET || b->kind == REP_STRUCTURE) &&
				!cus_session_allows(s, "finance", CUS_OP_READ))
				rc = cus__error(CUS_EDENIED, M, "finance", "the report's budget blocks need read on finance");
		}
	}
	/* a ratio's numerator counts for public suppression: queued as ad hoc
	 * queries of the same breakdown */
	for (size_t i = 0, b2 = 0; !rc && d->is_public && i < d->nsheets; i++)
		for (size_t j = 0; !rc && j < d->sheets[i].nblocks; j++, b2++) {
			const rep_block *b = &d->sheets[i].blocks[j];
			if (b->kind != REP_TABLE)
				continue;
			const char *by[CUS_INDICATOR_MAX_DIMS];
			size_t nby = 0;
			for (size_t r = 0; r < b->nrows; r++)
				by[nby++] = b->rows[r];
			for (size_t r = 0; r < b->ncols; r++)
				by[nby++] = b->cols[r];
			for (size_t v = 0; !rc && v < b->nvalues; v++) {
				value_plan *vp = &plans[b2].v[v];
				if (!vp->vi.den)
					continue;
				for (int p = 0; !rc && p <= b->compare; p++)
					rc = add_query(&c, NULL, vp->vi.measure, NULL, 0, by, nby, p, &vp->num[p]);
			}
		}
	/* compute: one pass per period */
	for (int prev = 0; !rc && prev < 2; prev++) {
		size_t n = 0;
		for (size_t i = 0; i < c.nq; i++)
			n += c.q[i].previous == prev;
		if (!n)
			continue;
		const cus_indicator_query **qs = calloc(n, sizeof *qs);
		cus_indicator_iter **its = calloc(n, sizeof *its);
		size_t *idx = calloc(n, sizeof *idx);
		if (!qs || !its || !idx)
			rc = oom();
		size_t k = 0;
		for (size_t i = 0; !rc && i < c.nq; i++)
			if (c.q[i].previous == prev) {
				c.q[i].q.by = c.q[i].q.nby ? c.q[i].by : NULL;
				qs[k] = &c.q[i].q;
				idx[k++] = i;
			}
		if (!rc)
			rc = cus__indicators_run_many(its, c.sql, c.p, qs, n);
		for (size_t i = 0; !rc && i < n; i++)
			c.q[idx[i]].it = its[i];
		free(qs);
		free(its);
		free(idx);
		tick(progress, pctx, step, steps, prev ? "indicators of the previous period" : "indicators");
	}
	/* build */
	bi = 0;
	for (size_t i = 0; !rc && i < d->nsheets; i++) {
		const rep_sheet *sh = &d->sheets[i];
		for (size_t j = 0; !rc && j < sh->nblocks; j++, bi++) {
			const rep_block *b = &sh->blocks[j];
			rep_table *t = &m->sheets[i].tables[j];
			t->blk = b;
			if (b->title && !(t->title = cus__rep_strdup(b->title))) {
				rc = CUS_ENOMEM;
				break;
			}
			switch (b->kind) {
			case REP_TABLE: rc = build_table(&c, sh, b, &plans[bi], t); break;
			case REP_BUDGET: rc = build_budget(&c, b, t); break;
			case REP_STRUCTURE: rc = build_structure(&c, b, t); break;
			case REP_INDICATORS: rc = build_indicators(&c, b, &plans[bi], t); break;
			default: break;
			}
			if (!rc && t->suppressed && !(t->note = cus__rep_printf("x – dane niepublikowane ze względu na "
				"ochronę tajemnicy statystycznej (wartości mniejsze niż %d oraz komórki, z których można by je "
				"odtworzyć).", m->k)))
				rc = CUS_ENOMEM;
		}
		tick(progress, pctx, step, steps, "tables");
	}
	if (!rc)
		rc = build_method(&c, &m->method_indicators);
	if (!rc)
		snapshot(m);
	for (size_t i = 0; i < c.nq; i++)
		cus_indicator_iter_free(c.q[i].it);
	free(c.q);
	for (int p = 0; p < 2; p++)
		for (int b = 0; b < 9; b++)
			cus_budget_report_free(c.budget[p][b]);
	free(plans);
	return rc;
}
