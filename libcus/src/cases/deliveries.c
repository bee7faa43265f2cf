/* Service deliveries: one row per service delivered to a person, under the
 * qualified application that covers its date. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "cases.h"
#include "../registry/internal.h"
#include "../util/u64map.h"

#define UNITS_MAX 100000000 /* hundredths: 1,000,000 units */

static int oom(void)
{
	return cus__error(CUS_ENOMEM, "cases", NULL, "out of memory");
}

static int sqlerr(cus_db *db, int rc, const char *what)
{
	return cus__sql_error(cus__db_sql(db), rc, what);
}

int cus_delivery_input_init(cus_delivery_input *in, unsigned int version)
{
	if (!in || version != CUS_DELIVERY_INPUT_VERSION)
		return cus__error(CUS_EINVAL, "cases", "version", "unknown cus_delivery_input version %u", version);
	cus_delivery_input d = CUS_DELIVERY_INPUT_INIT;
	*in = d;
	return 0;
}

int cus_units_parse(const char *s, int64_t *hundredths)
{
	static const char why[] = "units: must be a number of units above 0 and at most 1000000, with at most"
				  " two decimals after ',' or '.'";
	if (!s || !hundredths)
		return cus__error(CUS_EINVAL, "cases", "units", "%s", why);
	const char *p = s;
	int64_t whole = 0;
	int nd = 0;
	for (; *p >= '0' && *p <= '9'; p++, nd++) {
		whole = whole * 10 + (*p - '0');
		if (whole > UNITS_MAX)
			whole = UNITS_MAX + 1; /* too large; keep scanning for the form */
	}
	if (nd == 0)
		return cus__error(CUS_EINVAL, "cases", "units", "%s", why);
	int64_t frac = 0;
	if (*p == ',' || *p == '.') {
		p++;
		int fd = 0;
		for (; fd < 2 && *p >= '0' && *p <= '9'; p++, fd++)
			frac = frac * 10 + (*p - '0');
		if (fd == 0)
			return cus__error(CUS_EINVAL, "cases", "units", "%s", why);
		if (fd == 1)
			frac *= 10;
	}
	if (*p)
		return cus__error(CUS_EINVAL, "cases", "units", "%s", why);
	if (whole > UNITS_MAX / 100)
		return cus__error(CUS_EINVAL, "cases", "units", "%s", why);
	int64_t v = whole * 100 + frac;
	if (v <= 0 || v > UNITS_MAX)
		return cus__error(CUS_EINVAL, "cases", "units", "%s", why);
	*hundredths = v;
	return 0;
}

void cus__delivery_fields_free(cus__delivery_fields *f)
{
	if (!f)
		return;
	cus_free(f->provider);
	memset(f, 0, sizeof *f);
}

