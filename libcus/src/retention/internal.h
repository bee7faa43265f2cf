/* Internals shared by the files of the retention module. */
#ifndef CUS_RETENTION_INTERNAL_H
#define CUS_RETENTION_INTERNAL_H

#include "retention.h"

/* Today (UTC), YYYY-MM-DD. */
CUS__HIDDEN void cus__retention_today(char out[11]);

/* as_of validated into out (NULL: today); CUS_EINVAL field "as_of". */
CUS__HIDDEN int cus__retention_as_of(const char *as_of, char out[11]);

/* The sweep without a session (inside the caller's operation, or a bench). */
CUS__HIDDEN int cus__retention_sweep(cus_retention_iter **out, cus_db *db, const cus__policy *p, int32_t as_of);

/* The i-th item of a sweep, or NULL. */
CUS__HIDDEN const cus_retention_item *cus__retention_at(const cus_retention_iter *it, size_t i);

#endif
