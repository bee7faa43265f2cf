/* Persons: add, read, look up by PESEL, update, list, find; bulk insertion
 * for imports; crypto-shredding. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include <sodium.h>

#include "internal.h"

#define PERSON_COLS "id, version, pesel, first_names, last_name, address, phone, email, financial," \
	" birth_date, sex, teryt, registered, changed"

/* What of a person to open. */
#define WANT_CONTACT 1u
#define WANT_FINANCIAL 2u

void cus__person_subject(char out[32], int64_t person)
{
	snprintf(out, 32, "p-%lld", (long long)person);
}

static int oom(void)
{
	return cus__error(CUS_ENOMEM, "registry", NULL, "out of memory");
}

static int sqlerr(cus_db *db, int rc, const char *what)
{
	return cus__sql_error(cus__db_sql(db), rc, what);
}

int cus__person_exists(cus_db *db, int64_t id)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(cus__db_sql(db), "SELECT 1 FROM persons WHERE id = ?", -1, &st, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_finalize(st);
		return sqlerr(db, rc, "reading a person");
	}
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return cus__error(CUS_ENOTFOUND, "registry", "id", "no person with id %lld", (long long)id);
	return sqlerr(db, rc, "reading a person");
}

/* ---- reading ---- */

static void person_clear(cus_person *p)
{
	const char **all[] = { &p->pesel, &p->first_names, &p->last_name, &p->birth_date, &p->address, &p->phone,
		&p->email, &p->financial, &p->teryt, &p->registered, &p->changed };
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		cus__wipe_free((char *)*all[i]);
		*all[i] = NULL;
	}
}

void cus_person_free(cus_person *p)
{
	if (!p)
		return;
	person_clear(p);
	sodium_memzero(p, sizeof *p);
	free(p);
}

static int dup_col(const char **out, sqlite3_stmt *st, int col)
{
	*out = NULL;
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return 0;
	char *s = strdup((const char *)sqlite3_column_text(st, col));
	if (!s)
		return oom();
	*out = s;
	return 0;
}

static int open_col(const char **out, cus_db *db, const cus__pkey *k, sqlite3_stmt *st, int col,
	const char *category, const char *column, int64_t id, int64_t version)
{
	char *s = NULL;
	int rc = cus__field_open(&s, db, k, category, "persons", column, id, version,
		sqlite3_column_type(st, col) == SQLITE_NULL ? NULL : sqlite3_column_blob(st, col),
		(size_t)sqlite3_column_bytes(st, col));
	*out = s;
	return rc;
}

/* Fill p from a row of PERSON_COLS. Basic fields always; contact and
 * financial per want. */
static int person_from_row(cus_person *p, cus_db *db, cus__pkey *k, sqlite3_stmt *st, unsigned want)
{
	memset(p, 0, sizeof *p);
	p->id = sqlite3_column_int64(st, 0);
	p->version = sqlite3_column_int64(st, 1);
	const char *sex = (const char *)sqlite3_column_text(st, 10);
	p->sex = sex ? sex[0] : 0;
	int rc = cus__pkey_load(db, p->id, k);
	if (!rc)
		rc = open_col(&p->pesel, db, k, st, 2, "basic", "pesel", p->id, p->version);
	if (!rc)
		rc = open_col(&p->first_names, db, k, st, 3, "basic", "first_names", p->id, p->version);
	if (!rc)
		rc = open_col(&p->last_name, db, k, st, 4, "basic", "last_name", p->id, p->version);
	if (!rc && (want & WANT_CONTACT))
		rc = open_col(&p->address, db, k, st, 5, "contact", "address", p->id, p->version);
	if (!rc && (want & WANT_CONTACT))
		rc = open_col(&p->phone, db, k, st, 6, "contact", "phone", p->id, p->version);
	if (!rc && (want & WANT_CONTACT))
		rc = open_col(&p->email, db, k, st, 7, "contact", "email", p->id, p->version);
	if (!rc && (want & WANT_FINANCIAL))
		rc = open_col(&p->financial, db, k, st, 8, "financial", "financial", p->id, p->version);
	if (!rc)
		rc = dup_col(&p->birth_date, st, 9);
	if (!rc)
		rc = dup_col(&p->teryt, st, 11);
	if (!rc)
		rc = dup_col(&p->registered, st, 12);
	if (!rc)
		rc = dup_col(&p->changed, st, 13);
	if (rc == CUS_ESHREDDED)
		cus__error(CUS_ESHREDDED, "registry", NULL, "person p-%lld was erased: their data key is destroyed",
			(long long)p->id);
	if (rc)
		person_clear(p);
	return rc;
}

