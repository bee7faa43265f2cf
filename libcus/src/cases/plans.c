/* Individual service plans (IPUS): the plan, its services, its calendar of
 * reviews and summaries (cus/cases.h, above CUS_PLAN_INPUT_VERSION). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cases.h"
#include "../registry/internal.h"

static int oom(void)
{
	return cus__error(CUS_ENOMEM, "cases", NULL, "out of memory");
}

static int sqlerr(cus_db *db, int rc, const char *what)
{
	return cus__sql_error(cus__db_sql(db), rc, what);
}

static int date_arg(cus_date *d, const char *in, const char *field)
{
	if (!in || !*in)
		return cus__error(CUS_EINVAL, "cases", field, "%s: is required", field);
	const char *why = NULL;
	if (cus__date_parse(in, strlen(in), d, &why) != 0)
		return cus__error(CUS_EINVAL, "cases", field, "%s: must be a real date YYYY-MM-DD", field);
	return 0;
}

static void date_plus_days(char out[11], cus_date d, int64_t days)
{
	cus_date r;
	if (cus__date_from_days(cus__date_to_days(d) + days, &r) != 0)
		r = d;
	cus__date_format(out, r);
}

static int days_between(const char *from, const char *to)
{
	int d = 0;
	if (cus_date_diff_days(from, to, &d) != 0)
		return 0;
	return d;
}

/* The text of a sealed free-text argument: normalised, NULL when absent or empty. */
static int text_opt(char **out, const char *in, size_t max, const char *field)
{
	*out = NULL;
	if (!in)
		return 0;
	int rc = cus_text_normalize(out, in, max, field);
	if (rc)
		return cus__error(rc, "cases", field, "%s", cus_error_last()->message);
	if (!**out) {
		cus_free(*out);
		*out = NULL;
	}
	return 0;
}

static const cus__policy *session_policy(cus_session *s)
{
	const cus__policy *p = NULL;
	if (cus__session_policy(s, &p) != 0)
		return NULL;
	return p;
}

static int plan_subject(char out[32], int64_t person)
{
	cus__person_subject(out, person);
	return 0;
}

/* Re-raise the registry's "no person" with the field of this API. */
static int person_check(cus_db *db, int64_t person)
{
	int rc = cus__person_exists(db, person);
	if (rc == CUS_ENOTFOUND)
		return cus__error(CUS_ENOTFOUND, "cases", "person", "no person with id %lld", (long long)person);
	return rc;
}

/* ------------------------------------------------------------------------ */
/* The calendar                                                              */
/* ------------------------------------------------------------------------ */

enum { KIND_REVIEW = 0, KIND_SUMMARY = 1 };
static const char *const kind_names[] = { "review", "summary" };

typedef cus__plan_slot slot; /* cases.h */

static int slot_cmp(const void *a, const void *b)
{
	const slot *x = a, *y = b;
	int c = strcmp(x->due, y->due);
	if (c)
		return c;
	if (x->kind != y->kind)
		return x->kind - y->kind; /* reviews before summaries on the same day */
	return x->number - y->number;
}

/* cus__plan_calendar (cases.h): every review and summary of a plan from
 * start to end, in due order: review
 * k on start + 3k months, summary k on start + 6k months (on or before end),
 * and a final summary on end when no periodic one falls on it. Each is
 * computed from start (cus__date_add_months clamps to the month's end). */
int cus__plan_calendar(const char *start, const char *end, slot **out, size_t *n)
{
	if (out)
		*out = NULL;
	if (n)
		*n = 0;
	cus_date ds, de;
	const char *why;
	if (!start || !end || !out || !n || cus__date_parse(start, strlen(start), &ds, &why) ||
		cus__date_parse(end, strlen(end), &de, &why) || cus__date_cmp(ds, de) > 0)
		return cus__error(CUS_EINTEGRITY, "cases", NULL, "a plan has a malformed or inverted period");
	size_t cap = 8, cnt = 0;
	slot *v = malloc(cap * sizeof *v);
	if (!v)
		return oom();
	for (int kind = KIND_REVIEW; kind <= KIND_SUMMARY; kind++) {
		int step = kind == KIND_REVIEW ? 3 : 6;
		int number = 0;
		int last_on_end = 0;
		for (int k = 1;; k++) {
			cus_date d;
			if (cus__date_add_months(ds, (int64_t)step * k, &d) != 0 || cus__date_cmp(d, de) > 0)
				break;
			if (cnt == cap) {
				slot *nv = realloc(v, 2 * cap * sizeof *nv);
				if (!nv) {
					free(v);
					return oom();
				}
				v = nv;
				cap *= 2;
			}
			cus__date_format(v[cnt].due, d);
			v[cnt].kind = kind;
			v[cnt].number = ++number;
			last_on_end = cus__date_cmp(d, de) == 0;
			cnt++;
		}
		if (kind == KIND_SUMMARY && !last_on_end) {
			if (cnt == cap) {
				slot *nv = realloc(v, (cap + 1) * sizeof *nv);
				if (!nv) {
					free(v);
					return oom();
				}
				v = nv;
				cap++;
			}
			cus__date_format(v[cnt].due, de);
			v[cnt].kind = KIND_SUMMARY;
			v[cnt].number = ++number;
			cnt++;
		}
	}
	qsort(v, cnt, sizeof *v, slot_cmp);
	*out = v;
	*n = cnt;
	return 0;
}

