/* CSV imports of projects, plan lines and expenditures, on the import engine
 * (import/importer.h): the engine reads, checks and stores the file
 * atomically; this file says what a row is and adds the sum checks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "finance.h"
#include "../import/importer.h"

static int oom(void)
{
	return cus__error(CUS_ENOMEM, "finance", NULL, "out of memory");
}

static const char *const finance_categories[] = { "finance", NULL };

/* The state of one finance import. */
typedef struct {
	const cus__policy *p;
	int strict;
	fin__mismatches mm;
	/* projects: codes seen in the file, with their lines */
	char **codes;
	int64_t *code_lines;
	size_t ncodes, codes_cap;
	/* plan lines: the projects they name, with the last line naming each */
	int64_t *pids, *pid_lines;
	size_t npids, pids_cap;
	/* the field names of a projects file: fixed ones, then the policy's sources */
	const char **fields;
	int nfields;
} fin_import;

static void fin_import_free(fin_import *c)
{
	fin__mismatches_free(&c->mm);
	for (size_t i = 0; i < c->ncodes; i++)
		free(c->codes[i]);
	free(c->codes);
	free(c->code_lines);
	free(c->pids);
	free(c->pid_lines);
	free(c->fields);
}

/* Add the mismatches found since `from` as errors of the current row (strict). */
static int mismatches_as_errors(cus__import *im, fin_import *c, size_t from)
{
	if (!c->strict)
		return 0;
	for (size_t i = from; i < c->mm.n; i++) {
		int rc = cus__import_error(im, c->mm.items[i].field, c->mm.items[i].message);
		if (rc)
			return rc;
	}
	return 0;
}

/* Turn a failed run into the finance report. */
static int finish(cus_finance_report **report, unsigned flags, int rc, cus_import_report *ir, fin_import *c)
{
	fin__report *rep = fin__report_new(flags);
	if (!rep) {
		cus_import_report_free(ir);
		if (report)
			*report = NULL;
		return oom();
	}
	int r2 = fin__report_take(rep, ir);
	if (!r2)
		r2 = fin__report_mismatches(rep, &c->mm);
	cus_import_report_free(ir);
	if (report)
		*report = &rep->pub;
	else
		cus_finance_report_free(&rep->pub);
	return rc ? rc : r2;
}

static int options(const cus_finance_import_options *o, cus_import_options *io, unsigned *flags)
{
	*io = (cus_import_options)CUS_IMPORT_OPTIONS_INIT;
	*flags = 0;
	if (!o)
		return 0;
	if (o->version != CUS_FINANCE_IMPORT_OPTIONS_VERSION)
		return cus__error(CUS_EINVAL, "finance", "options", "unknown options version %u (this libcus knows %d)",
			o->version, CUS_FINANCE_IMPORT_OPTIONS_VERSION);
	io->encoding = o->encoding;
	io->delimiter = o->delimiter;
	*flags = o->flags;
	return 0;
}

/* ---- projects ---- */

enum { P_CODE, P_NAME, P_PROGRAMME, P_MEASURE, P_FROM, P_TO, P_TOTAL, P_COF, P_OWN, P_FIXED };

static const char *const project_fixed[P_FIXED] = { "code", "name", "programme", "measure", "period_from",
	"period_to", "total_cost", "co_financing", "own_contribution" };

static const cus__import_alias project_aliases[] = {
	{ "kod", P_CODE }, { "nazwa", P_NAME }, { "program", P_PROGRAMME }, { "dzialanie", P_MEASURE },
	{ "od", P_FROM }, { "do", P_TO }, { "koszt_calkowity", P_TOTAL }, { "wartosc_projektu", P_TOTAL },
	{ "dofinansowanie", P_COF }, { "wklad_wlasny", P_OWN }, { "udzial_wlasny", P_OWN },
};

