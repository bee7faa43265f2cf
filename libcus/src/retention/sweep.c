/* The retention sweep: which case files and finance records are due.
 *
 * Every table of the case file is read once, in rowid order (each page is
 * read and decrypted once), into an array indexed by person id that keeps,
 * per person and kind, the count, the latest event the kind's rule counts
 * from and the latest closing event of the case; the due day of a file is
 * then the latest due day of its kinds. Only unsealed columns are read.
 * cus__retention_person_file() does the same for one person with indexed
 * queries. docs/RETENTION.md defines the events. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "../access/access.h"
#include "../util/u64map.h"

#define F_EXISTS 1u
#define F_OPEN 2u
#define F_STAT 4u
#define F_HELD 8u

typedef struct {
	int32_t own[CUS__RK_PERSONAL];   /* the latest event of the kind's rule (own events only) */
	int32_t close;                   /* the latest closing event of any record */
	int32_t last_delivery;
	int32_t first;
	uint32_t cnt[CUS__RK_PERSONAL];
	uint32_t flags;
} pstate;

static int oom(void)
{
	return cus__error(CUS_ENOMEM, "retention", NULL, "out of memory");
}

void cus__retention_today(char out[11])
{
	char now[21];
	cus__utc_now(now);
	memcpy(out, now, 10);
	out[10] = '\0';
}

static int32_t imax(int32_t a, int32_t b)
{
	return a > b ? a : b;
}

/* One record of kind k: created (its own date), closing (its closing
 * event), open (it awaits a decision). */
static void acc(pstate *ps, const cus__retention_rules *r, int k, int32_t created, int32_t closing, int open)
{
	ps->cnt[k]++;
	int32_t lo = created ? created : closing;
	if (lo && (!ps->first || lo < ps->first))
		ps->first = lo;
	if (open)
		ps->flags |= F_OPEN;
	else
		ps->close = imax(ps->close, closing);
	if (k == CUS_RETENTION_DELIVERY)
		ps->last_delivery = imax(ps->last_delivery, closing);
	if (r->has[k]) {
		int ev = r->rules[k].event;
		if (ev == CUS__EV_RECORD_CREATED)
			ps->own[k] = imax(ps->own[k], created);
		else if (ev != CUS__EV_CASE_CLOSED && ev != CUS__EV_LAST_SERVICE && !open)
			ps->own[k] = imax(ps->own[k], closing);
	}
}

/* The file of a person from its state. */
static void finish(const pstate *ps, const cus__retention_rules *r, cus__retention_file *f)
{
	memset(f, 0, sizeof *f);
	f->exists = (ps->flags & F_EXISTS) != 0;
	f->statistical = (ps->flags & F_STAT) != 0;
	f->open = (ps->flags & F_OPEN) != 0;
	f->held = (ps->flags & F_HELD) != 0;
	f->first = ps->first;
	int a = 0, be = 0;
	for (int k = 0; k < CUS__RK_PERSONAL; k++) {
		f->counts[k] = ps->cnt[k];
		if (!ps->cnt[k])
			continue;
		f->kinds |= 1u << k;
		if (!r->has[k])
			continue;
		const cus__retention_rule *rule = &r->rules[k];
		int32_t e = rule->event == CUS__EV_CASE_CLOSED ? ps->close :
			rule->event == CUS__EV_LAST_SERVICE ? (ps->last_delivery ? ps->last_delivery : ps->close) :
			ps->own[k];
		if (!e)
			e = ps->close;
		f->event = imax(f->event, e);
		f->due = imax(f->due, cus__retention_due_int(rule, e));
		a |= rule->cat == CUS__CAT_A;
		be |= rule->cat == CUS__CAT_BE;
	}
	f->action = a ? CUS_RETENTION_TRANSFER : be ? CUS_RETENTION_APPRAISAL : CUS_RETENTION_DESTROY;
}

/* ---- reading the tables ---- */

typedef struct {
	cus_db *db;
	sqlite3 *sql;
	const cus__retention_rules *r;
	pstate *ps;          /* indexed by person id */
	size_t n;
	int64_t one;         /* single-person mode: the person, else 0 */
} scan;

static pstate *at(scan *sc, int64_t id)
{
	if (sc->one)
		return id == sc->one ? sc->ps : NULL;
	return id > 0 && (size_t)id < sc->n ? &sc->ps[id] : NULL;
}

