/*
 * cus_import_persons(): a CSV file of persons, checked whole, then stored in
 * one audited operation.
 *
 * The file is read three times through a fixed buffer (csv.c), never held in
 * memory: a scan (encoding, row count, a BLAKE2b fingerprint), the check
 * (every row parsed and validated with cus__person_validate, PESELs compared
 * across the file; every error kept, up to IMPORT_ERRORS_KEPT), and, only when
 * no row is bad, the store pass (each row validated again and inserted). The
 * fingerprint of every pass must match the scan's, so a file changed during
 * the import is refused and nothing is stored. Between rows only the PESELs
 * seen so far are kept (as 64-bit numbers, wiped at the end).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cus/import.h"
#include "cus/policy.h"
#include "csv.h"
#include "../registry/registry.h"

#define IMPORT_ERRORS_KEPT 1000
#define IMPORT_PROGRESS_EVERY 1000
#define IMPORT_CATEGORIES "basic,contact,financial"

enum { F_PESEL, F_FIRST, F_LAST, F_BIRTH, F_SEX, F_ADDRESS, F_PHONE, F_EMAIL, F_FINANCIAL, F_TERYT,
	F_REGISTERED, F_COUNT };

static const char *const field_name[F_COUNT] = { "pesel", "first_names", "last_name", "birth_date", "sex",
	"address", "phone", "email", "financial", "teryt", "registered" };

/* Other names a header may use (compared after cus_text_search_key: case and
 * accents do not matter, spaces and dashes count as '_'). */
static const struct {
	const char *name;
	int field;
} aliases[] = {
	{ "first_name", F_FIRST }, { "imie", F_FIRST }, { "imiona", F_FIRST }, { "nazwisko", F_LAST },
	{ "data_urodzenia", F_BIRTH }, { "plec", F_SEX }, { "adres", F_ADDRESS }, { "telefon", F_PHONE },
	{ "e_mail", F_EMAIL }, { "sytuacja_finansowa", F_FINANCIAL }, { "data_rejestracji", F_REGISTERED },
};

#define KNOWN_COLUMNS "pesel, first_names (or first_name), last_name, birth_date, sex, address, phone, email, " \
	"financial, teryt, registered"

/* ---- the report ---- */

typedef struct {
	cus_import_report pub; /* first: the caller holds &pub */
	cus_import_error *errs;
	size_t cap;
} report_impl;

static int report_add(report_impl *r, int64_t line, const char *field, const char *message)
{
	r->pub.error_total++;
	if (r->pub.error_count >= IMPORT_ERRORS_KEPT)
		return 0;
	if (r->pub.error_count == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 16;
		cus_import_error *p = realloc(r->errs, cap * sizeof *p);
		if (!p)
			return cus__error(CUS_ENOMEM, "import", NULL, "out of memory");
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
		return cus__error(CUS_ENOMEM, "import", NULL, "out of memory");
	}
	r->errs[r->pub.error_count++] = (cus_import_error){ line, f, m };
	return 0;
}

