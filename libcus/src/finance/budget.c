/* Breakdowns of plan against execution for a period (cus_budget_report_get). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "finance.h"
#include "../util/u64map.h"

static int oom(void)
{
	return cus__error(CUS_ENOMEM, "finance", NULL, "out of memory");
}

static const char *const by_names[] = { NULL, "source", "project", "classification", "area", "service", "dzial",
	"rozdzial", "paragraf" };
#define BY_MAX 8

const char *cus_budget_by_name(int by)
{
	return by >= 1 && by <= BY_MAX ? by_names[by] : NULL;
}

int cus_budget_by_parse(const char *name)
{
	for (int i = 1; name && i <= BY_MAX; i++)
		if (!strcmp(name, by_names[i]))
			return i;
	return cus__error(CUS_EINVAL, "finance", "by",
		"by: must be source, project, classification, area, service, dzial, rozdzial or paragraf");
}

/* The names of the działy of social policy (and the usual neighbours). */
static const char *dzial_name(const char *d)
{
	static const struct {
		const char *code, *name;
	} names[] = {
		{ "750", "Administracja publiczna" }, { "801", "Oświata i wychowanie" }, { "851", "Ochrona zdrowia" },
		{ "852", "Pomoc społeczna" }, { "853", "Pozostałe zadania w zakresie polityki społecznej" },
		{ "854", "Edukacyjna opieka wychowawcza" }, { "855", "Rodzina" },
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(d, names[i].code))
			return names[i].name;
	return NULL;
}

/* ---- accumulating rows ---- */

typedef struct {
	char *sort;          /* order key; "~" for the row without a key */
	char *key, *name, *parent;
	int level;
	int64_t plan, executed;
	int64_t ben, units;
	int has_people;
} acc_row;

typedef struct {
	acc_row *rows;
	size_t n, cap;
	size_t last;         /* the last row found (rows come in runs) */
} acc;

static void acc_free(acc *a)
{
	for (size_t i = 0; i < a->n; i++) {
		free(a->rows[i].sort);
		free(a->rows[i].key);
		free(a->rows[i].name);
		free(a->rows[i].parent);
	}
	free(a->rows);
	memset(a, 0, sizeof *a);
}

static int acc_get(acc *a, const char *sort, const char *key, const char *name, const char *parent, int level,
	acc_row **out)
{
	if (a->last < a->n && !strcmp(a->rows[a->last].sort, sort)) {
		*out = &a->rows[a->last];
		return 0;
	}
	for (size_t i = 0; i < a->n; i++)
		if (!strcmp(a->rows[i].sort, sort)) {
			a->last = i;
			*out = &a->rows[i];
			return 0;
		}
	if (a->n == a->cap) {
		size_t cap = a->cap ? 2 * a->cap : 32;
		acc_row *p = realloc(a->rows, cap * sizeof *p);
		if (!p)
			return oom();
		a->rows = p;
		a->cap = cap;
	}
	acc_row *r = &a->rows[a->n];
	memset(r, 0, sizeof *r);
	r->sort = strdup(sort);
	r->key = strdup(key);
	r->name = name ? strdup(name) : NULL;
	r->parent = parent ? strdup(parent) : NULL;
	r->level = level;
	if (!r->sort || !r->key || (name && !r->name) || (parent && !r->parent)) {
		free(r->sort);
		free(r->key);
		free(r->name);
		free(r->parent);
		return oom();
	}
	a->last = a->n++;
	*out = r;
	return 0;
}

static int add(int64_t *acc_, int64_t v)
{
	if (__builtin_add_overflow(*acc_, v, acc_))
		return cus__error(CUS_EINVAL, "finance", "amount", "the amounts are too large to add up");
	return 0;
}

/* One stored plan line or expenditure. */
typedef struct {
	const char *dzial, *rozdzial, *paragraf, *source, *project, *project_name, *service;
	int64_t amount;
} entry;

typedef struct {
	cus_budget_report pub;
	cus_budget_row *rows;
	char **strings;
	size_t nstrings, scap;
	cus_finance_mismatch *mm;
} report_impl;

typedef struct {
	const cus__policy *p;
	int by;
	acc a;
	int64_t plan, executed;             /* from the rows, at level 1 */
	int64_t lvl_plan[4], lvl_exec[4];   /* classification: per level */
	cus_budget_part *spending, *financing;
} build;

