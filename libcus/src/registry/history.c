/* Art. 16: the history of a person's changes. Every cus_person_update()
 * (and so every rectification) keeps the values it replaced, sealed under
 * the person's key with the field's category key, bound to the history row
 * ("person_history", "old_value", row id, version 1); the reason is sealed
 * with the basic key ("person_history", "reason"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "internal.h"
#include "cus/rights.h"

static int oom(void)
{
	return cus__error(CUS_ENOMEM, "registry", NULL, "out of memory");
}

static int same(const char *a, const char *b)
{
	if (!a || !*a)
		return !b || !*b;
	return b && strcmp(a, b) == 0;
}

static int seal_into(sqlite3_stmt *st, int param, cus_db *db, const cus__pkey *k, const char *category,
	const char *column, int64_t row, const char *text, unsigned char **blob)
{
	*blob = NULL;
	if (!text || !*text) {
		sqlite3_bind_null(st, param);
		return 0;
	}
	size_t len = 0;
	int rc = cus__field_seal(blob, &len, db, k, category, "person_history", column, row, 1, text);
	if (!rc)
		sqlite3_bind_blob(st, param, *blob, (int)len, SQLITE_STATIC);
	return rc;
}

static int next_id(cus_db *db, int64_t *id)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(cus__db_sql(db), "SELECT coalesce(max(id), 0) + 1 FROM person_history", -1, &st,
		NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		rc = 0;
	} else {
		rc = cus__sql_error(cus__db_sql(db), rc, "numbering a history entry");
	}
	sqlite3_finalize(st);
	return rc;
}

int cus__person_history_add(cus_session *s, const cus__pkey *k, const cus_person *old,
	const cus__person_fields *n, const char *reason)
{
	char old_sex[2] = { old->sex, 0 }, new_sex[2] = { n->sex, 0 };
	const struct {
		const char *field, *category, *before, *after;
	} f[] = {
		{ "pesel", "basic", old->pesel, n->pesel },
		{ "first_names", "basic", old->first_names, n->first_names },
		{ "last_name", "basic", old->last_name, n->last_name },
		{ "birth_date", "basic", old->birth_date, n->birth_date },
		{ "sex", "basic", old_sex, new_sex },
		{ "address", "contact", old->address, n->address },
		{ "phone", "contact", old->phone, n->phone },
		{ "email", "contact", old->email, n->email },
		{ "financial", "financial", old->financial, n->financial },
		{ "teryt", "basic", old->teryt, n->teryt },
		{ "registered", "basic", old->registered, n->registered },
	};
	char now[21];
	cus__utc_now(now);
	cus_db *db = s->db;
	sqlite3_stmt *st = NULL;
	int r = sqlite3_prepare_v2(cus__db_sql(db), "INSERT INTO person_history (id, person_id, version, field,"
		" category, old_value, reason, changed_by, changed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &st, NULL);
	if (r != SQLITE_OK) {
		sqlite3_finalize(st);
		return cus__sql_error(cus__db_sql(db), r, "recording the history of a change");
	}
	int rc = 0;
	for (size_t i = 0; !rc && i < sizeof f / sizeof f[0]; i++) {
		if (same(f[i].before, f[i].after))
			continue;
		int64_t id = 0;
		unsigned char *b1 = NULL, *b2 = NULL;
		rc = next_id(db, &id);
		if (!rc) {
			sqlite3_reset(st);
			sqlite3_bind_int64(st, 1, id);
			sqlite3_bind_int64(st, 2, old->id);
			sqlite3_bind_int64(st, 3, old->version);
			sqlite3_bind_text(st, 4, f[i].field, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 5, f[i].category, -1, SQLITE_STATIC);
			rc = seal_into(st, 6, db, k, f[i].category, "old_value", id, f[i].before, &b1);
		}
		if (!rc)
			rc = seal_into(st, 7, db, k, "basic", "reason", id, reason, &b2);
		if (!rc) {
			sqlite3_bind_text(st, 8, s->user, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 9, now, -1, SQLITE_STATIC);
			r = sqlite3_step(st);
			if (r != SQLITE_DONE)
				rc = cus__sql_error(cus__db_sql(db), r, "recording the history of a change");
		}
		free(b1);
		free(b2);
	}
	sqlite3_finalize(st);
	return rc;
}

/* ---- reading ---- */

struct cus_history_iter {
	cus_history_entry *items;
	size_t n, cap, pos;
};

static void entry_clear(cus_history_entry *e)
{
	cus__wipe_free((char *)e->field);
	cus__wipe_free((char *)e->category);
	cus__wipe_free((char *)e->old_value);
	cus__wipe_free((char *)e->reason);
	cus__wipe_free((char *)e->changed_by);
	cus__wipe_free((char *)e->changed);
	memset(e, 0, sizeof *e);
}