/* ------------------------------------------------------------------------ */
/* Drawing up a plan                                                         */
/* ------------------------------------------------------------------------ */

int cus_plan_input_init(cus_plan_input *in, unsigned int version)
{
	if (!in || version != CUS_PLAN_INPUT_VERSION)
		return cus__error(CUS_EINVAL, "cases", "version", "unknown cus_plan_input version %u", version);
	cus_plan_input d = CUS_PLAN_INPUT_INIT;
	*in = d;
	return 0;
}

typedef struct {
	int64_t person;
	char start[11], end[11];
	char coordinator[CUS_LOGIN_MAX + 1];
	const char **services; /* point into the policy */
	size_t nservices;
	char *goals;           /* cus_free */
} plan_fields;

static void plan_fields_free(plan_fields *f)
{
	free(f->services);
	cus_free(f->goals);
	memset(f, 0, sizeof *f);
}

static int plan_validate(cus_session *s, const cus_plan_input *in, plan_fields *f)
{
	memset(f, 0, sizeof *f);
	if (!in)
		return cus__error(CUS_EINVAL, "cases", NULL, "no plan given");
	if (in->version != CUS_PLAN_INPUT_VERSION)
		return cus__error(CUS_EINVAL, "cases", "version", "unsupported cus_plan_input version %u",
			in->version);
	f->person = in->person;
	cus_date ds, de;
	int rc = date_arg(&ds, in->start, "start");
	if (rc)
		return rc;
	rc = date_arg(&de, in->end, "end");
	if (rc)
		return rc;
	cus__date_format(f->start, ds);
	cus__date_format(f->end, de);
	if (cus__date_cmp(de, ds) < 0)
		return cus__error(CUS_EINVAL, "cases", "end", "end: must not be before the start");
	cus_date lim;
	char longest[11];
	if (cus__date_add_months(ds, 12, &lim) != 0)
		return cus__error(CUS_EINVAL, "cases", "start", "start: out of range");
	date_plus_days(longest, lim, -1);
	if (strcmp(f->end, longest) > 0)
		return cus__error(CUS_EINVAL, "cases", "end",
			"end: a plan lasts at most one year; from %s it may end on %s at the latest", f->start, longest);

	const char *coord = in->coordinator ? in->coordinator : s->user;
	if (!cus__login_valid(coord))
		return cus__error(CUS_ENOTFOUND, "cases", "coordinator", "coordinator: no such user account");
	snprintf(f->coordinator, sizeof f->coordinator, "%s", coord);

	if (!in->services || in->nservices == 0)
		return cus__error(CUS_EINVAL, "cases", "services", "services: at least one service is required");
	const cus__policy *p = session_policy(s);
	if (!p)
		return cus_error_last()->code ? cus_error_last()->code : CUS_ERROR;
	f->services = calloc(in->nservices, sizeof *f->services);
	if (!f->services)
		return oom();
	f->nservices = in->nservices;
	for (size_t i = 0; i < in->nservices; i++) {
		const cus__service *sv = in->services[i] ? cus__policy_service_find(p, in->services[i]) : NULL;
		if (!sv) {
			plan_fields_free(f);
			return cus__error(CUS_EINVAL, "cases", "services",
				"services: item %zu is not a service of the policy", i + 1);
		}
		for (size_t j = 0; j < i; j++)
			if (f->services[j] == sv->code) {
				plan_fields_free(f);
				return cus__error(CUS_EINVAL, "cases", "services",
					"services: %s is listed twice", sv->code);
			}
		f->services[i] = sv->code;
	}
	rc = text_opt(&f->goals, in->goals, CUS_TEXT_MAX, "goals");
	if (rc)
		plan_fields_free(f);
	return rc;
}

static int user_active(cus_db *db, const char *login)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(cus__db_sql(db), "SELECT 1 FROM users WHERE login = ?1 AND state = 'active'",
		-1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return cus__error(CUS_ENOTFOUND, "cases", "coordinator", "coordinator: no active user account");
	return sqlerr(db, rc, "reading users");
}

static int plan_overlap(cus_db *db, const plan_fields *f)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(cus__db_sql(db), "SELECT id FROM plans WHERE person_id = ?1 AND start <= ?3"
		" AND coalesce(closed, \"end\") >= ?2 LIMIT 1", -1, &st, NULL);
	int64_t other = 0;
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, f->person);
		sqlite3_bind_text(st, 2, f->start, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, f->end, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			other = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return cus__error(CUS_EINVAL, "cases", "start",
			"start: the plan overlaps plan %lld of the same person (one plan in force at a time)",
			(long long)other);
	if (rc == SQLITE_DONE)
		return 0;
	return sqlerr(db, rc, "reading plans");
}

