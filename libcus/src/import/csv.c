/* The streaming CSV reader of imports (see csv.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv.h"

#define CSV_BUF 65536

static void utf8_feed(cus__csv *r, const unsigned char *p, size_t n)
{
	if (!r->utf8_ok || n == 0)
		return;
	size_t start = 0;
	if (r->ncarry) {
		/* complete the sequence left over from the last read */
		unsigned char lead = r->carry[0];
		size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
		while (r->ncarry < need && start < n)
			r->carry[r->ncarry++] = p[start++];
		if (r->ncarry < need)
			return;
		if (!cus__utf8_valid((const char *)r->carry, r->ncarry)) {
			r->utf8_ok = 0;
			return;
		}
		r->ncarry = 0;
	}
	/* leave an incomplete sequence at the end for the next read */
	size_t cut = n;
	for (size_t i = n; i > start && i + 4 > n; i--) {
		unsigned char b = p[i - 1];
		if ((b & 0xC0) == 0x80)
			continue;
		if (b >= 0xC0 && b < 0xF8) {
			size_t need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
			if (i - 1 + need > n)
				cut = i - 1;
		}
		break;
	}
	if (!cus__utf8_valid((const char *)p + start, cut - start)) {
		r->utf8_ok = 0;
		return;
	}
	memcpy(r->carry, p + cut, n - cut);
	r->ncarry = n - cut;
}

/* Refill the buffer: 1 when bytes are available, 0 at the end, -1 on error. */
static int fill(cus__csv *r)
{
	if (r->eof)
		return 0;
	ssize_t n;
	do
		n = read(r->fd, r->buf, CSV_BUF);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		r->io_errno = errno;
		r->eof = 1;
		return -1;
	}
	if (n == 0) {
		r->eof = 1;
		return 0;
	}
	r->pos = 0;
	r->len = (size_t)n;
	r->bytes += (uint64_t)n;
	crypto_generichash_update(&r->hash, r->buf, (unsigned long long)n);
	utf8_feed(r, r->buf, (size_t)n);
	return 1;
}

static inline int peekc(cus__csv *r)
{
	if (r->pos == r->len && fill(r) <= 0)
		return -1;
	return r->buf[r->pos];
}

static int grow(cus__csv *r, size_t need)
{
	if (need <= r->rec_cap)
		return 0;
	size_t cap = r->rec_cap ? r->rec_cap : 1024;
	while (cap < need)
		cap *= 2;
	char *p = malloc(cap);
	if (!p)
		return cus__error(CUS_ENOMEM, "import", NULL, "out of memory");
	if (r->rec) {
		memcpy(p, r->rec, r->rec_len);
		sodium_memzero(r->rec, r->rec_cap);
		free(r->rec);
	}
	r->rec = p;
	r->rec_cap = cap;
	return 0;
}

static inline int put(cus__csv *r, int c)
{
	if (r->rec_len == r->rec_cap) {
		if (r->rec_len >= CUS__CSV_RECORD_MAX)
			return cus__error_at(CUS_EINVAL, "import", "(row)", (int)r->rec_line, 0,
				"the row is longer than %u bytes (is a quote not closed?)", CUS__CSV_RECORD_MAX);
		int rc = grow(r, r->rec_len + 1);
		if (rc)
			return rc;
	}
	r->rec[r->rec_len++] = (char)c;
	return 0;
}

static int push_field(cus__csv *r, size_t start)
{
	if (r->nf == r->fcap) {
		size_t cap = r->fcap ? 2 * r->fcap : 32;
		size_t *p = realloc(r->fstart, cap * sizeof *p);
		if (!p)
			return cus__error(CUS_ENOMEM, "import", NULL, "out of memory");
		r->fstart = p;
		r->fcap = cap;
	}
	r->fstart[r->nf++] = start;
	return 0;
}

static int reset(cus__csv *r, char delim)
{
	if (lseek(r->fd, 0, SEEK_SET) < 0)
		return cus__error(CUS_EIO, "import", "path", "the file cannot be read from its start: %s",
			strerror(errno));
	r->delim = delim;
	r->pos = r->len = 0;
	r->eof = 0;
	r->io_errno = 0;
	r->line = 1;
	r->rec_line = 0;
	r->rec_len = 0;
	r->nf = 0;
	r->bad_quote = -1;
	r->utf8_ok = 1;
	r->ncarry = 0;
	r->bytes = 0;
	crypto_generichash_init(&r->hash, NULL, 0, 32);
	/* a UTF-8 byte order mark */
	r->has_bom = 0;
	if (peekc(r) == 0xEF && r->len >= 3 && r->buf[1] == 0xBB && r->buf[2] == 0xBF) {
		r->has_bom = 1;
		r->pos = 3;
	}
	if (r->io_errno)
		return cus__error(CUS_EIO, "import", "path", "the file cannot be read: %s", strerror(r->io_errno));
	return 0;
}

int cus__csv_open(cus__csv *r, int fd, char delim)
{
	memset(r, 0, sizeof *r);
	r->fd = fd;
	r->buf = malloc(CSV_BUF);
	if (!r->buf)
		return cus__error(CUS_ENOMEM, "import", NULL, "out of memory");
	return reset(r, delim);
}