void cus_history_iter_free(cus_history_iter *it)
{
	if (!it)
		return;
	for (size_t i = 0; i < it->n; i++)
		entry_clear(&it->items[i]);
	free(it->items);
	free(it);
}

int cus_history_next(const cus_history_entry **out, cus_history_iter *it)
{
	if (!out || !it)
		return cus__error(CUS_EINVAL, "registry", NULL, "out or iterator is NULL");
	*out = NULL;
	if (it->pos >= it->n)
		return CUS_ITEROVER;
	*out = &it->items[it->pos++];
	return 0;
}

static int dup(const char **out, sqlite3_stmt *st, int c)
{
	*out = NULL;
	if (sqlite3_column_type(st, c) == SQLITE_NULL)
		return 0;
	*out = strdup((const char *)sqlite3_column_text(st, c));
	return *out ? 0 : oom();
}

static int history_load(cus_history_iter *it, cus_session *s, int64_t person)
{
	cus_db *db = s->db;
	int rc = cus__person_exists(db, person);
	if (rc)
		return rc;
	cus__pkey k = { 0 };
	rc = cus__pkey_load(db, person, &k);
	if (rc == CUS_ESHREDDED)
		return cus__error(CUS_ESHREDDED, "registry", NULL, "person p-%lld was erased: their data key is destroyed",
			(long long)person);
	if (rc)
		return rc;
	sqlite3_stmt *st = NULL;
	int r = sqlite3_prepare_v2(cus__db_sql(db), "SELECT id, version, field, category, old_value, reason,"
		" changed_by, changed FROM person_history WHERE person_id = ? ORDER BY id", -1, &st, NULL);
	if (r != SQLITE_OK) {
		sqlite3_finalize(st);
		cus__pkey_wipe(&k);
		return cus__sql_error(cus__db_sql(db), r, "reading the history of a person");
	}
	sqlite3_bind_int64(st, 1, person);
	while (!rc && (r = sqlite3_step(st)) == SQLITE_ROW) {
		if (it->n == it->cap) {
			size_t ncap = it->cap ? 2 * it->cap : 16;
			cus_history_entry *ni = realloc(it->items, ncap * sizeof *ni);
			if (!ni) {
				rc = oom();
				break;
			}
			it->items = ni;
			it->cap = ncap;
		}
		cus_history_entry *e = &it->items[it->n];
		memset(e, 0, sizeof *e);
		e->id = sqlite3_column_int64(st, 0);
		e->version = sqlite3_column_int64(st, 1);
		if (!(rc = dup(&e->field, st, 2)) && !(rc = dup(&e->category, st, 3)) && !(rc = dup(&e->changed_by, st, 6)))
			rc = dup(&e->changed, st, 7);
		if (!rc && e->category && cus_session_allows(s, e->category, CUS_OP_READ) == 1) {
			char *v = NULL;
			e->readable = 1;
			rc = cus__field_open(&v, db, &k, e->category, "person_history", "old_value", e->id, 1,
				sqlite3_column_type(st, 4) == SQLITE_NULL ? NULL : sqlite3_column_blob(st, 4),
				(size_t)sqlite3_column_bytes(st, 4));
			e->old_value = v;
		}
		if (!rc) {
			char *v = NULL;
			rc = cus__field_open(&v, db, &k, "basic", "person_history", "reason", e->id, 1,
				sqlite3_column_type(st, 5) == SQLITE_NULL ? NULL : sqlite3_column_blob(st, 5),
				(size_t)sqlite3_column_bytes(st, 5));
			e->reason = v;
		}
		it->n++;
	}
	if (!rc && r != SQLITE_DONE)
		rc = cus__sql_error(cus__db_sql(db), r, "reading the history of a person");
	sqlite3_finalize(st);
	cus__pkey_wipe(&k);
	return rc;
}

int cus_person_history(cus_history_iter **out, cus_session *s, int64_t person)
{
	if (!out || !s)
		return cus__error(CUS_EINVAL, "registry", NULL, "out or session is NULL");
	*out = NULL;
	char cats[64] = "basic", subj[32];
	if (cus_session_allows(s, "contact", CUS_OP_READ) == 1)
		strcat(cats, ",contact");
	if (cus_session_allows(s, "financial", CUS_OP_READ) == 1)
		strcat(cats, ",financial");
	cus__person_subject(subj, person);
	int rc = cus__access_begin(s, "person.history", "person", subj, cats, CUS_OP_READ, NULL);
	if (rc)
		return rc;
	cus_history_iter *it = calloc(1, sizeof *it);
	rc = cus__access_end(s, it ? history_load(it, s, person) : oom());
	if (rc) {
		cus_history_iter_free(it);
		return rc;
	}
	*out = it;
	return 0;
}