static int next_id(cus_db *db, const char *sql_text, int64_t *id)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(cus__db_sql(db), sql_text, -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		rc = 0;
	} else {
		rc = sqlerr(db, rc, "numbering a row");
	}
	sqlite3_finalize(st);
	return rc;
}

static int plan_insert(cus_session *s, const plan_fields *f, int64_t *id)
{
	cus_db *db = s->db;
	int rc = person_check(db, f->person);
	if (!rc)
		rc = user_active(db, f->coordinator);
	if (!rc)
		rc = plan_overlap(db, f);
	cus__pkey k = { 0 };
	if (!rc)
		rc = cus__pkey_load(db, f->person, &k);
	int64_t pid = 0;
	if (!rc)
		rc = next_id(db, "SELECT coalesce(max(id), 0) + 1 FROM plans", &pid);
	unsigned char *blob = NULL;
	size_t blen = 0;
	if (!rc)
		rc = cus__field_seal(&blob, &blen, db, &k, "basic", "plans", "goals", pid, 1, f->goals);
	cus__pkey_wipe(&k);
	if (rc)
		return rc;
	char now[21];
	cus__utc_now(now);
	sqlite3_stmt *st = NULL;
	int src = sqlite3_prepare_v2(cus__db_sql(db), "INSERT INTO plans (id, person_id, start, \"end\","
		" coordinator, goals, status, created_by, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'active', ?7, ?8)",
		-1, &st, NULL);
	if (src == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, pid);
		sqlite3_bind_int64(st, 2, f->person);
		sqlite3_bind_text(st, 3, f->start, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, f->end, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, f->coordinator, -1, SQLITE_STATIC);
		if (blob)
			sqlite3_bind_blob(st, 6, blob, (int)blen, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, s->user, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 8, now, -1, SQLITE_STATIC);
		src = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	free(blob);
	if (src != SQLITE_DONE)
		return sqlerr(db, src, "adding a plan");
	src = sqlite3_prepare_v2(cus__db_sql(db), "INSERT INTO plan_services (plan_id, position, service)"
		" VALUES (?1, ?2, ?3)", -1, &st, NULL);
	for (size_t i = 0; src == SQLITE_OK && i < f->nservices; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, pid);
		sqlite3_bind_int64(st, 2, (int64_t)i + 1);
		sqlite3_bind_text(st, 3, f->services[i], -1, SQLITE_STATIC);
		src = sqlite3_step(st);
		if (src == SQLITE_DONE)
			src = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (src != SQLITE_OK)
		return sqlerr(db, src, "adding a plan's services");
	*id = pid;
	return 0;
}

int cus_plan_add(cus_session *s, const cus_plan_input *in, int64_t *id)
{
	if (id)
		*id = 0;
	if (!s)
		return cus__error(CUS_EINVAL, "cases", NULL, "no session");
	plan_fields f;
	int rc = plan_validate(s, in, &f);
	if (rc)
		return rc;
	char subj[32];
	plan_subject(subj, f.person);
	rc = cus__access_begin(s, "plan.add", "plan", subj, "basic", CUS_OP_WRITE, NULL);
	if (rc) {
		plan_fields_free(&f);
		return rc;
	}
	int64_t pid = 0;
	rc = cus__access_end(s, plan_insert(s, &f, &pid));
	plan_fields_free(&f);
	if (!rc && id)
		*id = pid;
	return rc;
}

/* ------------------------------------------------------------------------ */
/* Reading plans                                                             */
/* ------------------------------------------------------------------------ */

static void plan_clear(cus_plan *p)
{
	free((char *)p->start);
	free((char *)p->end);
	free((char *)p->coordinator);
	for (size_t i = 0; i < p->nservices; i++)
		free((char *)p->services[i]);
	free((void *)p->services);
	cus__wipe_free((char *)p->goals);
	free((char *)p->status);
	free((char *)p->closed);
	free((char *)p->created);
	memset(p, 0, sizeof *p);
}

void cus_plan_free(cus_plan *p)
{
	if (!p)
		return;
	plan_clear(p);
	free(p);
}

static int dup_col(const char **out, sqlite3_stmt *st, int col)
{
	*out = NULL;
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return 0;
	char *v = strdup((const char *)sqlite3_column_text(st, col));
	*out = v;
	return v ? 0 : oom();
}

#define PLAN_COLS "id, person_id, start, \"end\", coordinator, goals, status, closed, created"

static int plan_services_read(cus_plan *p, cus_db *db, sqlite3_stmt **svc)
{
	if (!*svc) {
		int rc = sqlite3_prepare_v2(cus__db_sql(db), "SELECT service FROM plan_services WHERE plan_id = ?1"
			" ORDER BY position", -1, svc, NULL);
		if (rc != SQLITE_OK)
			return sqlerr(db, rc, "reading a plan's services");
	}
	sqlite3_reset(*svc);
	sqlite3_bind_int64(*svc, 1, p->id);
	size_t cap = 0;
	int src;
	while ((src = sqlite3_step(*svc)) == SQLITE_ROW) {
		if (p->nservices == cap) {
			size_t ncap = cap ? 2 * cap : 4;
			const char **nv = realloc((void *)p->services, ncap * sizeof *nv);
			if (!nv)
				return oom();
			p->services = nv;
			cap = ncap;
		}
		char *v = strdup((const char *)sqlite3_column_text(*svc, 0));
		if (!v)
			return oom();
		((const char **)p->services)[p->nservices++] = v;
	}
	if (src != SQLITE_DONE)
		return sqlerr(db, src, "reading a plan's services");
	return 0;
}