static int person_read(cus_person **out, cus_db *db, int64_t id, unsigned want)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(cus__db_sql(db), "SELECT " PERSON_COLS " FROM persons WHERE id = ?", -1, &st,
		NULL);
	if (rc != SQLITE_OK) {
		sqlite3_finalize(st);
		return sqlerr(db, rc, "reading a person");
	}
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_finalize(st);
		return cus__error(CUS_ENOTFOUND, "registry", "id", "no person with id %lld", (long long)id);
	}
	if (rc != SQLITE_ROW) {
		rc = sqlerr(db, rc, "reading a person");
		sqlite3_finalize(st);
		return rc;
	}
	cus_person *p = calloc(1, sizeof *p);
	cus__pkey k = { 0 };
	rc = p ? person_from_row(p, db, &k, st, want) : oom();
	cus__pkey_wipe(&k);
	sqlite3_finalize(st);
	if (rc) {
		free(p);
		return rc;
	}
	*out = p;
	return 0;
}

/* The categories a read of a person touches in this session, and what to open. */
static unsigned read_scope(cus_session *s, char cats[64])
{
	unsigned want = 0;
	snprintf(cats, 64, "basic");
	if (cus_session_allows(s, "contact", CUS_OP_READ) == 1) {
		want |= WANT_CONTACT;
		strcat(cats, ",contact");
	}
	if (cus_session_allows(s, "financial", CUS_OP_READ) == 1) {
		want |= WANT_FINANCIAL;
		strcat(cats, ",financial");
	}
	return want;
}

int cus_person_get(cus_person **out, cus_session *s, int64_t id)
{
	if (!out || !s)
		return cus__error(CUS_EINVAL, "registry", NULL, "out or session is NULL");
	*out = NULL;
	char cats[64], subj[32];
	unsigned want = read_scope(s, cats);
	cus__person_subject(subj, id);
	int rc = cus__access_begin(s, "person.read", "person", subj, cats, CUS_OP_READ, NULL);
	if (rc)
		return rc;
	rc = person_read(out, s->db, id, want);
	return cus__access_end(s, rc);
}

/* A bulk insertion's state: numbering, and the keyed hashes of the PESELs it
 * added (kept in memory only), so a PESEL twice in one batch is caught
 * without opening the batch's own rows. */
struct cus__registry_batch {
	int64_t first_id, next_id;
	unsigned char (*seen)[16];
	size_t count, cap;   /* open addressing; cap a power of two */
};

int cus__pesel_find(cus_db *db, const char *pesel, int64_t skip, int64_t *id)
{
	*id = 0;
	sqlite3_stmt *st = NULL;
	int cached = 0;
	static const char find_sql[] = "SELECT id, version, pesel FROM persons WHERE pesel_index = ?1 AND id < ?2";
	int rc = cus__stmt_cached(db, cus__db_sql(db), find_sql, &st, &cached);
	if (rc != SQLITE_OK) {
		if (st)
			sqlite3_finalize(st);
		return sqlerr(db, rc, "looking up a PESEL");
	}
	/* In a bulk insertion, persons added by the batch itself are not
	 * candidates: the batch keeps their PESELs (see batch_seen). */
	int64_t batch_first = db->batch ? db->batch->first_id : INT64_MAX;
	sqlite3_bind_int64(st, 2, batch_first); /* the index holds the rowid: no table read for those */
	sqlite3_bind_int64(st, 1, cus__pesel_blind(db, pesel));
	cus__pkey k = { 0 };
	rc = 0;
	int src;
	while (!rc && (src = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t cand = sqlite3_column_int64(st, 0);
		if (cand == skip || cand >= batch_first)
			continue;
		int krc = cus__pkey_load(db, cand, &k);
		if (krc == CUS_ESHREDDED) {
			cus_error_clear();
			continue;
		}
		if (krc) {
			rc = krc;
			break;
		}
		char *p = NULL;
		rc = cus__field_open(&p, db, &k, "basic", "persons", "pesel", cand, sqlite3_column_int64(st, 1),
			sqlite3_column_blob(st, 2), (size_t)sqlite3_column_bytes(st, 2));
		if (!rc && p && strcmp(p, pesel) == 0)
			*id = cand;
		cus__wipe_free(p);
		if (*id)
			break;
	}
	if (!rc && !*id && src != SQLITE_DONE && src != SQLITE_ROW)
		rc = sqlerr(db, src, "looking up a PESEL");
	cus__pkey_wipe(&k);
	cus__stmt_release(st, cached);
	return rc;
}

int cus_person_by_pesel(cus_person **out, cus_session *s, const char *pesel)
{
	if (!out || !s)
		return cus__error(CUS_EINVAL, "registry", NULL, "out or session is NULL");
	*out = NULL;
	if (cus_pesel_check(pesel, NULL) != 0)
		return cus__error(CUS_EINVAL, "registry", "pesel", "%s", cus_error_last()->message);
	char cats[64], subj[32];
	unsigned want = read_scope(s, cats);
	int64_t id = 0;
	int rc = 0;
	/* Find whom the read concerns first (nothing is disclosed yet), so that
	 * the audit entry names them; a denied session learns nothing. */
	if (cus_session_allows(s, "basic", CUS_OP_READ) == 1)
		rc = cus__pesel_find(s->db, pesel, 0, &id);
	if (id)
		cus__person_subject(subj, id);
	int frc = rc;
	rc = cus__access_begin(s, "person.read", "person", id ? subj : NULL, cats, CUS_OP_READ, "by pesel");
	if (rc)
		return rc;
	if (frc) /* the lookup failed (a damaged candidate): audited as an error */
		rc = cus__error(frc, "registry", "pesel", "the PESEL lookup failed (%s)", cus_error_name(frc));
	else if (!id)
		rc = cus__error(CUS_ENOTFOUND, "registry", "pesel", "no person with that PESEL");
	else
		rc = person_read(out, s->db, id, want);
	return cus__access_end(s, rc);
}

/* ---- writing ---- */

static int next_person_id(cus_db *db, int64_t *id)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(cus__db_sql(db), "SELECT coalesce(max(id), 0) + 1 FROM persons", -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		rc = 0;
	} else {
		rc = sqlerr(db, rc, "numbering a person");
	}
	sqlite3_finalize(st);
	return rc;
}

