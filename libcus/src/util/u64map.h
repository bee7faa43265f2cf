/* A map of 64-bit keys to 64-bit values (open addressing, linear probing),
 * for bulk work that must remember what it has seen without a database
 * query per row: the PESELs of an import, the candidates a blind index
 * bucket opened. The keys may stand for personal data (a PESEL as a number):
 * the tables are wiped when they grow and when freed. */
#ifndef CUS_UTIL_U64MAP_H
#define CUS_UTIL_U64MAP_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

typedef struct {
	uint64_t *keys;   /* key + 1; 0 = empty */
	int64_t *vals;
	size_t cap, n;    /* cap a power of two, or 0 */
} cus__u64map;

#define CUS__U64MAP_INIT { NULL, NULL, 0, 0 }

/* Put key -> val unless key is there. 1 and *old (may be NULL) the value
 * already there (kept); 0 when added; CUS_ENOMEM. key must not be
 * UINT64_MAX. */
CUS__HIDDEN int cus__u64map_put(cus__u64map *m, uint64_t key, int64_t val, int64_t *old);

/* Put key -> val, replacing a value already there: 1 when replaced, 0
 * when added; CUS_ENOMEM. */
CUS__HIDDEN int cus__u64map_set(cus__u64map *m, uint64_t key, int64_t val);

/* 1 and *val (may be NULL) when key is there, else 0. */
CUS__HIDDEN int cus__u64map_get(const cus__u64map *m, uint64_t key, int64_t *val);

/* Wipe and release; the map is empty (and reusable) after. */
CUS__HIDDEN void cus__u64map_free(cus__u64map *m);

/* A string of 1 to 19 decimal digits as a number that keeps leading zeros
 * apart ("012" != "12"): a key for cus__u64map. */
CUS__HIDDEN uint64_t cus__u64_digits_key(const char *digits);

#endif