static int project_header(cus__import *im)
{
	int bad = 0, rc;
	static const int required[] = { P_CODE, P_NAME, P_TOTAL };
	for (size_t i = 0; i < 3; i++)
		if (!cus__import_has(im, required[i])) {
			bad = 1;
			if ((rc = cus__import_errorf(im, project_fixed[required[i]], "the header has no %s column",
				     project_fixed[required[i]])))
				return rc;
		}
	return bad;
}

/* A row as a project input (dates D.M.YYYY turned around in dates). 0; 1 bad (reported when report). */
static int project_row(cus__import *im, fin_import *c, const char *const *v, cus_project_input *in,
	cus_project_source *src, char dates[2][11], int report)
{
	int bad = 0, rc;
	*in = (cus_project_input)CUS_PROJECT_INPUT_INIT;
	in->code = v[P_CODE];
	in->name = v[P_NAME];
	in->programme = v[P_PROGRAMME];
	in->measure = v[P_MEASURE];
	in->period_from = v[P_FROM] ? cus__import_date(v[P_FROM], dates[0]) : NULL;
	in->period_to = v[P_TO] ? cus__import_date(v[P_TO], dates[1]) : NULL;
	int64_t a;
	if (!v[P_TOTAL]) {
		bad = 1;
		if (report && (rc = cus__import_error(im, "total_cost", "is required")))
			return rc;
	}
	const char *amt_fields[3] = { "total_cost", "co_financing", "own_contribution" };
	int64_t *amt_out[3] = { &in->total_cost, &in->co_financing, &in->own_contribution };
	for (int k = 0; k < 3; k++) {
		const char *x = v[P_TOTAL + k];
		if (!x)
			continue;
		if (cus_money_parse(x, &a) != 0) {
			bad = 1;
			if (report && (rc = cus__import_error(im, amt_fields[k],
					       "must be an amount in złoty, e.g. 1 234,56 or 1234.56")))
				return rc;
		} else {
			*amt_out[k] = a;
		}
	}
	size_t n = 0;
	for (int f = P_FIXED; f < c->nfields; f++) {
		const char *x = v[f];
		if (!x)
			continue;
		if (cus_money_parse(x, &a) != 0) {
			bad = 1;
			if (report && (rc = cus__import_error(im, c->fields[f],
					       "must be an amount in złoty, e.g. 1 234,56 or 1234.56")))
				return rc;
			continue;
		}
		src[n].source = c->fields[f];
		src[n].amount = a;
		n++;
	}
	in->sources = n ? src : NULL;
	in->nsources = n;
	return bad;
}

/* The validator's field of a source: "sources[i].amount" becomes the source's column. */
static const char *project_error_field(const cus_project_input *in, const char *field)
{
	size_t i;
	char rest[32];
	if (field && sscanf(field, "sources[%zu].%31s", &i, rest) == 2 && i < in->nsources)
		return in->sources[i].source;
	return field;
}

static int code_seen(fin_import *c, const char *code, int64_t line, int64_t *first)
{
	for (size_t i = 0; i < c->ncodes; i++)
		if (strcmp(c->codes[i], code) == 0) {
			*first = c->code_lines[i];
			return 1;
		}
	if (c->ncodes == c->codes_cap) {
		size_t cap = c->codes_cap ? 2 * c->codes_cap : 16;
		char **p = realloc(c->codes, cap * sizeof *p);
		if (!p)
			return oom();
		c->codes = p;
		int64_t *l = realloc(c->code_lines, cap * sizeof *l);
		if (!l)
			return oom();
		c->code_lines = l;
		c->codes_cap = cap;
	}
	if (!(c->codes[c->ncodes] = strdup(code)))
		return oom();
	c->code_lines[c->ncodes++] = line;
	return 0;
}

static int project_exists(cus_db *db, const char *code)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(cus__db_sql(db), "SELECT 1 FROM projects WHERE code = ?1", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return cus__sql_error(cus__db_sql(db), rc, "finding a project");
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : cus__sql_error(cus__db_sql(db), rc, "finding a project");
}