int cus__delivery_validate(cus_session *s, const cus_delivery_input *in, cus__delivery_fields *f)
{
	if (!f)
		return cus__error(CUS_EINVAL, "cases", NULL, "no fields given");
	memset(f, 0, sizeof *f);
	if (!s)
		return cus__error(CUS_EINVAL, "cases", NULL, "no session");
	if (!in)
		return cus__error(CUS_EINVAL, "cases", NULL, "no delivery given");
	if (in->version != CUS_DELIVERY_INPUT_VERSION)
		return cus__error(CUS_EINVAL, "cases", "version", "unsupported cus_delivery_input version %u",
			in->version);
	f->person = in->person;
	const cus__policy *p = NULL;
	int rc = cus__session_policy(s, &p);
	if (rc)
		return rc;
	const cus__service *sv = in->service ? cus__policy_service_find(p, in->service) : NULL;
	if (!sv)
		return cus__error(CUS_EINVAL, "cases", "service", "service: not a service of the policy");
	f->service = sv->code;

	cus_date d;
	const char *why = NULL;
	if (!in->date || !*in->date)
		return cus__error(CUS_EINVAL, "cases", "date", "date: is required");
	if (cus__date_parse(in->date, strlen(in->date), &d, &why) != 0)
		return cus__error(CUS_EINVAL, "cases", "date", "date: must be a real date YYYY-MM-DD");
	cus__date_format(f->date, d);
	char today[11];
	cus__today(today);
	if (strcmp(f->date, today) > 0)
		return cus__error(CUS_EINVAL, "cases", "date", "date: must not be after today");

	if (in->units <= 0 || in->units > UNITS_MAX)
		return cus__error(CUS_EINVAL, "cases", "units",
			"units: must be above 0 and at most 100000000 hundredths of the service's unit");
	f->units = in->units;
	if (in->cost < 0)
		return cus__error(CUS_EINVAL, "cases", "cost", "cost: must not be negative");
	f->cost = in->cost;

	if (in->funding) {
		for (size_t i = 0; i < sv->nfunding && !f->funding; i++)
			if (strcmp(sv->funding[i]->code, in->funding) == 0)
				f->funding = sv->funding[i]->code;
		if (!f->funding)
			return cus__error(CUS_EINVAL, "cases", "funding",
				"funding: not a funding source of the service %s", sv->code);
	} else if (sv->nfunding == 1) {
		f->funding = sv->funding[0]->code;
	} else {
		return cus__error(CUS_EINVAL, "cases", "funding",
			"funding: is required: the service %s has %zu funding sources", sv->code, sv->nfunding);
	}

	if (in->provider) {
		rc = cus_text_normalize(&f->provider, in->provider, CUS_NAME_MAX, "provider");
		if (rc) {
			f->provider = NULL;
			return cus__error(rc, "cases", "provider", "%s", cus_error_last()->message);
		}
		if (!*f->provider) {
			cus_free(f->provider);
			f->provider = NULL;
		}
	}
	return 0;
}

/* The qualified application of (person, service) covering a date: decided on
 * or before it, not withdrawn before it (an application withdrawn after its
 * qualification keeps its decision date); the latest decision wins. Uses the
 * index applications_person (person_id, service). */
static const char find_sql[] = "SELECT id FROM applications WHERE person_id = ?1 AND service = ?2"
	" AND status IN ('qualified', 'withdrawn') AND decision_date IS NOT NULL AND decision_date <= ?3"
	" AND (withdrawn_date IS NULL OR withdrawn_date >= ?3) ORDER BY decision_date DESC, id DESC LIMIT 1";

static const char insert_sql[] = "INSERT INTO deliveries (person_id, application_id, service, date, units, cost,"
	" provider, funding, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

/* ---- the bulk path's memory of the applications (imports) ---- */

typedef struct {
	int64_t app;
	int32_t decided, withdrawn;   /* yyyymmdd; withdrawn 0: never */
	int64_t next;                 /* the next window of the same (person, service), or -1 */
} app_window;

struct cus__delivery_cache {
	cus__u64map map;              /* (person << 8 | service slot) -> first window, or -1 */
	const char *svc[255];         /* the service codes met (policy strings) */
	size_t nsvc;
	app_window *w;
	size_t n, cap;
	time_t now_at;                /* the creation time string, made once a second */
	char now[21];
};

static int32_t ymd(const unsigned char *s)
{
	if (!s || strlen((const char *)s) != 10)
		return 0;
	return (s[0] - '0') * 10000000 + (s[1] - '0') * 1000000 + (s[2] - '0') * 100000 + (s[3] - '0') * 10000 +
		(s[5] - '0') * 1000 + (s[6] - '0') * 100 + (s[8] - '0') * 10 + (s[9] - '0');
}

int cus__delivery_cache_new(cus__delivery_cache **out)
{
	*out = calloc(1, sizeof **out);
	return *out ? 0 : oom();
}

void cus__delivery_cache_free(cus__delivery_cache *c)
{
	if (!c)
		return;
	cus__u64map_free(&c->map);
	free(c->w);
	free(c);
}

static const char windows_sql[] = "SELECT id, decision_date, withdrawn_date FROM applications"
	" WHERE person_id = ?1 AND service = ?2 AND status IN ('qualified', 'withdrawn')"
	" AND decision_date IS NOT NULL";

/* The qualified application covering f's date, from the cache (reading the
 * person's applications of the service once): as find_sql decides it. */
