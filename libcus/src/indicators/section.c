/* The policy sections `indicators` (the Programme's monitoring and
 * evaluation indicators) and `disclosure` (the rules of statistical
 * disclosure control for published tables). docs/POLICY.md describes them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define NAME_MAX_BYTES 300
#define TEXT_MAX_BYTES 4000
#define MAX_ITEMS 500
#define FACTOR_MAX 1000000

#define FIELD(key, call) \
	if (!rc) { \
		at = cus__ypath_key(path, key); \
		rc = call; \
		cus__ypath_restore(path, at); \
	}

static const cus__measure measures[] = {
	{ "persons", CUS__SRC_DELIVERIES, "persons" },
	{ "families", CUS__SRC_DELIVERIES, "families" },
	{ "deliveries", CUS__SRC_DELIVERIES, "count" },
	{ "units", CUS__SRC_DELIVERIES, "units" },
	{ "cost", CUS__SRC_DELIVERIES, "grosze" },
	{ "services", CUS__SRC_DELIVERIES, "services" },
	{ "applications", CUS__SRC_APPLICATIONS, "count" },
	{ "applicants", CUS__SRC_APPLICATIONS, "persons" },
	{ "qualified", CUS__SRC_APPLICATIONS, "count" },
	{ "refused", CUS__SRC_APPLICATIONS, "count" },
	{ "decided", CUS__SRC_APPLICATIONS, "count" },
	{ "withdrawn", CUS__SRC_APPLICATIONS, "count" },
	{ "plans_active", CUS__SRC_PLANS, "plans" },
	{ "reviews_due", CUS__SRC_REVIEWS, "reviews" },
	{ "reviews_on_time", CUS__SRC_REVIEWS, "reviews" },
};

static const char *const dim_names[CUS__DIM_COUNT] = {
	"month", "quarter", "half_year", "year", "service", "area", "funding", "project", "sex", "age_band",
	"family_type",
};

static const char *const criteria[] = {
	"relevance", "efficiency", "effectiveness", "impact", "sustainability", NULL,
};

const cus__measure *cus__measure_find(const char *code)
{
	for (size_t i = 0; code && i < sizeof measures / sizeof measures[0]; i++)
		if (strcmp(measures[i].code, code) == 0)
			return &measures[i];
	return NULL;
}

int cus__dim_find(const char *code)
{
	for (int i = 0; code && i < CUS__DIM_COUNT; i++)
		if (strcmp(dim_names[i], code) == 0)
			return i;
	return -1;
}

const char *cus__dim_name(int dim)
{
	return dim >= 0 && dim < CUS__DIM_COUNT ? dim_names[dim] : NULL;
}

int cus__dim_allowed(cus__measure_source source, int dim)
{
	switch (source) {
	case CUS__SRC_DELIVERIES:
		return dim >= 0 && dim < CUS__DIM_COUNT;
	case CUS__SRC_APPLICATIONS:
		return dim >= 0 && dim < CUS__DIM_COUNT && dim != CUS__DIM_FUNDING && dim != CUS__DIM_PROJECT;
	case CUS__SRC_PLANS:
		return dim == CUS__DIM_SERVICE || dim == CUS__DIM_AREA || dim == CUS__DIM_SEX ||
			dim == CUS__DIM_AGE_BAND || dim == CUS__DIM_FAMILY_TYPE;
	case CUS__SRC_REVIEWS:
		return dim == CUS__DIM_MONTH || dim == CUS__DIM_QUARTER || dim == CUS__DIM_HALF_YEAR ||
			dim == CUS__DIM_YEAR || dim == CUS__DIM_SEX || dim == CUS__DIM_AGE_BAND ||
			dim == CUS__DIM_FAMILY_TYPE;
	}
	return 0;
}

int cus_indicator_dimension_valid(const char *code)
{
	return cus__dim_find(code) >= 0;
}

int cus_indicator_measure_valid(const char *code)
{
	return cus__measure_find(code) != NULL;
}

static int oom(void)
{
	return cus__error(CUS_ENOMEM, "policy", NULL, "out of memory");
}

static void indicators_free(void *data)
{
	cus__indicators_data *d = data;
	if (!d)
		return;
	for (size_t i = 0; d->items && i < d->n + 1; i++) {
		free((void *)d->items[i].by);
		free((void *)d->items[i].services);
		free((void *)d->items[i].areas);
		free((void *)d->items[i].funding);
	}
	free(d->items);
	free(d);
}

void cus__indicators_section_free(void *data)
{
	indicators_free(data);
}

const cus__indicators_data *cus__policy_indicators(const cus__policy *p)
{
	return p ? cus__policy_section_data(p, "indicators") : NULL;
}

/* A list of codes, each checked by known() (0: unknown, its message made by
 * the caller's what), none twice. */
