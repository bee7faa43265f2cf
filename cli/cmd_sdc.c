/* cus suppress FILE.csv: statistical disclosure control of a table to be
 * published. No database is opened. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define CSV_MAX_BYTES (16u << 20)

/* ---------------------------------------------------------------- CSV */

typedef struct {
	char **field;
	size_t nfield;
	long line;          /* physical line where the record starts */
} csv_record;

typedef struct {
	csv_record *rec;
	size_t nrec;
	char delim;
} csv_file;

static void csv_free(csv_file *f)
{
	for (size_t i = 0; i < f->nrec; i++) {
		for (size_t j = 0; j < f->rec[i].nfield; j++)
			free(f->rec[i].field[j]);
		free(f->rec[i].field);
	}
	free(f->rec);
	memset(f, 0, sizeof *f);
}

static int utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned c = s[i];
		size_t len;
		unsigned min;
		if (c < 0x80) {
			if (!c)
				return 0;
			i++;
			continue;
		} else if ((c & 0xe0) == 0xc0) {
			len = 2;
			min = 0x80;
			c &= 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			len = 3;
			min = 0x800;
			c &= 0x0f;
		} else if ((c & 0xf8) == 0xf0) {
			len = 4;
			min = 0x10000;
			c &= 0x07;
		} else {
			return 0;
		}
		if (i + len > n)
			return 0;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			c = (c << 6) | (s[i + k] & 0x3f);
		}
		if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			return 0;
		i += len;
	}
	return 1;
}

/* The more frequent of ';', ',' and tab outside quotes on the first line;
 * ';' on a tie (Polish Excel). */
static char sniff(const char *s)
{
	size_t semi = 0, comma = 0, tab = 0;
	int q = 0;
	for (; *s && (q || (*s != '\n' && *s != '\r')); s++) {
		if (*s == '"')
			q = !q;
		else if (!q && *s == ';')
			semi++;
		else if (!q && *s == ',')
			comma++;
		else if (!q && *s == '\t')
			tab++;
	}
	if (tab > semi && tab > comma)
		return '\t';
	return comma > semi ? ',' : ';';
}

static int blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t')
			return 0;
	return 1;
}

/* RFC 4180 with the habits of Excel: quoted fields may hold delimiters,
 * quotes ("") and line breaks; records end at LF, CRLF or CR; empty records
 * (also ";;;") are skipped. Returns 0, or -1 with a message in err. */
static int csv_parse(const char *text, char delim, csv_file *out, char *err, size_t errsize)
{
	memset(out, 0, sizeof *out);
	out->delim = delim;
	size_t cap = 0;
	const char *p = text;
	long line = 1;
	char *buf = NULL;
	size_t blen = 0, bcap = 0;
	while (*p) {
		csv_record rec = { NULL, 0, line };
		size_t fcap = 0;
		int end_of_record = 0;
		while (!end_of_record) {
			blen = 0;
			int quoted = 0;
			long qline = line;
			if (*p == '"') {
				quoted = 1;
				p++;
			}
			for (;;) {
				char c = *p;
				if (quoted) {
					if (!c) {
						snprintf(err, errsize, "line %ld: a quoted field is not closed", qline);
						goto fail;
					}
					if (c == '"') {
						if (p[1] == '"') {
							p += 2;
							c = '"';
						} else {
							quoted = 0;
							p++;
							continue;
						}
					} else {
						if (c == '\n' || (c == '\r' && p[1] != '\n'))
							line++;
						p++;
					}
				} else {
					if (!c || c == delim || c == '\n' || c == '\r')
						break;
					p++;
				}
				if (blen + 2 > bcap) {
					bcap = bcap ? 2 * bcap : 64;
					char *nb = realloc(buf, bcap);
					if (!nb)
						goto oom;
					buf = nb;
				}
				buf[blen++] = c;
			}
			if (rec.nfield == fcap) {
				fcap = fcap ? 2 * fcap : 8;
				char **nf = realloc(rec.field, fcap * sizeof *nf);
				if (!nf)
					goto oom;
				rec.field = nf;
			}
			char *f = malloc(blen + 1);
			if (!f)
				goto oom;
			if (blen)
				memcpy(f, buf, blen);
			f[blen] = '\0';
			rec.field[rec.nfield++] = f;
			if (*p == delim) {
				p++;
			} else {
				if (*p == '\r')
					p++;
				if (*p == '\n')
					p++;
				line++;
				end_of_record = 1;
			}
		}
		int empty = 1;
		for (size_t i = 0; i < rec.nfield && empty; i++)
			empty = blank(rec.field[i]);
		if (empty) {
			for (size_t i = 0; i < rec.nfield; i++)
				free(rec.field[i]);
			free(rec.field);
			continue;
		}
		if (out->nrec == cap) {
			cap = cap ? 2 * cap : 16;
			csv_record *nr = realloc(out->rec, cap * sizeof *nr);
			if (!nr) {
				for (size_t i = 0; i < rec.nfield; i++)
					free(rec.field[i]);
				free(rec.field);
				goto oom;
			}
			out->rec = nr;
		}
		out->rec[out->nrec++] = rec;
		continue;
	oom:
		for (size_t i = 0; i < rec.nfield; i++)
			free(rec.field[i]);
		free(rec.field);
		snprintf(err, errsize, "out of memory");
		goto fail_kept;
	fail:
		for (size_t i = 0; i < rec.nfield; i++)
			free(rec.field[i]);
		free(rec.field);
	fail_kept:
		free(buf);
		csv_free(out);
		return -1;
	}
	free(buf);
	return 0;
}

