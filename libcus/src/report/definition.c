/* Report definitions: YAML (docs/REPORTS.md) read with the policy module's
 * strict tree and validated with file:line:column and key paths. Only what
 * the file itself says is checked here; whether its indicators, measures and
 * breakdowns fit the active policy is checked when a report is generated. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "report.h"
#include "cus/indicators.h"
#include "../policy/yaml.h"

#define DEF_MAX_BYTES (1u << 20)

char *cus__rep_strdup(const char *s)
{
	if (!s)
		return NULL;
	char *c = strdup(s);
	if (!c)
		cus__error(CUS_ENOMEM, MODULE_REPORT, NULL, "out of memory");
	return c;
}

char *cus__rep_printf(const char *fmt, ...)
{
	va_list ap, aq;
	va_start(ap, fmt);
	va_copy(aq, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *out = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (out)
		vsnprintf(out, (size_t)n + 1, fmt, aq);
	else
		cus__error(CUS_ENOMEM, MODULE_REPORT, NULL, "out of memory");
	va_end(aq);
	return out;
}

static void block_free(rep_block *b)
{
	free(b->title);
	free(b->note);
	free(b->text);
	for (size_t i = 0; i < b->nrows; i++)
		free(b->rows[i]);
	for (size_t i = 0; i < b->ncols; i++)
		free(b->cols[i]);
	for (size_t i = 0; i < b->nvalues; i++) {
		free(b->values[i].indicator);
		free(b->values[i].measure);
		free(b->values[i].denominator);
		free(b->values[i].label);
	}
	for (size_t i = 0; i < b->ncodes; i++)
		free(b->codes[i]);
	free(b->codes);
	free(b->chart.title);
}

void cus_report_def_free(cus_report_def *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->nsheets; i++) {
		rep_sheet *s = &d->sheets[i];
		for (size_t j = 0; j < s->nblocks; j++)
			block_free(&s->blocks[j]);
		free(s->blocks);
		free(s->name);
		free(s->title);
	}
	free(d->sheets);
	free(d->source);
	free(d->code);
	free(d->title);
	free(d->subtitle);
	free(d->notes);
	free(d);
}

const char *cus_report_def_code(const cus_report_def *d)
{
	return d ? d->code : NULL;
}

const char *cus_report_def_title(const cus_report_def *d)
{
	return d ? d->title : NULL;
}

const char *cus_report_def_audience(const cus_report_def *d)
{
	return d ? (d->is_public ? "public" : "internal") : NULL;
}

size_t cus_report_def_sheet_count(const cus_report_def *d)
{
	return d ? d->nsheets : 0;
}

/* ---- small validators ---- */

static int str_dup(const cus__ypath *p, const cus__ynode *n, size_t max, char **out)
{
	const char *v = NULL;
	int rc = cus__ystring(p, n, max, &v);
	if (rc)
		return rc;
	if (!(*out = cus__rep_strdup(v)))
		return CUS_ENOMEM;
	return 0;
}

static int opt_str(cus__ypath *p, const char *key, const cus__ynode *n, size_t max, char **out)
{
	*out = NULL;
	if (!n)
		return 0;
	size_t back = cus__ypath_key(p, key);
	int rc = str_dup(p, n, max, out);
	cus__ypath_restore(p, back);
	return rc;
}

static int one_of(const cus__ypath *p, const cus__ynode *n, const char *const *names, int *out)
{
	if (!n || n->type != CUS__YSCALAR)
		return cus__yerror(p, n, "must be a string, not %s", cus__ytype_name(n));
	for (int i = 0; names[i]; i++)
		if (strcmp(n->value, names[i]) == 0) {
			*out = i;
			return 0;
		}
	char known[300] = "";
	for (int i = 0; names[i]; i++) {
		size_t u = strlen(known);
		if (names[i][0])
			snprintf(known + u, sizeof known - u, "%s%s", u ? ", " : "", names[i]);
	}
	return cus__yerror(p, n, "'%.64s' is not one of %s", n->value, known);
}

static int boolean(const cus__ypath *p, const cus__ynode *n, int *out)
{
	static const char *const names[] = { "false", "true", NULL };
	return one_of(p, n, names, out);
}

