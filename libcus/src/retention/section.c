/* The policy section `retention`: per kind of record its JRWA symbol and
 * heading, archival category, period and the event it counts from; the
 * roles that approve disposals and place holds. docs/POLICY.md describes the
 * keys; the due-date arithmetic is here too. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "retention.h"
#include "../policy/sections.h"

#define TITLE_MAX 300
#define BASIS_MAX 2000
#define NAME_MAX_BYTES 300
#define YEARS_MAX 100
#define A_DEFAULT_YEARS 25   /* art. 5 ust. 2 of the archives act practice: A files go to the state archive after 25 years */

static const char *const kind_names[CUS_RETENTION_KIND_COUNT] = {
	"person", "application", "decision", "plan", "delivery", "special_category", "employment", "audit_log",
	"budget", "expenditure", "project",
};

static const char *const event_names[CUS__EV_COUNT] = {
	"case_closed", "last_service", "record_created", "decision", "plan_end", "validity_end", "project_end",
};

/* The events each kind may count from (bit per event). */
#define EV(e) (1u << (e))
static const unsigned kind_events[CUS_RETENTION_KIND_COUNT] = {
	[CUS_RETENTION_PERSON] = EV(CUS__EV_CASE_CLOSED) | EV(CUS__EV_LAST_SERVICE) | EV(CUS__EV_RECORD_CREATED),
	[CUS_RETENTION_APPLICATION] = EV(CUS__EV_DECISION) | EV(CUS__EV_RECORD_CREATED) | EV(CUS__EV_CASE_CLOSED),
	[CUS_RETENTION_DECISION] = EV(CUS__EV_DECISION) | EV(CUS__EV_RECORD_CREATED) | EV(CUS__EV_CASE_CLOSED),
	[CUS_RETENTION_PLAN] = EV(CUS__EV_PLAN_END) | EV(CUS__EV_RECORD_CREATED) | EV(CUS__EV_CASE_CLOSED),
	[CUS_RETENTION_DELIVERY] = EV(CUS__EV_RECORD_CREATED) | EV(CUS__EV_LAST_SERVICE) | EV(CUS__EV_CASE_CLOSED),
	[CUS_RETENTION_SPECIAL] = EV(CUS__EV_RECORD_CREATED) | EV(CUS__EV_VALIDITY_END) | EV(CUS__EV_CASE_CLOSED),
	[CUS_RETENTION_EMPLOYMENT] = EV(CUS__EV_RECORD_CREATED) | EV(CUS__EV_CASE_CLOSED),
	[CUS_RETENTION_AUDIT] = EV(CUS__EV_RECORD_CREATED),
	[CUS_RETENTION_BUDGET] = EV(CUS__EV_RECORD_CREATED),
	[CUS_RETENTION_EXPENDITURE] = EV(CUS__EV_RECORD_CREATED),
	[CUS_RETENTION_PROJECT] = EV(CUS__EV_PROJECT_END) | EV(CUS__EV_RECORD_CREATED),
};

const char *cus_retention_kind_name(int kind)
{
	return kind >= 0 && kind < CUS_RETENTION_KIND_COUNT ? kind_names[kind] : NULL;
}

int cus_retention_kind_count(void)
{
	return CUS_RETENTION_KIND_COUNT;
}

const char *cus__retention_event_name(int event)
{
	return event >= 0 && event < CUS__EV_COUNT ? event_names[event] : NULL;
}

const char *cus_retention_action_name(int action)
{
	switch (action) {
	case CUS_RETENTION_DESTROY: return "destroy";
	case CUS_RETENTION_TRANSFER: return "transfer";
	case CUS_RETENTION_APPRAISAL: return "appraisal";
	case CUS_RETENTION_HELD: return "held";
	}
	return NULL;
}

static int kind_find(const char *s)
{
	for (int i = 0; s && i < CUS_RETENTION_KIND_COUNT; i++)
		if (strcmp(kind_names[i], s) == 0)
			return i;
	return -1;
}

static int event_find(const char *s)
{
	for (int i = 0; s && i < CUS__EV_COUNT; i++)
		if (strcmp(event_names[i], s) == 0)
			return i;
	return -1;
}

