/* The rights module's internals: a small tabular document (sections of
 * rows) written as JSON or XLSX, and the policy section `recipients`. */
#ifndef CUS_RIGHTS_INTERNAL_H
#define CUS_RIGHTS_INTERNAL_H

#include "cus/rights.h"
#include "../registry/internal.h"
#include "../access/monitoring.h"

/* ---- the document (doc.c) ---- */

typedef struct {
	char *text;     /* NULL: null */
	int number;     /* 1: n is the value */
	int64_t n;
} cus__rcell;

typedef struct {
	const char *key;                 /* JSON key (static) */
	const char *title;               /* worksheet name, <= 31 characters (static) */
	const char *keys[32];            /* column keys (JSON; static strings) */
	const char *heads[32];           /* column headers (Polish, XLSX; static strings) */
	size_t ncols;
	int single;                      /* one record: a JSON object, a vertical sheet */
	cus__rcell *cells;
	size_t nrows, cap;
} cus__rsheet;

typedef struct {
	cus__rsheet *sheets;
	size_t n, cap;
	const char *title;               /* the document's title (first row of every sheet is not it) */
} cus__rdoc;

/* A new section of at most 32 columns (the key and head strings must be
 * static); NULL on failure (error set). The pointer stays valid until the
 * next rdoc_sheet call. */
CUS__HIDDEN cus__rsheet *cus__rdoc_sheet(cus__rdoc *d, const char *key, const char *title,
	const char *const *keys, const char *const *heads, size_t ncols, int single);
/* Append an empty row. 0 or CUS_ENOMEM. */
CUS__HIDDEN int cus__rsheet_row(cus__rsheet *sh);
/* Set a cell of the last row: a copy of text (NULL: null) / a number / taken text (freed by the doc). */
CUS__HIDDEN int cus__rsheet_text(cus__rsheet *sh, size_t col, const char *text);
CUS__HIDDEN void cus__rsheet_num(cus__rsheet *sh, size_t col, int64_t n);
CUS__HIDDEN void cus__rsheet_take(cus__rsheet *sh, size_t col, char *text);
/* Write as JSON or XLSX (format CUS_FORMAT_*: AUTO from path's ending),
 * through a temporary file renamed into place: nothing is left on failure. */
CUS__HIDDEN int cus__rdoc_write(const cus__rdoc *d, const char *path, int format);
/* The format path + format give (CUS_FORMAT_JSON or _XLSX), or CUS_EINVAL. */
CUS__HIDDEN int cus__rdoc_format(const char *path, int format);
/* Wipe and release. */
CUS__HIDDEN void cus__rdoc_free(cus__rdoc *d);

/* ---- the policy section `recipients` (recipients.c) ---- */

typedef struct {
	const char *code, *name;
	const char *description;          /* or NULL */
	const char *legal_basis;          /* or NULL */
	const char *const *purposes;      /* the purposes whose data it receives; none: every purpose */
	size_t npurposes;
	const char *const *categories;    /* the categories it receives; none: not stated */
	size_t ncategories;
} cus__recipient;

CUS__HIDDEN size_t cus__policy_recipient_count(const cus__policy *p);
CUS__HIDDEN const cus__recipient *cus__policy_recipient(const cus__policy *p, size_t i);

/* The Polish name of a data category code. */
CUS__HIDDEN const char *cus__category_pl(const char *code);

/* The retention module: cus__retention_person_end() for the art. 15 export. */
#include "../retention/retention.h"

#endif
