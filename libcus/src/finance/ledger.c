/* Budget plan lines and expenditures: add, list. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "finance.h"

static int oom(void)
{
	return cus__error(CUS_ENOMEM, "finance", NULL, "out of memory");
}

static int sqlerr(cus_db *db, int rc, const char *what)
{
	return cus__sql_error(cus__db_sql(db), rc, what);
}

static void bind_common(sqlite3_stmt *st, const fin__entry *e, cus_session *s, const char *now)
{
	sqlite3_bind_text(st, 2, e->cls.dzial, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, e->cls.rozdzial, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, e->cls.paragraf, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, e->src->code, -1, SQLITE_STATIC);
	if (e->project_id)
		sqlite3_bind_int64(st, 6, e->project_id);
	if (e->service)
		sqlite3_bind_text(st, 7, e->service->code, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 8, e->amount);
	sqlite3_bind_text(st, 9, e->note, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, s->user, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, now, -1, SQLITE_STATIC);
}

static int entry_insert(cus_session *s, const char *text, const fin__entry *e, int expenditure, int64_t *id)
{
	sqlite3_stmt *st = NULL;
	int cached = 0;
	int rc = cus__stmt_cached(s->db, cus__db_sql(s->db), text, &st, &cached);
	if (rc)
		return rc;
	char now[21];
	cus__utc_now(now);
	if (expenditure)
		sqlite3_bind_text(st, 1, e->date, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int(st, 1, e->year);
	bind_common(st, e, s, now);
	rc = sqlite3_step(st);
	cus__stmt_release(st, cached);
	if (rc != SQLITE_DONE)
		return sqlerr(s->db, rc, expenditure ? "adding an expenditure" : "adding a plan line");
	if (id)
		*id = sqlite3_last_insert_rowid(cus__db_sql(s->db));
	return 0;
}

static const char line_insert_sql[] = "INSERT INTO budget_lines (year, dzial, rozdzial, paragraf, source,"
	" project_id, service, amount, note, created_by, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
static const char exp_insert_sql[] = "INSERT INTO expenditures (date, dzial, rozdzial, paragraf, source,"
	" project_id, service, amount, document, created_by, created)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";

int fin__line_insert(cus_session *s, const fin__entry *e, int64_t *id)
{
	return entry_insert(s, line_insert_sql, e, 0, id);
}

int fin__expenditure_insert(cus_session *s, const fin__entry *e, int64_t *id)
{
	return entry_insert(s, exp_insert_sql, e, 1, id);
}

/* The work of cus_budget_line_add inside the operation. */
static int line_add_work(cus_session *s, const fin__entry *e, fin__mismatches *mm, int strict, int64_t *id)
{
	int rc = fin__line_insert(s, e, id);
	if (!rc && e->project_id)
		rc = fin__plan_check(mm, s->db, e->project_id, 0, strict);
	if (!rc && strict && mm->n)
		rc = fin__mismatch_error(&mm->items[0]);
	return rc;
}

int cus_budget_line_add(cus_finance_report **report, cus_session *s, const cus_budget_line_input *in,
	unsigned flags, int64_t *id)
{
	if (report)
		*report = NULL;
	if (id)
		*id = 0;
	if (!s)
		return cus__error(CUS_EINVAL, "finance", "session", "no session");
	fin__report *rep = fin__report_new(flags);
	if (!rep)
		return oom();
	rep->pub.rows = 1;
	const cus__policy *p = NULL;
	fin__entry e;
	memset(&e, 0, sizeof e);
	fin__mismatches mm = { 0 };
	int64_t lid = 0;
	int rc = fin__policy(s, &p);
	/* the classification and codes first: the project is looked up inside the operation */
	if (!rc)
		rc = fin__line_validate(p, NULL, in, &e);
	if (!rc) {
		char detail[96];
		snprintf(detail, sizeof detail, "%d %s/%s/%s", e.year, e.cls.dzial, e.cls.rozdzial, e.cls.paragraf);
		rc = cus__access_begin(s, "budget_line.add", "budget_line", NULL, "finance", CUS_OP_WRITE, detail);
		if (!rc) {
			fin__entry_free(&e);
			int w = fin__line_validate(p, s->db, in, &e);
			if (!w)
				w = line_add_work(s, &e, &mm, (flags & CUS_FINANCE_STRICT) != 0, &lid);
			rc = cus__access_end(s, w);
		}
	}
	if (rc)
		fin__report_error(rep, 0, cus_error_last()->field, cus_error_last()->message);
	else
		rep->pub.imported = 1;
	if (fin__report_mismatches(rep, &mm) && !rc)
		rc = CUS_ENOMEM;
	fin__mismatches_free(&mm);
	fin__entry_free(&e);
	if (report)
		*report = &rep->pub;
	else
		cus_finance_report_free(&rep->pub);
	if (!rc && id)
		*id = lid;
	return rc;
}