static int report_addf(report_impl *r, int64_t line, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int report_addf(report_impl *r, int64_t line, const char *field, const char *fmt, ...)
{
	char m[300];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(m, sizeof m, fmt, ap);
	va_end(ap);
	return report_add(r, line, field, m);
}

void cus_import_report_free(cus_import_report *pub)
{
	if (!pub)
		return;
	report_impl *r = (report_impl *)pub;
	for (size_t i = 0; i < pub->error_count; i++) {
		free((char *)r->errs[i].field);
		free((char *)r->errs[i].message);
	}
	free(r->errs);
	free(r);
}

/* ---- PESELs seen in the file: an open-addressing set of 64-bit numbers ---- */

typedef struct {
	uint64_t *keys; /* PESEL as a number + 1; 0 = empty */
	int64_t *lines;
	size_t cap, n;
} pesel_set;

static size_t slot_of(uint64_t k, size_t cap)
{
	return (size_t)((k * 0x9E3779B97F4A7C15ull) >> 17) & (cap - 1);
}

/* 1 and *first when seen before; 0 when added; CUS_ENOMEM. */
static int pesel_seen(pesel_set *s, const char *pesel, int64_t line, int64_t *first)
{
	uint64_t k = 1;
	for (const char *p = pesel; *p; p++)
		k = k * 10 + (uint64_t)(*p - '0');
	if (2 * (s->n + 1) > s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 1024;
		uint64_t *keys = calloc(cap, sizeof *keys);
		int64_t *lines = calloc(cap, sizeof *lines);
		if (!keys || !lines) {
			free(keys);
			free(lines);
			return cus__error(CUS_ENOMEM, "import", NULL, "out of memory");
		}
		for (size_t i = 0; i < s->cap; i++) {
			if (!s->keys[i])
				continue;
			size_t j = slot_of(s->keys[i], cap);
			while (keys[j])
				j = (j + 1) & (cap - 1);
			keys[j] = s->keys[i];
			lines[j] = s->lines[i];
		}
		if (s->keys) {
			sodium_memzero(s->keys, s->cap * sizeof *s->keys);
			free(s->keys);
			free(s->lines);
		}
		s->keys = keys;
		s->lines = lines;
		s->cap = cap;
	}
	size_t j = slot_of(k, s->cap);
	while (s->keys[j]) {
		if (s->keys[j] == k) {
			*first = s->lines[j];
			return 1;
		}
		j = (j + 1) & (s->cap - 1);
	}
	s->keys[j] = k;
	s->lines[j] = line;
	s->n++;
	return 0;
}

static void pesel_set_free(pesel_set *s)
{
	if (s->keys) {
		sodium_memzero(s->keys, s->cap * sizeof *s->keys);
		free(s->keys);
	}
	free(s->lines);
	memset(s, 0, sizeof *s);
}

/* ---- one import ---- */

typedef struct {
	cus_session *s;
	const cus_import_options *opts;
	report_impl *rep;
	cus__csv csv;
	int cp1250;
	int utf8_known;          /* the whole file is valid UTF-8 */
	int col[F_COUNT];        /* column of each field, or -1 */
	size_t ncols;
	unsigned char *unnamed;  /* per column: 1 when the header leaves it unnamed (must stay empty) */
	char *conv;              /* CP1250 -> UTF-8 of the current record */
	size_t conv_cap;
	char *teryt;             /* the policy's municipality, the default */
	char dates[2][11];       /* DD.MM.YYYY turned into YYYY-MM-DD */
	uint64_t total;          /* data rows, from the scan */
} import_ctx;

static void progress(const import_ctx *c, uint64_t done)
{
	if (c->opts && c->opts->progress)
		c->opts->progress(c->opts->progress_ctx, done, c->total);
}

/* Field i of the current record as NUL-terminated UTF-8 with spaces and tabs
 * trimmed, or NULL when empty. *bad: the reason it cannot be read. */
static char *field_text(import_ctx *c, size_t i, const char **bad)
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
static int conv_ready(import_ctx *c)
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
	return c->conv ? 0 : cus__error(CUS_ENOMEM, "import", NULL, "out of memory");
}

/* "D.M.YYYY" (how Polish Excel writes a date) into "YYYY-MM-DD" in out; other
 * text is left for the validator. */
static const char *iso_date(const char *s, char out[11])
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

/* Build the input of the current record. 0: ready for the validator; 1: the
 * row is bad (reported when report is set); < 0: a failure. */
