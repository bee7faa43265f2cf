/*
 * The engine every CSV import runs on (internal to the import module).
 *
 * An import is a table: the columns it knows (canonical names, index = field
 * number, and aliases compared after cus_text_search_key, so case and accents
 * do not matter and a space or '-' counts as '_'), the audit action and the
 * categories it writes, and callbacks for what is particular to it (required
 * columns, checking one row, storing one row). The engine does the rest, the
 * same for every import (include/cus/import.h):
 *   - the arguments and options, the report;
 *   - the permission check (write on every category, a denial audited)
 *     before the file is read;
 *   - three streaming passes: the scan (encoding, rows, a BLAKE2b
 *     fingerprint), the check (header, then each row's fields as UTF-8,
 *     trimmed, NULL when empty: check() reports what is wrong with it), and,
 *     when the file has no bad row, the store pass in one audited operation
 *     (store() validates the row again and stores it; a row rejected only the
 *     database can judge is reported and the pass goes on, then everything
 *     is rolled back); a file whose fingerprint changes between passes is
 *     refused (CUS_EIO);
 *   - progress every CUS__IMPORT_PROGRESS_EVERY rows and at the end of each
 *     pass.
 * With list_all, the store pass also runs over a file the check found bad
 * rows in (skipping those, rolled back in the end), so that the rows only the
 * database can judge (a person who does not exist, a date no qualification
 * covers) are listed in the same report; the report is then sorted by line.
 */
#ifndef CUS_IMPORT_IMPORTER_H
#define CUS_IMPORT_IMPORTER_H

#include "cus/import.h"
#include "csv.h"
#include "../access/access.h"

#define CUS__IMPORT_ERRORS_KEPT 1000
#define CUS__IMPORT_PROGRESS_EVERY 1000
#define CUS__IMPORT_CACHE_MAX (256u << 20)

/* What store() returns besides 0 and an error. */
enum {
	CUS__IMPORT_ROW_BAD = 1,      /* the row no longer passes the check (no report: the engine decides) */
	CUS__IMPORT_ROW_REJECTED = 2  /* refused while storing, reported with cus__import_error(); go on */
};

typedef struct {
	const char *name;
	int field;
} cus__import_alias;

typedef struct cus__import cus__import;

typedef struct {
	const char *action;             /* audit action: "person.import" */
	const char *object;             /* audit object type: "person" */
	const char *const *categories;  /* written (each checked for write before reading); NULL-terminated */
	const char *categories_list;    /* the same, comma-separated, for the audit entry */
	const char *const *fields;      /* canonical column names; the index is the field number */
	int nfields;
	const cus__import_alias *aliases;
	size_t naliases;
	const char *known;              /* the columns as a header message lists them */
	int list_all;                   /* see above */
	/* Bytes of page cache the store pass wants per row (0: the connection's
	 * own): rows that land all over an index (deliveries by person) make a
	 * large store pass read, decrypt and spill the same pages again and again
	 * when the index does not fit. The cache is raised for the store pass only
	 * (at most CUS__IMPORT_CACHE_MAX) and set back after. */
	unsigned cache_per_row;
	/* After the file is opened, before it is read (may be NULL). */
	int (*start)(cus__import *im);
	/* The header is mapped (cus__import_has): report missing required columns;
	 * 0, 1 when bad, < 0 a failure. */
	int (*header)(cus__import *im);
	/* One row of the check pass (values by field, NULL when empty or absent):
	 * report each error with cus__import_error(); 0, or < 0 for a failure that
	 * is not the row's. */
	int (*check)(cus__import *im, const char *const *v);
	/* The store pass, inside the operation (may be NULL). */
	int (*store_begin)(cus__import *im);
	/* One row: 0 stored; CUS__IMPORT_ROW_BAD; CUS__IMPORT_ROW_REJECTED; < 0. */
	int (*store)(cus__import *im, const char *const *v);
	/* The end of the store pass with its result (may be NULL): returns the result. */
	int (*store_end)(cus__import *im, int rc);
	/* The error for n rows rejected while storing (NULL: the general "N errors
	 * in the file" one). */
	int (*rejected)(cus__import *im, int64_t n);
} cus__import_spec;

struct cus__import {
	cus_session *s;
	const cus__import_spec *spec;
	void *ctx;                   /* the import's own state */
	int64_t line;                /* where the current row (or the header) starts */
	/* the engine's */
	struct cus__import_report *rep;
	const cus_import_options *opts;
	cus__csv csv;
	int cp1250;
	int utf8_known;              /* the whole file is valid UTF-8 */
	int *col;                    /* column of each field, or -1 */
	char **val;                  /* values of the current row by field */
	size_t ncols;
	unsigned char *unnamed;      /* per column: 1 when the header leaves it unnamed (must stay empty) */
	char *conv;                  /* CP1250 -> UTF-8 of the current record */
	size_t conv_cap;
	uint64_t total;              /* data rows, from the scan */
	int fatal;                   /* the check stopped at a record that cannot be read */
	int tolerant;                /* the store pass skips rows the check found bad */
};

/* Run an import of path described by spec (ctx: the import's state, in im->ctx). */
CUS__HIDDEN int cus__import_run(cus_import_report **report, cus_session *s, const char *path,
	const cus_import_options *opts, const cus__import_spec *spec, void *ctx);

/* Report an error of the current row (or header) at im->line. The field is
 * a column name or "(row)" / "(header)" (NULL: "(row)"); a message that starts
 * with "field: " (a validator's) loses that prefix. 0 or CUS_ENOMEM. */
CUS__HIDDEN int cus__import_error(cus__import *im, const char *field, const char *message);
CUS__HIDDEN int cus__import_errorf(cus__import *im, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The same with cus_error_last()'s field (or dflt when it has none) and message. */
CUS__HIDDEN int cus__import_error_last(cus__import *im, const char *dflt);

/* Is the field's column in the header? */
static inline int cus__import_has(const cus__import *im, int field)
{
	return im->col[field] >= 0;
}

/* An error of a row that only the database could find (no such person, a
 * person erased, no qualification covering the date): reported from
 * cus_error_last(), CUS__IMPORT_ROW_REJECTED. Any other code is returned as
 * it is (a failure). */
CUS__HIDDEN int cus__import_reject(cus__import *im, int rc);

/* Report each of the n fields whose column the header lacks ("the header
 * has no X column"). 0; 1 when one is missing; < 0 a failure. */
CUS__HIDDEN int cus__import_require(cus__import *im, const int *fields, size_t n);

/* The error for a file that changed between the passes. */
CUS__HIDDEN int cus__import_changed(void);

/* "D.M.YYYY" (how Polish Excel writes a date) into "YYYY-MM-DD" in out; other
 * text is returned as it is, for the validator. */
CUS__HIDDEN const char *cus__import_date(const char *s, char out[11]);

/* A whole number in 1..INT64_MAX (an id): 0 and *out; CUS_EINVAL (no error recorded). */
CUS__HIDDEN int cus__import_id(const char *s, int64_t *out);

/* A whole number in lo..hi: 0 and *out; CUS_EINVAL (no error recorded). */
CUS__HIDDEN int cus__import_int(const char *s, long lo, long hi, long *out);

#endif