static int integer(const cus__ypath *p, const cus__ynode *n, int64_t min, int64_t max, int64_t *out)
{
	if (!n || n->type != CUS__YSCALAR || !n->plain || !n->len)
		return cus__yerror(p, n, "must be a whole number");
	char *end = NULL;
	errno = 0;
	long long v = strtoll(n->value, &end, 10);
	if (errno || *end || v < min || v > max)
		return cus__yerror(p, n, "must be a whole number from %lld to %lld", (long long)min, (long long)max);
	*out = v;
	return 0;
}

static int code_dashed(const cus__ypath *p, const cus__ynode *n, char **out)
{
	if (!n || n->type != CUS__YSCALAR)
		return cus__yerror(p, n, "must be a string, not %s", cus__ytype_name(n));
	size_t len = n->len;
	int ok = len >= 1 && len <= 64;
	for (size_t i = 0; ok && i < len; i++) {
		char c = n->value[i];
		ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && i > 0);
	}
	if (!ok)
		return cus__yerror(p, n, "must be 1-64 characters a-z, 0-9 and '-', not starting with '-'");
	return (*out = cus__rep_strdup(n->value)) ? 0 : CUS_ENOMEM;
}

/* A list of dimension codes, at most max. */
static int dims(cus__ypath *p, const char *key, const cus__ynode *n, size_t min, size_t max, char **out,
	size_t *nout)
{
	*nout = 0;
	if (!n) {
		if (min)
			return cus__yerror_key(p, key, n, "is required");
		return 0;
	}
	size_t back = cus__ypath_key(p, key);
	int rc = cus__yseq(p, n, 0);
	if (!rc && (n->count < min || n->count > max))
		rc = cus__yerror(p, n, "must list %zu to %zu dimensions", min, max);
	size_t i = 0;
	for (const cus__ynode *it = n->first; !rc && it; it = it->next, i++) {
		size_t b2 = cus__ypath_index(p, i);
		if (it->type != CUS__YSCALAR || !cus_indicator_dimension_valid(it->value))
			rc = cus__yerror(p, it, "'%.64s' is not a dimension (month, quarter, half_year, year, service, area,"
				" funding, project, sex, age_band, family_type)", it->type == CUS__YSCALAR ? it->value : "?");
		for (size_t j = 0; !rc && j < *nout; j++)
			if (strcmp(out[j], it->value) == 0)
				rc = cus__yerror(p, it, "the dimension '%s' is given twice", it->value);
		if (!rc && !(out[(*nout)++] = cus__rep_strdup(it->value)))
			rc = CUS_ENOMEM;
		cus__ypath_restore(p, b2);
	}
	cus__ypath_restore(p, back);
	return rc;
}

static const char *const chart_names[] = { "none", "column", "bar", "pie", "line", NULL };

static int chart(cus__ypath *p, const cus__ynode *n, rep_chart *c, int budget)
{
	static const cus__ykey keys[] = { { "type", CUS__YKEY_REQUIRED }, { "title", CUS__YKEY_REQUIRED },
		{ "series", CUS__YKEY_OPTIONAL }, { NULL, 0 } };
	const cus__ynode *v[3];
	size_t back = cus__ypath_key(p, "chart");
	int rc = cus__ymap(p, n, keys, v);
	int t = 0;
	if (!rc) {
		size_t b = cus__ypath_key(p, "type");
		rc = one_of(p, v[0], chart_names, &t);
		if (!rc && t == REP_CHART_NONE)
			rc = cus__yerror(p, v[0], "must be column, bar, pie or line");
		cus__ypath_restore(p, b);
	}
	c->type = (rep_chart_type)t;
	c->line = n ? n->line : 0;
	c->column = n ? n->column : 0;
	if (!rc)
		rc = opt_str(p, "title", v[1], 200, &c->title);
	if (!rc && v[2]) {
		size_t b = cus__ypath_key(p, "series");
		rc = cus__yseq(p, v[2], 1);
		if (!rc && v[2]->count > REP__MAX_VALUES)
			rc = cus__yerror(p, v[2], "at most %d series", REP__MAX_VALUES);
		size_t i = 0;
		static const char *const bcols[] = { "plan", "executed", "executed_pct", "beneficiaries",
			"cost_per_beneficiary", "units", "cost_per_unit", NULL };
		for (const cus__ynode *it = rc ? NULL : v[2]->first; !rc && it; it = it->next, i++) {
			size_t b2 = cus__ypath_index(p, i);
			if (budget) {
				int col = 0;
				rc = one_of(p, it, bcols, &col);
				c->series[i] = (size_t)col;
			} else {
				int64_t k = 0;
				rc = integer(p, it, 1, REP__MAX_VALUES, &k);
				c->series[i] = (size_t)(k - 1);
			}
			cus__ypath_restore(p, b2);
		}
		c->nseries = rc ? 0 : v[2]->count;
		cus__ypath_restore(p, b);
	}
	if (!rc && c->type == REP_CHART_PIE && c->nseries > 1)
		rc = cus__yerror_key(p, "series", v[2], "a pie chart draws one series");
	cus__ypath_restore(p, back);
	return rc;
}