static int row_input(import_ctx *c, cus_person_input *in, int report)
{
	cus__csv *r = &c->csv;
	const int64_t line = r->rec_line;
	int bad = 0, rc;
	*in = (cus_person_input)CUS_PERSON_INPUT_INIT;
	if (r->nf != c->ncols) {
		if (report && (rc = report_addf(c->rep, line, "(row)", "has %zu fields where the header has %zu", r->nf,
				       c->ncols)))
			return rc;
		return 1;
	}
	if (r->bad_quote >= 0) {
		const char *name = "(row)";
		for (int f = 0; f < F_COUNT; f++)
			if (c->col[f] == r->bad_quote)
				name = field_name[f];
		if (report && (rc = report_add(c->rep, line, name,
				       "has text after the closing quote (a quote inside a quoted field is written twice)")))
			return rc;
		return 1;
	}
	for (size_t i = 0; i < r->nf; i++) {
		size_t n;
		const char *raw = cus__csv_field(r, i, &n);
		if (c->unnamed[i] && n && strspn(raw, " \t") != n) {
			bad = 1;
			if (report && (rc = report_addf(c->rep, line, "(row)",
					       "column %zu has a value, but no name in the header", i + 1)))
				return rc;
		}
	}
	if ((rc = conv_ready(c)))
		return rc;
	char *v[F_COUNT] = { 0 };
	for (int f = 0; f < F_COUNT; f++) {
		if (c->col[f] < 0)
			continue;
		const char *why = NULL;
		v[f] = field_text(c, (size_t)c->col[f], &why);
		if (why) {
			bad = 1;
			if (report && (rc = report_add(c->rep, line, field_name[f], why)))
				return rc;
		}
	}
	if (bad)
		return 1;
	in->pesel = v[F_PESEL];
	in->first_names = v[F_FIRST];
	in->last_name = v[F_LAST];
	in->address = v[F_ADDRESS];
	in->phone = v[F_PHONE];
	in->email = v[F_EMAIL];
	in->financial = v[F_FINANCIAL];
	in->teryt = v[F_TERYT];
	in->birth_date = v[F_BIRTH] ? iso_date(v[F_BIRTH], c->dates[0]) : NULL;
	in->registered = v[F_REGISTERED] ? iso_date(v[F_REGISTERED], c->dates[1]) : NULL;
	if (v[F_SEX]) {
		const char *x = v[F_SEX];
		if (x[1] == '\0' && strchr("MmFfKk", x[0]))
			in->sex = (x[0] == 'M' || x[0] == 'm') ? 'M' : 'F';
		else {
			bad = 1;
			if (report && (rc = report_add(c->rep, line, "sex", "is neither M nor F (K)")))
				return rc;
		}
	}
	/* The PESEL first, for its precise reason. A birth date or sex beside it
	 * (spreadsheets often carry both) must agree with it, and is then left to
	 * the PESEL. */
	cus_pesel_info info;
	if (in->pesel && cus_pesel_check(in->pesel, &info) != 0) {
		bad = 1;
		if (report && (rc = report_add(c->rep, line, "pesel", cus_error_last()->message)))
			return rc;
	} else if (in->pesel && (in->birth_date || in->sex)) {
		if (in->birth_date && strcmp(in->birth_date, info.birth_date) != 0) {
			bad = 1;
			if (report && (rc = report_add(c->rep, line, "birth_date", "does not agree with the PESEL")))
				return rc;
		}
		if (in->sex && in->sex != info.sex) {
			bad = 1;
			if (report && (rc = report_add(c->rep, line, "sex", "does not agree with the PESEL")))
				return rc;
		}
		in->birth_date = NULL;
		in->sex = 0;
	}
	return bad;
}

/* Read the header row and map its columns. 0; 1 when it is bad (reported);
 * < 0 a failure. */
static int header(import_ctx *c)
{
	cus__csv *r = &c->csv;
	report_impl *rep = c->rep;
	int rc = cus__csv_next(r);
	if (rc < 0)
		return rc;
	if (rc == 0) {
		report_add(rep, 1, "(header)", "the file is empty: it needs a header row naming the columns ("
			KNOWN_COLUMNS ")");
		return 1;
	}
	const int64_t line = r->rec_line;
	c->ncols = r->nf;
	for (int f = 0; f < F_COUNT; f++)
		c->col[f] = -1;
	c->unnamed = calloc(r->nf, 1);
	if (!c->unnamed)
		return cus__error(CUS_ENOMEM, "import", NULL, "out of memory");
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
			for (int k = 0; k < F_COUNT && f < 0; k++)
				if (!strcmp(key, field_name[k]))
					f = k;
			for (size_t k = 0; k < sizeof aliases / sizeof aliases[0] && f < 0; k++)
				if (!strcmp(key, aliases[k].name))
					f = aliases[k].field;
		}
		cus_free(key);
		if (!t && !why) {
			/* an unnamed column (a spreadsheet's empty one): its values must be empty */
			c->unnamed[i] = 1;
		} else if (f < 0) {
			bad = 1;
			/* the name itself is not repeated: without a header row it would be data */
			if ((rc = report_addf(rep, line, "(header)", "column %zu: unknown name", i + 1)))
				return rc;
		} else if (c->col[f] >= 0) {
			bad = 1;
			if ((rc = report_addf(rep, line, field_name[f], "column %zu repeats column %d", i + 1,
				     c->col[f] + 1)))
				return rc;
		} else {
			c->col[f] = (int)i;
			known++;
		}
	}
	if (!known) {
		/* most likely no header row at all: say so once */
		for (size_t i = 0; i < rep->pub.error_count; i++) {
			free((char *)rep->errs[i].field);
			free((char *)rep->errs[i].message);
		}
		rep->pub.error_count = rep->pub.error_total = 0;
		if (r->nf == 1)
			report_add(rep, line, "(header)", "the header row has a single column: is the delimiter right"
				" (';' or ',')?");
		else
			report_add(rep, line, "(header)", "the first row names no known column: the file needs a header"
				" row (" KNOWN_COLUMNS ")");
		return 1;
	}
	static const int required[] = { F_FIRST, F_LAST };
	for (size_t k = 0; k < 2; k++)
		if (c->col[required[k]] < 0) {
			bad = 1;
			if ((rc = report_addf(rep, line, field_name[required[k]], "the header has no %s column",
				     field_name[required[k]])))
				return rc;
		}
	if (c->col[F_PESEL] < 0 && (c->col[F_BIRTH] < 0 || c->col[F_SEX] < 0)) {
		bad = 1;
		if ((rc = report_add(rep, line, "pesel", "the header has no pesel column (nor birth_date and sex)")))
			return rc;
	}
	return bad;
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