int cus_expenditure_add(cus_session *s, const cus_expenditure_input *in, int64_t *id)
{
	if (id)
		*id = 0;
	if (!s)
		return cus__error(CUS_EINVAL, "finance", "session", "no session");
	const cus__policy *p = NULL;
	fin__entry e;
	memset(&e, 0, sizeof e);
	int rc = fin__policy(s, &p);
	if (!rc)
		rc = fin__expenditure_validate(p, NULL, in, &e);
	if (rc)
		return rc;
	char detail[96];
	snprintf(detail, sizeof detail, "%s %s/%s/%s", e.date, e.cls.dzial, e.cls.rozdzial, e.cls.paragraf);
	rc = cus__access_begin(s, "expenditure.add", "expenditure", NULL, "finance", CUS_OP_WRITE, detail);
	if (!rc) {
		fin__entry_free(&e);
		int w = fin__expenditure_validate(p, s->db, in, &e);
		int64_t eid = 0;
		if (!w)
			w = fin__expenditure_insert(s, &e, &eid);
		rc = cus__access_end(s, w);
		if (!rc && id)
			*id = eid;
	}
	fin__entry_free(&e);
	return rc;
}

/* ---- listing ---- */

struct cus_budget_line_iter {
	cus_budget_line *items;
	size_t n, i;
};

struct cus_expenditure_iter {
	cus_expenditure *items;
	size_t n, i;
};

static int dup_col(const char **out, sqlite3_stmt *st, int col)
{
	*out = NULL;
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return 0;
	*out = strdup((const char *)sqlite3_column_text(st, col));
	return *out ? 0 : oom();
}

static void line_clear(cus_budget_line *l)
{
	const char **all[] = { &l->dzial, &l->rozdzial, &l->paragraf, &l->source, &l->project, &l->service, &l->note,
		&l->created_by, &l->created };
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		free((char *)*all[i]);
}

static void exp_clear(cus_expenditure *x)
{
	const char **all[] = { &x->date, &x->dzial, &x->rozdzial, &x->paragraf, &x->source, &x->project, &x->service,
		&x->document, &x->created_by, &x->created };
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		free((char *)*all[i]);
}

void cus_budget_line_iter_free(cus_budget_line_iter *it)
{
	if (!it)
		return;
	for (size_t i = 0; i < it->n; i++)
		line_clear(&it->items[i]);
	free(it->items);
	free(it);
}

void cus_expenditure_iter_free(cus_expenditure_iter *it)
{
	if (!it)
		return;
	for (size_t i = 0; i < it->n; i++)
		exp_clear(&it->items[i]);
	free(it->items);
	free(it);
}

int cus_budget_line_next(const cus_budget_line **out, cus_budget_line_iter *it)
{
	if (!out || !it)
		return cus__error(CUS_EINVAL, "finance", NULL, "out or iterator is NULL");
	*out = NULL;
	if (it->i >= it->n)
		return CUS_ITEROVER;
	*out = &it->items[it->i++];
	return 0;
}

int cus_expenditure_next(const cus_expenditure **out, cus_expenditure_iter *it)
{
	if (!out || !it)
		return cus__error(CUS_EINVAL, "finance", NULL, "out or iterator is NULL");
	*out = NULL;
	if (it->i >= it->n)
		return CUS_ITEROVER;
	*out = &it->items[it->i++];
	return 0;
}

static int project_id_of(cus_db *db, const char *code, int64_t *id)
{
	*id = 0;
	if (!code)
		return 0;
	fin__project_ref r;
	int rc = fin__project_find(db, code, "project", &r);
	if (rc == CUS_EINVAL)
		return cus__error(CUS_ENOTFOUND, "finance", "project", "there is no project '%.64s'", code);
	if (!rc)
		*id = r.id;
	fin__project_ref_free(&r);
	return rc;
}

static int lines_load(cus_db *db, int year, const char *project, cus_budget_line_iter *it)
{
	int64_t pid = 0;
	int rc = project_id_of(db, project, &pid);
	if (rc)
		return rc;
	sqlite3_stmt *st = NULL;
	rc = sqlite3_prepare_v2(cus__db_sql(db), "SELECT l.id, l.year, l.dzial, l.rozdzial, l.paragraf, l.source,"
		" p.code, l.service, l.amount, l.note, l.created_by, l.created FROM budget_lines l"
		" LEFT JOIN projects p ON p.id = l.project_id"
		" WHERE (?1 = 0 OR l.year = ?1) AND (?2 = 0 OR l.project_id = ?2)"
		" ORDER BY l.year, l.dzial, l.rozdzial, l.paragraf, l.id", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return sqlerr(db, rc, "listing plan lines");
	sqlite3_bind_int(st, 1, year);
	sqlite3_bind_int64(st, 2, pid);
	size_t cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (it->n == cap) {
			cap = cap ? 2 * cap : 16;
			cus_budget_line *p = realloc(it->items, cap * sizeof *p);
			if (!p) {
				rc = oom();
				break;
			}
			it->items = p;
		}
		cus_budget_line *l = &it->items[it->n++];
		memset(l, 0, sizeof *l);
		l->id = sqlite3_column_int64(st, 0);
		l->year = sqlite3_column_int(st, 1);
		l->amount = sqlite3_column_int64(st, 8);
		if ((rc = dup_col(&l->dzial, st, 2)) || (rc = dup_col(&l->rozdzial, st, 3)) ||
			(rc = dup_col(&l->paragraf, st, 4)) || (rc = dup_col(&l->source, st, 5)) ||
			(rc = dup_col(&l->project, st, 6)) || (rc = dup_col(&l->service, st, 7)) ||
			(rc = dup_col(&l->note, st, 9)) || (rc = dup_col(&l->created_by, st, 10)) ||
			(rc = dup_col(&l->created, st, 11)))
			break;
	}
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc > 0)
		rc = sqlerr(db, rc, "listing plan lines");
	sqlite3_finalize(st);
	return rc;
}