/* Fill p from a row of PLAN_COLS; goals are opened when k is not NULL. */
static int plan_from_row(cus_plan *p, cus_db *db, sqlite3_stmt *st, cus__pkey *k, sqlite3_stmt **svc)
{
	memset(p, 0, sizeof *p);
	p->id = sqlite3_column_int64(st, 0);
	p->person_id = sqlite3_column_int64(st, 1);
	int rc = dup_col(&p->start, st, 2);
	if (!rc)
		rc = dup_col(&p->end, st, 3);
	if (!rc)
		rc = dup_col(&p->coordinator, st, 4);
	if (!rc)
		rc = dup_col(&p->status, st, 6);
	if (!rc)
		rc = dup_col(&p->closed, st, 7);
	if (!rc)
		rc = dup_col(&p->created, st, 8);
	if (!rc && k && sqlite3_column_type(st, 5) != SQLITE_NULL) {
		rc = cus__pkey_load(db, p->person_id, k);
		char *g = NULL;
		if (!rc)
			rc = cus__field_open(&g, db, k, "basic", "plans", "goals", p->id, 1, sqlite3_column_blob(st, 5),
				(size_t)sqlite3_column_bytes(st, 5));
		p->goals = g;
	}
	if (!rc)
		rc = plan_services_read(p, db, svc);
	return rc;
}

/* The person a plan belongs to, 0 when there is no such plan. */
static int plan_person(cus_db *db, int64_t plan, int64_t *person)
{
	*person = 0;
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(cus__db_sql(db), "SELECT person_id FROM plans WHERE id = ?1", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, plan);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			*person = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return 0;
	return sqlerr(db, rc, "reading plans");
}

static int no_plan(int64_t id)
{
	return cus__error(CUS_ENOTFOUND, "cases", "plan", "no plan with id %lld", (long long)id);
}

/* Read one plan (inside an operation). */
static int plan_read(cus_plan **out, cus_db *db, int64_t id, int goals)
{
	*out = NULL;
	sqlite3_stmt *st = NULL, *svc = NULL;
	int rc = sqlite3_prepare_v2(cus__db_sql(db), "SELECT " PLAN_COLS " FROM plans WHERE id = ?1", -1, &st,
		NULL);
	if (rc != SQLITE_OK) {
		sqlite3_finalize(st);
		return sqlerr(db, rc, "reading a plan");
	}
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_finalize(st);
		return no_plan(id);
	}
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(st);
		return sqlerr(db, rc, "reading a plan");
	}
	cus_plan *p = calloc(1, sizeof *p);
	cus__pkey k = { 0 };
	rc = p ? plan_from_row(p, db, st, goals ? &k : NULL, &svc) : oom();
	cus__pkey_wipe(&k);
	sqlite3_finalize(st);
	sqlite3_finalize(svc);
	if (rc) {
		cus_plan_free(p);
		return rc;
	}
	*out = p;
	return 0;
}

int cus_plan_get(cus_plan **out, cus_session *s, int64_t id)
{
	if (!out || !s)
		return cus__error(CUS_EINVAL, "cases", NULL, "out or session is NULL");
	*out = NULL;
	int64_t person = 0;
	int rc = plan_person(s->db, id, &person);
	if (rc)
		return rc;
	char subj[32];
	plan_subject(subj, person);
	rc = cus__access_begin(s, "plan.read", "plan", person ? subj : NULL, "basic", CUS_OP_READ, NULL);
	if (rc)
		return rc;
	cus_plan *p = NULL;
	rc = cus__access_end(s, plan_read(&p, s->db, id, 1));
	if (rc) {
		cus_plan_free(p);
		return rc;
	}
	*out = p;
	return 0;
}

struct cus_plan_iter {
	cus_plan *items;
	size_t n, i;
};

void cus_plan_iter_free(cus_plan_iter *it)
{
	if (!it)
		return;
	for (size_t i = 0; i < it->n; i++)
		plan_clear(&it->items[i]);
	free(it->items);
	free(it);
}

int cus_plan_next(const cus_plan **out, cus_plan_iter *it)
{
	if (!out || !it)
		return cus__error(CUS_EINVAL, "cases", NULL, "out or iterator is NULL");
	*out = NULL;
	if (it->i >= it->n)
		return CUS_ITEROVER;
	*out = &it->items[it->i++];
	return 0;
}

