/* Internal helpers shared by every module: errors, memory, small utilities. */
#ifndef CUS_UTIL_UTIL_H
#define CUS_UTIL_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "cus/common.h"

#define CUS__HIDDEN __attribute__((visibility("hidden")))

/* Record an error on this thread and return its code, so a caller can write
 * `return cus__error(CUS_EINVAL, "store", "login", "...")`. The message
 * must never contain personal data. */
CUS__HIDDEN int cus__error(int code, const char *module, const char *field,
	const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* The same with a position in an input file. */
CUS__HIDDEN int cus__error_at(int code, const char *module, const char *field,
	int line, int column, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Allocate caller-owned memory that cus_free() wipes and releases. */
CUS__HIDDEN void *cus__alloc(size_t size);
CUS__HIDDEN char *cus__strdup(const char *s);

/* Current UTC time as ISO 8601 "YYYY-MM-DDTHH:MM:SSZ" into buf (>= 21 bytes). */
CUS__HIDDEN void cus__utc_now(char buf[21]);

/* Read a whole file (at most max bytes) into a NUL-terminated buffer from
 * malloc. CUS_ENOTFOUND, CUS_EIO, or CUS_EINVAL when larger than max; field
 * names the input in errors. */
CUS__HIDDEN int cus__read_file(const char *path, size_t max, const char *field, char **out, size_t *len);

/* Is s valid UTF-8 (no NUL, no overlong forms or surrogates)? */
CUS__HIDDEN int cus__utf8_valid(const char *s, size_t len);

/* Hex encoding: out must hold 2*len + 1 bytes. */
CUS__HIDDEN void cus__hex(char *out, const unsigned char *in, size_t len);

/* ---- Values: dates, text, CP1250 (dates.c, text.c; public side in cus/util.h) ---- */
#include "cus/util.h"

/* Gregorian calendar arithmetic on cus_date, for modules that handle many
 * dates (eligibility, indicators). None of these records an error. */
CUS__HIDDEN int cus__is_leap(int year);
CUS__HIDDEN int cus__days_in_month(int year, int month); /* 0 for a bad month */
CUS__HIDDEN int cus__date_valid(cus_date d);            /* a real date in years 1-9999? */
/* Days since 1970-01-01 (negative before); d must be valid. */
CUS__HIDDEN int64_t cus__date_to_days(cus_date d);
/* The inverse; 0 and *out when the day lies in years 1-9999, -1 otherwise. */
CUS__HIDDEN int cus__date_from_days(int64_t days, cus_date *out);
/* Calendar months with the art. 112 end-of-month clamp; -1 when out of range. */
CUS__HIDDEN int cus__date_add_months(cus_date d, int64_t months, cus_date *out);
/* Completed years (art. 112: reached at the start of the anniversary day, 28
 * February for 29 February births in common years); -1 when on < birth. */
CUS__HIDDEN int cus__age(cus_date birth, cus_date on);
/* "YYYY-MM-DD" from len bytes (need not be NUL-terminated): 0, or -1 with a
 * static English reason in *why (which never quotes the input). */
CUS__HIDDEN int cus__date_parse(const char *s, size_t len, cus_date *out, const char **why);
CUS__HIDDEN void cus__date_format(char out[11], cus_date d);
CUS__HIDDEN int cus__date_cmp(cus_date a, cus_date b); /* <0, 0, >0 */

/* cus_text_normalize() and cus_text_search_key() on len bytes that need not be
 * NUL-terminated (a field of a CSV row); same rules and errors. */
CUS__HIDDEN int cus__text_normalize_len(char **out, const char *in, size_t len,
	size_t max_chars, const char *field);
CUS__HIDDEN int cus__text_search_key_len(char **out, const char *in, size_t len);

/* The fast path for converting many CP1250 strings (an import): a byte table
 * built once from ICU's converter, then no ICU call and no allocation per
 * string. dst must hold CUS__CP1250_UTF8_MAX(len) bytes; it receives the UTF-8
 * text and a NUL, *out_len its length. Returns 0; CUS_EINVAL (error recorded
 * with field, *bad_offset = the offset of the first undefined or 0 byte when
 * bad_offset is not NULL); CUS_ERROR when ICU's converter cannot be loaded. */
#define CUS__CP1250_UTF8_MAX(len) (3 * (len) + 1)
CUS__HIDDEN int cus__cp1250_to_utf8(char *dst, const char *in, size_t len, size_t *out_len,
	size_t *bad_offset, const char *field);

#endif