static const char *const fmt_names[] = { "auto", "count", "money", "percent", "units", "decimal", NULL };

static int value(cus__ypath *p, const cus__ynode *n, rep_value *v, int is_public)
{
	static const cus__ykey keys[] = { { "indicator", 0 }, { "measure", 0 }, { "denominator", 0 }, { "factor", 0 },
		{ "label", 0 }, { "format", 0 }, { NULL, 0 } };
	const cus__ynode *k[6];
	int rc = cus__ymap(p, n, keys, k);
	if (rc)
		return rc;
	v->line = n->line;
	v->column = n->column;
	if (!!k[0] == !!k[1])
		return cus__yerror(p, n, "give either indicator or measure");
	if (k[0]) {
		size_t b = cus__ypath_key(p, "indicator");
		const char *code = NULL;
		rc = cus__ycode(p, k[0], &code);
		if (!rc && !(v->indicator = cus__rep_strdup(code)))
			rc = CUS_ENOMEM;
		cus__ypath_restore(p, b);
		if (!rc && (k[2] || k[3]))
			rc = cus__yerror_key(p, k[2] ? "denominator" : "factor", k[2] ? k[2] : k[3],
				"goes with measure (an indicator has its own)");
	} else {
		size_t b = cus__ypath_key(p, "measure");
		if (k[1]->type != CUS__YSCALAR || !cus_indicator_measure_valid(k[1]->value))
			rc = cus__yerror(p, k[1], "not a measure (persons, families, deliveries, units, cost, services,"
				" applications, applicants, qualified, refused, decided, withdrawn, plans_active, reviews_due,"
				" reviews_on_time)");
		else if (!(v->measure = cus__rep_strdup(k[1]->value)))
			rc = CUS_ENOMEM;
		cus__ypath_restore(p, b);
		if (!rc && is_public && (strcmp(v->measure, "cost") == 0 || strcmp(v->measure, "units") == 0))
			rc = cus__yerror_key(p, "measure", k[1], "a public report publishes counts only (amounts come from"
				" budget blocks)");
		if (!rc && k[2]) {
			b = cus__ypath_key(p, "denominator");
			if (k[2]->type != CUS__YSCALAR || !cus_indicator_measure_valid(k[2]->value))
				rc = cus__yerror(p, k[2], "not a measure");
			else if (!(v->denominator = cus__rep_strdup(k[2]->value)))
				rc = CUS_ENOMEM;
			cus__ypath_restore(p, b);
		}
		if (!rc && k[3]) {
			b = cus__ypath_key(p, "factor");
			rc = integer(p, k[3], 1, 1000000, &v->factor);
			cus__ypath_restore(p, b);
		}
	}
	if (!rc)
		rc = opt_str(p, "label", k[4], 200, &v->label);
	if (!rc && k[5]) {
		size_t b = cus__ypath_key(p, "format");
		int f = 0;
		rc = one_of(p, k[5], fmt_names, &f);
		v->fmt = (rep_fmt)f;
		if (!rc && is_public && (v->fmt == REP_FMT_MONEY || v->fmt == REP_FMT_UNITS))
			rc = cus__yerror(p, k[5], "a public report publishes counts only");
		cus__ypath_restore(p, b);
	}
	return rc;
}

static int compare_key(cus__ypath *p, const cus__ynode *n, int *out)
{
	static const char *const names[] = { "none", "previous", NULL };
	*out = 0;
	if (!n)
		return 0;
	size_t b = cus__ypath_key(p, "compare");
	int rc = one_of(p, n, names, out);
	cus__ypath_restore(p, b);
	return rc;
}