/* "A", "B<n>", "BE<n>", "Bc": the kind of category and its n (-1 for A, Bc). */
static int category_parse(const char *s, int *cat, int *n)
{
	if (!s)
		return -1;
	*n = -1;
	if (strcmp(s, "A") == 0) {
		*cat = CUS__CAT_A;
		return 0;
	}
	if (strcmp(s, "Bc") == 0) {
		*cat = CUS__CAT_BC;
		return 0;
	}
	const char *d;
	if (strncmp(s, "BE", 2) == 0) {
		*cat = CUS__CAT_BE;
		d = s + 2;
	} else if (s[0] == 'B') {
		*cat = CUS__CAT_B;
		d = s + 1;
	} else {
		return -1;
	}
	if (!*d || strlen(d) > 3 || d[0] == '0')
		return -1;
	int v = 0;
	for (; *d; d++) {
		if (*d < '0' || *d > '9')
			return -1;
		v = v * 10 + (*d - '0');
	}
	if (v < 1 || v > YEARS_MAX)
		return -1;
	*n = v;
	return 0;
}

/* The period of a category with years given (-1: none). -1 when they disagree or are missing. */
static int category_years(int cat, int n, int years)
{
	switch (cat) {
	case CUS__CAT_A: return years >= 0 ? years : A_DEFAULT_YEARS;
	case CUS__CAT_BC: return years;   /* required */
	default: return years < 0 || years == n ? n : -1;
	}
}

int32_t cus__retention_date_int(const char *s)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	int32_t v = 0;
	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7)
			continue;
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

void cus__retention_date_text(char out[11], int32_t d)
{
	if (d <= 0) {
		out[0] = '\0';
		return;
	}
	snprintf(out, 11, "%04d-%02d-%02d", (int)(d / 10000) % 10000, (int)(d / 100 % 100), (int)(d % 100));
}

int32_t cus__retention_due_int(const cus__retention_rule *rule, int32_t event)
{
	if (!rule || event <= 0)
		return 0;
	int32_t year = event / 10000 + 1 + rule->years;
	if (year > 9999)
		year = 9999;
	return year * 10000 + 101;
}

int cus_retention_due_date(char out[11], const char *category, int years, const char *event)
{
	if (!out)
		return cus__error(CUS_EINVAL, "retention", NULL, "out is NULL");
	out[0] = '\0';
	int cat, n;
	if (category_parse(category, &cat, &n) != 0)
		return cus__error(CUS_EINVAL, "retention", "category",
			"category: must be A, B<n>, BE<n> (n from 1 to %d) or Bc", YEARS_MAX);
	if (years < -1 || years > YEARS_MAX)
		return cus__error(CUS_EINVAL, "retention", "years", "years: must be -1 or 0 to %d", YEARS_MAX);
	int y = category_years(cat, n, years);
	if (y < 0)
		return cus__error(CUS_EINVAL, "retention", "years",
			cat == CUS__CAT_BC ? "years: category Bc needs its period" :
			"years: must be the category's own (%d)", n);
	cus_date d;
	if (!event || cus_date_check(event, &d) != 0)
		return cus__error(CUS_EINVAL, "retention", "event", "event: must be a real date YYYY-MM-DD");
	cus__retention_rule r = { 0 };
	r.years = y;
	cus__retention_date_text(out, cus__retention_due_int(&r, cus__retention_date_int(event)));
	return 0;
}

const cus__retention_rules *cus__policy_retention(const cus__policy *p)
{
	return p ? cus__policy_section_data(p, "retention") : NULL;
}

int cus__retention_is_approver(const cus__retention_rules *r, const char *role)
{
	for (size_t i = 0; r && role && i < r->napprovers; i++)
		if (strcmp(r->approvers[i], role) == 0)
			return 1;
	return 0;
}

/* ---- parsing ---- */

#define FIELD(key, call) \
	if (!rc) { \
		size_t at_ = cus__ypath_key(path, key); \
		rc = call; \
		cus__ypath_restore(path, at_); \
	}

static int symbol_check(const cus__ypath *path, const cus__ynode *node, const char **out)
{
	int rc = cus__ystring(path, node, 16, out);
	if (rc)
		return rc;
	size_t n = strlen(*out);
	for (size_t i = 0; i < n; i++)
		if ((*out)[i] < '0' || (*out)[i] > '9')
			return cus__yerror(path, node, "a JRWA symbol is 1 to 6 digits (write it in quotes)");
	if (n > 6)
		return cus__yerror(path, node, "a JRWA symbol is 1 to 6 digits");
	return 0;
}

