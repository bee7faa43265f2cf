/*
 * The import engine (importer.h): the report, the header, the options, the
 * permission check, the scan / check / store passes with their progress and
 * the check that the file did not change.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "importer.h"
#include "../store/store.h"

/* ---- the report ---- */

struct cus__import_report {
	cus_import_report pub; /* first: the caller holds &pub */
	cus_import_error *errs;
	size_t cap;
};
typedef struct cus__import_report report_impl;

static int oom(void)
{
	return cus__error(CUS_ENOMEM, "import", NULL, "out of memory");
}

static int report_add(report_impl *r, int64_t line, const char *field, const char *message)
{
	r->pub.error_total++;
	if (r->pub.error_count >= CUS__IMPORT_ERRORS_KEPT)
		return 0;
	if (r->pub.error_count == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 16;
		cus_import_error *p = realloc(r->errs, cap * sizeof *p);
		if (!p)
			return oom();
		r->errs = p;
		r->cap = cap;
		r->pub.errors = p;
	}
	if (!field)
		field = "(row)";
	if (!message || !*message)
		message = "is not valid";
	/* "pesel: wrong check digit" from a validator: the field is given apart */
	size_t fl = strlen(field);
	if (!strncmp(message, field, fl) && message[fl] == ':' && message[fl + 1] == ' ' && message[fl + 2])
		message += fl + 2;
	char *f = strdup(field);
	char *m = strdup(message);
	if (!f || !m) {
		free(f);
		free(m);
		return oom();
	}
	r->errs[r->pub.error_count++] = (cus_import_error){ line, f, m };
	return 0;
}

static void report_clear(report_impl *r)
{
	for (size_t i = 0; i < r->pub.error_count; i++) {
		free((char *)r->errs[i].field);
		free((char *)r->errs[i].message);
	}
	r->pub.error_count = r->pub.error_total = 0;
}

/* Sort the errors by line, keeping the order of those on one line. */
static int report_sort(report_impl *r)
{
	size_t n = r->pub.error_count;
	if (n < 2)
		return 0;
	cus_import_error *tmp = malloc(n * sizeof *tmp);
	size_t *order = malloc(n * sizeof *order);
	if (!tmp || !order) {
		free(tmp);
		free(order);
		return oom();
	}
	/* an insertion sort of indexes is stable; lists are at most 1000 long and
	 * made of two sorted runs, so it stays cheap */
	for (size_t i = 0; i < n; i++) {
		size_t j = i;
		while (j > 0 && r->errs[order[j - 1]].line > r->errs[i].line) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = i;
	}
	for (size_t i = 0; i < n; i++)
		tmp[i] = r->errs[order[i]];
	memcpy(r->errs, tmp, n * sizeof *tmp);
	free(tmp);
	free(order);
	return 0;
}

void cus_import_report_free(cus_import_report *pub)
{
	if (!pub)
		return;
	report_impl *r = (report_impl *)pub;
	report_clear(r);
	free(r->errs);
	free(r);
}

int cus__import_error(cus__import *im, const char *field, const char *message)
{
	return report_add(im->rep, im->line, field, message);
}