static int table(cus__ypath *p, const cus__ynode *n, rep_block *b, int is_public)
{
	static const cus__ykey keys[] = { { "title", 1 }, { "note", 0 }, { "rows", 1 }, { "columns", 0 },
		{ "values", 1 }, { "totals", 0 }, { "compare", 0 }, { "chart", 0 }, { NULL, 0 } };
	const cus__ynode *v[8];
	int rc = cus__ymap(p, n, keys, v);
	if (!rc)
		rc = opt_str(p, "title", v[0], 300, &b->title);
	if (!rc)
		rc = opt_str(p, "note", v[1], REP__TEXT_MAX, &b->note);
	if (!rc)
		rc = dims(p, "rows", v[2], 1, is_public ? 1 : 2, b->rows, &b->nrows);
	if (!rc && is_public && v[2] && v[2]->count > 1)
		rc = cus__yerror_key(p, "rows", v[2], "a public table has one row dimension");
	if (!rc)
		rc = dims(p, "columns", v[3], 0, 1, b->cols, &b->ncols);
	for (size_t i = 0; !rc && i < b->nrows; i++)
		for (size_t j = 0; j < b->ncols; j++)
			if (strcmp(b->rows[i], b->cols[j]) == 0)
				rc = cus__yerror_key(p, "columns", v[3], "the dimension '%s' is also a row", b->cols[j]);
	if (!rc) {
		size_t back = cus__ypath_key(p, "values");
		rc = cus__yseq(p, v[4], 1);
		if (!rc && v[4]->count > REP__MAX_VALUES)
			rc = cus__yerror(p, v[4], "at most %d values", REP__MAX_VALUES);
		if (!rc && b->ncols && v[4]->count != 1)
			rc = cus__yerror(p, v[4], "a table with a column dimension shows one value");
		size_t i = 0;
		for (const cus__ynode *it = rc ? NULL : v[4]->first; !rc && it; it = it->next, i++) {
			size_t b2 = cus__ypath_index(p, i);
			rc = value(p, it, &b->values[i], is_public);
			b->nvalues = i + 1;
			cus__ypath_restore(p, b2);
		}
		cus__ypath_restore(p, back);
	}
	b->totals = 1;
	if (!rc && v[5]) {
		size_t back = cus__ypath_key(p, "totals");
		rc = boolean(p, v[5], &b->totals);
		cus__ypath_restore(p, back);
	}
	if (!rc)
		rc = compare_key(p, v[6], &b->compare);
	if (!rc && b->compare) {
		static const char *const period_dims[] = { "month", "quarter", "half_year", "year" };
		for (size_t i = 0; i < b->nrows + b->ncols; i++)
			for (size_t j = 0; !rc && j < 4; j++)
				if (strcmp(i < b->nrows ? b->rows[i] : b->cols[i - b->nrows], period_dims[j]) == 0)
					rc = cus__yerror_key(p, "compare", v[6], "a table broken down by %s cannot be compared "
						"with the previous period", period_dims[j]);
		if (!rc && b->ncols)
			rc = cus__yerror_key(p, "compare", v[6], "a comparison goes with values in columns, not with a column"
				" dimension");
	}
	if (!rc && v[7])
		rc = chart(p, v[7], &b->chart, 0);
	if (!rc && v[7] && b->nrows > 1)
		rc = cus__yerror_key(p, "chart", v[7], "a chart goes with a table of one row dimension");
	if (!rc && v[7] && b->compare && b->chart.type == REP_CHART_PIE)
		rc = cus__yerror_key(p, "chart", v[7], "a pie chart cannot show a comparison");
	for (size_t i = 0; !rc && i < b->chart.nseries; i++)
		if (b->chart.series[i] >= b->nvalues)
			rc = cus__yerror_key(p, "chart", v[7], "series %zu: the table has %zu values", b->chart.series[i] + 1,
				b->nvalues);
	return rc;
}

static const char *const by_names[] = { "", "source", "project", "classification", "area", "service", "dzial",
	"rozdzial", "paragraf", NULL };

