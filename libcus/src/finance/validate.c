/* Validation of finance inputs against the classification and the policy. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "finance.h"

static int oom(void)
{
	return cus__error(CUS_ENOMEM, "finance", NULL, "out of memory");
}

static int digits(const char *s, size_t n)
{
	if (!s || strlen(s) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int cus_classification_check(cus_classification *out, const char *dzial, const char *rozdzial, const char *paragraf)
{
	if (out)
		memset(out, 0, sizeof *out);
	if (!digits(dzial, 3))
		return cus__error(CUS_EINVAL, "finance", "dzial", "dzial: must be 3 digits (e.g. 852)");
	if (!digits(rozdzial, 5))
		return cus__error(CUS_EINVAL, "finance", "rozdzial", "rozdzial: must be 5 digits (e.g. 85228)");
	if (memcmp(rozdzial, dzial, 3) != 0)
		return cus__error(CUS_EINVAL, "finance", "rozdzial", "rozdzial: must start with its dzial %s", dzial);
	if (!digits(paragraf, 4))
		return cus__error(CUS_EINVAL, "finance", "paragraf", "paragraf: must be 4 digits (e.g. 4300)");
	if (out) {
		memcpy(out->dzial, dzial, 4);
		memcpy(out->rozdzial, rozdzial, 6);
		memcpy(out->paragraf, paragraf, 5);
	}
	return 0;
}

int cus_classification_parse(cus_classification *out, const char *text)
{
	if (out)
		memset(out, 0, sizeof *out);
	if (!text)
		return cus__error(CUS_EINVAL, "finance", "classification", "classification: is required");
	char part[3][8];
	size_t np = 0, len = 0;
	const unsigned char *p = (const unsigned char *)text;
	for (;; p++) {
		int sep = !*p || *p == '/' || *p == '.' || *p == '-' || *p == ' ' || *p == '\t';
		/* "§" (U+00A7, C2 A7) before a paragraph */
		if (*p == 0xC2 && p[1] == 0xA7) {
			p++;
			sep = 1;
		}
		if (sep) {
			if (len) {
				if (np == 3)
					return cus__error(CUS_EINVAL, "finance", "classification",
						"classification: must be dzial/rozdzial/paragraf, e.g. 852/85228/4300");
				part[np++][len] = '\0';
				len = 0;
			}
			if (!*p)
				break;
			continue;
		}
		if (np == 3)
			return cus__error(CUS_EINVAL, "finance", "classification",
				"classification: must be dzial/rozdzial/paragraf, e.g. 852/85228/4300");
		if (*p < '0' || *p > '9' || len >= 7)
			return cus__error(CUS_EINVAL, "finance", "classification",
				"classification: must be dzial/rozdzial/paragraf in digits, e.g. 852/85228/4300");
		part[np][len++] = (char)*p;
	}
	if (np != 3)
		return cus__error(CUS_EINVAL, "finance", "classification",
			"classification: must be dzial/rozdzial/paragraf, e.g. 852/85228/4300");
	return cus_classification_check(out, part[0], part[1], part[2]);
}

int cus_paragraf_financing(const char *paragraf)
{
	if (!digits(paragraf, 4))
		return cus__error(CUS_EINVAL, "finance", "paragraf", "paragraf: must be 4 digits (e.g. 4300)");
	return paragraf[3] - '0';
}

int fin__policy(cus_session *s, const cus__policy **p)
{
	int rc = cus__policy_active(s->db, p);
	return rc;
}

int fin__code_valid(const char *code)
{
	if (!code || !*code || strlen(code) > FIN__CODE_MAX)
		return 0;
	const char *c = code;
	if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9')))
		return 0;
	for (; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '.' ||
			    *c == '_' || *c == '/' || *c == '-'))
			return 0;
	return 1;
}

int fin__text(char **out, const char *in, size_t max, const char *field, int required)
{
	*out = NULL;
	if (in) {
		int rc = cus_text_normalize(out, in, max, field);
		if (rc)
			return cus__error(rc, "finance", field, "%s", cus_error_last()->message);
		if (!**out) {
			cus_free(*out);
			*out = NULL;
		}
	}
	if (required && !*out)
		return cus__error(CUS_EINVAL, "finance", field, "%s: is required", field);
	return 0;
}

int fin__source(const cus__policy *p, const char *code, const char *field, const cus__funding_source **out)
{
	*out = NULL;
	if (!code || !*code)
		return cus__error(CUS_EINVAL, "finance", field, "%s: is required (a funding source code of the policy)",
			field);
	*out = cus__policy_funding_find(p, code);
	if (!*out)
		return cus__error(CUS_EINVAL, "finance", field, "%s: the policy has no funding source '%.64s'", field,
			code);
	return 0;
}