int cus__csv_rewind(cus__csv *r, char delim)
{
	return reset(r, delim);
}

static int blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

static int io_error(cus__csv *r)
{
	return cus__error(CUS_EIO, "import", "path", "the file cannot be read: %s", strerror(r->io_errno));
}

/* One record, empty or not: 1, 0 at the end, or an error. */
static int record(cus__csv *r)
{
	const int d = (unsigned char)r->delim;
	int rc;
	r->rec_len = 0;
	r->nf = 0;
	r->bad_quote = -1;
	r->rec_line = r->line;
	int c = peekc(r);
	if (c < 0)
		return r->io_errno ? io_error(r) : 0;
	for (;;) {
		size_t start = r->rec_len;
		c = peekc(r);
		if (c == '"') {
			r->pos++;
			for (;;) {
				c = peekc(r);
				if (c < 0) {
					if (r->io_errno)
						return io_error(r);
					return cus__error_at(CUS_EINVAL, "import", "(row)", (int)r->rec_line, 0,
						"a quoted field of this row is never closed");
				}
				r->pos++;
				if (c == '"') {
					if (peekc(r) != '"')
						break;
					r->pos++;
				} else if (c == '\n') {
					r->line++;
				} else if (c == '\r') {
					if (peekc(r) == '\n') {
						if ((rc = put(r, '\r')))
							return rc;
						c = '\n';
						r->pos++;
					}
					r->line++;
				}
				if ((rc = put(r, c)))
					return rc;
			}
			/* after the closing quote */
			while ((c = peekc(r)) >= 0 && c != d && c != '\n' && c != '\r') {
				if (r->bad_quote < 0)
					r->bad_quote = (long)r->nf;
				if ((rc = put(r, c)))
					return rc;
				r->pos++;
			}
		} else {
			/* unquoted: copy up to the delimiter or the end of the line */
			for (;;) {
				if (r->pos == r->len && fill(r) <= 0)
					break;
				const unsigned char *p = r->buf + r->pos, *e = r->buf + r->len;
				const unsigned char *q = p;
				while (q < e && *q != d && *q != '\n' && *q != '\r')
					q++;
				size_t n = (size_t)(q - p);
				if (n) {
					if (r->rec_len + n > CUS__CSV_RECORD_MAX)
						return cus__error_at(CUS_EINVAL, "import", "(row)", (int)r->rec_line, 0,
							"the row is longer than %u bytes", CUS__CSV_RECORD_MAX);
					if ((rc = grow(r, r->rec_len + n + 1)))
						return rc;
					memcpy(r->rec + r->rec_len, p, n);
					r->rec_len += n;
					r->pos += n;
				}
				if (q < e)
					break;
			}
			c = peekc(r);
		}
		if (r->io_errno)
			return io_error(r);
		if ((rc = put(r, '\0')) || (rc = push_field(r, start)))
			return rc;
		if (c == d) {
			r->pos++;
			continue;
		}
		if (c == '\r') {
			r->pos++;
			if (peekc(r) == '\n')
				r->pos++;
			r->line++;
		} else if (c == '\n') {
			r->pos++;
			r->line++;
		}
		if (r->io_errno)
			return io_error(r);
		return 1;
	}
}

int cus__csv_next(cus__csv *r)
{
	for (;;) {
		int rc = record(r);
		if (rc <= 0)
			return rc;
		for (size_t i = 0; i < r->nf; i++) {
			size_t n;
			const char *f = cus__csv_field(r, i, &n);
			if (!blank(f, n))
				return 1;
		}
	}
}

int cus__csv_finish(cus__csv *r, unsigned char digest[32])
{
	/* the rest of the file, when reading stopped early */
	r->pos = r->len;
	while (fill(r) > 0)
		r->pos = r->len;
	crypto_generichash_final(&r->hash, digest, 32);
	return r->utf8_ok && r->ncarry == 0;
}

int cus__csv_sniff_delimiter(cus__csv *r, char *out)
{
	int rc = reset(r, ';');
	if (rc)
		return rc;
	size_t semi = 0, comma = 0;
	int quoted = 0;
	for (;;) {
		int c = peekc(r);
		if (c < 0 || (!quoted && (c == '\n' || c == '\r')))
			break;
		r->pos++;
		if (c == '"')
			quoted = !quoted;
		else if (!quoted && c == ';')
			semi++;
		else if (!quoted && c == ',')
			comma++;
	}
	if (r->io_errno)
		return io_error(r);
	*out = semi || comma ? (comma > semi ? ',' : ';') : 0;
	return reset(r, ';');
}

void cus__csv_close(cus__csv *r)
{
	if (r->buf) {
		sodium_memzero(r->buf, CSV_BUF);
		free(r->buf);
	}
	if (r->rec) {
		sodium_memzero(r->rec, r->rec_cap);
		free(r->rec);
	}
	free(r->fstart);
	sodium_memzero(r->carry, sizeof r->carry);
	memset(r, 0, sizeof *r);
	r->fd = -1;
}