static int years_check(const cus__ypath *path, const cus__ynode *node, int *out)
{
	const char *s = NULL;
	int rc = cus__ystring(path, node, 8, &s);
	if (rc)
		return rc;
	int v = 0;
	for (const char *c = s; *c; c++) {
		if (*c < '0' || *c > '9' || v > YEARS_MAX)
			return cus__yerror(path, node, "years: a whole number from 0 to %d", YEARS_MAX);
		v = v * 10 + (*c - '0');
	}
	if (v > YEARS_MAX)
		return cus__yerror(path, node, "years: a whole number from 0 to %d", YEARS_MAX);
	*out = v;
	return 0;
}

static int parse_rule(cus__retention_rules *r, const cus__ynode *item, cus__ypath *path)
{
	static const cus__ykey keys[] = {
		{ "kind", CUS__YKEY_REQUIRED }, { "symbol", CUS__YKEY_REQUIRED }, { "title", CUS__YKEY_REQUIRED },
		{ "category", CUS__YKEY_REQUIRED }, { "years", CUS__YKEY_OPTIONAL }, { "from", CUS__YKEY_REQUIRED },
		{ "basis", CUS__YKEY_OPTIONAL }, { NULL, 0 },
	};
	const cus__ynode *v[7];
	int rc = cus__ymap(path, item, keys, v);
	if (rc)
		return rc;
	const char *kind = NULL, *symbol = NULL, *title = NULL, *category = NULL, *from = NULL, *basis = NULL;
	int k = -1, cat = 0, n = -1, years = -1, ev = -1;
	FIELD("kind", cus__ystring(path, v[0], 64, &kind));
	if (!rc && (k = kind_find(kind)) < 0) {
		size_t at = cus__ypath_key(path, "kind");
		rc = cus__yerror(path, v[0], "unknown kind of record '%.64s' (known: person, application, decision, "
			"plan, delivery, special_category, employment, audit_log, budget, expenditure, project)", kind);
		cus__ypath_restore(path, at);
	}
	if (!rc && r->has[k]) {
		size_t at = cus__ypath_key(path, "kind");
		rc = cus__yerror(path, v[0], "kind '%s' has a rule already", kind);
		cus__ypath_restore(path, at);
	}
	FIELD("symbol", symbol_check(path, v[1], &symbol));
	FIELD("title", cus__ystring(path, v[2], TITLE_MAX, &title));
	FIELD("category", cus__ystring(path, v[3], 8, &category));
	if (!rc && category_parse(category, &cat, &n) != 0) {
		size_t at = cus__ypath_key(path, "category");
		rc = cus__yerror(path, v[3], "an archival category is A, B<n>, BE<n> (n from 1 to %d) or Bc", YEARS_MAX);
		cus__ypath_restore(path, at);
	}
	if (!rc && v[4]) {
		FIELD("years", years_check(path, v[4], &years));
		if (!rc && cat != CUS__CAT_A && cat != CUS__CAT_BC && years != n) {
			size_t at = cus__ypath_key(path, "years");
			rc = cus__yerror(path, v[4], "years (%d) disagrees with the category %s", years, category);
			cus__ypath_restore(path, at);
		}
	}
	if (!rc && cat == CUS__CAT_BC && years < 0)
		rc = cus__yerror_key(path, "years", item, "category Bc needs its period: the required key 'years' is missing");
	FIELD("from", cus__ystring(path, v[5], 64, &from));
	if (!rc) {
		ev = event_find(from);
		if (ev < 0 || !(kind_events[k] & EV(ev))) {
			char allowed[200] = "";
			for (int e = 0; e < CUS__EV_COUNT; e++)
				if (kind_events[k] & EV(e)) {
					if (allowed[0])
						strncat(allowed, ", ", sizeof allowed - strlen(allowed) - 1);
					strncat(allowed, event_names[e], sizeof allowed - strlen(allowed) - 1);
				}
			size_t at = cus__ypath_key(path, "from");
			rc = cus__yerror(path, v[5], "%s '%.64s' for records of kind %s (allowed: %s)",
				ev < 0 ? "unknown event" : "no event", from, kind, allowed);
			cus__ypath_restore(path, at);
		}
	}
	if (v[6])
		FIELD("basis", cus__ystring(path, v[6], BASIS_MAX, &basis));
	if (rc)
		return rc;
	cus__retention_rule *rule = &r->rules[k];
	rule->kind = k;
	rule->category = category;
	rule->cat = cat;
	rule->years = category_years(cat, n, years);
	rule->event = ev;
	rule->symbol = symbol;
	rule->title = title;
	rule->basis = basis;
	r->has[k] = 1;
	return 0;
}

