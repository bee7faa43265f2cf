/* Qualification: evaluating the conditions of an application's service from
 * the register as of the application date, storing the evaluation and the
 * decision, the batch over every submitted application, and the
 * coordinator's confirmations. */
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

/* ---- names and codes ---- */

static const char *const cond_result_names[] = { NULL, "met", "not_met", "needs_confirmation", "needs_data" };
static const char *const qual_result_names[] = { NULL, "qualified", "refused", "pending" };

const char *cus_condition_result_name(int result)
{
	return result >= CUS_COND_MET && result <= CUS_COND_NEEDS_DATA ? cond_result_names[result] : NULL;
}

const char *cus_qualification_result_name(int result)
{
	return result >= CUS_QUAL_QUALIFIED && result <= CUS_QUAL_PENDING ? qual_result_names[result] : NULL;
}

/* The code rule of cus_service_condition_code() over the kinds' names. */
static int condition_code(char *buf, size_t size, const char *(*kind_of)(const void *, size_t), const void *sv,
	size_t n, size_t i)
{
	if (!buf || size < 2)
		return cus__error(CUS_EINVAL, "cases", "size", "the buffer for a condition code is too small");
	buf[0] = '\0';
	if (i >= n)
		return cus__error(CUS_EINVAL, "cases", "condition", "condition: the service has no condition %zu", i);
	const char *kind = kind_of(sv, i);
	size_t same = 0, nth = 0;
	for (size_t k = 0; k < n; k++)
		if (strcmp(kind_of(sv, k), kind) == 0) {
			same++;
			if (k <= i)
				nth++;
		}
	int len = same > 1 ? snprintf(buf, size, "%s_%zu", kind, nth) : snprintf(buf, size, "%s", kind);
	if (len < 0 || (size_t)len >= size) {
		buf[0] = '\0';
		return cus__error(CUS_EINVAL, "cases", "size", "the buffer for a condition code is too small");
	}
	return 0;
}

static const char *pub_kind(const void *sv, size_t i)
{
	return ((const cus_service *)sv)->conditions[i].kind;
}

static const char *int_kind(const void *sv, size_t i)
{
	return ((const cus__service *)sv)->conditions[i].kind_name;
}

int cus_service_condition_code(char *buf, size_t size, const cus_service *service, size_t i)
{
	if (!service)
		return cus__error(CUS_EINVAL, "cases", "service", "no service given");
	return condition_code(buf, size, pub_kind, service, service->nconditions, i);
}

static int service_code_of(char buf[48], const cus__service *sv, size_t i)
{
	return condition_code(buf, 48, int_kind, sv, sv->nconditions, i);
}

int cus_qualify_options_init(cus_qualify_options *o, unsigned int version)
{
	if (!o)
		return cus__error(CUS_EINVAL, "cases", "options", "options is NULL");
	if (version != CUS_QUALIFY_OPTIONS_VERSION)
		return cus__error(CUS_EINVAL, "cases", "options", "unsupported cus_qualify_options version %u", version);
	cus_qualify_options init = CUS_QUALIFY_OPTIONS_INIT;
	*o = init;
	return 0;
}

/* ---- the categories a condition reads ---- */

#define NEED_FINANCIAL 1u
#define NEED_HEALTH 2u
#define NEED_DISABILITY 4u
#define NEED_FAMILY 8u

static unsigned kind_needs(cus__condition_kind k)
{
	switch (k) {
	case CUS__COND_CHILD_UNDER:
		return NEED_FAMILY;
	case CUS__COND_MEDICAL_INDICATION:
		return NEED_HEALTH;
	case CUS__COND_MOBILITY_LIMITATION:
		return NEED_HEALTH | NEED_DISABILITY;
	case CUS__COND_UNEMPLOYED:
		return NEED_FINANCIAL;
	default:
		return 0;
	}
}

static unsigned service_needs(const cus__service *sv)
{
	unsigned n = 0;
	for (size_t i = 0; i < sv->nconditions; i++)
		n |= kind_needs(sv->conditions[i].kind);
	return n;
}

/* "basic" and the categories of needs, in the policy's category order. */
static void needs_categories(char out[64], unsigned needs)
{
	snprintf(out, 64, "basic%s%s%s%s", needs & NEED_FINANCIAL ? ",financial" : "",
		needs & NEED_HEALTH ? ",health" : "", needs & NEED_DISABILITY ? ",disability" : "",
		needs & NEED_FAMILY ? ",family" : "");
}

/* Begin an operation that writes case records (basic) and reads cats: a
 * role that may not write basic is refused (and audited) on that. */
static int begin_write_read(cus_session *s, const char *action, const char *subject, const char *cats,
	const char *detail)
{
	int w = cus_session_allows(s, "basic", CUS_OP_WRITE);
	if (w < 0)
		return w;
	if (w == 0) {
		int rc = cus__access_begin(s, action, "application", subject, "basic", CUS_OP_WRITE, detail);
		if (rc == 0) /* allowed after all: the policy changed meanwhile */
			rc = cus__access_end(s, cus__error(CUS_EDENIED, "cases", NULL,
				"the policy changed during the operation; try again"));
		return rc;
	}
	return cus__access_begin(s, action, "application", subject, cats, CUS_OP_READ, detail);
}

/* ---- the evaluation context: statements prepared once per operation ---- */

enum {
	Q_APP,
	Q_PERSON,
	Q_CHILDREN,
	Q_RECORDS,
	Q_EMPLOYMENT,
	Q_CONFIRMATIONS,
	Q_NEXT,
	Q_INSERT,
	Q_DECIDE,
	Q_COUNT
};

static const char *const q_sql[Q_COUNT] = {
	[Q_APP] = "SELECT person_id, service, date, status, duration_months FROM applications WHERE id = ?1",
	[Q_PERSON] = "SELECT birth_date, teryt, pesel IS NOT NULL,"
		" EXISTS (SELECT 1 FROM household_members WHERE person_id = ?1) FROM persons WHERE id = ?1",
	[Q_CHILDREN] = "SELECT p.birth_date FROM relations r JOIN persons p ON p.id = r.member_id"
		" WHERE r.person_id = ?1 AND r.relation = 'child' ORDER BY p.birth_date DESC, p.id",
	[Q_RECORDS] = "SELECT id, version, category, date, valid_until, degree, indications FROM records"
		" WHERE person_id = ?1 AND date <= ?2 AND ((category = 'health' AND ?3) OR (category = 'disability'"
		" AND ?4)) ORDER BY date, id",
	[Q_EMPLOYMENT] = "SELECT status, since FROM employment WHERE person_id = ?1 AND since <= ?2"
		" ORDER BY since DESC, id DESC LIMIT 1",
	[Q_CONFIRMATIONS] = "SELECT condition, met, confirmed_by FROM confirmations WHERE application_id = ?1",
	[Q_NEXT] = "SELECT (SELECT coalesce(max(id), 0) + 1 FROM qualifications),"
		" (SELECT coalesce(max(run), 0) + 1 FROM qualifications WHERE application_id = ?1)",
	[Q_INSERT] = "INSERT INTO qualifications (id, application_id, run, result, as_of, decision_date,"
		" policy_version, decided_by, conditions, explanations, created)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	[Q_DECIDE] = "UPDATE applications SET status = ?2, decision_date = ?3, decided_by = ?4,"
		" decision_policy = ?5, reasons = ?6 WHERE id = ?1 AND status = 'submitted'",
};

