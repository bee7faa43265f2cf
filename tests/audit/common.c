#include <stdio.h>
#include <stdlib.h>

#include "common.h"

const cus__actor test_actor = { "akowalska", "social_worker", "0123456789abcdef0123456789abcdef",
	"qualification", "art. 6(1)(c) RODO; art. 100 ustawy o pomocy społecznej", 3 };

cus_db *adb_new(const char *dir)
{
	return db_new(path_in(dir, "c.db"), "admin", AUDIT_PASS);
}

cus_db *adb_open(const char *dir)
{
	cus_key *k = key_pass(AUDIT_PASS);
	cus_db *db = NULL;
	int rc = cus_db_open(&db, path_in(dir, "c.db"), "admin", k, NULL);
	ck_assert_msg(rc == 0, "cus_db_open: %s", cus_error_last()->message);
	cus_key_free(k);
	return db;
}

void sql_ok(cus_db *db, const char *q)
{
	char *err = NULL;
	int rc = sqlite3_exec(cus__db_sql(db), q, NULL, NULL, &err);
	ck_assert_msg(rc == SQLITE_OK, "%s: %s", q, err ? err : "?");
	sqlite3_free(err);
}

int sql_fails(cus_db *db, const char *q)
{
	int rc = sqlite3_exec(cus__db_sql(db), q, NULL, NULL, NULL);
	ck_assert_msg(rc != SQLITE_OK, "%s succeeded", q);
	return rc;
}

