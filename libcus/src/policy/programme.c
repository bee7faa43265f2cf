/* The Programme of social services as sections of the policy file:
 * areas (art. 2 ust. 1 of the CUS act), funding_sources, services (with
 * their qualification conditions), targets and programme (period and
 * stages). See docs/POLICY.md. Every section is optional, so policies written
 * before these sections existed still load; services need areas and
 * funding sources, targets that name services need services. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "sections.h"

/* count / get(i) / find(code) for the items of one section. */
#define SECTION_ACCESSORS(name, type, data_type, data_of, items) \
	size_t cus__policy_##name##_count(const cus__policy *p) \
	{ \
		const data_type *d = data_of(p); \
		return d ? d->n : 0; \
	} \
	const type *cus__policy_##name(const cus__policy *p, size_t i) \
	{ \
		const data_type *d = data_of(p); \
		return d && i < d->n ? &d->items[i] : NULL; \
	} \
	const type *cus__policy_##name##_find(const cus__policy *p, const char *code) \
	{ \
		const data_type *d = data_of(p); \
		for (size_t i = 0; d && code && i < d->n; i++) \
			if (strcmp(d->items[i].code, code) == 0) \
				return &d->items[i]; \
		return NULL; \
	}

#define NAME_MAX_BYTES 200
#define TEXT_MAX_BYTES 4000
#define MAX_ITEMS 1000          /* items of one section */
#define TARGET_MAX 100000000    /* a target's number */
#define AGE_MAX 150             /* the value of child_under and age_min */

/* Validate the value of one key with the path pointing at it (as in parse.c). */
#define FIELD(key, call) \
	if (!rc) { \
		at = cus__ypath_key(path, key); \
		rc = call; \
		cus__ypath_restore(path, at); \
	}

static int oom(void)
{
	return cus__error(CUS_ENOMEM, "policy", NULL, "out of memory");
}

/* A list of at most MAX_ITEMS items, and an array of n zeroed elements. */
static int list_alloc(const cus__ypath *path, const cus__ynode *node, int nonempty, size_t size, void **out)
{
	int rc = cus__yseq(path, node, nonempty);
	if (rc)
		return rc;
	if (node->count > MAX_ITEMS)
		return cus__yerror(path, node, "may list at most %d items, not %zu", MAX_ITEMS, node->count);
	*out = calloc(node->count ? node->count : 1, size);
	return *out ? 0 : oom();
}

/* One of the names of table (NULL-terminated); its index goes to *out. */
static int one_of(const cus__ypath *path, const cus__ynode *node, const char *const *table, const char *what,
	int *out, const char **name)
{
	const char *s;
	int rc = cus__ystring(path, node, CUS__CODE_MAX, &s);
	if (rc)
		return rc;
	char known[256] = "";
	for (int i = 0; table[i]; i++) {
		if (strcmp(table[i], s) == 0) {
			*out = i;
			if (name)
				*name = table[i];
			return 0;
		}
		size_t used = strlen(known);
		snprintf(known + used, sizeof known - used, "%s%s", i ? ", " : "", table[i]);
	}
	return cus__yerror(path, node, "unknown %s '%.64s' (known: %s)", what, s, known);
}

/* A whole number 0..max written as digits. */
static int whole_number(const cus__ypath *path, const cus__ynode *node, int64_t max, int64_t *out)
{
	const char *s;
	int rc = cus__ystring(path, node, 64, &s);
	if (rc)
		return rc;
	if (s[0] == '-')
		return cus__yerror(path, node, "'%.20s' is negative; a whole number of 0 or more is needed", s);
	int64_t v = 0;
	size_t i = 0;
	for (; s[i] >= '0' && s[i] <= '9'; i++) {
		v = v * 10 + (s[i] - '0');
		if (v > max)
			return cus__yerror(path, node, "'%.20s' is too large (at most %lld)", s, (long long)max);
	}
	if (i == 0 || s[i])
		return cus__yerror(path, node, "'%.20s' is not a whole number", s);
	*out = v;
	return 0;
}

/* ---- areas ---- */

typedef struct {
	cus__area *items;
	size_t n;
} areas_data;