int cus__retention_section(cus__policy *p, const cus__ynode *node, cus__ypath *path, void **data)
{
	static const cus__ykey keys[] = {
		{ "unit", CUS__YKEY_OPTIONAL }, { "archive", CUS__YKEY_OPTIONAL }, { "approvers", CUS__YKEY_REQUIRED },
		{ "rules", CUS__YKEY_REQUIRED }, { NULL, 0 },
	};
	const cus__ynode *v[4];
	int rc = cus__ymap(path, node, keys, v);
	if (rc)
		return rc;
	cus__retention_rules *r = calloc(1, sizeof *r);
	if (!r)
		return cus__error(CUS_ENOMEM, "policy", NULL, "out of memory");
	if (v[0])
		FIELD("unit", cus__ystring(path, v[0], NAME_MAX_BYTES, &r->unit));
	if (v[1])
		FIELD("archive", cus__ystring(path, v[1], NAME_MAX_BYTES, &r->archive));
	if (!rc) {
		size_t at = cus__ypath_key(path, "approvers");
		rc = cus__yseq(path, v[2], 1);
		size_t i = 0;
		for (const cus__ynode *it = rc ? NULL : v[2]->first; !rc && it; it = it->next, i++) {
			const char *role = NULL;
			rc = cus__ycode(path, it, &role);
			if (!rc && !cus__policy_has_role(p, role))
				rc = cus__yerror(path, it, "unknown role '%s' (not defined under roles)", role);
			if (!rc && cus__retention_is_approver(r, role))
				rc = cus__yerror(path, it, "role '%s' is listed twice", role);
			if (!rc && r->napprovers >= sizeof r->approvers / sizeof r->approvers[0])
				rc = cus__yerror(path, it, "at most 32 approvers");
			if (!rc)
				r->approvers[r->napprovers++] = role;
		}
		cus__ypath_restore(path, at);
	}
	if (!rc) {
		size_t at = cus__ypath_key(path, "rules");
		rc = cus__yseq(path, v[3], 1);
		size_t i = 0;
		for (const cus__ynode *it = rc ? NULL : v[3]->first; !rc && it; it = it->next, i++) {
			size_t at2 = cus__ypath_index(path, i);
			rc = parse_rule(r, it, path);
			cus__ypath_restore(path, at2);
		}
		if (!rc && !r->has[CUS_RETENTION_PERSON])
			rc = cus__yerror(path, v[3], "a rule for the kind 'person' (the case file as a whole) is required");
		cus__ypath_restore(path, at);
	}
	if (rc) {
		free(r);
		return rc;
	}
	*data = r;
	return 0;
}

void cus__retention_section_free(void *data)
{
	free(data);
}

/* ---- targets ---- */

int cus__retention_parse_target(const char *target, int *kind, int64_t *id)
{
	if (!target || !*target)
		return cus__error(CUS_EINVAL, "retention", "target", "target: give a person's id (12 or p-12) or a "
			"record as KIND:ID (application:17)");
	const char *num = target;
	int k = CUS_RETENTION_PERSON;
	const char *colon = strchr(target, ':');
	if (colon) {
		char name[32];
		size_t n = (size_t)(colon - target);
		if (n == 0 || n >= sizeof name)
			return cus__error(CUS_EINVAL, "retention", "target", "target: unknown kind of record");
		memcpy(name, target, n);
		name[n] = '\0';
		k = kind_find(name);
		if (k < 0 || k == CUS_RETENTION_AUDIT)
			return cus__error(CUS_EINVAL, "retention", "target", "target: unknown kind of record '%s'", name);
		num = colon + 1;
	} else if (strncmp(target, "p-", 2) == 0) {
		num = target + 2;
	}
	if (!*num || strlen(num) > 18)
		return cus__error(CUS_EINVAL, "retention", "target", "target: the id must be a positive whole number");
	int64_t v = 0;
	for (const char *c = num; *c; c++) {
		if (*c < '0' || *c > '9')
			return cus__error(CUS_EINVAL, "retention", "target", "target: the id must be a positive whole number");
		v = v * 10 + (*c - '0');
	}
	if (v <= 0)
		return cus__error(CUS_EINVAL, "retention", "target", "target: the id must be a positive whole number");
	*kind = k;
	*id = v;
	return 0;
}