static int project_check(cus__import *im, const char *const *v)
{
	fin_import *c = im->ctx;
	cus_project_input in;
	cus_project_source src[64];
	char dates[2][11];
	int rc = project_row(im, c, v, &in, src, dates, 1);
	if (rc)
		return rc < 0 ? rc : 0;
	fin__project_fields f;
	rc = fin__project_validate(c->p, &in, &f);
	if (rc == CUS_EINVAL) {
		const cus_error *e = cus_error_last();
		const char *m = e->message;
		size_t fl = e->field ? strlen(e->field) : 0;
		if (fl && !strncmp(m, e->field, fl) && m[fl] == ':' && m[fl + 1] == ' ')
			m += fl + 2;
		return cus__import_error(im, project_error_field(&in, e->field), m);
	}
	if (rc)
		return rc;
	int64_t first = 0;
	rc = code_seen(c, f.code, im->line, &first);
	if (rc == 1)
		rc = cus__import_errorf(im, "code", "the same code as line %lld", (long long)first);
	else if (!rc && (rc = project_exists(im->s->db, f.code)) == 1)
		rc = cus__import_error(im, "code", "a project with this code already exists");
	if (!rc) {
		size_t from = c->mm.n;
		rc = fin__project_sums(&c->mm, f.code, f.total, f.cof, f.own, f.sources, f.nsources, im->line, c->strict);
		if (rc == CUS_EINVAL)
			rc = cus__import_error_last(im, "total_cost");
		else if (!rc)
			rc = mismatches_as_errors(im, c, from);
	}
	fin__project_fields_free(&f);
	return rc;
}

static int project_store(cus__import *im, const char *const *v)
{
	fin_import *c = im->ctx;
	cus_project_input in;
	cus_project_source src[64];
	char dates[2][11];
	int rc = project_row(im, c, v, &in, src, dates, 0);
	if (rc)
		return rc < 0 ? rc : CUS__IMPORT_ROW_BAD;
	fin__project_fields f;
	rc = fin__project_validate(c->p, &in, &f);
	if (rc == CUS_EINVAL)
		return CUS__IMPORT_ROW_BAD;
	if (rc)
		return rc;
	rc = fin__project_insert(im->s, &f, NULL);
	if (rc == CUS_EEXISTS)
		rc = cus__import_error(im, "code", "a project with this code already exists") ? CUS_ENOMEM
			: CUS__IMPORT_ROW_REJECTED;
	fin__project_fields_free(&f);
	return rc;
}

int cus_project_import(cus_finance_report **report, cus_session *s, const char *path,
	const cus_finance_import_options *opts)
{
	if (report)
		*report = NULL;
	cus_import_options io;
	unsigned flags;
	fin_import c;
	memset(&c, 0, sizeof c);
	cus_import_report *ir = NULL;
	int rc = options(opts, &io, &flags);
	if (!rc && !s)
		rc = cus__error(CUS_EINVAL, "finance", "session", "no session");
	if (!rc)
		rc = fin__policy(s, &c.p);
	if (rc) {
		rc = finish(report, flags, rc, NULL, &c);
		fin_import_free(&c);
		return rc;
	}
	c.strict = (flags & CUS_FINANCE_STRICT) != 0;
	size_t nsrc = cus__policy_funding_count(c.p);
	if (nsrc > 64)
		nsrc = 64;
	c.nfields = P_FIXED + (int)nsrc;
	c.fields = calloc((size_t)c.nfields, sizeof *c.fields);
	if (!c.fields) {
		rc = finish(report, flags, oom(), NULL, &c);
		fin_import_free(&c);
		return rc;
	}
	for (int i = 0; i < P_FIXED; i++)
		c.fields[i] = project_fixed[i];
	for (size_t i = 0; i < nsrc; i++)
		c.fields[P_FIXED + i] = cus__policy_funding(c.p, i)->code;
	const cus__import_spec spec = {
		.action = "project.import",
		.object = "project",
		.categories = finance_categories,
		.categories_list = "finance",
		.fields = c.fields,
		.nfields = c.nfields,
		.aliases = project_aliases,
		.naliases = sizeof project_aliases / sizeof project_aliases[0],
		.known = "code, name, programme, measure, period_from, period_to, total_cost, co_financing,"
			 " own_contribution, and a column per funding source code",
		.header = project_header,
		.check = project_check,
		.store = project_store,
	};
	rc = cus__import_run(&ir, s, path, &io, &spec, &c);
	rc = finish(report, flags, rc, ir, &c);
	fin_import_free(&c);
	return rc;
}