/* The session may write every category an import touches? Otherwise the
 * denial is audited (before the file is read) and CUS_EDENIED returned. */
static int permitted(cus_session *s)
{
	static const char *const cats[] = { "basic", "contact", "financial" };
	for (size_t i = 0; i < 3; i++) {
		if (cus_session_allows(s, cats[i], CUS_OP_WRITE) != 1) {
			int rc = cus__access_begin(s, "person.import", "person", NULL, IMPORT_CATEGORIES, CUS_OP_WRITE,
				"file not read");
			if (rc == 0) /* allowed after all (the policy changed): no work was done */
				rc = cus__access_end(s, cus__error(CUS_EDENIED, "import", "category",
					"the permissions changed during the import; try again"));
			return rc;
		}
	}
	return 0;
}

/* The check pass: every row validated, PESELs compared. 0 (errors, if any, in
 * the report) or a failure. *rows: data rows read. */
static int check_pass(import_ctx *c, int64_t *rows)
{
	pesel_set seen = { 0 };
	int rc;
	*rows = 0;
	while ((rc = cus__csv_next(&c->csv)) == 1) {
		++*rows;
		cus_person_input in;
		rc = row_input(c, &in, 1);
		if (rc < 0)
			break;
		if (rc == 0) {
			cus__person_fields f = { 0 };
			int v = cus__person_validate(&in, c->teryt, &f);
			if (v == CUS_EINVAL) {
				const cus_error *e = cus_error_last();
				if ((rc = report_add(c->rep, c->csv.rec_line, e->field, e->message)))
					break;
			} else if (v) { /* out of memory, ICU: not the row's fault */
				rc = v;
				break;
			} else if (f.pesel) {
				int64_t first = 0;
				rc = pesel_seen(&seen, f.pesel, c->csv.rec_line, &first);
				if (rc == 1)
					rc = report_addf(c->rep, c->csv.rec_line, "pesel", "the same PESEL as line %lld",
						(long long)first);
			}
			cus__person_fields_free(&f);
			if (rc < 0)
				break;
		}
		rc = 0;
		if (*rows % IMPORT_PROGRESS_EVERY == 0)
			progress(c, (uint64_t)*rows);
	}
	pesel_set_free(&seen);
	if (rc == CUS_EINVAL) { /* an unclosed quote or an overlong row: reading stops there */
		const cus_error *e = cus_error_last();
		rc = report_add(c->rep, e->line, e->field, e->message);
	}
	if (rc >= 0 && (*rows == 0 || *rows % IMPORT_PROGRESS_EVERY))
		progress(c, (uint64_t)*rows);
	return rc < 0 ? rc : 0;
}

static int changed(void)
{
	return cus__error(CUS_EIO, "import", "path", "the file changed while it was being imported; nothing was stored");
}