static void areas_free(void *data)
{
	areas_data *d = data;
	if (d)
		free(d->items);
	free(d);
}

static const areas_data *areas_of(const cus__policy *p)
{
	return cus__policy_section_data(p, "areas");
}

int cus__programme_areas_section(cus__policy *p, const cus__ynode *node, cus__ypath *path, void **data)
{
	(void)p;
	enum { CODE, NAME, NKEYS };
	static const cus__ykey keys[] = {
		{ "code", CUS__YKEY_REQUIRED },
		{ "name", CUS__YKEY_REQUIRED },
		{ NULL, 0 },
	};
	areas_data *d = calloc(1, sizeof *d);
	if (!d)
		return oom();
	*data = d;
	int rc = list_alloc(path, node, 1, sizeof *d->items, (void **)&d->items);
	size_t i = 0;
	for (const cus__ynode *item = rc ? NULL : node->first; !rc && item; item = item->next, i++) {
		size_t at_item = cus__ypath_index(path, i), at;
		const cus__ynode *v[NKEYS];
		cus__area *a = &d->items[i];
		rc = cus__ymap(path, item, keys, v);
		FIELD("code", cus__ycode(path, v[CODE], &a->code));
		for (size_t j = 0; !rc && j < d->n; j++)
			if (strcmp(d->items[j].code, a->code) == 0)
				rc = cus__yerror_key(path, "code", v[CODE],
					"the area code '%s' is defined twice (first as areas[%zu])", a->code, j);
		FIELD("name", cus__ystring(path, v[NAME], NAME_MAX_BYTES, &a->name));
		cus__ypath_restore(path, at_item);
		if (!rc)
			d->n++;
	}
	return rc;
}

SECTION_ACCESSORS(area, cus__area, areas_data, areas_of, items)

/* ---- funding sources ---- */

static const char *const funding_kinds[] = {
	"own_task", "commissioned_task", "alcohol_fees", "eu_project", "government_programme", "state_budget", NULL,
};

typedef struct {
	cus__funding_source *items;
	size_t n;
} funding_data;

static void funding_free(void *data)
{
	funding_data *d = data;
	if (d)
		free(d->items);
	free(d);
}

static const funding_data *funding_of(const cus__policy *p)
{
	return cus__policy_section_data(p, "funding_sources");
}

int cus__programme_funding_section(cus__policy *p, const cus__ynode *node, cus__ypath *path, void **data)
{
	(void)p;
	enum { CODE, NAME, KIND, PROJECT, PROGRAMME, NKEYS };
	static const cus__ykey keys[] = {
		{ "code", CUS__YKEY_REQUIRED },
		{ "name", CUS__YKEY_REQUIRED },
		{ "kind", CUS__YKEY_REQUIRED },
		{ "project", CUS__YKEY_OPTIONAL },
		{ "programme", CUS__YKEY_OPTIONAL },
		{ NULL, 0 },
	};
	funding_data *d = calloc(1, sizeof *d);
	if (!d)
		return oom();
	*data = d;
	int rc = list_alloc(path, node, 1, sizeof *d->items, (void **)&d->items);
	size_t i = 0;
	for (const cus__ynode *item = rc ? NULL : node->first; !rc && item; item = item->next, i++) {
		size_t at_item = cus__ypath_index(path, i), at;
		const cus__ynode *v[NKEYS];
		cus__funding_source *f = &d->items[i];
		int kind = 0;
		rc = cus__ymap(path, item, keys, v);
		FIELD("code", cus__ycode(path, v[CODE], &f->code));
		for (size_t j = 0; !rc && j < d->n; j++)
			if (strcmp(d->items[j].code, f->code) == 0)
				rc = cus__yerror_key(path, "code", v[CODE],
					"the funding source code '%s' is defined twice (first as funding_sources[%zu])",
					f->code, j);
		FIELD("name", cus__ystring(path, v[NAME], NAME_MAX_BYTES, &f->name));
		FIELD("kind", one_of(path, v[KIND], funding_kinds, "kind of funding", &kind, &f->kind_name));
		f->kind = (cus__funding_kind)kind;
		if (!rc && f->kind == CUS__FUNDING_EU_PROJECT && !v[PROJECT])
			rc = cus__yerror_key(path, "project", item,
				"a source of kind eu_project needs the key 'project' (the project's name)");
		if (!rc && v[PROJECT] && f->kind != CUS__FUNDING_EU_PROJECT)
			rc = cus__yerror_key(path, "project", v[PROJECT],
				"only a source of kind eu_project names a project (this one is %s)", f->kind_name);
		if (v[PROJECT])
			FIELD("project", cus__ystring(path, v[PROJECT], NAME_MAX_BYTES, &f->project));
		if (!rc && v[PROGRAMME] && f->kind != CUS__FUNDING_GOVERNMENT_PROGRAMME)
			rc = cus__yerror_key(path, "programme", v[PROGRAMME],
				"only a source of kind government_programme names a programme (this one is %s)",
				f->kind_name);
		if (v[PROGRAMME])
			FIELD("programme", cus__ystring(path, v[PROGRAMME], NAME_MAX_BYTES, &f->programme));
		cus__ypath_restore(path, at_item);
		if (!rc)
			d->n++;
	}
	return rc;
}