static int budget(cus__ypath *p, const cus__ynode *n, rep_block *b)
{
	static const cus__ykey keys[] = { { "title", 1 }, { "note", 0 }, { "by", 1 }, { "columns", 0 },
		{ "chart", 0 }, { NULL, 0 } };
	const cus__ynode *v[5];
	int rc = cus__ymap(p, n, keys, v);
	if (!rc)
		rc = opt_str(p, "title", v[0], 300, &b->title);
	if (!rc)
		rc = opt_str(p, "note", v[1], REP__TEXT_MAX, &b->note);
	if (!rc) {
		size_t back = cus__ypath_key(p, "by");
		rc = one_of(p, v[2], by_names, &b->budget_by);
		if (!rc && b->budget_by == 0)
			rc = cus__yerror(p, v[2], "must name a breakdown");
		cus__ypath_restore(p, back);
	}
	b->budget_cols = REP_BC_PLAN | REP_BC_EXECUTED | REP_BC_PCT;
	if (!rc && v[3]) {
		static const char *const cols[] = { "plan", "executed", "executed_pct", "beneficiaries",
			"cost_per_beneficiary", "units", "cost_per_unit", NULL };
		size_t back = cus__ypath_key(p, "columns");
		rc = cus__yseq(p, v[3], 1);
		b->budget_cols = 0;
		size_t i = 0;
		for (const cus__ynode *it = rc ? NULL : v[3]->first; !rc && it; it = it->next, i++) {
			size_t b2 = cus__ypath_index(p, i);
			int c = 0;
			rc = one_of(p, it, cols, &c);
			if (!rc && c >= 3 && b->budget_by != CUS_BUDGET_BY_AREA && b->budget_by != CUS_BUDGET_BY_SERVICE)
				rc = cus__yerror(p, it, "'%s' is given for breakdowns by area or service only", cols[c]);
			if (!rc && c >= 5 && b->budget_by != CUS_BUDGET_BY_SERVICE)
				rc = cus__yerror(p, it, "'%s' is given for the breakdown by service only", cols[c]);
			b->budget_cols |= 1u << c;
			cus__ypath_restore(p, b2);
		}
		cus__ypath_restore(p, back);
	}
	if (!rc && v[4])
		rc = chart(p, v[4], &b->chart, 1);
	for (size_t i = 0; !rc && i < b->chart.nseries; i++)
		if (!(b->budget_cols & (1u << b->chart.series[i])))
			rc = cus__yerror_key(p, "chart", v[4], "a series names a column the table does not show");
	return rc;
}

static int structure(cus__ypath *p, const cus__ynode *n, rep_block *b)
{
	static const cus__ykey keys[] = { { "title", 1 }, { "note", 0 }, { "of", 1 }, { "chart", 0 }, { NULL, 0 } };
	static const char *const of[] = { "spending", "financing", NULL };
	const cus__ynode *v[4];
	int rc = cus__ymap(p, n, keys, v);
	if (!rc)
		rc = opt_str(p, "title", v[0], 300, &b->title);
	if (!rc)
		rc = opt_str(p, "note", v[1], REP__TEXT_MAX, &b->note);
	if (!rc) {
		size_t back = cus__ypath_key(p, "of");
		rc = one_of(p, v[2], of, &b->structure_of);
		cus__ypath_restore(p, back);
	}
	if (!rc && v[3])
		rc = chart(p, v[3], &b->chart, 1);
	return rc;
}

static int indicators(cus__ypath *p, const cus__ynode *n, rep_block *b)
{
	static const cus__ykey keys[] = { { "title", 1 }, { "note", 0 }, { "codes", 0 }, { "by_criterion", 0 },
		{ "compare", 0 }, { NULL, 0 } };
	const cus__ynode *v[5];
	int rc = cus__ymap(p, n, keys, v);
	if (!rc)
		rc = opt_str(p, "title", v[0], 300, &b->title);
	if (!rc)
		rc = opt_str(p, "note", v[1], REP__TEXT_MAX, &b->note);
	if (!rc && v[2]) {
		size_t back = cus__ypath_key(p, "codes");
		rc = cus__yseq(p, v[2], 1);
		if (!rc && !(b->codes = calloc(v[2]->count, sizeof *b->codes)))
			rc = cus__error(CUS_ENOMEM, MODULE_REPORT, NULL, "out of memory");
		size_t i = 0;
		for (const cus__ynode *it = rc ? NULL : v[2]->first; !rc && it; it = it->next, i++) {
			size_t b2 = cus__ypath_index(p, i);
			const char *code = NULL;
			rc = cus__ycode(p, it, &code);
			if (!rc && !(b->codes[b->ncodes++] = cus__rep_strdup(code)))
				rc = CUS_ENOMEM;
			cus__ypath_restore(p, b2);
		}
		cus__ypath_restore(p, back);
	}
	if (!rc && v[3]) {
		size_t back = cus__ypath_key(p, "by_criterion");
		rc = boolean(p, v[3], &b->by_criterion);
		cus__ypath_restore(p, back);
	}
	if (!rc)
		rc = compare_key(p, v[4], &b->compare);
	return rc;
}