int cus__import_errorf(cus__import *im, const char *field, const char *fmt, ...)
{
	char m[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(m, sizeof m, fmt, ap);
	va_end(ap);
	return report_add(im->rep, im->line, field, m);
}

int cus__import_error_last(cus__import *im, const char *dflt)
{
	const cus_error *e = cus_error_last();
	return report_add(im->rep, im->line, e->field ? e->field : dflt, e->message);
}

int cus__import_require(cus__import *im, const int *fields, size_t n)
{
	int bad = 0;
	for (size_t i = 0; i < n; i++) {
		if (cus__import_has(im, fields[i]))
			continue;
		const char *name = im->spec->fields[fields[i]];
		int rc = cus__import_errorf(im, name, "the header has no %s column", name);
		if (rc)
			return rc;
		bad = 1;
	}
	return bad;
}

int cus__import_changed(void)
{
	return cus__error(CUS_EIO, "import", "path", "the file changed while it was being imported; nothing was stored");
}

int cus__import_reject(cus__import *im, int rc)
{
	if (rc != CUS_EINVAL && rc != CUS_ENOTFOUND && rc != CUS_ESHREDDED && rc != CUS_EEXISTS)
		return rc;
	int e = cus__import_error_last(im, NULL);
	return e ? e : CUS__IMPORT_ROW_REJECTED;
}

/* ---- small parsers ---- */

const char *cus__import_date(const char *s, char out[11])
{
	unsigned d = 0, m = 0, y = 0;
	int nd = 0, nm = 0, ny = 0;
	const char *p = s;
	while (*p >= '0' && *p <= '9' && nd < 3)
		d = d * 10 + (unsigned)(*p++ - '0'), nd++;
	if (*p++ != '.' || nd < 1 || nd > 2)
		return s;
	while (*p >= '0' && *p <= '9' && nm < 3)
		m = m * 10 + (unsigned)(*p++ - '0'), nm++;
	if (*p++ != '.' || nm < 1 || nm > 2)
		return s;
	while (*p >= '0' && *p <= '9' && ny < 5)
		y = y * 10 + (unsigned)(*p++ - '0'), ny++;
	if (*p || ny != 4)
		return s;
	snprintf(out, 11, "%04u-%02u-%02u", y % 10000, m % 100, d % 100);
	return out;
}

int cus__import_id(const char *s, int64_t *out)
{
	int64_t v = 0;
	if (!s || !*s)
		return CUS_EINVAL;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9' || v > (INT64_MAX - 9) / 10)
			return CUS_EINVAL;
		v = v * 10 + (*p - '0');
	}
	if (v < 1)
		return CUS_EINVAL;
	*out = v;
	return 0;
}

int cus__import_int(const char *s, long lo, long hi, long *out)
{
	const char *p = s;
	int neg = 0;
	long v = 0;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	if (!*p)
		return CUS_EINVAL;
	for (; *p; p++) {
		if (*p < '0' || *p > '9' || v > 100000000L)
			return CUS_EINVAL;
		v = v * 10 + (*p - '0');
	}
	if (neg)
		v = -v;
	if (v < lo || v > hi)
		return CUS_EINVAL;
	*out = v;
	return 0;
}

/* ---- one import ---- */

static void progress(const cus__import *c, uint64_t done)
{
	if (c->opts && c->opts->progress)
		c->opts->progress(c->opts->progress_ctx, done, c->total);
}

/* Field i of the current record as NUL-terminated UTF-8 with spaces and tabs
 * trimmed, or NULL when empty. *bad: the reason it cannot be read. */
static char *field_text(cus__import *c, size_t i, const char **bad)
{
	cus__csv *r = &c->csv;
	size_t n;
	char *f = (char *)cus__csv_field(r, i, &n);
	*bad = NULL;
	if (c->cp1250) {
		size_t off = 3 * r->fstart[i] + i, out = 0;
		if (cus__cp1250_to_utf8(c->conv + off, f, n, &out, NULL, "text")) {
			*bad = "holds a byte that is not a character of Windows-1250 (CP1250)";
			return NULL;
		}
		f = c->conv + off;
		n = out;
	} else if (!c->utf8_known && !cus__utf8_valid(f, n)) {
		*bad = "is not valid UTF-8 (a file saved by Excel is usually CP1250: try the encoding cp1250)";
		return NULL;
	}
	while (n && (f[n - 1] == ' ' || f[n - 1] == '\t'))
		f[--n] = '\0';
	while (*f == ' ' || *f == '\t')
		f++;
	return *f ? f : NULL;
}

/* Make the conversion buffer large enough for the current record. */
static int conv_ready(cus__import *c)
{
	if (!c->cp1250)
		return 0;
	size_t need = 3 * c->csv.rec_len + c->csv.nf + 1;
	if (need <= c->conv_cap)
		return 0;
	size_t cap = c->conv_cap ? c->conv_cap : 4096;
	while (cap < need)
		cap *= 2;
	if (c->conv) {
		sodium_memzero(c->conv, c->conv_cap);
		free(c->conv);
	}
	c->conv = malloc(cap);
	c->conv_cap = c->conv ? cap : 0;
	return c->conv ? 0 : oom();
}