SECTION_ACCESSORS(funding, cus__funding_source, funding_data, funding_of, items)

/* ---- services ---- */

static const char *const units[] = {
	"hour", "visit", "item", "day", "month", "session", "person", NULL,
};

static const char *const condition_kinds[] = {
	"identity", "residence", "child_under", "age_min", "medical_indication", "mobility_limitation",
	"unemployed", "manual", NULL,
};

typedef struct {
	cus__service *items;
	size_t n;
	/* the same for the public API (cus_policy_services) */
	cus_service *pub;
	const char **codes;
	cus_service_condition *conds;
} services_data;

static void services_free(void *data)
{
	services_data *d = data;
	if (!d)
		return;
	free(d->pub);
	free(d->codes);
	free(d->conds);
	for (size_t i = 0; d->items && i < d->n + 1; i++) { /* the last may be half-parsed */
		free((void *)d->items[i].funding);
		free((void *)d->items[i].conditions);
	}
	free(d->items);
	free(d);
}

static const services_data *services_of(const cus__policy *p)
{
	return cus__policy_section_data(p, "services");
}

/* The error for a section that another needs, named as the missing section
 * itself, at the node of the section that needs it. */
static int needs_section(cus__ypath *path, const cus__ynode *at, const char *self, const char *missing,
	const char *why)
{
	cus__ypath_restore(path, 0);
	cus__ypath_key(path, missing);
	int rc = cus__yerror(path, at, "the section '%s' is missing; the section '%s' needs it (%s)", missing, self,
		why);
	cus__ypath_restore(path, 0);
	cus__ypath_key(path, self);
	return rc;
}

static int parse_funding_list(const cus__policy *p, const cus__ypath *path, const cus__ynode *node,
	cus__service *s)
{
	const cus__funding_source **list = NULL;
	int rc = list_alloc(path, node, 1, sizeof *list, (void **)&list);
	if (rc)
		return rc;
	s->funding = list;
	for (const cus__ynode *item = node->first; !rc && item; item = item->next) {
		if (item->type != CUS__YSCALAR || cus__ynull(item))
			return cus__yerror(path, item, "each funding source must be a code, not %s", cus__ytype_name(item));
		const cus__funding_source *f = cus__policy_funding_find(p, item->value);
		if (!f)
			return cus__yerror(path, item, "unknown funding source '%.64s' (not defined under funding_sources)",
				item->value);
		for (size_t j = 0; j < s->nfunding; j++)
			if (list[j] == f)
				return cus__yerror(path, item, "the funding source '%.64s' is listed twice", item->value);
		list[s->nfunding++] = f;
	}
	return rc;
}