static int block(cus__ypath *p, const cus__ynode *n, rep_block *b, int is_public)
{
	static const cus__ykey keys[] = { { "text", 0 }, { "table", 0 }, { "budget", 0 }, { "structure", 0 },
		{ "indicators", 0 }, { NULL, 0 } };
	const cus__ynode *v[5];
	int rc = cus__ymap(p, n, keys, v);
	if (rc)
		return rc;
	int which = -1, count = 0;
	for (int i = 0; i < 5; i++)
		if (v[i]) {
			which = i;
			count++;
		}
	if (count != 1)
		return cus__yerror(p, n, "a block is one of text, table, budget, structure or indicators");
	b->kind = (rep_kind)which;
	b->line = v[which]->line;
	b->column = v[which]->column;
	size_t back = cus__ypath_key(p, keys[which].name);
	switch (b->kind) {
	case REP_TEXT: rc = str_dup(p, v[0], REP__TEXT_MAX, &b->text); break;
	case REP_TABLE: rc = table(p, v[1], b, is_public); break;
	case REP_BUDGET: rc = budget(p, v[2], b); break;
	case REP_STRUCTURE: rc = structure(p, v[3], b); break;
	case REP_INDICATORS: rc = indicators(p, v[4], b); break;
	}
	cus__ypath_restore(p, back);
	return rc;
}

/* Sheet names: Excel's rules, and unique without regard to case or accents
 * (libxlsxwriter's own check is ASCII-only). */
static int sheet_name(const cus__ypath *p, const cus__ynode *n, rep_sheet *sheets, size_t count, char **out)
{
	int rc = str_dup(p, n, 200, out);
	if (rc)
		return rc;
	const char *s = *out;
	size_t chars = 0;
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if ((*c & 0xC0) != 0x80)
			chars += *c >= 0xF0 ? 2 : 1;   /* Excel counts UTF-16 units */
		if (strchr("[]:*?/\\", *c) || *c < 0x20)
			return cus__yerror(p, n, "a sheet name may not hold [ ] : * ? / \\ or control characters");
	}
	if (chars > 31)
		return cus__yerror(p, n, "a sheet name is at most 31 characters, not %zu", chars);
	if (s[0] == '\'' || s[strlen(s) - 1] == '\'')
		return cus__yerror(p, n, "a sheet name may not begin or end with an apostrophe");
	char *key = NULL;
	if ((rc = cus__text_search_key_len(&key, s, strlen(s))))
		return rc;
	static const char *const reserved[] = { "okladka", "metodologia", "history" };
	for (size_t i = 0; !rc && i < 3; i++)
		if (strcmp(key, reserved[i]) == 0)
			rc = cus__yerror(p, n, "'%s' is a sheet every report has (or Excel reserves)", s);
	for (size_t i = 0; !rc && i < count; i++) {
		char *other = NULL;
		if ((rc = cus__text_search_key_len(&other, sheets[i].name, strlen(sheets[i].name))))
			break;
		if (strcmp(other, key) == 0)
			rc = cus__yerror(p, n, "the sheet name '%s' is already used (names are compared without case and"
				" accents)", s);
		cus_free(other);
	}
	cus_free(key);
	return rc;
}

static const char *const period_names[] = { "", "year", "half_year", "quarter", "month", NULL };