static int run(scan *sc, const char *all, const char *one, int (*row)(scan *sc, sqlite3_stmt *st),
	int optional)
{
	sqlite3_stmt *st = NULL;
	int src = sqlite3_prepare_v2(sc->sql, sc->one ? one : all, -1, &st, NULL);
	if (src != SQLITE_OK) {
		sqlite3_finalize(st);
		if (optional)
			return 0;
		return cus__sql_error(sc->sql, src, "reading the records for retention");
	}
	if (sc->one)
		sqlite3_bind_int64(st, 1, sc->one);
	int rc = 0;
	while (!rc && (src = sqlite3_step(st)) == SQLITE_ROW)
		rc = row(sc, st);
	if (!rc && src != SQLITE_DONE)
		rc = cus__sql_error(sc->sql, src, "reading the records for retention");
	sqlite3_finalize(st);
	return rc;
}

static int32_t col_date(sqlite3_stmt *st, int i)
{
	return cus__retention_date_int((const char *)sqlite3_column_text(st, i));
}

static int row_person(scan *sc, sqlite3_stmt *st)
{
	pstate *p = at(sc, sqlite3_column_int64(st, 0));
	if (p) {
		int32_t d = col_date(st, 1);
		p->flags |= F_EXISTS;
		acc(p, sc->r, CUS_RETENTION_PERSON, d, d, 0);
	}
	return 0;
}

static int row_application(scan *sc, sqlite3_stmt *st)
{
	const char *status = (const char *)sqlite3_column_text(st, 4);
	int open = status && strcmp(status, "submitted") == 0;
	int32_t created = col_date(st, 1), closing = col_date(st, 2);
	if (!closing)
		closing = col_date(st, 3);
	if (!closing && !open)
		closing = created;
	pstate *p = at(sc, sqlite3_column_int64(st, 0));
	if (p)
		acc(p, sc->r, CUS_RETENTION_APPLICATION, created, closing, open);
	/* a representative's file is kept as long as the application they signed */
	if (sqlite3_column_type(st, 5) != SQLITE_NULL) {
		pstate *q = at(sc, sqlite3_column_int64(st, 5));
		if (q) {
			if (open)
				q->flags |= F_OPEN;
			else
				q->close = imax(q->close, closing);
		}
	}
	return 0;
}

static int row_decision(scan *sc, sqlite3_stmt *st)
{
	pstate *p = at(sc, sqlite3_column_int64(st, 0));
	if (p) {
		int32_t created = col_date(st, 1), closing = col_date(st, 2);
		acc(p, sc->r, CUS_RETENTION_DECISION, created, closing ? closing : created, 0);
	}
	return 0;
}

static int row_plan(scan *sc, sqlite3_stmt *st)
{
	pstate *p = at(sc, sqlite3_column_int64(st, 0));
	if (p)
		acc(p, sc->r, CUS_RETENTION_PLAN, col_date(st, 1), col_date(st, 2), 0);
	return 0;
}

static int row_delivery(scan *sc, sqlite3_stmt *st)
{
	pstate *p = at(sc, sqlite3_column_int64(st, 0));
	if (p) {
		int32_t d = col_date(st, 1);
		acc(p, sc->r, CUS_RETENTION_DELIVERY, d, d, 0);
	}
	return 0;
}

static int row_special(scan *sc, sqlite3_stmt *st)
{
	pstate *p = at(sc, sqlite3_column_int64(st, 0));
	if (p) {
		int32_t d = col_date(st, 1), v = col_date(st, 2);
		acc(p, sc->r, CUS_RETENTION_SPECIAL, d, imax(d, v), 0);
	}
	return 0;
}

static int row_employment(scan *sc, sqlite3_stmt *st)
{
	pstate *p = at(sc, sqlite3_column_int64(st, 0));
	if (p) {
		int32_t d = col_date(st, 1);
		acc(p, sc->r, CUS_RETENTION_EMPLOYMENT, d, d, 0);
	}
	return 0;
}

static int row_flag(scan *sc, sqlite3_stmt *st, uint32_t flag)
{
	pstate *p = at(sc, sqlite3_column_int64(st, 0));
	if (p)
		p->flags |= flag;
	return 0;
}

static int row_stat(scan *sc, sqlite3_stmt *st) { return row_flag(sc, st, F_STAT); }
static int row_restricted(scan *sc, sqlite3_stmt *st) { return row_flag(sc, st, F_HELD); }