typedef struct {
	int64_t id;
	char category[12];
	char date[11];
	char valid_until[11]; /* "" when none */
	char *degree;         /* disability, or NULL */
	char *indications;    /* or NULL */
} rec_item;

typedef struct {
	char code[48];
	int met;
	char by[CUS_LOGIN_MAX + 1];
} conf_item;

typedef struct {
	cus_session *s;
	cus_db *db;
	const cus__policy *pol;
	sqlite3_stmt *st[Q_COUNT];
	cus__pkey key;          /* the current person's data key */
	char now[21];
	/* the person's data as of the date */
	int64_t person;
	char birth[11], teryt[8];
	int has_pesel, has_household;
	char (*children)[11];
	size_t nchildren, capchildren;
	rec_item *recs;
	size_t nrecs, caprecs;
	const char *emp_status; /* NULL: none */
	char emp_since[11];
	conf_item *confs;
	size_t nconfs, capconfs;
} qctx;

static void recs_clear(qctx *c)
{
	for (size_t i = 0; i < c->nrecs; i++) {
		cus__wipe_free(c->recs[i].degree);
		cus__wipe_free(c->recs[i].indications);
	}
	c->nrecs = 0;
}

static void ctx_free(qctx *c)
{
	for (int i = 0; i < Q_COUNT; i++)
		sqlite3_finalize(c->st[i]);
	recs_clear(c);
	free(c->recs);
	if (c->children)
		sodium_memzero(c->children, c->capchildren * sizeof *c->children);
	free(c->children);
	free(c->confs);
	cus__pkey_wipe(&c->key);
	sodium_memzero(c->birth, sizeof c->birth);
	memset(c, 0, sizeof *c);
}

static int ctx_init(qctx *c, cus_session *s)
{
	memset(c, 0, sizeof *c);
	c->s = s;
	c->db = s->db;
	cus__utc_now(c->now);
	return cus__session_policy(s, &c->pol);
}

/* The statement q, prepared on first use, reset with its bindings cleared. */
static int stmt(qctx *c, int q, sqlite3_stmt **out)
{
	if (!c->st[q]) {
		int src = sqlite3_prepare_v2(cus__db_sql(c->db), q_sql[q], -1, &c->st[q], NULL);
		if (src != SQLITE_OK) {
			sqlite3_finalize(c->st[q]);
			c->st[q] = NULL;
			return sqlerr(c->db, src, "preparing a qualification");
		}
	} else {
		sqlite3_reset(c->st[q]);
		sqlite3_clear_bindings(c->st[q]);
	}
	*out = c->st[q];
	return 0;
}

/* An application's row. */
typedef struct {
	int64_t id, person;
	char service[64];
	char date[11];
	char status[16];
	int duration;
} app_row;

static int app_load(qctx *c, int64_t id, app_row *a)
{
	memset(a, 0, sizeof *a);
	sqlite3_stmt *st = NULL;
	int rc = stmt(c, Q_APP, &st);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	int src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		a->id = id;
		a->person = sqlite3_column_int64(st, 0);
		snprintf(a->service, sizeof a->service, "%s", (const char *)sqlite3_column_text(st, 1));
		snprintf(a->date, sizeof a->date, "%s", (const char *)sqlite3_column_text(st, 2));
		snprintf(a->status, sizeof a->status, "%s", (const char *)sqlite3_column_text(st, 3));
		a->duration = sqlite3_column_int(st, 4);
	}
	sqlite3_reset(st);
	if (src == SQLITE_DONE)
		return cus__error(CUS_ENOTFOUND, "cases", "id", "no application with id %lld", (long long)id);
	return src == SQLITE_ROW ? 0 : sqlerr(c->db, src, "reading an application");
}

/* Is code one of the comma-separated codes of list? */
static int list_has(const char *list, const char *code)
{
	size_t n = strlen(code);
	const char *p = list;
	while (p && *p) {
		while (*p == ' ' || *p == ',' || *p == '\t')
			p++;
		const char *e = p;
		while (*e && *e != ',')
			e++;
		const char *t = e;
		while (t > p && (t[-1] == ' ' || t[-1] == '\t'))
			t--;
		if ((size_t)(t - p) == n && memcmp(p, code, n) == 0)
			return 1;
		p = e;
	}
	return 0;
}

/* Load what the conditions (needs) read of the person as of date, and the
 * application's confirmations. */
