/* Special-category and art. 10 records of a person. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "internal.h"

static const char *const record_categories[] = { "health", "disability", "location", "family", "judgment" };
#define NCAT (sizeof record_categories / sizeof record_categories[0])

static int category_ok(const char *c)
{
	for (size_t i = 0; c && i < NCAT; i++)
		if (strcmp(c, record_categories[i]) == 0)
			return 1;
	return 0;
}

static int oom(void)
{
	return cus__error(CUS_ENOMEM, "registry", NULL, "out of memory");
}

static int sqlerr(cus_db *db, int rc, const char *what)
{
	return cus__sql_error(cus__db_sql(db), rc, what);
}

/* A validated record input; strings from cus__alloc. */
typedef struct {
	char *kind, *text, *degree, *valid_until, *indications, *source_document, *date, *legal_basis;
} rec_fields;

static void rec_fields_free(rec_fields *f)
{
	char **all[] = { &f->kind, &f->text, &f->degree, &f->valid_until, &f->indications, &f->source_document,
		&f->date, &f->legal_basis };
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		cus_free(*all[i]);
		*all[i] = NULL;
	}
}

static int text_opt(char **out, const char *in, size_t max, const char *field)
{
	*out = NULL;
	if (!in)
		return 0;
	int rc = cus_text_normalize(out, in, max, field);
	if (rc)
		return cus__error(rc, "registry", field, "%s", cus_error_last()->message);
	if (!**out) {
		cus_free(*out);
		*out = NULL;
	}
	return 0;
}

static int date_opt(char **out, const char *in, const char *field, int required)
{
	*out = NULL;
	if (!in || !*in) {
		if (required)
			return cus__error(CUS_EINVAL, "registry", field, "%s: is required", field);
		return 0;
	}
	if (cus_date_check(in, NULL) != 0)
		return cus__error(CUS_EINVAL, "registry", field, "%s: must be a real date YYYY-MM-DD", field);
	*out = cus__strdup(in);
	return *out ? 0 : oom();
}

static int rec_validate(const cus_record_input *in, const char *default_basis, rec_fields *f)
{
	memset(f, 0, sizeof *f);
	if (!in)
		return cus__error(CUS_EINVAL, "registry", NULL, "no record given");
	if (in->version != CUS_RECORD_INPUT_VERSION)
		return cus__error(CUS_EINVAL, "registry", "version", "unsupported cus_record_input version %u",
			in->version);
	if (!category_ok(in->category))
		return cus__error(CUS_EINVAL, "registry", "category",
			"category: must be health, disability, location, family or judgment");
	int rc = text_opt(&f->kind, in->kind, CUS_NAME_MAX, "kind");
	if (!rc)
		rc = text_opt(&f->text, in->text, CUS_TEXT_MAX, "text");
	if (!rc && in->degree && *in->degree) {
		if (strcmp(in->category, "disability") != 0)
			rc = cus__error(CUS_EINVAL, "registry", "degree", "degree: only a disability record has a degree");
		else if (strcmp(in->degree, "light") && strcmp(in->degree, "moderate") && strcmp(in->degree, "severe"))
			rc = cus__error(CUS_EINVAL, "registry", "degree", "degree: must be light, moderate or severe");
		else if (!(f->degree = cus__strdup(in->degree)))
			rc = oom();
	}
	if (!rc)
		rc = date_opt(&f->valid_until, in->valid_until, "valid_until", 0);
	if (!rc)
		rc = text_opt(&f->indications, in->indications, CUS_TEXT_MAX, "indications");
	if (!rc)
		rc = text_opt(&f->source_document, in->source_document, CUS_ADDRESS_MAX, "source_document");
	if (!rc)
		rc = date_opt(&f->date, in->date, "date", 1);
	if (!rc)
		rc = text_opt(&f->legal_basis, in->legal_basis ? in->legal_basis : default_basis, CUS_TEXT_MAX,
			"legal_basis");
	if (!rc && !f->legal_basis)
		rc = cus__error(CUS_EINVAL, "registry", "legal_basis", "legal_basis: is required");
	if (rc)
		rec_fields_free(f);
	return rc;
}

static int next_record_id(cus_db *db, int64_t *id)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(cus__db_sql(db), "SELECT coalesce(max(id), 0) + 1 FROM records", -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		rc = 0;
	} else {
		rc = sqlerr(db, rc, "numbering a record");
	}
	sqlite3_finalize(st);
	return rc;
}