static int scan_tables(scan *sc, int32_t as_of)
{
	int rc = 0;
	/* persons by rowid; the others in rowid order too */
	if (!rc)
		rc = run(sc, "SELECT id, registered FROM persons",
			"SELECT id, registered FROM persons WHERE id = ?1", row_person, 0);
	if (!rc)
		rc = run(sc, "SELECT person_id, date, decision_date, withdrawn_date, status, representative_id"
			" FROM applications",
			"SELECT person_id, date, decision_date, withdrawn_date, status, representative_id"
			" FROM applications WHERE person_id = ?1 OR representative_id = ?1", row_application, 0);
	if (!rc)
		rc = run(sc, "SELECT a.person_id, q.as_of, q.decision_date FROM qualifications q"
			" JOIN applications a ON a.id = q.application_id",
			"SELECT a.person_id, q.as_of, q.decision_date FROM applications a"
			" JOIN qualifications q ON q.application_id = a.id WHERE a.person_id = ?1", row_decision, 0);
	if (!rc)
		rc = run(sc, "SELECT person_id, start, coalesce(closed, end) FROM plans",
			"SELECT person_id, start, coalesce(closed, end) FROM plans WHERE person_id = ?1", row_plan, 0);
	if (!rc)
		rc = run(sc, "SELECT person_id, date FROM deliveries",
			"SELECT person_id, date FROM deliveries WHERE person_id = ?1", row_delivery, 0);
	if (!rc)
		rc = run(sc, "SELECT person_id, date, valid_until FROM records",
			"SELECT person_id, date, valid_until FROM records WHERE person_id = ?1", row_special, 0);
	if (!rc)
		rc = run(sc, "SELECT person_id, since FROM employment",
			"SELECT person_id, since FROM employment WHERE person_id = ?1", row_employment, 0);
	if (!rc)
		rc = run(sc, "SELECT person_id FROM retention_subjects",
			"SELECT person_id FROM retention_subjects WHERE person_id = ?1", row_stat, 0);
	/* art. 18 restrictions (the rights module's table) block disposal like a hold */
	if (!rc)
		rc = run(sc, "SELECT person_id FROM restrictions WHERE lifted IS NULL",
			"SELECT person_id FROM restrictions WHERE lifted IS NULL AND person_id = ?1", row_restricted, 1);
	(void)as_of;
	return rc;
}

/* Active holds on as_of: person files into the states, finance records into fin. */
static int load_holds(scan *sc, int32_t as_of, cus__u64map *fin)
{
	char day[11];
	cus__retention_date_text(day, as_of);
	sqlite3_stmt *st = NULL;
	int src = sqlite3_prepare_v2(sc->sql, "SELECT person_id, target_kind, target_id FROM retention_holds"
		" WHERE released IS NULL AND (until IS NULL OR until >= ?1)", -1, &st, NULL);
	if (src != SQLITE_OK) {
		sqlite3_finalize(st);
		return cus__sql_error(sc->sql, src, "reading the legal holds");
	}
	sqlite3_bind_text(st, 1, day, -1, SQLITE_TRANSIENT);
	int rc = 0;
	while (!rc && (src = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_type(st, 0) != SQLITE_NULL) {
			pstate *p = at(sc, sqlite3_column_int64(st, 0));
			if (p)
				p->flags |= F_HELD;
		} else if (fin) {
			const char *kind = (const char *)sqlite3_column_text(st, 1);
			int k = -1;
			for (int i = 0; kind && i < CUS_RETENTION_KIND_COUNT; i++)
				if (strcmp(cus_retention_kind_name(i), kind) == 0)
					k = i;
			if (k >= 0 && cus__u64map_set(fin, ((uint64_t)k << 56) | (uint64_t)sqlite3_column_int64(st, 2), 1) < 0)
				rc = oom();
		}
	}
	if (!rc && src != SQLITE_DONE)
		rc = cus__sql_error(sc->sql, src, "reading the legal holds");
	sqlite3_finalize(st);
	return rc;
}

