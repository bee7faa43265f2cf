/* The audit log: appending entries to the hash chain inside the caller's
 * transaction, signed checkpoints, and their export to the checkpoint file. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "internal.h"

/* ---- time ---- */

void cus__audit_now(char buf[32])
{
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	size_t n = strftime(buf, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	int ms = (int)(ts.tv_nsec / 1000000) % 1000;
	buf[n] = '.';
	buf[n + 1] = (char)('0' + ms / 100);
	buf[n + 2] = (char)('0' + ms / 10 % 10);
	buf[n + 3] = (char)('0' + ms % 10);
	buf[n + 4] = 'Z';
	buf[n + 5] = '\0';
}

int cus__audit_time_valid(const char *s, size_t len)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd.dddZ";
	if (len != CUS__AUDIT_TIME_LEN)
		return 0;
	for (size_t i = 0; i < len; i++) {
		if (shape[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != shape[i])
			return 0;
	}
	return 1;
}

/* ---- the entry hash ---- */

/* A small staging buffer in front of BLAKE2b: most entries fit and are
 * hashed in one call; longer ones stream through the incremental API. */
typedef struct {
	crypto_generichash_state st;
	size_t n;
	int streaming;
	unsigned char buf[768];
} hasher;

static void h_raw(hasher *h, const void *p, size_t len)
{
	if (h->n + len > sizeof h->buf) {
		if (!h->streaming) {
			crypto_generichash_init(&h->st, NULL, 0, CUS__AUDIT_HASH_BYTES);
			h->streaming = 1;
		}
		crypto_generichash_update(&h->st, h->buf, h->n);
		h->n = 0;
		if (len > sizeof h->buf) {
			crypto_generichash_update(&h->st, p, len);
			return;
		}
	}
	memcpy(h->buf + h->n, p, len);
	h->n += len;
}

static void h_u32(hasher *h, uint32_t v)
{
	unsigned char b[4] = { (unsigned char)(v >> 24), (unsigned char)(v >> 16), (unsigned char)(v >> 8),
		(unsigned char)v };
	h_raw(h, b, 4);
}

static void h_u64(hasher *h, uint64_t v)
{
	unsigned char b[8];
	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (56 - 8 * i));
	h_raw(h, b, 8);
}

/* enc(x): u32 BE length, then the bytes */
static void h_enc(hasher *h, const void *p, size_t n)
{
	h_u32(h, (uint32_t)n);
	if (n)
		h_raw(h, p, n);
}

static void h_text(hasher *h, cus__audit_text t)
{
	h_enc(h, t.p, t.p ? t.n : 0);
}

/* opt(x): 0x00 for NULL, else 0x01 then enc(x) */
static void h_opt(hasher *h, cus__audit_text t)
{
	unsigned char presence = t.p ? 1 : 0;
	h_raw(h, &presence, 1);
	if (t.p)
		h_enc(h, t.p, t.n);
}

void cus__audit_entry_hash(unsigned char out[CUS__AUDIT_HASH_BYTES], const cus__audit_fields *f)
{
	hasher h;
	h.n = 0;
	h.streaming = 0;
	h_enc(&h, CUS__AUDIT_ENTRY_TAG, sizeof CUS__AUDIT_ENTRY_TAG - 1);
	h_u64(&h, (uint64_t)f->seq);
	h_text(&h, f->time);
	h_text(&h, f->user);
	h_text(&h, f->role);
	h_text(&h, f->session);
	h_text(&h, f->action);
	h_text(&h, f->object_type);
	h_opt(&h, f->subject);
	h_text(&h, f->categories);
	h_text(&h, f->purpose);
	h_text(&h, f->legal_basis);
	h_text(&h, f->outcome);
	h_u64(&h, (uint64_t)f->policy_version);
	h_opt(&h, f->detail);
	h_enc(&h, f->prev_hash, CUS__AUDIT_HASH_BYTES);
	if (!h.streaming) {
		crypto_generichash(out, CUS__AUDIT_HASH_BYTES, h.buf, h.n, NULL, 0);
	} else {
		crypto_generichash_update(&h.st, h.buf, h.n);
		crypto_generichash_final(&h.st, out, CUS__AUDIT_HASH_BYTES);
	}
}

/* ---- checkpoints: message, digest, signature, text line ---- */

