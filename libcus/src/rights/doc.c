/* A tabular document written as JSON or XLSX (libxlsxwriter). Every text is
 * checked to be UTF-8 before it reaches libxlsxwriter (which would write a
 * corrupt workbook otherwise), cut to the 32,767 bytes a cell holds, and
 * written as a string: never as a formula. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <unistd.h>

#include <sodium.h>
#include <xlsxwriter.h>

#include "internal.h"

#define CELL_MAX 32767

static int oom(void)
{
	return cus__error(CUS_ENOMEM, "rights", NULL, "out of memory");
}

cus__rsheet *cus__rdoc_sheet(cus__rdoc *d, const char *key, const char *title, const char *const *keys,
	const char *const *heads, size_t ncols, int single)
{
	if (d->n == d->cap) {
		size_t ncap = d->cap ? 2 * d->cap : 16;
		cus__rsheet *ns = realloc(d->sheets, ncap * sizeof *ns);
		if (!ns) {
			oom();
			return NULL;
		}
		d->sheets = ns;
		d->cap = ncap;
	}
	cus__rsheet *sh = &d->sheets[d->n++];
	memset(sh, 0, sizeof *sh);
	sh->key = key;
	sh->title = title;
	if (ncols > 32) {
		d->n--;
		cus__error(CUS_ERROR, "rights", NULL, "a section of more than 32 columns");
		return NULL;
	}
	for (size_t i = 0; i < ncols; i++) {
		sh->keys[i] = keys[i];
		sh->heads[i] = heads[i];
	}
	sh->ncols = ncols;
	sh->single = single;
	return sh;
}

int cus__rsheet_row(cus__rsheet *sh)
{
	if (sh->nrows == sh->cap) {
		size_t ncap = sh->cap ? 2 * sh->cap : 16;
		cus__rcell *nc = realloc(sh->cells, ncap * sh->ncols * sizeof *nc);
		if (!nc)
			return oom();
		sh->cells = nc;
		sh->cap = ncap;
	}
	memset(&sh->cells[sh->nrows * sh->ncols], 0, sh->ncols * sizeof *sh->cells);
	sh->nrows++;
	return 0;
}

static cus__rcell *last(cus__rsheet *sh, size_t col)
{
	return sh->nrows && col < sh->ncols ? &sh->cells[(sh->nrows - 1) * sh->ncols + col] : NULL;
}

static void cell_wipe(cus__rcell *c)
{
	if (c->text) {
		sodium_memzero(c->text, strlen(c->text));
		free(c->text);
	}
	memset(c, 0, sizeof *c);
}

void cus__rsheet_take(cus__rsheet *sh, size_t col, char *text)
{
	cus__rcell *c = last(sh, col);
	if (!c) {
		if (text) {
			sodium_memzero(text, strlen(text));
			free(text);
		}
		return;
	}
	cell_wipe(c);
	c->text = text;
}

int cus__rsheet_text(cus__rsheet *sh, size_t col, const char *text)
{
	char *t = NULL;
	if (text && !(t = strdup(text)))
		return oom();
	cus__rsheet_take(sh, col, t);
	return 0;
}

void cus__rsheet_num(cus__rsheet *sh, size_t col, int64_t n)
{
	cus__rcell *c = last(sh, col);
	if (!c)
		return;
	cell_wipe(c);
	c->number = 1;
	c->n = n;
}

void cus__rdoc_free(cus__rdoc *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++) {
		cus__rsheet *sh = &d->sheets[i];
		for (size_t j = 0; j < sh->nrows * sh->ncols; j++)
			cell_wipe(&sh->cells[j]);
		free(sh->cells);
	}
	free(d->sheets);
	memset(d, 0, sizeof *d);
}

int cus__rdoc_format(const char *path, int format)
{
	if (!path || !*path)
		return cus__error(CUS_EINVAL, "rights", "path", "no output file given");
	if (format == CUS_FORMAT_JSON || format == CUS_FORMAT_XLSX)
		return format;
	if (format != CUS_FORMAT_AUTO)
		return cus__error(CUS_EINVAL, "rights", "format", "unknown format %d", format);
	size_t n = strlen(path);
	if (n > 5 && strcasecmp(path + n - 5, ".xlsx") == 0)
		return CUS_FORMAT_XLSX;
	if (n > 5 && strcasecmp(path + n - 5, ".json") == 0)
		return CUS_FORMAT_JSON;
	return cus__error(CUS_EINVAL, "rights", "format",
		"the output file must end in .json or .xlsx (or name the format)");
}

/* ---- JSON ---- */