static int person_load(qctx *c, int64_t person, int64_t application, const char *date, unsigned needs)
{
	cus_db *db = c->db;
	sqlite3_stmt *st = NULL;
	c->person = person;
	c->nchildren = 0;
	recs_clear(c);
	c->emp_status = NULL;
	c->emp_since[0] = '\0';
	c->nconfs = 0;

	int rc = stmt(c, Q_PERSON, &st);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, person);
	int src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		snprintf(c->birth, sizeof c->birth, "%s", (const char *)sqlite3_column_text(st, 0));
		snprintf(c->teryt, sizeof c->teryt, "%s", (const char *)sqlite3_column_text(st, 1));
		c->has_pesel = sqlite3_column_int(st, 2);
		c->has_household = sqlite3_column_int(st, 3);
	}
	sqlite3_reset(st);
	if (src == SQLITE_DONE)
		return cus__error(CUS_ENOTFOUND, "cases", "person", "no person with id %lld", (long long)person);
	if (src != SQLITE_ROW)
		return sqlerr(db, src, "reading a person");
	/* the key: erased persons stop here (CUS_ESHREDDED) */
	rc = cus__pkey_load(db, person, &c->key);
	if (rc)
		return rc;

	if ((needs & NEED_FAMILY) && c->has_household) {
		if ((rc = stmt(c, Q_CHILDREN, &st)))
			return rc;
		sqlite3_bind_int64(st, 1, person);
		while ((src = sqlite3_step(st)) == SQLITE_ROW) {
			if (c->nchildren == c->capchildren) {
				size_t ncap = c->capchildren ? 2 * c->capchildren : 4;
				char(*nc)[11] = realloc(c->children, ncap * sizeof *nc);
				if (!nc) {
					sqlite3_reset(st);
					return oom();
				}
				c->children = nc;
				c->capchildren = ncap;
			}
			snprintf(c->children[c->nchildren++], 11, "%s", (const char *)sqlite3_column_text(st, 0));
		}
		sqlite3_reset(st);
		if (src != SQLITE_DONE)
			return sqlerr(db, src, "reading a household");
	}

	if (needs & (NEED_HEALTH | NEED_DISABILITY)) {
		if ((rc = stmt(c, Q_RECORDS, &st)))
			return rc;
		sqlite3_bind_int64(st, 1, person);
		sqlite3_bind_text(st, 2, date, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, (needs & NEED_HEALTH) != 0);
		sqlite3_bind_int(st, 4, (needs & NEED_DISABILITY) != 0);
		while (!rc && (src = sqlite3_step(st)) == SQLITE_ROW) {
			if (c->nrecs == c->caprecs) {
				size_t ncap = c->caprecs ? 2 * c->caprecs : 4;
				rec_item *nr = realloc(c->recs, ncap * sizeof *nr);
				if (!nr) {
					rc = oom();
					break;
				}
				c->recs = nr;
				c->caprecs = ncap;
			}
			rec_item *r = &c->recs[c->nrecs++];
			memset(r, 0, sizeof *r);
			r->id = sqlite3_column_int64(st, 0);
			int64_t version = sqlite3_column_int64(st, 1);
			snprintf(r->category, sizeof r->category, "%s", (const char *)sqlite3_column_text(st, 2));
			snprintf(r->date, sizeof r->date, "%s", (const char *)sqlite3_column_text(st, 3));
			if (sqlite3_column_type(st, 4) != SQLITE_NULL)
				snprintf(r->valid_until, sizeof r->valid_until, "%s",
					(const char *)sqlite3_column_text(st, 4));
			if (sqlite3_column_type(st, 5) != SQLITE_NULL)
				rc = cus__field_open(&r->degree, db, &c->key, r->category, "records", "degree", r->id,
					version, sqlite3_column_blob(st, 5), (size_t)sqlite3_column_bytes(st, 5));
			if (!rc && sqlite3_column_type(st, 6) != SQLITE_NULL)
				rc = cus__field_open(&r->indications, db, &c->key, r->category, "records", "indications",
					r->id, version, sqlite3_column_blob(st, 6), (size_t)sqlite3_column_bytes(st, 6));
		}
		sqlite3_reset(st);
		if (rc)
			return rc;
		if (src != SQLITE_DONE)
			return sqlerr(db, src, "reading records");
	}

	if (needs & NEED_FINANCIAL) {
		if ((rc = stmt(c, Q_EMPLOYMENT, &st)))
			return rc;
		sqlite3_bind_int64(st, 1, person);
		sqlite3_bind_text(st, 2, date, -1, SQLITE_STATIC);
		src = sqlite3_step(st);
		if (src == SQLITE_ROW) {
			static const char *const codes[] = { "unemployed", "employed", "self_employed", "retired",
				"student", "inactive" };
			const char *v = (const char *)sqlite3_column_text(st, 0);
			for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
				if (strcmp(v, codes[i]) == 0)
					c->emp_status = codes[i];
			snprintf(c->emp_since, sizeof c->emp_since, "%s", (const char *)sqlite3_column_text(st, 1));
		}
		sqlite3_reset(st);
		if (src != SQLITE_ROW && src != SQLITE_DONE)
			return sqlerr(db, src, "reading an employment status");
	}

	if (application) {
		if ((rc = stmt(c, Q_CONFIRMATIONS, &st)))
			return rc;
		sqlite3_bind_int64(st, 1, application);
		while ((src = sqlite3_step(st)) == SQLITE_ROW) {
			if (c->nconfs == c->capconfs) {
				size_t ncap = c->capconfs ? 2 * c->capconfs : 4;
				conf_item *nc = realloc(c->confs, ncap * sizeof *nc);
				if (!nc) {
					sqlite3_reset(st);
					return oom();
				}
				c->confs = nc;
				c->capconfs = ncap;
			}
			conf_item *k = &c->confs[c->nconfs++];
			snprintf(k->code, sizeof k->code, "%s", (const char *)sqlite3_column_text(st, 0));
			k->met = sqlite3_column_int(st, 1);
			snprintf(k->by, sizeof k->by, "%s", (const char *)sqlite3_column_text(st, 2));
		}
		sqlite3_reset(st);
		if (src != SQLITE_DONE)
			return sqlerr(db, src, "reading confirmations");
	}
	return 0;
}

/* ---- evaluating one condition ---- */

typedef struct {
	int result;
	char text[512];               /* the explanation */
	const conf_item *confirmation; /* applied, or NULL */
} cond_out;

static int rec_valid_on(const rec_item *r, const char *date)
{
	return !r->valid_until[0] || strcmp(r->valid_until, date) >= 0;
}

static void validity(char out[40], const rec_item *r)
{
	if (r->valid_until[0])
		snprintf(out, 40, "valid until %s", r->valid_until);
	else
		snprintf(out, 40, "without an end date");
}

static void eval_identity(const qctx *c, cond_out *o)
{
	if (c->has_pesel) {
		o->result = CUS_COND_MET;
		snprintf(o->text, sizeof o->text, "The register holds the person's PESEL.");
	} else {
		o->result = CUS_COND_NEEDS_CONFIRMATION;
		snprintf(o->text, sizeof o->text,
			"The register holds no PESEL for the person, so a coordinator must confirm the identity from a"
			" document.");
	}
}

static void eval_residence(const qctx *c, cond_out *o)
{
	const char *t = cus__policy_teryt(c->pol);
	if (t && strcmp(c->teryt, t) == 0) {
		o->result = CUS_COND_MET;
		snprintf(o->text, sizeof o->text, "The registered TERYT %s is the municipality's (%s).", c->teryt, t);
	} else {
		o->result = CUS_COND_NOT_MET;
		snprintf(o->text, sizeof o->text, "The registered TERYT %s is not the municipality's %s.", c->teryt,
			t ? t : "(none in the policy)");
	}
}

