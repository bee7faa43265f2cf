/* Polish text with ICU: NFC normalisation at the boundary, accent-free search
 * keys, Polish collation (sort keys and comparison), CP1250 → UTF-8.
 *
 * Thread safety: the Polish collator and the search-key transliterator are
 * opened once (pthread_once); each thread then works on its own clone, made on
 * first use and closed when the thread exits (a pthread key destructor), so no
 * call takes a lock and no ICU object is shared while it is used. The NFC
 * normaliser is ICU's own immutable singleton. The CP1250 table is built once
 * from ICU's converter and only read afterwards.
 *
 * Temporary buffers hold personal data (names, addresses), so they are wiped
 * before they are freed, as cus_free() wipes the results. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <unicode/ucnv.h>
#include <unicode/ucol.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utrans.h>
#include <unicode/uversion.h>

#include "util.h"

/* The largest input accepted, in bytes: ICU counts in int32_t, and UTF-16 and
 * transliteration buffers are a few times the input. */
#define TEXT_MAX_BYTES ((size_t)16 * 1024 * 1024)

/* Search keys: any script to Latin, strip accents, then ASCII where ICU knows
 * an equivalent (ł → l, ß → ss). Case folding is done afterwards. */
#define SEARCH_TRANSLIT "Any-Latin; NFD; [:Nonspacing Mark:] Remove; NFC; Latin-ASCII"

/* ---- shared ICU objects and per-thread clones ---- */

static pthread_once_t collator_once = PTHREAD_ONCE_INIT;
static UCollator *collator_master;
static UErrorCode collator_status = U_ZERO_ERROR;

static pthread_once_t translit_once = PTHREAD_ONCE_INIT;
static UTransliterator *translit_master;
static UErrorCode translit_status = U_ZERO_ERROR;

static pthread_once_t tls_once = PTHREAD_ONCE_INIT;
static pthread_key_t tls_key;
static int tls_key_ok;

typedef struct {
	UCollator *collator;
	UTransliterator *translit;
} icu_clones;

static _Thread_local icu_clones *tl_clones;

static void collator_init(void)
{
	UErrorCode st = U_ZERO_ERROR;
	UCollator *c = ucol_open("pl", &st);
	/* decomposed input ("Zoe" + U+0301) must sort as the composed form */
	if (U_SUCCESS(st))
		ucol_setAttribute(c, UCOL_NORMALIZATION_MODE, UCOL_ON, &st);
	if (U_FAILURE(st)) {
		if (c)
			ucol_close(c);
		collator_status = U_FAILURE(st) ? st : U_INTERNAL_PROGRAM_ERROR;
		return;
	}
	collator_master = c;
}

static void translit_init(void)
{
	UErrorCode st = U_ZERO_ERROR;
	UParseError pe;
	UChar id[sizeof SEARCH_TRANSLIT];
	u_charsToUChars(SEARCH_TRANSLIT, id, (int32_t)sizeof SEARCH_TRANSLIT);
	UTransliterator *t = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, &pe, &st);
	if (U_FAILURE(st)) {
		translit_status = st;
		return;
	}
	translit_master = t;
}

static void clones_free(void *p)
{
	icu_clones *c = p;
	if (!c)
		return;
	if (c->collator)
		ucol_close(c->collator);
	if (c->translit)
		utrans_close(c->translit);
	free(c);
	tl_clones = NULL;
}

static void tls_init(void)
{
	tls_key_ok = pthread_key_create(&tls_key, clones_free) == 0;
}

static icu_clones *clones_get(void)
{
	if (tl_clones)
		return tl_clones;
	pthread_once(&tls_once, tls_init);
	if (!tls_key_ok)
		return NULL;
	icu_clones *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	if (pthread_setspecific(tls_key, c) != 0) {
		free(c);
		return NULL;
	}
	tl_clones = c;
	return c;
}

/* This thread's Polish collator, or NULL with the error recorded (unless
 * quiet: cus_text_compare() cannot fail and leaves the last error alone). */