static size_t put_enc(unsigned char *buf, size_t at, const void *p, size_t n)
{
	buf[at] = (unsigned char)(n >> 24);
	buf[at + 1] = (unsigned char)(n >> 16);
	buf[at + 2] = (unsigned char)(n >> 8);
	buf[at + 3] = (unsigned char)n;
	memcpy(buf + at + 4, p, n);
	return at + 4 + n;
}

size_t cus__audit_cp_message(unsigned char *buf, const cus__audit_cp *c)
{
	size_t at = 0;
	at = put_enc(buf, at, CUS__AUDIT_CHECKPOINT_TAG, sizeof CUS__AUDIT_CHECKPOINT_TAG - 1);
	at = put_enc(buf, at, c->log_id, strlen(c->log_id));
	for (int i = 0; i < 8; i++)
		buf[at++] = (unsigned char)((uint64_t)c->seq >> (56 - 8 * i));
	at = put_enc(buf, at, c->head, CUS__AUDIT_HASH_BYTES);
	at = put_enc(buf, at, c->time, strlen(c->time));
	at = put_enc(buf, at, c->prev, CUS__AUDIT_HASH_BYTES);
	return at;
}

void cus__audit_cp_digest(unsigned char out[CUS__AUDIT_HASH_BYTES], const cus__audit_cp *c)
{
	unsigned char m[256];
	size_t n = cus__audit_cp_message(m, c);
	crypto_generichash(out, CUS__AUDIT_HASH_BYTES, m, n, NULL, 0);
}

int cus__audit_cp_signature_ok(const cus__audit_cp *c, const unsigned char pk[CUS__AUDIT_PK_BYTES])
{
	unsigned char m[256];
	size_t n = cus__audit_cp_message(m, c);
	return crypto_sign_verify_detached(c->sig, m, n, pk) == 0;
}

static int blob_into(unsigned char *out, size_t want, sqlite3_stmt *st, int col)
{
	const void *p = sqlite3_column_blob(st, col);
	if (sqlite3_column_type(st, col) != SQLITE_BLOB || (size_t)sqlite3_column_bytes(st, col) != want || !p)
		return -1;
	memcpy(out, p, want);
	return 0;
}

static int text_into(char *out, size_t size, sqlite3_stmt *st, int col)
{
	const unsigned char *p = sqlite3_column_text(st, col);
	size_t n = (size_t)sqlite3_column_bytes(st, col);
	if (!p || n >= size || memchr(p, '\0', n))
		return -1;
	memcpy(out, p, n);
	out[n] = '\0';
	return 0;
}

int cus__audit_cp_from_row(cus__audit_cp *c, sqlite3_stmt *st, int col)
{
	memset(c, 0, sizeof *c);
	c->seq = sqlite3_column_int64(st, col);
	if (text_into(c->log_id, sizeof c->log_id, st, col + 1) ||
	    blob_into(c->head, sizeof c->head, st, col + 2) ||
	    text_into(c->time, sizeof c->time, st, col + 3) ||
	    blob_into(c->prev, sizeof c->prev, st, col + 4) ||
	    blob_into(c->pk, sizeof c->pk, st, col + 5) ||
	    blob_into(c->sig, sizeof c->sig, st, col + 6))
		return -1;
	return 0;
}

void cus__audit_cp_line(char *buf, const cus__audit_cp *c)
{
	char head[65], prev[65], pk[65], sig[129];
	cus__hex(head, c->head, sizeof c->head);
	cus__hex(prev, c->prev, sizeof c->prev);
	cus__hex(pk, c->pk, sizeof c->pk);
	cus__hex(sig, c->sig, sizeof c->sig);
	snprintf(buf, CUS__AUDIT_LINE_MAX, "%s %.64s %" PRId64 " %s %.31s %s %s %s\n", CUS__AUDIT_CHECKPOINT_TAG,
		c->log_id, c->seq, head, c->time, prev, pk, sig);
}

/* Lowercase hex of exactly 2 * n digits. */
static int hex_field(unsigned char *out, size_t n, const char *s, size_t len)
{
	if (len != 2 * n)
		return -1;
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return -1;
	if (out && sodium_hex2bin(out, n, s, len, NULL, NULL, NULL) != 0)
		return -1;
	return 0;
}