/* The store pass, inside the operation. */
static int store_pass(import_ctx *c, int64_t rows, const unsigned char digest[32])
{
	cus_session *s = c->s;
	int rc = cus__person_batch_begin(s);
	if (rc)
		return rc;
	int64_t done = 0, exists = 0;
	rc = cus__csv_rewind(&c->csv, c->csv.delim);
	if (!rc)
		rc = cus__csv_next(&c->csv) == 1 ? 0 : changed(); /* the header */
	while (!rc && (rc = cus__csv_next(&c->csv)) == 1) {
		cus_person_input in;
		cus__person_fields f = { 0 };
		rc = row_input(c, &in, 0);
		if (rc == 0 && (rc = cus__person_validate(&in, c->teryt, &f)) == CUS_EINVAL)
			rc = 1;
		if (rc == 1)
			rc = changed();
		if (rc)
			break;
		int64_t id = 0;
		rc = cus__person_insert(s, &f, &id);
		cus__person_fields_free(&f);
		if (rc == CUS_EEXISTS) {
			/* go on: every such row is listed (the work is rolled back) */
			exists++;
			rc = report_add(c->rep, c->csv.rec_line, "pesel", "a person with this PESEL is already registered");
		}
		if (rc)
			break;
		if (++done % IMPORT_PROGRESS_EVERY == 0)
			progress(c, (uint64_t)done);
	}
	if (rc == 0) {
		unsigned char again[32];
		cus__csv_finish(&c->csv, again);
		if (done != rows || sodium_memcmp(again, digest, 32) != 0)
			rc = changed();
	}
	if (rc == 0 && exists)
		rc = cus__error(CUS_EINVAL, "import", "pesel", "%lld row%s of the file name%s a person already registered;"
			" nothing was imported", (long long)exists, exists == 1 ? "" : "s", exists == 1 ? "s" : "");
	int end = cus__person_batch_end(s, rc);
	if (!rc && end)
		rc = end;
	if (!rc && (done == 0 || done % IMPORT_PROGRESS_EVERY))
		progress(c, (uint64_t)done);
	return rc;
}

int cus_import_persons(cus_import_report **report, cus_session *s, const char *path,
	const cus_import_options *opts)
{
	if (!report)
		return cus__error(CUS_EINVAL, "import", "report", "the report pointer is NULL");
	report_impl *rep = calloc(1, sizeof *rep);
	*report = rep ? &rep->pub : NULL;
	if (!rep)
		return cus__error(CUS_ENOMEM, "import", NULL, "out of memory");
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
	if ((rc = permitted(s)))
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

	import_ctx c;
	memset(&c, 0, sizeof c);
	c.s = s;
	c.opts = opts;
	c.rep = rep;
	unsigned char digest[32], again[32];
	int64_t rows = 0;
	cus_policy_info *pi = NULL;
	if (cus_policy_info_get(&pi, s->db, 0) == 0 && pi->teryt)
		c.teryt = strdup(pi->teryt);
	cus_policy_info_free(pi);

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
	if (rc == 0)
		rc = check_pass(&c, &rows);
	if (rc < 0)
		goto done;
	if (rc == 0) {
		cus__csv_finish(&c.csv, again);
		if (sodium_memcmp(again, digest, 32) != 0) {
			rc = changed();
			goto done;
		}
		rep->pub.rows = rows;
	}
	if (rep->pub.error_total) {
		rc = cus__error(CUS_EINVAL, "import", rep->errs[0].field, "%zu error%s in the file (the first at line %lld);"
			" nothing was imported", rep->pub.error_total, rep->pub.error_total == 1 ? "" : "s",
			(long long)rep->errs[0].line);
		goto done;
	}

	/* the store: one audited operation */
	char detail[96];
	snprintf(detail, sizeof detail, "%lld rows (%s, '%c')", (long long)rows, rep->pub.encoding, delim);
	rc = cus__access_begin(s, "person.import", "person", NULL, IMPORT_CATEGORIES, CUS_OP_WRITE, detail);
	if (rc)
		goto done;
	rc = cus__access_end(s, store_pass(&c, rows, digest));
	if (rc == 0)
		rep->pub.imported = rows;

done:
	cus__csv_close(&c.csv);
	close(fd);
	if (c.conv) {
		sodium_memzero(c.conv, c.conv_cap);
		free(c.conv);
	}
	free(c.teryt);
	free(c.unnamed);
	sodium_memzero(c.dates, sizeof c.dates);
	return rc;
}