static int code_list(const cus__ypath *path, const cus__ynode *node, size_t max, const char *what,
	int (*known)(const cus__policy *, const char *), const cus__policy *p, const char *const **out, size_t *n)
{
	int rc = cus__yseq(path, node, 1);
	if (rc)
		return rc;
	if (node->count > max)
		return cus__yerror(path, node, "may list at most %zu %ss, not %zu", max, what, node->count);
	const char **list = calloc(node->count, sizeof *list);
	if (!list)
		return oom();
	*out = list;
	*n = 0;
	for (const cus__ynode *item = node->first; item; item = item->next) {
		const char *code;
		rc = cus__ycode(path, item, &code);
		if (rc)
			return rc;
		if (!known(p, code))
			return cus__yerror(path, item, "unknown %s '%.64s'", what, code);
		for (size_t j = 0; j < *n; j++)
			if (strcmp(list[j], code) == 0)
				return cus__yerror(path, item, "the %s '%.64s' is listed twice", what, code);
		list[(*n)++] = code;
	}
	return 0;
}

static int known_dim(const cus__policy *p, const char *c)
{
	(void)p;
	return cus__dim_find(c) >= 0;
}

static int known_service(const cus__policy *p, const char *c)
{
	return cus__policy_service_find(p, c) != NULL;
}

static int known_area(const cus__policy *p, const char *c)
{
	return cus__policy_area_find(p, c) != NULL;
}

static int known_funding(const cus__policy *p, const char *c)
{
	return cus__policy_funding_find(p, c) != NULL;
}

static int whole(const cus__ypath *path, const cus__ynode *node, int64_t min, int64_t max, int64_t *out)
{
	const char *s;
	int rc = cus__ystring(path, node, 32, &s);
	if (rc)
		return rc;
	int64_t v = 0;
	size_t i = 0;
	for (; s[i] >= '0' && s[i] <= '9' && v <= max; i++)
		v = v * 10 + (s[i] - '0');
	if (i == 0 || s[i] || v < min || v > max)
		return cus__yerror(path, node, "'%.20s' must be a whole number from %lld to %lld", s, (long long)min,
			(long long)max);
	*out = v;
	return 0;
}

static int boolean(const cus__ypath *path, const cus__ynode *node, int *out)
{
	const char *s;
	int rc = cus__ystring(path, node, 16, &s);
	if (rc)
		return rc;
	if (strcmp(s, "true") == 0)
		*out = 1;
	else if (strcmp(s, "false") == 0)
		*out = 0;
	else
		return cus__yerror(path, node, "'%.16s' must be true or false", s);
	return 0;
}

static int one_of(const cus__ypath *path, const cus__ynode *node, const char *const *table, const char *what,
	const char **out)
{
	int rc = cus__ycode(path, node, out);
	if (rc)
		return rc;
	for (int i = 0; table[i]; i++)
		if (strcmp(table[i], *out) == 0)
			return 0;
	return cus__yerror(path, node, "unknown %s '%.64s'", what, *out);
}