static int parse_condition(cus__ypath *path, const cus__ynode *node, cus__condition *c)
{
	enum { KIND, VALUE, TEXT, NKEYS };
	static const cus__ykey keys[] = {
		{ "kind", CUS__YKEY_REQUIRED },
		{ "value", CUS__YKEY_OPTIONAL },
		{ "text", CUS__YKEY_REQUIRED },
		{ NULL, 0 },
	};
	const cus__ynode *v[NKEYS];
	int kind = 0;
	size_t at;
	int rc = cus__ymap(path, node, keys, v);
	FIELD("kind", one_of(path, v[KIND], condition_kinds, "condition kind", &kind, &c->kind_name));
	if (rc)
		return rc;
	c->kind = (cus__condition_kind)kind;
	int wants = c->kind == CUS__COND_CHILD_UNDER || c->kind == CUS__COND_AGE_MIN;
	if (wants && !v[VALUE])
		rc = cus__yerror_key(path, "value", node, "a condition of kind %s needs a value (an age in years)",
			c->kind_name);
	else if (!wants && v[VALUE])
		rc = cus__yerror_key(path, "value", v[VALUE], "a condition of kind %s takes no value", c->kind_name);
	if (!rc && wants) {
		int64_t n = 0;
		FIELD("value", whole_number(path, v[VALUE], AGE_MAX, &n));
		if (!rc && n == 0)
			rc = cus__yerror_key(path, "value", v[VALUE], "an age limit of 0 years means nothing; give 1 to %d",
				AGE_MAX);
		c->has_value = 1;
		c->value = (int)n;
	}
	FIELD("text", cus__ystring(path, v[TEXT], TEXT_MAX_BYTES, &c->text));
	return rc;
}

static int parse_conditions(cus__ypath *path, const cus__ynode *node, cus__service *s)
{
	cus__condition *list = NULL;
	int rc = list_alloc(path, node, 1, sizeof *list, (void **)&list);
	if (rc)
		return rc;
	s->conditions = list;
	size_t i = 0;
	for (const cus__ynode *item = node->first; !rc && item; item = item->next, i++) {
		size_t at_item = cus__ypath_index(path, i);
		rc = parse_condition(path, item, &list[i]);
		/* a condition of a kind other than manual says one thing: once is enough */
		for (size_t j = 0; !rc && j < i; j++)
			if (list[j].kind == list[i].kind && list[i].kind != CUS__COND_MANUAL)
				rc = cus__yerror_key(path, "kind", cus__ymap_get(item, "kind"),
					"the condition kind '%s' is listed twice for this service (first as conditions[%zu])",
					list[i].kind_name, j);
		cus__ypath_restore(path, at_item);
		if (!rc)
			s->nconditions++;
	}
	return rc;
}

static int services_publish(services_data *d);

int cus__programme_services_section(cus__policy *p, const cus__ynode *node, cus__ypath *path, void **data)
{
	enum { CODE, NAME, DESC, AREA, UNIT, FUNDING, CONDITIONS, NKEYS };
	static const cus__ykey keys[] = {
		{ "code", CUS__YKEY_REQUIRED },
		{ "name", CUS__YKEY_REQUIRED },
		{ "description", CUS__YKEY_OPTIONAL },
		{ "area", CUS__YKEY_REQUIRED },
		{ "unit", CUS__YKEY_REQUIRED },
		{ "funding", CUS__YKEY_REQUIRED },
		{ "conditions", CUS__YKEY_REQUIRED },
		{ NULL, 0 },
	};
	if (!areas_of(p))
		return needs_section(path, node, "services", "areas", "every service belongs to an area");
	if (!funding_of(p))
		return needs_section(path, node, "services", "funding_sources", "every service names its funding");
	services_data *d = calloc(1, sizeof *d);
	if (!d)
		return oom();
	*data = d;
	/* one spare item, so that the free function may look at the half-parsed one */
	int rc = cus__yseq(path, node, 1);
	if (!rc && node->count > MAX_ITEMS)
		rc = cus__yerror(path, node, "may list at most %d items, not %zu", MAX_ITEMS, node->count);
	if (!rc && !(d->items = calloc(node->count + 1, sizeof *d->items)))
		rc = oom();
	size_t i = 0;
	for (const cus__ynode *item = rc ? NULL : node->first; !rc && item; item = item->next, i++) {
		size_t at_item = cus__ypath_index(path, i), at;
		const cus__ynode *v[NKEYS];
		cus__service *s = &d->items[i];
		int unit = 0;
		rc = cus__ymap(path, item, keys, v);
		FIELD("code", cus__ycode(path, v[CODE], &s->code));
		for (size_t j = 0; !rc && j < d->n; j++)
			if (strcmp(d->items[j].code, s->code) == 0)
				rc = cus__yerror_key(path, "code", v[CODE],
					"the service code '%s' is defined twice (first as services[%zu])", s->code, j);
		FIELD("name", cus__ystring(path, v[NAME], NAME_MAX_BYTES, &s->name));
		if (v[DESC])
			FIELD("description", cus__ystring(path, v[DESC], TEXT_MAX_BYTES, &s->description));
		if (!rc) {
			at = cus__ypath_key(path, "area");
			const char *code;
			rc = cus__ycode(path, v[AREA], &code);
			if (!rc && !(s->area = cus__policy_area_find(p, code)))
				rc = cus__yerror(path, v[AREA], "unknown area '%s' (not defined under areas)", code);
			cus__ypath_restore(path, at);
		}
		FIELD("unit", one_of(path, v[UNIT], units, "unit", &unit, &s->unit));
		FIELD("funding", parse_funding_list(p, path, v[FUNDING], s));
		FIELD("conditions", parse_conditions(path, v[CONDITIONS], s));
		cus__ypath_restore(path, at_item);
		if (!rc)
			d->n++;
	}
	return rc ? rc : services_publish(d);
}