static int plans_collect(cus_plan_iter *it, cus_db *db, int64_t person, int all)
{
	if (person) {
		int rc = person_check(db, person);
		if (rc)
			return rc;
	}
	sqlite3_stmt *st = NULL, *svc = NULL;
	int rc = sqlite3_prepare_v2(cus__db_sql(db), "SELECT " PLAN_COLS " FROM plans WHERE (?1 = 0 OR person_id = ?1)"
		" AND (?9 OR person_id NOT IN (SELECT person_id FROM restrictions WHERE lifted IS NULL)) ORDER BY id", -1, &st, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_finalize(st);
		return sqlerr(db, rc, "reading plans");
	}
	sqlite3_bind_int64(st, 1, person);
	sqlite3_bind_int(st, 9, all);
	size_t cap = 0;
	int src;
	rc = 0;
	while (!rc && (src = sqlite3_step(st)) == SQLITE_ROW) {
		if (it->n == cap) {
			size_t ncap = cap ? 2 * cap : 8;
			cus_plan *ni = realloc(it->items, ncap * sizeof *ni);
			if (!ni) {
				rc = oom();
				break;
			}
			it->items = ni;
			cap = ncap;
		}
		rc = plan_from_row(&it->items[it->n++], db, st, NULL, &svc);
	}
	if (!rc && src != SQLITE_DONE)
		rc = sqlerr(db, src, "reading plans");
	sqlite3_finalize(st);
	sqlite3_finalize(svc);
	return rc;
}

int cus_plan_list(cus_plan_iter **out, cus_session *s, int64_t person)
{
	if (!out || !s)
		return cus__error(CUS_EINVAL, "cases", NULL, "out or session is NULL");
	*out = NULL;
	if (person < 0)
		return cus__error(CUS_ENOTFOUND, "cases", "person", "no person with id %lld", (long long)person);
	char subj[32];
	plan_subject(subj, person);
	int rc = cus__access_begin(s, "plan.list", "plan", person ? subj : NULL, "basic", CUS_OP_READ, NULL);
	if (rc)
		return rc;
	cus_plan_iter *it = calloc(1, sizeof *it);
	rc = cus__access_end(s, it ? plans_collect(it, s->db, person, person || cus__access_sees_restricted(s)) : oom());
	if (rc) {
		cus_plan_iter_free(it);
		return rc;
	}
	*out = it;
	return 0;
}

/* ------------------------------------------------------------------------ */
/* Closing, reviews and the schedule                                         */
/* ------------------------------------------------------------------------ */

/* The fields of a plan the calendar needs. */
typedef struct {
	int64_t id, person;
	char start[11], end[11];
	char closed[11];          /* "" when active */
	char coordinator[CUS_LOGIN_MAX + 1];
} plan_head;

static int head_from_row(plan_head *h, sqlite3_stmt *st)
{
	memset(h, 0, sizeof *h);
	h->id = sqlite3_column_int64(st, 0);
	h->person = sqlite3_column_int64(st, 1);
	snprintf(h->start, sizeof h->start, "%s", (const char *)sqlite3_column_text(st, 2));
	snprintf(h->end, sizeof h->end, "%s", (const char *)sqlite3_column_text(st, 3));
	if (sqlite3_column_type(st, 4) != SQLITE_NULL)
		snprintf(h->closed, sizeof h->closed, "%s", (const char *)sqlite3_column_text(st, 4));
	snprintf(h->coordinator, sizeof h->coordinator, "%s", (const char *)sqlite3_column_text(st, 5));
	return 0;
}

#define HEAD_COLS "id, person_id, start, \"end\", closed, coordinator"

static int head_read(plan_head *h, cus_db *db, int64_t id)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(cus__db_sql(db), "SELECT " HEAD_COLS " FROM plans WHERE id = ?1", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, id);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			head_from_row(h, st);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return no_plan(id);
	return sqlerr(db, rc, "reading a plan");
}

/* A recorded review or summary. */
typedef struct {
	int kind, number;
	char done[11];
} done_row;

static int done_read(cus_db *db, sqlite3_stmt **st, int64_t plan, done_row **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!*st) {
		int rc = sqlite3_prepare_v2(cus__db_sql(db), "SELECT kind, number, done FROM plan_reviews"
			" WHERE plan_id = ?1", -1, st, NULL);
		if (rc != SQLITE_OK)
			return sqlerr(db, rc, "reading a plan's reviews");
	}
	sqlite3_reset(*st);
	sqlite3_bind_int64(*st, 1, plan);
	size_t cap = 0;
	int src;
	while ((src = sqlite3_step(*st)) == SQLITE_ROW) {
		if (*n == cap) {
			size_t ncap = cap ? 2 * cap : 8;
			done_row *nv = realloc(*out, ncap * sizeof *nv);
			if (!nv) {
				free(*out);
				*out = NULL;
				*n = 0;
				return oom();
			}
			*out = nv;
			cap = ncap;
		}
		done_row *d = &(*out)[(*n)++];
		d->kind = strcmp((const char *)sqlite3_column_text(*st, 0), "summary") == 0 ? KIND_SUMMARY : KIND_REVIEW;
		d->number = sqlite3_column_int(*st, 1);
		snprintf(d->done, sizeof d->done, "%s", (const char *)sqlite3_column_text(*st, 2));
	}
	sqlite3_reset(*st);
	if (src != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return sqlerr(db, src, "reading a plan's reviews");
	}
	return 0;
}