int cus__retention_person_file(cus_db *db, const cus__policy *p, int64_t person, int32_t as_of,
	cus__retention_file *f)
{
	memset(f, 0, sizeof *f);
	const cus__retention_rules *r = cus__policy_retention(p);
	static const cus__retention_rules none;
	if (!r)
		r = &none;
	pstate ps;
	memset(&ps, 0, sizeof ps);
	scan sc = { db, cus__db_sql(db), r, &ps, 1, person };
	int rc = scan_tables(&sc, as_of);
	if (!rc)
		rc = load_holds(&sc, as_of, NULL);
	if (rc)
		return rc;
	finish(&ps, r, f);
	if (!f->exists)
		return cus__error(CUS_ENOTFOUND, "retention", "person", "person p-%lld is not in the register",
			(long long)person);
	if (f->held) {
		/* the latest end of the holds in force (0: one without an end) */
		sqlite3_stmt *st = NULL;
		char day[11];
		cus__retention_date_text(day, as_of);
		int src = sqlite3_prepare_v2(sc.sql, "SELECT max(CASE WHEN until IS NULL THEN '9999-12-31' ELSE until END)"
			" FROM retention_holds WHERE released IS NULL AND person_id = ?1 AND (until IS NULL OR until >= ?2)",
			-1, &st, NULL);
		if (src == SQLITE_OK) {
			sqlite3_bind_int64(st, 1, person);
			sqlite3_bind_text(st, 2, day, -1, SQLITE_TRANSIENT);
			if (sqlite3_step(st) == SQLITE_ROW) {
				int32_t u = col_date(st, 0);
				f->hold_until = u == 99991231 ? 0 : u;
			}
		}
		sqlite3_finalize(st);
	}
	return 0;
}

int cus__retention_person_end(cus_db *db, const cus__policy *p, int64_t person, char out[11])
{
	if (!out)
		return cus__error(CUS_EINVAL, "retention", NULL, "out is NULL");
	out[0] = '\0';
	if (!db || !p)
		return cus__error(CUS_EINVAL, "retention", NULL, "no database or policy");
	if (!cus__policy_retention(p))
		return 0;
	char today[11];
	cus__retention_today(today);
	cus__retention_file f;
	int rc = cus__retention_person_file(db, p, person, cus__retention_date_int(today), &f);
	if (rc)
		return rc;
	if (!f.open)
		cus__retention_date_text(out, f.due);
	return 0;
}

/* ---- the listing ---- */

typedef struct {
	cus_retention_item item;
	char subject[40];
	char first[11], event[11], due[11];
} item_slot;

struct cus_retention_iter {
	item_slot *v;
	size_t n, cap, next;
	char *strings[1u << CUS__RK_PERSONAL][2];  /* categories and symbols of a set of kinds */
	char *fin_strings[CUS_RETENTION_KIND_COUNT][2];
	const cus__retention_rules *r;
};

void cus_retention_iter_free(cus_retention_iter *it)
{
	if (!it)
		return;
	for (size_t i = 0; i < (1u << CUS__RK_PERSONAL); i++) {
		free(it->strings[i][0]);
		free(it->strings[i][1]);
	}
	for (size_t i = 0; i < CUS_RETENTION_KIND_COUNT; i++) {
		free(it->fin_strings[i][0]);
		free(it->fin_strings[i][1]);
	}
	free(it->v);
	free(it);
}

int cus_retention_next(const cus_retention_item **out, cus_retention_iter *it)
{
	if (!out || !it)
		return cus__error(CUS_EINVAL, "retention", NULL, "out or iterator is NULL");
	*out = NULL;
	if (it->next >= it->n)
		return CUS_ITEROVER;
	*out = &it->v[it->next++].item;
	return 0;
}

size_t cus_retention_count(const cus_retention_iter *it)
{
	return it ? it->n : 0;
}

const cus_retention_item *cus__retention_at(const cus_retention_iter *it, size_t i)
{
	return it && i < it->n ? &it->v[i].item : NULL;
}

static void add_distinct(char *buf, size_t size, const char *s)
{
	size_t n = strlen(s);
	for (const char *c = buf; *c;) {
		const char *e = strchr(c, ',');
		size_t len = e ? (size_t)(e - c) : strlen(c);
		if (len == n && strncmp(c, s, n) == 0)
			return;
		c = e ? e + 1 : c + len;
	}
	if (buf[0])
		strncat(buf, ",", size - strlen(buf) - 1);
	strncat(buf, s, size - strlen(buf) - 1);
}