/* The public copy of the parsed services (pointers into the same strings). */
static int services_publish(services_data *d)
{
	size_t nf = 0, nc = 0;
	for (size_t i = 0; i < d->n; i++) {
		nf += d->items[i].nfunding;
		nc += d->items[i].nconditions;
	}
	d->pub = calloc(d->n ? d->n : 1, sizeof *d->pub);
	d->codes = calloc(nf ? nf : 1, sizeof *d->codes);
	d->conds = calloc(nc ? nc : 1, sizeof *d->conds);
	if (!d->pub || !d->codes || !d->conds)
		return oom();
	const char **f = d->codes;
	cus_service_condition *c = d->conds;
	for (size_t i = 0; i < d->n; i++) {
		const cus__service *s = &d->items[i];
		cus_service *u = &d->pub[i];
		u->code = s->code;
		u->name = s->name;
		u->area = s->area->code;
		u->area_name = s->area->name;
		u->unit = s->unit;
		u->funding = f;
		u->nfunding = s->nfunding;
		for (size_t j = 0; j < s->nfunding; j++)
			*f++ = s->funding[j]->code;
		u->conditions = c;
		u->nconditions = s->nconditions;
		for (size_t j = 0; j < s->nconditions; j++, c++) {
			c->kind = s->conditions[j].kind_name;
			c->value = s->conditions[j].has_value ? s->conditions[j].value : 0;
			c->text = s->conditions[j].text;
		}
	}
	return 0;
}

int cus_policy_services(const cus_service **out, cus_db *db)
{
	if (!out)
		return cus__error(CUS_EINVAL, "policy", NULL, "out is NULL");
	*out = NULL;
	const cus__policy *p = NULL;
	int rc = cus__policy_active(db, &p);
	if (rc)
		return rc;
	const services_data *d = services_of(p);
	if (!d || !d->n)
		return 0;
	*out = d->pub;
	return (int)d->n;
}

SECTION_ACCESSORS(service, cus__service, services_data, services_of, items)

/* ---- targets ---- */

typedef struct {
	cus__target *items;
	size_t n;
} targets_data;

static void targets_free(void *data)
{
	targets_data *d = data;
	if (!d)
		return;
	for (size_t i = 0; d->items && i < d->n + 1; i++)
		free((void *)d->items[i].services);
	free(d->items);
	free(d);
}

static const targets_data *targets_of(const cus__policy *p)
{
	return cus__policy_section_data(p, "targets");
}