/* The sealed columns of persons: name, category, the value in f. */
typedef struct {
	const char *column, *category;
	const char *value;
} sealed_col;

static void person_sealed(sealed_col c[7], const cus__person_fields *f)
{
	c[0] = (sealed_col){ "pesel", "basic", f->pesel };
	c[1] = (sealed_col){ "first_names", "basic", f->first_names };
	c[2] = (sealed_col){ "last_name", "basic", f->last_name };
	c[3] = (sealed_col){ "address", "contact", f->address };
	c[4] = (sealed_col){ "phone", "contact", f->phone };
	c[5] = (sealed_col){ "email", "contact", f->email };
	c[6] = (sealed_col){ "financial", "financial", f->financial };
}

/* Seal every sealed field of f for (id, version) and bind them to st at
 * parameters first..first+6. The blobs are freed by the caller (blobs[7]). */
static int seal_bind(sqlite3_stmt *st, int first, unsigned char *blobs[7], cus_db *db, const cus__pkey *k,
	const cus__person_fields *f, int64_t id, int64_t version)
{
	sealed_col c[7];
	person_sealed(c, f);
	for (int i = 0; i < 7; i++) {
		size_t len = 0;
		blobs[i] = NULL;
		const char *v = c[i].value && *c[i].value ? c[i].value : NULL;
		int rc = cus__field_seal(&blobs[i], &len, db, k, c[i].category, "persons", c[i].column, id, version, v);
		if (rc)
			return rc;
		if (blobs[i])
			sqlite3_bind_blob(st, first + i, blobs[i], (int)len, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, first + i);
	}
	return 0;
}

static void batch_free(struct cus__registry_batch *b)
{
	if (!b)
		return;
	if (b->seen) {
		sodium_memzero(b->seen, b->cap * sizeof *b->seen);
		free(b->seen);
	}
	free(b);
}