static int parse_indicator(const cus__policy *p, cus__ypath *path, const cus__ynode *item,
	const cus__indicators_data *d, cus_indicator *ind)
{
	enum { CODE, NAME, DESC, CRIT, MEASURE, DEN, FACTOR, TARGET, CUMUL, BY, SERVICES, AREAS, FUNDING, NKEYS };
	static const cus__ykey keys[] = {
		{ "code", CUS__YKEY_REQUIRED },
		{ "name", CUS__YKEY_REQUIRED },
		{ "description", CUS__YKEY_OPTIONAL },
		{ "criterion", CUS__YKEY_REQUIRED },
		{ "measure", CUS__YKEY_REQUIRED },
		{ "denominator", CUS__YKEY_OPTIONAL },
		{ "factor", CUS__YKEY_OPTIONAL },
		{ "target", CUS__YKEY_OPTIONAL },
		{ "cumulative", CUS__YKEY_OPTIONAL },
		{ "by", CUS__YKEY_OPTIONAL },
		{ "services", CUS__YKEY_OPTIONAL },
		{ "areas", CUS__YKEY_OPTIONAL },
		{ "funding", CUS__YKEY_OPTIONAL },
		{ NULL, 0 },
	};
	const cus__ynode *v[NKEYS];
	size_t at;
	int rc = cus__ymap(path, item, keys, v);
	FIELD("code", cus__ycode(path, v[CODE], &ind->code));
	for (size_t j = 0; !rc && j < d->n; j++)
		if (strcmp(d->items[j].code, ind->code) == 0)
			rc = cus__yerror_key(path, "code", v[CODE],
				"the indicator code '%s' is defined twice (first as indicators[%zu])", ind->code, j);
	FIELD("name", cus__ystring(path, v[NAME], NAME_MAX_BYTES, &ind->name));
	if (v[DESC])
		FIELD("description", cus__ystring(path, v[DESC], TEXT_MAX_BYTES, &ind->description));
	FIELD("criterion", one_of(path, v[CRIT], criteria, "criterion", &ind->criterion));
	const cus__measure *m = NULL;
	if (!rc) {
		at = cus__ypath_key(path, "measure");
		rc = cus__ycode(path, v[MEASURE], &ind->measure);
		if (!rc && !(m = cus__measure_find(ind->measure)))
			rc = cus__yerror(path, v[MEASURE], "unknown measure '%.64s'", ind->measure);
		cus__ypath_restore(path, at);
	}
	ind->factor = 1;
	if (v[FACTOR])
		FIELD("factor", whole(path, v[FACTOR], 1, FACTOR_MAX, &ind->factor));
	if (v[TARGET] && !rc) {
		at = cus__ypath_key(path, "target");
		rc = cus__ycode(path, v[TARGET], &ind->target);
		if (!rc && !cus__policy_target_find(p, ind->target))
			rc = cus__yerror(path, v[TARGET], "unknown target '%.64s'", ind->target);
		cus__ypath_restore(path, at);
	}
	if (v[DEN] && !rc) {
		at = cus__ypath_key(path, "denominator");
		rc = cus__ycode(path, v[DEN], &ind->denominator);
		if (!rc) {
			const cus__measure *dm = cus__measure_find(ind->denominator);
			if (strcmp(ind->denominator, "target") == 0) {
				if (!ind->target)
					rc = cus__yerror(path, v[DEN], "the denominator 'target' needs the indicator's target");
			} else if (!dm) {
				rc = cus__yerror(path, v[DEN], "unknown measure '%.64s' (or 'target')", ind->denominator);
			} else if (m && dm->source != m->source) {
				rc = cus__yerror(path, v[DEN], "the denominator '%.64s' counts other records than the measure "
					"'%s'", ind->denominator, m->code);
			}
		}
		cus__ypath_restore(path, at);
	}
	if (v[CUMUL])
		FIELD("cumulative", boolean(path, v[CUMUL], &ind->cumulative));
	if (v[BY] && !rc) {
		at = cus__ypath_key(path, "by");
		rc = code_list(path, v[BY], CUS_INDICATOR_MAX_DIMS, "dimension", known_dim, p,
			(const char *const **)&ind->by, &ind->nby);
		size_t i = 0;
		for (const cus__ynode *n = v[BY]->first; !rc && m && n; n = n->next, i++)
			if (!cus__dim_allowed(m->source, cus__dim_find(ind->by[i])))
				rc = cus__yerror(path, n, "the measure '%s' cannot be broken down by '%s'", m->code, ind->by[i]);
		cus__ypath_restore(path, at);
	}
	if (v[SERVICES])
		FIELD("services", code_list(path, v[SERVICES], MAX_ITEMS, "service", known_service, p,
			(const char *const **)&ind->services, &ind->nservices));
	if (v[AREAS])
		FIELD("areas", code_list(path, v[AREAS], MAX_ITEMS, "area", known_area, p,
			(const char *const **)&ind->areas, &ind->nareas));
	if (!rc && m && m->source == CUS__SRC_REVIEWS && (v[SERVICES] || v[AREAS] || v[TARGET]))
		rc = cus__yerror(path, item, "reviews are not of a service: the measure '%s' takes no services, areas "
			"or target", m->code);
	if (v[FUNDING]) {
		if (!rc && m && m->source != CUS__SRC_DELIVERIES)
			rc = cus__yerror_key(path, "funding", v[FUNDING], "only measures of deliveries can be filtered by "
				"funding, not '%s'", m->code);
		FIELD("funding", code_list(path, v[FUNDING], MAX_ITEMS, "funding source", known_funding, p,
			(const char *const **)&ind->funding, &ind->nfunding));
	}
	return rc;
}