static void eval_child_under(const qctx *c, int n, const char *date, cond_out *o)
{
	if (!c->has_household) {
		o->result = CUS_COND_NEEDS_DATA;
		snprintf(o->text, sizeof o->text,
			"needs data: the person has no household in the register, so no child under %d on %s is known.", n,
			date);
		return;
	}
	/* children youngest first: the first born by the date decides */
	for (size_t i = 0; i < c->nchildren; i++) {
		if (strcmp(c->children[i], date) > 0)
			continue; /* born after the date: does not count */
		int age = cus_age_on(c->children[i], date);
		if (age < 0) {
			cus_error_clear();
			continue;
		}
		if (age < n) {
			o->result = CUS_COND_MET;
			snprintf(o->text, sizeof o->text, "A child born %s is %d on %s, under %d as required.",
				c->children[i], age, date, n);
		} else {
			o->result = CUS_COND_NOT_MET;
			snprintf(o->text, sizeof o->text,
				"No child under %d on %s: the youngest child born by then, born %s, is %d.", n, date,
				c->children[i], age);
		}
		return;
	}
	o->result = CUS_COND_NOT_MET;
	snprintf(o->text, sizeof o->text, "No child under %d on %s: the household has no child of the person born by"
		" then.", n, date);
}

static void eval_age_min(const qctx *c, int n, const char *date, cond_out *o)
{
	int age = cus_age_on(c->birth, date);
	if (age < 0) {
		cus_error_clear();
		o->result = CUS_COND_NOT_MET;
		snprintf(o->text, sizeof o->text, "Born %s, after %s; at least %d required.", c->birth, date, n);
		return;
	}
	o->result = age >= n ? CUS_COND_MET : CUS_COND_NOT_MET;
	snprintf(o->text, sizeof o->text, "Age %d on %s, born %s; at least %d required.", age, date, c->birth, n);
}

static void eval_medical(const qctx *c, const char *service, const char *date, cond_out *o)
{
	size_t with = 0;
	for (size_t i = 0; i < c->nrecs; i++) {
		const rec_item *r = &c->recs[i];
		if (strcmp(r->category, "health") != 0 || !r->indications || !*r->indications)
			continue;
		with++;
		if (rec_valid_on(r, date) && list_has(r->indications, service)) {
			char v[40];
			validity(v, r);
			o->result = CUS_COND_MET;
			snprintf(o->text, sizeof o->text,
				"Health record %lld of %s (%s) lists the indication %s, valid on %s.", (long long)r->id,
				r->date, v, service, date);
			return;
		}
	}
	if (with) {
		o->result = CUS_COND_NOT_MET;
		snprintf(o->text, sizeof o->text,
			"No health record valid on %s lists the indication %s (%zu health record%s with indications dated"
			" by then).", date, service, with, with == 1 ? "" : "s");
	} else {
		o->result = CUS_COND_NEEDS_DATA;
		snprintf(o->text, sizeof o->text, "needs data: no health record with indications dated on or before %s.",
			date);
	}
}

static void eval_mobility(const qctx *c, const char *date, cond_out *o)
{
	const rec_item *graded = NULL;
	size_t light = 0, disab = 0;
	for (size_t i = 0; i < c->nrecs; i++) {
		const rec_item *r = &c->recs[i];
		if (!rec_valid_on(r, date))
			continue;
		if (r->indications && list_has(r->indications, "mobility_limitation")) {
			char v[40];
			validity(v, r);
			o->result = CUS_COND_MET;
			snprintf(o->text, sizeof o->text, "The %s record %lld of %s (%s) lists mobility_limitation, valid on %s.",
				r->category, (long long)r->id, r->date, v, date);
			return;
		}
		if (strcmp(r->category, "disability") == 0) {
			disab++;
			if (r->degree && (strcmp(r->degree, "moderate") == 0 || strcmp(r->degree, "severe") == 0)) {
				if (!graded)
					graded = r;
			} else if (r->degree && strcmp(r->degree, "light") == 0) {
				light++;
			}
		}
	}
	if (graded) {
		o->result = CUS_COND_NEEDS_CONFIRMATION;
		snprintf(o->text, sizeof o->text,
			"The disability record %lld of %s gives a %s degree valid on %s but lists no mobility_limitation, so a"
			" coordinator must confirm the limitation.", (long long)graded->id, graded->date, graded->degree, date);
	} else if (disab && light == disab) {
		o->result = CUS_COND_NOT_MET;
		snprintf(o->text, sizeof o->text,
			"The only disability record%s valid on %s give%s a light degree and no record lists"
			" mobility_limitation.", disab == 1 ? "" : "s", date, disab == 1 ? "s" : "");
	} else {
		o->result = CUS_COND_NEEDS_DATA;
		snprintf(o->text, sizeof o->text,
			"needs data: no health or disability record valid on %s lists mobility_limitation or gives a"
			" disability degree.", date);
	}
}

static void eval_unemployed(const qctx *c, const char *date, cond_out *o)
{
	if (!c->emp_status) {
		o->result = CUS_COND_NEEDS_DATA;
		snprintf(o->text, sizeof o->text, "needs data: no employment status recorded on or before %s.", date);
	} else if (strcmp(c->emp_status, "unemployed") == 0) {
		o->result = CUS_COND_MET;
		snprintf(o->text, sizeof o->text, "The employment status on %s is unemployed, since %s.", date,
			c->emp_since);
	} else {
		o->result = CUS_COND_NOT_MET;
		snprintf(o->text, sizeof o->text, "The employment status on %s is %s, since %s; unemployed required.",
			date, c->emp_status, c->emp_since);
	}
}

/* The result computed from the register (no confirmation applied). */
static void eval_computed(const qctx *c, const cus__service *sv, size_t i, const char *date, cond_out *o)
{
	const cus__condition *cd = &sv->conditions[i];
	o->confirmation = NULL;
	switch (cd->kind) {
	case CUS__COND_IDENTITY:
		eval_identity(c, o);
		break;
	case CUS__COND_RESIDENCE:
		eval_residence(c, o);
		break;
	case CUS__COND_CHILD_UNDER:
		eval_child_under(c, cd->value, date, o);
		break;
	case CUS__COND_AGE_MIN:
		eval_age_min(c, cd->value, date, o);
		break;
	case CUS__COND_MEDICAL_INDICATION:
		eval_medical(c, sv->code, date, o);
		break;
	case CUS__COND_MOBILITY_LIMITATION:
		eval_mobility(c, date, o);
		break;
	case CUS__COND_UNEMPLOYED:
		eval_unemployed(c, date, o);
		break;
	case CUS__COND_MANUAL:
	default:
		o->result = CUS_COND_NEEDS_CONFIRMATION;
		snprintf(o->text, sizeof o->text, "A coordinator must confirm this condition by hand.");
		break;
	}
}

/* With the confirmations applied: a confirmation replaces a result that
 * needs confirmation. */