/* 1 when the PESEL was already added by this batch (else it is remembered). */
static int batch_seen(cus_db *db, struct cus__registry_batch *b, const char *pesel, int *dup)
{
	*dup = 0;
	if (b->count * 2 >= b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 1024;
		unsigned char (*t)[16] = calloc(cap, sizeof *t);
		if (!t)
			return cus__error(CUS_ENOMEM, "registry", NULL, "out of memory");
		for (size_t i = 0; i < b->cap; i++) {
			static const unsigned char zero[16];
			if (memcmp(b->seen[i], zero, 16) == 0)
				continue;
			size_t h;
			memcpy(&h, b->seen[i], sizeof h);
			for (h &= cap - 1; memcmp(t[h], zero, 16) != 0; h = (h + 1) & (cap - 1))
				;
			memcpy(t[h], b->seen[i], 16);
		}
		if (b->seen) {
			sodium_memzero(b->seen, b->cap * sizeof *b->seen);
			free(b->seen);
		}
		b->seen = t;
		b->cap = cap;
	}
	unsigned char key[32], hv[16];
	cus__derive(key, sizeof key, 2, "CUSblind", db->master);
	crypto_generichash(hv, sizeof hv, (const unsigned char *)pesel, strlen(pesel), key, sizeof key);
	sodium_memzero(key, sizeof key);
	hv[0] |= 1; /* never all zero: zero marks an empty slot */
	size_t h;
	memcpy(&h, hv, sizeof h);
	static const unsigned char zero[16];
	for (h &= b->cap - 1; memcmp(b->seen[h], zero, 16) != 0; h = (h + 1) & (b->cap - 1))
		if (memcmp(b->seen[h], hv, 16) == 0) {
			*dup = 1;
			return 0;
		}
	memcpy(b->seen[h], hv, 16);
	b->count++;
	return 0;
}

/* Insert a validated person with id (key store transaction open). */
static int person_insert_at(cus_db *db, const cus__person_fields *f, int64_t id)
{
	int64_t other = 0;
	int rc = 0;
	if (f->pesel && (rc = cus__pesel_find(db, f->pesel, 0, &other)))
		return rc;
	if (other)
		return cus__error(CUS_EEXISTS, "registry", "pesel", "a person with that PESEL is registered (p-%lld)",
			(long long)other);
	if (f->pesel && db->batch) {
		int dup = 0;
		if ((rc = batch_seen(db, db->batch, f->pesel, &dup)))
			return rc;
		if (dup)
			return cus__error(CUS_EEXISTS, "registry", "pesel", "the same PESEL twice in one batch");
	}
	cus__pkey k = { .person = id, .loaded = 1 };
	cus__random(k.key, sizeof k.key);
	rc = cus__ks_person_key_put(db, id, k.key);
	if (rc) {
		cus__pkey_wipe(&k);
		return rc;
	}
	char now[21];
	cus__utc_now(now);
	sqlite3_stmt *st = NULL;
	unsigned char *blobs[7] = { 0 };
	static const char insert_sql[] = "INSERT INTO persons (id, version, pesel_index, pesel,"
		" first_names, last_name, address, phone, email, financial, birth_date, sex, teryt, registered,"
		" created, changed) VALUES (?1, 1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14)";
	int cached = 0;
	int src = cus__stmt_cached(db, cus__db_sql(db), insert_sql, &st, &cached);
	if (src != SQLITE_OK) {
		rc = sqlerr(db, src, "registering a person");
	} else {
		sqlite3_bind_int64(st, 1, id);
		if (f->pesel)
			sqlite3_bind_int64(st, 2, cus__pesel_blind(db, f->pesel));
		else
			sqlite3_bind_null(st, 2);
		rc = seal_bind(st, 3, blobs, db, &k, f, id, 1);
		if (!rc) {
			char sex[2] = { f->sex, 0 };
			sqlite3_bind_text(st, 10, f->birth_date, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 11, sex, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 12, f->teryt, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 13, f->registered, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 14, now, -1, SQLITE_STATIC);
			src = sqlite3_step(st);
			if (src == SQLITE_CONSTRAINT_PRIMARYKEY)
				rc = cus__error(CUS_EBUSY, "registry", NULL,
					"another process registered a person at the same time; retry");
			else if (src != SQLITE_DONE)
				rc = sqlerr(db, src, "registering a person");
		}
	}
	if (st)
		cus__stmt_release(st, cached);
	for (int i = 0; i < 7; i++)
		free(blobs[i]);
	cus__pkey_wipe(&k);
	return rc;
}

static const char *default_teryt(cus_db *db)
{
	const cus__policy *p = NULL;
	if (cus__policy_active(db, &p) != 0 || !p)
		return NULL;
	return cus__policy_teryt(p);
}