/* ---- plan lines and expenditures ---- */

enum { L_YEAR, L_DATE, L_DZIAL, L_ROZDZIAL, L_PARAGRAF, L_CLASS, L_SOURCE, L_PROJECT, L_SERVICE, L_AMOUNT, L_NOTE,
	L_COUNT };

static const char *const line_fields[L_COUNT] = { "year", "date", "dzial", "rozdzial", "paragraf",
	"classification", "source", "project", "service", "amount", "note" };
static const char *const exp_fields[L_COUNT] = { "year", "date", "dzial", "rozdzial", "paragraf",
	"classification", "source", "project", "service", "amount", "document" };

static const cus__import_alias entry_aliases[] = {
	{ "rok", L_YEAR }, { "data", L_DATE }, { "klasyfikacja", L_CLASS }, { "zrodlo", L_SOURCE },
	{ "zrodlo_finansowania", L_SOURCE }, { "projekt", L_PROJECT }, { "usluga", L_SERVICE }, { "kwota", L_AMOUNT },
	{ "uwagi", L_NOTE }, { "dokument", L_NOTE }, { "nr_dokumentu", L_NOTE }, { "paragraph", L_PARAGRAF },
	{ "chapter", L_DZIAL }, { "section", L_ROZDZIAL },
};

static int entry_header(cus__import *im, int expenditure)
{
	const char *const *names = expenditure ? exp_fields : line_fields;
	int bad = 0, rc;
	int req[3] = { expenditure ? L_DATE : L_YEAR, L_SOURCE, L_AMOUNT };
	for (int i = 0; i < 3; i++)
		if (!cus__import_has(im, req[i])) {
			bad = 1;
			if ((rc = cus__import_errorf(im, names[req[i]], "the header has no %s column", names[req[i]])))
				return rc;
		}
	int parts = cus__import_has(im, L_DZIAL) && cus__import_has(im, L_ROZDZIAL) && cus__import_has(im, L_PARAGRAF);
	if (!parts && !cus__import_has(im, L_CLASS)) {
		bad = 1;
		if ((rc = cus__import_error(im, "classification",
			     "the header needs dzial, rozdzial and paragraf columns, or a classification column")))
			return rc;
	}
	if (expenditure ? cus__import_has(im, L_YEAR) : cus__import_has(im, L_DATE)) {
		bad = 1;
		if ((rc = cus__import_errorf(im, expenditure ? "year" : "date", "%s",
			     expenditure ? "an expenditure has a date, not a year column"
					 : "a plan line has a year, not a date column")))
			return rc;
	}
	return bad;
}

static int line_header(cus__import *im)
{
	return entry_header(im, 0);
}

static int exp_header(cus__import *im)
{
	return entry_header(im, 1);
}

/* The classification of a row: the classification column, else the three. */
static int row_class(const char *const *v, const char **dz, const char **rz, const char **pg,
	cus_classification *cls, const char **why_field)
{
	*why_field = NULL;
	if (v[L_CLASS]) {
		if (cus_classification_parse(cls, v[L_CLASS]) != 0) {
			*why_field = "classification";
			return 1;
		}
		*dz = cls->dzial;
		*rz = cls->rozdzial;
		*pg = cls->paragraf;
		return 0;
	}
	*dz = v[L_DZIAL];
	*rz = v[L_ROZDZIAL];
	*pg = v[L_PARAGRAF];
	return 0;
}