/* ---------------------------------------------------------------- values */

/* Trim ASCII white space in place. */
static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

/* A total's label: Razem, Ogółem or Total, in any case. */
static int total_label(const char *s)
{
	char tmp[32];
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	while (*s == ' ' || *s == '\t')
		s++, n--;
	if (n >= sizeof tmp)
		return 0;
	for (size_t i = 0; i < n; i++)
		tmp[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] - 'A' + 'a') : s[i];
	tmp[n] = '\0';
	return strcmp(tmp, "razem") == 0 || strcmp(tmp, "total") == 0 || strcmp(tmp, "og\xc3\xb3\xc5\x82" "em") == 0 ||
	       strcmp(tmp, "og\xc3\x93\xc5\x81" "em") == 0 || strcmp(tmp, "suma") == 0;
}

/* A count: digits, optionally grouped by a space, U+00A0 or U+202F; "" and
 * "-" (GUS: nothing occurred) are 0. 0, or -1. */
static int parse_count(const char *s, int64_t *out)
{
	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s || (s[0] == '-' && blank(s + 1)) || (strncmp(s, "\xe2\x80\x93", 3) == 0 && blank(s + 3))) {
		*out = 0;   /* "", "-" or an en dash */
		return 0;
	}
	int64_t v = 0;
	int digits = 0;
	while (*s) {
		if (*s >= '0' && *s <= '9') {
			if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, *s - '0', &v))
				return -1;
			digits++;
			s++;
		} else if (digits && (*s == ' ' || *s == '\t') && blank(s)) {
			break;
		} else if (digits && *s == ' ' && s[1] >= '0' && s[1] <= '9') {
			s++;
		} else if (digits && strncmp(s, "\xc2\xa0", 2) == 0 && s[2] >= '0' && s[2] <= '9') {
			s += 2;
		} else if (digits && strncmp(s, "\xe2\x80\xaf", 3) == 0 && s[3] >= '0' && s[3] <= '9') {
			s += 3;
		} else {
			return -1;
		}
	}
	if (!digits)
		return -1;
	*out = v;
	return 0;
}

typedef struct {
	int64_t value, contributors, largest;
	int has_contributors;
} amount_cell;

/* An amount cell: "AMOUNT/CONTRIBUTORS/LARGEST" (złoty, as cus_money_parse
 * reads them: "1 234,56/4/800"), or for a total also just "AMOUNT"; "" and
 * "-" are an empty cell. 0, or -1 with why set. */