static int parse_tree(cus_report_def *d, cus__ypath *p, const cus__ynode *root)
{
	static const cus__ykey top[] = { { "report", 1 }, { "sheets", 1 }, { NULL, 0 } };
	const cus__ynode *t[2];
	if (!root)
		return cus__yerror(p, NULL, "the file holds no report definition");
	int rc = cus__ymap(p, root, top, t);
	if (rc)
		return rc;
	static const cus__ykey rkeys[] = { { "code", 1 }, { "title", 1 }, { "subtitle", 0 }, { "audience", 1 },
		{ "periods", 1 }, { "suppression", 0 }, { "notes", 0 }, { NULL, 0 } };
	const cus__ynode *r[7];
	size_t back = cus__ypath_key(p, "report");
	rc = cus__ymap(p, t[0], rkeys, r);
	if (!rc) {
		size_t b = cus__ypath_key(p, "code");
		rc = code_dashed(p, r[0], &d->code);
		cus__ypath_restore(p, b);
	}
	if (!rc)
		rc = opt_str(p, "title", r[1], 300, &d->title);
	if (!rc)
		rc = opt_str(p, "subtitle", r[2], 300, &d->subtitle);
	if (!rc) {
		static const char *const aud[] = { "internal", "public", NULL };
		size_t b = cus__ypath_key(p, "audience");
		rc = one_of(p, r[3], aud, &d->is_public);
		cus__ypath_restore(p, b);
	}
	if (!rc) {
		size_t b = cus__ypath_key(p, "periods");
		rc = cus__yseq(p, r[4], 1);
		size_t i = 0;
		for (const cus__ynode *it = rc ? NULL : r[4]->first; !rc && it; it = it->next, i++) {
			size_t b2 = cus__ypath_index(p, i);
			int k = 0;
			rc = one_of(p, it, period_names, &k);
			if (!rc && k == 0)
				rc = cus__yerror(p, it, "must be year, half_year, quarter or month");
			d->periods |= 1u << k;
			cus__ypath_restore(p, b2);
		}
		cus__ypath_restore(p, b);
	}
	if (!rc && r[5]) {
		size_t b = cus__ypath_key(p, "suppression");
		int64_t k = 0;
		if (!d->is_public)
			rc = cus__yerror(p, r[5], "only a public report is suppressed");
		else
			rc = integer(p, r[5], CUS_SDC_K_MIN, 1000, &k);
		d->k = (int)k;
		cus__ypath_restore(p, b);
	}
	if (!rc)
		rc = opt_str(p, "notes", r[6], REP__TEXT_MAX, &d->notes);
	cus__ypath_restore(p, back);
	if (rc)
		return rc;

	back = cus__ypath_key(p, "sheets");
	rc = cus__yseq(p, t[1], 1);
	if (!rc && t[1]->count > REP__MAX_SHEETS)
		rc = cus__yerror(p, t[1], "at most %d sheets", REP__MAX_SHEETS);
	if (!rc && !(d->sheets = calloc(t[1]->count, sizeof *d->sheets)))
		rc = cus__error(CUS_ENOMEM, MODULE_REPORT, NULL, "out of memory");
	size_t i = 0;
	for (const cus__ynode *it = rc ? NULL : t[1]->first; !rc && it; it = it->next, i++) {
		size_t b = cus__ypath_index(p, i);
		static const cus__ykey skeys[] = { { "name", 1 }, { "title", 0 }, { "blocks", 1 }, { NULL, 0 } };
		const cus__ynode *s[3];
		rep_sheet *sh = &d->sheets[i];
		d->nsheets = i + 1;
		sh->line = it->line;
		sh->column = it->column;
		rc = cus__ymap(p, it, skeys, s);
		if (!rc) {
			size_t b2 = cus__ypath_key(p, "name");
			rc = sheet_name(p, s[0], d->sheets, i, &sh->name);
			cus__ypath_restore(p, b2);
		}
		if (!rc)
			rc = opt_str(p, "title", s[1], 300, &sh->title);
		if (!rc) {
			size_t b2 = cus__ypath_key(p, "blocks");
			rc = cus__yseq(p, s[2], 1);
			if (!rc && s[2]->count > REP__MAX_BLOCKS)
				rc = cus__yerror(p, s[2], "at most %d blocks", REP__MAX_BLOCKS);
			if (!rc && !(sh->blocks = calloc(s[2]->count, sizeof *sh->blocks)))
				rc = cus__error(CUS_ENOMEM, MODULE_REPORT, NULL, "out of memory");
			size_t j = 0;
			for (const cus__ynode *bn = rc ? NULL : s[2]->first; !rc && bn; bn = bn->next, j++) {
				size_t b3 = cus__ypath_index(p, j);
				sh->nblocks = j + 1;
				rc = block(p, bn, &sh->blocks[j], d->is_public);
				cus__ypath_restore(p, b3);
			}
			cus__ypath_restore(p, b2);
		}
		cus__ypath_restore(p, b);
	}
	cus__ypath_restore(p, back);
	return rc;
}

