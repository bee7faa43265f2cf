/* Projects: add, read, list; the sums of stored projects. */
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

int fin__project_insert(cus_session *s, const fin__project_fields *f, int64_t *id)
{
	sqlite3 *sql = cus__db_sql(s->db);
	sqlite3_stmt *st = NULL;
	char now[21];
	cus__utc_now(now);
	int rc = sqlite3_prepare_v2(sql, "INSERT INTO projects (code, name, programme, measure, period_from, period_to,"
		" total_cost, co_financing, own_contribution, created_by, created)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return sqlerr(s->db, rc, "adding a project");
	sqlite3_bind_text(st, 1, f->code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, f->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, f->programme, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, f->measure, -1, SQLITE_STATIC);
	if (f->period_from[0])
		sqlite3_bind_text(st, 5, f->period_from, -1, SQLITE_STATIC);
	if (f->period_to[0])
		sqlite3_bind_text(st, 6, f->period_to, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, f->total);
	sqlite3_bind_int64(st, 8, f->cof);
	sqlite3_bind_int64(st, 9, f->own);
	sqlite3_bind_text(st, 10, s->user, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, now, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_CONSTRAINT)
		return cus__error(CUS_EEXISTS, "finance", "code", "code: a project %s already exists", f->code);
	if (rc != SQLITE_DONE)
		return sqlerr(s->db, rc, "adding a project");
	int64_t pid = sqlite3_last_insert_rowid(sql);
	rc = sqlite3_prepare_v2(sql, "INSERT INTO project_sources (project_id, position, source, amount)"
		" VALUES (?1, ?2, ?3, ?4)", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return sqlerr(s->db, rc, "adding a project");
	for (size_t i = 0; i < f->nsources; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, pid);
		sqlite3_bind_int64(st, 2, (int64_t)i + 1);
		sqlite3_bind_text(st, 3, f->sources[i].src->code, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, f->sources[i].amount);
		if ((rc = sqlite3_step(st)) != SQLITE_DONE)
			break;
	}
	sqlite3_finalize(st);
	if (f->nsources && rc != SQLITE_DONE)
		return sqlerr(s->db, rc, "adding a project's sources");
	if (id)
		*id = pid;
	return 0;
}

int cus_project_add(cus_finance_report **report, cus_session *s, const cus_project_input *in, unsigned flags,
	int64_t *id)
{
	if (report)
		*report = NULL;
	if (id)
		*id = 0;
	if (!s)
		return cus__error(CUS_EINVAL, "finance", "session", "no session");
	int strict = (flags & CUS_FINANCE_STRICT) != 0;
	fin__report *rep = fin__report_new(flags);
	if (!rep)
		return oom();
	const cus__policy *p = NULL;
	fin__project_fields f;
	fin__mismatches mm = { 0 };
	memset(&f, 0, sizeof f);
	int rc = fin__policy(s, &p);
	if (!rc)
		rc = fin__project_validate(p, in, &f);
	if (!rc)
		rc = fin__project_sums(&mm, f.code, f.total, f.cof, f.own, f.sources, f.nsources, 0, strict);
	if (!rc && strict && mm.n)
		rc = fin__mismatch_error(&mm.items[0]);
	if (rc)
		fin__report_error(rep, 0, cus_error_last()->field, cus_error_last()->message);
	rep->pub.rows = 1;
	int64_t pid = 0;
	if (!rc) {
		char detail[96];
		snprintf(detail, sizeof detail, "project %s", f.code);
		rc = cus__access_begin(s, "project.add", "project", NULL, "finance", CUS_OP_WRITE, detail);
		if (!rc)
			rc = cus__access_end(s, fin__project_insert(s, &f, &pid));
		if (!rc)
			rep->pub.imported = 1;
	}
	if (fin__report_mismatches(rep, &mm) && !rc)
		rc = CUS_ENOMEM;
	fin__mismatches_free(&mm);
	fin__project_fields_free(&f);
	if (report)
		*report = &rep->pub;
	else
		cus_finance_report_free(&rep->pub);
	if (!rc && id)
		*id = pid;
	return rc;
}

/* ---- reading ---- */

typedef struct {
	cus_project pub;
	cus_project_source *src;
} project_impl;

struct cus_project_iter {
	project_impl *items;
	size_t n, i;
};

static void project_clear(project_impl *p)
{
	const char **all[] = { &p->pub.code, &p->pub.name, &p->pub.programme, &p->pub.measure, &p->pub.period_from,
		&p->pub.period_to, &p->pub.created_by, &p->pub.created };
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		free((char *)*all[i]);
	for (size_t i = 0; i < p->pub.nsources; i++)
		free((char *)p->src[i].source);
	free(p->src);
	memset(p, 0, sizeof *p);
}

static int dup_col(const char **out, sqlite3_stmt *st, int col)
{
	*out = NULL;
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return 0;
	*out = strdup((const char *)sqlite3_column_text(st, col));
	return *out ? 0 : oom();
}

static const char project_select[] =
	"SELECT p.id, p.code, p.name, p.programme, p.measure, p.period_from, p.period_to, p.total_cost,"
	" p.co_financing, p.own_contribution, p.created_by, p.created,"
	" (SELECT coalesce(sum(amount), 0) FROM budget_lines WHERE project_id = p.id),"
	" (SELECT coalesce(sum(amount), 0) FROM expenditures WHERE project_id = p.id)"
	" FROM projects p WHERE ?1 IS NULL OR p.code = ?1 ORDER BY p.code";

/* Load the projects (code NULL: all) into items. */
static int projects_load(cus_db *db, const char *code, project_impl **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	sqlite3 *sql = cus__db_sql(db);
	sqlite3_stmt *st = NULL, *ss = NULL;
	int rc = sqlite3_prepare_v2(sql, project_select, -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(sql, "SELECT source, amount FROM project_sources WHERE project_id = ?1"
			" ORDER BY position", -1, &ss, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_finalize(st);
		return sqlerr(db, rc, "reading projects");
	}
	if (code)
		sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	size_t cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 8;
			project_impl *p = realloc(*items, cap * sizeof *p);
			if (!p) {
				rc = oom();
				break;
			}
			*items = p;
		}
		project_impl *p = &(*items)[(*n)++];
		memset(p, 0, sizeof *p);
		cus_project *q = &p->pub;
		q->id = sqlite3_column_int64(st, 0);
		if ((rc = dup_col(&q->code, st, 1)) || (rc = dup_col(&q->name, st, 2)) ||
			(rc = dup_col(&q->programme, st, 3)) || (rc = dup_col(&q->measure, st, 4)) ||
			(rc = dup_col(&q->period_from, st, 5)) || (rc = dup_col(&q->period_to, st, 6)) ||
			(rc = dup_col(&q->created_by, st, 10)) || (rc = dup_col(&q->created, st, 11)))
			break;
		q->total_cost = sqlite3_column_int64(st, 7);
		q->co_financing = sqlite3_column_int64(st, 8);
		q->own_contribution = sqlite3_column_int64(st, 9);
		q->co_financing_bp = cus_finance_ratio_bp(q->co_financing, q->total_cost);
		q->planned = sqlite3_column_int64(st, 12);
		q->spent = sqlite3_column_int64(st, 13);
		sqlite3_reset(ss);
		sqlite3_bind_int64(ss, 1, q->id);
		int r2;
		while ((r2 = sqlite3_step(ss)) == SQLITE_ROW) {
			cus_project_source *x = realloc(p->src, (q->nsources + 1) * sizeof *x);
			if (!x) {
				r2 = oom();
				break;
			}
			p->src = x;
			x[q->nsources].amount = sqlite3_column_int64(ss, 1);
			x[q->nsources].source = strdup((const char *)sqlite3_column_text(ss, 0));
			if (!x[q->nsources].source) {
				r2 = oom();
				break;
			}
			q->nsources++;
		}
		q->sources = p->src;
		if (r2 != SQLITE_DONE) {
			rc = r2 < 0 ? r2 : sqlerr(db, r2, "reading projects");
			break;
		}
	}
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc > 0)
		rc = sqlerr(db, rc, "reading projects");
	sqlite3_finalize(st);
	sqlite3_finalize(ss);
	if (rc) {
		for (size_t i = 0; i < *n; i++)
			project_clear(&(*items)[i]);
		free(*items);
		*items = NULL;
		*n = 0;
	}
	return rc;
}