static int parse_amount(char *s, amount_cell *out, const char **why)
{
	memset(out, 0, sizeof *out);
	s = trim(s);
	if (!*s || strcmp(s, "-") == 0)
		return 0;
	char *parts[3] = { s, NULL, NULL };
	int np = 1;
	for (char *p = s; *p; p++)
		if (*p == '/') {
			if (np == 3) {
				*why = "more than three parts (AMOUNT/CONTRIBUTORS/LARGEST)";
				return -1;
			}
			*p = '\0';
			parts[np++] = p + 1;
		}
	if (np == 2) {
		*why = "give AMOUNT/CONTRIBUTORS/LARGEST";
		return -1;
	}
	if (cus_money_parse(trim(parts[0]), &out->value) != 0 || out->value < 0) {
		*why = "not an amount in zloty";
		return -1;
	}
	if (np == 3) {
		if (parse_count(parts[1], &out->contributors) != 0) {
			*why = "the contributors are not a whole number";
			return -1;
		}
		if (cus_money_parse(trim(parts[2]), &out->largest) != 0 || out->largest < 0) {
			*why = "the largest contribution is not an amount in zloty";
			return -1;
		}
		out->has_contributors = 1;
	}
	return 0;
}

/* ---------------------------------------------------------------- output */

static void csv_field(FILE *f, const char *s, char delim)
{
	int quote = 0;
	for (const char *p = s; *p && !quote; p++)
		quote = *p == delim || *p == '"' || *p == '\n' || *p == '\r';
	if (!quote) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			fputc('"', f);
		fputc(*p, f);
	}
	fputc('"', f);
}

/* grosze as "1234,56" (or "1234.56" when the delimiter is a comma) */
static void amount_text(char *buf, size_t size, int64_t g, char delim)
{
	snprintf(buf, size, "%lld%c%02lld", (long long)(g / 100), delim == ',' ? '.' : ',', (long long)(g % 100));
}

typedef struct {
	const char *path;
	csv_file csv;
	size_t rows, cols;       /* body */
	int row_totals, col_totals;
	int amounts;
	cus_sdc_table *t;
} job;

/* The published cell text. */
static void cell_text(const job *j, size_t r, size_t c, char *buf, size_t size)
{
	int st = cus_sdc_table_status(j->t, r, c);
	if (st < 0 || cus_sdc_status_suppressed(st)) {
		snprintf(buf, size, "x");
		return;
	}
	int64_t v = 0;
	(void)cus_sdc_table_value(j->t, r, c, &v);
	if (j->amounts)
		amount_text(buf, size, v, j->csv.delim);
	else
		snprintf(buf, size, "%lld", (long long)v);
}

static void write_csv(FILE *f, const job *j)
{
	char d = j->csv.delim;
	const csv_record *h = &j->csv.rec[0];
	size_t er = j->rows + (size_t)j->col_totals, ec = j->cols + (size_t)j->row_totals;
	for (size_t c = 0; c <= ec; c++) {
		if (c)
			fputc(d, f);
		csv_field(f, c < h->nfield ? h->field[c] : "", d);
	}
	fputs("\r\n", f);
	for (size_t r = 0; r < er; r++) {
		csv_field(f, j->csv.rec[r + 1].field[0], d);
		for (size_t c = 0; c < ec; c++) {
			char buf[48];
			cell_text(j, r, c, buf, sizeof buf);
			fputc(d, f);
			fputs(buf, f);
		}
		fputs("\r\n", f);
	}
}

