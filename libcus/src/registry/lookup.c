/* PESEL resolution for bulk work (imports): a blind index bucket is opened
 * once, its candidates' PESELs kept in memory for the rest of the operation.
 * See cus__pesel_cache in registry.h. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "../util/u64map.h"

struct cus__pesel_cache {
	cus_db *db;
	sqlite3_stmt *st;
	cus__u64map ids;      /* PESEL (cus__u64_digits_key) -> person id */
	cus__u64map buckets;  /* blind index values opened -> 1 */
	int64_t opened;       /* candidates opened */
};

int cus__pesel_cache_new(cus__pesel_cache **out, cus_db *db)
{
	*out = calloc(1, sizeof **out);
	if (!*out)
		return cus__error(CUS_ENOMEM, "registry", NULL, "out of memory");
	(*out)->db = db;
	return 0;
}

/* Open every candidate of a bucket into c->ids. */
static int load_bucket(cus__pesel_cache *c, int64_t bucket)
{
	cus_db *db = c->db;
	int rc;
	if (!c->st && (rc = sqlite3_prepare_v2(cus__db_sql(db),
		     "SELECT id, version, pesel FROM persons WHERE pesel_index = ?1", -1, &c->st, NULL)) != SQLITE_OK)
		return cus__sql_error(cus__db_sql(db), rc, "looking up PESELs");
	sqlite3_reset(c->st);
	sqlite3_bind_int64(c->st, 1, bucket);
	cus__pkey k = { 0 };
	rc = 0;
	int src;
	while (!rc && (src = sqlite3_step(c->st)) == SQLITE_ROW) {
		int64_t cand = sqlite3_column_int64(c->st, 0);
		int krc = cus__pkey_load(db, cand, &k);
		if (krc == CUS_ESHREDDED) { /* cannot be compared: as in cus__pesel_find */
			cus_error_clear();
			continue;
		}
		if (krc) {
			rc = krc;
			break;
		}
		char *p = NULL;
		rc = cus__field_open(&p, db, &k, "basic", "persons", "pesel", cand, sqlite3_column_int64(c->st, 1),
			sqlite3_column_blob(c->st, 2), (size_t)sqlite3_column_bytes(c->st, 2));
		c->opened++;
		size_t n = p ? strlen(p) : 0;
		if (!rc && n >= 1 && n <= 18 && strspn(p, "0123456789") == n) {
			int put = cus__u64map_put(&c->ids, cus__u64_digits_key(p), cand, NULL);
			if (put < 0)
				rc = put;
		}
		cus__wipe_free(p);
	}
	if (!rc && src != SQLITE_DONE)
		rc = cus__sql_error(cus__db_sql(db), src, "looking up PESELs");
	cus__pkey_wipe(&k);
	sqlite3_reset(c->st);
	if (!rc && (rc = cus__u64map_put(&c->buckets, (uint64_t)bucket, 1, NULL)) > 0)
		rc = 0;
	return rc;
}

int cus__pesel_cache_find(cus__pesel_cache *c, const char *pesel, int64_t *id)
{
	*id = 0;
	size_t n = strlen(pesel);
	if (n < 1 || n > 18 || strspn(pesel, "0123456789") != n)
		return cus__error(CUS_EINVAL, "registry", "pesel", "not a PESEL");
	int64_t bucket = cus__pesel_blind(c->db, pesel);
	if (!cus__u64map_get(&c->buckets, (uint64_t)bucket, NULL)) {
		int rc = load_bucket(c, bucket);
		if (rc)
			return rc;
	}
	cus__u64map_get(&c->ids, cus__u64_digits_key(pesel), id);
	return 0;
}

int64_t cus__pesel_cache_opened(const cus__pesel_cache *c)
{
	return c ? c->opened : 0;
}

void cus__pesel_cache_free(cus__pesel_cache *c)
{
	if (!c)
		return;
	sqlite3_finalize(c->st);
	cus__u64map_free(&c->ids);
	cus__u64map_free(&c->buckets);
	free(c);
}