/* Parse and validate a row into e. 0; 1 bad (reported when report); < 0. */
static int entry_row(cus__import *im, fin_import *c, const char *const *v, int expenditure, fin__entry *e,
	int report)
{
	int rc, bad = 0;
	memset(e, 0, sizeof *e);
	cus_classification cls;
	const char *dz, *rz, *pg, *why;
	if (row_class(v, &dz, &rz, &pg, &cls, &why)) {
		if (report && (rc = cus__import_error(im, "classification", cus_error_last()->message)))
			return rc;
		return 1;
	}
	int64_t amount = 0;
	if (!v[L_AMOUNT]) {
		bad = 1;
		if (report && (rc = cus__import_error(im, "amount", "is required")))
			return rc;
	} else if (cus_money_parse(v[L_AMOUNT], &amount) != 0) {
		bad = 1;
		if (report && (rc = cus__import_error(im, "amount", "must be an amount in złoty, e.g. 1 234,56 or 1234.56")))
			return rc;
	}
	if (expenditure) {
		char date[11];
		cus_expenditure_input in = CUS_EXPENDITURE_INPUT_INIT;
		in.date = v[L_DATE] ? cus__import_date(v[L_DATE], date) : NULL;
		in.dzial = dz;
		in.rozdzial = rz;
		in.paragraf = pg;
		in.source = v[L_SOURCE];
		in.project = v[L_PROJECT];
		in.service = v[L_SERVICE];
		in.amount = bad ? 1 : amount;
		in.document = v[L_NOTE];
		rc = fin__expenditure_validate(c->p, im->s->db, &in, e);
	} else {
		long year = 0;
		cus_budget_line_input in = CUS_BUDGET_LINE_INPUT_INIT;
		if (!v[L_YEAR] || cus__import_int(v[L_YEAR], FIN__YEAR_MIN, FIN__YEAR_MAX, &year) != 0) {
			bad = 1;
			if (report && (rc = cus__import_errorf(im, "year", "%s", v[L_YEAR] ? "must be a year from 1990 to 9999"
								      : "is required")))
				return rc;
			year = FIN__YEAR_MIN;
		}
		in.year = (int)year;
		in.dzial = dz;
		in.rozdzial = rz;
		in.paragraf = pg;
		in.source = v[L_SOURCE];
		in.project = v[L_PROJECT];
		in.service = v[L_SERVICE];
		in.amount = amount;
		in.note = v[L_NOTE];
		rc = fin__line_validate(c->p, im->s->db, &in, e);
	}
	if (rc == CUS_EINVAL) {
		if (report && (rc = cus__import_error_last(im, "(row)")))
			return rc;
		return 1;
	}
	if (rc)
		return rc;
	if (bad) {
		fin__entry_free(e);
		return 1;
	}
	return 0;
}

static int pid_touch(fin_import *c, int64_t pid, int64_t line)
{
	for (size_t i = 0; i < c->npids; i++)
		if (c->pids[i] == pid) {
			c->pid_lines[i] = line;
			return 0;
		}
	if (c->npids == c->pids_cap) {
		size_t cap = c->pids_cap ? 2 * c->pids_cap : 8;
		int64_t *p = realloc(c->pids, cap * sizeof *p), *l;
		if (!p)
			return oom();
		c->pids = p;
		if (!(l = realloc(c->pid_lines, cap * sizeof *l)))
			return oom();
		c->pid_lines = l;
		c->pids_cap = cap;
	}
	c->pids[c->npids] = pid;
	c->pid_lines[c->npids++] = line;
	return 0;
}