static void write_json(FILE *f, const job *j, const cus_sdc_options *o, int primary, int secondary)
{
	const csv_record *h = &j->csv.rec[0];
	size_t er = j->rows + (size_t)j->col_totals, ec = j->cols + (size_t)j->row_totals;
	fprintf(f, "{\"file\":");
	json_str(f, j->path);
	fprintf(f, ",\"amounts\":%s,", j->amounts ? "true" : "false");
	if (j->amounts)
		fprintf(f, "\"min_contributors\":%d,\"dominance_percent\":%d,", o->min_contributors, o->dominance_percent);
	else
		fprintf(f, "\"k\":%d,", o->k);
	fprintf(f, "\"row_totals\":%s,\"column_totals\":%s,\"columns\":[", j->row_totals ? "true" : "false",
		j->col_totals ? "true" : "false");
	for (size_t c = 0; c < ec; c++) {
		if (c)
			fputc(',', f);
		json_str(f, c + 1 < h->nfield ? h->field[c + 1] : "");
	}
	fputs("],\"rows\":[", f);
	for (size_t r = 0; r < er; r++) {
		if (r)
			fputc(',', f);
		fputs("{\"label\":", f);
		json_str(f, j->csv.rec[r + 1].field[0]);
		fprintf(f, ",\"total\":%s,\"cells\":[", r == j->rows ? "true" : "false");
		for (size_t c = 0; c < ec; c++) {
			int st = cus_sdc_table_status(j->t, r, c);
			int64_t v = 0;
			(void)cus_sdc_table_value(j->t, r, c, &v);
			fprintf(f, "%s{\"status\":\"%s\",\"suppressed\":%s,\"value\":", c ? "," : "", cus_sdc_status_name(st),
				cus_sdc_status_suppressed(st) ? "true" : "false");
			/* a suppressed cell's value is never written, not even as 0 */
			if (cus_sdc_status_suppressed(st))
				fputs("null", f);
			else
				fprintf(f, "%lld", (long long)v);
			fputc('}', f);
		}
		fputs("]}", f);
	}
	fprintf(f, "],\"suppressed\":%d,\"primary\":%d,\"secondary\":%d}\n", primary + secondary, primary, secondary);
}

/* ---------------------------------------------------------------- the command */