static const char *done_of(const done_row *d, size_t n, int kind, int number)
{
	for (size_t i = 0; i < n; i++)
		if (d[i].kind == kind && d[i].number == number)
			return d[i].done;
	return NULL;
}

/* Is a slot still due for the plan (not after its closing date)? */
static int slot_live(const plan_head *h, const slot *sl)
{
	return !h->closed[0] || strcmp(sl->due, h->closed) <= 0;
}

int cus_plan_close(cus_session *s, int64_t plan, const char *date)
{
	if (!s)
		return cus__error(CUS_EINVAL, "cases", NULL, "no session");
	cus_date d;
	char day[11] = "";
	if (date) {
		int rc = date_arg(&d, date, "date");
		if (rc)
			return rc;
		cus__date_format(day, d);
	}
	int64_t person = 0;
	int rc = plan_person(s->db, plan, &person);
	if (rc)
		return rc;
	char subj[32];
	plan_subject(subj, person);
	rc = cus__access_begin(s, "plan.close", "plan", person ? subj : NULL, "basic", CUS_OP_WRITE, NULL);
	if (rc)
		return rc;
	plan_head h;
	rc = head_read(&h, s->db, plan);
	if (!rc && h.closed[0])
		rc = cus__error(CUS_EINVAL, "cases", "status", "status: the plan is already closed");
	if (!rc && !day[0])
		snprintf(day, sizeof day, "%s", h.end);
	if (!rc && (strcmp(day, h.start) < 0 || strcmp(day, h.end) > 0))
		rc = cus__error(CUS_EINVAL, "cases", "date", "date: must lie within the plan (%s .. %s)", h.start,
			h.end);
	if (!rc) {
		sqlite3_stmt *st = NULL;
		int src = sqlite3_prepare_v2(cus__db_sql(s->db), "UPDATE plans SET status = 'closed', closed = ?1"
			" WHERE id = ?2 AND status = 'active'", -1, &st, NULL);
		if (src == SQLITE_OK) {
			sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
			sqlite3_bind_int64(st, 2, plan);
			src = sqlite3_step(st);
		}
		sqlite3_finalize(st);
		if (src != SQLITE_DONE)
			rc = sqlerr(s->db, src, "closing a plan");
	}
	return cus__access_end(s, rc);
}

static int review_insert(cus_session *s, int64_t plan, int kind, const char *day, const char *note, int *number)
{
	cus_db *db = s->db;
	plan_head h;
	int rc = head_read(&h, db, plan);
	if (rc)
		return rc;
	char today[11], latest[11];
	cus__today(today);
	cus_date de;
	const char *why;
	if (cus__date_parse(h.end, strlen(h.end), &de, &why) != 0 || cus__date_add_months(de, 1, &de) != 0)
		return cus__error(CUS_EINTEGRITY, "cases", NULL, "a plan has a malformed date");
	cus__date_format(latest, de);
	if (strcmp(day, h.start) < 0)
		return cus__error(CUS_EINVAL, "cases", "date", "date: before the plan's start");
	if (strcmp(day, today) > 0)
		return cus__error(CUS_EINVAL, "cases", "date", "date: after today");
	if (strcmp(day, latest) > 0)
		return cus__error(CUS_EINVAL, "cases", "date", "date: more than a month after the plan's end");
	slot *cal = NULL;
	size_t ncal = 0;
	done_row *done = NULL;
	size_t ndone = 0;
	sqlite3_stmt *dst = NULL;
	rc = cus__plan_calendar(h.start, h.end, &cal, &ncal);
	if (!rc)
		rc = done_read(db, &dst, plan, &done, &ndone);
	sqlite3_finalize(dst);
	const slot *target = NULL;
	for (size_t i = 0; !rc && i < ncal && !target; i++)
		if (cal[i].kind == kind && slot_live(&h, &cal[i]) && !done_of(done, ndone, kind, cal[i].number))
			target = &cal[i];
	if (!rc && !target)
		rc = cus__error(CUS_EINVAL, "cases", "status", "status: every %s of the plan is done", kind_names[kind]);
	cus__pkey k = { 0 };
	int64_t rid = 0;
	unsigned char *blob = NULL;
	size_t blen = 0;
	if (!rc)
		rc = cus__pkey_load(db, h.person, &k);
	if (!rc)
		rc = next_id(db, "SELECT coalesce(max(id), 0) + 1 FROM plan_reviews", &rid);
	if (!rc)
		rc = cus__field_seal(&blob, &blen, db, &k, "basic", "plan_reviews", "note", rid, 1, note);
	cus__pkey_wipe(&k);
	if (!rc) {
		char now[21];
		cus__utc_now(now);
		sqlite3_stmt *st = NULL;
		int src = sqlite3_prepare_v2(cus__db_sql(db), "INSERT INTO plan_reviews (id, plan_id, kind, number, due,"
			" done, note, recorded_by, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", -1, &st, NULL);
		if (src == SQLITE_OK) {
			sqlite3_bind_int64(st, 1, rid);
			sqlite3_bind_int64(st, 2, plan);
			sqlite3_bind_text(st, 3, kind_names[kind], -1, SQLITE_STATIC);
			sqlite3_bind_int(st, 4, target->number);
			sqlite3_bind_text(st, 5, target->due, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 6, day, -1, SQLITE_STATIC);
			if (blob)
				sqlite3_bind_blob(st, 7, blob, (int)blen, SQLITE_STATIC);
			sqlite3_bind_text(st, 8, s->user, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 9, now, -1, SQLITE_STATIC);
			src = sqlite3_step(st);
		}
		sqlite3_finalize(st);
		if (src != SQLITE_DONE)
			rc = sqlerr(db, src, "recording a review");
		else if (number)
			*number = target->number;
	}
	free(blob);
	free(cal);
	free(done);
	return rc;
}