static UCollator *collator_get(int quiet)
{
	pthread_once(&collator_once, collator_init);
	if (!collator_master)
		return quiet ? NULL : (cus__error(CUS_ERROR, "util", NULL, "ICU's Polish collator cannot be opened: %s",
			u_errorName(collator_status)), NULL);
	icu_clones *c = clones_get();
	if (!c)
		return quiet ? NULL : (cus__error(CUS_ENOMEM, "util", NULL, "out of memory"), NULL);
	if (!c->collator) {
		UErrorCode st = U_ZERO_ERROR;
#if U_ICU_VERSION_MAJOR_NUM >= 71
		c->collator = ucol_clone(collator_master, &st);
#else
		c->collator = ucol_safeClone(collator_master, NULL, NULL, &st);
#endif
		if (U_FAILURE(st) || !c->collator) {
			if (c->collator)
				ucol_close(c->collator);
			c->collator = NULL;
			return quiet ? NULL : (cus__error(CUS_ERROR, "util", NULL, "ICU's collator cannot be cloned: %s",
				u_errorName(st)), NULL);
		}
	}
	return c->collator;
}

/* This thread's search-key transliterator, or NULL with the error recorded. */
static UTransliterator *translit_get(void)
{
	pthread_once(&translit_once, translit_init);
	if (!translit_master)
		return cus__error(CUS_ERROR, "util", NULL, "ICU's transliterator %s cannot be opened: %s",
			SEARCH_TRANSLIT, u_errorName(translit_status)), NULL;
	icu_clones *c = clones_get();
	if (!c)
		return cus__error(CUS_ENOMEM, "util", NULL, "out of memory"), NULL;
	if (!c->translit) {
		UErrorCode st = U_ZERO_ERROR;
		c->translit = utrans_clone(translit_master, &st);
		if (U_FAILURE(st) || !c->translit) {
			if (c->translit)
				utrans_close(c->translit);
			c->translit = NULL;
			return cus__error(CUS_ERROR, "util", NULL, "ICU's transliterator cannot be cloned: %s",
				u_errorName(st)), NULL;
		}
	}
	return c->translit;
}

/* ---- buffers ---- */

static void wipe_free(void *p, size_t size)
{
	if (p) {
		sodium_memzero(p, size);
		free(p);
	}
}

typedef struct {
	UChar *s;
	int32_t len, cap;
} ubuf;

static void ubuf_free(ubuf *b)
{
	wipe_free(b->s, (size_t)b->cap * sizeof(UChar));
	b->s = NULL;
	b->len = b->cap = 0;
}

static int ubuf_alloc(ubuf *b, int32_t cap)
{
	b->s = calloc((size_t)cap, sizeof(UChar));
	b->len = 0;
	b->cap = b->s ? cap : 0;
	return b->s ? 0 : cus__error(CUS_ENOMEM, "util", NULL, "out of memory");
}

/* Valid UTF-8 (checked by the caller) to UTF-16. A UTF-8 text never has more
 * UTF-16 units than bytes. */
static int to_utf16(ubuf *b, const char *in, size_t len)
{
	int rc = ubuf_alloc(b, (int32_t)len + 1);
	if (rc)
		return rc;
	UErrorCode st = U_ZERO_ERROR;
	u_strFromUTF8(b->s, b->cap, &b->len, in, (int32_t)len, &st);
	if (U_FAILURE(st)) {
		ubuf_free(b);
		return cus__error(CUS_ERROR, "util", NULL, "UTF-8 to UTF-16 conversion failed: %s", u_errorName(st));
	}
	return 0;
}

/* UTF-16 to a caller-owned UTF-8 string from cus__alloc. */
static int to_utf8_owned(char **out, const UChar *s, int32_t len)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t n = 0;
	u_strToUTF8(NULL, 0, &n, s, len, &st);
	if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st))
		return cus__error(CUS_ERROR, "util", NULL, "UTF-16 to UTF-8 conversion failed: %s", u_errorName(st));
	char *r = cus__alloc((size_t)n);
	if (!r)
		return cus__error(CUS_ENOMEM, "util", NULL, "out of memory");
	st = U_ZERO_ERROR;
	u_strToUTF8(r, n + 1, NULL, s, len, &st);
	if (U_FAILURE(st)) {
		cus_free(r);
		return cus__error(CUS_ERROR, "util", NULL, "UTF-16 to UTF-8 conversion failed: %s", u_errorName(st));
	}
	*out = r;
	return 0;
}

