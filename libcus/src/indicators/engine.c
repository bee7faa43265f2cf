/* Computing indicators: measures × dimensions × a period.
 *
 * One computation (cus_indicators_compute) runs inside one audited read of
 * "reports". It first materialises, in temporary in-memory tables, the facts
 * of the window with their dimensions resolved: the persons' sex, age band,
 * family type and family (households) on the window's last day, computed
 * here with cus_age_on (art. 112 of the civil code); the services' areas and
 * the funding sources' projects from the session's policy; the deliveries,
 * applications, plans and the reviews due (from each plan's calendar). Each
 * cell is then one GROUP BY over those facts — for every subset of the
 * breakdown when totals are wanted, so totals are distinct counts of their
 * own, never sums of cells. The SQL is assembled from constant fragments
 * chosen by validated codes; values are bound. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "../access/access.h"
#include "../cases/cases.h"
#include "../util/u64map.h"

#define MODULE "indicators"

static int oom(void)
{
	return cus__error(CUS_ENOMEM, MODULE, NULL, "out of memory");
}

static int sqlerr(sqlite3 *sql, int rc, const char *what)
{
	return cus__sql_error(sql, rc, what);
}

int cus_indicator_query_init(cus_indicator_query *q, unsigned int version)
{
	if (!q || version != CUS_INDICATOR_QUERY_VERSION)
		return cus__error(CUS_EINVAL, MODULE, "version", "unsupported cus_indicator_query version %u", version);
	cus_indicator_query init = CUS_INDICATOR_QUERY_INIT;
	*q = init;
	return 0;
}

int cus_indicator_list(const cus_indicator **out, cus_db *db)
{
	if (!out || !db)
		return cus__error(CUS_EINVAL, MODULE, NULL, "out or db is NULL");
	*out = NULL;
	const cus__policy *p = NULL;
	int rc = cus__policy_active(db, &p);
	if (rc)
		return rc;
	const cus__indicators_data *d = cus__policy_indicators(p);
	if (!d || !d->n)
		return 0;
	*out = d->items;
	return (int)d->n;
}

/* ---- the result ---- */

typedef struct {
	cus_indicator_value v;
	unsigned rank[CUS_INDICATOR_MAX_DIMS];  /* sort keys: the dimensions' values (totals last) */
} cell;

struct cus_indicator_iter {
	cell *cells;
	size_t n, cap, next;
	char **strings;             /* every string the cells point to */
	size_t nstr, capstr;
	const char **ptrs;          /* dims and values arrays */
	size_t nptr, capptr;
};

void cus_indicator_iter_free(cus_indicator_iter *it)
{
	if (!it)
		return;
	for (size_t i = 0; i < it->nstr; i++)
		free(it->strings[i]);
	free(it->strings);
	free(it->cells);
	free(it->ptrs);
	free(it);
}

int cus_indicator_next(const cus_indicator_value **out, cus_indicator_iter *it)
{
	if (!out || !it)
		return cus__error(CUS_EINVAL, MODULE, NULL, "out or iterator is NULL");
	*out = NULL;
	if (it->next >= it->n)
		return CUS_ITEROVER;
	*out = &it->cells[it->next++].v;
	return 0;
}

size_t cus_indicator_count(const cus_indicator_iter *it)
{
	return it ? it->n : 0;
}

const cus_indicator_value *cus_indicator_at(const cus_indicator_iter *it, size_t i)
{
	return it && i < it->n ? &it->cells[i].v : NULL;
}

static const char *keep(cus_indicator_iter *it, const char *s)
{
	if (!s)
		return NULL;
	if (it->nstr == it->capstr) {
		size_t ncap = it->capstr ? 2 * it->capstr : 64;
		char **n = realloc(it->strings, ncap * sizeof *n);
		if (!n)
			return NULL;
		it->strings = n;
		it->capstr = ncap;
	}
	char *c = strdup(s);
	if (c)
		it->strings[it->nstr++] = c;
	return c;
}

/* ---- one computation ----
 *
 * The facts of the window are read once per source into arrays (a delivery
 * takes 32 bytes), the persons' dimensions into an array indexed by person
 * id; then every cell of every indicator is aggregated in C: sums in a hash
 * map from the cell's key, distinct counts through a hash set of (cell, id)
 * pairs. Each subset of the breakdown (the totals) is its own pass, so a
 * total is a distinct count of its own, never a sum of cells. */

/* A cell's key packs its dimensions' values, 15 bits each (so that no key
 * is all ones, which the map cannot hold). */
#define NONE_VALUE 0x7FFEu   /* "none": a project-less source, an area unknown to the policy */
#define ALL_VALUE 0x7FFFu    /* the total over a dimension */
#define DIM_BITS 15
#define MAX_CODES 250        /* services or funding sources: indices fit a byte */

enum { F_SUBMITTED = 0, F_QUALIFIED, F_REFUSED, F_WITHDRAWN };

/* One record of a source, 20 bytes (a year of the mayor's report holds
 * millions): the person, the record's first date (delivery, application,
 * plan start, review due) and two more fields whose meaning the source
 * gives — a delivery's units and cost; an application's decision and
 * withdrawal dates; a plan's end (or closing) and id; a review's done date
 * and plan id. Dates are yyyymmdd, 0 for none. */
typedef struct {
	int32_t person;
	int32_t date;
	int32_t x;                  /* units | decision date | plan until | review done */
	int32_t y;                  /* cost | withdrawal date | plan id */
	uint8_t service;            /* index in the code table */
	uint8_t funding;
	uint8_t flag;               /* an application's status */
	uint8_t spare;
} fact;

typedef struct {
	fact *v;
	size_t n, cap;
	int loaded;
} fact_list;

typedef struct {
	int32_t family;             /* household id, or -person for one without */
	uint8_t sex;                /* 0 F, 1 M */
	uint8_t band;
	uint8_t ftype;              /* 0 single, 1 with_children, 2 other */
	uint8_t known;
} person_dims;

/* A table of codes (services or funding sources): the policy's first, in
 * its order, then any code met in the records that the policy lacks. */