static int parse_target_services(const cus__policy *p, const cus__ypath *path, const cus__ynode *node,
	cus__target *t)
{
	const cus__service **list = NULL;
	int rc = list_alloc(path, node, 1, sizeof *list, (void **)&list);
	if (rc)
		return rc;
	t->services = list;
	for (const cus__ynode *item = node->first; item; item = item->next) {
		if (item->type != CUS__YSCALAR || cus__ynull(item))
			return cus__yerror(path, item, "each service must be a code, not %s", cus__ytype_name(item));
		const cus__service *s = cus__policy_service_find(p, item->value);
		if (!s)
			return cus__yerror(path, item, "unknown service '%.64s' (%s)", item->value,
				services_of(p) ? "not defined under services" : "the file has no section 'services'");
		for (size_t j = 0; j < t->nservices; j++)
			if (list[j] == s)
				return cus__yerror(path, item, "the service '%.64s' is listed twice", item->value);
		list[t->nservices++] = s;
	}
	return 0;
}

int cus__programme_targets_section(cus__policy *p, const cus__ynode *node, cus__ypath *path, void **data)
{
	enum { CODE, DESC, NUMBER, SERVICES, NKEYS };
	static const cus__ykey keys[] = {
		{ "code", CUS__YKEY_REQUIRED },
		{ "description", CUS__YKEY_REQUIRED },
		{ "number", CUS__YKEY_REQUIRED },
		{ "services", CUS__YKEY_OPTIONAL },
		{ NULL, 0 },
	};
	targets_data *d = calloc(1, sizeof *d);
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
		size_t at_item = cus__ypath_index(path, i), at;
		const cus__ynode *v[NKEYS];
		cus__target *t = &d->items[i];
		rc = cus__ymap(path, item, keys, v);
		FIELD("code", cus__ycode(path, v[CODE], &t->code));
		for (size_t j = 0; !rc && j < d->n; j++)
			if (strcmp(d->items[j].code, t->code) == 0)
				rc = cus__yerror_key(path, "code", v[CODE],
					"the target code '%s' is defined twice (first as targets[%zu])", t->code, j);
		FIELD("description", cus__ystring(path, v[DESC], TEXT_MAX_BYTES, &t->description));
		FIELD("number", whole_number(path, v[NUMBER], TARGET_MAX, &t->number));
		if (v[SERVICES])
			FIELD("services", parse_target_services(p, path, v[SERVICES], t));
		cus__ypath_restore(path, at_item);
		if (!rc)
			d->n++;
	}
	return rc;
}

SECTION_ACCESSORS(target, cus__target, targets_data, targets_of, items)

/* ---- programme: period and stages ---- */

typedef struct {
	const char *name, *from, *to;
	cus__stage *stages;
	size_t n;
} programme_data;

static void programme_free(void *data)
{
	programme_data *d = data;
	if (d)
		free(d->stages);
	free(d);
}

static const programme_data *programme_of(const cus__policy *p)
{
	return cus__policy_section_data(p, "programme");
}

static int parse_period(cus__ypath *path, const cus__ynode *node, programme_data *d)
{
	enum { FROM, TO, NKEYS };
	static const cus__ykey keys[] = {
		{ "from", CUS__YKEY_REQUIRED },
		{ "to", CUS__YKEY_REQUIRED },
		{ NULL, 0 },
	};
	const cus__ynode *v[NKEYS];
	size_t at;
	int rc = cus__ymap(path, node, keys, v);
	FIELD("from", cus__ydate(path, v[FROM], &d->from));
	FIELD("to", cus__ydate(path, v[TO], &d->to));
	if (!rc && strcmp(d->to, d->from) < 0)
		rc = cus__yerror_key(path, "to", v[TO], "the period ends (%s) before it starts (from %s)", d->to,
			d->from);
	return rc;
}