int64_t sql_int(cus_db *db, const char *q)
{
	sqlite3_stmt *st = NULL;
	ck_assert_int_eq(sqlite3_prepare_v2(cus__db_sql(db), q, -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

void drop_triggers(cus_db *db)
{
	sql_ok(db, "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;"
		   "DROP TRIGGER audit_log_append_only; DROP TRIGGER audit_checkpoints_append_only;"
		   "DROP TRIGGER audit_checkpoints_no_update; DROP TRIGGER audit_checkpoints_no_delete;");
}

void append_chunked(cus_db *db, int n, int chunk)
{
	sqlite3 *sql = cus__db_sql(db);
	int done = 0;
	while (done < n) {
		ck_assert_int_eq(sqlite3_exec(sql, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
		int64_t seq = sql_int(db, "SELECT coalesce(max(seq), 0) FROM audit_log");
		for (int i = 0; i < chunk && done < n; i++, done++) {
			char subject[32], detail[64];
			seq++;
			snprintf(subject, sizeof subject, "P%06lld", (long long)seq);
			snprintf(detail, sizeof detail, "test entry %lld", (long long)seq);
			int rc = cus__audit_append(db, &test_actor, "person.read", "person", seq % 2 ? subject : NULL,
				"basic,contact", "ok", seq % 2 ? detail : NULL);
			ck_assert_msg(rc == 0, "cus__audit_append: %s", cus_error_last()->message);
		}
		ck_assert_int_eq(sqlite3_exec(sql, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
		int rc = cus__audit_after_commit(db);
		ck_assert_msg(rc == 0, "cus__audit_after_commit: %s", cus_error_last()->message);
	}
}

void append_n(cus_db *db, int n)
{
	append_chunked(db, n, n > 0 ? n : 1);
}

void verify_ok(cus_db *db, const char *checkpoints, int64_t entries)
{
	cus_audit_report *r = NULL;
	int rc = cus_audit_verify(&r, db, checkpoints);
	ck_assert_msg(rc == 0, "verify: %s (%s)", cus_error_name(rc), r && r->problem ? r->problem : "");
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->entries, entries);
	ck_assert_int_eq(r->first_bad_seq, 0);
	ck_assert_ptr_null(r->problem);
	ck_assert_int_eq(r->checkpoints, r->db_checkpoints + r->file_checkpoints);
	cus_audit_report_free(r);
}

void verify_bad(cus_db *db, const char *checkpoints, int64_t first_bad, const char *needle)
{
	cus_audit_report *r = NULL;
	int rc = cus_audit_verify(&r, db, checkpoints);
	ck_assert_msg(rc == CUS_EINTEGRITY, "verify returned %s, expected CUS_EINTEGRITY", cus_error_name(rc));
	ck_assert_ptr_nonnull(r);
	ck_assert_ptr_nonnull(r->problem);
	ck_assert_msg(r->first_bad_seq == first_bad, "first bad %lld, expected %lld: %s",
		(long long)r->first_bad_seq, (long long)first_bad, r->problem);
	ck_assert_msg(strstr(r->problem, needle) != NULL, "problem \"%s\" does not say \"%s\"", r->problem, needle);
	ck_assert_str_eq(cus_error_last()->message, r->problem);
	ck_assert_str_eq(cus_error_last()->module, "audit");
	cus_audit_report_free(r);
}

char **lines_read(const char *path, size_t *n)
{
	size_t len = 0;
	unsigned char *d = file_read(path, &len);
	ck_assert_ptr_nonnull(d);
	char **l = NULL;
	*n = 0;
	size_t start = 0;
	for (size_t i = 0; i < len; i++) {
		if (d[i] == '\n') {
			l = realloc(l, (*n + 1) * sizeof *l);
			l[*n] = strndup((const char *)d + start, i - start);
			(*n)++;
			start = i + 1;
		}
	}
	ck_assert_uint_eq(start, len); /* every line ends with '\n' */
	free(d);
	return l;
}

void lines_free(char **l, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(l[i]);
	free(l);
}

void lines_write(const char *path, char **l, size_t n)
{
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s\n", l[i]);
	fclose(f);
}

/* ---- the auditor's implementation ---- */

static void ref_raw(refbuf *r, const void *p, size_t n)
{
	ck_assert_uint_le(r->n + n, sizeof r->b);
	memcpy(r->b + r->n, p, n);
	r->n += n;
}

void ref_enc(refbuf *r, const void *p, size_t n)
{
	unsigned char l[4] = { (unsigned char)(n >> 24), (unsigned char)(n >> 16), (unsigned char)(n >> 8),
		(unsigned char)n };
	ref_raw(r, l, 4);
	ref_raw(r, p, n);
}

void ref_u64(refbuf *r, uint64_t v)
{
	unsigned char b[8];
	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (56 - 8 * i));
	ref_raw(r, b, 8);
}

static void ref_text_col(refbuf *r, sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	ref_enc(r, t, (size_t)sqlite3_column_bytes(st, col));
}

static void ref_opt_col(refbuf *r, sqlite3_stmt *st, int col)
{
	unsigned char presence = sqlite3_column_type(st, col) != SQLITE_NULL;
	ref_raw(r, &presence, 1);
	if (presence)
		ref_text_col(r, st, col);
}

static void ref_hash_stmt_row(sqlite3_stmt *st, unsigned char out[32])
{
	/* columns as selected below */
	refbuf r = { .n = 0 };
	ref_enc(&r, "cus-audit-entry-v1", 18);
	ref_u64(&r, (uint64_t)sqlite3_column_int64(st, 0));
	for (int c = 1; c <= 6; c++)   /* time user role session action object_type */
		ref_text_col(&r, st, c);
	ref_opt_col(&r, st, 7);        /* subject */
	for (int c = 8; c <= 11; c++)  /* categories purpose legal_basis outcome */
		ref_text_col(&r, st, c);
	ref_u64(&r, (uint64_t)sqlite3_column_int64(st, 12));
	ref_opt_col(&r, st, 13);       /* detail */
	ck_assert_int_eq(sqlite3_column_bytes(st, 14), 32);
	ref_enc(&r, sqlite3_column_blob(st, 14), 32);
	crypto_generichash(out, 32, r.b, r.n, NULL, 0);
}

#define ROW_COLUMNS "seq, time, user, role, session, action, object_type, subject, categories, purpose," \
	" legal_basis, outcome, policy_version, detail, prev_hash, hash"

void ref_entry_hash_of_row(cus_db *db, int64_t seq, unsigned char out[32])
{
	sqlite3_stmt *st = NULL;
	ck_assert_int_eq(sqlite3_prepare_v2(cus__db_sql(db), "SELECT " ROW_COLUMNS " FROM audit_log WHERE seq = ?",
		-1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, seq);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ref_hash_stmt_row(st, out);
	sqlite3_finalize(st);
}

void stored_hash(cus_db *db, int64_t seq, unsigned char out[32])
{
	sqlite3_stmt *st = NULL;
	ck_assert_int_eq(sqlite3_prepare_v2(cus__db_sql(db), "SELECT hash FROM audit_log WHERE seq = ?", -1, &st,
		NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, seq);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_bytes(st, 0), 32);
	memcpy(out, sqlite3_column_blob(st, 0), 32);
	sqlite3_finalize(st);
}

void ref_keys(cus_db *db, unsigned char pk[32], unsigned char sk[64])
{
	unsigned char seed[32];
	ck_assert_int_eq(crypto_kdf_derive_from_key(seed, 32, 1, "CUSaudit", db->master), 0);
	ck_assert_int_eq(crypto_sign_seed_keypair(pk, sk, seed), 0);
	sodium_memzero(seed, sizeof seed);
}

void ref_cp_message(refbuf *r, const refcp *c)
{
	r->n = 0;
	ref_enc(r, "cus-audit-checkpoint-v1", 23);
	ref_enc(r, c->log_id, strlen(c->log_id));
	ref_u64(r, (uint64_t)c->seq);
	ref_enc(r, c->head, 32);
	ref_enc(r, c->time, strlen(c->time));
	ref_enc(r, c->prev, 32);
}

int ref_cp_parse(refcp *c, const char *line)
{
	char tag[64], log_id[64], head[80], time[64], prev[80], pk[80], sig[160];
	long long seq;
	char extra;
	if (sscanf(line, "%63s %63s %lld %79s %63s %79s %79s %159s %c", tag, log_id, &seq, head, time, prev, pk, sig,
		    &extra) != 8)
		return -1;
	if (strcmp(tag, "cus-audit-checkpoint-v1") != 0 || strlen(log_id) != 32 || strlen(time) != 24)
		return -1;
	strcpy(c->log_id, log_id);
	strcpy(c->time, time);
	c->seq = seq;
	if (sodium_hex2bin(c->head, 32, head, strlen(head), NULL, NULL, NULL) ||
	    sodium_hex2bin(c->prev, 32, prev, strlen(prev), NULL, NULL, NULL) ||
	    sodium_hex2bin(c->pk, 32, pk, strlen(pk), NULL, NULL, NULL) ||
	    sodium_hex2bin(c->sig, 64, sig, strlen(sig), NULL, NULL, NULL))
		return -1;
	return 0;
}

void ref_cp_line(char *out, size_t size, const refcp *c)
{
	char head[65], prev[65], pk[65], sig[129];
	sodium_bin2hex(head, sizeof head, c->head, 32);
	sodium_bin2hex(prev, sizeof prev, c->prev, 32);
	sodium_bin2hex(pk, sizeof pk, c->pk, 32);
	sodium_bin2hex(sig, sizeof sig, c->sig, 64);
	snprintf(out, size, "cus-audit-checkpoint-v1 %s %lld %s %s %s %s %s", c->log_id, (long long)c->seq, head,
		c->time, prev, pk, sig);
}

void rewrite_chain_from(cus_db *db, int64_t from)
{
	int64_t last = sql_int(db, "SELECT max(seq) FROM audit_log");
	sqlite3_stmt *up = NULL;
	ck_assert_int_eq(sqlite3_prepare_v2(cus__db_sql(db), "UPDATE audit_log SET prev_hash = ?, hash = ?"
		" WHERE seq = ?", -1, &up, NULL), SQLITE_OK);
	unsigned char prev[32], h[32];
	memset(prev, 0, 32);
	if (from > 1)
		stored_hash(db, from - 1, prev);
	for (int64_t s = from; s <= last; s++) {
		/* first the new prev_hash, then the hash over it */
		sqlite3_bind_blob(up, 1, prev, 32, SQLITE_TRANSIENT);
		stored_hash(db, s, h);
		sqlite3_bind_blob(up, 2, h, 32, SQLITE_TRANSIENT);
		sqlite3_bind_int64(up, 3, s);
		ck_assert_int_eq(sqlite3_step(up), SQLITE_DONE);
		sqlite3_reset(up);
		ref_entry_hash_of_row(db, s, h);
		sqlite3_bind_blob(up, 1, prev, 32, SQLITE_TRANSIENT);
		sqlite3_bind_blob(up, 2, h, 32, SQLITE_TRANSIENT);
		sqlite3_bind_int64(up, 3, s);
		ck_assert_int_eq(sqlite3_step(up), SQLITE_DONE);
		sqlite3_reset(up);
		memcpy(prev, h, 32);
	}
	sqlite3_finalize(up);
}

void resign_db_checkpoints(cus_db *db)
{
	unsigned char pk[32], sk[64], digest[32];
	ref_keys(db, pk, sk);
	memset(digest, 0, 32);
	sqlite3_stmt *st = NULL, *up = NULL;
	ck_assert_int_eq(sqlite3_prepare_v2(cus__db_sql(db), "SELECT seq, log_id, time FROM audit_checkpoints"
		" ORDER BY seq", -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(cus__db_sql(db), "UPDATE audit_checkpoints SET head_hash = ?,"
		" prev_checkpoint = ?, signature = ? WHERE seq = ?", -1, &up, NULL), SQLITE_OK);
	refcp c;
	refbuf m;
	while (sqlite3_step(st) == SQLITE_ROW) {
		memset(&c, 0, sizeof c);
		c.seq = sqlite3_column_int64(st, 0);
		snprintf(c.log_id, sizeof c.log_id, "%s", sqlite3_column_text(st, 1));
		snprintf(c.time, sizeof c.time, "%s", sqlite3_column_text(st, 2));
		stored_hash(db, c.seq, c.head);
		memcpy(c.prev, digest, 32);
		ref_cp_message(&m, &c);
		crypto_sign_detached(c.sig, NULL, m.b, m.n, sk);
		crypto_generichash(digest, 32, m.b, m.n, NULL, 0);
		sqlite3_bind_blob(up, 1, c.head, 32, SQLITE_TRANSIENT);
		sqlite3_bind_blob(up, 2, c.prev, 32, SQLITE_TRANSIENT);
		sqlite3_bind_blob(up, 3, c.sig, 64, SQLITE_TRANSIENT);
		sqlite3_bind_int64(up, 4, c.seq);
		ck_assert_int_eq(sqlite3_step(up), SQLITE_DONE);
		sqlite3_reset(up);
	}
	sqlite3_finalize(st);
	sqlite3_finalize(up);
	sodium_memzero(sk, sizeof sk);
}
