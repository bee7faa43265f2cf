/* cus__u64map: see u64map.h. */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "u64map.h"

static size_t slot_of(uint64_t k, size_t cap)
{
	return (size_t)((k * 0x9E3779B97F4A7C15ull) >> 17) & (cap - 1);
}

static void wipe_free(void *p, size_t len)
{
	if (p) {
		sodium_memzero(p, len);
		free(p);
	}
}

static int grow(cus__u64map *m)
{
	size_t cap = m->cap ? 2 * m->cap : 1024;
	uint64_t *keys = calloc(cap, sizeof *keys);
	int64_t *vals = calloc(cap, sizeof *vals);
	if (!keys || !vals) {
		free(keys);
		free(vals);
		return cus__error(CUS_ENOMEM, "util", NULL, "out of memory");
	}
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->keys[i])
			continue;
		size_t j = slot_of(m->keys[i], cap);
		while (keys[j])
			j = (j + 1) & (cap - 1);
		keys[j] = m->keys[i];
		vals[j] = m->vals[i];
	}
	wipe_free(m->keys, m->cap * sizeof *m->keys);
	wipe_free(m->vals, m->cap * sizeof *m->vals);
	m->keys = keys;
	m->vals = vals;
	m->cap = cap;
	return 0;
}

/* The slot holding k, or the empty one where it would go (cap > 0). */
static size_t probe(const cus__u64map *m, uint64_t k)
{
	size_t j = slot_of(k, m->cap);
	while (m->keys[j] && m->keys[j] != k)
		j = (j + 1) & (m->cap - 1);
	return j;
}

int cus__u64map_put(cus__u64map *m, uint64_t key, int64_t val, int64_t *old)
{
	uint64_t k = key + 1;
	if (2 * (m->n + 1) > m->cap) {
		int rc = grow(m);
		if (rc)
			return rc;
	}
	size_t j = probe(m, k);
	if (m->keys[j]) {
		if (old)
			*old = m->vals[j];
		return 1;
	}
	m->keys[j] = k;
	m->vals[j] = val;
	m->n++;
	return 0;
}

int cus__u64map_set(cus__u64map *m, uint64_t key, int64_t val)
{
	int64_t old = 0;
	int rc = cus__u64map_put(m, key, val, &old);
	if (rc == 1)
		m->vals[probe(m, key + 1)] = val;
	return rc;
}

int cus__u64map_get(const cus__u64map *m, uint64_t key, int64_t *val)
{
	if (!m->cap)
		return 0;
	size_t j = probe(m, key + 1);
	if (!m->keys[j])
		return 0;
	if (val)
		*val = m->vals[j];
	return 1;
}

void cus__u64map_free(cus__u64map *m)
{
	wipe_free(m->keys, m->cap * sizeof *m->keys);
	wipe_free(m->vals, m->cap * sizeof *m->vals);
	memset(m, 0, sizeof *m);
}

uint64_t cus__u64_digits_key(const char *digits)
{
	uint64_t k = 1;
	for (const char *p = digits; *p; p++)
		k = k * 10 + (uint64_t)(*p - '0');
	return k;
}
