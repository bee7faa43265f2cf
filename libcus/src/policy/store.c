/* Stored policy versions: storing, the per-handle cache of parsed versions,
 * and the public read functions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../crypto/crypto.h"
#include "model.h"

/* ---- the cache: every version this handle parsed, kept until close ---- */

static void cache_free(cus_db *db)
{
	cus__policy *p = db->policy;
	while (p) {
		cus__policy *next = p->next;
		cus__policy_free(p);
		p = next;
	}
	db->policy = NULL;
}

static void cache_add(cus_db *db, cus__policy *p)
{
	p->next = db->policy;
	db->policy = p;
	cus__db_on_close(db, cache_free);
}

static const cus__policy *cache_find(const cus_db *db, int64_t version, const char *hash)
{
	for (const cus__policy *p = db->policy; p; p = p->next)
		if (p->version == version && strcmp(p->hash, hash) == 0)
			return p;
	return NULL;
}

void cus__policy_cache_clear(cus_db *db)
{
	/* Nothing to drop: a cached entry is only handed out when the stored
	 * row has the same version and hash, and entries are never freed before
	 * cus_db_close() because callers may still hold them. */
	(void)db;
}

/* ---- lookups ---- */

static int no_version(int64_t version)
{
	if (version == 0)
		return cus__error(CUS_ENOTFOUND, "policy", "version",
			"no policy is loaded; load one with cus_policy_load_file() (cus policy load FILE)");
	return cus__error(CUS_ENOTFOUND, "policy", "version", "there is no policy version %lld",
		(long long)version);
}

static int check_args(cus_db *db, int64_t version)
{
	if (!db)
		return cus__error(CUS_EINVAL, "policy", "db", "no database given");
	if (version < 0)
		return cus__error(CUS_EINVAL, "policy", "version", "a policy version is 1 or more (0: the active one)");
	return 0;
}