static void json_text(FILE *f, const char *s)
{
	if (!s) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		default:
			if (*p < 0x20)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

static const char *safe_text(const char *s)
{
	return s && !cus__utf8_valid(s, strlen(s)) ? "\xef\xbf\xbd" : s;
}

static void json_cell(FILE *f, const cus__rcell *c)
{
	if (c->number)
		fprintf(f, "%lld", (long long)c->n);
	else
		json_text(f, safe_text(c->text));
}

static void json_row(FILE *f, const cus__rsheet *sh, size_t r)
{
	fputc('{', f);
	for (size_t c = 0; c < sh->ncols; c++) {
		if (c)
			fputc(',', f);
		json_text(f, sh->keys[c]);
		fputc(':', f);
		json_cell(f, &sh->cells[r * sh->ncols + c]);
	}
	fputc('}', f);
}

static int write_json(const cus__rdoc *d, const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return cus__error(CUS_EIO, "rights", "path", "cannot create the output file");
	fputc('{', f);
	if (d->title) {
		json_text(f, "document");
		fputc(':', f);
		json_text(f, d->title);
		fputc(',', f);
	}
	for (size_t i = 0; i < d->n; i++) {
		const cus__rsheet *sh = &d->sheets[i];
		if (i)
			fputc(',', f);
		fputs("\n", f);
		json_text(f, sh->key);
		fputc(':', f);
		if (sh->single) {
			if (sh->nrows)
				json_row(f, sh, 0);
			else
				fputs("null", f);
			continue;
		}
		fputc('[', f);
		for (size_t r = 0; r < sh->nrows; r++) {
			if (r)
				fputc(',', f);
			fputs("\n ", f);
			json_row(f, sh, r);
		}
		fputc(']', f);
	}
	fputs("}\n", f);
	int bad = ferror(f);
	if (fflush(f) != 0 || fsync(fileno(f)) != 0)
		bad = 1;
	if (fclose(f) != 0)
		bad = 1;
	return bad ? cus__error(CUS_EIO, "rights", "path", "cannot write the output file") : 0;
}

/* ---- XLSX ---- */

/* A copy of s fit for a cell: valid UTF-8, at most CELL_MAX bytes cut at a
 * character boundary. */
static char *cell_text(const char *s)
{
	s = safe_text(s);
	size_t n = strlen(s);
	if (n > CELL_MAX) {
		n = CELL_MAX - 3;
		while (n && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	char *t = malloc(n + 4);
	if (!t)
		return NULL;
	memcpy(t, s, n);
	if (n < strlen(s))
		memcpy(t + n, "\xe2\x80\xa6", 3), n += 3;
	t[n] = '\0';
	return t;
}

static int put(lxw_worksheet *ws, int row, int col, const cus__rcell *c, lxw_format *fmt)
{
	if (c->number)
		return worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, (double)c->n, fmt) != LXW_NO_ERROR;
	if (!c->text)
		return 0;
	char *t = cell_text(c->text);
	if (!t)
		return 1;
	int bad = worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, t, fmt) != LXW_NO_ERROR;
	sodium_memzero(t, strlen(t));
	free(t);
	return bad;
}

static int write_xlsx(const cus__rdoc *d, const char *path)
{
	lxw_workbook_options o = { .constant_memory = 0, .tmpdir = NULL };
	lxw_workbook *wb = workbook_new_opt(path, &o);
	if (!wb)
		return cus__error(CUS_EIO, "rights", "path", "cannot create the workbook");
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	lxw_format *wrap = workbook_add_format(wb);
	format_set_text_wrap(wrap);
	format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
	int bad = 0;
	for (size_t i = 0; !bad && i < d->n; i++) {
		const cus__rsheet *sh = &d->sheets[i];
		lxw_worksheet *ws = workbook_add_worksheet(wb, sh->title);
		if (!ws) {
			bad = 1;
			break;
		}
		if (sh->single) {
			worksheet_set_column(ws, 0, 0, 34, bold);
			worksheet_set_column(ws, 1, 1, 70, wrap);
			for (size_t c = 0; !bad && c < sh->ncols; c++) {
				cus__rcell h = { (char *)sh->heads[c], 0, 0 };
				bad = put(ws, (int)c, 0, &h, bold);
				if (!bad && sh->nrows)
					bad = put(ws, (int)c, 1, &sh->cells[c], wrap);
			}
			continue;
		}
		for (size_t c = 0; !bad && c < sh->ncols; c++) {
			cus__rcell h = { (char *)sh->heads[c], 0, 0 };
			bad = put(ws, 0, (int)c, &h, bold);
			worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, 22, NULL);
		}
		if (!bad && sh->nrows)
			worksheet_autofilter(ws, 0, 0, (lxw_row_t)sh->nrows, (lxw_col_t)(sh->ncols - 1));
		worksheet_freeze_panes(ws, 1, 0);
		for (size_t r = 0; !bad && r < sh->nrows; r++)
			for (size_t c = 0; !bad && c < sh->ncols; c++)
				bad = put(ws, (int)r + 1, (int)c, &sh->cells[r * sh->ncols + c], NULL);
	}
	lxw_error e = workbook_close(wb);
	if (bad || e != LXW_NO_ERROR)
		return cus__error(CUS_EIO, "rights", "path", "cannot write the workbook (%s)",
			e != LXW_NO_ERROR ? lxw_strerror(e) : "a cell was refused");
	return 0;
}

int cus__rdoc_write(const cus__rdoc *d, const char *path, int format)
{
	int fmt = cus__rdoc_format(path, format);
	if (fmt < 0)
		return fmt;
	if (access(path, F_OK) == 0)
		return cus__error(CUS_EEXISTS, "rights", "path", "the output file exists (it is never overwritten)");
	size_t n = strlen(path);
	char *tmp = malloc(n + 16);
	if (!tmp)
		return oom();
	snprintf(tmp, n + 16, "%s.partial", path);
	unlink(tmp);
	/* created first with mode 0600: the file holds personal data */
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		free(tmp);
		return cus__error(CUS_EIO, "rights", "path", "cannot create the output file");
	}
	close(fd);
	int rc = fmt == CUS_FORMAT_XLSX ? write_xlsx(d, tmp) : write_json(d, tmp);
	if (!rc && link(tmp, path) != 0)
		rc = cus__error(CUS_EIO, "rights", "path", "cannot create the output file");
	unlink(tmp);
	free(tmp);
	return rc;
}