int cus__audit_cp_parse(cus__audit_cp *c, const char *line, size_t len)
{
	const char *f[8];
	size_t fl[8], nf = 0, start = 0;
	memset(c, 0, sizeof *c);
	if (len == 0 || len >= CUS__AUDIT_LINE_MAX)
		return -1;
	for (size_t i = 0; i <= len; i++) {
		if (i == len || line[i] == ' ') {
			if (nf == 8 || i == start)
				return -1;
			f[nf] = line + start;
			fl[nf++] = i - start;
			start = i + 1;
		}
	}
	if (nf != 8 || fl[0] != sizeof CUS__AUDIT_CHECKPOINT_TAG - 1 ||
	    memcmp(f[0], CUS__AUDIT_CHECKPOINT_TAG, fl[0]) != 0)
		return -1;
	if (hex_field(NULL, CUS__DB_ID_BYTES, f[1], fl[1]))
		return -1;
	memcpy(c->log_id, f[1], fl[1]);
	c->log_id[fl[1]] = '\0';
	/* seq: 1 to 19 decimal digits, no leading zero, no overflow */
	if (fl[2] == 0 || fl[2] > 19 || f[2][0] == '0')
		return -1;
	uint64_t seq = 0;
	for (size_t i = 0; i < fl[2]; i++) {
		if (f[2][i] < '0' || f[2][i] > '9')
			return -1;
		seq = seq * 10 + (uint64_t)(f[2][i] - '0');
	}
	if (seq > (uint64_t)INT64_MAX)
		return -1;
	c->seq = (int64_t)seq;
	if (hex_field(c->head, sizeof c->head, f[3], fl[3]) || !cus__audit_time_valid(f[4], fl[4]) ||
	    hex_field(c->prev, sizeof c->prev, f[5], fl[5]) || hex_field(c->pk, sizeof c->pk, f[6], fl[6]) ||
	    hex_field(c->sig, sizeof c->sig, f[7], fl[7]))
		return -1;
	memcpy(c->time, f[4], fl[4]);
	c->time[fl[4]] = '\0';
	return 0;
}

int cus__audit_torn_line(const char *s, size_t len)
{
	static const char tag[] = CUS__AUDIT_CHECKPOINT_TAG " ";
	size_t t = sizeof tag - 1;
	if (len >= CUS__AUDIT_LINE_MAX)
		return 0;
	if (memcmp(s, tag, len < t ? len : t) != 0)
		return 0;
	for (size_t i = t; i < len; i++) {
		char c = s[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == ' ' || c == '-' || c == ':' ||
			    c == '.' || c == 'T' || c == 'Z'))
			return 0;
	}
	return 1;
}

/* ---- per-handle state and keys ---- */

void cus__audit_state_free(cus_db *db)
{
	if (!db || !db->audit)
		return;
	struct cus__audit_state *st = db->audit;
	sqlite3_finalize(st->head);
	sqlite3_finalize(st->insert);
	sqlite3_finalize(st->last_cp);
	sqlite3_finalize(st->insert_cp);
	cus__secret_free(st->sk);
	sodium_memzero(st, sizeof *st);
	free(st);
	db->audit = NULL;
}

int cus__audit_state_get(cus_db *db, struct cus__audit_state **out)
{
	if (!db->audit) {
		struct cus__audit_state *st = calloc(1, sizeof *st);
		if (!st)
			return cus__error(CUS_ENOMEM, "audit", NULL, "out of memory");
		cus__hex(st->log_id, db->db_id, CUS__DB_ID_BYTES);
		st->export_due = 1; /* the first commit brings the file up to date */
		db->audit = st;
		cus__db_on_close(db, cus__audit_state_free);
	}
	*out = db->audit;
	return 0;
}

int cus__audit_keys(cus_db *db, struct cus__audit_state **out)
{
	struct cus__audit_state *st = NULL;
	int rc = cus__audit_state_get(db, &st);
	if (rc)
		return rc;
	if (!st->sk) {
		unsigned char *seed = cus__secret_alloc(crypto_sign_SEEDBYTES);
		unsigned char *sk = cus__secret_alloc(crypto_sign_SECRETKEYBYTES);
		if (!seed || !sk) {
			cus__secret_free(seed);
			cus__secret_free(sk);
			return cus__error(CUS_ENOMEM, "audit", NULL, "cannot allocate secure memory for the signing key");
		}
		cus__derive(seed, crypto_sign_SEEDBYTES, CUS__KDF_ID_AUDIT_SIGN, CUS__KDF_CTX_AUDIT, db->master);
		crypto_sign_seed_keypair(st->pk, sk, seed);
		cus__secret_free(seed);
		st->sk = sk;
	}
	*out = st;
	return 0;
}