int fin__service(const cus__policy *p, const char *code, const char *field, const cus__service **out)
{
	*out = NULL;
	if (!code || !*code)
		return 0;
	*out = cus__policy_service_find(p, code);
	if (!*out)
		return cus__error(CUS_EINVAL, "finance", field, "%s: the policy has no service '%.64s'", field, code);
	return 0;
}

int fin__kind_group(cus__funding_kind k)
{
	switch (k) {
	case CUS__FUNDING_OWN_TASK:
	case CUS__FUNDING_ALCOHOL_FEES: return 1;
	case CUS__FUNDING_COMMISSIONED_TASK:
	case CUS__FUNDING_STATE_BUDGET:
	case CUS__FUNDING_GOVERNMENT_PROGRAMME: return 2;
	case CUS__FUNDING_EU_PROJECT: return 3;
	}
	return 0;
}

int fin__paragraf_fits(const char *paragraf, const cus__funding_source *src, int has_project, const char *field)
{
	int d = paragraf[3] - '0';
	int g = fin__kind_group(src->kind);
	if ((d == 7 || d == 8 || d == 9) && !has_project)
		return cus__error(CUS_EINVAL, "finance", "project",
			"project: paragraf %s (fourth digit %d: an EU project's money) needs a project", paragraf, d);
	if (d == 7 && g != 3)
		return cus__error(CUS_EINVAL, "finance", field,
			"%s: paragraf %s is EU funds (fourth digit 7), but %s is not an EU source", field, paragraf,
			src->code);
	if (d == 8 && g != 2)
		return cus__error(CUS_EINVAL, "finance", field,
			"%s: paragraf %s is the state co-financing of an EU project (fourth digit 8), but %s is not a"
			" state source", field, paragraf, src->code);
	if (d == 9 && g != 1)
		return cus__error(CUS_EINVAL, "finance", field,
			"%s: paragraf %s is the own contribution to an EU project (fourth digit 9), but %s is not an own"
			" source", field, paragraf, src->code);
	if (g == 3 && d != 7)
		return cus__error(CUS_EINVAL, "finance", "paragraf",
			"paragraf: %s is EU funds (source %s): its fourth digit must be 7", paragraf, src->code);
	return 0;
}

/* ---- projects ---- */

void fin__project_fields_free(fin__project_fields *f)
{
	cus_free(f->code);
	cus_free(f->name);
	cus_free(f->programme);
	cus_free(f->measure);
	free(f->sources);
	memset(f, 0, sizeof *f);
}

static int date_opt(char out[11], const char *in, const char *field)
{
	out[0] = '\0';
	if (!in || !*in)
		return 0;
	if (cus_date_check(in, NULL) != 0)
		return cus__error(CUS_EINVAL, "finance", field, "%s: must be a real date YYYY-MM-DD", field);
	memcpy(out, in, 11);
	return 0;
}

int fin__project_validate(const cus__policy *p, const cus_project_input *in, fin__project_fields *f)
{
	memset(f, 0, sizeof *f);
	if (!in)
		return cus__error(CUS_EINVAL, "finance", NULL, "no project given");
	if (in->version != CUS_PROJECT_INPUT_VERSION)
		return cus__error(CUS_EINVAL, "finance", "version", "unsupported cus_project_input version %u",
			in->version);
	int rc = 0;
	if (!fin__code_valid(in->code))
		rc = cus__error(CUS_EINVAL, "finance", "code", "code: must be 1-%d characters of A-Z a-z 0-9 . _ / -,"
			" starting with a letter or digit", FIN__CODE_MAX);
	else if (!(f->code = cus__strdup(in->code)))
		rc = oom();
	if (!rc)
		rc = fin__text(&f->name, in->name, FIN__NAME_MAX, "name", 1);
	if (!rc)
		rc = fin__text(&f->programme, in->programme, FIN__NAME_MAX, "programme", 0);
	if (!rc)
		rc = fin__text(&f->measure, in->measure, FIN__NAME_MAX, "measure", 0);
	if (!rc)
		rc = date_opt(f->period_from, in->period_from, "period_from");
	if (!rc)
		rc = date_opt(f->period_to, in->period_to, "period_to");
	if (!rc && f->period_from[0] && f->period_to[0] && strcmp(f->period_from, f->period_to) > 0)
		rc = cus__error(CUS_EINVAL, "finance", "period_to", "period_to: is before period_from");
	if (!rc && in->total_cost < 0)
		rc = cus__error(CUS_EINVAL, "finance", "total_cost", "total_cost: must not be negative");
	if (!rc && in->co_financing < 0)
		rc = cus__error(CUS_EINVAL, "finance", "co_financing", "co_financing: must not be negative");
	if (!rc && in->own_contribution < 0)
		rc = cus__error(CUS_EINVAL, "finance", "own_contribution", "own_contribution: must not be negative");
	if (!rc && in->nsources && !in->sources)
		rc = cus__error(CUS_EINVAL, "finance", "sources", "sources: nsources > 0 but no array");
	if (!rc && in->nsources > 64)
		rc = cus__error(CUS_EINVAL, "finance", "sources", "sources: at most 64");
	if (!rc && in->nsources && !(f->sources = calloc(in->nsources, sizeof *f->sources)))
		rc = oom();
	for (size_t i = 0; !rc && i < in->nsources; i++) {
		char field[48];
		snprintf(field, sizeof field, "sources[%zu].source", i);
		rc = fin__source(p, in->sources[i].source, field, &f->sources[i].src);
		for (size_t k = 0; !rc && k < i; k++)
			if (f->sources[k].src == f->sources[i].src)
				rc = cus__error(CUS_EINVAL, "finance", field, "%s: %s is given twice", field,
					f->sources[i].src->code);
		if (!rc && in->sources[i].amount < 0) {
			snprintf(field, sizeof field, "sources[%zu].amount", i);
			rc = cus__error(CUS_EINVAL, "finance", field, "%s: must not be negative", field);
		}
		if (!rc) {
			f->sources[i].amount = in->sources[i].amount;
			f->nsources++;
		}
	}
	f->total = in->total_cost;
	f->cof = in->co_financing;
	f->own = in->own_contribution;
	if (rc)
		fin__project_fields_free(f);
	return rc;
}