/* Prepare q (with ?1 the version when version > 0) and step to its row. */
static int row_for(cus_db *db, const char *active_q, const char *version_q, int64_t version,
	sqlite3_stmt **st)
{
	sqlite3 *sql = cus__db_sql(db);
	int rc = sqlite3_prepare_v2(sql, version ? version_q : active_q, -1, st, NULL);
	if (rc != SQLITE_OK)
		return cus__sql_error(sql, rc, "reading policy versions");
	if (version)
		sqlite3_bind_int64(*st, 1, version);
	rc = sqlite3_step(*st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return no_version(version);
	return cus__sql_error(sql, rc, "reading policy versions");
}

int cus__policy_get(cus_db *db, int64_t version, const cus__policy **out)
{
	*out = NULL;
	int rc = check_args(db, version);
	if (rc)
		return rc;
	/* Every audited operation asks for the active policy: the version and
	 * hash lookup runs on a cached statement, the parse only once. */
	static const char active_q[] = "SELECT version, hash FROM policy_versions ORDER BY version DESC LIMIT 1";
	static const char version_q[] = "SELECT version, hash FROM policy_versions WHERE version = ?1";
	sqlite3 *sql = cus__db_sql(db);
	sqlite3_stmt *st = NULL;
	int cached = 0;
	int src = cus__stmt_cached(db, sql, version ? version_q : active_q, &st, &cached);
	if (src != SQLITE_OK) {
		if (st)
			sqlite3_finalize(st);
		return cus__sql_error(sql, src, "reading policy versions");
	}
	if (version)
		sqlite3_bind_int64(st, 1, version);
	src = sqlite3_step(st);
	if (src != SQLITE_ROW) {
		cus__stmt_release(st, cached);
		return src == SQLITE_DONE ? no_version(version) : cus__sql_error(sql, src, "reading policy versions");
	}
	int64_t v = sqlite3_column_int64(st, 0);
	char hash[65];
	snprintf(hash, sizeof hash, "%s", (const char *)sqlite3_column_text(st, 1));
	cus__stmt_release(st, cached);
	st = NULL;
	if ((*out = cache_find(db, v, hash)) != NULL)
		return 0;

	/* Not parsed yet on this handle: read, verify and parse the text. */
	rc = row_for(db, NULL, "SELECT yaml FROM policy_versions WHERE version = ?1", v, &st);
	if (rc) {
		sqlite3_finalize(st);
		return rc;
	}
	const char *yaml = (const char *)sqlite3_column_text(st, 0);
	size_t len = (size_t)sqlite3_column_bytes(st, 0);
	char source[48];
	snprintf(source, sizeof source, "policy version %lld", (long long)v);
	cus__policy *p = NULL;
	rc = cus__policy_parse(&p, source, yaml, len);
	if (rc == CUS_EINVAL)
		rc = cus__error(CUS_EINTEGRITY, "policy", "version", "the stored %s no longer validates: %s", source,
			cus_error_last()->message);
	sqlite3_finalize(st);
	if (!rc && strcmp(p->hash, hash) != 0)
		rc = cus__error(CUS_EINTEGRITY, "policy", "version",
			"the text of the stored %s does not match its hash: it was changed after loading", source);
	if (rc) {
		cus__policy_free(p);
		return rc;
	}
	p->version = v;
	cache_add(db, p);
	*out = p;
	return 0;
}

int cus__policy_active(cus_db *db, const cus__policy **out)
{
	return cus__policy_get(db, 0, out);
}

/* ---- storing ---- */

int cus__policy_store(cus_db *db, const char *source, const char *yaml, size_t len, const char *loaded_by,
	int64_t *version)
{
	if (version)
		*version = 0;
	if (!db || !loaded_by || !*loaded_by)
		return cus__error(CUS_EINVAL, "policy", NULL, "no database or loading user given");
	sqlite3 *sql = cus__db_sql(db);
	if (sqlite3_get_autocommit(sql))
		return cus__error(CUS_ERROR, "policy", NULL, "a policy is stored inside the caller's transaction");
	if (!source || !*source)
		source = "(policy)";
	cus__policy *p = NULL;
	int rc = cus__policy_parse(&p, source, yaml, len);
	if (rc)
		return rc;
	sqlite3_stmt *st = NULL;
	int64_t v = 0;
	rc = sqlite3_prepare_v2(sql, "SELECT coalesce(max(version), 0) + 1 FROM policy_versions", -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(sql,
			"INSERT INTO policy_versions (version, policy_id, name, valid_from, valid_to, municipality,"
			" teryt, hash, source, yaml, loaded_by, loaded_at, purposes, roles)"
			" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		char now[21];
		cus__utc_now(now);
		sqlite3_bind_int64(st, 1, v);
		sqlite3_bind_text(st, 2, p->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, p->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, p->valid_from, -1, SQLITE_STATIC);
		if (p->valid_to)
			sqlite3_bind_text(st, 5, p->valid_to, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 5);
		sqlite3_bind_text(st, 6, p->municipality, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, p->teryt, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 8, p->hash, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 9, source, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 10, len ? yaml : "", (int)len, SQLITE_STATIC);
		sqlite3_bind_text(st, 11, loaded_by, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 12, now, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 13, p->npurposes);
		sqlite3_bind_int(st, 14, p->nroles);
		rc = sqlite3_step(st);
		if (rc == SQLITE_DONE)
			rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_OK) {
		cus__policy_free(p);
		return cus__sql_error(sql, rc, "storing the policy version");
	}
	/* Cached by (version, hash): should the caller roll back, the entry can
	 * only match a later row with the same number and the same bytes. */
	p->version = v;
	cache_add(db, p);
	if (version)
		*version = v;
	return 0;
}

/* ---- info ---- */

#define INFO_COLUMNS \
	"version, policy_id, name, valid_from, valid_to, municipality, teryt, hash, loaded_by, loaded_at," \
	" source, purposes, roles"

static char *dup_col(sqlite3_stmt *st, int i, int *failed)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	if (!t)
		return NULL;
	char *s = strdup((const char *)t);
	if (!s)
		*failed = 1;
	return s;
}

void cus_policy_info_free(cus_policy_info *info)
{
	if (!info)
		return;
	free((char *)info->policy_id);
	free((char *)info->name);
	free((char *)info->valid_from);
	free((char *)info->valid_to);
	free((char *)info->municipality);
	free((char *)info->teryt);
	free((char *)info->hash);
	free((char *)info->loaded_by);
	free((char *)info->loaded_at);
	free((char *)info->source);
	free(info);
}

static int info_from_row(cus_policy_info **out, sqlite3_stmt *st)
{
	cus_policy_info *i = calloc(1, sizeof *i);
	if (!i)
		return cus__error(CUS_ENOMEM, "policy", NULL, "out of memory");
	int failed = 0;
	i->version = sqlite3_column_int64(st, 0);
	i->policy_id = dup_col(st, 1, &failed);
	i->name = dup_col(st, 2, &failed);
	i->valid_from = dup_col(st, 3, &failed);
	i->valid_to = dup_col(st, 4, &failed);
	i->municipality = dup_col(st, 5, &failed);
	i->teryt = dup_col(st, 6, &failed);
	i->hash = dup_col(st, 7, &failed);
	i->loaded_by = dup_col(st, 8, &failed);
	i->loaded_at = dup_col(st, 9, &failed);
	i->source = dup_col(st, 10, &failed);
	i->purposes = sqlite3_column_int(st, 11);
	i->roles = sqlite3_column_int(st, 12);
	if (failed) {
		cus_policy_info_free(i);
		return cus__error(CUS_ENOMEM, "policy", NULL, "out of memory");
	}
	*out = i;
	return 0;
}

int cus_policy_info_get(cus_policy_info **out, cus_db *db, int64_t version)
{
	if (!out)
		return cus__error(CUS_EINVAL, "policy", NULL, "out is NULL");
	*out = NULL;
	int rc = check_args(db, version);
	sqlite3_stmt *st = NULL;
	if (!rc)
		rc = row_for(db, "SELECT " INFO_COLUMNS " FROM policy_versions ORDER BY version DESC LIMIT 1",
			"SELECT " INFO_COLUMNS " FROM policy_versions WHERE version = ?1", version, &st);
	if (!rc)
		rc = info_from_row(out, st);
	sqlite3_finalize(st);
	return rc;
}

int cus_policy_text(char **yaml, size_t *len, cus_db *db, int64_t version)
{
	if (!yaml)
		return cus__error(CUS_EINVAL, "policy", NULL, "yaml is NULL");
	*yaml = NULL;
	if (len)
		*len = 0;
	int rc = check_args(db, version);
	sqlite3_stmt *st = NULL;
	if (!rc)
		rc = row_for(db, "SELECT yaml FROM policy_versions ORDER BY version DESC LIMIT 1",
			"SELECT yaml FROM policy_versions WHERE version = ?1", version, &st);
	if (!rc) {
		const void *t = sqlite3_column_blob(st, 0);
		size_t n = (size_t)sqlite3_column_bytes(st, 0);
		char *buf = cus__alloc(n);
		if (!buf) {
			rc = cus__error(CUS_ENOMEM, "policy", NULL, "out of memory");
		} else {
			if (n)
				memcpy(buf, t, n);
			buf[n] = '\0';
			*yaml = buf;
			if (len)
				*len = n;
		}
	}
	sqlite3_finalize(st);
	return rc;
}

/* ---- history ---- */

struct cus_policy_iter {
	cus_policy_info **items;
	size_t count, next;
};

void cus_policy_iter_free(cus_policy_iter *it)
{
	if (!it)
		return;
	for (size_t i = 0; i < it->count; i++)
		cus_policy_info_free(it->items[i]);
	free(it->items);
	free(it);
}

int cus_policy_history(cus_policy_iter **out, cus_db *db)
{
	if (!out)
		return cus__error(CUS_EINVAL, "policy", NULL, "out is NULL");
	*out = NULL;
	int rc = check_args(db, 0);
	if (rc)
		return rc;
	cus_policy_iter *it = calloc(1, sizeof *it);
	if (!it)
		return cus__error(CUS_ENOMEM, "policy", NULL, "out of memory");
	sqlite3 *sql = cus__db_sql(db);
	sqlite3_stmt *st = NULL;
	rc = sqlite3_prepare_v2(sql, "SELECT " INFO_COLUMNS " FROM policy_versions ORDER BY version", -1, &st, NULL);
	if (rc != SQLITE_OK)
		rc = cus__sql_error(sql, rc, "reading policy versions");
	size_t cap = 0;
	while (!rc) {
		int s = sqlite3_step(st);
		if (s == SQLITE_DONE)
			break;
		if (s != SQLITE_ROW) {
			rc = cus__sql_error(sql, s, "reading policy versions");
			break;
		}
		if (it->count == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			cus_policy_info **items = realloc(it->items, ncap * sizeof *items);
			if (!items) {
				rc = cus__error(CUS_ENOMEM, "policy", NULL, "out of memory");
				break;
			}
			it->items = items;
			cap = ncap;
		}
		rc = info_from_row(&it->items[it->count], st);
		if (!rc)
			it->count++;
	}
	sqlite3_finalize(st);
	if (rc) {
		cus_policy_iter_free(it);
		return rc;
	}
	*out = it;
	return 0;
}

int cus_policy_next(const cus_policy_info **out, cus_policy_iter *it)
{
	if (!out || !it)
		return cus__error(CUS_EINVAL, "policy", NULL, "out or iterator is NULL");
	*out = NULL;
	if (it->next >= it->count)
		return CUS_ITEROVER;
	*out = it->items[it->next++];
	return 0;
}

/* ---- the parsed active policy ---- */

int cus_policy_version_purposes(const cus_purpose **out, cus_db *db, int64_t version)
{
	if (!out)
		return cus__error(CUS_EINVAL, "policy", NULL, "out is NULL");
	const cus__policy *p = NULL;
	int rc = cus__policy_get(db, version, &p);
	*out = rc ? NULL : p->purposes;
	return rc ? rc : p->npurposes;
}

int cus_policy_version_roles(const cus_role **out, cus_db *db, int64_t version)
{
	if (!out)
		return cus__error(CUS_EINVAL, "policy", NULL, "out is NULL");
	const cus__policy *p = NULL;
	int rc = cus__policy_get(db, version, &p);
	*out = rc ? NULL : p->roles;
	return rc ? rc : p->nroles;
}

int cus_policy_purposes(const cus_purpose **out, cus_db *db)
{
	return cus_policy_version_purposes(out, db, 0);
}

int cus_policy_roles(const cus_role **out, cus_db *db)
{
	return cus_policy_version_roles(out, db, 0);
}

int cus_policy_allows(cus_db *db, const char *role, const char *category, unsigned ops, const char *purpose)
{
	const cus__policy *p = NULL;
	int rc = cus__policy_active(db, &p);
	if (rc)
		return rc;
	if (!cus__policy_has_role(p, role))
		return cus__error(CUS_EINVAL, "policy", "role", "the policy (version %lld) has no role '%.64s'",
			(long long)p->version, role ? role : "");
	int c = cus__category_index(category);
	if (c < 0)
		return cus__error(CUS_EINVAL, "policy", "category", "unknown data category '%.64s'",
			category ? category : "");
	if (!cus__policy_has_purpose(p, purpose))
		return cus__error(CUS_EINVAL, "policy", "purpose", "the policy (version %lld) has no purpose '%.64s'",
			(long long)p->version, purpose ? purpose : "");
	if (ops == 0 || (ops & ~(unsigned)(CUS_OP_READ | CUS_OP_WRITE | CUS_OP_EXPORT)))
		return cus__error(CUS_EINVAL, "policy", "ops", "ops must be CUS_OP_READ, CUS_OP_WRITE and/or CUS_OP_EXPORT");
	return cus__policy_role_allows(p, role, c, ops, purpose);
}