static int check_input(const char *in, size_t len, const char *field)
{
	if (!in)
		return cus__error(CUS_EINVAL, "util", field, "%s is missing", field);
	if (len > TEXT_MAX_BYTES)
		return cus__error(CUS_EINVAL, "util", field, "%s is longer than %zu bytes", field, TEXT_MAX_BYTES);
	if (!cus__utf8_valid(in, len))
		return cus__error(CUS_EINVAL, "util", field, "%s is not valid UTF-8", field);
	return 0;
}

static int is_ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 0;
	return 1;
}

/* The bidirectional embedding, override and isolate controls. */
static int is_bidi_control(UChar32 c)
{
	return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

/* White space for the ASCII fast paths: exactly the ASCII members of Unicode's
 * White_Space property, so both paths agree. */
static int ascii_space(unsigned char c)
{
	return c == ' ' || (c >= 0x09 && c <= 0x0D);
}

/* ---- normalisation ---- */

int cus__text_normalize_len(char **out, const char *in, size_t len, size_t max_chars, const char *field)
{
	if (!field)
		field = "text";
	if (!out)
		return cus__error(CUS_EINVAL, "util", field, "the output pointer is NULL");
	*out = NULL;
	int rc = check_input(in, len, field);
	if (rc)
		return rc;

	if (is_ascii(in, len)) { /* ASCII is NFC already: no ICU call */
		char *r = cus__alloc(len);
		if (!r)
			return cus__error(CUS_ENOMEM, "util", field, "out of memory");
		size_t n = 0;
		int space = 0;
		for (size_t i = 0; i < len; i++) {
			unsigned char c = (unsigned char)in[i];
			if (ascii_space(c)) {
				space = n > 0;
				continue;
			}
			if (c < 0x20 || c == 0x7F) {
				cus_free(r);
				return cus__error(CUS_EINVAL, "util", field,
					"%s contains a control character (U+%04X)", field, c);
			}
			if (space)
				r[n++] = ' ';
			space = 0;
			r[n++] = (char)c;
		}
		r[n] = '\0';
		if (max_chars && n > max_chars) {
			cus_free(r);
			return cus__error(CUS_EINVAL, "util", field, "%s is longer than %zu characters", field, max_chars);
		}
		*out = r;
		return 0;
	}

	ubuf src = { 0 }, nfc = { 0 }, res = { 0 };
	rc = to_utf16(&src, in, len);
	if (rc)
		return rc;
	UErrorCode st = U_ZERO_ERROR;
	const UNormalizer2 *norm = unorm2_getNFCInstance(&st);
	const ubuf *text = &src;
	if (U_SUCCESS(st) && unorm2_quickCheck(norm, src.s, src.len, &st) != UNORM_YES && U_SUCCESS(st)) {
		/* NFC can grow a string only a little; ask ICU for the exact size */
		int32_t need = unorm2_normalize(norm, src.s, src.len, NULL, 0, &st);
		if (st == U_BUFFER_OVERFLOW_ERROR)
			st = U_ZERO_ERROR;
		if (U_SUCCESS(st) && (rc = ubuf_alloc(&nfc, need + 1)) == 0)
			nfc.len = unorm2_normalize(norm, src.s, src.len, nfc.s, nfc.cap, &st);
		text = &nfc;
	}
	if (rc == 0 && U_FAILURE(st))
		rc = cus__error(CUS_ERROR, "util", field, "ICU's NFC normaliser failed: %s", u_errorName(st));
	if (rc == 0)
		rc = ubuf_alloc(&res, text->len + 1);
	if (rc == 0) {
		size_t chars = 0;
		int space = 0;
		for (int32_t i = 0; i < text->len && rc == 0;) {
			UChar32 c;
			U16_NEXT(text->s, i, text->len, c);
			if (u_isUWhiteSpace(c)) {
				space = res.len > 0;
				continue;
			}
			if (u_charType(c) == U_CONTROL_CHAR) {
				rc = cus__error(CUS_EINVAL, "util", field, "%s contains a control character (U+%04X)",
					field, (unsigned)c);
				break;
			}
			if (is_bidi_control(c)) {
				rc = cus__error(CUS_EINVAL, "util", field,
					"%s contains a bidirectional control character (U+%04X)", field, (unsigned)c);
				break;
			}
			if (space) {
				res.s[res.len++] = ' ';
				chars++;
			}
			space = 0;
			U16_APPEND_UNSAFE(res.s, res.len, c);
			chars++;
		}
		if (rc == 0 && max_chars && chars > max_chars)
			rc = cus__error(CUS_EINVAL, "util", field, "%s is longer than %zu characters", field, max_chars);
	}
	if (rc == 0)
		rc = to_utf8_owned(out, res.s, res.len);
	ubuf_free(&src);
	ubuf_free(&nfc);
	ubuf_free(&res);
	return rc;
}

int cus_text_normalize(char **out, const char *in, size_t max_chars, const char *field)
{
	return cus__text_normalize_len(out, in, in ? strlen(in) : 0, max_chars, field);
}

/* ---- search keys ---- */

/* Collapse white space and drop control characters in place. */
static void squeeze(ubuf *b)
{
	int32_t n = 0;
	int space = 0;
	for (int32_t i = 0; i < b->len;) {
		UChar32 c;
		U16_NEXT(b->s, i, b->len, c);
		if (u_isUWhiteSpace(c)) {
			space = n > 0;
			continue;
		}
		if (u_charType(c) == U_CONTROL_CHAR)
			continue;
		if (space)
			b->s[n++] = ' ';
		space = 0;
		U16_APPEND_UNSAFE(b->s, n, c); /* n never overtakes i */
	}
	b->len = n;
}

int cus__text_search_key_len(char **out, const char *in, size_t len)
{
	if (!out)
		return cus__error(CUS_EINVAL, "util", "text", "the output pointer is NULL");
	*out = NULL;
	int rc = check_input(in, len, "text");
	if (rc)
		return rc;

	if (is_ascii(in, len)) { /* ASCII needs only lower case: no ICU call */
		char *r = cus__alloc(len);
		if (!r)
			return cus__error(CUS_ENOMEM, "util", "text", "out of memory");
		size_t n = 0;
		int space = 0;
		for (size_t i = 0; i < len; i++) {
			unsigned char c = (unsigned char)in[i];
			if (ascii_space(c)) {
				space = n > 0;
				continue;
			}
			if (c < 0x20 || c == 0x7F)
				continue;
			if (space)
				r[n++] = ' ';
			space = 0;
			r[n++] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
		}
		r[n] = '\0';
		*out = r;
		return 0;
	}

	UTransliterator *t = translit_get();
	if (!t)
		return cus_error_last()->code;
	ubuf src = { 0 }, work = { 0 }, fold = { 0 };
	rc = to_utf16(&src, in, len);
	/* Transliteration may lengthen the text (ß → ss, other scripts → Latin):
	 * start with room for four times the input and retry larger. */
	for (int32_t cap = src.len * 4 + 16; rc == 0;) {
		ubuf_free(&work);
		if ((rc = ubuf_alloc(&work, cap)) != 0)
			break;
		memcpy(work.s, src.s, (size_t)src.len * sizeof(UChar));
		work.len = src.len;
		int32_t limit = work.len;
		UErrorCode st = U_ZERO_ERROR;
		utrans_transUChars(t, work.s, &work.len, work.cap, 0, &limit, &st);
		if (st == U_BUFFER_OVERFLOW_ERROR && cap < INT32_MAX / 4) {
			cap *= 4;
			continue;
		}
		if (U_FAILURE(st))
			rc = cus__error(CUS_ERROR, "util", "text", "ICU's transliterator failed: %s", u_errorName(st));
		break;
	}
	if (rc == 0) {
		UErrorCode st = U_ZERO_ERROR;
		int32_t need = u_strFoldCase(NULL, 0, work.s, work.len, U_FOLD_CASE_DEFAULT, &st);
		if (st == U_BUFFER_OVERFLOW_ERROR)
			st = U_ZERO_ERROR;
		if (U_SUCCESS(st) && (rc = ubuf_alloc(&fold, need + 1)) == 0)
			fold.len = u_strFoldCase(fold.s, fold.cap, work.s, work.len, U_FOLD_CASE_DEFAULT, &st);
		if (rc == 0 && U_FAILURE(st))
			rc = cus__error(CUS_ERROR, "util", "text", "ICU's case folding failed: %s", u_errorName(st));
	}
	if (rc == 0) {
		squeeze(&fold);
		rc = to_utf8_owned(out, fold.s, fold.len);
	}
	ubuf_free(&src);
	ubuf_free(&work);
	ubuf_free(&fold);
	return rc;
}

int cus_text_search_key(char **out, const char *in)
{
	return cus__text_search_key_len(out, in, in ? strlen(in) : 0);
}

/* ---- Polish collation ---- */

int cus_text_collation_key(unsigned char **out, size_t *len, const char *in)
{
	if (!out || !len)
		return cus__error(CUS_EINVAL, "util", "text", "the output pointer is NULL");
	*out = NULL;
	*len = 0;
	size_t n = in ? strlen(in) : 0;
	int rc = check_input(in, n, "text");
	if (rc)
		return rc;
	UCollator *col = collator_get(0);
	if (!col)
		return cus_error_last()->code;
	ubuf src = { 0 };
	if ((rc = to_utf16(&src, in, n)) != 0)
		return rc;
	/* the returned length counts the key's terminating 0 byte */
	int32_t klen = ucol_getSortKey(col, src.s, src.len, NULL, 0);
	unsigned char *key = klen > 0 ? cus__alloc((size_t)klen) : NULL;
	if (klen <= 0)
		rc = cus__error(CUS_ERROR, "util", "text", "ICU could not make a sort key");
	else if (!key)
		rc = cus__error(CUS_ENOMEM, "util", "text", "out of memory");
	else if (ucol_getSortKey(col, src.s, src.len, key, klen) != klen)
		rc = cus__error(CUS_ERROR, "util", "text", "ICU's sort key changed length");
	ubuf_free(&src);
	if (rc) {
		cus_free(key);
		return rc;
	}
	*out = key;
	*len = (size_t)klen - 1;
	return 0;
}

int cus_text_compare(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	UCollator *col = collator_get(1);
	UErrorCode st = U_ZERO_ERROR;
	UCollationResult r = col ? ucol_strcollUTF8(col, a, -1, b, -1, &st) : UCOL_EQUAL;
	if (!col || U_FAILURE(st)) { /* ICU unusable: byte order rather than no order */
		int c = strcmp(a, b);
		return (c > 0) - (c < 0);
	}
	return r == UCOL_LESS ? -1 : r == UCOL_GREATER ? 1 : 0;
}

/* ---- CP1250 ---- */

static pthread_once_t cp1250_once = PTHREAD_ONCE_INIT;
static UErrorCode cp1250_status = U_ZERO_ERROR;
/* UTF-8 of each byte, and its length; length 0 marks a byte that is refused */
static unsigned char cp1250_utf8[256][3];
static unsigned char cp1250_len[256];

static void cp1250_init(void)
{
	UErrorCode st = U_ZERO_ERROR;
	UConverter *cnv = ucnv_open("windows-1250", &st);
	if (U_FAILURE(st)) {
		cp1250_status = st;
		return;
	}
	ucnv_setToUCallBack(cnv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &st);
	for (int b = 1; b < 256 && U_SUCCESS(st); b++) {
		char in = (char)b;
		UChar u[4];
		UErrorCode s2 = U_ZERO_ERROR;
		ucnv_reset(cnv);
		int32_t n = ucnv_toUChars(cnv, u, 4, &in, 1, &s2);
		/* ICU maps the five bytes CP1250 leaves undefined to C1 controls */
		if (U_FAILURE(s2) || n != 1 || (u[0] >= 0x80 && u[0] <= 0x9F) || U16_IS_SURROGATE(u[0]))
			continue;
		unsigned c = u[0];
		if (c < 0x80) {
			cp1250_utf8[b][0] = (unsigned char)c;
			cp1250_len[b] = 1;
		} else if (c < 0x800) {
			cp1250_utf8[b][0] = (unsigned char)(0xC0 | c >> 6);
			cp1250_utf8[b][1] = (unsigned char)(0x80 | (c & 0x3F));
			cp1250_len[b] = 2;
		} else {
			cp1250_utf8[b][0] = (unsigned char)(0xE0 | c >> 12);
			cp1250_utf8[b][1] = (unsigned char)(0x80 | (c >> 6 & 0x3F));
			cp1250_utf8[b][2] = (unsigned char)(0x80 | (c & 0x3F));
			cp1250_len[b] = 3;
		}
	}
	if (U_FAILURE(st))
		cp1250_status = st;
	ucnv_close(cnv);
}

static int cp1250_ready(void)
{
	pthread_once(&cp1250_once, cp1250_init);
	if (U_FAILURE(cp1250_status))
		return cus__error(CUS_ERROR, "util", NULL, "ICU's windows-1250 converter cannot be opened: %s",
			u_errorName(cp1250_status));
	return 0;
}

static int cp1250_bad(const char *in, size_t i, size_t *bad_offset, const char *field)
{
	if (bad_offset)
		*bad_offset = i;
	unsigned char b = (unsigned char)in[i];
	return cus__error(CUS_EINVAL, "util", field, "byte %zu (0x%02X) is %s", i, b,
		b ? "not a character in Windows-1250 (CP1250)" : "a NUL byte");
}

int cus__cp1250_to_utf8(char *dst, const char *in, size_t len, size_t *out_len, size_t *bad_offset,
	const char *field)
{
	int rc = cp1250_ready();
	if (rc)
		return rc;
	if (!field)
		field = "text";
	unsigned char *d = (unsigned char *)dst;
	for (size_t i = 0; i < len; i++) {
		unsigned char b = (unsigned char)in[i];
		if (b < 0x80 && b) { /* ASCII maps to itself */
			*d++ = b;
			continue;
		}
		unsigned n = cp1250_len[b];
		if (!n) {
			dst[0] = '\0';
			if (out_len)
				*out_len = 0;
			return cp1250_bad(in, i, bad_offset, field);
		}
		memcpy(d, cp1250_utf8[b], n);
		d += n;
	}
	*d = '\0';
	if (out_len)
		*out_len = (size_t)(d - (unsigned char *)dst);
	return 0;
}

int cus_text_from_cp1250(char **out, size_t *out_len, const char *in, size_t len)
{
	if (!out)
		return cus__error(CUS_EINVAL, "util", "text", "the output pointer is NULL");
	*out = NULL;
	if (out_len)
		*out_len = 0;
	if (!in && len)
		return cus__error(CUS_EINVAL, "util", "text", "the input is NULL");
	int rc = cp1250_ready();
	if (rc)
		return rc;
	/* exact size first, so the result is not three times too large */
	size_t need = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned n = cp1250_len[(unsigned char)in[i]];
		if (!n)
			return cp1250_bad(in, i, NULL, "text");
		need += n;
	}
	char *r = cus__alloc(need);
	if (!r)
		return cus__error(CUS_ENOMEM, "util", "text", "out of memory");
	size_t n = 0;
	if (len)
		rc = cus__cp1250_to_utf8(r, in, len, &n, NULL, "text");
	else
		r[0] = '\0';
	if (rc) {
		cus_free(r);
		return rc;
	}
	*out = r;
	if (out_len)
		*out_len = n;
	return 0;
}