static int add64(int64_t *acc, int64_t v)
{
	return __builtin_add_overflow(*acc, v, acc);
}

int fin__project_sums(fin__mismatches *m, const char *code, int64_t total, int64_t cof, int64_t own,
	const struct fin__psrc *src, size_t nsrc, int64_t line, int strict)
{
	int rc = 0;
	int64_t parts = cof;
	if (add64(&parts, own))
		return cus__error(CUS_EINVAL, "finance", "total_cost", "total_cost: the amounts are too large");
	if (parts != total)
		rc = fin__mismatch_add(m, line, "total_cost", code, total, parts, "total_cost",
			"co_financing + own_contribution", strict);
	if (rc || !nsrc)
		return rc;
	int64_t all = 0, own_sum = 0, other = 0;
	for (size_t i = 0; i < nsrc; i++) {
		int own_kind = src[i].src && fin__kind_group(src[i].src->kind) == 1;
		if (add64(&all, src[i].amount) || add64(own_kind ? &own_sum : &other, src[i].amount))
			return cus__error(CUS_EINVAL, "finance", "sources", "sources: the amounts are too large");
	}
	if (all != total)
		rc = fin__mismatch_add(m, line, "total_cost", code, total, all, "total_cost", "the sum of the sources",
			strict);
	if (!rc && own_sum != own)
		rc = fin__mismatch_add(m, line, "own_contribution", code, own, own_sum, "own_contribution",
			"the sum of the own sources", strict);
	if (!rc && other != cof)
		rc = fin__mismatch_add(m, line, "co_financing", code, cof, other, "co_financing",
			"the sum of the other sources", strict);
	return rc;
}

/* ---- a stored project ---- */

void fin__project_ref_free(fin__project_ref *r)
{
	if (r->sources) {
		for (char **c = r->sources; *c; c++)
			free(*c);
		free(r->sources);
	}
	memset(r, 0, sizeof *r);
}

int fin__project_find(cus_db *db, const char *code, const char *field, fin__project_ref *out)
{
	memset(out, 0, sizeof *out);
	sqlite3 *sql = cus__db_sql(db);
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(sql, "SELECT id, total_cost, substr(period_from, 1, 4), substr(period_to, 1, 4)"
		" FROM projects WHERE code = ?1", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return cus__sql_error(sql, rc, "finding a project");
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		out->total = sqlite3_column_int64(st, 1);
		out->year_from = sqlite3_column_int(st, 2);
		out->year_to = sqlite3_column_int(st, 3);
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = cus__error(CUS_EINVAL, "finance", field, "%s: there is no project '%.64s'", field, code);
	} else {
		rc = cus__sql_error(sql, rc, "finding a project");
	}
	sqlite3_finalize(st);
	if (rc)
		return rc;
	rc = sqlite3_prepare_v2(sql, "SELECT source FROM project_sources WHERE project_id = ?1 ORDER BY position", -1,
		&st, NULL);
	if (rc != SQLITE_OK)
		return cus__sql_error(sql, rc, "finding a project");
	sqlite3_bind_int64(st, 1, out->id);
	size_t n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char **p = realloc(out->sources, (n + 2) * sizeof *p);
		if (!p) {
			rc = oom();
			break;
		}
		out->sources = p;
		p[n] = strdup((const char *)sqlite3_column_text(st, 0));
		p[n + 1] = NULL;
		if (!p[n]) {
			rc = oom();
			break;
		}
		n++;
	}
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc > 0)
		rc = cus__sql_error(sql, rc, "finding a project");
	sqlite3_finalize(st);
	if (rc)
		fin__project_ref_free(out);
	return rc;
}