int cus_person_add(cus_session *s, const cus_person_input *in, int64_t *id)
{
	if (id)
		*id = 0;
	if (!s)
		return cus__error(CUS_EINVAL, "registry", NULL, "no session");
	cus__person_fields f;
	int rc = cus__person_validate(in, default_teryt(s->db), &f);
	if (rc)
		return rc;
	char cats[64] = "basic";
	if (f.address || f.phone || f.email)
		strcat(cats, ",contact");
	if (f.financial)
		strcat(cats, ",financial");
	int64_t next = 0;
	rc = next_person_id(s->db, &next);
	if (rc) {
		cus__person_fields_free(&f);
		return rc;
	}
	char subj[32];
	cus__person_subject(subj, next);
	rc = cus__access_begin(s, "person.add", "person", subj, cats, CUS_OP_WRITE, NULL);
	if (rc) {
		cus__person_fields_free(&f);
		return rc;
	}
	int64_t now_next = 0;
	int ks_open = 0, ks_committed = 0;
	rc = next_person_id(s->db, &now_next);
	if (!rc && now_next != next)
		rc = cus__error(CUS_EBUSY, "registry", NULL, "another process registered a person at the same time; retry");
	if (!rc)
		rc = cus__ks_person_keys_ready(s->db);
	if (!rc && !(rc = cus__ks_person_begin(s->db)))
		ks_open = 1;
	if (!rc)
		rc = person_insert_at(s->db, &f, next);
	if (ks_open) {
		if (!rc) {
			rc = cus__ks_person_commit(s->db);
			ks_committed = !rc;
		} else {
			cus__ks_person_rollback(s->db);
		}
	}
	cus__person_fields_free(&f);
	rc = cus__access_end(s, rc);
	if (rc && ks_committed) /* the database refused: no orphan key */
		cus__ks_person_key_delete(s->db, next);
	if (!rc && id)
		*id = next;
	return rc;
}

int cus__person_batch_begin(cus_session *s)
{
	if (!s || !s->in_operation)
		return cus__error(CUS_ERROR, "registry", NULL, "a batch needs an open operation");
	if (s->db->batch)
		return cus__error(CUS_ERROR, "registry", NULL, "a batch is already open");
	struct cus__registry_batch *b = calloc(1, sizeof *b);
	if (!b)
		return cus__error(CUS_ENOMEM, "registry", NULL, "out of memory");
	int rc = next_person_id(s->db, &b->first_id);
	b->next_id = b->first_id;
	if (!rc)
		rc = cus__ks_person_keys_ready(s->db);
	if (!rc)
		rc = cus__ks_person_begin(s->db);
	if (rc) {
		batch_free(b);
		return rc;
	}
	s->db->batch = b;
	return 0;
}

int cus__person_insert(cus_session *s, const cus__person_fields *f, int64_t *id)
{
	if (id)
		*id = 0;
	if (!s || !s->in_operation || !f)
		return cus__error(CUS_ERROR, "registry", NULL, "an insertion needs an open operation");
	int64_t next = 0;
	int rc = 0;
	if (s->db->batch)
		next = s->db->batch->next_id;
	else
		rc = next_person_id(s->db, &next);
	if (!rc)
		rc = person_insert_at(s->db, f, next);
	if (!rc && s->db->batch)
		s->db->batch->next_id = next + 1;
	if (!rc && id)
		*id = next;
	return rc;
}

int cus__person_batch_end(cus_session *s, int rc)
{
	if (!s)
		return rc ? rc : cus__error(CUS_ERROR, "registry", NULL, "no session");
	batch_free(s->db->batch);
	s->db->batch = NULL;
	if (rc) {
		cus__ks_person_rollback(s->db);
		return rc;
	}
	return cus__ks_person_commit(s->db);
}

int cus__person_key_destroy(cus_db *db, int64_t person)
{
	if (!db)
		return cus__error(CUS_EINVAL, "registry", NULL, "no database");
	return cus__ks_person_key_delete(db, person);
}

/* ---- update ---- */

static int merge(char **dst, char **from)
{
	/* *from NULL: keep; "": clear; else replace. *from is taken. */
	char *src = *from;
	*from = NULL;
	if (!src)
		return 0;
	cus__wipe_free(*dst);
	if (!*src) {
		cus_free(src);
		*dst = NULL;
		return 0;
	}
	*dst = strdup(src);
	cus_free(src);
	return *dst ? 0 : oom();
}

static int take(char **dst, const char *src)
{
	*dst = NULL;
	if (!src)
		return 0;
	*dst = strdup(src);
	return *dst ? 0 : oom();
}

int cus_person_update(cus_session *s, int64_t id, const cus_person_input *changes)
{
	return cus__person_update_reason(s, id, changes, NULL);
}