static void eval_condition(const qctx *c, const cus__service *sv, size_t i, const char *code, const char *date,
	cond_out *o)
{
	eval_computed(c, sv, i, date, o);
	if (o->result != CUS_COND_NEEDS_CONFIRMATION)
		return;
	for (size_t k = 0; k < c->nconfs; k++) {
		const conf_item *cf = &c->confs[k];
		if (strcmp(cf->code, code) != 0)
			continue;
		o->confirmation = cf;
		o->result = cf->met ? CUS_COND_MET : CUS_COND_NOT_MET;
		if (sv->conditions[i].kind == CUS__COND_MANUAL) {
			snprintf(o->text, sizeof o->text, "A coordinator (%s) %s this condition by hand.", cf->by,
				cf->met ? "confirmed" : "rejected");
		} else {
			/* the computed explanation ends "..., so a coordinator must
			 * confirm ..."; keep the facts, state the outcome */
			char *so = strstr(o->text, ", so a coordinator must confirm");
			if (so)
				*so = '\0';
			else if (strlen(o->text) && o->text[strlen(o->text) - 1] == '.')
				o->text[strlen(o->text) - 1] = '\0';
			size_t len = strlen(o->text);
			snprintf(o->text + len, sizeof o->text - len, "; a coordinator (%s) %s it by hand.", cf->by,
				cf->met ? "confirmed" : "rejected");
		}
		return;
	}
}

/* ---- the qualification object ---- */

static int dup_to(const char **out, const char *s)
{
	*out = NULL;
	if (!s)
		return 0;
	char *d = strdup(s);
	*out = d;
	return d ? 0 : oom();
}

void cus_qualification_free(cus_qualification *q)
{
	if (!q)
		return;
	cus_condition_eval *cs = (cus_condition_eval *)q->conditions;
	for (size_t i = 0; cs && i < q->nconditions; i++) {
		cus__wipe_free((char *)cs[i].code);
		cus__wipe_free((char *)cs[i].kind);
		cus__wipe_free((char *)cs[i].text);
		cus__wipe_free((char *)cs[i].explanation);
		cus__wipe_free((char *)cs[i].confirmed_by);
	}
	free(cs);
	cus__wipe_free((char *)q->service);
	cus__wipe_free((char *)q->as_of);
	cus__wipe_free((char *)q->decided_by);
	cus__wipe_free((char *)q->decision_date);
	cus__wipe_free((char *)q->status);
	free(q);
}

/* One evaluation of an application; the strings stay in c / out. */
typedef struct {
	int result;
	cond_out conds[64];
	char codes[64][48];
	size_t n;
	int64_t run;
	const char *decision_date; /* NULL when pending */
	const char *status;        /* afterwards */
} eval_result;

#define MAX_CONDITIONS 64

/* Evaluate application a (its person's data loaded by the caller) and,
 * unless dry, store the evaluation and the decision. */