typedef struct {
	const char *code[MAX_CODES + 1];
	char *extra[MAX_CODES + 1];  /* owned copies of the codes not in the policy */
	size_t n, npolicy;
	uint8_t area[MAX_CODES + 1];  /* services: the area's index (NONE: unknown) */
	int project[MAX_CODES + 1];   /* funding: 1 for an EU project's source */
} code_table;

typedef struct {
	cus_session *s;
	sqlite3 *sql;
	const cus__policy *p;
	cus_period period;
	char window_first[11];      /* the earliest first day over the indicators */
	int32_t last;               /* the period's last day, yyyymmdd */
	fact_list facts[4];
	person_dims *pd;
	size_t npd;
	code_table svc, fund;
	cus_indicator_iter *it;
} run_ctx;

static const char *const band_names[] = { "0-17", "18-29", "30-44", "45-54", "55-64", "65-74", "75+" };
static const int band_max[] = { 17, 29, 44, 54, 64, 74, 100000 };
static const char *const ftype_names[] = { "single", "with_children", "other" };

static int band_of(int age)
{
	int b = 0;
	while (age > band_max[b])
		b++;
	return b;
}

static int32_t date_int(const unsigned char *s)
{
	if (!s || strlen((const char *)s) != 10)
		return 0;
	return (s[0] - '0') * 10000000 + (s[1] - '0') * 1000000 + (s[2] - '0') * 100000 + (s[3] - '0') * 10000 +
		(s[5] - '0') * 1000 + (s[6] - '0') * 100 + (s[8] - '0') * 10 + (s[9] - '0');
}

static int32_t date_of(const char *s)
{
	return date_int((const unsigned char *)s);
}

static void code_table_free(code_table *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->extra[i]);
}

/* The index of a code, added when new (CUS_EINVAL past MAX_CODES). */
static int code_index(code_table *t, const char *code, uint8_t *out)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->code[i], code) == 0) {
			*out = (uint8_t)i;
			return 0;
		}
	if (t->n >= MAX_CODES)
		return cus__error(CUS_ERROR, MODULE, NULL, "more than %d distinct service or funding codes", MAX_CODES);
	if (!(t->extra[t->n] = strdup(code)))
		return oom();
	t->code[t->n] = t->extra[t->n];
	t->area[t->n] = 0xFF;
	t->project[t->n] = 0;
	*out = (uint8_t)t->n++;
	return 0;
}

static int build_code_tables(run_ctx *c)
{
	size_t nsv = cus__policy_service_count(c->p), nf = cus__policy_funding_count(c->p);
	if (nsv > MAX_CODES || nf > MAX_CODES)
		return cus__error(CUS_ERROR, MODULE, NULL, "more than %d services or funding sources", MAX_CODES);
	for (size_t i = 0; i < nsv; i++) {
		const cus__service *sv = cus__policy_service(c->p, i);
		c->svc.code[i] = sv->code;
		c->svc.area[i] = 0xFF;
		for (size_t a = 0; a < cus__policy_area_count(c->p); a++)
			if (cus__policy_area(c->p, a) == sv->area)
				c->svc.area[i] = (uint8_t)a;
	}
	c->svc.n = c->svc.npolicy = nsv;
	for (size_t i = 0; i < nf; i++) {
		const cus__funding_source *f = cus__policy_funding(c->p, i);
		c->fund.code[i] = f->code;
		c->fund.project[i] = f->kind == CUS__FUNDING_EU_PROJECT;
	}
	c->fund.n = c->fund.npolicy = nf;
	return 0;
}

static int fact_push(fact_list *l, fact **out)
{
	if (l->n == l->cap) {
		size_t ncap = l->cap ? l->cap + l->cap / 2 + 1024 : 4096;
		fact *n = realloc(l->v, ncap * sizeof *n);
		if (!n)
			return oom();
		l->v = n;
		l->cap = ncap;
	}
	*out = &l->v[l->n++];
	memset(*out, 0, sizeof **out);
	return 0;
}

static int prepare_stmt(run_ctx *c, const char *text, sqlite3_stmt **st, const char *what)
{
	int src = sqlite3_prepare_v2(c->sql, text, -1, st, NULL);
	if (src != SQLITE_OK) {
		sqlite3_finalize(*st);
		*st = NULL;
		return sqlerr(c->sql, src, what);
	}
	return 0;
}