/* The categories and symbols of the rules of a set of kinds. */
static int mask_strings(cus_retention_iter *it, unsigned mask, unsigned personal, const char **cats,
	const char **syms)
{
	char *(*slot)[2] = personal ? &it->strings[mask] : &it->fin_strings[mask];
	if (!(*slot)[0]) {
		char c[256] = "", s[256] = "";
		for (int k = 0; k < CUS_RETENTION_KIND_COUNT; k++) {
			int in = personal ? (k < CUS__RK_PERSONAL && (mask & (1u << k))) : (unsigned)k == mask;
			if (in && it->r->has[k]) {
				add_distinct(c, sizeof c, it->r->rules[k].category);
				add_distinct(s, sizeof s, it->r->rules[k].symbol);
			}
		}
		(*slot)[0] = strdup(c);
		(*slot)[1] = strdup(s);
		if (!(*slot)[0] || !(*slot)[1])
			return oom();
	}
	*cats = (*slot)[0];
	*syms = (*slot)[1];
	return 0;
}

static int push(cus_retention_iter *it, item_slot **out)
{
	if (it->n == it->cap) {
		size_t ncap = it->cap ? it->cap * 2 : 256;
		item_slot *v = realloc(it->v, ncap * sizeof *v);
		if (!v)
			return oom();
		it->v = v;
		it->cap = ncap;
	}
	*out = &it->v[it->n++];
	memset(*out, 0, sizeof **out);
	return 0;
}

static void fix_pointers(cus_retention_iter *it)
{
	/* the items point into their own slots: set once the array stops moving */
	for (size_t i = 0; i < it->n; i++) {
		item_slot *s = &it->v[i];
		s->item.subject = s->subject;
		s->item.first_date = s->first;
		s->item.event_date = s->event;
		s->item.due = s->due;
	}
}

static int add_file(cus_retention_iter *it, int64_t id, const cus__retention_file *f)
{
	item_slot *s = NULL;
	int rc = push(it, &s);
	if (rc)
		return rc;
	s->item.kind = "person";
	s->item.id = id;
	snprintf(s->subject, sizeof s->subject, "p-%lld", (long long)id);
	s->item.action = f->held ? CUS_RETENTION_HELD : f->action;
	s->item.action_name = cus_retention_action_name(s->item.action);
	unsigned mask = 0;
	for (int k = 0; k < CUS__RK_PERSONAL; k++)
		if (f->kinds & (1u << k))
			mask |= 1u << k;
	rc = mask_strings(it, mask, 1, &s->item.categories, &s->item.symbols);
	cus__retention_date_text(s->first, f->first);
	cus__retention_date_text(s->event, f->event);
	cus__retention_date_text(s->due, f->due);
	for (int k = 0; k < CUS_RETENTION_KIND_COUNT; k++)
		s->item.counts[k] = f->counts[k];
	return rc;
}

/* Finance records: budget lines (the end of their year), expenditures, projects. */
static int sweep_finance(cus_retention_iter *it, sqlite3 *sql, int32_t as_of, const cus__u64map *held)
{
	static const struct {
		int kind;
		const char *sql;
	} q[] = {
		{ CUS_RETENTION_BUDGET, "SELECT id, printf('%04d-12-31', year), NULL FROM budget_lines ORDER BY id" },
		{ CUS_RETENTION_EXPENDITURE, "SELECT id, date, NULL FROM expenditures ORDER BY id" },
		{ CUS_RETENTION_PROJECT, "SELECT id, period_from, period_to FROM projects ORDER BY id" },
	};
	const cus__retention_rules *r = it->r;
	int rc = 0;
	for (size_t i = 0; !rc && i < sizeof q / sizeof q[0]; i++) {
		int k = q[i].kind;
		if (!r->has[k])
			continue;
		const cus__retention_rule *rule = &r->rules[k];
		sqlite3_stmt *st = NULL;
		int src = sqlite3_prepare_v2(sql, q[i].sql, -1, &st, NULL);
		if (src != SQLITE_OK) {
			sqlite3_finalize(st);
			continue;   /* a database without the finance tables */
		}
		while (!rc && (src = sqlite3_step(st)) == SQLITE_ROW) {
			int64_t id = sqlite3_column_int64(st, 0);
			int32_t created = col_date(st, 1), end = col_date(st, 2);
			int32_t e = rule->event == CUS__EV_PROJECT_END ? end : created;
			int32_t due = cus__retention_due_int(rule, e);
			if (!due || due > as_of)
				continue;
			item_slot *s = NULL;
			if ((rc = push(it, &s)))
				break;
			s->item.kind = cus_retention_kind_name(k);
			s->item.id = id;
			snprintf(s->subject, sizeof s->subject, "%s:%lld", cus_retention_kind_name(k), (long long)id);
			int h = held && cus__u64map_get(held, ((uint64_t)k << 56) | (uint64_t)id, NULL);
			s->item.action = h ? CUS_RETENTION_HELD : rule->cat == CUS__CAT_A ? CUS_RETENTION_TRANSFER :
				rule->cat == CUS__CAT_BE ? CUS_RETENTION_APPRAISAL : CUS_RETENTION_DESTROY;
			s->item.action_name = cus_retention_action_name(s->item.action);
			rc = mask_strings(it, (unsigned)k, 0, &s->item.categories, &s->item.symbols);
			cus__retention_date_text(s->first, created ? created : e);
			cus__retention_date_text(s->event, e);
			cus__retention_date_text(s->due, due);
			s->item.counts[k] = 1;
		}
		if (!rc && src != SQLITE_DONE)
			rc = cus__sql_error(sql, src, "reading the finance records");
		sqlite3_finalize(st);
	}
	return rc;
}