static int qualify_one(qctx *c, const app_row *a, const cus__service *sv, const char *decision_date, int dry,
	eval_result *r)
{
	cus_db *db = c->db;
	int rc = 0;
	if (sv->nconditions > MAX_CONDITIONS)
		return cus__error(CUS_ERROR, "cases", "service", "a service has too many conditions");
	r->n = sv->nconditions;
	int any_not = 0, all_met = 1;
	for (size_t i = 0; i < r->n; i++) {
		if ((rc = service_code_of(r->codes[i], sv, i)))
			return rc;
		eval_condition(c, sv, i, r->codes[i], a->date, &r->conds[i]);
		if (r->conds[i].result == CUS_COND_NOT_MET)
			any_not = 1;
		if (r->conds[i].result != CUS_COND_MET)
			all_met = 0;
	}
	r->result = any_not ? CUS_QUAL_REFUSED : all_met ? CUS_QUAL_QUALIFIED : CUS_QUAL_PENDING;
	const char *dd = decision_date ? decision_date : a->date;
	if (strcmp(dd, a->date) < 0)
		return cus__error(CUS_EINVAL, "cases", "decision_date",
			"decision_date: must not be before the application date");
	r->decision_date = r->result == CUS_QUAL_PENDING ? NULL : dd;
	int decides = strcmp(a->status, "submitted") == 0 && r->result != CUS_QUAL_PENDING;
	r->status = decides && !dry ? (r->result == CUS_QUAL_QUALIFIED ? "qualified" : "refused") : a->status;

	sqlite3_stmt *st = NULL;
	if ((rc = stmt(c, Q_NEXT, &st)))
		return rc;
	sqlite3_bind_int64(st, 1, a->id);
	int src = sqlite3_step(st);
	int64_t qid = 0;
	if (src == SQLITE_ROW) {
		qid = sqlite3_column_int64(st, 0);
		r->run = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (src != SQLITE_ROW)
		return sqlerr(db, src, "numbering a qualification");
	if (dry)
		return 0;

	/* conditions "code=result,..." and the explanations, one a line */
	size_t clen = 1, elen = 1;
	for (size_t i = 0; i < r->n; i++) {
		clen += strlen(r->codes[i]) + 24;
		elen += strlen(r->conds[i].text) + 1;
	}
	char *conds = malloc(clen), *expl = malloc(elen), *reasons = NULL;
	if (!conds || !expl) {
		free(conds);
		free(expl);
		return oom();
	}
	conds[0] = expl[0] = '\0';
	size_t cp = 0, ep = 0;
	for (size_t i = 0; i < r->n; i++) {
		cp += (size_t)snprintf(conds + cp, clen - cp, "%s%s=%s", i ? "," : "", r->codes[i],
			cus_condition_result_name(r->conds[i].result));
		ep += (size_t)snprintf(expl + ep, elen - ep, "%s%s", i ? "\n" : "", r->conds[i].text);
	}
	if (r->result == CUS_QUAL_REFUSED) {
		reasons = malloc(elen + 2 * r->n);
		if (!reasons) {
			free(conds);
			cus__wipe_free(expl);
			return oom();
		}
		size_t rp = 0;
		reasons[0] = '\0';
		for (size_t i = 0; i < r->n; i++)
			if (r->conds[i].result == CUS_COND_NOT_MET)
				rp += (size_t)snprintf(reasons + rp, elen + 2 * r->n - rp, "%s%s", rp ? "; " : "",
					r->conds[i].text);
	}
	unsigned char *eblob = NULL, *rblob = NULL;
	size_t eblen = 0, rblen = 0;
	rc = cus__field_seal(&eblob, &eblen, db, &c->key, "basic", "qualifications", "explanations", qid, 1, expl);
	if (!rc && reasons && decides)
		rc = cus__field_seal(&rblob, &rblen, db, &c->key, "basic", "applications", "reasons", a->id, 1,
			reasons);
	cus__wipe_free(expl);
	cus__wipe_free(reasons);
	if (!rc && !(rc = stmt(c, Q_INSERT, &st))) {
		sqlite3_bind_int64(st, 1, qid);
		sqlite3_bind_int64(st, 2, a->id);
		sqlite3_bind_int64(st, 3, r->run);
		sqlite3_bind_text(st, 4, cus_qualification_result_name(r->result), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, a->date, -1, SQLITE_STATIC);
		if (r->decision_date)
			sqlite3_bind_text(st, 6, r->decision_date, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 7, cus__policy_version(c->pol));
		sqlite3_bind_text(st, 8, c->s->user, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 9, conds, -1, SQLITE_STATIC);
		sqlite3_bind_blob(st, 10, eblob, (int)eblen, SQLITE_STATIC);
		sqlite3_bind_text(st, 11, c->now, -1, SQLITE_STATIC);
		src = sqlite3_step(st);
		sqlite3_reset(st);
		if (src != SQLITE_DONE)
			rc = sqlerr(db, src, "storing a qualification");
	}
	if (!rc && decides && !(rc = stmt(c, Q_DECIDE, &st))) {
		sqlite3_bind_int64(st, 1, a->id);
		sqlite3_bind_text(st, 2, r->status, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, r->decision_date, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, c->s->user, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 5, cus__policy_version(c->pol));
		if (rblob)
			sqlite3_bind_blob(st, 6, rblob, (int)rblen, SQLITE_STATIC);
		src = sqlite3_step(st);
		sqlite3_reset(st);
		if (src != SQLITE_DONE)
			rc = sqlerr(db, src, "recording a decision");
	}
	free(conds);
	free(eblob);
	free(rblob);
	return rc;
}

static int qualification_make(cus_qualification **out, const qctx *c, const app_row *a, const cus__service *sv,
	const eval_result *r)
{
	cus_qualification *q = calloc(1, sizeof *q);
	if (!q)
		return oom();
	cus_condition_eval *cs = r->n ? calloc(r->n, sizeof *cs) : NULL;
	if (r->n && !cs) {
		free(q);
		return oom();
	}
	q->conditions = cs;
	q->nconditions = r->n;
	q->application_id = a->id;
	q->person_id = a->person;
	q->result = r->result;
	q->result_name = cus_qualification_result_name(r->result);
	q->policy_version = cus__policy_version(c->pol);
	q->plan_required = a->duration >= 3;
	q->run = r->run;
	int rc = dup_to(&q->service, sv->code);
	if (!rc)
		rc = dup_to(&q->as_of, a->date);
	if (!rc)
		rc = dup_to(&q->decided_by, c->s->user);
	if (!rc)
		rc = dup_to(&q->decision_date, r->decision_date);
	if (!rc)
		rc = dup_to(&q->status, r->status);
	for (size_t i = 0; !rc && i < r->n; i++) {
		const cus__condition *cd = &sv->conditions[i];
		cs[i].value = cd->has_value ? cd->value : 0;
		cs[i].result = r->conds[i].result;
		cs[i].result_name = cus_condition_result_name(r->conds[i].result);
		rc = dup_to(&cs[i].code, r->codes[i]);
		if (!rc)
			rc = dup_to(&cs[i].kind, cd->kind_name);
		if (!rc)
			rc = dup_to(&cs[i].text, cd->text);
		if (!rc)
			rc = dup_to(&cs[i].explanation, r->conds[i].text);
		if (!rc && r->conds[i].confirmation)
			rc = dup_to(&cs[i].confirmed_by, r->conds[i].confirmation->by);
	}
	if (rc) {
		cus_qualification_free(q);
		return rc;
	}
	*out = q;
	return 0;
}

/* ---- cus_qualify ---- */

static int options_check(const cus_qualify_options *o)
{
	if (!o)
		return 0;
	if (o->version != CUS_QUALIFY_OPTIONS_VERSION)
		return cus__error(CUS_EINVAL, "cases", "options", "unsupported cus_qualify_options version %u",
			o->version);
	if (o->decision_date) {
		char today[11];
		cus__today(today);
		if (cus_date_check(o->decision_date, NULL) != 0)
			return cus__error(CUS_EINVAL, "cases", "decision_date",
				"decision_date: must be a real date YYYY-MM-DD");
		if (strcmp(o->decision_date, today) > 0)
			return cus__error(CUS_EINVAL, "cases", "decision_date", "decision_date: must not be after today");
	}
	return 0;
}

/* The service of an application under a policy (CUS_ENOTFOUND, field
 * "service", when the policy has none of that code). */
static int service_of(const cus__policy *p, const char *code, const cus__service **sv)
{
	*sv = cus__policy_service_find(p, code);
	if (!*sv)
		return cus__error(CUS_ENOTFOUND, "cases", "service",
			"service: the application's service is not in policy version %lld",
			(long long)cus__policy_version(p));
	return 0;
}

/* The categories checked at the start must cover what the policy of the
 * operation needs (it may have changed in between). */
static int needs_covered(unsigned checked, unsigned needs)
{
	if (needs & ~checked)
		return cus__error(CUS_EBUSY, "cases", NULL, "the policy changed during the operation; try again");
	return 0;
}

/* Before an operation on an application: its person and the categories its
 * service needs under the active policy (0 when unknown). */
static int app_peek(cus_db *db, int64_t id, int64_t *person, unsigned *needs, const char *condition)
{
	*person = 0;
	*needs = 0;
	sqlite3_stmt *st = NULL;
	char service[64] = "";
	int src = sqlite3_prepare_v2(cus__db_sql(db), "SELECT person_id, service FROM applications WHERE id = ?1", -1,
		&st, NULL);
	if (src == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, id);
		src = sqlite3_step(st);
		if (src == SQLITE_ROW) {
			*person = sqlite3_column_int64(st, 0);
			snprintf(service, sizeof service, "%s", (const char *)sqlite3_column_text(st, 1));
		}
	}
	sqlite3_finalize(st);
	if (src != SQLITE_ROW && src != SQLITE_DONE)
		return sqlerr(db, src, "reading an application");
	if (!*person)
		return 0;
	const cus__policy *p = NULL;
	int rc = cus__policy_active(db, &p);
	if (rc)
		return rc;
	const cus__service *sv = cus__policy_service_find(p, service);
	if (!sv)
		return 0;
	if (!condition) {
		*needs = service_needs(sv);
		return 0;
	}
	for (size_t i = 0; i < sv->nconditions; i++) {
		char code[48];
		if (service_code_of(code, sv, i) == 0 && strcmp(code, condition) == 0)
			*needs = kind_needs(sv->conditions[i].kind);
	}
	return 0;
}