/* Every person's sex, age band, family and family type on the last day. */
static int build_person_dims(run_ctx *c)
{
	const char *last = c->period.last;
	sqlite3_stmt *st = NULL;
	int64_t max_id = 0;
	int rc = prepare_stmt(c, "SELECT coalesce(max(id), 0) FROM persons", &st, "reading persons");
	if (!rc && sqlite3_step(st) == SQLITE_ROW)
		max_id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	if (rc)
		return rc;
	if (max_id >= INT32_MAX)
		return cus__error(CUS_ERROR, MODULE, NULL, "person ids beyond 2^31 are not supported");
	c->npd = (size_t)max_id + 1;
	if (!(c->pd = calloc(c->npd, sizeof *c->pd)))
		return oom();
	/* households: size and the youngest member born by the last day */
	cus__u64map size = CUS__U64MAP_INIT, youngest = CUS__U64MAP_INIT;
	rc = prepare_stmt(c, "SELECT hm.household_id, p.birth_date FROM household_members hm"
		" JOIN persons p ON p.id = hm.person_id WHERE p.birth_date <= ?1", &st, "reading households");
	int src = SQLITE_DONE;
	if (!rc)
		sqlite3_bind_text(st, 1, last, -1, SQLITE_STATIC);
	while (!rc && (src = sqlite3_step(st)) == SQLITE_ROW) {
		uint64_t h = (uint64_t)sqlite3_column_int64(st, 0);
		int64_t n = 0, y = 0, b = date_int(sqlite3_column_text(st, 1));
		cus__u64map_get(&size, h, &n);
		if (cus__u64map_set(&size, h, n + 1) < 0 || (cus__u64map_get(&youngest, h, &y), 0) ||
			(b > y && cus__u64map_set(&youngest, h, b) < 0))
			rc = oom();
	}
	if (!rc && src != SQLITE_DONE)
		rc = sqlerr(c->sql, src, "reading households");
	sqlite3_finalize(st);
	st = NULL;
	if (!rc)
		rc = prepare_stmt(c, "SELECT p.id, p.birth_date, p.sex, hm.household_id FROM persons p"
			" LEFT JOIN household_members hm ON hm.person_id = p.id", &st, "reading persons");
	while (!rc && (src = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		if (id <= 0 || (size_t)id >= c->npd)
			continue;
		const char *birth = (const char *)sqlite3_column_text(st, 1);
		int age = birth && strcmp(birth, last) <= 0 ? cus_age_on(birth, last) : 0;
		person_dims *d = &c->pd[id];
		const char *sex = (const char *)sqlite3_column_text(st, 2);
		d->sex = sex && sex[0] == 'M';
		d->band = (uint8_t)band_of(age < 0 ? 0 : age);
		d->family = (int32_t)-id;
		d->ftype = 0;
		d->known = 1;
		if (sqlite3_column_type(st, 3) != SQLITE_NULL) {
			uint64_t h = (uint64_t)sqlite3_column_int64(st, 3);
			int64_t n = 0, y = 0;
			cus__u64map_get(&size, h, &n);
			cus__u64map_get(&youngest, h, &y);
			d->family = (int32_t)h;
			if (n > 1) {
				char yd[24];
				snprintf(yd, sizeof yd, "%04d-%02d-%02d", (int)(y / 10000), (int)(y / 100 % 100), (int)(y % 100));
				d->ftype = y && cus_age_on(yd, last) < 18 ? 1 : 2;
			}
		}
	}
	if (!rc && src != SQLITE_DONE)
		rc = sqlerr(c->sql, src, "reading persons");
	sqlite3_finalize(st);
	st = NULL;
	/* persons restricted under art. 18 are not processed, statistics included */
	if (!rc)
		rc = prepare_stmt(c, "SELECT person_id FROM restrictions WHERE lifted IS NULL", &st, "reading restrictions");
	while (!rc && (src = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		if (id > 0 && (size_t)id < c->npd)
			c->pd[id].known = 0;
	}
	if (!rc && src != SQLITE_DONE)
		rc = sqlerr(c->sql, src, "reading restrictions");
	sqlite3_finalize(st);
	cus__u64map_free(&size);
	cus__u64map_free(&youngest);
	return rc;
}

static int person_ok(const run_ctx *c, int64_t id)
{
	return id > 0 && (size_t)id < c->npd && c->pd[id].known;
}

static int load_facts(run_ctx *c, cus__measure_source src)
{
	fact_list *l = &c->facts[src];
	if (l->loaded)
		return 0;
	const char *first = c->window_first, *last = c->period.last;
	static const char *const text[] = {
		/* the rows of the window by a scan of the table between the first
		 * and last row id in the window (?3, ?4): its pages are read (and
		 * decrypted) once each, in order, with no temporary index, however
		 * large the window; rows are mostly recorded in date order */
		[CUS__SRC_DELIVERIES] = "SELECT person_id, date, service, funding, units, cost FROM deliveries"
			" WHERE id BETWEEN ?3 AND ?4 AND date BETWEEN ?1 AND ?2",
		[CUS__SRC_APPLICATIONS] = "SELECT person_id, date, service, decision_date, withdrawn_date, status"
			" FROM applications WHERE date BETWEEN ?1 AND ?2 OR decision_date BETWEEN ?1 AND ?2"
			" OR withdrawn_date BETWEEN ?1 AND ?2",
		[CUS__SRC_PLANS] = "SELECT p.person_id, p.start, ps.service, coalesce(p.closed, p.end), p.id"
			" FROM plans p JOIN plan_services ps ON ps.plan_id = p.id"
			" WHERE p.start <= ?2 AND coalesce(p.closed, p.end) >= ?1",
		[CUS__SRC_REVIEWS] = "SELECT p.person_id, p.start, p.end, p.closed, p.id FROM plans p"
			" WHERE p.start <= ?2 AND p.end >= ?1",
	};
	sqlite3_stmt *st = NULL, *done = NULL;
	int rc = prepare_stmt(c, text[src], &st, "reading the records");
	if (!rc && src == CUS__SRC_REVIEWS)
		rc = prepare_stmt(c, "SELECT kind, number, done FROM plan_reviews WHERE plan_id = ?1", &done,
			"reading reviews");
	if (rc) {
		sqlite3_finalize(st);
		return rc;
	}
	sqlite3_bind_text(st, 1, first, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, last, -1, SQLITE_STATIC);
	if (src == CUS__SRC_DELIVERIES) {
		/* millions of rows: allocate them exactly (an index-only count)
		 * rather than doubling, which would hold up to twice as much */
		sqlite3_stmt *cnt = NULL;
		rc = prepare_stmt(c, "SELECT count(*), min(id), max(id) FROM deliveries WHERE date BETWEEN ?1 AND ?2",
			&cnt, "counting deliveries");
		if (!rc) {
			sqlite3_bind_text(cnt, 1, first, -1, SQLITE_STATIC);
			sqlite3_bind_text(cnt, 2, last, -1, SQLITE_STATIC);
			size_t n = 0;
			if (sqlite3_step(cnt) == SQLITE_ROW) {
				n = (size_t)sqlite3_column_int64(cnt, 0);
				sqlite3_bind_int64(st, 3, sqlite3_column_int64(cnt, 1));
				sqlite3_bind_int64(st, 4, sqlite3_column_int64(cnt, 2));
			}
			if (n && !(l->v = malloc(n * sizeof *l->v)))
				rc = oom();
			else
				l->cap = n;
		}
		sqlite3_finalize(cnt);
		if (rc) {
			sqlite3_finalize(st);
			return rc;
		}
	}
	int32_t wfirst = date_of(first), wlast = date_of(last);
	int s;
	while (!rc && (s = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t person = sqlite3_column_int64(st, 0);
		if (!person_ok(c, person))
			continue;
		fact *f = NULL;
		if (src == CUS__SRC_REVIEWS) {
			cus__plan_slot *slots = NULL;
			size_t n = 0;
			const char *closed = (const char *)sqlite3_column_text(st, 3);
			int32_t closed_at = closed ? date_of(closed) : 0;
			int64_t plan = sqlite3_column_int64(st, 4);
			rc = cus__plan_calendar((const char *)sqlite3_column_text(st, 1),
				(const char *)sqlite3_column_text(st, 2), &slots, &n);
			/* what was done: (kind, number) -> date */
			int32_t done_at[2][64] = { { 0 } };
			sqlite3_bind_int64(done, 1, plan);
			while (!rc && sqlite3_step(done) == SQLITE_ROW) {
				const char *kind = (const char *)sqlite3_column_text(done, 0);
				int number = sqlite3_column_int(done, 1);
				if (number >= 1 && number < 64)
					done_at[kind && strcmp(kind, "summary") == 0][number] = date_int(sqlite3_column_text(done, 2));
			}
			sqlite3_reset(done);
			for (size_t i = 0; !rc && i < n; i++) {
				int32_t due = date_of(slots[i].due);
				if (due < wfirst || due > wlast || (closed_at && due > closed_at))
					continue;   /* outside the window, or no longer due once closed */
				if (!(rc = fact_push(l, &f))) {
					f->person = (int32_t)person;
					f->y = (int32_t)plan;
					f->date = due;
					f->x = slots[i].number < 64 ? done_at[slots[i].kind != 0][slots[i].number] : 0;
				}
			}
			free(slots);
			continue;
		}
		if ((rc = fact_push(l, &f)))
			break;
		f->person = (int32_t)person;
		f->date = date_int(sqlite3_column_text(st, 1));
		rc = code_index(&c->svc, (const char *)sqlite3_column_text(st, 2), &f->service);
		switch (src) {
		case CUS__SRC_DELIVERIES: {
			if (!rc)
				rc = code_index(&c->fund, (const char *)sqlite3_column_text(st, 3), &f->funding);
			int64_t units = sqlite3_column_int64(st, 4), cost = sqlite3_column_int64(st, 5);
			if (units > INT32_MAX || cost > INT32_MAX || units < 0 || cost < 0)
				rc = cus__error(CUS_ERROR, MODULE, NULL, "a delivery's units or cost exceed what one delivery "
					"can hold");
			f->x = (int32_t)units;
			f->y = (int32_t)cost;
			break;
		}
		case CUS__SRC_APPLICATIONS: {
			f->x = date_int(sqlite3_column_text(st, 3));
			f->y = date_int(sqlite3_column_text(st, 4));
			const char *status = (const char *)sqlite3_column_text(st, 5);
			f->flag = !status ? F_SUBMITTED : strcmp(status, "qualified") == 0 ? F_QUALIFIED :
				strcmp(status, "refused") == 0 ? F_REFUSED : strcmp(status, "withdrawn") == 0 ? F_WITHDRAWN :
				F_SUBMITTED;
			break;
		}
		case CUS__SRC_PLANS:
			f->x = date_int(sqlite3_column_text(st, 3));
			f->y = (int32_t)sqlite3_column_int64(st, 4);
			break;
		default:
			break;
		}
	}
	if (!rc && s != SQLITE_DONE)
		rc = sqlerr(c->sql, s, "reading the records");
	sqlite3_finalize(st);
	sqlite3_finalize(done);
	if (!rc)
		l->loaded = 1;
	return rc;
}

/* How a measure is counted. */
typedef enum { AGG_COUNT, AGG_UNITS, AGG_COST, AGG_PERSONS, AGG_FAMILIES, AGG_SERVICES, AGG_OBJECTS } agg_kind;
typedef enum { W_NONE, W_QUALIFIED, W_DECIDED, W_REFUSED, W_ON_TIME } where_kind;

typedef struct {
	const char *code;
	int date;                   /* the date column its window and period dimensions use; -1: plans */
	where_kind where;
	agg_kind agg;
} measure_rule;

static const measure_rule rules[] = {
	{ "persons", 0, W_NONE, AGG_PERSONS },
	{ "families", 0, W_NONE, AGG_FAMILIES },
	{ "deliveries", 0, W_NONE, AGG_COUNT },
	{ "units", 0, W_NONE, AGG_UNITS },
	{ "cost", 0, W_NONE, AGG_COST },
	{ "services", 0, W_NONE, AGG_SERVICES },
	{ "applications", 0, W_NONE, AGG_COUNT },
	{ "applicants", 0, W_NONE, AGG_PERSONS },
	{ "qualified", 1, W_QUALIFIED, AGG_COUNT },
	{ "refused", 1, W_REFUSED, AGG_COUNT },
	{ "decided", 1, W_DECIDED, AGG_COUNT },
	{ "withdrawn", 2, W_NONE, AGG_COUNT },
	{ "plans_active", -1, W_NONE, AGG_OBJECTS },
	{ "reviews_due", 0, W_NONE, AGG_COUNT },
	{ "reviews_on_time", 0, W_ON_TIME, AGG_COUNT },
};

static const measure_rule *rule_of(const char *code)
{
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
		if (strcmp(rules[i].code, code) == 0)
			return &rules[i];
	return NULL;
}

/* The value of a dimension for a fact (date: the measure's date). */
static unsigned dim_value(const run_ctx *c, int dim, const fact *f, int32_t date)
{
	int y = date / 10000, m = date / 100 % 100;
	const person_dims *pd = &c->pd[f->person];
	if (dim <= CUS__DIM_YEAR && (y < 1900 || y > 4000))
		return NONE_VALUE;
	switch (dim) {
	case CUS__DIM_MONTH: return (unsigned)((y - 1900) * 12 + m - 1);
	case CUS__DIM_QUARTER: return (unsigned)((y - 1900) * 4 + (m - 1) / 3);
	case CUS__DIM_HALF_YEAR: return (unsigned)((y - 1900) * 2 + (m - 1) / 6);
	case CUS__DIM_YEAR: return (unsigned)y;
	case CUS__DIM_SERVICE: return f->service;
	case CUS__DIM_AREA: return c->svc.area[f->service] == 0xFF ? NONE_VALUE : c->svc.area[f->service];
	case CUS__DIM_FUNDING: return f->funding;
	case CUS__DIM_PROJECT: return c->fund.project[f->funding] ? f->funding : NONE_VALUE;
	case CUS__DIM_SEX: return pd->sex;
	case CUS__DIM_AGE_BAND: return pd->band;
	case CUS__DIM_FAMILY_TYPE: return pd->ftype;
	}
	return NONE_VALUE;
}

/* The text of a dimension's value. */
static void dim_text(const run_ctx *c, int dim, unsigned v, char *buf, size_t size)
{
	if (v == NONE_VALUE) {
		snprintf(buf, size, "none");
		return;
	}
	switch (dim) {
	case CUS__DIM_MONTH: snprintf(buf, size, "%04u-%02u", 1900 + v / 12, v % 12 + 1); break;
	case CUS__DIM_QUARTER: snprintf(buf, size, "%04uQ%u", 1900 + v / 4, v % 4 + 1); break;
	case CUS__DIM_HALF_YEAR: snprintf(buf, size, "%04uH%u", 1900 + v / 2, v % 2 + 1); break;
	case CUS__DIM_YEAR: snprintf(buf, size, "%04u", v); break;
	case CUS__DIM_SERVICE: snprintf(buf, size, "%s", c->svc.code[v]); break;
	case CUS__DIM_AREA: snprintf(buf, size, "%s", cus__policy_area(c->p, v)->code); break;
	case CUS__DIM_FUNDING:
	case CUS__DIM_PROJECT: snprintf(buf, size, "%s", c->fund.code[v]); break;
	case CUS__DIM_SEX: snprintf(buf, size, "%s", v ? "M" : "F"); break;
	case CUS__DIM_AGE_BAND: snprintf(buf, size, "%s", band_names[v]); break;
	case CUS__DIM_FAMILY_TYPE: snprintf(buf, size, "%s", ftype_names[v]); break;
	default: snprintf(buf, size, "none"); break;
	}
}

/* The cells of one indicator being computed. */
typedef struct {
	const cus_indicator *ind;
	int dims[CUS_INDICATOR_MAX_DIMS];
	size_t ndims;
	const char **dim_codes;     /* kept in the iterator */
	int32_t first, last;        /* its window */
	unsigned char svc_ok[MAX_CODES + 1], fund_ok[MAX_CODES + 1];
	int svc_filtered, fund_filtered;
	int64_t target;             /* the target's number, for the "target" denominator */
	/* the cells: key -> index; numerators and denominators */
	cus__u64map cells;
	uint64_t *keys;
	int64_t *num, *den;
	size_t n, cap;
} ind_run;

static int cell_of(ind_run *r, uint64_t key, size_t *out)
{
	int64_t idx;
	if (cus__u64map_get(&r->cells, key, &idx)) {
		*out = (size_t)idx;
		return 0;
	}
	if (r->n == r->cap) {
		size_t ncap = r->cap ? 2 * r->cap : 64;
		uint64_t *k = realloc(r->keys, ncap * sizeof *k);
		if (k)
			r->keys = k;
		int64_t *n = k ? realloc(r->num, ncap * sizeof *n) : NULL;
		if (n)
			r->num = n;
		int64_t *d = n ? realloc(r->den, ncap * sizeof *d) : NULL;
		if (!d)
			return oom();
		r->den = d;
		r->cap = ncap;
	}
	if (cus__u64map_set(&r->cells, key, (int64_t)r->n) < 0)
		return oom();
	r->keys[r->n] = key;
	r->num[r->n] = r->den[r->n] = 0;
	*out = r->n++;
	return 0;
}

/* A set of 64-bit keys (open addressing, keys only, at most 2/3 full): the
 * (cell, id) pairs a distinct count has seen. 8 bytes a slot, so a year of
 * distinct persons by month stays small. */
typedef struct {
	uint64_t *slot;   /* key + 1; 0 = empty */
	size_t cap, n;
} pair_set;

static size_t pair_slot(uint64_t k, size_t cap)
{
	return (size_t)((k * 0x9E3779B97F4A7C15ull) >> 20) & (cap - 1);
}

/* 1 when key was there, 0 when added, CUS_ENOMEM. key != UINT64_MAX. */
static int pair_add(pair_set *s, uint64_t key)
{
	uint64_t k = key + 1;
	if (3 * (s->n + 1) > 2 * s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 4096;
		uint64_t *n = calloc(cap, sizeof *n);
		if (!n)
			return oom();
		for (size_t i = 0; i < s->cap; i++) {
			if (!s->slot[i])
				continue;
			size_t j = pair_slot(s->slot[i], cap);
			while (n[j])
				j = (j + 1) & (cap - 1);
			n[j] = s->slot[i];
		}
		free(s->slot);
		s->slot = n;
		s->cap = cap;
	}
	size_t j = pair_slot(k, s->cap);
	while (s->slot[j]) {
		if (s->slot[j] == k)
			return 1;
		j = (j + 1) & (s->cap - 1);
	}
	s->slot[j] = k;
	s->n++;
	return 0;
}

/* One pass: a measure over its facts, grouped by the dimensions of mask,
 * into the numerators (den == 0) or denominators of the cells. */
static int run_pass(run_ctx *c, ind_run *r, const char *measure, unsigned mask, int den)
{
	const cus__measure *meta = cus__measure_find(measure);
	const measure_rule *mr = rule_of(measure);
	int rc = load_facts(c, meta->source);
	if (rc)
		return rc;
	const fact_list *l = &c->facts[meta->source];
	int distinct = mr->agg >= AGG_PERSONS;
	pair_set seen = { NULL, 0, 0 };
	for (size_t i = 0; !rc && i < l->n; i++) {
		const fact *f = &l->v[i];
		int32_t date = 0;
		if (mr->date >= 0) {
			date = mr->date == 0 ? f->date : mr->date == 1 ? f->x : f->y;
			if (date < r->first || date > r->last)
				continue;
		} else if (f->date > r->last || f->x < r->first) {
			continue;   /* a plan not in force in the window */
		}
		switch (mr->where) {
		/* an application qualified and later withdrawn keeps its decision */
		case W_QUALIFIED: if (f->flag != F_QUALIFIED && !(f->flag == F_WITHDRAWN && f->x)) continue; break;
		case W_REFUSED: if (f->flag != F_REFUSED) continue; break;
		case W_DECIDED: if (f->flag == F_SUBMITTED || (f->flag == F_WITHDRAWN && !f->x)) continue; break;
		case W_ON_TIME: if (!f->x || f->x > f->date) continue; break;
		default: break;
		}
		if (meta->source != CUS__SRC_REVIEWS && r->svc_filtered && !r->svc_ok[f->service])
			continue;
		if (meta->source == CUS__SRC_DELIVERIES && r->fund_filtered && !r->fund_ok[f->funding])
			continue;
		uint64_t key = 0;
		for (size_t d = 0; d < r->ndims; d++) {
			unsigned v = (mask >> d) & 1 ? dim_value(c, r->dims[d], f, date) : ALL_VALUE;
			key |= (uint64_t)(v & ALL_VALUE) << (DIM_BITS * d);
		}
		size_t ci;
		if ((rc = cell_of(r, key, &ci)))
			break;
		int64_t add = 1;
		if (distinct) {
			int64_t id = mr->agg == AGG_PERSONS ? f->person : mr->agg == AGG_FAMILIES ? c->pd[f->person].family :
				mr->agg == AGG_SERVICES ? f->service : f->y;
			uint64_t pair = ((uint64_t)ci << 32) ^ (uint32_t)id;
			int put = pair_add(&seen, pair);
			if (put < 0) {
				rc = oom();
				break;
			}
			if (put == 1)
				continue;   /* counted already in this cell */
		} else if (mr->agg == AGG_UNITS) {
			add = f->x;
		} else if (mr->agg == AGG_COST) {
			add = f->y;
		}
		if (den)
			r->den[ci] += add;
		else
			r->num[ci] += add;
	}
	free(seen.slot);
	return rc;
}

static void fill_filter(run_ctx *c, ind_run *r, const cus_indicator *ind)
{
	const cus__target *t = ind->target ? cus__policy_target_find(c->p, ind->target) : NULL;
	int by_target = t && t->nservices;
	r->svc_filtered = ind->nservices || ind->nareas || by_target;
	for (size_t i = 0; r->svc_filtered && i < c->svc.npolicy; i++) {
		const cus__service *sv = cus__policy_service(c->p, i);
		int ok = 1;
		if (ind->nservices) {
			ok = 0;
			for (size_t j = 0; j < ind->nservices; j++)
				ok |= strcmp(ind->services[j], sv->code) == 0;
		}
		if (ok && ind->nareas) {
			ok = 0;
			for (size_t j = 0; j < ind->nareas; j++)
				ok |= strcmp(ind->areas[j], sv->area->code) == 0;
		}
		if (ok && by_target) {
			ok = 0;
			for (size_t j = 0; j < t->nservices; j++)
				ok |= t->services[j] == sv;
		}
		r->svc_ok[i] = (unsigned char)ok;
	}
	r->fund_filtered = ind->nfunding > 0;
	for (size_t i = 0; r->fund_filtered && i < c->fund.npolicy; i++)
		for (size_t j = 0; j < ind->nfunding; j++)
			if (strcmp(ind->funding[j], c->fund.code[i]) == 0)
				r->fund_ok[i] = 1;
}

static void ind_run_free(ind_run *r)
{
	cus__u64map_free(&r->cells);
	free(r->keys);
	free(r->num);
	free(r->den);
}

/* Keep a malloc'd block in the iterator (freed with it). */
static int keep_block(cus_indicator_iter *it, void *block)
{
	if (it->nstr == it->capstr) {
		size_t ncap = it->capstr ? 2 * it->capstr : 64;
		char **n = realloc(it->strings, ncap * sizeof *n);
		if (!n) {
			free(block);
			return oom();
		}
		it->strings = n;
		it->capstr = ncap;
	}
	it->strings[it->nstr++] = block;
	return 0;
}

static int cell_cmp(const void *a, const void *b)
{
	const cell *x = a, *y = b;
	for (size_t d = 0; d < CUS_INDICATOR_MAX_DIMS; d++)
		if (x->rank[d] != y->rank[d])
			return x->rank[d] < y->rank[d] ? -1 : 1;
	return 0;
}

static int run_indicator(run_ctx *c, const cus_indicator *ind, const cus_indicator_query *q)
{
	ind_run r;
	memset(&r, 0, sizeof r);
	r.ind = ind;
	const char *const *by = q->nby ? q->by : ind->by;
	r.ndims = q->nby ? q->nby : ind->nby;
	const char **codes = calloc(r.ndims ? r.ndims : 1, sizeof *codes);
	if (!codes)
		return oom();
	int rc = keep_block(c->it, codes);
	if (rc)
		return rc;
	for (size_t d = 0; d < r.ndims; d++) {
		r.dims[d] = cus__dim_find(by[d]);
		codes[d] = cus__dim_name(r.dims[d]);
	}
	r.dim_codes = codes;
	char first[11];
	snprintf(first, sizeof first, "%s", c->period.first);
	if (ind->cumulative && cus__policy_programme_from(c->p) &&
		strcmp(cus__policy_programme_from(c->p), c->period.first) < 0)
		snprintf(first, sizeof first, "%s", cus__policy_programme_from(c->p));
	r.first = date_of(first);
	r.last = c->last;
	const cus__target *t = ind->target ? cus__policy_target_find(c->p, ind->target) : NULL;
	r.target = t ? t->number : 0;
	fill_filter(c, &r, ind);
	unsigned full = (1u << r.ndims) - 1;
	for (unsigned mask = full;; mask--) {
		if (mask == full || q->totals) {
			if (!rc)
				rc = run_pass(c, &r, ind->measure, mask, 0);
			if (!rc && ind->denominator && strcmp(ind->denominator, "target") != 0)
				rc = run_pass(c, &r, ind->denominator, mask, 1);
			/* the grand total is listed even without records */
			size_t ci;
			if (!rc && mask == 0) {
				uint64_t key = 0;
				for (size_t d = 0; d < r.ndims; d++)
					key |= (uint64_t)ALL_VALUE << (DIM_BITS * d);
				rc = cell_of(&r, key, &ci);
			}
		}
		if (mask == 0)
			break;
	}
	/* the cells */
	const char *code = keep(c->it, ind->code), *name = keep(c->it, ind->name);
	const char *crit = keep(c->it, ind->criterion), *wfirst = keep(c->it, first);
	const char *period = keep(c->it, c->period.name), *last = keep(c->it, c->period.last);
	if (!rc && (!code || !name || !wfirst || !period || !last || (ind->criterion && !crit)))
		rc = oom();
	const cus__measure *m = cus__measure_find(ind->measure);
	size_t start = c->it->n;
	for (size_t i = 0; !rc && i < r.n; i++) {
		cus_indicator_iter *it = c->it;
		if (it->n == it->cap) {
			size_t ncap = it->cap ? 2 * it->cap : 64;
			cell *n = realloc(it->cells, ncap * sizeof *n);
			if (!n) {
				rc = oom();
				break;
			}
			it->cells = n;
			it->cap = ncap;
		}
		cell *x = &it->cells[it->n];
		memset(x, 0, sizeof *x);
		const char **values = calloc(r.ndims ? r.ndims : 1, sizeof *values);
		if (!values || (rc = keep_block(it, values))) {
			rc = rc ? rc : oom();
			break;
		}
		for (size_t d = 0; d < r.ndims; d++) {
			unsigned v = (unsigned)(r.keys[i] >> (DIM_BITS * d)) & ALL_VALUE;
			x->rank[d] = v;
			if (v == ALL_VALUE)
				continue;
			char text[80];
			dim_text(c, r.dims[d], v, text, sizeof text);
			if (!(values[d] = keep(it, text)))
				rc = oom();
		}
		cus_indicator_value *val = &x->v;
		val->indicator = code;
		val->name = name;
		val->criterion = crit;
		val->period = period;
		val->first = wfirst;
		val->last = last;
		val->ndims = r.ndims;
		val->dims = codes;
		val->values = values;
		val->numerator = r.num[i];
		val->factor = ind->factor ? ind->factor : 1;
		val->unit = m->unit;
		if (ind->denominator) {
			val->has_denominator = 1;
			val->denominator = strcmp(ind->denominator, "target") == 0 ? r.target : r.den[i];
			val->has_value = val->denominator != 0;
			val->value = val->has_value ? (double)val->numerator * (double)val->factor / (double)val->denominator : 0;
		} else {
			val->has_value = 1;
			val->value = (double)val->numerator * (double)val->factor;
		}
		it->n++;
	}
	if (!rc)
		qsort(c->it->cells + start, c->it->n - start, sizeof *c->it->cells, cell_cmp);
	ind_run_free(&r);
	return rc;
}

/* Check a breakdown against a measure (and its denominator). */
static int check_by(const char *const *by, size_t nby, const char *measure, const char *den)
{
	if (nby > CUS_INDICATOR_MAX_DIMS)
		return cus__error(CUS_EINVAL, MODULE, "by", "by: at most %d dimensions, not %zu", CUS_INDICATOR_MAX_DIMS,
			nby);
	const cus__measure *m = cus__measure_find(measure);
	const cus__measure *dm = den ? cus__measure_find(den) : NULL;
	for (size_t i = 0; i < nby; i++) {
		int d = by ? cus__dim_find(by[i]) : -1;
		if (d < 0)
			return cus__error(CUS_EINVAL, MODULE, "by", "by: unknown dimension '%.64s' (known: month, quarter,"
				" half_year, year, service, area, funding, project, sex, age_band, family_type)",
				by && by[i] ? by[i] : "(null)");
		for (size_t j = 0; j < i; j++)
			if (strcmp(by[i], by[j]) == 0)
				return cus__error(CUS_EINVAL, MODULE, "by", "by: the dimension '%s' is given twice", by[i]);
		if (!cus__dim_allowed(m->source, d) || (dm && !cus__dim_allowed(dm->source, d)))
			return cus__error(CUS_EINVAL, MODULE, "by", "by: the measure '%s' cannot be broken down by '%s'",
				measure, by[i]);
	}
	return 0;
}

/* What a query asks for, checked: the indicators to run and the window. */
typedef struct {
	cus_indicator adhoc;
	const cus_indicator *list;
	size_t nlist;
} plan_of_run;

static int prepare(run_ctx *c, plan_of_run *w, const cus_indicator_query *q)
{
	if (!q || q->version != CUS_INDICATOR_QUERY_VERSION)
		return cus__error(CUS_EINVAL, MODULE, "query", "unsupported or missing cus_indicator_query");
	if (!q->period || cus_period_parse(q->period, &c->period) != 0)
		return cus__error(CUS_EINVAL, MODULE, "period", "period: must be YYYY, YYYYH1, YYYYQ1 or YYYY-MM");
	const cus__indicators_data *defs = cus__policy_indicators(c->p);
	memset(w, 0, sizeof *w);
	if (q->indicator) {
		for (size_t i = 0; defs && i < defs->n; i++)
			if (strcmp(defs->items[i].code, q->indicator) == 0) {
				w->list = &defs->items[i];
				w->nlist = 1;
			}
		if (!w->list)
			return cus__error(CUS_ENOTFOUND, MODULE, "indicator", "indicator: the policy defines no indicator "
				"'%.64s'", q->indicator);
	} else if (q->measure) {
		if (!cus__measure_find(q->measure))
			return cus__error(CUS_EINVAL, MODULE, "measure", "measure: unknown measure '%.64s'", q->measure);
		if (q->denominator) {
			const cus__measure *dm = cus__measure_find(q->denominator);
			if (!dm)
				return cus__error(CUS_EINVAL, MODULE, "denominator", "denominator: unknown measure '%.64s'",
					q->denominator);
			if (dm->source != cus__measure_find(q->measure)->source)
				return cus__error(CUS_EINVAL, MODULE, "denominator", "denominator: '%s' counts other records "
					"than '%s'", q->denominator, q->measure);
		}
		if (q->factor < 0 || q->factor > 1000000)
			return cus__error(CUS_EINVAL, MODULE, "factor", "factor: must be 0 (1) to 1000000");
		w->adhoc.code = "(ad hoc)";
		w->adhoc.name = q->measure;
		w->adhoc.measure = q->measure;
		w->adhoc.denominator = q->denominator;
		w->adhoc.factor = q->factor ? q->factor : 1;
		w->list = &w->adhoc;
		w->nlist = 1;
	} else {
		w->list = defs ? defs->items : NULL;
		w->nlist = defs ? defs->n : 0;
	}
	for (size_t i = 0; i < w->nlist; i++) {
		const cus_indicator *d = &w->list[i];
		const char *den = d->denominator && strcmp(d->denominator, "target") ? d->denominator : NULL;
		int rc = check_by(q->nby ? q->by : d->by, q->nby ? q->nby : d->nby, d->measure, den);
		if (rc)
			return rc;
	}
	snprintf(c->window_first, sizeof c->window_first, "%s", c->period.first);
	for (size_t i = 0; i < w->nlist; i++)
		if (w->list[i].cumulative && cus__policy_programme_from(c->p) &&
			strcmp(cus__policy_programme_from(c->p), c->window_first) < 0)
			snprintf(c->window_first, sizeof c->window_first, "%s", cus__policy_programme_from(c->p));
	return 0;
}

static void run_ctx_free(run_ctx *c)
{
	for (int i = 0; i < 4; i++)
		free(c->facts[i].v);
	free(c->pd);
	code_table_free(&c->svc);
	code_table_free(&c->fund);
}

static int execute(run_ctx *c, const plan_of_run *w, const cus_indicator_query *q)
{
	c->last = date_of(c->period.last);
	int rc = build_code_tables(c);
	if (!rc)
		rc = build_person_dims(c);
	for (size_t i = 0; !rc && i < w->nlist; i++)
		rc = run_indicator(c, &w->list[i], q);
	run_ctx_free(c);
	return rc;
}

/* Several queries of one period in one pass over the records: the persons'
 * dimensions and the facts are read once (from the earliest window any of
 * them needs) and every query gets its own iterator, as cus__indicators_run
 * would give it. */
int cus__indicators_run_many(cus_indicator_iter **out, sqlite3 *sql, const cus__policy *p,
	const cus_indicator_query *const *q, size_t n)
{
	for (size_t i = 0; i < n; i++)
		out[i] = NULL;
	if (!n)
		return 0;
	run_ctx c = { 0 };
	c.sql = sql;
	c.p = p;
	plan_of_run *w = calloc(n, sizeof *w);
	if (!w)
		return oom();
	char period[8] = "", first[11] = "";
	int rc = 0;
	for (size_t i = 0; !rc && i < n; i++) {
		if ((rc = prepare(&c, &w[i], q[i])))
			break;
		if (i && strcmp(period, c.period.name) != 0)
			rc = cus__error(CUS_EINVAL, MODULE, "period", "period: the queries of one run must share a period");
		snprintf(period, sizeof period, "%s", c.period.name);
		if (!i || strcmp(c.window_first, first) < 0)
			snprintf(first, sizeof first, "%s", c.window_first);
	}
	if (!rc) {
		snprintf(c.window_first, sizeof c.window_first, "%s", first);
		c.last = date_of(c.period.last);
		rc = build_code_tables(&c);
		if (!rc)
			rc = build_person_dims(&c);
	}
	for (size_t i = 0; !rc && i < n; i++) {
		if (!(c.it = calloc(1, sizeof *c.it))) {
			rc = oom();
			break;
		}
		out[i] = c.it;
		for (size_t j = 0; !rc && j < w[i].nlist; j++)
			rc = run_indicator(&c, &w[i].list[j], q[i]);
	}
	run_ctx_free(&c);
	free(w);
	if (rc)
		for (size_t i = 0; i < n; i++) {
			cus_indicator_iter_free(out[i]);
			out[i] = NULL;
		}
	return rc;
}

int cus__indicators_run(cus_indicator_iter **out, sqlite3 *sql, const cus__policy *p, const cus_indicator_query *q)
{
	return cus__indicators_run_many(out, sql, p, &q, 1);
}

int cus_indicators_compute(cus_indicator_iter **out, cus_session *s, const cus_indicator_query *q)
{
	if (!out || !s)
		return cus__error(CUS_EINVAL, MODULE, NULL, "out or session is NULL");
	*out = NULL;
	run_ctx c = { 0 };
	c.s = s;
	c.sql = cus__db_sql(s->db);
	int rc = cus__policy_get(s->db, s->policy_version, &c.p);
	if (rc)
		return rc;
	plan_of_run w;
	if ((rc = prepare(&c, &w, q)))
		return rc;
	if (!(c.it = calloc(1, sizeof *c.it)))
		return oom();
	char detail[200];
	snprintf(detail, sizeof detail, "period %s, %s%s", c.period.name, q->indicator ? "indicator " :
		q->measure ? "measure " : "every indicator", q->indicator ? q->indicator : q->measure ? q->measure : "");
	rc = cus__access_begin(s, "indicators.compute", "indicators", NULL, "reports", CUS_OP_READ, detail);
	if (rc) {
		cus_indicator_iter_free(c.it);
		return rc;
	}
	rc = cus__access_end(s, execute(&c, &w, q));
	if (rc) {
		cus_indicator_iter_free(c.it);
		return rc;
	}
	*out = c.it;
	return 0;
}