static int cached_find(cus_db *db, cus__delivery_cache *c, const cus__delivery_fields *f, int64_t *app)
{
	*app = 0;
	size_t slot = 0;
	while (slot < c->nsvc && c->svc[slot] != f->service)
		slot++;
	if (slot == c->nsvc) {
		if (c->nsvc == sizeof c->svc / sizeof c->svc[0])
			return 1;     /* too many services: not cached */
		c->svc[c->nsvc++] = f->service;
	}
	uint64_t key = ((uint64_t)f->person << 8) | slot;
	int64_t first = -1;
	if (!cus__u64map_get(&c->map, key, &first)) {
		sqlite3 *sql = cus__db_sql(db);
		sqlite3_stmt *st = NULL;
		int cached = 0;
		int src = cus__stmt_cached(db, sql, windows_sql, &st, &cached);
		if (src != SQLITE_OK) {
			if (st && !cached)
				sqlite3_finalize(st);
			return sqlerr(db, src, "finding the qualified application");
		}
		sqlite3_bind_int64(st, 1, f->person);
		sqlite3_bind_text(st, 2, f->service, -1, SQLITE_STATIC);
		while ((src = sqlite3_step(st)) == SQLITE_ROW) {
			if (c->n == c->cap) {
				size_t ncap = c->cap ? 2 * c->cap : 1024;
				app_window *w = realloc(c->w, ncap * sizeof *w);
				if (!w) {
					cus__stmt_release(st, cached);
					return oom();
				}
				c->w = w;
				c->cap = ncap;
			}
			app_window *w = &c->w[c->n];
			w->app = sqlite3_column_int64(st, 0);
			w->decided = ymd(sqlite3_column_text(st, 1));
			w->withdrawn = ymd(sqlite3_column_text(st, 2));
			w->next = first;
			first = (int64_t)c->n++;
		}
		cus__stmt_release(st, cached);
		if (src != SQLITE_DONE)
			return sqlerr(db, src, "finding the qualified application");
		if (cus__u64map_put(&c->map, key, first, NULL) < 0)
			return oom();
	}
	int32_t date = ymd((const unsigned char *)f->date), best = 0;
	for (int64_t i = first; i >= 0; i = c->w[i].next) {
		const app_window *w = &c->w[i];
		if (w->decided > date || (w->withdrawn && w->withdrawn < date))
			continue;
		if (w->decided > best || (w->decided == best && w->app > *app)) {
			best = w->decided;
			*app = w->app;
		}
	}
	return 0;
}

int cus__delivery_insert(cus_session *s, const cus__delivery_fields *f, int64_t *id)
{
	return cus__delivery_insert_cached(s, f, NULL, id);
}

int cus__delivery_insert_cached(cus_session *s, const cus__delivery_fields *f, cus__delivery_cache *cache,
	int64_t *id)
{
	if (id)
		*id = 0;
	cus_db *db = s->db;
	sqlite3 *sql = cus__db_sql(db);
	sqlite3_stmt *st = NULL;
	int cached = 0;
	int64_t app = 0;
	int src, miss = 1;
	if (cache) {
		int rc = cached_find(db, cache, f, &app);
		if (rc < 0)
			return rc;
		miss = rc == 1;
	}
	if (miss) {
		src = cus__stmt_cached(db, sql, find_sql, &st, &cached);
		if (src != SQLITE_OK) {
			if (st && !cached)
				sqlite3_finalize(st);
			return sqlerr(db, src, "finding the qualified application");
		}
		sqlite3_bind_int64(st, 1, f->person);
		sqlite3_bind_text(st, 2, f->service, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, f->date, -1, SQLITE_STATIC);
		src = sqlite3_step(st);
		app = src == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		cus__stmt_release(st, cached);
		if (src != SQLITE_ROW && src != SQLITE_DONE)
			return sqlerr(db, src, "finding the qualified application");
	}
	if (!app) {
		int rc = cus__person_exists(db, f->person);
		if (rc == CUS_ENOTFOUND)
			return cus__error(CUS_ENOTFOUND, "cases", "person", "no person with id %lld",
				(long long)f->person);
		if (rc)
			return rc;
		return cus__error(CUS_EINVAL, "cases", "date",
			"date: the person holds no application for %s qualified on or before that date and not"
			" withdrawn before it", f->service);
	}

	char own[21];
	const char *now = own;
	if (cache) {
		time_t t = time(NULL);
		if (t != cache->now_at) {
			cus__utc_now(cache->now);
			cache->now_at = t;
		}
		now = cache->now;
	} else {
		cus__utc_now(own);
	}
	src = cus__stmt_cached(db, sql, insert_sql, &st, &cached);
	if (src != SQLITE_OK) {
		if (st && !cached)
			sqlite3_finalize(st);
		return sqlerr(db, src, "adding a delivery");
	}
	sqlite3_bind_int64(st, 1, f->person);
	sqlite3_bind_int64(st, 2, app);
	sqlite3_bind_text(st, 3, f->service, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, f->date, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, f->units);
	sqlite3_bind_int64(st, 6, f->cost);
	if (f->provider)
		sqlite3_bind_text(st, 7, f->provider, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, f->funding, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, now, -1, SQLITE_STATIC);
	src = sqlite3_step(st);
	/* Unbind the caller's strings before the statement goes back to the cache. */
	sqlite3_clear_bindings(st);
	cus__stmt_release(st, cached);
	if (src != SQLITE_DONE)
		return sqlerr(db, src, "adding a delivery");
	if (id)
		*id = sqlite3_last_insert_rowid(sql);
	return 0;
}