static int qualify_in(cus_qualification **out, cus_session *s, int64_t id, const cus_qualify_options *o,
	unsigned checked)
{
	qctx c;
	int rc = ctx_init(&c, s);
	app_row a;
	const cus__service *sv = NULL;
	if (!rc)
		rc = app_load(&c, id, &a);
	if (!rc)
		rc = service_of(c.pol, a.service, &sv);
	if (!rc)
		rc = needs_covered(checked, service_needs(sv));
	if (!rc)
		rc = person_load(&c, a.person, a.id, a.date, service_needs(sv));
	eval_result *r = NULL;
	if (!rc && !(r = calloc(1, sizeof *r)))
		rc = oom();
	if (!rc)
		rc = qualify_one(&c, &a, sv, o ? o->decision_date : NULL, o ? o->dry_run : 0, r);
	if (!rc)
		rc = qualification_make(out, &c, &a, sv, r);
	if (r) {
		sodium_memzero(r, sizeof *r);
		free(r);
	}
	ctx_free(&c);
	return rc;
}

int cus_qualify(cus_qualification **out, cus_session *s, int64_t application, const cus_qualify_options *opts)
{
	if (!out || !s)
		return cus__error(CUS_EINVAL, "cases", NULL, "out or session is NULL");
	*out = NULL;
	int rc = options_check(opts);
	if (rc)
		return rc;
	int64_t person = 0;
	unsigned needs = 0;
	if ((rc = app_peek(s->db, application, &person, &needs, NULL)))
		return rc;
	char subj[32], cats[64], detail[64];
	cus__person_subject(subj, person);
	needs_categories(cats, needs);
	snprintf(detail, sizeof detail, "application %lld%s", (long long)application,
		opts && opts->dry_run ? ", dry run" : "");
	rc = begin_write_read(s, "qualification.run", person ? subj : NULL, cats, detail);
	if (rc)
		return rc;
	cus_qualification *q = NULL;
	rc = cus__access_end(s, qualify_in(&q, s, application, opts, needs));
	if (rc) {
		cus_qualification_free(q);
		return rc;
	}
	*out = q;
	return 0;
}

/* ---- cus_qualify_pending ---- */

typedef struct {
	app_row *items;
	size_t n, cap;
} app_list;

/* The submitted applications (of service, or all), by person then id. */
static int pending_collect(cus_db *db, const char *service, int all, app_list *l)
{
	sqlite3_stmt *st = NULL;
	int src = sqlite3_prepare_v2(cus__db_sql(db), "SELECT id, person_id, service, date, status, duration_months"
		" FROM applications WHERE status = 'submitted' AND (?1 IS NULL OR service = ?1)"
		" AND (?9 OR person_id NOT IN (SELECT person_id FROM restrictions WHERE lifted IS NULL))"
		" ORDER BY person_id, id", -1, &st, NULL);
	if (src != SQLITE_OK) {
		sqlite3_finalize(st);
		return sqlerr(db, src, "listing applications");
	}
	if (service)
		sqlite3_bind_text(st, 1, service, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 9, all);
	int rc = 0;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		if (l->n == l->cap) {
			size_t ncap = l->cap ? 2 * l->cap : 64;
			app_row *ni = realloc(l->items, ncap * sizeof *ni);
			if (!ni) {
				rc = oom();
				break;
			}
			l->items = ni;
			l->cap = ncap;
		}
		app_row *a = &l->items[l->n++];
		memset(a, 0, sizeof *a);
		a->id = sqlite3_column_int64(st, 0);
		a->person = sqlite3_column_int64(st, 1);
		snprintf(a->service, sizeof a->service, "%s", (const char *)sqlite3_column_text(st, 2));
		snprintf(a->date, sizeof a->date, "%s", (const char *)sqlite3_column_text(st, 3));
		snprintf(a->status, sizeof a->status, "%s", (const char *)sqlite3_column_text(st, 4));
		a->duration = sqlite3_column_int(st, 5);
	}
	if (!rc && src != SQLITE_DONE)
		rc = sqlerr(db, src, "listing applications");
	sqlite3_finalize(st);
	return rc;
}

/* What the submitted applications' services need, under the active policy. */
static int pending_needs(cus_db *db, const char *service, unsigned *needs)
{
	*needs = 0;
	const cus__policy *p = NULL;
	int rc = cus__policy_active(db, &p);
	if (rc)
		return rc;
	sqlite3_stmt *st = NULL;
	int src = sqlite3_prepare_v2(cus__db_sql(db), "SELECT DISTINCT service FROM applications"
		" WHERE status = 'submitted' AND (?1 IS NULL OR service = ?1)", -1, &st, NULL);
	if (src == SQLITE_OK) {
		if (service)
			sqlite3_bind_text(st, 1, service, -1, SQLITE_STATIC);
		while ((src = sqlite3_step(st)) == SQLITE_ROW) {
			const cus__service *sv = cus__policy_service_find(p, (const char *)sqlite3_column_text(st, 0));
			if (sv)
				*needs |= service_needs(sv);
		}
	}
	sqlite3_finalize(st);
	return src == SQLITE_DONE ? 0 : sqlerr(db, src, "listing applications");
}