static int input_error(const cli_ctx *ctx, const char *path, long line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int input_error(const cli_ctx *ctx, const char *path, long line, const char *fmt, ...)
{
	char msg[400], full[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (line > 0)
		snprintf(full, sizeof full, "%s:line %ld: %s", path, line, msg);
	else
		snprintf(full, sizeof full, "%s: %s", path, msg);
	if (ctx->json) {
		fputs("{\"error\":{\"code\":-2,\"name\":\"CUS_EINVAL\",\"message\":", stderr);
		json_str(stderr, full);
		fprintf(stderr, ",\"field\":\"file\",\"line\":%ld,\"exit\":%d}}\n", line, EXIT_INPUT);
	} else {
		fprintf(stderr, "cus: %s\n", full);
	}
	return EXIT_INPUT;
}

static int read_text(const cli_ctx *ctx, const char *path, char **out)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return input_error(ctx, path, 0, "cannot open the file: %s", strerror(errno));
	char *buf = malloc(CSV_MAX_BYTES + 1);
	if (!buf) {
		fclose(f);
		return input_error(ctx, path, 0, "out of memory");
	}
	size_t n = fread(buf, 1, CSV_MAX_BYTES + 1, f);
	int err = ferror(f);
	fclose(f);
	if (err) {
		free(buf);
		return input_error(ctx, path, 0, "cannot read the file");
	}
	if (n > CSV_MAX_BYTES) {
		free(buf);
		return input_error(ctx, path, 0, "the file is larger than 16 MiB");
	}
	size_t skip = n >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
	if (utf8_valid((unsigned char *)buf + skip, n - skip)) {
		memmove(buf, buf + skip, n - skip);
		buf[n - skip] = '\0';
		*out = buf;
		return 0;
	}
	/* Polish Excel's CP1250 */
	char *utf8 = NULL;
	if (cus_text_from_cp1250(&utf8, NULL, buf, n) != 0) {
		free(buf);
		return input_error(ctx, path, 0, "the file is neither UTF-8 nor CP1250 text");
	}
	free(buf);
	*out = strdup(utf8);
	cus_free(utf8);
	if (!*out)
		return input_error(ctx, path, 0, "out of memory");
	return 0;
}

static int parse_int_option(const cli_ctx *ctx, const char *name, const char *arg, int *out)
{
	char *end = NULL;
	errno = 0;
	long v = strtol(arg, &end, 10);
	if (!*arg || *end || errno || v < -1000000 || v > 1000000)
		return cli_usage_error(ctx, "suppress: %s takes a whole number, not '%s'", name, arg);
	*out = (int)v;
	return 0;
}

/* Build the table from the CSV: labels, totals, values. 0 or an exit code. */
static int load_table(const cli_ctx *ctx, job *j, int nonadditive)
{
	csv_file *f = &j->csv;
	if (f->nrec < 2)
		return input_error(ctx, j->path, 0, "a table needs a row of column labels and at least one row");
	const csv_record *h = &f->rec[0];
	size_t ncols = h->nfield;
	while (ncols > 1 && blank(h->field[ncols - 1]))
		ncols--;   /* trailing empty headers of Excel */
	if (ncols < 2)
		return input_error(ctx, j->path, h->line, "the first row must hold the column labels after the corner cell");
	ncols--;       /* without the label column */
	j->row_totals = total_label(h->field[ncols]);
	for (size_t c = 1; c < ncols; c++)
		if (total_label(h->field[c]))
			return input_error(ctx, j->path, h->line, "the total column '%s' must be the last one", h->field[c]);
	size_t nrows = f->nrec - 1;
	j->col_totals = total_label(f->rec[nrows].field[0]);
	for (size_t r = 1; r < nrows; r++)
		if (total_label(f->rec[r].field[0]))
			return input_error(ctx, j->path, f->rec[r].line, "the total row '%s' must be the last one",
				f->rec[r].field[0]);
	j->cols = ncols - (size_t)j->row_totals;
	j->rows = nrows - (size_t)j->col_totals;
	if (j->cols == 0 || j->rows == 0)
		return input_error(ctx, j->path, h->line, "the table has totals but no cells");
	for (size_t r = 1; r <= nrows; r++) {
		const csv_record *rec = &f->rec[r];
		size_t nf = rec->nfield;
		while (nf > ncols + 1 && blank(rec->field[nf - 1]))
			nf--;
		if (nf != ncols + 1)
			return input_error(ctx, j->path, rec->line, "%zu fields, the header has %zu", nf, ncols + 1);
	}
	unsigned flags = (j->row_totals ? CUS_SDC_ROW_TOTALS : 0) | (j->col_totals ? CUS_SDC_COLUMN_TOTALS : 0) |
	                 (j->amounts ? CUS_SDC_AMOUNTS : 0);
	int rc = cus_sdc_table_new(&j->t, j->rows, j->cols, flags);
	if (rc)
		return cli_fail(ctx, rc);
	size_t er = j->rows + (size_t)j->col_totals, ec = j->cols + (size_t)j->row_totals;
	for (size_t r = 0; r < er; r++) {
		const csv_record *rec = &f->rec[r + 1];
		for (size_t c = 0; c < ec; c++) {
			char *text = rec->field[c + 1];
			const char *label = h->field[c + 1];
			int is_total = r == j->rows || c == j->cols;
			text = trim(text);
			if (strcmp(text, "x") == 0 || strcmp(text, "X") == 0)
				return input_error(ctx, j->path, rec->line, "column '%s': the cell is already suppressed ('x')",
					label);
			if (!j->amounts) {
				int64_t v;
				if (parse_count(text, &v) != 0)
					return input_error(ctx, j->path, rec->line, "column '%s': not a count (a whole number 0 or more)",
						label);
				rc = cus_sdc_table_set(j->t, r, c, v);
			} else {
				amount_cell a;
				const char *why = "";
				if (parse_amount(text, &a, &why) != 0)
					return input_error(ctx, j->path, rec->line, "column '%s': %s", label, why);
				if (!a.has_contributors && a.value != 0 && !is_total)
					return input_error(ctx, j->path, rec->line,
						"column '%s': give AMOUNT/CONTRIBUTORS/LARGEST", label);
				rc = cus_sdc_table_set(j->t, r, c, a.value);
				if (!rc && a.has_contributors)
					rc = cus_sdc_table_set_contributors(j->t, r, c, a.contributors, a.largest);
			}
			if (rc)
				return input_error(ctx, j->path, rec->line, "column '%s': %s", label, cus_error_last()->message);
		}
	}
	/* Totals that do not add up, named as the file names them. */
	if (!nonadditive) {
		for (size_t r = 0; r < er; r++)
			for (size_t c = 0; c < ec; c++) {
				if (r < j->rows && c < j->cols)
					continue;
				int64_t given = 0, sum = 0, v;
				(void)cus_sdc_table_value(j->t, r, c, &given);
				for (size_t i = 0; i < j->rows; i++)
					for (size_t k = 0; k < j->cols; k++) {
						if ((r < j->rows && i != r) || (c < j->cols && k != c))
							continue;
						(void)cus_sdc_table_value(j->t, i, k, &v);
						if (__builtin_add_overflow(sum, v, &sum))
							return input_error(ctx, j->path, f->rec[r + 1].line, "a total overflows");
					}
				if (given != sum) {
					char what[256], a[48], b[48], d[48];
					if (r == j->rows && c == j->cols)
						snprintf(what, sizeof what, "the grand total");
					else if (c == j->cols)
						snprintf(what, sizeof what, "the total of row '%s'", f->rec[r + 1].field[0]);
					else
						snprintf(what, sizeof what, "the total of column '%s'", h->field[c + 1]);
					if (j->amounts) {
						amount_text(a, sizeof a, given, ',');
						amount_text(b, sizeof b, sum, ',');
						amount_text(d, sizeof d, given > sum ? given - sum : sum - given, ',');
					} else {
						snprintf(a, sizeof a, "%lld", (long long)given);
						snprintf(b, sizeof b, "%lld", (long long)sum);
						snprintf(d, sizeof d, "%lld", (long long)(given > sum ? given - sum : sum - given));
					}
					return input_error(ctx, j->path, f->rec[r + 1].line,
						"%s is %s but its cells sum to %s (difference %s%s); use --nonadditive for distinct counts",
						what, a, b, given < sum ? "-" : "", d);
				}
			}
	}
	return 0;
}

static int write_out(const cli_ctx *ctx, const job *j, const char *out)
{
	size_t n = strlen(out);
	char *tmp = malloc(n + 16);
	if (!tmp)
		return input_error(ctx, out, 0, "out of memory");
	snprintf(tmp, n + 16, "%s.tmp%ld", out, (long)getpid());
	FILE *f = fopen(tmp, "wb");
	if (!f) {
		int e = errno;
		free(tmp);
		return input_error(ctx, out, 0, "cannot write the file: %s", strerror(e));
	}
	write_csv(f, j);
	int bad = ferror(f);
	bad |= fclose(f) != 0;
	if (bad || rename(tmp, out) != 0) {
		unlink(tmp);
		free(tmp);
		return input_error(ctx, out, 0, "cannot write the file");
	}
	free(tmp);
	return 0;
}

static int cmd_suppress(cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "k", required_argument, NULL, 'k' },
		{ "amounts", no_argument, NULL, 'a' },
		{ "min-contributors", required_argument, NULL, 'm' },
		{ "dominance", required_argument, NULL, 'D' },
		{ "nonadditive", no_argument, NULL, 'n' },
		{ "out", required_argument, NULL, 'o' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	cus_sdc_options o = CUS_SDC_OPTIONS_INIT;
	job j;
	memset(&j, 0, sizeof j);
	const char *out = NULL;
	int c, rc;
	cli_getopt_reset();
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'k':
			if ((rc = parse_int_option(ctx, "--k", optarg, &o.k)))
				return rc;
			break;
		case 'm':
			if ((rc = parse_int_option(ctx, "--min-contributors", optarg, &o.min_contributors)))
				return rc;
			break;
		case 'D':
			if ((rc = parse_int_option(ctx, "--dominance", optarg, &o.dominance_percent)))
				return rc;
			break;
		case 'a': j.amounts = 1; break;
		case 'n': o.nonadditive = 1; break;
		case 'o': out = optarg; break;
		default:
			if (!cli_global_option(ctx, c, optarg))
				return cli_bad_option(ctx, c);
		}
	}
	if (optind + 1 != ctx->argc)
		return cli_usage_error(ctx, optind >= ctx->argc ? "suppress: give the table FILE.csv"
		                                                 : "suppress: give one table FILE.csv");
	j.path = ctx->argv[optind];
	/* the options first, so a bad k is reported before the file is read */
	if ((rc = cus_sdc_options_check(&o)) != 0)
		return cli_fail(ctx, rc);

	char *text = NULL;
	if ((rc = read_text(ctx, j.path, &text)))
		return rc;
	char err[256] = "";
	if (csv_parse(text, sniff(text), &j.csv, err, sizeof err) != 0) {
		free(text);
		return input_error(ctx, j.path, 0, "%s", err);
	}
	free(text);
	int exit_code = load_table(ctx, &j, o.nonadditive);
	if (exit_code)
		goto done;
	rc = cus_sdc_protect(j.t, &o);
	if (rc < 0) {
		exit_code = cli_fail(ctx, rc);
		goto done;
	}
	int primary = 0, secondary = 0;
	for (size_t r = 0; r < j.rows + (size_t)j.col_totals; r++)
		for (size_t k = 0; k < j.cols + (size_t)j.row_totals; k++) {
			int st = cus_sdc_table_status(j.t, r, k);
			secondary += st == CUS_SDC_SECONDARY;
			primary += cus_sdc_status_suppressed(st) && st != CUS_SDC_SECONDARY;
		}
	if (out && (exit_code = write_out(ctx, &j, out)))
		goto done;
	if (ctx->json)
		write_json(stdout, &j, &o, primary, secondary);
	else if (!out)
		write_csv(stdout, &j);
	else
		printf("%s: %d cells suppressed (%d primary, %d secondary) of %zu\n", out, primary + secondary, primary,
			secondary, (j.rows + (size_t)j.col_totals) * (j.cols + (size_t)j.row_totals));
	exit_code = fflush(stdout) == 0 ? EXIT_OK : EXIT_INTERNAL;