static int parse_stage(cus__ypath *path, const cus__ynode *node, const programme_data *d, cus__stage *s)
{
	enum { CODE, NAME, DESC, FROM, TO, NKEYS };
	static const cus__ykey keys[] = {
		{ "code", CUS__YKEY_REQUIRED },
		{ "name", CUS__YKEY_REQUIRED },
		{ "description", CUS__YKEY_OPTIONAL },
		{ "from", CUS__YKEY_REQUIRED },
		{ "to", CUS__YKEY_REQUIRED },
		{ NULL, 0 },
	};
	const cus__ynode *v[NKEYS];
	size_t at;
	int rc = cus__ymap(path, node, keys, v);
	FIELD("code", cus__ycode(path, v[CODE], &s->code));
	for (size_t j = 0; !rc && j < d->n; j++)
		if (strcmp(d->stages[j].code, s->code) == 0)
			rc = cus__yerror_key(path, "code", v[CODE],
				"the stage code '%s' is defined twice (first as programme.stages[%zu])", s->code, j);
	FIELD("name", cus__ystring(path, v[NAME], NAME_MAX_BYTES, &s->name));
	if (v[DESC])
		FIELD("description", cus__ystring(path, v[DESC], TEXT_MAX_BYTES, &s->description));
	FIELD("from", cus__ydate(path, v[FROM], &s->from));
	FIELD("to", cus__ydate(path, v[TO], &s->to));
	if (!rc && strcmp(s->to, s->from) < 0)
		rc = cus__yerror_key(path, "to", v[TO], "the stage ends (%s) before it starts (from %s)", s->to,
			s->from);
	if (!rc && strcmp(s->from, d->from) < 0)
		rc = cus__yerror_key(path, "from", v[FROM],
			"the stage starts (%s) before the programme's period (%s to %s)", s->from, d->from, d->to);
	if (!rc && strcmp(s->to, d->to) > 0)
		rc = cus__yerror_key(path, "to", v[TO], "the stage ends (%s) after the programme's period (%s to %s)",
			s->to, d->from, d->to);
	return rc;
}

int cus__programme_section(cus__policy *p, const cus__ynode *node, cus__ypath *path, void **data)
{
	(void)p;
	enum { NAME, PERIOD, STAGES, NKEYS };
	static const cus__ykey keys[] = {
		{ "name", CUS__YKEY_OPTIONAL },
		{ "period", CUS__YKEY_REQUIRED },
		{ "stages", CUS__YKEY_REQUIRED },
		{ NULL, 0 },
	};
	programme_data *d = calloc(1, sizeof *d);
	if (!d)
		return oom();
	*data = d;
	const cus__ynode *v[NKEYS];
	size_t at;
	int rc = cus__ymap(path, node, keys, v);
	if (v[NAME])
		FIELD("name", cus__ystring(path, v[NAME], NAME_MAX_BYTES, &d->name));
	FIELD("period", parse_period(path, v[PERIOD], d));
	if (rc)
		return rc;
	at = cus__ypath_key(path, "stages");
	rc = list_alloc(path, v[STAGES], 1, sizeof *d->stages, (void **)&d->stages);
	size_t i = 0;
	for (const cus__ynode *item = rc ? NULL : v[STAGES]->first; !rc && item; item = item->next, i++) {
		size_t at_item = cus__ypath_index(path, i);
		rc = parse_stage(path, item, d, &d->stages[i]);
		cus__ypath_restore(path, at_item);
		if (!rc)
			d->n++;
	}
	cus__ypath_restore(path, at);
	return rc;
}

const char *cus__policy_programme_name(const cus__policy *p)
{
	const programme_data *d = programme_of(p);
	return d ? d->name : NULL;
}

const char *cus__policy_programme_from(const cus__policy *p)
{
	const programme_data *d = programme_of(p);
	return d ? d->from : NULL;
}

const char *cus__policy_programme_to(const cus__policy *p)
{
	const programme_data *d = programme_of(p);
	return d ? d->to : NULL;
}

SECTION_ACCESSORS(stage, cus__stage, programme_data, programme_of, stages)

/* The free functions, for the table in sections.c. */
void cus__programme_areas_free(void *data)
{
	areas_free(data);
}

void cus__programme_funding_free(void *data)
{
	funding_free(data);
}

void cus__programme_services_free(void *data)
{
	services_free(data);
}

void cus__programme_targets_free(void *data)
{
	targets_free(data);
}

void cus__programme_free(void *data)
{
	programme_free(data);
}

#undef FIELD