/* The values of the current record by field, in c->val. 0: ready for the
 * import's callback; 1: the row is bad (reported when report is set); < 0: a
 * failure. */
static int row_values(cus__import *c, int report)
{
	cus__csv *r = &c->csv;
	const cus__import_spec *sp = c->spec;
	int bad = 0, rc;
	c->line = r->rec_line;
	if (r->nf != c->ncols) {
		if (report && (rc = cus__import_errorf(c, "(row)", "has %zu fields where the header has %zu", r->nf,
				       c->ncols)))
			return rc;
		return 1;
	}
	if (r->bad_quote >= 0) {
		const char *name = "(row)";
		for (int f = 0; f < sp->nfields; f++)
			if (c->col[f] == r->bad_quote)
				name = sp->fields[f];
		if (report && (rc = cus__import_error(c, name,
				       "has text after the closing quote (a quote inside a quoted field is written twice)")))
			return rc;
		return 1;
	}
	for (size_t i = 0; i < r->nf; i++) {
		size_t n;
		const char *raw = cus__csv_field(r, i, &n);
		if (c->unnamed[i] && n && strspn(raw, " \t") != n) {
			bad = 1;
			if (report && (rc = cus__import_errorf(c, "(row)", "column %zu has a value, but no name in the header",
					       i + 1)))
				return rc;
		}
	}
	if ((rc = conv_ready(c)))
		return rc;
	for (int f = 0; f < sp->nfields; f++) {
		c->val[f] = NULL;
		if (c->col[f] < 0)
			continue;
		const char *why = NULL;
		c->val[f] = field_text(c, (size_t)c->col[f], &why);
		if (why) {
			bad = 1;
			if (report && (rc = cus__import_error(c, sp->fields[f], why)))
				return rc;
		}
	}
	return bad;
}

/* Read the header row and map its columns. 0; 1 when it is bad (reported);
 * < 0 a failure. */
static int header(cus__import *c)
{
	cus__csv *r = &c->csv;
	const cus__import_spec *sp = c->spec;
	report_impl *rep = c->rep;
	int rc = cus__csv_next(r);
	if (rc < 0)
		return rc;
	if (rc == 0) {
		c->line = 1;
		rc = cus__import_errorf(c, "(header)", "the file is empty: it needs a header row naming the columns (%s)",
			sp->known);
		return rc ? rc : 1;
	}
	c->line = r->rec_line;
	c->ncols = r->nf;
	for (int f = 0; f < sp->nfields; f++)
		c->col[f] = -1;
	c->unnamed = calloc(r->nf, 1);
	if (!c->unnamed)
		return oom();
	if ((rc = conv_ready(c)))
		return rc;
	int bad = 0, known = 0;
	for (size_t i = 0; i < r->nf; i++) {
		const char *why = NULL;
		char *t = field_text(c, i, &why);
		char *key = NULL;
		int f = -1;
		if (t && !why && cus__text_search_key_len(&key, t, strlen(t)) == 0) {
			for (char *p = key; *p; p++)
				if (*p == ' ' || *p == '-')
					*p = '_';
			for (int k = 0; k < sp->nfields && f < 0; k++)
				if (!strcmp(key, sp->fields[k]))
					f = k;
			for (size_t k = 0; k < sp->naliases && f < 0; k++)
				if (!strcmp(key, sp->aliases[k].name))
					f = sp->aliases[k].field;
		}
		cus_free(key);
		if (!t && !why) {
			/* an unnamed column (a spreadsheet's empty one): its values must be empty */
			c->unnamed[i] = 1;
		} else if (f < 0) {
			bad = 1;
			/* the name itself is not repeated: without a header row it would be data */
			if ((rc = cus__import_errorf(c, "(header)", "column %zu: unknown name", i + 1)))
				return rc;
		} else if (c->col[f] >= 0) {
			bad = 1;
			if ((rc = cus__import_errorf(c, sp->fields[f], "column %zu repeats column %d", i + 1,
				     c->col[f] + 1)))
				return rc;
		} else {
			c->col[f] = (int)i;
			known++;
		}
	}
	if (!known) {
		/* most likely no header row at all: say so once */
		report_clear(rep);
		if (r->nf == 1)
			return (rc = cus__import_error(c, "(header)", "the header row has a single column: is the delimiter"
				" right (';' or ',')?")) ? rc : 1;
		rc = cus__import_errorf(c, "(header)", "the first row names no known column: the file needs a header"
			" row (%s)", sp->known);
		return rc ? rc : 1;
	}
	rc = sp->header(c);
	return rc < 0 ? rc : bad || rc;
}