int cus__indicators_section(cus__policy *p, const cus__ynode *node, cus__ypath *path, void **data)
{
	cus__indicators_data *d = calloc(1, sizeof *d);
	if (!d)
		return oom();
	*data = d;
	int rc = cus__yseq(path, node, 1);
	if (!rc && node->count > MAX_ITEMS)
		rc = cus__yerror(path, node, "may list at most %d items, not %zu", MAX_ITEMS, node->count);
	if (!rc && !(d->items = calloc(node->count + 1, sizeof *d->items)))
		rc = oom();
	size_t i = 0;
	for (const cus__ynode *item = rc ? NULL : node->first; !rc && item; item = item->next, i++) {
		size_t at_item = cus__ypath_index(path, i);
		rc = parse_indicator(p, path, item, d, &d->items[i]);
		cus__ypath_restore(path, at_item);
		if (!rc)
			d->n++;
	}
	return rc;
}

/* ---- disclosure ---- */

typedef struct {
	cus__disclosure rules;
} disclosure_data;

void cus__disclosure_section_free(void *data)
{
	free(data);
}

int cus__disclosure_section(cus__policy *p, const cus__ynode *node, cus__ypath *path, void **data)
{
	(void)p;
	enum { K, DOMINANCE, CONTRIB, NKEYS };
	static const cus__ykey keys[] = {
		{ "k", CUS__YKEY_REQUIRED },
		{ "dominance_percent", CUS__YKEY_OPTIONAL },
		{ "min_contributors", CUS__YKEY_OPTIONAL },
		{ NULL, 0 },
	};
	disclosure_data *d = calloc(1, sizeof *d);
	if (!d)
		return oom();
	*data = d;
	d->rules = (cus__disclosure){ 10, 75, 3 };
	const cus__ynode *v[NKEYS];
	size_t at;
	int64_t k = 10, dom = 75, contrib = 3;
	int rc = cus__ymap(path, node, keys, v);
	FIELD("k", whole(path, v[K], 3, 1000, &k));
	if (v[DOMINANCE])
		FIELD("dominance_percent", whole(path, v[DOMINANCE], 1, 75, &dom));
	if (v[CONTRIB])
		FIELD("min_contributors", whole(path, v[CONTRIB], 3, 100, &contrib));
	d->rules = (cus__disclosure){ (int)k, (int)dom, (int)contrib };
	return rc;
}

cus__disclosure cus__policy_disclosure(const cus__policy *p)
{
	const disclosure_data *d = p ? cus__policy_section_data(p, "disclosure") : NULL;
	return d ? d->rules : (cus__disclosure){ 10, 75, 3 };
}