int cus__person_update_reason(cus_session *s, int64_t id, const cus_person_input *changes, const char *reason)
{
	if (!s)
		return cus__error(CUS_EINVAL, "registry", NULL, "no session");
	cus__person_fields c;
	int rc = cus__person_validate_update(changes, &c);
	if (rc)
		return rc;
	/* Which fields are given, and what categories that touches. */
	struct {
		const char *name;
		int given;
		const char *cat;
	} g[] = {
		{ "pesel", c.pesel != NULL, "basic" }, { "first_names", c.first_names != NULL, "basic" },
		{ "last_name", c.last_name != NULL, "basic" },
		{ "birth_date", changes->birth_date != NULL, "basic" }, { "sex", changes->sex != 0, "basic" },
		{ "address", c.address != NULL, "contact" }, { "phone", c.phone != NULL, "contact" },
		{ "email", c.email != NULL, "contact" }, { "financial", c.financial != NULL, "financial" },
		{ "teryt", c.teryt != NULL, "basic" }, { "registered", c.registered != NULL, "basic" },
	};
	char detail[200] = "fields:";
	int contact = 0, financial = 0, any = 0;
	for (size_t i = 0; i < sizeof g / sizeof g[0]; i++) {
		if (!g[i].given)
			continue;
		strcat(detail, any ? "," : " ");
		any = 1;
		strcat(detail, g[i].name);
		contact |= strcmp(g[i].cat, "contact") == 0;
		financial |= strcmp(g[i].cat, "financial") == 0;
	}
	if (!any) {
		cus__person_fields_free(&c);
		return cus__error(CUS_EINVAL, "registry", NULL, "no field to change");
	}
	char cats[64] = "basic", subj[32];
	if (contact)
		strcat(cats, ",contact");
	if (financial)
		strcat(cats, ",financial");
	cus__person_subject(subj, id);
	rc = cus__access_begin(s, "person.update", "person", subj, cats, CUS_OP_WRITE, detail);
	if (rc) {
		cus__person_fields_free(&c);
		return rc;
	}
	cus_person *old = NULL;
	cus__person_fields n = { 0 };
	rc = person_read(&old, s->db, id, WANT_CONTACT | WANT_FINANCIAL);
	if (!rc) {
		if (!(rc = take(&n.pesel, old->pesel)) && !(rc = take(&n.first_names, old->first_names))
			&& !(rc = take(&n.last_name, old->last_name)) && !(rc = take(&n.birth_date, old->birth_date))
			&& !(rc = take(&n.address, old->address)) && !(rc = take(&n.phone, old->phone))
			&& !(rc = take(&n.email, old->email)) && !(rc = take(&n.financial, old->financial))
			&& !(rc = take(&n.teryt, old->teryt)))
			rc = take(&n.registered, old->registered);
		n.sex = old->sex;
	}
	if (!rc && !c.pesel && n.pesel) {
		/* birth date and sex come from the PESEL the person keeps */
		cus_pesel_info info;
		if (cus_pesel_check(n.pesel, &info) != 0)
			rc = cus__error(CUS_EINTEGRITY, "registry", "pesel", "a stored PESEL is invalid");
		else if (c.birth_date && strcmp(c.birth_date, info.birth_date) != 0)
			rc = cus__error(CUS_EINVAL, "registry", "birth_date",
				"birth_date: differs from the birth date the PESEL gives");
		else if (c.sex && c.sex != info.sex)
			rc = cus__error(CUS_EINVAL, "registry", "sex", "sex: differs from the sex the PESEL gives");
	}
	if (!rc && c.pesel) {
		int64_t other = 0;
		rc = cus__pesel_find(s->db, c.pesel, id, &other);
		if (!rc && other)
			rc = cus__error(CUS_EEXISTS, "registry", "pesel",
				"a person with that PESEL is registered (p-%lld)", (long long)other);
	}
	if (!rc) {
		if (c.sex)
			n.sex = c.sex;
		if (!(rc = merge(&n.pesel, &c.pesel)) && !(rc = merge(&n.first_names, &c.first_names))
			&& !(rc = merge(&n.last_name, &c.last_name)) && !(rc = merge(&n.birth_date, &c.birth_date))
			&& !(rc = merge(&n.address, &c.address)) && !(rc = merge(&n.phone, &c.phone))
			&& !(rc = merge(&n.email, &c.email)) && !(rc = merge(&n.financial, &c.financial))
			&& !(rc = merge(&n.teryt, &c.teryt)))
			rc = merge(&n.registered, &c.registered);
	}
	if (!rc) {
		cus__pkey k = { 0 };
		int64_t version = old->version + 1;
		char now[21];
		cus__utc_now(now);
		unsigned char *blobs[7] = { 0 };
		sqlite3_stmt *st = NULL;
		rc = cus__pkey_load(s->db, id, &k);
		int src = SQLITE_OK;
		if (!rc)
			src = sqlite3_prepare_v2(cus__db_sql(s->db), "UPDATE persons SET version = ?1, pesel_index = ?2,"
				" pesel = ?3, first_names = ?4, last_name = ?5, address = ?6, phone = ?7, email = ?8,"
				" financial = ?9, birth_date = ?10, sex = ?11, teryt = ?12, registered = ?13, changed = ?14"
				" WHERE id = ?15 AND version = ?16", -1, &st, NULL);
		if (!rc && src != SQLITE_OK)
			rc = sqlerr(s->db, src, "changing a person");
		if (!rc) {
			sqlite3_bind_int64(st, 1, version);
			if (n.pesel)
				sqlite3_bind_int64(st, 2, cus__pesel_blind(s->db, n.pesel));
			else
				sqlite3_bind_null(st, 2);
			rc = seal_bind(st, 3, blobs, s->db, &k, &n, id, version);
		}
		if (!rc) {
			char sex[2] = { n.sex, 0 };
			sqlite3_bind_text(st, 10, n.birth_date, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 11, sex, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 12, n.teryt, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 13, n.registered, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 14, now, -1, SQLITE_STATIC);
			sqlite3_bind_int64(st, 15, id);
			sqlite3_bind_int64(st, 16, old->version);
			src = sqlite3_step(st);
			if (src != SQLITE_DONE)
				rc = sqlerr(s->db, src, "changing a person");
			else if (sqlite3_changes(cus__db_sql(s->db)) != 1)
				rc = cus__error(CUS_EBUSY, "registry", NULL, "the person was changed meanwhile; retry");
		}
		if (!rc) /* art. 16: keep every value the change replaces (history.c) */
			rc = cus__person_history_add(s, &k, old, &n, reason);
		sqlite3_finalize(st);
		for (int i = 0; i < 7; i++)
			free(blobs[i]);
		cus__pkey_wipe(&k);
	}
	cus_person_free(old);
	/* n's strings come from strdup (plain malloc): wipe and free them */
	char **nf[] = { &n.pesel, &n.first_names, &n.last_name, &n.birth_date, &n.address, &n.phone, &n.email,
		&n.financial, &n.teryt, &n.registered };
	for (size_t i = 0; i < sizeof nf / sizeof nf[0]; i++)
		cus__wipe_free(*nf[i]);
	cus__person_fields_free(&c);
	return cus__access_end(s, rc);
}