void cus_project_free(cus_project *p)
{
	if (!p)
		return;
	project_clear((project_impl *)p);
	free(p);
}

int cus_project_get(cus_project **out, cus_session *s, const char *code)
{
	if (!out)
		return cus__error(CUS_EINVAL, "finance", "out", "out is NULL");
	*out = NULL;
	if (!s)
		return cus__error(CUS_EINVAL, "finance", "session", "no session");
	if (!fin__code_valid(code))
		return cus__error(CUS_EINVAL, "finance", "project", "project: not a project code");
	char detail[96];
	snprintf(detail, sizeof detail, "project %s", code);
	int rc = cus__access_begin(s, "project.show", "project", NULL, "finance", CUS_OP_READ, detail);
	if (rc)
		return rc;
	project_impl *items = NULL;
	size_t n = 0;
	rc = projects_load(s->db, code, &items, &n);
	if (!rc && n == 0)
		rc = cus__error(CUS_ENOTFOUND, "finance", "project", "there is no project '%.64s'", code);
	rc = cus__access_end(s, rc);
	if (!rc) {
		*out = &items[0].pub;   /* items[0] is the block's start */
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		project_clear(&items[i]);
	free(items);
	return rc;
}

int cus_project_list(cus_project_iter **out, cus_session *s)
{
	if (!out)
		return cus__error(CUS_EINVAL, "finance", "out", "out is NULL");
	*out = NULL;
	if (!s)
		return cus__error(CUS_EINVAL, "finance", "session", "no session");
	cus_project_iter *it = calloc(1, sizeof *it);
	if (!it)
		return oom();
	int rc = cus__access_begin(s, "project.list", "project", NULL, "finance", CUS_OP_READ, NULL);
	if (rc) {
		free(it);
		return rc;
	}
	rc = cus__access_end(s, projects_load(s->db, NULL, &it->items, &it->n));
	if (rc) {
		cus_project_iter_free(it);
		return rc;
	}
	*out = it;
	return 0;
}

int cus_project_next(const cus_project **out, cus_project_iter *it)
{
	if (!out || !it)
		return cus__error(CUS_EINVAL, "finance", NULL, "out or iterator is NULL");
	*out = NULL;
	if (it->i >= it->n)
		return CUS_ITEROVER;
	*out = &it->items[it->i++].pub;
	return 0;
}

void cus_project_iter_free(cus_project_iter *it)
{
	if (!it)
		return;
	for (size_t i = 0; i < it->n; i++)
		project_clear(&it->items[i]);
	free(it->items);
	free(it);
}

/* ---- sums of stored data ---- */

int fin__plan_check(fin__mismatches *m, cus_db *db, int64_t project_id, int64_t line, int strict)
{
	sqlite3 *sql = cus__db_sql(db);
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(sql, "SELECT p.code, p.total_cost, substr(p.period_from, 1, 4),"
		" substr(p.period_to, 1, 4),"
		" (SELECT coalesce(sum(amount), 0) FROM budget_lines WHERE project_id = p.id),"
		" (SELECT count(DISTINCT year) FROM budget_lines WHERE project_id = p.id"
		"   AND year BETWEEN CAST(substr(p.period_from, 1, 4) AS INTEGER)"
		"   AND CAST(substr(p.period_to, 1, 4) AS INTEGER)),"
		" (SELECT count(*) FROM budget_lines WHERE project_id = p.id)"
		" FROM projects p WHERE p.id = ?1", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return sqlerr(db, rc, "checking a project's plan");
	sqlite3_bind_int64(st, 1, project_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		char code[FIN__CODE_MAX + 1];
		snprintf(code, sizeof code, "%s", (const char *)sqlite3_column_text(st, 0));
		int64_t total = sqlite3_column_int64(st, 1);
		int has_period = sqlite3_column_type(st, 2) != SQLITE_NULL && sqlite3_column_type(st, 3) != SQLITE_NULL;
		int y0 = sqlite3_column_int(st, 2), y1 = sqlite3_column_int(st, 3);
		int64_t planned = sqlite3_column_int64(st, 4);
		int covered = sqlite3_column_int(st, 5);
		int64_t nlines = sqlite3_column_int64(st, 6);
		int complete = !has_period || covered == y1 - y0 + 1;
		rc = 0;
		if (nlines && ((complete && planned != total) || (!complete && planned > total)))
			rc = fin__mismatch_add(m, line, "plan", code, total, planned, "total_cost",
				complete ? "the sum of its plan lines" : "the sum of its plan lines (so far)", strict);
	} else {
		rc = rc == SQLITE_DONE ? 0 : sqlerr(db, rc, "checking a project's plan");
	}
	sqlite3_finalize(st);
	return rc;
}

int fin__stored_checks(fin__mismatches *m, cus_session *s, const cus__policy *p, int strict)
{
	project_impl *items = NULL;
	size_t n = 0;
	int rc = projects_load(s->db, NULL, &items, &n);
	for (size_t i = 0; !rc && i < n; i++) {
		const cus_project *q = &items[i].pub;
		struct fin__psrc *src = q->nsources ? calloc(q->nsources, sizeof *src) : NULL;
		if (q->nsources && !src) {
			rc = oom();
			break;
		}
		for (size_t k = 0; k < q->nsources; k++) {
			src[k].src = cus__policy_funding_find(p, q->sources[k].source);
			src[k].amount = q->sources[k].amount;
		}
		rc = fin__project_sums(m, q->code, q->total_cost, q->co_financing, q->own_contribution, src, q->nsources,
			0, strict);
		free(src);
		if (!rc)
			rc = fin__plan_check(m, s->db, q->id, 0, strict);
	}
	for (size_t i = 0; i < n; i++)
		project_clear(&items[i]);
	free(items);
	return rc;
}
