/* Shared internals of the registry module (not for other modules: they use
 * registry.h). */
#ifndef CUS_REGISTRY_INTERNAL_H
#define CUS_REGISTRY_INTERNAL_H

#include "registry.h"
#include "../store/store.h"

/* Sub-keys (docs/FORMAT.md, "The register of persons"). */
#define CUS__KDF_CTX_BLIND "CUSblind"  /* master -> BLAKE2b key of the PESEL blind index, id 1 */
#define CUS__KDF_ID_BLIND 1
#define CUS__KDF_CTX_FIELD "CUSfield"  /* person data key -> field key, id = category index */

/* Bits kept of the PESEL blind index (12; tests may lower it to force
 * collisions; the stored index is only valid for the width it was made with). */
#define CUS__BLIND_BITS 12
CUS__HIDDEN extern int cus__registry_blind_bits;

/* A person's data key, loaded for one operation (wiped after). */
typedef struct {
	int64_t person;
	unsigned char key[CUS__PERSON_KEY_BYTES];
	int loaded;
} cus__pkey;

CUS__HIDDEN int cus__pkey_load(cus_db *db, int64_t person, cus__pkey *k);
CUS__HIDDEN void cus__pkey_wipe(cus__pkey *k);

/* Seal text (NUL-terminated) of a field in category (code) into a malloc'd
 * blob nonce || ciphertext. */
CUS__HIDDEN int cus__field_seal(unsigned char **blob, size_t *len, cus_db *db, const cus__pkey *k,
	const char *category, const char *table, const char *column, int64_t row, int64_t version,
	const char *text);

/* Open a sealed blob into a malloc'd NUL-terminated string. NULL blob
 * (absent field) gives *out = NULL and 0. CUS_EINTEGRITY when it does not
 * open. */
CUS__HIDDEN int cus__field_open(char **out, cus_db *db, const cus__pkey *k, const char *category,
	const char *table, const char *column, int64_t row, int64_t version, const void *blob, size_t len);

/* The blind index of a PESEL. */
CUS__HIDDEN int64_t cus__pesel_blind(cus_db *db, const char *pesel);

/* Free a string, wiping it first. */
CUS__HIDDEN void cus__wipe_free(char *s);

/* Bind a string or NULL / a blob or NULL. */
CUS__HIDDEN void cus__bind_text_or_null(sqlite3_stmt *st, int i, const char *s);

/* Today's date in UTC, "YYYY-MM-DD". */
CUS__HIDDEN void cus__today(char out[11]);

/* Validate a change to a person: fields given (non-NULL) are checked and
 * normalised into f; absent ones stay NULL. "" clears an optional field
 * (f gets ""). */
CUS__HIDDEN int cus__person_validate_update(const cus_person_input *in, cus__person_fields *f);

/* Find the person with that (valid, normalised) PESEL: *id, or 0 when none
 * (shredded persons cannot be compared and are skipped). skip: an id not
 * to consider (the person being updated), or 0. */
CUS__HIDDEN int cus__pesel_find(cus_db *db, const char *pesel, int64_t skip, int64_t *id);

/* The ordinary error for a person id that does not exist. */
CUS__HIDDEN int cus__person_exists(cus_db *db, int64_t id);


/* Art. 16 (history.c): inside cus_person_update's operation, after the row
 * was rewritten, store every field whose value old -> n changes, the old
 * value sealed under the person's key k, with the session's user, the time
 * and the reason (sealed; NULL: none). */
CUS__HIDDEN int cus__person_history_add(cus_session *s, const cus__pkey *k, const cus_person *old,
	const cus__person_fields *n, const char *reason);

#endif