static int pending_in(cus_qualify_summary *sum, cus_session *s, const char *service, const cus_qualify_options *o,
	unsigned checked)
{
	qctx c;
	app_list l = { 0 };
	eval_result *r = calloc(1, sizeof *r);
	int rc = r ? ctx_init(&c, s) : oom();
	if (!r)
		return rc;
	if (!rc)
		rc = pending_collect(s->db, service, cus__access_sees_restricted(s), &l);
	/* One read transaction on the key store for the whole batch: each
	 * person's key is then read without taking the file lock again. */
	int ks_txn = 0;
	if (!rc && l.n > 1 && s->db->ks && sqlite3_get_autocommit(s->db->ks))
		ks_txn = sqlite3_exec(s->db->ks, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
	for (size_t i = 0; !rc && i < l.n; i++) {
		const app_row *a = &l.items[i];
		const cus__service *sv = NULL;
		rc = service_of(c.pol, a->service, &sv);
		unsigned needs = sv ? service_needs(sv) : 0;
		if (!rc)
			rc = needs_covered(checked, needs);
		char subj[32], cats[64], detail[48];
		cus__person_subject(subj, a->person);
		needs_categories(cats, needs);
		snprintf(detail, sizeof detail, "application %lld%s", (long long)a->id, o && o->dry_run ? ", dry run" : "");
		if (!rc)
			rc = cus__audit_append(s->db, &s->actor, "qualification.run", "application", subj, cats, "ok",
				detail);
		if (!rc)
			rc = person_load(&c, a->person, a->id, a->date, needs);
		if (!rc)
			rc = qualify_one(&c, a, sv, o ? o->decision_date : NULL, o ? o->dry_run : 0, r);
		if (!rc) {
			sum->evaluated++;
			if (r->result == CUS_QUAL_QUALIFIED)
				sum->qualified++;
			else if (r->result == CUS_QUAL_REFUSED)
				sum->refused++;
			else
				sum->pending++;
		}
	}
	if (ks_txn)
		sqlite3_exec(s->db->ks, "COMMIT", NULL, NULL, NULL);
	free(l.items);
	sodium_memzero(r, sizeof *r);
	free(r);
	ctx_free(&c);
	return rc;
}

int cus_qualify_pending(cus_qualify_summary *out, cus_session *s, const char *service,
	const cus_qualify_options *opts)
{
	if (out)
		memset(out, 0, sizeof *out);
	if (!s)
		return cus__error(CUS_EINVAL, "cases", NULL, "no session");
	int rc = options_check(opts);
	if (rc)
		return rc;
	if (service) {
		const cus__policy *p = NULL;
		if ((rc = cus__policy_active(s->db, &p)))
			return rc;
		if (!cus__policy_service_find(p, service))
			return cus__error(CUS_EINVAL, "cases", "service", "service: not a service of the policy");
	}
	unsigned needs = 0;
	if ((rc = pending_needs(s->db, service, &needs)))
		return rc;
	char cats[64], detail[96];
	needs_categories(cats, needs);
	snprintf(detail, sizeof detail, "submitted applications of %s%s", service ? service : "every service",
		opts && opts->dry_run ? ", dry run" : "");
	rc = begin_write_read(s, "qualification.batch", NULL, cats, detail);
	if (rc)
		return rc;
	cus_qualify_summary sum = { 0 };
	rc = cus__access_end(s, pending_in(&sum, s, service, opts, needs));
	if (!rc && out)
		*out = sum;
	return rc;
}

/* ---- cus_condition_confirm ---- */

static int confirm_in(cus_session *s, int64_t id, const char *condition, int met, const char *note,
	unsigned checked)
{
	qctx c;
	int rc = ctx_init(&c, s);
	app_row a;
	const cus__service *sv = NULL;
	if (!rc)
		rc = app_load(&c, id, &a);
	if (!rc)
		rc = service_of(c.pol, a.service, &sv);
	size_t idx = 0;
	int found = 0;
	for (size_t i = 0; !rc && sv && i < sv->nconditions && !found; i++) {
		char code[48];
		rc = service_code_of(code, sv, i);
		if (!rc && strcmp(code, condition) == 0) {
			idx = i;
			found = 1;
		}
	}
	if (!rc && !found)
		rc = cus__error(CUS_EINVAL, "cases", "condition", "condition: the service has no such condition");
	cus__condition_kind kind = found ? sv->conditions[idx].kind : CUS__COND_MANUAL;
	if (!rc && kind != CUS__COND_MANUAL && kind != CUS__COND_IDENTITY && kind != CUS__COND_MOBILITY_LIMITATION)
		rc = cus__error(CUS_EINVAL, "cases", "condition",
			"condition: computed from the register; record the data instead");
	if (!rc && strcmp(a.status, "submitted") != 0)
		rc = cus__error(CUS_EINVAL, "cases", "status", "status: the application is already %s", a.status);
	if (!rc)
		rc = needs_covered(checked, kind_needs(kind));
	if (!rc)
		rc = person_load(&c, a.person, 0, a.date, kind_needs(kind));
	if (!rc && kind != CUS__COND_MANUAL) {
		cond_out o;
		eval_computed(&c, sv, idx, a.date, &o);
		if (o.result != CUS_COND_NEEDS_CONFIRMATION)
			rc = cus__error(CUS_EINVAL, "cases", "condition",
				"condition: computed from the register as %s; record the data instead",
				cus_condition_result_name(o.result));
		sodium_memzero(&o, sizeof o);
	}
	unsigned char *blob = NULL;
	size_t blen = 0;
	if (!rc && note)
		rc = cus__field_seal(&blob, &blen, c.db, &c.key, "basic", "confirmations", "note", a.id, 1, note);
	sqlite3_stmt *st = NULL;
	if (!rc) {
		int src = sqlite3_prepare_v2(cus__db_sql(c.db), "INSERT OR REPLACE INTO confirmations (application_id,"
			" condition, met, note, confirmed_by, confirmed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", -1, &st, NULL);
		if (src == SQLITE_OK) {
			char code[48];
			service_code_of(code, sv, idx);
			sqlite3_bind_int64(st, 1, a.id);
			sqlite3_bind_text(st, 2, code, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int(st, 3, met ? 1 : 0);
			if (blob)
				sqlite3_bind_blob(st, 4, blob, (int)blen, SQLITE_STATIC);
			sqlite3_bind_text(st, 5, s->user, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 6, c.now, -1, SQLITE_STATIC);
			src = sqlite3_step(st);
		}
		sqlite3_finalize(st);
		if (src != SQLITE_DONE)
			rc = sqlerr(c.db, src, "recording a confirmation");
	}
	free(blob);
	ctx_free(&c);
	return rc;
}

int cus_condition_confirm(cus_session *s, int64_t application, const char *condition, int met, const char *note)
{
	if (!s)
		return cus__error(CUS_EINVAL, "cases", NULL, "no session");
	if (!condition || !*condition || strlen(condition) >= 48)
		return cus__error(CUS_EINVAL, "cases", "condition", "condition: the service has no such condition");
	char *n = NULL;
	if (note) {
		int rc = cus_text_normalize(&n, note, CUS_ADDRESS_MAX, "note");
		if (rc)
			return cus__error(rc, "cases", "note", "%s", cus_error_last()->message);
		if (!*n) {
			cus_free(n);
			n = NULL;
		}
	}
	int64_t person = 0;
	unsigned needs = 0;
	int rc = app_peek(s->db, application, &person, &needs, condition);
	if (rc) {
		cus_free(n);
		return rc;
	}
	char subj[32], cats[64], detail[128];
	cus__person_subject(subj, person);
	needs_categories(cats, needs);
	/* the code is checked before it is written to the log */
	int safe = 1;
	for (const char *p = condition; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			safe = 0;
	snprintf(detail, sizeof detail, "application %lld, condition %s, %s", (long long)application,
		safe ? condition : "(invalid)", met ? "confirmed" : "rejected");
	rc = begin_write_read(s, "condition.confirm", person ? subj : NULL, cats, detail);
	if (rc) {
		cus_free(n);
		return rc;
	}
	rc = cus__access_end(s, confirm_in(s, application, condition, met, n, needs));
	cus_free(n);
	return rc;
}