static int rec_insert(cus_db *db, int64_t person, const char *category, const rec_fields *f, int64_t *id)
{
	cus__pkey k = { 0 };
	int64_t rid = 0;
	int rc = cus__person_exists(db, person);
	if (!rc)
		rc = cus__pkey_load(db, person, &k);
	if (!rc)
		rc = next_record_id(db, &rid);
	if (rc) {
		cus__pkey_wipe(&k);
		return rc;
	}
	struct {
		const char *col, *val;
	} sealed[] = { { "kind", f->kind }, { "text", f->text }, { "degree", f->degree },
		{ "indications", f->indications }, { "source_document", f->source_document } };
	unsigned char *blobs[5] = { 0 };
	size_t lens[5] = { 0 };
	for (int i = 0; i < 5 && !rc; i++)
		rc = cus__field_seal(&blobs[i], &lens[i], db, &k, category, "records", sealed[i].col, rid, 1,
			sealed[i].val);
	cus__pkey_wipe(&k);
	char now[21];
	cus__utc_now(now);
	sqlite3_stmt *st = NULL;
	if (!rc) {
		int src = sqlite3_prepare_v2(cus__db_sql(db), "INSERT INTO records (id, version, person_id, category,"
			" kind, text, degree, valid_until, indications, source_document, date, legal_basis, created)"
			" VALUES (?1, 1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", -1, &st, NULL);
		if (src == SQLITE_OK) {
			sqlite3_bind_int64(st, 1, rid);
			sqlite3_bind_int64(st, 2, person);
			sqlite3_bind_text(st, 3, category, -1, SQLITE_STATIC);
			int cols[5] = { 4, 5, 6, 8, 9 };
			for (int i = 0; i < 5; i++)
				if (blobs[i])
					sqlite3_bind_blob(st, cols[i], blobs[i], (int)lens[i], SQLITE_STATIC);
			cus__bind_text_or_null(st, 7, f->valid_until);
			sqlite3_bind_text(st, 10, f->date, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 11, f->legal_basis, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 12, now, -1, SQLITE_STATIC);
			src = sqlite3_step(st);
		}
		if (src != SQLITE_DONE)
			rc = sqlerr(db, src, "adding a record");
	}
	sqlite3_finalize(st);
	for (int i = 0; i < 5; i++)
		free(blobs[i]);
	if (!rc)
		*id = rid;
	return rc;
}

int cus_record_add(cus_session *s, int64_t person, const cus_record_input *in, int64_t *id)
{
	if (id)
		*id = 0;
	if (!s)
		return cus__error(CUS_EINVAL, "registry", NULL, "no session");
	rec_fields f;
	int rc = rec_validate(in, s->legal_basis, &f);
	if (rc)
		return rc;
	char subj[32];
	cus__person_subject(subj, person);
	rc = cus__access_begin(s, "record.add", "record", subj, in->category, CUS_OP_WRITE, NULL);
	if (rc) {
		rec_fields_free(&f);
		return rc;
	}
	int64_t rid = 0;
	rc = cus__access_end(s, rec_insert(s->db, person, in->category, &f, &rid));
	rec_fields_free(&f);
	if (!rc && id)
		*id = rid;
	return rc;
}

/* ---- listing ---- */

struct cus_record_iter {
	cus_record *items;
	size_t n, i;
};

static void record_clear(cus_record *r)
{
	const char **all[] = { &r->category, &r->kind, &r->text, &r->degree, &r->valid_until, &r->indications,
		&r->source_document, &r->date, &r->legal_basis, &r->created };
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		cus__wipe_free((char *)*all[i]);
		*all[i] = NULL;
	}
}

void cus_record_iter_free(cus_record_iter *it)
{
	if (!it)
		return;
	for (size_t i = 0; i < it->n; i++)
		record_clear(&it->items[i]);
	free(it->items);
	free(it);
}

int cus_record_next(const cus_record **out, cus_record_iter *it)
{
	if (!out || !it)
		return cus__error(CUS_EINVAL, "registry", NULL, "out or iterator is NULL");
	*out = NULL;
	if (it->i >= it->n)
		return CUS_ITEROVER;
	*out = &it->items[it->i++];
	return 0;
}

static int dup_col(const char **out, sqlite3_stmt *st, int col)
{
	*out = NULL;
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return 0;
	char *s = strdup((const char *)sqlite3_column_text(st, col));
	*out = s;
	return s ? 0 : oom();
}