done:
	cus_sdc_table_free(j.t);
	csv_free(&j.csv);
	return exit_code;
}

const cli_command cli_sdc_commands[] = {
	{ "suppress", cmd_suppress, "protect a table for publication (statistical disclosure control)",
	  "usage: cus suppress FILE.csv [--k N] [--amounts] [--min-contributors N] [--dominance P]\n"
	  "                    [--nonadditive] [--out OUT.csv] [--json]\n"
	  "\n"
	  "Read a table from CSV (UTF-8 or Polish Excel's CP1250; ';', ',' or tab, detected):\n"
	  "the first row holds the column labels, the first column the row labels. A last\n"
	  "column or row labelled Razem, Ogolem/Ogółem or Total (any case) holds the totals,\n"
	  "which are published and protected too (they must add up unless --nonadditive).\n"
	  "Empty cells and '-' are 0.\n"
	  "\n"
	  "Counts 0 < n < k are suppressed (primary; --k, default 10, at least 3). With\n"
	  "--amounts each cell is AMOUNT/CONTRIBUTORS/LARGEST in zloty (\"1 234,56/4/800\";\n"
	  "a total may be just AMOUNT) and an amount with fewer than 3 contributors\n"
	  "(--min-contributors) or one contributor above 75 % of it (--dominance) is\n"
	  "suppressed (art. 38 of the act on public statistics). Contributors and largest\n"
	  "contributions are never written out. Zero cells are published.\n"
	  "\n"
	  "Then complementary cells (the cheapest, by value) are suppressed until no\n"
	  "suppressed cell can be recomputed from the published cells and totals (checked\n"
	  "exactly by linear algebra). The same input always gives the same pattern.\n"
	  "\n"
	  "The table is written as CSV with every suppressed cell as 'x' (the GUS\n"
	  "convention) to OUT.csv, or to standard output without --out. --json prints the\n"
	  "status of every cell instead: published, small_count, few_contributors,\n"
	  "dominance or secondary, with the value only for published cells.\n"
	  "No database is opened. Exit 3 for a file that is not a table, naming its line.\n" },
	{ NULL, NULL, NULL, NULL },
};