static int delivery_add_in(cus_session *s, const cus__delivery_fields *f, int64_t *id)
{
	int rc = cus__person_exists(s->db, f->person);
	if (rc == CUS_ENOTFOUND)
		return cus__error(CUS_ENOTFOUND, "cases", "person", "no person with id %lld", (long long)f->person);
	if (rc)
		return rc;
	/* An erased person (their key destroyed) receives nothing more. */
	cus__pkey k = { 0 };
	rc = cus__pkey_load(s->db, f->person, &k);
	cus__pkey_wipe(&k);
	if (rc)
		return rc;
	return cus__delivery_insert(s, f, id);
}

int cus_delivery_add(cus_session *s, const cus_delivery_input *in, int64_t *id)
{
	if (id)
		*id = 0;
	if (!s)
		return cus__error(CUS_EINVAL, "cases", NULL, "no session");
	cus__delivery_fields f;
	int rc = cus__delivery_validate(s, in, &f);
	if (rc) {
		cus__delivery_fields_free(&f);
		return rc;
	}
	char subj[32];
	cus__person_subject(subj, f.person);
	rc = cus__access_begin(s, "delivery.add", "delivery", subj, "basic", CUS_OP_WRITE, f.service);
	if (rc) {
		cus__delivery_fields_free(&f);
		return rc;
	}
	int64_t did = 0;
	rc = cus__access_end(s, delivery_add_in(s, &f, &did));
	cus__delivery_fields_free(&f);
	if (!rc && id)
		*id = did;
	return rc;
}

/* ---- listing ---- */

struct cus_delivery_iter {
	cus_delivery *items;
	size_t n, i;
};

static void delivery_clear(cus_delivery *d)
{
	free((char *)d->service);
	free((char *)d->date);
	free((char *)d->provider);
	free((char *)d->funding);
	free((char *)d->created);
}

void cus_delivery_iter_free(cus_delivery_iter *it)
{
	if (!it)
		return;
	for (size_t i = 0; i < it->n; i++)
		delivery_clear(&it->items[i]);
	free(it->items);
	free(it);
}

