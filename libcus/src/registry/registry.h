/* Internal registry API: what the import module (bulk) and later modules
 * (retention, rights, cases) use. Implemented in libcus/src/registry/. */
#ifndef CUS_REGISTRY_REGISTRY_H
#define CUS_REGISTRY_REGISTRY_H

#include "cus/registry.h"
#include "../access/access.h"

/* The schema of the registry tables (migration 5 in store/migrations.c). */
CUS__HIDDEN extern const char cus__schema_registry[];

/* A person's input after validation and normalisation: every string owned
 * (malloc'd, wiped on free), birth date and sex derived from the PESEL. */
typedef struct {
	char *pesel, *first_names, *last_name, *birth_date, *address, *phone, *email, *financial, *teryt,
		*registered;
	char sex;
} cus__person_fields;

/* Validate and normalise one person's input for an add (all required fields
 * present). On failure the error names the field (cus_error_last()->field)
 * and *f is left empty. default_teryt: used when in->teryt is NULL. */
CUS__HIDDEN int cus__person_validate(const cus_person_input *in, const char *default_teryt,
	cus__person_fields *f);
CUS__HIDDEN void cus__person_fields_free(cus__person_fields *f);

/* Bulk insertion, for imports. Inside an operation opened with
 * cus__access_begin (write on basic, contact, financial): batch_begin opens
 * a key-store transaction for the new persons' data keys; each insert makes
 * a data key, seals the fields and inserts the row (no audit entry of its
 * own: the import's entry covers it); batch_end commits the key store (rc
 * == 0, before the database commits) or rolls it back. A crash between the
 * two commits leaves only orphan keys in the key store, never a person
 * without a key. CUS_EEXISTS for a PESEL already registered (or twice in one
 * batch). */
CUS__HIDDEN int cus__person_batch_begin(cus_session *s);
CUS__HIDDEN int cus__person_insert(cus_session *s, const cus__person_fields *f, int64_t *id);
CUS__HIDDEN int cus__person_batch_end(cus_session *s, int rc);

/* Destroy a person's data key (crypto-shredding; for retention and rights).
 * Their sealed fields then read as CUS_ESHREDDED everywhere. */
CUS__HIDDEN int cus__person_key_destroy(cus_db *db, int64_t person);

/* The pseudonymous subject id of a person in the audit log: "p-<id>". */
CUS__HIDDEN void cus__person_subject(char out[32], int64_t person);

/* PESEL lookups for bulk work (imports), inside one operation. The blind
 * index files persons under 2^12 buckets, so one cus__pesel_find() opens the
 * ~N/4096 candidates of its bucket; the cache opens each bucket once, on the
 * first PESEL that falls in it, and keeps the PESELs it opened (as numbers,
 * wiped when freed) with their ids, so M lookups open at most
 * min(M, 4096) * N/4096 <= N candidates. Shredded persons are skipped, as by
 * cus__pesel_find(). Free the cache before the operation ends: what it holds
 * is only valid within it (persons added meanwhile are not seen). */
typedef struct cus__pesel_cache cus__pesel_cache;
CUS__HIDDEN int cus__pesel_cache_new(cus__pesel_cache **out, cus_db *db);
/* *id: the person with that (valid, normalised) PESEL, or 0 when none. */
CUS__HIDDEN int cus__pesel_cache_find(cus__pesel_cache *c, const char *pesel, int64_t *id);
/* Candidates opened so far (for benchmarks and tests). */
CUS__HIDDEN int64_t cus__pesel_cache_opened(const cus__pesel_cache *c);
CUS__HIDDEN void cus__pesel_cache_free(cus__pesel_cache *c);


/* cus_person_update() with the reason of a rectification (art. 16; NULL:
 * none), kept sealed with the replaced values (cus_person_history()). */
CUS__HIDDEN int cus__person_update_reason(cus_session *s, int64_t id, const cus_person_input *changes,
	const char *reason);

#endif