static int in_list(const char *cats, const char *c)
{
	size_t n = strlen(c);
	for (const char *p = cats; (p = strstr(p, c)); p += n)
		if ((p == cats || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
			return 1;
	return 0;
}

static int records_collect(cus_record_iter *it, cus_db *db, int64_t person, const char *cats)
{
	int rc = cus__person_exists(db, person);
	if (rc)
		return rc;
	sqlite3_stmt *st = NULL;
	rc = sqlite3_prepare_v2(cus__db_sql(db), "SELECT id, version, category, kind, text, degree, valid_until,"
		" indications, source_document, date, legal_basis, created FROM records WHERE person_id = ?"
		" ORDER BY id", -1, &st, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_finalize(st);
		return sqlerr(db, rc, "reading records");
	}
	sqlite3_bind_int64(st, 1, person);
	cus__pkey k = { 0 };
	size_t cap = 0;
	rc = 0;
	int src;
	while (!rc && (src = sqlite3_step(st)) == SQLITE_ROW) {
		const char *cat = (const char *)sqlite3_column_text(st, 2);
		if (!in_list(cats, cat))
			continue;
		if (it->n == cap) {
			size_t ncap = cap ? 2 * cap : 8;
			cus_record *ni = realloc(it->items, ncap * sizeof *ni);
			if (!ni) {
				rc = oom();
				break;
			}
			it->items = ni;
			cap = ncap;
		}
		cus_record *r = &it->items[it->n++];
		memset(r, 0, sizeof *r);
		r->id = sqlite3_column_int64(st, 0);
		r->person_id = person;
		int64_t version = sqlite3_column_int64(st, 1);
		rc = cus__pkey_load(db, person, &k);
		if (!rc)
			rc = dup_col(&r->category, st, 2);
		static const struct {
			int col;
			const char *name;
			size_t off;
		} sealed[] = { { 3, "kind", offsetof(cus_record, kind) }, { 4, "text", offsetof(cus_record, text) },
			{ 5, "degree", offsetof(cus_record, degree) },
			{ 7, "indications", offsetof(cus_record, indications) },
			{ 8, "source_document", offsetof(cus_record, source_document) } };
		for (size_t i = 0; i < sizeof sealed / sizeof sealed[0] && !rc; i++) {
			char *v = NULL;
			int c = sealed[i].col;
			rc = cus__field_open(&v, db, &k, cat, "records", sealed[i].name, r->id, version,
				sqlite3_column_type(st, c) == SQLITE_NULL ? NULL : sqlite3_column_blob(st, c),
				(size_t)sqlite3_column_bytes(st, c));
			*(const char **)((char *)r + sealed[i].off) = v;
		}
		if (!rc)
			rc = dup_col(&r->valid_until, st, 6);
		if (!rc)
			rc = dup_col(&r->date, st, 9);
		if (!rc)
			rc = dup_col(&r->legal_basis, st, 10);
		if (!rc)
			rc = dup_col(&r->created, st, 11);
	}
	if (!rc && src != SQLITE_DONE)
		rc = sqlerr(db, src, "reading records");
	cus__pkey_wipe(&k);
	sqlite3_finalize(st);
	return rc;
}

int cus_record_list(cus_record_iter **out, cus_session *s, int64_t person, const char *category)
{
	if (!out || !s)
		return cus__error(CUS_EINVAL, "registry", NULL, "out or session is NULL");
	*out = NULL;
	char cats[96] = "";
	if (category) {
		if (!category_ok(category))
			return cus__error(CUS_EINVAL, "registry", "category",
				"category: must be health, disability, location, family or judgment");
		snprintf(cats, sizeof cats, "%s", category);
	} else {
		for (size_t i = 0; i < NCAT; i++) {
			if (cus_session_allows(s, record_categories[i], CUS_OP_READ) != 1)
				continue;
			if (cats[0])
				strcat(cats, ",");
			strcat(cats, record_categories[i]);
		}
		if (!cats[0]) /* nothing readable: ask for all, so the denial is audited */
			snprintf(cats, sizeof cats, "health,disability,location,family,judgment");
	}
	char subj[32];
	cus__person_subject(subj, person);
	int rc = cus__access_begin(s, "record.read", "record", subj, cats, CUS_OP_READ, NULL);
	if (rc)
		return rc;
	cus_record_iter *it = calloc(1, sizeof *it);
	rc = it ? records_collect(it, s->db, person, cats) : oom();
	rc = cus__access_end(s, rc);
	if (rc) {
		cus_record_iter_free(it);
		return rc;
	}
	*out = it;
	return 0;
}
