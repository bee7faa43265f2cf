/* How a row of a case import names its person: by id (column "person",
 * "osoba") or by PESEL (column "pesel"), one of the two in each row; both may
 * be given, and must then agree. Internal to the import module. */
#ifndef CUS_IMPORT_PERSON_REF_H
#define CUS_IMPORT_PERSON_REF_H

#include "importer.h"
#include "../registry/registry.h"
#include "../util/u64map.h"

/* A PESEL-only row is validated with this stand-in id until the store pass
 * resolves the PESEL (it is never stored). */
#define CUS__IMPORT_PERSON_PENDING INT64_MAX

typedef struct {
	int f_person, f_pesel;        /* the fields of the two columns */
	cus__pesel_cache *cache;      /* the store pass's PESEL lookups (created on the first) */
	int64_t resolved;             /* PESELs resolved */
	int restrictions_loaded;      /* the store pass read the art. 18 restrictions: */
	int sees_restricted;          /* the session's purpose is exempt, or */
	cus__u64map restricted;       /* the persons restricted (few: read once, not per row) */
} cus__person_ref;

/* Run an import whose state (ctx) starts with a cus__person_ref, for the
 * given person and pesel fields; the reference's cache is freed after. */
CUS__HIDDEN int cus__person_ref_run(cus_import_report **report, cus_session *s, const char *path,
	const cus_import_options *opts, const cus__import_spec *spec, cus__person_ref *ctx, int f_person, int f_pesel);

/* A header callback's check for such imports: a person or pesel column, and
 * each of the n required fields (reported at the header). 0; 1; < 0. */
CUS__HIDDEN int cus__person_ref_header(cus__import *im, const int *required, size_t n);

/* A store_end callback for such imports: frees the PESEL cache (what it holds
 * is only valid within the operation) and returns rc. */
CUS__HIDDEN int cus__person_ref_store_end(cus__import *im, int rc);

/* The reference of a row, without the database: *id the id given, or
 * CUS__IMPORT_PERSON_PENDING for a PESEL alone. 0; 1 when bad (reported when
 * report is set); < 0 a failure. */
CUS__HIDDEN int cus__person_ref_parse(cus__import *im, const cus__person_ref *r, const char *const *v, int report,
	int64_t *id);

/* In the store pass: the person the row names. 0 and *id;
 * CUS__IMPORT_ROW_REJECTED (no such PESEL, or a PESEL of another person than
 * the id given: reported); < 0 a failure. */
CUS__HIDDEN int cus__person_ref_resolve(cus__import *im, cus__person_ref *r, const char *const *v, int64_t *id);

CUS__HIDDEN void cus__person_ref_free(cus__person_ref *r);

#endif