/* ---- listing and search ---- */

typedef struct {
	cus_person p;
	unsigned char *key;   /* collation key: last name, 0x01, first names */
	size_t keylen;
} listed;

struct cus_person_iter {
	listed *items;
	size_t n, i;
};

void cus_person_iter_free(cus_person_iter *it)
{
	if (!it)
		return;
	for (size_t i = 0; i < it->n; i++) {
		person_clear(&it->items[i].p);
		cus_free(it->items[i].key);
	}
	free(it->items);
	free(it);
}

int cus_person_next(const cus_person **out, cus_person_iter *it)
{
	if (!out || !it)
		return cus__error(CUS_EINVAL, "registry", NULL, "out or iterator is NULL");
	*out = NULL;
	if (it->i >= it->n)
		return CUS_ITEROVER;
	*out = &it->items[it->i++].p;
	return 0;
}

static int listed_cmp(const void *a, const void *b)
{
	const listed *x = a, *y = b;
	size_t n = x->keylen < y->keylen ? x->keylen : y->keylen;
	int c = memcmp(x->key, y->key, n);
	if (c)
		return c;
	if (x->keylen != y->keylen)
		return x->keylen < y->keylen ? -1 : 1;
	return x->p.id < y->p.id ? -1 : x->p.id > y->p.id;
}

/* Build the sort key: collation key of the last name, a 0x01 separator
 * (lower than any key byte), then that of the first names. */
static int sort_key(listed *l)
{
	unsigned char *a = NULL, *b = NULL;
	size_t alen = 0, blen = 0;
	int rc = cus_text_collation_key(&a, &alen, l->p.last_name ? l->p.last_name : "");
	if (!rc)
		rc = cus_text_collation_key(&b, &blen, l->p.first_names ? l->p.first_names : "");
	if (!rc) {
		l->key = cus__alloc(alen + blen + 2);
		if (!l->key) {
			rc = oom();
		} else {
			memcpy(l->key, a, alen);
			l->key[alen] = 1;
			memcpy(l->key + alen + 1, b, blen);
			l->keylen = alen + 1 + blen;
		}
	}
	cus_free(a);
	cus_free(b);
	return rc;
}