int cus_budget_line_list(cus_budget_line_iter **out, cus_session *s, int year, const char *project)
{
	if (!out)
		return cus__error(CUS_EINVAL, "finance", "out", "out is NULL");
	*out = NULL;
	if (!s)
		return cus__error(CUS_EINVAL, "finance", "session", "no session");
	if (year && (year < FIN__YEAR_MIN || year > FIN__YEAR_MAX))
		return cus__error(CUS_EINVAL, "finance", "year", "year: must be a year from %d to %d", FIN__YEAR_MIN,
			FIN__YEAR_MAX);
	if (project && !fin__code_valid(project))
		return cus__error(CUS_EINVAL, "finance", "project", "project: not a project code");
	cus_budget_line_iter *it = calloc(1, sizeof *it);
	if (!it)
		return oom();
	int rc = cus__access_begin(s, "budget_line.list", "budget_line", NULL, "finance", CUS_OP_READ, NULL);
	if (!rc)
		rc = cus__access_end(s, lines_load(s->db, year, project, it));
	if (rc) {
		cus_budget_line_iter_free(it);
		return rc;
	}
	*out = it;
	return 0;
}

static int exps_load(cus_db *db, const cus_period *per, const char *project, cus_expenditure_iter *it)
{
	int64_t pid = 0;
	int rc = project_id_of(db, project, &pid);
	if (rc)
		return rc;
	sqlite3_stmt *st = NULL;
	rc = sqlite3_prepare_v2(cus__db_sql(db), "SELECT e.id, e.date, e.dzial, e.rozdzial, e.paragraf, e.source,"
		" p.code, e.service, e.amount, e.document, e.created_by, e.created FROM expenditures e"
		" LEFT JOIN projects p ON p.id = e.project_id"
		" WHERE (?1 IS NULL OR e.date BETWEEN ?1 AND ?2) AND (?3 = 0 OR e.project_id = ?3)"
		" ORDER BY e.date, e.id", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return sqlerr(db, rc, "listing expenditures");
	if (per) {
		sqlite3_bind_text(st, 1, per->first, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, per->last, -1, SQLITE_STATIC);
	}
	sqlite3_bind_int64(st, 3, pid);
	size_t cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (it->n == cap) {
			cap = cap ? 2 * cap : 16;
			cus_expenditure *p = realloc(it->items, cap * sizeof *p);
			if (!p) {
				rc = oom();
				break;
			}
			it->items = p;
		}
		cus_expenditure *x = &it->items[it->n++];
		memset(x, 0, sizeof *x);
		x->id = sqlite3_column_int64(st, 0);
		x->amount = sqlite3_column_int64(st, 8);
		if ((rc = dup_col(&x->date, st, 1)) || (rc = dup_col(&x->dzial, st, 2)) ||
			(rc = dup_col(&x->rozdzial, st, 3)) || (rc = dup_col(&x->paragraf, st, 4)) ||
			(rc = dup_col(&x->source, st, 5)) || (rc = dup_col(&x->project, st, 6)) ||
			(rc = dup_col(&x->service, st, 7)) || (rc = dup_col(&x->document, st, 9)) ||
			(rc = dup_col(&x->created_by, st, 10)) || (rc = dup_col(&x->created, st, 11)))
			break;
	}
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc > 0)
		rc = sqlerr(db, rc, "listing expenditures");
	sqlite3_finalize(st);
	return rc;
}

int cus_expenditure_list(cus_expenditure_iter **out, cus_session *s, const char *period, const char *project)
{
	if (!out)
		return cus__error(CUS_EINVAL, "finance", "out", "out is NULL");
	*out = NULL;
	if (!s)
		return cus__error(CUS_EINVAL, "finance", "session", "no session");
	cus_period per;
	if (period && cus_period_parse(period, &per) != 0)
		return cus__error(CUS_EINVAL, "finance", "period", "%s", cus_error_last()->message);
	if (project && !fin__code_valid(project))
		return cus__error(CUS_EINVAL, "finance", "project", "project: not a project code");
	cus_expenditure_iter *it = calloc(1, sizeof *it);
	if (!it)
		return oom();
	int rc = cus__access_begin(s, "expenditure.list", "expenditure", NULL, "finance", CUS_OP_READ,
		period ? per.name : NULL);
	if (!rc)
		rc = cus__access_end(s, exps_load(s->db, period ? &per : NULL, project, it));
	if (rc) {
		cus_expenditure_iter_free(it);
		return rc;
	}
	*out = it;
	return 0;
}