static int row_keys(build *b, const entry *e, int plan)
{
	const cus__policy *p = b->p;
	char sort[64];
	acc_row *r = NULL;
	int rc = 0;
	const cus__service *sv = e->service ? cus__policy_service_find(p, e->service) : NULL;
	switch (b->by) {
	case CUS_BUDGET_BY_SOURCE: {
		const cus__funding_source *fs = cus__policy_funding_find(p, e->source);
		rc = acc_get(&b->a, e->source, e->source, fs ? fs->name : NULL, NULL, 0, &r);
		break;
	}
	case CUS_BUDGET_BY_PROJECT:
		rc = acc_get(&b->a, e->project ? e->project : "~", e->project ? e->project : "", e->project_name, NULL, 0,
			&r);
		break;
	case CUS_BUDGET_BY_AREA:
		if (sv)
			rc = acc_get(&b->a, sv->area->code, sv->area->code, sv->area->name, NULL, 0, &r);
		else
			rc = acc_get(&b->a, "~", "", NULL, NULL, 0, &r);
		break;
	case CUS_BUDGET_BY_SERVICE:
		if (sv)
			rc = acc_get(&b->a, sv->code, sv->code, sv->name, NULL, 0, &r);
		else
			rc = acc_get(&b->a, "~", e->service ? e->service : "", NULL, NULL, 0, &r);
		break;
	case CUS_BUDGET_BY_DZIAL:
		rc = acc_get(&b->a, e->dzial, e->dzial, dzial_name(e->dzial), NULL, 1, &r);
		break;
	case CUS_BUDGET_BY_ROZDZIAL:
		rc = acc_get(&b->a, e->rozdzial, e->rozdzial, NULL, NULL, 2, &r);
		break;
	case CUS_BUDGET_BY_PARAGRAF:
		rc = acc_get(&b->a, e->paragraf, e->paragraf, NULL, NULL, 3, &r);
		break;
	case CUS_BUDGET_BY_CLASSIFICATION:
		for (int level = 1; level <= 3 && !rc; level++) {
			if (level == 1)
				snprintf(sort, sizeof sort, "%s", e->dzial);
			else if (level == 2)
				snprintf(sort, sizeof sort, "%s/%s", e->dzial, e->rozdzial);
			else
				snprintf(sort, sizeof sort, "%s/%s/%s", e->dzial, e->rozdzial, e->paragraf);
			const char *key = level == 1 ? e->dzial : level == 2 ? e->rozdzial : e->paragraf;
			const char *parent = level == 1 ? NULL : level == 2 ? e->dzial : e->rozdzial;
			rc = acc_get(&b->a, sort, key, level == 1 ? dzial_name(e->dzial) : NULL, parent, level, &r);
			if (!rc)
				rc = add(plan ? &r->plan : &r->executed, e->amount);
			if (!rc)
				rc = add(plan ? &b->lvl_plan[level] : &b->lvl_exec[level], e->amount);
		}
		r = NULL;
		break;
	}
	if (!rc && r)
		rc = add(plan ? &r->plan : &r->executed, e->amount);
	if (rc)
		return rc;
	/* the structures */
	int part = e->paragraf[0] == '3' ? 0 : e->service ? 1 : 2;
	const cus__funding_source *fs = cus__policy_funding_find(p, e->source);
	int g = fs ? fin__kind_group(fs->kind) : 0;
	int fpart = g == 1 ? 0 : g == 2 ? 1 : g == 3 ? 2 : 3;
	if ((rc = add(plan ? &b->spending[part].plan : &b->spending[part].executed, e->amount)))
		return rc;
	if ((rc = add(plan ? &b->financing[fpart].plan : &b->financing[fpart].executed, e->amount)))
		return rc;
	return 0;
}