static int parse_options(const cus_import_options *o, int *cp1250, char *delim)
{
	*cp1250 = -1;
	*delim = 0;
	if (!o)
		return 0;
	if (o->version != CUS_IMPORT_OPTIONS_VERSION)
		return cus__error(CUS_EINVAL, "import", "options", "unknown options version %u (this libcus knows %d)",
			o->version, CUS_IMPORT_OPTIONS_VERSION);
	if (o->encoding) {
		if (!strcasecmp(o->encoding, "utf-8") || !strcasecmp(o->encoding, "utf8"))
			*cp1250 = 0;
		else if (!strcasecmp(o->encoding, "cp1250") || !strcasecmp(o->encoding, "windows-1250"))
			*cp1250 = 1;
		else
			return cus__error(CUS_EINVAL, "import", "encoding",
				"unknown encoding '%.32s' (utf-8 or cp1250)", o->encoding);
	}
	if (o->delimiter && o->delimiter != ';' && o->delimiter != ',')
		return cus__error(CUS_EINVAL, "import", "delimiter", "the delimiter is ';' or ','");
	*delim = o->delimiter;
	return 0;
}

/* The session may write every category the import touches? Otherwise the
 * denial is audited (before the file is read) and CUS_EDENIED returned. */
static int permitted(cus_session *s, const cus__import_spec *sp)
{
	for (const char *const *cat = sp->categories; *cat; cat++) {
		if (cus_session_allows(s, *cat, CUS_OP_WRITE) != 1) {
			int rc = cus__access_begin(s, sp->action, sp->object, NULL, sp->categories_list, CUS_OP_WRITE,
				"file not read");
			if (rc == 0) /* allowed after all (the policy changed): no work was done */
				rc = cus__access_end(s, cus__error(CUS_EDENIED, "import", "category",
					"the permissions changed during the import; try again"));
			return rc;
		}
	}
	return 0;
}

/* The check pass: every row given to the import's check. 0 (errors, if any,
 * in the report) or a failure. *rows: data rows read. */
static int check_pass(cus__import *c, int64_t *rows)
{
	int rc;
	*rows = 0;
	while ((rc = cus__csv_next(&c->csv)) == 1) {
		++*rows;
		rc = row_values(c, 1);
		if (rc < 0)
			break;
		if (rc == 0 && (rc = c->spec->check(c, (const char *const *)c->val)) < 0)
			break;
		rc = 0;
		if (*rows % CUS__IMPORT_PROGRESS_EVERY == 0)
			progress(c, (uint64_t)*rows);
	}
	if (rc == CUS_EINVAL) { /* an unclosed quote or an overlong row: reading stops there */
		const cus_error *e = cus_error_last();
		c->fatal = 1;
		rc = report_add(c->rep, e->line, e->field, e->message);
	}
	if (rc >= 0 && (*rows == 0 || *rows % CUS__IMPORT_PROGRESS_EVERY))
		progress(c, (uint64_t)*rows);
	return rc < 0 ? rc : 0;
}

static int bad_file(report_impl *rep)
{
	return cus__error(CUS_EINVAL, "import", rep->errs[0].field, "%zu error%s in the file (the first at line %lld);"
		" nothing was imported", rep->pub.error_total, rep->pub.error_total == 1 ? "" : "s",
		(long long)rep->errs[0].line);
}