int cus__retention_sweep(cus_retention_iter **out, cus_db *db, const cus__policy *p, int32_t as_of)
{
	*out = NULL;
	const cus__retention_rules *r = cus__policy_retention(p);
	if (!r)
		return cus__error(CUS_ENOTFOUND, "retention", NULL,
			"the active policy (version %lld) has no section 'retention'", (long long)cus__policy_version(p));
	sqlite3 *sql = cus__db_sql(db);
	int64_t max_id = 0;
	sqlite3_stmt *st = NULL;
	int src = sqlite3_prepare_v2(sql, "SELECT coalesce(max(id), 0) FROM persons", -1, &st, NULL);
	if (src == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		max_id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (src != SQLITE_OK)
		return cus__sql_error(sql, src, "reading persons");
	cus_retention_iter *it = calloc(1, sizeof *it);
	if (!it)
		return oom();
	it->r = r;
	scan sc = { db, sql, r, NULL, (size_t)max_id + 1, 0 };
	sc.ps = calloc(sc.n, sizeof *sc.ps);
	cus__u64map held = CUS__U64MAP_INIT;
	int rc = sc.ps ? 0 : oom();
	if (!rc)
		rc = scan_tables(&sc, as_of);
	if (!rc)
		rc = load_holds(&sc, as_of, &held);
	for (size_t id = 1; !rc && id < sc.n; id++) {
		const pstate *ps = &sc.ps[id];
		if (!(ps->flags & F_EXISTS) || (ps->flags & (F_STAT | F_OPEN)))
			continue;
		cus__retention_file f;
		finish(ps, r, &f);
		if (!f.due || f.due > as_of)
			continue;
		rc = add_file(it, (int64_t)id, &f);
	}
	free(sc.ps);
	if (!rc)
		rc = sweep_finance(it, sql, as_of, &held);
	cus__u64map_free(&held);
	if (rc) {
		cus_retention_iter_free(it);
		return rc;
	}
	fix_pointers(it);
	*out = it;
	return 0;
}

int cus__retention_as_of(const char *as_of, char out[11])
{
	if (!as_of) {
		cus__retention_today(out);
		return 0;
	}
	if (cus_date_check(as_of, NULL) != 0)
		return cus__error(CUS_EINVAL, "retention", "as_of", "as_of: must be a real date YYYY-MM-DD");
	memcpy(out, as_of, 10);
	out[10] = '\0';
	return 0;
}

int cus_retention_due(cus_retention_iter **out, cus_session *s, const char *as_of)
{
	if (!out || !s)
		return cus__error(CUS_EINVAL, "retention", NULL, "out or session is NULL");
	*out = NULL;
	char day[11];
	int rc = cus__retention_as_of(as_of, day);
	if (rc)
		return rc;
	char detail[64];
	snprintf(detail, sizeof detail, "as of %s", day);
	rc = cus__access_begin(s, "retention.due", "retention", NULL, "basic", CUS_OP_READ, detail);
	if (rc)
		return rc;
	const cus__policy *p = NULL;
	rc = cus__session_policy(s, &p);
	if (!rc)
		rc = cus__retention_sweep(out, s->db, p, cus__retention_date_int(day));
	return cus__access_end(s, rc);
}