static int scan(cus_db *db, build *b, const cus_period *per, int plan)
{
	static const char lines_sql[] = "SELECT l.dzial, l.rozdzial, l.paragraf, l.source, p.code, p.name, l.service,"
		" l.amount FROM budget_lines l LEFT JOIN projects p ON p.id = l.project_id WHERE l.year = ?1";
	static const char exp_sql[] = "SELECT e.dzial, e.rozdzial, e.paragraf, e.source, p.code, p.name, e.service,"
		" e.amount FROM expenditures e LEFT JOIN projects p ON p.id = e.project_id"
		" WHERE e.date BETWEEN ?2 AND ?3";
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(cus__db_sql(db), plan ? lines_sql : exp_sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return cus__sql_error(cus__db_sql(db), rc, "reading the budget");
	if (plan) {
		sqlite3_bind_int(st, 1, per->year);
	} else {
		sqlite3_bind_text(st, 2, per->first, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, per->last, -1, SQLITE_STATIC);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		entry e;
		e.dzial = (const char *)sqlite3_column_text(st, 0);
		e.rozdzial = (const char *)sqlite3_column_text(st, 1);
		e.paragraf = (const char *)sqlite3_column_text(st, 2);
		e.source = (const char *)sqlite3_column_text(st, 3);
		e.project = (const char *)sqlite3_column_text(st, 4);
		e.project_name = (const char *)sqlite3_column_text(st, 5);
		e.service = (const char *)sqlite3_column_text(st, 6);
		e.amount = sqlite3_column_int64(st, 7);
		if (!e.dzial || !e.rozdzial || !e.paragraf || !e.source || strlen(e.paragraf) != 4) {
			rc = cus__error(CUS_EINTEGRITY, "finance", NULL, "a stored budget row has no classification");
			break;
		}
		if ((rc = row_keys(b, &e, plan)))
			break;
		if ((rc = add(plan ? &b->plan : &b->executed, e.amount)))
			break;
	}
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc > 0)
		rc = cus__sql_error(cus__db_sql(db), rc, "reading the budget");
	sqlite3_finalize(st);
	return rc;
}

static int one_int64(cus_db *db, const char *sql_text, const cus_period *per, int64_t *out, int64_t *out2)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(cus__db_sql(db), sql_text, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return cus__sql_error(cus__db_sql(db), rc, "summing the budget");
	sqlite3_bind_int(st, 1, per->year);
	sqlite3_bind_text(st, 2, per->first, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, per->last, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		if (out2)
			*out2 = sqlite3_column_int64(st, 1);
		rc = 0;
	} else {
		rc = cus__sql_error(cus__db_sql(db), rc, "summing the budget");
	}
	sqlite3_finalize(st);
	return rc;
}

/* Persons and units of the deliveries in the period, per service or area:
 * one scan of the table between the first and last row id of the period
 * (its pages read once, in order), distinct persons counted in C with sets
 * of (service or area, person) — no sort of millions of rows in memory. */
static int service_index(const cus__policy *p, const char *code, size_t *last)
{
	size_t n = cus__policy_service_count(p);
	if (*last < n && strcmp(cus__policy_service(p, *last)->code, code) == 0)
		return (int)*last;
	for (size_t i = 0; i < n; i++)
		if (strcmp(cus__policy_service(p, i)->code, code) == 0) {
			*last = i;
			return (int)i;
		}
	return (int)n;   /* a service the policy does not know */
}

