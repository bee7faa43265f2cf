/* The error model: thread-local last error, names and descriptions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "util.h"

static _Thread_local char tl_message[512];
static _Thread_local char tl_field[96];
static _Thread_local cus_error tl_error = { CUS_OK, "", "", NULL, 0, 0 };

static int error_vset(int code, const char *module, const char *field,
	int line, int column, const char *fmt, va_list ap)
{
	/* Format aside first: an argument may be the current message itself
	 * (re-raising an error with another module or field). */
	char tmp[sizeof tl_message];
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	memcpy(tl_message, tmp, sizeof tl_message);
	tl_error.code = code;
	tl_error.module = module ? module : "";
	tl_error.message = tl_message;
	if (field) {
		char ftmp[sizeof tl_field];
		snprintf(ftmp, sizeof ftmp, "%s", field);
		memcpy(tl_field, ftmp, sizeof tl_field);
		tl_error.field = tl_field;
	} else {
		tl_error.field = NULL;
	}
	tl_error.line = line;
	tl_error.column = column;
	return code;
}

int cus__error(int code, const char *module, const char *field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	error_vset(code, module, field, 0, 0, fmt, ap);
	va_end(ap);
	return code;
}

int cus__error_at(int code, const char *module, const char *field,
	int line, int column, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	error_vset(code, module, field, line, column, fmt, ap);
	va_end(ap);
	return code;
}

const cus_error *cus_error_last(void)
{
	return &tl_error;
}

void cus_error_clear(void)
{
	tl_error.code = CUS_OK;
	tl_error.module = "";
	tl_message[0] = '\0';
	tl_error.message = tl_message;
	tl_error.field = NULL;
	tl_error.line = tl_error.column = 0;
}

static const struct {
	int code;
	const char *name;
	const char *text;
} error_table[] = {
	{ CUS_OK, "CUS_OK", "success" },
	{ CUS_ERROR, "CUS_ERROR", "internal error" },
	{ CUS_EINVAL, "CUS_EINVAL", "invalid argument or input" },
	{ CUS_ENOMEM, "CUS_ENOMEM", "out of memory" },
	{ CUS_EIO, "CUS_EIO", "input/output error" },
	{ CUS_ENOTFOUND, "CUS_ENOTFOUND", "not found" },
	{ CUS_EEXISTS, "CUS_EEXISTS", "already exists" },
	{ CUS_EKEY, "CUS_EKEY", "wrong passphrase or key" },
	{ CUS_ENOTDB, "CUS_ENOTDB", "not a libcus database" },
	{ CUS_EKEYSTORE, "CUS_EKEYSTORE", "key store damaged" },
	{ CUS_EVERSION, "CUS_EVERSION", "database format newer than this library" },
	{ CUS_EDENIED, "CUS_EDENIED", "access denied" },
	{ CUS_EINTEGRITY, "CUS_EINTEGRITY", "integrity violation detected" },
	{ CUS_ESHREDDED, "CUS_ESHREDDED", "data erased: its key was destroyed" },
	{ CUS_EBUSY, "CUS_EBUSY", "database is busy" },
	{ CUS_ECRYPTO, "CUS_ECRYPTO", "cryptographic library unavailable" },
	{ CUS_ENOTAPPROVED, "CUS_ENOTAPPROVED", "disposal not approved" },
	{ CUS_EHOLD, "CUS_EHOLD", "under a legal hold" },
	{ CUS_EARCHIVAL, "CUS_EARCHIVAL", "archival records (category A) are never destroyed" },
	{ CUS_EAPPRAISAL, "CUS_EAPPRAISAL", "category BE records need appraisal" },
	{ CUS_ERETAINED, "CUS_ERETAINED", "the retention period has not ended" },
	{ CUS_ITEROVER, "CUS_ITEROVER", "no more items" },
};

const char *cus_error_name(int code)
{
	for (size_t i = 0; i < sizeof error_table / sizeof error_table[0]; i++)
		if (error_table[i].code == code)
			return error_table[i].name;
	return "CUS_UNKNOWN";
}

const char *cus_strerror(int code)
{
	for (size_t i = 0; i < sizeof error_table / sizeof error_table[0]; i++)
		if (error_table[i].code == code)
			return error_table[i].text;
	return "unknown error";
}

const char *cus_version(void)
{
	return CUS_VERSION_STRING;
}

int cus_version_number(void)
{
	return CUS_VERSION_MAJOR * 10000 + CUS_VERSION_MINOR * 100 + CUS_VERSION_PATCH;
}

/* Caller-owned buffers carry their size in a header so they can be wiped. */
typedef struct {
	size_t size;
	size_t pad; /* keeps the payload 16-byte aligned */
} alloc_header;

void *cus__alloc(size_t size)
{
	alloc_header *h = calloc(1, sizeof *h + size + 1);
	if (!h)
		return NULL;
	h->size = size + 1;
	return h + 1;
}

char *cus__strdup(const char *s)
{
	size_t n = strlen(s);
	char *p = cus__alloc(n);
	if (p)
		memcpy(p, s, n + 1);
	return p;
}

void cus_free(void *ptr)
{
	if (!ptr)
		return;
	alloc_header *h = (alloc_header *)ptr - 1;
	sodium_memzero(ptr, h->size);
	free(h);
}

void cus__utc_now(char buf[21])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void cus__hex(char *out, const unsigned char *in, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < len; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * len] = '\0';
}