static int entry_check(cus__import *im, const char *const *v, int expenditure)
{
	fin__entry e;
	int rc = entry_row(im, im->ctx, v, expenditure, &e, 1);
	if (rc)
		return rc < 0 ? rc : 0;
	if (!expenditure && e.project_id)
		rc = pid_touch(im->ctx, e.project_id, im->line);
	fin__entry_free(&e);
	return rc;
}

static int line_check(cus__import *im, const char *const *v)
{
	return entry_check(im, v, 0);
}

static int exp_check(cus__import *im, const char *const *v)
{
	return entry_check(im, v, 1);
}

static int entry_store(cus__import *im, const char *const *v, int expenditure)
{
	fin__entry e;
	int rc = entry_row(im, im->ctx, v, expenditure, &e, 0);
	if (rc)
		return rc < 0 ? rc : CUS__IMPORT_ROW_BAD;
	rc = expenditure ? fin__expenditure_insert(im->s, &e, NULL) : fin__line_insert(im->s, &e, NULL);
	fin__entry_free(&e);
	return rc;
}

static int line_store(cus__import *im, const char *const *v)
{
	return entry_store(im, v, 0);
}

static int exp_store(cus__import *im, const char *const *v)
{
	return entry_store(im, v, 1);
}

/* After the lines are in (the transaction still open): each project they
 * name against its total, with the stored lines. */
static int line_store_end(cus__import *im, int rc)
{
	fin_import *c = im->ctx;
	if (rc)
		return rc;
	for (size_t i = 0; !rc && i < c->npids; i++) {
		size_t from = c->mm.n;
		rc = fin__plan_check(&c->mm, im->s->db, c->pids[i], c->pid_lines[i], c->strict);
		if (!rc && c->strict && c->mm.n > from) {
			im->line = c->pid_lines[i];
			rc = mismatches_as_errors(im, c, from);
		}
	}
	if (!rc && c->strict && c->mm.n)
		rc = fin__mismatch_error(&c->mm.items[0]);
	return rc;
}

static int entry_import(cus_finance_report **report, cus_session *s, const char *path,
	const cus_finance_import_options *opts, int expenditure)
{
	if (report)
		*report = NULL;
	cus_import_options io;
	unsigned flags;
	fin_import c;
	memset(&c, 0, sizeof c);
	cus_import_report *ir = NULL;
	int rc = options(opts, &io, &flags);
	if (!rc && !s)
		rc = cus__error(CUS_EINVAL, "finance", "session", "no session");
	if (!rc)
		rc = fin__policy(s, &c.p);
	if (!rc) {
		c.strict = (flags & CUS_FINANCE_STRICT) != 0;
		const cus__import_spec spec = {
			.action = expenditure ? "expenditure.import" : "budget_line.import",
			.object = expenditure ? "expenditure" : "budget_line",
			.categories = finance_categories,
			.categories_list = "finance",
			.fields = expenditure ? exp_fields : line_fields,
			.nfields = L_COUNT,
			.aliases = entry_aliases,
			.naliases = sizeof entry_aliases / sizeof entry_aliases[0],
			.known = expenditure ? "date, dzial, rozdzial, paragraf (or classification), source, project,"
					       " service, amount, document"
					     : "year, dzial, rozdzial, paragraf (or classification), source, project,"
					       " service, amount, note",
			.header = expenditure ? exp_header : line_header,
			.check = expenditure ? exp_check : line_check,
			.store = expenditure ? exp_store : line_store,
			.store_end = expenditure ? NULL : line_store_end,
		};
		rc = cus__import_run(&ir, s, path, &io, &spec, &c);
	}
	rc = finish(report, flags, rc, ir, &c);
	fin_import_free(&c);
	return rc;
}

int cus_budget_line_import(cus_finance_report **report, cus_session *s, const char *path,
	const cus_finance_import_options *opts)
{
	return entry_import(report, s, path, opts, 0);
}

int cus_expenditure_import(cus_finance_report **report, cus_session *s, const char *path,
	const cus_finance_import_options *opts)
{
	return entry_import(report, s, path, opts, 1);
}