static int people(cus_db *db, build *b, const cus_period *per, cus_budget_row *total)
{
	const cus__policy *p = b->p;
	sqlite3 *sql = cus__db_sql(db);
	size_t nsv = cus__policy_service_count(p), nareas = cus__policy_area_count(p);
	int by_service = b->by == CUS_BUDGET_BY_SERVICE;
	size_t ngroups = by_service ? nsv + 1 : nareas + 1;
	int *area_of = calloc(nsv + 1, sizeof *area_of);
	int64_t *units = calloc(ngroups, sizeof *units), *ben = calloc(ngroups, sizeof *ben);
	cus__u64map persons = CUS__U64MAP_INIT, pairs = CUS__U64MAP_INIT;
	sqlite3_stmt *st = NULL;
	int rc = area_of && units && ben ? 0 : oom();
	total->beneficiaries = total->units = 0;
	for (size_t i = 0; !rc && i <= nsv; i++) {
		area_of[i] = (int)nareas;
		for (size_t a = 0; i < nsv && a < nareas; a++)
			if (cus__policy_area(p, a) == cus__policy_service(p, i)->area)
				area_of[i] = (int)a;
	}
	int64_t lo = 0, hi = -1;
	if (!rc && (rc = sqlite3_prepare_v2(sql, "SELECT min(id), max(id) FROM deliveries WHERE date BETWEEN ?1 AND ?2",
		-1, &st, NULL)) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, per->first, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, per->last, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
			lo = sqlite3_column_int64(st, 0);
			hi = sqlite3_column_int64(st, 1);
		}
		rc = 0;
	} else if (rc > 0) {
		rc = cus__sql_error(sql, rc, "counting deliveries");
	}
	sqlite3_finalize(st);
	st = NULL;
	if (!rc && (rc = sqlite3_prepare_v2(sql, "SELECT service, person_id, units FROM deliveries"
		" WHERE id BETWEEN ?3 AND ?4 AND date BETWEEN ?1 AND ?2", -1, &st, NULL)) != SQLITE_OK)
		rc = cus__sql_error(sql, rc, "counting deliveries");
	if (!rc) {
		sqlite3_bind_text(st, 1, per->first, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, per->last, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, lo);
		sqlite3_bind_int64(st, 4, hi);
	}
	size_t last = 0;
	int src = SQLITE_DONE;
	while (!rc && (src = sqlite3_step(st)) == SQLITE_ROW) {
		int sv = service_index(p, (const char *)sqlite3_column_text(st, 0), &last);
		uint64_t person = (uint64_t)sqlite3_column_int64(st, 1) & 0xFFFFFFFFFFull;
		int64_t u = sqlite3_column_int64(st, 2);
		size_t g = by_service ? (size_t)sv : (size_t)area_of[sv];
		total->units += u;
		units[g] += u;
		int put = cus__u64map_put(&persons, person, 0, NULL);
		int put2 = put < 0 ? put : cus__u64map_put(&pairs, ((uint64_t)g << 40) | person, 0, NULL);
		if (put < 0 || put2 < 0)
			rc = oom();
		else {
			total->beneficiaries += put == 0;
			ben[g] += put2 == 0;
		}
	}
	if (!rc && src != SQLITE_DONE)
		rc = cus__sql_error(sql, src, "counting deliveries");
	sqlite3_finalize(st);
	for (size_t g = 0; !rc && g < ngroups; g++) {
		if (!ben[g])
			continue;
		acc_row *r = NULL;
		if (by_service && g < nsv) {
			const cus__service *sv = cus__policy_service(p, g);
			rc = acc_get(&b->a, sv->code, sv->code, sv->name, NULL, 0, &r);
		} else if (!by_service && g < nareas) {
			const cus__area *ar = cus__policy_area(p, g);
			rc = acc_get(&b->a, ar->code, ar->code, ar->name, NULL, 0, &r);
		} else {
			rc = acc_get(&b->a, "~", "", NULL, NULL, 0, &r);
		}
		if (!rc) {
			r->ben += ben[g];
			r->units += units[g];
			r->has_people = 1;
		}
	}
	cus__u64map_free(&persons);
	cus__u64map_free(&pairs);
	free(area_of);
	free(units);
	free(ben);
	return rc;
}

static int64_t div_round(int64_t a, int64_t b)
{
	if (b <= 0)
		return -1;
	__int128 n = a < 0 ? -(__int128)a : a;
	__int128 q = (2 * n + b) / (2 * (__int128)b);
	return a < 0 ? -(int64_t)q : (int64_t)q;
}

static int cmp_rows(const void *x, const void *y)
{
	return strcmp(((const acc_row *)x)->sort, ((const acc_row *)y)->sort);
}

static char *keep(report_impl *r, const char *s)
{
	if (!s)
		return NULL;
	if (r->nstrings == r->scap) {
		size_t cap = r->scap ? 2 * r->scap : 64;
		char **p = realloc(r->strings, cap * sizeof *p);
		if (!p)
			return NULL;
		r->strings = p;
		r->scap = cap;
	}
	char *d = strdup(s);
	if (d)
		r->strings[r->nstrings++] = d;
	return d;
}

void cus_budget_report_free(cus_budget_report *pub)
{
	if (!pub)
		return;
	report_impl *r = (report_impl *)pub;
	for (size_t i = 0; i < r->nstrings; i++)
		free(r->strings[i]);
	free(r->strings);
	free(r->rows);
	for (size_t i = 0; i < pub->mismatch_count; i++) {
		free((char *)r->mm[i].field);
		free((char *)r->mm[i].project);
		free((char *)r->mm[i].message);
	}
	free(r->mm);
	free(r);
}