int cus_plan_review(cus_session *s, int64_t plan, const char *kind, const char *date, const char *note,
	int *number)
{
	if (number)
		*number = 0;
	if (!s)
		return cus__error(CUS_EINVAL, "cases", NULL, "no session");
	int k;
	if (kind && strcmp(kind, "review") == 0)
		k = KIND_REVIEW;
	else if (kind && strcmp(kind, "summary") == 0)
		k = KIND_SUMMARY;
	else
		return cus__error(CUS_EINVAL, "cases", "kind", "kind: must be review or summary");
	cus_date d;
	int rc = date_arg(&d, date, "date");
	if (rc)
		return rc;
	char day[11];
	cus__date_format(day, d);
	char *text = NULL;
	rc = text_opt(&text, note, CUS_TEXT_MAX, "note");
	if (rc)
		return rc;
	int64_t person = 0;
	rc = plan_person(s->db, plan, &person);
	if (rc) {
		cus_free(text);
		return rc;
	}
	char subj[32];
	plan_subject(subj, person);
	rc = cus__access_begin(s, "plan.review", "plan", person ? subj : NULL, "basic", CUS_OP_WRITE, kind);
	if (!rc)
		rc = cus__access_end(s, review_insert(s, plan, k, day, text, number));
	cus_free(text);
	return rc;
}

/* ---- checkpoints ---- */

struct cus_checkpoint_iter {
	cus_plan_checkpoint *items;
	size_t n, cap, i;
};

void cus_checkpoint_iter_free(cus_checkpoint_iter *it)
{
	if (!it)
		return;
	for (size_t i = 0; i < it->n; i++) {
		free((char *)it->items[i].coordinator);
		free((char *)it->items[i].due);
		free((char *)it->items[i].done);
	}
	free(it->items);
	free(it);
}

int cus_checkpoint_next(const cus_plan_checkpoint **out, cus_checkpoint_iter *it)
{
	if (!out || !it)
		return cus__error(CUS_EINVAL, "cases", NULL, "out or iterator is NULL");
	*out = NULL;
	if (it->i >= it->n)
		return CUS_ITEROVER;
	*out = &it->items[it->i++];
	return 0;
}

static int cp_push(cus_checkpoint_iter *it, const plan_head *h, const slot *sl, const char *done,
	const char *as_of, const char *limit)
{
	if (it->n == it->cap) {
		size_t ncap = it->cap ? 2 * it->cap : 16;
		cus_plan_checkpoint *ni = realloc(it->items, ncap * sizeof *ni);
		if (!ni)
			return oom();
		it->items = ni;
		it->cap = ncap;
	}
	cus_plan_checkpoint *c = &it->items[it->n];
	memset(c, 0, sizeof *c);
	c->plan_id = h->id;
	c->person_id = h->person;
	c->kind = kind_names[sl->kind];
	c->number = sl->number;
	c->coordinator = strdup(h->coordinator);
	c->due = strdup(sl->due);
	c->done = done ? strdup(done) : NULL;
	if (!c->coordinator || !c->due || (done && !c->done)) {
		free((char *)c->coordinator);
		free((char *)c->due);
		free((char *)c->done);
		return oom();
	}
	if (done) {
		c->status = "done";
		c->on_time = strcmp(done, sl->due) <= 0;
	} else if (strcmp(sl->due, as_of) < 0) {
		c->status = "overdue";
		c->days = days_between(sl->due, as_of);
	} else if (strcmp(sl->due, limit) <= 0) {
		c->status = "due";
		c->days = days_between(as_of, sl->due);
	} else {
		c->status = "open";
	}
	it->n++;
	return 0;
}

static int cp_cmp(const void *a, const void *b)
{
	const cus_plan_checkpoint *x = a, *y = b;
	int c = strcmp(x->due, y->due);
	if (c)
		return c;
	if (x->plan_id != y->plan_id)
		return x->plan_id < y->plan_id ? -1 : 1;
	c = strcmp(x->kind, y->kind); /* "review" < "summary" */
	if (c)
		return c;
	return x->number - y->number;
}