/* Does the search key of the person's names contain every word of words? */
static int matches(const cus_person *p, char *const *words, size_t nwords, int *yes)
{
	*yes = 0;
	size_t len = strlen(p->first_names ? p->first_names : "") + strlen(p->last_name ? p->last_name : "") + 2;
	char *full = malloc(len);
	if (!full)
		return oom();
	snprintf(full, len, "%s %s", p->first_names ? p->first_names : "", p->last_name ? p->last_name : "");
	char *key = NULL;
	int rc = cus_text_search_key(&key, full);
	cus__wipe_free(full);
	if (rc)
		return rc;
	int all = 1;
	for (size_t i = 0; i < nwords && all; i++)
		all = strstr(key, words[i]) != NULL;
	*yes = all;
	cus_free(key);
	return 0;
}

static int collect(cus_person_iter *it, cus_db *db, char *const *words, size_t nwords)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(cus__db_sql(db), "SELECT " PERSON_COLS " FROM persons ORDER BY id", -1, &st,
		NULL);
	if (rc != SQLITE_OK) {
		sqlite3_finalize(st);
		return sqlerr(db, rc, "listing persons");
	}
	size_t cap = 0;
	cus__pkey k = { 0 };
	rc = 0;
	int src;
	while (!rc && (src = sqlite3_step(st)) == SQLITE_ROW) {
		if (it->n == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			listed *ni = realloc(it->items, ncap * sizeof *ni);
			if (!ni) {
				rc = oom();
				break;
			}
			it->items = ni;
			cap = ncap;
		}
		listed *l = &it->items[it->n];
		memset(l, 0, sizeof *l);
		rc = person_from_row(&l->p, db, &k, st, 0);
		if (rc == CUS_ESHREDDED) { /* erased persons are not listed */
			cus_error_clear();
			rc = 0;
			continue;
		}
		if (rc)
			break;
		int yes = 1;
		if (words)
			rc = matches(&l->p, words, nwords, &yes);
		if (!rc && yes)
			rc = sort_key(l);
		if (rc || !yes) {
			person_clear(&l->p);
			continue;
		}
		it->n++;
	}
	if (!rc && src != SQLITE_DONE)
		rc = sqlerr(db, src, "listing persons");
	cus__pkey_wipe(&k);
	sqlite3_finalize(st);
	if (!rc && it->n > 1)
		qsort(it->items, it->n, sizeof *it->items, listed_cmp);
	return rc;
}

static int list_or_find(cus_person_iter **out, cus_session *s, const char *query)
{
	if (!out || !s)
		return cus__error(CUS_EINVAL, "registry", NULL, "out or session is NULL");
	*out = NULL;
	char *key = NULL, *words[64];
	size_t nwords = 0;
	int rc;
	if (query) {
		rc = cus_text_search_key(&key, query);
		if (rc)
			return cus__error(rc, "registry", "query", "query: not valid UTF-8 text");
		char *save = NULL;
		for (char *w = strtok_r(key, " ", &save); w && nwords < 64; w = strtok_r(NULL, " ", &save))
			words[nwords++] = w;
		if (!nwords) {
			cus_free(key);
			return cus__error(CUS_EINVAL, "registry", "query", "query: is empty");
		}
	}
	rc = cus__access_begin(s, query ? "person.find" : "person.list", "person", NULL, "basic", CUS_OP_READ,
		NULL);
	if (rc) {
		cus_free(key);
		return rc;
	}
	cus_person_iter *it = calloc(1, sizeof *it);
	rc = it ? collect(it, s->db, query ? words : NULL, nwords) : oom();
	/* Persons restricted under art. 18 are left out (but for exempt purposes). */
	size_t kept = 0;
	for (size_t i = 0; !rc && i < it->n; i++) {
		int r = cus__access_restricted_for(s, it->items[i].p.id);
		if (r < 0)
			rc = r;
		else if (r) {
			person_clear(&it->items[i].p);
			cus_free(it->items[i].key);
		} else
			it->items[kept++] = it->items[i];
	}
	if (!rc)
		it->n = kept;
	cus_free(key);
	rc = cus__access_end(s, rc);
	if (rc) {
		cus_person_iter_free(it);
		return rc;
	}
	*out = it;
	return 0;
}

int cus_person_list(cus_person_iter **out, cus_session *s)
{
	return list_or_find(out, s, NULL);
}

int cus_person_find(cus_person_iter **out, cus_session *s, const char *query)
{
	if (!query)
		return cus__error(CUS_EINVAL, "registry", "query", "query: is empty");
	return list_or_find(out, s, query);
}