/* The tree's errors are the policy module's; re-raise them as the report's. */
static int as_report_error(int rc)
{
	const cus_error *e = cus_error_last();
	if (rc != CUS_EINVAL || !e->module || strcmp(e->module, "policy") != 0)
		return rc;
	char msg[1024], field[CUS__YAML_PATH_MAX];
	snprintf(msg, sizeof msg, "%s", e->message ? e->message : "invalid report definition");
	snprintf(field, sizeof field, "%s", e->field ? e->field : "");
	return cus__error_at(rc, MODULE_REPORT, field[0] ? field : NULL, e->line, e->column, "%s", msg);
}

int cus_report_def_parse(cus_report_def **out, const char *source, const char *yaml, size_t len)
{
	if (!out)
		return cus__error(CUS_EINVAL, MODULE_REPORT, "out", "out is NULL");
	*out = NULL;
	if (!yaml)
		return cus__error(CUS_EINVAL, MODULE_REPORT, "yaml", "no text");
	if (!source)
		source = "(report)";
	if (len > DEF_MAX_BYTES)
		return cus__error_at(CUS_EINVAL, MODULE_REPORT, CUS__YAML_ROOT, 1, 1, "%s:1:1: the definition is larger"
			" than %u bytes", source, DEF_MAX_BYTES);
	cus_report_def *d = calloc(1, sizeof *d);
	if (!d || !(d->source = cus__rep_strdup(source))) {
		free(d);
		return cus__error(CUS_ENOMEM, MODULE_REPORT, NULL, "out of memory");
	}
	unsigned char h[32];
	crypto_hash_sha256(h, (const unsigned char *)yaml, len);
	cus__hex(d->sha256, h, sizeof h);
	cus__ydoc *doc = NULL;
	int rc = cus__ydoc_load(&doc, source, yaml, len);
	if (!rc) {
		cus__ypath p;
		cus__ypath_init(&p, source);
		rc = parse_tree(d, &p, cus__ydoc_root(doc));
	}
	cus__ydoc_free(doc);
	if (rc) {
		cus_report_def_free(d);
		return as_report_error(rc);
	}
	*out = d;
	return 0;
}

int cus_report_def_load(cus_report_def **out, const char *path)
{
	if (!out)
		return cus__error(CUS_EINVAL, MODULE_REPORT, "out", "out is NULL");
	*out = NULL;
	if (!path)
		return cus__error(CUS_EINVAL, MODULE_REPORT, "path", "no definition file");
	char *text = NULL;
	size_t len = 0;
	int rc = cus__read_file(path, DEF_MAX_BYTES, "definition", &text, &len);
	if (rc)
		return rc;
	rc = cus_report_def_parse(out, path, text, len);
	free(text);
	return rc;
}

/* ---- where definitions are ---- */

int cus_report_path(char *buf, size_t size, const char *name)
{
	size_t n = name ? strlen(name) : 0;
	int ok = n >= 1 && n <= 64;
	for (size_t i = 0; ok && i < n; i++)
		ok = (name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9') || (name[i] == '-' && i);
	if (!ok)
		return cus__error(CUS_EINVAL, MODULE_REPORT, "name", "a report name is 1-64 characters a-z, 0-9 and '-'");
	if (!buf)
		return cus__error(CUS_EINVAL, MODULE_REPORT, "buf", "no buffer");
	char installed[4096] = "", source[4096] = "";
#ifdef CUS_REPORTS_INSTALL_DIR
	snprintf(installed, sizeof installed, "%s/%s.yaml", CUS_REPORTS_INSTALL_DIR, name);
#endif
#ifdef CUS_REPORTS_SOURCE_DIR
	snprintf(source, sizeof source, "%s/%s.yaml", CUS_REPORTS_SOURCE_DIR, name);
#else
	{
		const char *f = __FILE__, *tail = "libcus/src/report/definition.c";
		size_t fl = strlen(f), tl = strlen(tail);
		size_t root = fl >= tl && strcmp(f + fl - tl, tail) == 0 ? fl - tl : 0;
		snprintf(source, sizeof source, "%.*sreports/%s.yaml", (int)root, f, name);
	}
#endif
	const char *pick = source;
	if (installed[0]) {
		FILE *f = fopen(installed, "r");
		FILE *g = f ? NULL : fopen(source, "r");
		if (f || !g)
			pick = installed;
		if (f)
			fclose(f);
		if (g)
			fclose(g);
	}
	if (strlen(pick) + 1 > size)
		return cus__error(CUS_EINVAL, MODULE_REPORT, "buf", "the buffer is too small for the path");
	memcpy(buf, pick, strlen(pick) + 1);
	return 0;
}