static void part_shares(cus_budget_part *parts, size_t n, int64_t plan, int64_t executed)
{
	for (size_t i = 0; i < n; i++) {
		parts[i].plan_share_bp = cus_finance_ratio_bp(parts[i].plan, plan);
		parts[i].executed_share_bp = cus_finance_ratio_bp(parts[i].executed, executed);
	}
}

static int report_work(cus_session *s, report_impl *r, const cus_period *per, int by, int strict, fin__mismatches *mm)
{
	build b;
	memset(&b, 0, sizeof b);
	int rc = fin__policy(s, &b.p);
	if (rc)
		return rc;
	b.by = by;
	b.spending = r->pub.spending;
	b.financing = r->pub.financing;
	if (!rc)
		rc = scan(s->db, &b, per, 1);
	if (!rc)
		rc = scan(s->db, &b, per, 0);
	int people_rows = by == CUS_BUDGET_BY_SERVICE || by == CUS_BUDGET_BY_AREA;
	cus_budget_row *t = &r->pub.total;
	t->key = "";
	t->beneficiaries = t->units = t->cost_per_beneficiary = t->cost_per_unit = -1;
	if (!rc && people_rows)
		rc = people(s->db, &b, per, t);
	/* the totals, straight from the tables */
	if (!rc)
		rc = one_int64(s->db, "SELECT coalesce(sum(amount), 0), ?2 = ?3 FROM budget_lines WHERE year = ?1", per,
			&t->plan, NULL);
	if (!rc)
		rc = one_int64(s->db, "SELECT coalesce(sum(amount), 0) FROM expenditures"
			" WHERE ?1 = ?1 AND date BETWEEN ?2 AND ?3", per, &t->executed, NULL);
	/* reconcile: every stored amount is in exactly one row (per level) */
	if (!rc) {
		int ok = b.plan == t->plan && b.executed == t->executed;
		int64_t rp[4] = { 0 }, re[4] = { 0 };
		for (size_t i = 0; i < b.a.n && ok; i++) {
			int lv = b.a.rows[i].level;
			ok = !add(&rp[lv], b.a.rows[i].plan) && !add(&re[lv], b.a.rows[i].executed);
		}
		if (by == CUS_BUDGET_BY_CLASSIFICATION) {
			for (int lv = 1; lv <= 3 && ok; lv++)
				ok = rp[lv] == t->plan && re[lv] == t->executed && b.lvl_plan[lv] == t->plan;
		} else {
			int lv = (by >= CUS_BUDGET_BY_DZIAL) ? by - CUS_BUDGET_BY_DZIAL + 1 : 0;
			ok = ok && rp[lv] == t->plan && re[lv] == t->executed;
		}
		int64_t sp = 0, se = 0, fp = 0, fe = 0;
		for (int i = 0; i < 3 && ok; i++)
			ok = !add(&sp, r->pub.spending[i].plan) && !add(&se, r->pub.spending[i].executed);
		for (int i = 0; i < 4 && ok; i++)
			ok = !add(&fp, r->pub.financing[i].plan) && !add(&fe, r->pub.financing[i].executed);
		ok = ok && sp == t->plan && se == t->executed && fp == t->plan && fe == t->executed;
		if (!ok)
			rc = cus__error(CUS_EINTEGRITY, "finance", NULL,
				"the breakdown does not add up to the stored totals (the database changed or is damaged)");
	}
	t->executed_bp = cus_finance_ratio_bp(t->executed, t->plan);
	if (people_rows) {
		int64_t services = 0;
		for (size_t i = 0; i < b.a.n; i++)
			if (b.a.rows[i].key[0])
				services += b.a.rows[i].executed;
		t->cost_per_beneficiary = div_round(services, t->beneficiaries);
	}
	static const char *const sp_keys[3] = { "benefits", "services", "upkeep" };
	static const char *const fi_keys[4] = { "own", "commissioned", "external", "other" };
	for (int i = 0; i < 3; i++)
		r->pub.spending[i].key = sp_keys[i];
	for (int i = 0; i < 4; i++)
		r->pub.financing[i].key = fi_keys[i];
	part_shares(r->pub.spending, 3, t->plan, t->executed);
	part_shares(r->pub.financing, 4, t->plan, t->executed);
	/* the rows */
	if (!rc && b.a.n) {
		qsort(b.a.rows, b.a.n, sizeof *b.a.rows, cmp_rows);
		r->rows = calloc(b.a.n, sizeof *r->rows);
		if (!r->rows)
			rc = oom();
		for (size_t i = 0; !rc && i < b.a.n; i++) {
			const acc_row *a = &b.a.rows[i];
			cus_budget_row *o = &r->rows[i];
			o->key = keep(r, a->key);
			o->name = keep(r, a->name);
			o->parent = keep(r, a->parent);
			if (!o->key || (a->name && !o->name) || (a->parent && !o->parent)) {
				rc = oom();
				break;
			}
			o->level = a->level;
			o->plan = a->plan;
			o->executed = a->executed;
			o->executed_bp = cus_finance_ratio_bp(a->executed, a->plan);
			o->beneficiaries = o->units = o->cost_per_beneficiary = o->cost_per_unit = -1;
			if (people_rows) {
				o->beneficiaries = a->ben;
				o->units = a->units;
				o->cost_per_beneficiary = a->key[0] ? div_round(a->executed, a->ben) : -1;
				if (by == CUS_BUDGET_BY_SERVICE && a->key[0])
					o->cost_per_unit = div_round(a->executed, a->units);
			}
		}
		r->pub.rows = r->rows;
		r->pub.nrows = rc ? 0 : b.a.n;
	}
	acc_free(&b.a);
	if (!rc)
		rc = fin__stored_checks(mm, s, b.p, strict);
	return rc;
}

