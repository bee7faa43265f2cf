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

/* Hex encoding: out must hold 2*len + 1 bytes. */
CUS__HIDDEN void cus__hex(char *out, const unsigned char *in, size_t len);

#endif