/* The connection's page cache (PRAGMA cache_size: pages, or -KiB). */
static int cache_get(sqlite3 *sql, int64_t *size)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(sql, "PRAGMA cache_size", -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*size = sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

static void cache_set(sqlite3 *sql, int64_t size)
{
	char q[64];
	snprintf(q, sizeof q, "PRAGMA cache_size = %lld", (long long)size);
	sqlite3_exec(sql, q, NULL, NULL, NULL);
}

/* The store pass, inside the operation. */
static int store_pass(cus__import *c, int64_t rows, const unsigned char digest[32])
{
	const cus__import_spec *sp = c->spec;
	int rc = sp->store_begin ? sp->store_begin(c) : 0;
	if (rc)
		return rc;
	int64_t done = 0, rejected = 0;
	rc = cus__csv_rewind(&c->csv, c->csv.delim);
	if (!rc)
		rc = cus__csv_next(&c->csv) == 1 ? 0 : cus__import_changed(); /* the header */
	while (!rc && (rc = cus__csv_next(&c->csv)) == 1) {
		rc = row_values(c, 0);
		if (rc == 0)
			rc = sp->store(c, (const char *const *)c->val);
		if (rc == CUS__IMPORT_ROW_BAD || rc == 1)
			rc = c->tolerant ? 0 : cus__import_changed();
		else if (rc == CUS__IMPORT_ROW_REJECTED) {
			rejected++; /* go on: every such row is listed (the work is rolled back) */
			rc = 0;
		}
		if (rc)
			break;
		if (++done % CUS__IMPORT_PROGRESS_EVERY == 0)
			progress(c, (uint64_t)done);
	}
	if (rc == 0) {
		unsigned char again[32];
		cus__csv_finish(&c->csv, again);
		if (done != rows || sodium_memcmp(again, digest, 32) != 0)
			rc = cus__import_changed();
	}
	if (rc == 0 && rejected && sp->rejected && !c->tolerant)
		rc = sp->rejected(c, rejected);
	else if (rc == 0 && c->rep->pub.error_total && !(rc = report_sort(c->rep)))
		rc = bad_file(c->rep);
	if (sp->store_end)
		rc = sp->store_end(c, rc);
	if (!rc && (done == 0 || done % CUS__IMPORT_PROGRESS_EVERY))
		progress(c, (uint64_t)done);
	return rc;
}

int cus__import_run(cus_import_report **report, cus_session *s, const char *path,
	const cus_import_options *opts, const cus__import_spec *spec, void *ctx)
{
	if (!report)
		return cus__error(CUS_EINVAL, "import", "report", "the report pointer is NULL");
	report_impl *rep = calloc(1, sizeof *rep);
	*report = rep ? &rep->pub : NULL;
	if (!rep)
		return oom();
	rep->pub.encoding = "utf-8";
	rep->pub.delimiter = ';';
	if (!s)
		return cus__error(CUS_EINVAL, "import", "session", "no session");
	if (!path || !*path)
		return cus__error(CUS_EINVAL, "import", "path", "no file given");
	int want_cp1250;
	char delim;
	int rc = parse_options(opts, &want_cp1250, &delim);
	if (rc)
		return rc;
	if ((rc = permitted(s, spec)))
		return rc;

	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return cus__error(errno == ENOENT ? CUS_ENOTFOUND : CUS_EIO, "import", "path",
			"the file cannot be opened: %s", strerror(errno));
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return cus__error(CUS_EIO, "import", "path", "not a regular file");
	}

	cus__import c;
	memset(&c, 0, sizeof c);
	c.s = s;
	c.spec = spec;
	c.ctx = ctx;
	c.opts = opts;
	c.rep = rep;
	unsigned char digest[32], again[32];
	int64_t rows = 0;
	c.col = calloc((size_t)spec->nfields, sizeof *c.col);
	c.val = calloc((size_t)spec->nfields, sizeof *c.val);
	if (!c.col || !c.val) {
		rc = oom();
		goto done;
	}
	if (spec->start && (rc = spec->start(&c)))
		goto done;

	rc = cus__csv_open(&c.csv, fd, ';');
	if (rc)
		goto done;
	if (!delim) {
		if ((rc = cus__csv_sniff_delimiter(&c.csv, &delim)))
			goto done;
		if (!delim)
			delim = ';';
	}
	rep->pub.delimiter = delim;

	/* the scan: encoding, rows, fingerprint */
	if ((rc = cus__csv_rewind(&c.csv, delim)))
		goto done;
	int64_t records = 0;
	while ((rc = cus__csv_next(&c.csv)) == 1)
		records++;
	if (rc == CUS_EINVAL)
		rc = 0; /* reported by the check pass */
	if (rc)
		goto done;
	int valid_utf8 = cus__csv_finish(&c.csv, digest);
	/* a byte order mark says UTF-8 (bad bytes are then reported per field) */
	c.cp1250 = want_cp1250 >= 0 ? want_cp1250 : !valid_utf8 && !c.csv.has_bom;
	c.utf8_known = !c.cp1250 && valid_utf8;
	c.total = records > 0 ? (uint64_t)(records - 1) : 0;
	rep->pub.encoding = c.cp1250 ? "cp1250" : "utf-8";
	rep->pub.rows = (int64_t)c.total;

	/* the check */
	if ((rc = cus__csv_rewind(&c.csv, delim)))
		goto done;
	if (c.cp1250 && c.csv.has_bom) {
		report_add(rep, 1, "(header)", "the file starts with a UTF-8 byte order mark, but the encoding cp1250"
			" was asked for");
		rc = cus__error(CUS_EINVAL, "import", "encoding", "the file is UTF-8, not CP1250; nothing was imported");
		goto done;
	}
	rc = header(&c);
	int header_ok = rc == 0;
	if (rc == 0) {
		/* One read snapshot for the whole check: every row is judged by the
		 * same policy, and the validators' per-row policy lookups take no
		 * locks of their own. Nothing of a person is read here. */
		sqlite3 *sql = cus__db_sql(s->db);
		int snapshot = sqlite3_get_autocommit(sql) && cus__sql_exec(sql, "BEGIN") == 0;
		rc = check_pass(&c, &rows);
		if (snapshot)
			sqlite3_exec(sql, "COMMIT", NULL, NULL, NULL);
	}
	if (rc < 0)
		goto done;
	if (rc == 0) {
		cus__csv_finish(&c.csv, again);
		if (sodium_memcmp(again, digest, 32) != 0) {
			rc = cus__import_changed();
			goto done;
		}
		rep->pub.rows = rows;
	}
	if (rep->pub.error_total) {
		/* list_all: the rows only the database can judge are listed too,
		 * when the header is right and every row could be read */
		c.tolerant = spec->list_all && header_ok && !c.fatal &&
			rep->pub.error_total < CUS__IMPORT_ERRORS_KEPT;
		if (!c.tolerant) {
			rc = bad_file(rep);
			goto done;
		}
	}

	/* the store: one audited operation */
	char detail[96];
	snprintf(detail, sizeof detail, "%lld rows (%s, '%c')", (long long)rows, rep->pub.encoding, delim);
	rc = cus__access_begin(s, spec->action, spec->object, NULL, spec->categories_list, CUS_OP_WRITE, detail);
	if (rc)
		goto done;
	sqlite3 *sql = cus__db_sql(s->db);
	int64_t cache = 0;
	int cache_raised = 0;
	if (spec->cache_per_row && cache_get(sql, &cache) == SQLITE_OK) {
		uint64_t want = (uint64_t)rows * spec->cache_per_row;
		if (want > CUS__IMPORT_CACHE_MAX)
			want = CUS__IMPORT_CACHE_MAX;
		int64_t kib = (int64_t)(want >> 10);
		int64_t have = cache < 0 ? -cache : cache * 4; /* pages of 4 KiB */
		if (kib > have) {
			cache_set(sql, -kib);
			cache_raised = 1;
		}
	}
	rc = cus__access_end(s, store_pass(&c, rows, digest));
	if (cache_raised)
		cache_set(sql, cache);
	if (rc == 0)
		rep->pub.imported = rows;

done:
	cus__csv_close(&c.csv);
	close(fd);
	if (c.conv) {
		sodium_memzero(c.conv, c.conv_cap);
		free(c.conv);
	}
	free(c.unnamed);
	free(c.col);
	free(c.val);
	return rc;
}