int cus__audit_public_key(cus_db *db, unsigned char pk[CUS__AUDIT_PK_BYTES])
{
	struct cus__audit_state *st = NULL;
	int rc = cus__audit_keys(db, &st);
	if (!rc)
		memcpy(pk, st->pk, CUS__AUDIT_PK_BYTES);
	return rc;
}

static int prepare(cus_db *db, sqlite3_stmt **st, const char *sql)
{
	if (*st)
		return 0;
	int rc = sqlite3_prepare_v2(db->sql, sql, -1, st, NULL);
	if (rc != SQLITE_OK)
		return cus__sql_error(db->sql, rc, "preparing the audit log");
	return 0;
}

/* ---- appending ---- */

static cus__audit_text txt(const char *s)
{
	cus__audit_text t = { s, s ? strlen(s) : 0 };
	return t;
}

static cus__audit_text txt_req(const char *s)
{
	return txt(s ? s : "");
}

static int outcome_valid(const char *o)
{
	return o && (strcmp(o, "ok") == 0 || strcmp(o, "denied") == 0 || strcmp(o, "error") == 0);
}

/* The last entry: its seq (0 for an empty log) and hash (zeros then). */
static int read_head(cus_db *db, struct cus__audit_state *st, int64_t *seq, unsigned char hash[32])
{
	int rc = prepare(db, &st->head, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
	if (rc)
		return rc;
	int r = sqlite3_step(st->head);
	if (r == SQLITE_ROW) {
		*seq = sqlite3_column_int64(st->head, 0);
		if (blob_into(hash, CUS__AUDIT_HASH_BYTES, st->head, 1) != 0 || *seq < 1) {
			sqlite3_reset(st->head);
			return cus__error(CUS_EINTEGRITY, "audit", NULL,
				"the last audit entry (%" PRId64 ") is damaged; run cus audit verify", *seq);
		}
		rc = 0;
	} else if (r == SQLITE_DONE) {
		*seq = 0;
		memset(hash, 0, CUS__AUDIT_HASH_BYTES);
		rc = 0;
	} else {
		rc = cus__sql_error(db->sql, r, "reading the audit log");
	}
	sqlite3_reset(st->head);
	return rc;
}

/* Store a checkpoint of (seq, head) unless the last one already covers seq. */
static int store_checkpoint(cus_db *db, int64_t seq, const unsigned char head[32])
{
	struct cus__audit_state *st = NULL;
	int rc = cus__audit_keys(db, &st);
	if (!rc)
		rc = prepare(db, &st->last_cp, "SELECT seq, log_id, head_hash, time, prev_checkpoint, public_key,"
			" signature FROM audit_checkpoints ORDER BY seq DESC LIMIT 1");
	if (!rc)
		rc = prepare(db, &st->insert_cp, "INSERT INTO audit_checkpoints (seq, log_id, head_hash, time,"
			" prev_checkpoint, public_key, signature) VALUES (?, ?, ?, ?, ?, ?, ?)");
	if (rc)
		return rc;
	cus__audit_cp c, last;
	memset(&c, 0, sizeof c);
	int r = sqlite3_step(st->last_cp);
	if (r == SQLITE_ROW) {
		if (cus__audit_cp_from_row(&last, st->last_cp, 0) != 0)
			rc = cus__error(CUS_EINTEGRITY, "audit", NULL,
				"the last audit checkpoint (%" PRId64 ") is damaged; run cus audit verify",
				(int64_t)sqlite3_column_int64(st->last_cp, 0));
		else if (last.seq > seq)
			rc = cus__error(CUS_EINTEGRITY, "audit", NULL,
				"the last audit checkpoint (%" PRId64 ") is beyond the last entry (%" PRId64
				"); run cus audit verify", last.seq, seq);
		else
			cus__audit_cp_digest(c.prev, &last);
	} else if (r != SQLITE_DONE) {
		rc = cus__sql_error(db->sql, r, "reading the audit checkpoints");
	}
	sqlite3_reset(st->last_cp);
	if (rc || (r == SQLITE_ROW && last.seq == seq))
		return rc;

	c.seq = seq;
	memcpy(c.log_id, st->log_id, sizeof st->log_id);
	memcpy(c.head, head, CUS__AUDIT_HASH_BYTES);
	cus__audit_now(c.time);
	memcpy(c.pk, st->pk, sizeof c.pk);
	unsigned char m[256];
	size_t mlen = cus__audit_cp_message(m, &c);
	crypto_sign_detached(c.sig, NULL, m, mlen, st->sk);

	sqlite3_stmt *ins = st->insert_cp;
	sqlite3_bind_int64(ins, 1, c.seq);
	sqlite3_bind_text(ins, 2, c.log_id, -1, SQLITE_STATIC);
	sqlite3_bind_blob(ins, 3, c.head, sizeof c.head, SQLITE_STATIC);
	sqlite3_bind_text(ins, 4, c.time, -1, SQLITE_STATIC);
	sqlite3_bind_blob(ins, 5, c.prev, sizeof c.prev, SQLITE_STATIC);
	sqlite3_bind_blob(ins, 6, c.pk, sizeof c.pk, SQLITE_STATIC);
	sqlite3_bind_blob(ins, 7, c.sig, sizeof c.sig, SQLITE_STATIC);
	r = sqlite3_step(ins);
	rc = r == SQLITE_DONE ? 0 : cus__sql_error(db->sql, r, "writing an audit checkpoint");
	sqlite3_reset(ins);
	sqlite3_clear_bindings(ins);
	if (!rc)
		st->txn_checkpoint = 1;
	return rc;
}

int cus__audit_append(cus_db *db, const cus__actor *a, const char *action, const char *object_type,
	const char *subject, const char *categories, const char *outcome, const char *detail)
{
	if (!db || !a || !a->user || !*a->user || !action || !*action || !object_type || !*object_type)
		return cus__error(CUS_EINVAL, "audit", NULL,
			"an audit entry needs a user, an action and an object type");
	if (!outcome_valid(outcome))
		return cus__error(CUS_EINVAL, "audit", "outcome", "an audit outcome is ok, denied or error");
	if (sqlite3_get_autocommit(db->sql))
		return cus__error(CUS_ERROR, "audit", NULL,
			"an audit entry must be appended inside the transaction of the access it records");
	struct cus__audit_state *st = NULL;
	int rc = cus__audit_state_get(db, &st);
	if (!rc)
		rc = prepare(db, &st->insert, "INSERT INTO audit_log (seq, time, user, role, session, action,"
			" object_type, subject, categories, purpose, legal_basis, outcome, policy_version, detail,"
			" prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	unsigned char prev[CUS__AUDIT_HASH_BYTES], hash[CUS__AUDIT_HASH_BYTES];
	int64_t last = 0;
	if (!rc)
		rc = read_head(db, st, &last, prev);
	if (rc)
		return rc;
	if (last == INT64_MAX)
		return cus__error(CUS_ERROR, "audit", NULL, "the audit log is full");

	char now[32];
	cus__audit_now(now);
	cus__audit_fields f = {
		.seq = last + 1,
		.time = txt(now),
		.user = txt(a->user),
		.role = txt_req(a->role),
		.session = txt_req(a->session),
		.action = txt(action),
		.object_type = txt(object_type),
		.subject = txt(subject),
		.categories = txt_req(categories),
		.purpose = txt_req(a->purpose),
		.legal_basis = txt_req(a->legal_basis),
		.outcome = txt(outcome),
		.policy_version = a->policy_version,
		.detail = txt(detail),
		.prev_hash = prev,
	};
	cus__audit_entry_hash(hash, &f);

	sqlite3_stmt *ins = st->insert;
	const cus__audit_text *cols[] = { &f.time, &f.user, &f.role, &f.session, &f.action, &f.object_type,
		&f.subject, &f.categories, &f.purpose, &f.legal_basis, &f.outcome };
	sqlite3_bind_int64(ins, 1, f.seq);
	for (int i = 0; i < 11; i++) {
		if (cols[i]->p)
			sqlite3_bind_text(ins, 2 + i, cols[i]->p, (int)cols[i]->n, SQLITE_STATIC);
		else
			sqlite3_bind_null(ins, 2 + i);
	}
	sqlite3_bind_int64(ins, 13, f.policy_version);
	if (f.detail.p)
		sqlite3_bind_text(ins, 14, f.detail.p, (int)f.detail.n, SQLITE_STATIC);
	else
		sqlite3_bind_null(ins, 14);
	sqlite3_bind_blob(ins, 15, prev, sizeof prev, SQLITE_STATIC);
	sqlite3_bind_blob(ins, 16, hash, sizeof hash, SQLITE_STATIC);
	int r = sqlite3_step(ins);
	rc = r == SQLITE_DONE ? 0 : cus__sql_error(db->sql, r, "writing an audit entry");
	sqlite3_reset(ins);
	sqlite3_clear_bindings(ins);
	if (!rc && f.seq % CUS_AUDIT_CHECKPOINT_EVERY == 0)
		rc = store_checkpoint(db, f.seq, hash);
	return rc;
}

int cus__audit_checkpoint_now(cus_db *db, int64_t *seq)
{
	if (seq)
		*seq = 0;
	if (!db)
		return cus__error(CUS_EINVAL, "audit", NULL, "db is NULL");
	if (sqlite3_get_autocommit(db->sql))
		return cus__error(CUS_ERROR, "audit", NULL, "a checkpoint must be stored inside a transaction");
	struct cus__audit_state *st = NULL;
	unsigned char head[CUS__AUDIT_HASH_BYTES];
	int64_t last = 0;
	int rc = cus__audit_state_get(db, &st);
	if (!rc)
		rc = read_head(db, st, &last, head);
	if (!rc && last > 0)
		rc = store_checkpoint(db, last, head);
	if (!rc && seq)
		*seq = last;
	return rc;
}

void cus__audit_after_rollback(cus_db *db)
{
	if (db && db->audit)
		db->audit->txn_checkpoint = 0;
}

int cus__audit_after_commit(cus_db *db)
{
	if (!db)
		return 0;
	struct cus__audit_state *st = NULL;
	int rc = cus__audit_state_get(db, &st);
	if (rc)
		return rc;
	if (!st->txn_checkpoint && !st->export_due)
		return 0;
	st->txn_checkpoint = 0;
	rc = cus__audit_export(db, NULL);
	st->export_due = rc != 0;
	return rc;
}

/* ---- the checkpoint file ---- */

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int fsync_dir_of(const char *path)
{
	char *dir = strdup(path);
	if (!dir)
		return -1;
	char *slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	else
		strcpy(dir, ".");
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	if (fd < 0)
		return -1;
	int r = fsync(fd);
	close(fd);
	return r;
}

/* The last complete line of the file (locked by the caller). A line torn by
 * a crash (no '\n' at the end, shaped like the start of a checkpoint line)
 * is cut off; any other unterminated end means this is not a checkpoint
 * file. *len = 0 for an empty file. */
static int file_last_line(int fd, const char *path, char *line, size_t *len)
{
	struct stat sb;
	*len = 0;
	if (fstat(fd, &sb) != 0)
		return cus__error(CUS_EIO, "audit", "checkpoints", "cannot read %s: %s", path, strerror(errno));
	if (!S_ISREG(sb.st_mode))
		return cus__error(CUS_EINVAL, "audit", "checkpoints", "%s is not a regular file", path);
	if (sb.st_size == 0)
		return 0;
	char buf[2 * CUS__AUDIT_LINE_MAX + 1];
	off_t size = sb.st_size;
	size_t want = size < (off_t)(sizeof buf - 1) ? (size_t)size : sizeof buf - 1;
	off_t from = size - (off_t)want;
	ssize_t got = pread(fd, buf, want, from);
	if (got != (ssize_t)want)
		return cus__error(CUS_EIO, "audit", "checkpoints", "cannot read %s", path);
	buf[want] = '\0';
	size_t end = want; /* one past the last complete line's '\n' */
	if (buf[want - 1] != '\n') {
		size_t cut = want;
		while (cut > 0 && buf[cut - 1] != '\n')
			cut--;
		int nl = cut > 0;
		if ((!nl && from > 0) || !cus__audit_torn_line(buf + cut, want - cut))
			return cus__error(CUS_EINTEGRITY, "audit", "checkpoints",
				"%s does not end with a checkpoint line: it is not a checkpoint file", path);
		if (ftruncate(fd, from + (off_t)cut) != 0 || fsync(fd) != 0)
			return cus__error(CUS_EIO, "audit", "checkpoints", "cannot repair the torn last line of %s: %s",
				path, strerror(errno));
		end = cut;
		if (end == 0)
			return 0;
	}
	/* the line before end */
	size_t start = end - 1;
	while (start > 0 && buf[start - 1] != '\n')
		start--;
	if (start == 0 && from > 0)
		return cus__error(CUS_EINTEGRITY, "audit", "checkpoints",
			"the last line of %s is too long: it is not a checkpoint file", path);
	*len = end - 1 - start;
	if (*len >= CUS__AUDIT_LINE_MAX)
		return cus__error(CUS_EINTEGRITY, "audit", "checkpoints",
			"the last line of %s is too long: it is not a checkpoint file", path);
	memcpy(line, buf + start, *len);
	line[*len] = '\0';
	return 0;
}

/* One checkpoint of the database by seq: 1 found, 0 not, or an error. */
static int db_checkpoint_at(cus_db *db, int64_t seq, cus__audit_cp *c)
{
	sqlite3_stmt *q = NULL;
	int r = sqlite3_prepare_v2(db->sql, "SELECT seq, log_id, head_hash, time, prev_checkpoint, public_key,"
		" signature FROM audit_checkpoints WHERE seq = ?", -1, &q, NULL);
	if (r != SQLITE_OK)
		return cus__sql_error(db->sql, r, "reading the audit checkpoints");
	sqlite3_bind_int64(q, 1, seq);
	int rc;
	r = sqlite3_step(q);
	if (r == SQLITE_ROW)
		rc = cus__audit_cp_from_row(c, q, 0) == 0 ? 1
			: cus__error(CUS_EINTEGRITY, "audit", NULL,
				"the audit checkpoint at %" PRId64 " is damaged; run cus audit verify", seq);
	else if (r == SQLITE_DONE)
		rc = 0;
	else
		rc = cus__sql_error(db->sql, r, "reading the audit checkpoints");
	sqlite3_finalize(q);
	return rc;
}

/* Lines of every checkpoint after seq `after`, in order, into *out. */
static int db_lines_after(cus_db *db, int64_t after, char **out, size_t *len)
{
	sqlite3_stmt *q = NULL;
	*out = NULL;
	*len = 0;
	int r = sqlite3_prepare_v2(db->sql, "SELECT seq, log_id, head_hash, time, prev_checkpoint, public_key,"
		" signature FROM audit_checkpoints WHERE seq > ? ORDER BY seq", -1, &q, NULL);
	if (r != SQLITE_OK)
		return cus__sql_error(db->sql, r, "reading the audit checkpoints");
	sqlite3_bind_int64(q, 1, after);
	size_t cap = 0;
	int rc = 0;
	char line[CUS__AUDIT_LINE_MAX];
	while ((r = sqlite3_step(q)) == SQLITE_ROW) {
		cus__audit_cp c;
		if (cus__audit_cp_from_row(&c, q, 0) != 0 || !cus__audit_time_valid(c.time, strlen(c.time)) ||
		    hex_field(NULL, CUS__DB_ID_BYTES, c.log_id, strlen(c.log_id)) != 0) {
			rc = cus__error(CUS_EINTEGRITY, "audit", NULL,
				"the audit checkpoint at %" PRId64 " is damaged; run cus audit verify",
				(int64_t)sqlite3_column_int64(q, 0));
			break;
		}
		cus__audit_cp_line(line, &c);
		size_t n = strlen(line);
		if (*len + n > cap) {
			size_t ncap = cap ? cap * 2 : 4096;
			while (ncap < *len + n)
				ncap *= 2;
			char *p = realloc(*out, ncap);
			if (!p) {
				rc = cus__error(CUS_ENOMEM, "audit", NULL, "out of memory");
				break;
			}
			*out = p;
			cap = ncap;
		}
		memcpy(*out + *len, line, n);
		*len += n;
	}
	if (!rc && r != SQLITE_DONE)
		rc = cus__sql_error(db->sql, r, "reading the audit checkpoints");
	sqlite3_finalize(q);
	if (rc) {
		free(*out);
		*out = NULL;
		*len = 0;
	}
	return rc;
}

static int64_t db_last_checkpoint(cus_db *db, int *rc)
{
	sqlite3_stmt *q = NULL;
	int64_t v = 0;
	int r = sqlite3_prepare_v2(db->sql, "SELECT coalesce(max(seq), 0) FROM audit_checkpoints", -1, &q, NULL);
	if (r == SQLITE_OK && (r = sqlite3_step(q)) == SQLITE_ROW) {
		v = sqlite3_column_int64(q, 0);
		*rc = 0;
	} else {
		*rc = cus__sql_error(db->sql, r, "reading the audit checkpoints");
	}
	sqlite3_finalize(q);
	return v;
}

/* Check the file's last line against the database; *after = its seq. */
static int file_matches_db(cus_db *db, const char *path, const char *line, size_t len, int64_t last_cp,
	int64_t *after)
{
	cus__audit_cp fc, dc;
	if (cus__audit_cp_parse(&fc, line, len) != 0)
		return cus__error(CUS_EINTEGRITY, "audit", "checkpoints",
			"the last line of %s is not a checkpoint: it is not a checkpoint file, or it was edited", path);
	struct cus__audit_state *st = db->audit;
	if (strcmp(fc.log_id, st->log_id) != 0)
		return cus__error(CUS_EINTEGRITY, "audit", "checkpoints",
			"%s belongs to another database (log id %s, this one is %s)", path, fc.log_id, st->log_id);
	int found = db_checkpoint_at(db, fc.seq, &dc);
	if (found < 0)
		return found;
	if (!found && fc.seq > last_cp)
		return cus__error(CUS_EINTEGRITY, "audit", "checkpoints",
			"%s knows a checkpoint at entry %" PRId64 " but this database's last checkpoint is at %" PRId64
			": an older copy of the database may have been restored; run cus audit verify", path, fc.seq,
			last_cp);
	char mine[CUS__AUDIT_LINE_MAX];
	if (found)
		cus__audit_cp_line(mine, &dc);
	if (!found || strlen(mine) != len + 1 || memcmp(mine, line, len) != 0)
		return cus__error(CUS_EINTEGRITY, "audit", "checkpoints",
			"the checkpoint at entry %" PRId64 " in %s differs from this database's; run cus audit verify",
			fc.seq, path);
	*after = fc.seq;
	return 0;
}

int cus__audit_export(cus_db *db, const char *path)
{
	if (!db)
		return cus__error(CUS_EINVAL, "audit", NULL, "db is NULL");
	if (!path)
		path = db->checkpoints_path;
	struct cus__audit_state *st = NULL;
	int rc = cus__audit_state_get(db, &st);
	if (rc)
		return rc;
	int64_t last_cp = db_last_checkpoint(db, &rc);
	/* Nothing to export yet: the file is neither created nor judged (a new
	 * database must not fail on a file it has nothing to do with yet). */
	if (rc || last_cp == 0)
		return rc;
	int created = 0;
	int fd = open(path, O_RDWR | O_APPEND | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
	if (fd < 0 && errno == ENOENT) {
		fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, 0600);
		if (fd >= 0)
			created = 1;
		else if (errno == EEXIST)
			fd = open(path, O_RDWR | O_APPEND | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
	}
	if (fd < 0)
		return cus__error(CUS_EIO, "audit", "checkpoints", "cannot open the checkpoint file %s: %s", path,
			strerror(errno));
	if (flock(fd, LOCK_EX) != 0) {
		rc = cus__error(CUS_EIO, "audit", "checkpoints", "cannot lock %s: %s", path, strerror(errno));
		close(fd);
		return rc;
	}
	char line[CUS__AUDIT_LINE_MAX];
	size_t len = 0;
	int64_t after = 0;
	char *out = NULL;
	size_t out_len = 0;
	rc = file_last_line(fd, path, line, &len);
	/* Another process may have committed since last_cp was read. */
	if (!rc && len)
		last_cp = db_last_checkpoint(db, &rc);
	if (!rc && len)
		rc = file_matches_db(db, path, line, len, last_cp, &after);
	if (!rc)
		rc = db_lines_after(db, after, &out, &out_len);
	if (!rc && out_len && (write_all(fd, out, out_len) != 0 || fsync(fd) != 0))
		rc = cus__error(CUS_EIO, "audit", "checkpoints", "cannot write the checkpoint file %s: %s", path,
			strerror(errno));
	if (!rc && created && fsync_dir_of(path) != 0)
		rc = cus__error(CUS_EIO, "audit", "checkpoints", "cannot sync the directory of %s: %s", path,
			strerror(errno));
	free(out);
	close(fd);
	return rc;
}
