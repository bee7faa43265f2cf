/* Internal policy model: parsing, validation, storage and the permission
 * table the access module consults. */
#ifndef CUS_POLICY_POLICY_H
#define CUS_POLICY_POLICY_H

#include "cus/policy.h"
#include "../store/store.h"

typedef struct cus__policy cus__policy;

/* The schema of the policy tables (migration in store/migrations.c). */
CUS__HIDDEN extern const char cus__schema_policy[];

/* Category code <-> index (0 .. CUS_CATEGORY_COUNT-1); -1 when unknown. */
CUS__HIDDEN int cus__category_index(const char *name);

/* Parse and validate a policy text. On failure, the error names the source,
 * line, column and key. *out may be NULL when only checking. */
CUS__HIDDEN int cus__policy_parse(cus__policy **out, const char *source, const char *yaml, size_t len);
CUS__HIDDEN void cus__policy_free(cus__policy *p);

/* Store a validated policy text as the next version, inside the caller's
 * transaction; refreshes the handle's cached active policy after commit. */
CUS__HIDDEN int cus__policy_store(cus_db *db, const char *source, const char *yaml, size_t len,
	const char *loaded_by, int64_t *version);

/* The active policy, parsed once and cached in the db handle.
 * CUS_ENOTFOUND when none is loaded. */
CUS__HIDDEN int cus__policy_active(cus_db *db, const cus__policy **out);

/* Forget the cached policy (after a rollback or a new load). */
CUS__HIDDEN void cus__policy_cache_clear(cus_db *db);

CUS__HIDDEN int64_t cus__policy_version(const cus__policy *p);
CUS__HIDDEN int cus__policy_has_purpose(const cus__policy *p, const char *purpose);
CUS__HIDDEN const char *cus__policy_legal_basis(const cus__policy *p, const char *purpose);
CUS__HIDDEN int cus__policy_has_role(const cus__policy *p, const char *role);
/* 1 when role may do every op of ops on category (index) for purpose. */
CUS__HIDDEN int cus__policy_role_allows(const cus__policy *p, const char *role, int category, unsigned ops,
	const char *purpose);
/* 1 when role has at least one permission for purpose. */
CUS__HIDDEN int cus__policy_role_has_purpose(const cus__policy *p, const char *role, const char *purpose);

#endif