int cus_delivery_next(const cus_delivery **out, cus_delivery_iter *it)
{
	if (!out || !it)
		return cus__error(CUS_EINVAL, "cases", NULL, "out or iterator is NULL");
	*out = NULL;
	if (it->i >= it->n)
		return CUS_ITEROVER;
	*out = &it->items[it->i++];
	return 0;
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

static int deliveries_collect(cus_delivery_iter *it, cus_db *db, int all, int64_t person, const char *service,
	const char *from, const char *to)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(cus__db_sql(db), "SELECT id, person_id, application_id, service, date, units,"
		" cost, provider, funding, created FROM deliveries WHERE (?1 = 0 OR person_id = ?1)"
		" AND (?2 IS NULL OR service = ?2) AND (?3 IS NULL OR date >= ?3) AND (?4 IS NULL OR date <= ?4)"
		" AND (?9 OR person_id NOT IN (SELECT person_id FROM restrictions WHERE lifted IS NULL))"
		" ORDER BY date, id", -1, &st, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_finalize(st);
		return sqlerr(db, rc, "reading deliveries");
	}
	sqlite3_bind_int64(st, 1, person);
	sqlite3_bind_int(st, 9, all);
	cus__bind_text_or_null(st, 2, service);
	cus__bind_text_or_null(st, 3, from);
	cus__bind_text_or_null(st, 4, to);
	size_t cap = 0;
	int src;
	rc = 0;
	while (!rc && (src = sqlite3_step(st)) == SQLITE_ROW) {
		if (it->n == cap) {
			size_t ncap = cap ? 2 * cap : 16;
			cus_delivery *ni = realloc(it->items, ncap * sizeof *ni);
			if (!ni) {
				rc = oom();
				break;
			}
			it->items = ni;
			cap = ncap;
		}
		cus_delivery *d = &it->items[it->n++];
		memset(d, 0, sizeof *d);
		d->id = sqlite3_column_int64(st, 0);
		d->person_id = sqlite3_column_int64(st, 1);
		d->application_id = sqlite3_column_int64(st, 2);
		d->units = sqlite3_column_int64(st, 5);
		d->cost = sqlite3_column_int64(st, 6);
		rc = dup_col(&d->service, st, 3);
		if (!rc)
			rc = dup_col(&d->date, st, 4);
		if (!rc)
			rc = dup_col(&d->provider, st, 7);
		if (!rc)
			rc = dup_col(&d->funding, st, 8);
		if (!rc)
			rc = dup_col(&d->created, st, 9);
	}
	if (!rc && src != SQLITE_DONE)
		rc = sqlerr(db, src, "reading deliveries");
	sqlite3_finalize(st);
	return rc;
}

static int filter_date(char out[11], const char *in, const char *field)
{
	out[0] = '\0';
	if (!in)
		return 0;
	cus_date d;
	const char *why = NULL;
	if (cus__date_parse(in, strlen(in), &d, &why) != 0)
		return cus__error(CUS_EINVAL, "cases", field, "%s: must be a real date YYYY-MM-DD", field);
	cus__date_format(out, d);
	return 0;
}

int cus_delivery_list(cus_delivery_iter **out, cus_session *s, const cus_delivery_filter *f)
{
	if (!out || !s)
		return cus__error(CUS_EINVAL, "cases", NULL, "out or session is NULL");
	*out = NULL;
	cus_delivery_filter none = CUS_DELIVERY_FILTER_INIT;
	if (!f)
		f = &none;
	if (f->version != CUS_DELIVERY_FILTER_VERSION)
		return cus__error(CUS_EINVAL, "cases", "filter", "unsupported cus_delivery_filter version %u",
			f->version);
	char from[11], to[11];
	int rc = filter_date(from, f->from, "from");
	if (!rc)
		rc = filter_date(to, f->to, "to");
	if (rc)
		return rc;
	const char *service = NULL;
	if (f->service) {
		const cus__policy *p = NULL;
		rc = cus__session_policy(s, &p);
		if (rc)
			return rc;
		const cus__service *sv = cus__policy_service_find(p, f->service);
		if (!sv)
			return cus__error(CUS_EINVAL, "cases", "service", "service: not a service of the policy");
		service = sv->code;
	}
	char subj[32];
	cus__person_subject(subj, f->person);
	rc = cus__access_begin(s, "delivery.list", "delivery", f->person ? subj : NULL, "basic", CUS_OP_READ,
		NULL);
	if (rc)
		return rc;
	cus_delivery_iter *it = calloc(1, sizeof *it);
	/* a person who does not exist is an error, as for the other listings */
	rc = !it ? oom() : f->person ? cus__person_exists(s->db, f->person) : 0;
	if (rc == CUS_ENOTFOUND)
		rc = cus__error(CUS_ENOTFOUND, "cases", "person", "no person with id %lld", (long long)f->person);
	if (!rc)
		rc = deliveries_collect(it, s->db, f->person || cus__access_sees_restricted(s), f->person, service, from[0] ? from : NULL, to[0] ? to : NULL);
	rc = cus__access_end(s, rc);
	if (rc) {
		cus_delivery_iter_free(it);
		return rc;
	}
	*out = it;
	return 0;
}