/* as_of (NULL: today) and within into as_of and limit = as_of + within. */
static int window_args(char as_of[11], char limit[11], const char *in, int within)
{
	cus_date d;
	if (in) {
		int rc = date_arg(&d, in, "as_of");
		if (rc)
			return rc;
		cus__date_format(as_of, d);
	} else {
		cus__today(as_of);
		const char *why;
		cus__date_parse(as_of, 10, &d, &why);
	}
	if (within < 0)
		return cus__error(CUS_EINVAL, "cases", "within", "within: must not be negative");
	cus_date l;
	if (cus__date_from_days(cus__date_to_days(d) + within, &l) != 0)
		l = (cus_date){ 9999, 12, 31 };
	cus__date_format(limit, l);
	return 0;
}

/* Add the checkpoints of one plan: every one (all != 0), or those not done and
 * due on or before limit. */
static int plan_checkpoints(cus_checkpoint_iter *it, cus_db *db, const plan_head *h, sqlite3_stmt **dst,
	const char *as_of, const char *limit, int all)
{
	slot *cal = NULL;
	size_t ncal = 0;
	done_row *done = NULL;
	size_t ndone = 0;
	int rc = cus__plan_calendar(h->start, h->end, &cal, &ncal);
	if (!rc)
		rc = done_read(db, dst, h->id, &done, &ndone);
	for (size_t i = 0; !rc && i < ncal; i++) {
		const char *d = done_of(done, ndone, cal[i].kind, cal[i].number);
		if (!d && !slot_live(h, &cal[i]))
			continue;
		if (!all && (d || strcmp(cal[i].due, limit) > 0))
			continue;
		rc = cp_push(it, h, &cal[i], d, as_of, limit);
	}
	free(cal);
	free(done);
	return rc;
}

int cus_plan_schedule(cus_checkpoint_iter **out, cus_session *s, int64_t plan, const char *as_of, int within)
{
	if (!out || !s)
		return cus__error(CUS_EINVAL, "cases", NULL, "out or session is NULL");
	*out = NULL;
	char day[11], limit[11];
	int rc = window_args(day, limit, as_of, within);
	if (rc)
		return rc;
	int64_t person = 0;
	rc = plan_person(s->db, plan, &person);
	if (rc)
		return rc;
	char subj[32];
	plan_subject(subj, person);
	rc = cus__access_begin(s, "plan.read", "plan", person ? subj : NULL, "basic", CUS_OP_READ, "schedule");
	if (rc)
		return rc;
	cus_checkpoint_iter *it = calloc(1, sizeof *it);
	plan_head h;
	if (!it)
		rc = oom();
	if (!rc)
		rc = head_read(&h, s->db, plan);
	if (!rc) {
		sqlite3_stmt *dst = NULL;
		rc = plan_checkpoints(it, s->db, &h, &dst, day, limit, 1);
		sqlite3_finalize(dst);
	}
	rc = cus__access_end(s, rc);
	if (rc) {
		cus_checkpoint_iter_free(it);
		return rc;
	}
	*out = it;
	return 0;
}

static int due_collect(cus_checkpoint_iter *it, cus_db *db, const char *as_of, const char *limit, int all)
{
	/* A plan has nothing due before its start. */
	sqlite3_stmt *st = NULL, *dst = NULL;
	int rc = sqlite3_prepare_v2(cus__db_sql(db), "SELECT " HEAD_COLS " FROM plans WHERE start <= ?1"
		" AND (?9 OR person_id NOT IN (SELECT person_id FROM restrictions WHERE lifted IS NULL)) ORDER BY id",
		-1, &st, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_finalize(st);
		return sqlerr(db, rc, "reading plans");
	}
	sqlite3_bind_text(st, 1, limit, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 9, all);
	int src;
	rc = 0;
	while (!rc && (src = sqlite3_step(st)) == SQLITE_ROW) {
		plan_head h;
		head_from_row(&h, st);
		rc = plan_checkpoints(it, db, &h, &dst, as_of, limit, 0);
	}
	if (!rc && src != SQLITE_DONE)
		rc = sqlerr(db, src, "reading plans");
	sqlite3_finalize(st);
	sqlite3_finalize(dst);
	if (!rc && it->n > 1)
		qsort(it->items, it->n, sizeof *it->items, cp_cmp);
	return rc;
}

int cus_plan_due(cus_checkpoint_iter **out, cus_session *s, const char *as_of, int within)
{
	if (!out || !s)
		return cus__error(CUS_EINVAL, "cases", NULL, "out or session is NULL");
	*out = NULL;
	char day[11], limit[11];
	int rc = window_args(day, limit, as_of, within);
	if (rc)
		return rc;
	rc = cus__access_begin(s, "plan.due", "plan", NULL, "basic", CUS_OP_READ, NULL);
	if (rc)
		return rc;
	cus_checkpoint_iter *it = calloc(1, sizeof *it);
	rc = cus__access_end(s, it ? due_collect(it, s->db, day, limit, cus__access_sees_restricted(s)) : oom());
	if (rc) {
		cus_checkpoint_iter_free(it);
		return rc;
	}
	*out = it;
	return 0;
}
