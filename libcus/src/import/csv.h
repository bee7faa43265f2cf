/* A streaming CSV reader for imports (RFC 4180 with the habits of Polish
 * Excel). Internal to the import module. */
#ifndef CUS_IMPORT_CSV_H
#define CUS_IMPORT_CSV_H

#include <stddef.h>
#include <stdint.h>

#include <sodium.h>

#include "../util/util.h"

/* The longest record accepted (bytes of its fields): a longer one is almost
 * always an unclosed quote swallowing the rest of the file. */
#define CUS__CSV_RECORD_MAX (1u << 20)

/*
 * The reader. Records are read one at a time from a file descriptor through
 * a fixed buffer, so memory does not grow with the file:
 *  - fields are separated by delim; records end at LF, CRLF or a lone CR;
 *  - a field that starts with '"' is quoted: it may hold delimiters and line
 *    breaks, and '""' inside it stands for one '"'; after its closing quote
 *    only a delimiter or the end of the record may follow (otherwise the
 *    record is marked with bad_quote, and the rest is kept as text);
 *  - a '"' inside an unquoted field is an ordinary character;
 *  - a UTF-8 byte order mark at the start of the file is skipped (has_bom);
 *  - records whose every field is empty or only spaces and tabs (empty lines,
 *    the ";;;" rows of Excel) are skipped;
 *  - line numbers count physical lines (a quoted field spanning lines moves
 *    them on), so an error names the line an editor shows.
 * While reading, the bytes are hashed (BLAKE2b) and checked for UTF-8 validity,
 * so a pass over the whole file also detects its encoding and fingerprints it.
 * Buffers that held the file's bytes are wiped when freed.
 */
typedef struct {
	int fd;
	char delim;
	unsigned char *buf;         /* read buffer */
	size_t pos, len;
	int eof;
	int io_errno;               /* errno of a failed read, else 0 */
	int has_bom;
	int64_t line;               /* physical line at pos (1-based) */
	int64_t rec_line;           /* line where the last record started */
	char *rec;                  /* the last record's fields, each NUL-terminated */
	size_t rec_len, rec_cap;
	size_t *fstart;             /* offsets of the fields in rec */
	size_t nf, fcap;
	long bad_quote;             /* index of the first field with text after its closing quote, or -1 */
	/* over all bytes read so far */
	crypto_generichash_state hash;
	int utf8_ok;
	unsigned char carry[4];     /* an incomplete UTF-8 sequence at the end of a read */
	size_t ncarry;
	uint64_t bytes;
} cus__csv;

/* Start reading fd (positioned anywhere: the reader rewinds it) with a
 * delimiter (may be changed with cus__csv_rewind). 0; CUS_ENOMEM; CUS_EIO. */
CUS__HIDDEN int cus__csv_open(cus__csv *r, int fd, char delim);

/* Back to the start of the file, hash and UTF-8 state reset. 0; CUS_EIO. */
CUS__HIDDEN int cus__csv_rewind(cus__csv *r, char delim);

/*
 * The next non-empty record: 1 (fields in rec/fstart/nf, its first line in
 * rec_line); 0 at the end of the file; CUS_EINVAL when a quoted field is not
 * closed before the end of the file or a record exceeds CUS__CSV_RECORD_MAX
 * (the error is recorded with field "(row)" and the record's line; reading
 * cannot go on); CUS_EIO.
 */
CUS__HIDDEN int cus__csv_next(cus__csv *r);

/* Field i of the last record (NUL-terminated) and its length. */
static inline const char *cus__csv_field(const cus__csv *r, size_t i, size_t *len)
{
	size_t end = i + 1 < r->nf ? r->fstart[i + 1] - 1 : r->rec_len - 1;
	if (len)
		*len = end - r->fstart[i];
	return r->rec + r->fstart[i];
}

/* Read what is left of the file, then: was every byte valid UTF-8? And the
 * BLAKE2b-256 digest of the file. */
CUS__HIDDEN int cus__csv_finish(cus__csv *r, unsigned char digest[32]);

/* Guess the delimiter from the first line of the file: the more frequent of
 * ';' and ',' outside quotes, ';' on a tie (Polish Excel). 0 when the first
 * line has neither. Rewinds the file. */
CUS__HIDDEN int cus__csv_sniff_delimiter(cus__csv *r, char *out);

CUS__HIDDEN void cus__csv_close(cus__csv *r);

#endif