/* ---- plan lines and expenditures ---- */

void fin__entry_free(fin__entry *e)
{
	cus_free(e->project);
	cus_free(e->note);
	memset(e, 0, sizeof *e);
}

static int entry_common(const cus__policy *p, cus_db *db, fin__entry *e, const char *dzial, const char *rozdzial,
	const char *paragraf, const char *source, const char *project, const char *service)
{
	int rc = cus_classification_check(&e->cls, dzial, rozdzial, paragraf);
	if (rc)
		return cus__error(rc, "finance", cus_error_last()->field, "%s", cus_error_last()->message);
	if ((rc = fin__source(p, source, "source", &e->src)))
		return rc;
	if (project && *project) {
		if (!fin__code_valid(project))
			return cus__error(CUS_EINVAL, "finance", "project", "project: not a project code");
		if (!(e->project = cus__strdup(project)))
			return oom();
	}
	if ((rc = fin__service(p, service, "service", &e->service)))
		return rc;
	if ((rc = fin__paragraf_fits(e->cls.paragraf, e->src, e->project != NULL, "source")))
		return rc;
	if (db && e->project) {
		fin__project_ref r;
		if ((rc = fin__project_find(db, e->project, "project", &r)))
			return rc;
		e->project_id = r.id;
		int listed = r.sources == NULL;
		for (char **c = r.sources; c && *c; c++)
			if (strcmp(*c, e->src->code) == 0)
				listed = 1;
		fin__project_ref_free(&r);
		if (!listed)
			return cus__error(CUS_EINVAL, "finance", "source", "source: %s is not a funding source of project %s",
				e->src->code, e->project);
	}
	return 0;
}

int fin__line_validate(const cus__policy *p, cus_db *db, const cus_budget_line_input *in, fin__entry *e)
{
	memset(e, 0, sizeof *e);
	if (!in)
		return cus__error(CUS_EINVAL, "finance", NULL, "no plan line given");
	if (in->version != CUS_BUDGET_LINE_INPUT_VERSION)
		return cus__error(CUS_EINVAL, "finance", "version", "unsupported cus_budget_line_input version %u",
			in->version);
	int rc = 0;
	if (in->year < FIN__YEAR_MIN || in->year > FIN__YEAR_MAX)
		rc = cus__error(CUS_EINVAL, "finance", "year", "year: must be a year from %d to %d", FIN__YEAR_MIN,
			FIN__YEAR_MAX);
	e->year = in->year;
	if (!rc)
		rc = entry_common(p, db, e, in->dzial, in->rozdzial, in->paragraf, in->source, in->project, in->service);
	if (!rc)
		rc = fin__text(&e->note, in->note, FIN__NOTE_MAX, "note", 0);
	e->amount = in->amount;
	if (rc)
		fin__entry_free(e);
	return rc;
}

int fin__expenditure_validate(const cus__policy *p, cus_db *db, const cus_expenditure_input *in, fin__entry *e)
{
	memset(e, 0, sizeof *e);
	if (!in)
		return cus__error(CUS_EINVAL, "finance", NULL, "no expenditure given");
	if (in->version != CUS_EXPENDITURE_INPUT_VERSION)
		return cus__error(CUS_EINVAL, "finance", "version", "unsupported cus_expenditure_input version %u",
			in->version);
	cus_date d;
	int rc = 0;
	if (!in->date || !*in->date)
		rc = cus__error(CUS_EINVAL, "finance", "date", "date: is required");
	else if (cus_date_check(in->date, &d) != 0 || d.year < FIN__YEAR_MIN)
		rc = cus__error(CUS_EINVAL, "finance", "date", "date: must be a real date YYYY-MM-DD from %d", FIN__YEAR_MIN);
	else {
		memcpy(e->date, in->date, 11);
		e->year = d.year;
	}
	if (!rc)
		rc = entry_common(p, db, e, in->dzial, in->rozdzial, in->paragraf, in->source, in->project, in->service);
	if (!rc && in->amount == 0)
		rc = cus__error(CUS_EINVAL, "finance", "amount", "amount: must not be 0");
	if (!rc)
		rc = fin__text(&e->note, in->document, FIN__DOC_MAX, "document", 0);
	e->amount = in->amount;
	if (rc)
		fin__entry_free(e);
	return rc;
}
