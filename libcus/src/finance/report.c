/* Reports of the checked calls and imports: errors and sum mismatches. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "finance.h"

#define ERRORS_KEPT 1000

static int oom(void)
{
	return cus__error(CUS_ENOMEM, "finance", NULL, "out of memory");
}

unsigned cus_finance_strict_flag(void)
{
	return CUS_FINANCE_STRICT;
}

const char *fin__money(char *buf, int64_t v)
{
	if (cus_money_format(buf, CUS_MONEY_FORMAT_MAX, v) < 0)
		snprintf(buf, CUS_MONEY_FORMAT_MAX, "%lld gr", (long long)v);
	return buf;
}

int64_t cus_finance_ratio_bp(int64_t part, int64_t whole)
{
	if (whole == 0)
		return -1;
	__int128 n = (__int128)part * 10000, d = whole;
	int neg = (n < 0) != (d < 0);
	if (n < 0)
		n = -n;
	if (d < 0)
		d = -d;
	__int128 q = (2 * n + d) / (2 * d);   /* half away from zero */
	if (q > INT64_MAX)
		q = INT64_MAX;
	return neg ? -(int64_t)q : (int64_t)q;
}

fin__report *fin__report_new(unsigned flags)
{
	fin__report *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->pub.encoding = "utf-8";
	r->pub.strict = (flags & CUS_FINANCE_STRICT) ? 1 : 0;
	return r;
}

int fin__report_error(fin__report *r, int64_t line, const char *field, const char *message)
{
	r->pub.error_total++;
	if (r->pub.error_count >= ERRORS_KEPT)
		return 0;
	if (r->pub.error_count == r->ecap) {
		size_t cap = r->ecap ? 2 * r->ecap : 16;
		cus_import_error *p = realloc(r->errs, cap * sizeof *p);
		if (!p)
			return oom();
		r->errs = p;
		r->ecap = cap;
	}
	if (!field)
		field = "(row)";
	if (!message || !*message)
		message = "is not valid";
	size_t fl = strlen(field);
	if (!strncmp(message, field, fl) && message[fl] == ':' && message[fl + 1] == ' ' && message[fl + 2])
		message += fl + 2;
	char *f = strdup(field), *m = strdup(message);
	if (!f || !m) {
		free(f);
		free(m);
		return oom();
	}
	r->errs[r->pub.error_count++] = (cus_import_error){ line, f, m };
	r->pub.errors = r->errs;
	return 0;
}

int fin__report_take(fin__report *r, const cus_import_report *from)
{
	if (!from)
		return 0;
	r->pub.rows = from->rows;
	r->pub.imported = from->imported;
	r->pub.encoding = from->encoding;   /* static strings */
	r->pub.delimiter = from->delimiter;
	for (size_t i = 0; i < from->error_count; i++) {
		int rc = fin__report_error(r, from->errors[i].line, from->errors[i].field, from->errors[i].message);
		if (rc)
			return rc;
	}
	r->pub.error_total += from->error_total - from->error_count;
	return 0;
}

static void mismatch_clear(cus_finance_mismatch *m)
{
	free((char *)m->field);
	free((char *)m->project);
	free((char *)m->message);
}

int fin__mismatch_add(fin__mismatches *m, int64_t line, const char *field, const char *project, int64_t expected,
	int64_t actual, const char *expected_what, const char *actual_what, int error)
{
	if (m->n == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 8;
		cus_finance_mismatch *p = realloc(m->items, cap * sizeof *p);
		if (!p)
			return oom();
		m->items = p;
		m->cap = cap;
	}
	char a[CUS_MONEY_FORMAT_MAX], b[CUS_MONEY_FORMAT_MAX], d[CUS_MONEY_FORMAT_MAX];
	int64_t diff = (int64_t)((uint64_t)expected - (uint64_t)actual);
	char msg[700];
	snprintf(msg, sizeof msg, "project %s: %s %s does not equal %s %s (difference %s)", project,
		expected_what, fin__money(a, expected), actual_what, fin__money(b, actual), fin__money(d, diff));
	cus_finance_mismatch x = { line, strdup(field), strdup(project), expected, actual, diff, strdup(msg), error };
	if (!x.field || !x.project || !x.message) {
		mismatch_clear(&x);
		return oom();
	}
	m->items[m->n++] = x;
	return 0;
}

void fin__mismatches_free(fin__mismatches *m)
{
	for (size_t i = 0; i < m->n; i++)
		mismatch_clear(&m->items[i]);
	free(m->items);
	memset(m, 0, sizeof *m);
}

int fin__report_mismatches(fin__report *r, fin__mismatches *m)
{
	for (size_t i = 0; i < m->n; i++) {
		if (r->pub.mismatch_count == r->mcap) {
			size_t cap = r->mcap ? 2 * r->mcap : 8;
			cus_finance_mismatch *p = realloc(r->mm, cap * sizeof *p);
			if (!p)
				return oom();
			r->mm = p;
			r->mcap = cap;
		}
		r->mm[r->pub.mismatch_count++] = m->items[i];
		r->pub.mismatches = r->mm;
	}
	free(m->items);
	memset(m, 0, sizeof *m);
	return 0;
}

int fin__mismatch_error(const cus_finance_mismatch *m)
{
	return cus__error(CUS_EINVAL, "finance", m->field, "%s; nothing was stored", m->message);
}

void cus_finance_report_free(cus_finance_report *pub)
{
	if (!pub)
		return;
	fin__report *r = (fin__report *)pub;
	for (size_t i = 0; i < pub->error_count; i++) {
		free((char *)r->errs[i].field);
		free((char *)r->errs[i].message);
	}
	free(r->errs);
	for (size_t i = 0; i < pub->mismatch_count; i++)
		mismatch_clear(&r->mm[i]);
	free(r->mm);
	free(r);
}