int cus_budget_report_get(cus_budget_report **out, cus_session *s, const char *period, int by, unsigned flags)
{
	if (!out)
		return cus__error(CUS_EINVAL, "finance", "out", "out is NULL");
	*out = NULL;
	if (!s)
		return cus__error(CUS_EINVAL, "finance", "session", "no session");
	cus_period per;
	if (!period || cus_period_parse(period, &per) != 0)
		return cus__error(CUS_EINVAL, "finance", "period",
			"period: must be a year (2022), half-year (2022H1), quarter (2022Q3) or month (2022-03)");
	if (!cus_budget_by_name(by))
		return cus__error(CUS_EINVAL, "finance", "by",
			"by: must be source, project, classification, area, service, dzial, rozdzial or paragraf");
	report_impl *r = calloc(1, sizeof *r);
	if (!r)
		return oom();
	r->pub.period = per;
	r->pub.by = by;
	int strict = (flags & CUS_FINANCE_STRICT) != 0;
	char detail[64];
	snprintf(detail, sizeof detail, "period %s by %s", per.name, cus_budget_by_name(by));
	fin__mismatches mm = { 0 };
	int rc = cus__access_begin(s, "budget.report", "budget", NULL, "finance", CUS_OP_READ, detail);
	if (!rc)
		rc = cus__access_end(s, report_work(s, r, &per, by, strict, &mm));
	if (rc) {
		fin__mismatches_free(&mm);
		cus_budget_report_free(&r->pub);
		return rc;
	}
	r->mm = mm.items;
	r->pub.mismatches = mm.items;
	r->pub.mismatch_count = mm.n;
	*out = &r->pub;
	if (strict && mm.n)
		return cus__error(CUS_EINVAL, "finance", mm.items[0].field, "%s (and %zu more)", mm.items[0].message,
			mm.n - 1);
	return 0;
}

/* The breakdown inside an operation the caller already holds (the report
 * module's "report.export", which checked read on finance): no audit entry of
 * its own, no sum checks of the stored projects. */
int fin__budget_report_run(cus_budget_report **out, cus_session *s, const char *period, int by)
{
	*out = NULL;
	cus_period per;
	if (!period || cus_period_parse(period, &per) != 0)
		return cus__error(CUS_EINVAL, "finance", "period", "period: not a valid period");
	if (!cus_budget_by_name(by))
		return cus__error(CUS_EINVAL, "finance", "by", "by: unknown breakdown");
	report_impl *r = calloc(1, sizeof *r);
	if (!r)
		return oom();
	r->pub.period = per;
	r->pub.by = by;
	fin__mismatches mm = { 0 };
	int rc = report_work(s, r, &per, by, 0, &mm);
	if (rc) {
		fin__mismatches_free(&mm);
		cus_budget_report_free(&r->pub);
		return rc;
	}
	r->mm = mm.items;
	r->pub.mismatches = mm.items;
	r->pub.mismatch_count = mm.n;
	*out = &r->pub;
	return 0;
}
