/* cus_audit_verify: the whole chain, every checkpoint in the database, and
 * every line of the checkpoint file against the database. */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "internal.h"

static const unsigned char zero_hash[CUS__AUDIT_HASH_BYTES];

typedef struct {
	cus__audit_cp cp;
	int bad;      /* malformed line, or a damaged row */
	long line;    /* line number in the file */
} vcp;

/* The first problem found: the lowest sequence number wins, the first one
 * found on a tie. */
typedef struct {
	int64_t seq;         /* 0: all holds so far */
	char text[480];
} problem;

typedef struct {
	cus_db *db;
	unsigned char pk[CUS__AUDIT_PK_BYTES];
	char log_id[CUS__AUDIT_LOG_ID_LEN + 1];
	int64_t entries, last_seq;
	vcp *dcp, *fcp;
	size_t ndcp, nfcp;
	sqlite3_stmt *hash_at;
	problem pr;
} vctx;

__attribute__((format(printf, 3, 4))) static void note(problem *p, int64_t seq, const char *fmt, ...)
{
	if (seq < 1)
		seq = 1;
	if (p->seq && p->seq <= seq)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->text, sizeof p->text, fmt, ap);
	va_end(ap);
	p->seq = seq;
}

static void vcp_free(vcp *a)
{
	free(a);
}

/* ---- the checkpoint file, read before the database snapshot is taken ---- */

static int read_file(vctx *v, const char *path, int named)
{
	FILE *f = fopen(path, "re");
	if (!f) {
		if (errno == ENOENT && !named)
			return 0;
		if (errno == ENOENT)
			return cus__error(CUS_ENOTFOUND, "audit", "checkpoints", "the checkpoint file %s does not exist",
				path);
		return cus__error(CUS_EIO, "audit", "checkpoints", "cannot read the checkpoint file %s: %s", path,
			strerror(errno));
	}
	char *line = NULL;
	size_t lcap = 0, cap = 0;
	ssize_t n;
	long lineno = 0;
	int rc = 0;
	while ((n = getline(&line, &lcap, f)) > 0) {
		lineno++;
		size_t len = (size_t)n;
		int complete = line[len - 1] == '\n';
		if (complete)
			len--;
		else if (cus__audit_torn_line(line, len))
			break; /* cut by a crash during an export; the next export repairs it */
		if (v->nfcp == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			vcp *p = realloc(v->fcp, ncap * sizeof *p);
			if (!p) {
				rc = cus__error(CUS_ENOMEM, "audit", NULL, "out of memory");
				break;
			}
			v->fcp = p;
			cap = ncap;
		}
		vcp *c = &v->fcp[v->nfcp++];
		c->line = lineno;
		c->bad = memchr(line, '\0', len) != NULL || cus__audit_cp_parse(&c->cp, line, len) != 0;
	}
	if (!rc && ferror(f))
		rc = cus__error(CUS_EIO, "audit", "checkpoints", "cannot read the checkpoint file %s", path);
	free(line);
	fclose(f);
	return rc;
}

/* ---- the chain ---- */

/* Does the row's stored hash belong to the same content at another seq
 * (seq + d, |d| <= 16)? d, or 0. */
static int find_shift(cus__audit_fields *f, const unsigned char *stored)
{
	int64_t seq = f->seq;
	unsigned char h[CUS__AUDIT_HASH_BYTES];
	int found = 0;
	for (int d = 1; d <= 16 && !found; d++) {
		for (int s = 1; s >= -1 && !found; s -= 2) {
			if (seq + s * d < 1 || (s > 0 && seq > INT64_MAX - d))
				continue;
			f->seq = seq + s * d;
			cus__audit_entry_hash(h, f);
			if (memcmp(h, stored, CUS__AUDIT_HASH_BYTES) == 0)
				found = s * d;
		}
	}
	f->seq = seq;
	return found;
}

#define NO_SHIFT 1000 /* the next row's content is neither its own nor shifted */

/* Name what a row holding entry n + k (k != 0) at seq n means, knowing
 * what the next row holds (k2: 0 its own entry, a shift, NO_SHIFT; or no
 * next row). */
static void explain_shift(problem *p, int64_t n, int k, int have_next, int k2)
{
	p->seq = 0;
	if (have_next && k == 1 && k2 == -1) {
		note(p, n, "entries %" PRId64 " and %" PRId64 " were swapped", n, n + 1);
	} else if (have_next && k2 == k && k > 0) {
		if (k == 1)
			note(p, n, "entry %" PRId64 " was deleted and the entries after it renumbered", n);
		else
			note(p, n, "entries %" PRId64 " to %" PRId64 " were deleted and the entries after them renumbered",
				n, n + k - 1);
	} else if (have_next && k2 == k && k < 0) {
		if (k == -1)
			note(p, n + k, "entry %" PRId64 " was inserted and the entries after it renumbered", n + k);
		else
			note(p, n + k, "entries %" PRId64 " to %" PRId64 " were inserted and the entries after them"
				" renumbered", n + k, n - 1);
	} else if (have_next && k2 == 0) {
		note(p, n, "entry %" PRId64 " holds what was written as entry %" PRId64 ": the log was reordered", n,
			n + k);
	} else {
		note(p, n, "entry %" PRId64 " holds what was written as entry %" PRId64 ": the log was reordered,"
			" or entries were deleted or inserted and the rest renumbered", n, n + k);
	}
}

/* sqlite3_column_text is NULL for SQL NULL (and for out of memory, which
 * then shows as a changed entry: verify is run again). Every API call takes
 * the connection's mutex, so no sqlite3_column_type here. */
static cus__audit_text col_text(sqlite3_stmt *st, int col)
{
	cus__audit_text t;
	t.p = (const char *)sqlite3_column_text(st, col);
	t.n = t.p ? (size_t)sqlite3_column_bytes(st, col) : 0;
	return t;
}

/* One range of the chain, scanned on one connection (possibly in its own
 * thread). Its own rows are lo..hi; it also reads the row before lo (for the
 * link) and the first row after hi (for a gap or a reordering that crosses
 * the end of the range), so that ranges together judge exactly like one
 * scan. The first range also takes any row numbered below 1. */
typedef struct {
	sqlite3 *sql;
	int first;
	int64_t lo, hi;
	int64_t entries, last_seq;
	problem pr;
	int sqlite_rc;            /* an SQLite failure, or SQLITE_OK (its message stays on sql) */
	pthread_t thread;
} scan_job;

static void scan_range(scan_job *j)
{
	sqlite3_stmt *st = NULL;
	int r = sqlite3_prepare_v2(j->sql, "SELECT seq, time, user, role, session, action, object_type, subject,"
		" categories, purpose, legal_basis, outcome, policy_version, detail, prev_hash, hash"
		" FROM audit_log WHERE seq >= ? ORDER BY seq", -1, &st, NULL);
	if (r != SQLITE_OK) {
		j->sqlite_rc = r;
		return;
	}
	sqlite3_bind_int64(st, 1, j->first ? INT64_MIN : j->lo - 1);
	int64_t expected = j->first ? 1 : j->lo;
	unsigned char prev[CUS__AUDIT_HASH_BYTES];
	memset(prev, 0, sizeof prev);
	int prev_known = j->first;
	/* a shifted entry found as the first problem waits for the next row */
	int diag = 0, diag_k = 0;
	int64_t diag_seq = 0;
	problem *pr = &j->pr;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(st, 0);
		const unsigned char *hh = sqlite3_column_blob(st, 15);
		int hhn = sqlite3_column_bytes(st, 15);
		if (!j->first && seq < j->lo) { /* the row before the range */
			prev_known = hhn == CUS__AUDIT_HASH_BYTES && hh;
			if (prev_known)
				memcpy(prev, hh, CUS__AUDIT_HASH_BYTES);
			continue;
		}
		cus__audit_fields f;
		f.seq = seq;
		f.time = col_text(st, 1);
		f.user = col_text(st, 2);
		f.role = col_text(st, 3);
		f.session = col_text(st, 4);
		f.action = col_text(st, 5);
		f.object_type = col_text(st, 6);
		f.subject = col_text(st, 7);
		f.categories = col_text(st, 8);
		f.purpose = col_text(st, 9);
		f.legal_basis = col_text(st, 10);
		f.outcome = col_text(st, 11);
		f.policy_version = sqlite3_column_int64(st, 12);
		f.detail = col_text(st, 13);
		const unsigned char *ph = sqlite3_column_blob(st, 14);
		int phn = sqlite3_column_bytes(st, 14);
		/* (the blob pointers stay valid: no other column is converted after them) */
		hh = sqlite3_column_blob(st, 15);
		/* a NULL in a NOT NULL column (a rebuilt table) is a changed entry */
		int shape = phn == CUS__AUDIT_HASH_BYTES && hhn == CUS__AUDIT_HASH_BYTES && ph && hh &&
			f.time.p && f.user.p && f.role.p && f.session.p && f.action.p && f.object_type.p &&
			f.categories.p && f.purpose.p && f.legal_basis.p && f.outcome.p &&
			sqlite3_column_type(st, 12) == SQLITE_INTEGER; /* '3abc' would read as 3 */
		int hash_ok = 0;
		if (shape) {
			unsigned char h[CUS__AUDIT_HASH_BYTES];
			f.prev_hash = ph;
			cus__audit_entry_hash(h, &f);
			hash_ok = memcmp(h, hh, CUS__AUDIT_HASH_BYTES) == 0;
		}
		if (diag == 1) {
			int k2 = hash_ok ? 0 : shape ? find_shift(&f, hh) : NO_SHIFT;
			explain_shift(pr, diag_seq, diag_k, 1, k2 ? k2 : (hash_ok ? 0 : NO_SHIFT));
			diag = 2;
		}
		if (seq > j->hi) { /* the row after the range */
			if (expected <= j->hi && seq == expected + 1)
				note(pr, expected, "entry %" PRId64 " is missing", expected);
			else if (expected <= j->hi && seq > expected)
				note(pr, expected, "entries %" PRId64 " to %" PRId64 " are missing", expected, seq - 1);
			break;
		}
		j->entries++;
		if (seq < expected) {
			note(pr, 1, "an entry numbered %" PRId64 " precedes entry 1: it was inserted", seq);
			continue;
		}
		if (seq > expected) {
			if (seq == expected + 1)
				note(pr, expected, "entry %" PRId64 " is missing", expected);
			else
				note(pr, expected, "entries %" PRId64 " to %" PRId64 " are missing", expected, seq - 1);
		} else if (!shape) {
			note(pr, seq, "entry %" PRId64 " was changed: its columns do not have the shape libcus writes", seq);
		} else if (!hash_ok) {
			int k = pr->seq == 0 ? find_shift(&f, hh) : 0;
			note(pr, seq, "entry %" PRId64 " was changed: its content does not match its hash", seq);
			if (k && pr->seq == seq && !diag) {
				diag = 1;
				diag_k = k;
				diag_seq = seq;
			}
		} else if (!prev_known || memcmp(ph, prev, CUS__AUDIT_HASH_BYTES) != 0) {
			if (seq == 1)
				note(pr, 1, "entry 1 does not start the chain (its previous hash is not zero):"
					" the beginning of the log was replaced");
			else
				note(pr, seq, "entry %" PRId64 " does not link to entry %" PRId64
					": the entries before it were replaced or the chain was rebuilt", seq, seq - 1);
		}
		expected = seq + 1;
		j->last_seq = seq;
		prev_known = hhn == CUS__AUDIT_HASH_BYTES && hh;
		if (prev_known)
			memcpy(prev, hh, CUS__AUDIT_HASH_BYTES);
		if (seq == INT64_MAX)
			break;
	}
	if (diag == 1)
		explain_shift(pr, diag_seq, diag_k, 0, 0);
	if (r != SQLITE_ROW && r != SQLITE_DONE) {
		j->sqlite_rc = r;
	}
	sqlite3_finalize(st);
}

static void *scan_thread(void *arg)
{
	scan_range(arg);
	return NULL;
}

/* A second, read-only connection to the database for a scanning thread:
 * keyed like the handle's own (docs/FORMAT.md), without a mutex (one
 * thread uses it). NULL when it cannot be opened: the scan runs alone. */
static sqlite3 *open_reader(cus_db *db)
{
	sqlite3 *sql = NULL;
	unsigned char *raw = cus__secret_alloc(32);
	char *keystr = cus__secret_alloc(2 + 64 + 2);
	int ok = raw && keystr &&
		sqlite3_open_v2(db->path, &sql, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK;
	if (ok) {
		cus__derive(raw, 32, CUS__KDF_ID_SQLCIPHER, CUS__KDF_CTX_SQLCIPHER, db->master);
		keystr[0] = 'x';
		keystr[1] = '\'';
		cus__hex(keystr + 2, raw, 32);
		keystr[66] = '\'';
		keystr[67] = '\0';
		ok = sqlite3_key_v2(sql, "main", keystr, 67) == SQLITE_OK &&
			sqlite3_exec(sql, "PRAGMA cipher_page_size = 4096; PRAGMA temp_store = MEMORY;"
				"SELECT count(*) FROM sqlite_master;", NULL, NULL, NULL) == SQLITE_OK;
		sqlite3_busy_timeout(sql, 5000);
	}
	cus__secret_free(raw);
	cus__secret_free(keystr);
	if (!ok) {
		sqlite3_close(sql);
		return NULL;
	}
	return sql;
}

#define SCAN_THREADS_MAX 4

/* Below this many entries one scan is as fast as several. */
int64_t cus__audit_parallel_min = 100000;
int cus__audit_scan_threads = 0;
int cus__audit_last_scan_ranges = 0;

static int last_seq_now(sqlite3 *sql, int64_t *last)
{
	sqlite3_stmt *st = NULL;
	int r = sqlite3_prepare_v2(sql, "SELECT coalesce(max(seq), 0) FROM audit_log", -1, &st, NULL);
	if (r == SQLITE_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
		*last = sqlite3_column_int64(st, 0);
		r = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return r == SQLITE_OK ? 0 : cus__sql_error(sql, r, "reading the audit log");
}

/* The whole chain: in ranges on several connections when the log is big,
 * the machine has cores to spare and no transaction of the caller's is open
 * (its uncommitted entries are visible on its own connection only). */
static int scan_chain(vctx *v, int parallel)
{
	scan_job jobs[SCAN_THREADS_MAX];
	int n = 1;
	memset(jobs, 0, sizeof jobs);
	int64_t last = 0;
	int rc = last_seq_now(v->db->sql, &last);
	if (rc)
		return rc;
	long cpus = cus__audit_scan_threads > 0 ? cus__audit_scan_threads : sysconf(_SC_NPROCESSORS_ONLN);
	if (parallel && last >= cus__audit_parallel_min && cpus > 1)
		n = cpus < SCAN_THREADS_MAX ? (int)cpus : SCAN_THREADS_MAX;
	if (n > last)
		n = last > 0 ? (int)last : 1;
	for (int i = 0; i < n; i++) {
		jobs[i].first = i == 0;
		jobs[i].lo = 1 + (int64_t)((double)last * i / n);
		jobs[i].hi = i == n - 1 ? INT64_MAX : (int64_t)((double)last * (i + 1) / n);
		if (n > 1 && !(jobs[i].sql = open_reader(v->db))) {
			for (int k = 0; k < i; k++)
				sqlite3_close(jobs[k].sql);
			memset(jobs, 0, sizeof jobs);
			jobs[0].first = 1;
			jobs[0].lo = 1;
			jobs[0].hi = INT64_MAX;
			n = 1;
			break;
		}
	}
	if (n == 1)
		jobs[0].sql = v->db->sql;
	cus__audit_last_scan_ranges = n;
	int started = 1;
	for (int i = 1; i < n; i++, started++)
		if (pthread_create(&jobs[i].thread, NULL, scan_thread, &jobs[i]) != 0)
			break;
	/* this thread takes the first range, and any range no thread took */
	scan_range(&jobs[0]);
	for (int i = started; i < n; i++)
		scan_range(&jobs[i]);
	for (int i = 1; i < started; i++)
		pthread_join(jobs[i].thread, NULL);
	for (int i = 0; i < n; i++) {
		v->entries += jobs[i].entries;
		if (jobs[i].entries && jobs[i].last_seq > v->last_seq)
			v->last_seq = jobs[i].last_seq;
		if (jobs[i].pr.seq && (!v->pr.seq || jobs[i].pr.seq < v->pr.seq))
			v->pr = jobs[i].pr;
		if (!rc && jobs[i].sqlite_rc != SQLITE_OK)
			rc = cus__sql_error(jobs[i].sql, jobs[i].sqlite_rc, "reading the audit log");
		if (n > 1)
			sqlite3_close(jobs[i].sql);
	}
	return rc;
}

/* The stored hash of entry seq: 1 found, 0 missing or damaged, < 0 error. */
static int entry_hash_at(vctx *v, int64_t seq, unsigned char out[CUS__AUDIT_HASH_BYTES])
{
	sqlite3_stmt *st = v->hash_at;
	sqlite3_bind_int64(st, 1, seq);
	int r = sqlite3_step(st), rc = 0;
	if (r == SQLITE_ROW) {
		const void *p = sqlite3_column_blob(st, 0);
		if (p && sqlite3_column_bytes(st, 0) == CUS__AUDIT_HASH_BYTES) {
			memcpy(out, p, CUS__AUDIT_HASH_BYTES);
			rc = 1;
		}
	} else if (r != SQLITE_DONE) {
		rc = cus__sql_error(v->db->sql, r, "reading the audit log");
	}
	sqlite3_reset(st);
	return rc;
}

/* The database checkpoint at seq, or NULL (dcp is sorted by seq). */
static const vcp *dcp_find(const vctx *v, int64_t seq)
{
	size_t lo = 0, hi = v->ndcp;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v->dcp[mid].cp.seq < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < v->ndcp && v->dcp[lo].cp.seq == seq ? &v->dcp[lo] : NULL;
}

/* The last database checkpoint before seq, or NULL. */
static const vcp *dcp_before(const vctx *v, int64_t seq)
{
	size_t lo = 0, hi = v->ndcp;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v->dcp[mid].cp.seq < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 ? &v->dcp[lo - 1] : NULL;
}

/* ---- the database's checkpoints ---- */

static int load_db_checkpoints(vctx *v)
{
	sqlite3 *sql = v->db->sql;
	sqlite3_stmt *st = NULL;
	int r = sqlite3_prepare_v2(sql, "SELECT seq, log_id, head_hash, time, prev_checkpoint, public_key,"
		" signature FROM audit_checkpoints ORDER BY seq", -1, &st, NULL);
	if (r != SQLITE_OK)
		return cus__sql_error(sql, r, "reading the audit checkpoints");
	size_t cap = 0;
	int rc = 0;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (v->ndcp == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			vcp *p = realloc(v->dcp, ncap * sizeof *p);
			if (!p) {
				rc = cus__error(CUS_ENOMEM, "audit", NULL, "out of memory");
				break;
			}
			v->dcp = p;
			cap = ncap;
		}
		vcp *c = &v->dcp[v->ndcp++];
		c->line = 0;
		c->bad = cus__audit_cp_from_row(&c->cp, st, 0) != 0;
		c->cp.seq = sqlite3_column_int64(st, 0);
	}
	if (!rc && r != SQLITE_DONE)
		rc = cus__sql_error(sql, r, "reading the audit checkpoints");
	sqlite3_finalize(st);
	return rc;
}

static int check_db_checkpoints(vctx *v)
{
	unsigned char d[CUS__AUDIT_HASH_BYTES], h[CUS__AUDIT_HASH_BYTES];
	for (size_t i = 0; i < v->ndcp; i++) {
		const cus__audit_cp *c = &v->dcp[i].cp;
		int64_t n = c->seq, p = i ? v->dcp[i - 1].cp.seq : 0;
		if (i)
			cus__audit_cp_digest(d, &v->dcp[i - 1].cp);
		if (v->dcp[i].bad) {
			note(&v->pr, n, "checkpoint at %" PRId64 " is damaged: its columns do not have the shape libcus writes", n);
		} else if (n < 1) {
			note(&v->pr, 1, "checkpoint at %" PRId64 " is out of range: it was inserted", n);
		} else if (strcmp(c->log_id, v->log_id) != 0) {
			note(&v->pr, n, "checkpoint at %" PRId64 " belongs to another database (log id %.32s)", n, c->log_id);
		} else if (sodium_memcmp(c->pk, v->pk, CUS__AUDIT_PK_BYTES) != 0) {
			note(&v->pr, n, "checkpoint at %" PRId64 " names a public key that is not this database's: it was forged",
				n);
		} else if (!cus__audit_cp_signature_ok(c, v->pk)) {
			note(&v->pr, n, "checkpoint at %" PRId64 " has a bad signature", n);
		} else if (i == 0 && memcmp(c->prev, zero_hash, sizeof zero_hash) != 0) {
			note(&v->pr, 1, "the first checkpoint (at %" PRId64 ") does not start the checkpoint chain:"
				" earlier checkpoints were deleted", n);
		} else if (i > 0 && memcmp(c->prev, d, sizeof d) != 0) {
			note(&v->pr, p + 1, "checkpoint at %" PRId64 " does not link to the checkpoint at %" PRId64
				": a checkpoint between them was deleted or replaced", n, p);
		} else if (n > v->last_seq) {
			note(&v->pr, v->last_seq + 1, "checkpoint at %" PRId64 " is beyond the last entry (%" PRId64
				"): the log was truncated", n, v->last_seq);
		} else {
			int found = entry_hash_at(v, n, h);
			if (found < 0)
				return found;
			if (!found)
				note(&v->pr, n, "checkpoint at %" PRId64 " covers entry %" PRId64 ", which is missing", n, n);
			else if (memcmp(h, c->head, sizeof h) != 0)
				note(&v->pr, p + 1, "the log was changed between entries %" PRId64 " and %" PRId64
					": the checkpoint at %" PRId64 " does not match entry %" PRId64, p + 1, n, n, n);
		}
	}
	return 0;
}

/* ---- the checkpoint file against the database ---- */

static int check_file(vctx *v)
{
	unsigned char d[CUS__AUDIT_HASH_BYTES], h[CUS__AUDIT_HASH_BYTES];
	const cus__audit_cp *prev = NULL;
	int64_t prev_seq = 0;
	for (size_t i = 0; i < v->nfcp; i++) {
		const cus__audit_cp *c = &v->fcp[i].cp;
		long line = v->fcp[i].line;
		int64_t n = c->seq;
		if (v->fcp[i].bad) {
			note(&v->pr, prev_seq + 1, "line %ld of the checkpoint file is not a checkpoint: it was edited or damaged",
				line);
			prev = NULL;
			continue;
		}
		int linked;
		if (prev) {
			cus__audit_cp_digest(d, prev);
			linked = memcmp(c->prev, d, sizeof d) == 0;
		} else if (i == 0) {
			/* the file may begin after the first checkpoint (old lines archived) */
			const vcp *b = dcp_before(v, n);
			linked = memcmp(c->prev, zero_hash, sizeof zero_hash) == 0;
			if (!linked && b && !b->bad) {
				cus__audit_cp_digest(d, &b->cp);
				linked = memcmp(c->prev, d, sizeof d) == 0;
			}
		} else {
			linked = 1; /* after a malformed line (already reported) */
		}
		if (strcmp(c->log_id, v->log_id) != 0) {
			note(&v->pr, n, "line %ld of the checkpoint file (checkpoint at %" PRId64 ") belongs to another database"
				" (log id %s)", line, n, c->log_id);
		} else if (sodium_memcmp(c->pk, v->pk, CUS__AUDIT_PK_BYTES) != 0) {
			note(&v->pr, n, "line %ld of the checkpoint file (checkpoint at %" PRId64 ") names a public key that is"
				" not this database's: it was forged", line, n);
		} else if (!cus__audit_cp_signature_ok(c, v->pk)) {
			note(&v->pr, n, "the checkpoint at %" PRId64 " in the checkpoint file (line %ld) has a bad signature", n,
				line);
		} else if (prev && n <= prev_seq) {
			note(&v->pr, n, "line %ld of the checkpoint file (checkpoint at %" PRId64 ") is out of order", line, n);
		} else if (!linked) {
			note(&v->pr, prev_seq + 1, "the checkpoint at %" PRId64 " in the checkpoint file (line %ld) does not link"
				" to the line before it: a line was removed or replaced", n, line);
		} else if (n > v->last_seq) {
			if (v->last_seq == 0)
				note(&v->pr, 1, "the checkpoint file knows entry %" PRId64 " but the database's log is empty:"
					" an older copy of the database was restored or the log was truncated", n);
			else
				note(&v->pr, v->last_seq + 1, "the checkpoint file knows entry %" PRId64 " but the database ends at %"
					PRId64 ": an older copy of the database was restored or the log was truncated", n,
					v->last_seq);
		} else {
			int found = entry_hash_at(v, n, h);
			if (found < 0)
				return found;
			const vcp *dc = dcp_find(v, n);
			unsigned char dd[CUS__AUDIT_HASH_BYTES], fd[CUS__AUDIT_HASH_BYTES];
			if (!found) {
				note(&v->pr, n, "the checkpoint file covers entry %" PRId64 ", which is missing from the database", n);
			} else if (memcmp(h, c->head, sizeof h) != 0) {
				note(&v->pr, prev_seq + 1, "the checkpoint file's checkpoint at %" PRId64 " does not match entry %"
					PRId64 " of the database: the database was replaced by another copy, or rolled back"
					" and written again", n, n);
			} else if (!dc) {
				note(&v->pr, n, "the checkpoint at %" PRId64 " is in the checkpoint file but not in the database:"
					" database checkpoints were deleted", n);
			} else if (!dc->bad) {
				cus__audit_cp_digest(dd, &dc->cp);
				cus__audit_cp_digest(fd, c);
				if (memcmp(dd, fd, sizeof dd) != 0 || memcmp(dc->cp.sig, c->sig, sizeof c->sig) != 0)
					note(&v->pr, n, "the checkpoint at %" PRId64 " differs between the database and the checkpoint"
						" file", n);
			}
		}
		prev = c;
		prev_seq = n;
	}
	return 0;
}

/* How many of the two audit tables exist. */
static int audit_tables(cus_db *db, int *n)
{
	sqlite3_stmt *st = NULL;
	int r = sqlite3_prepare_v2(db->sql, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
		" AND name IN ('audit_log', 'audit_checkpoints')", -1, &st, NULL);
	if (r == SQLITE_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
		*n = sqlite3_column_int(st, 0);
		r = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return r == SQLITE_OK ? 0 : cus__sql_error(db->sql, r, "reading the schema");
}

/* ---- the report ---- */

typedef struct {
	cus_audit_report pub;
	char problem[480];
} report_owned;

void cus_audit_report_free(cus_audit_report *r)
{
	free(r);
}

int cus_audit_verify(cus_audit_report **out, cus_db *db, const char *checkpoints)
{
	if (!out)
		return cus__error(CUS_EINVAL, "audit", NULL, "out is NULL");
	*out = NULL;
	if (!db)
		return cus__error(CUS_EINVAL, "audit", NULL, "db is NULL");
	vctx v;
	memset(&v, 0, sizeof v);
	v.db = db;
	struct cus__audit_state *st = NULL;
	int rc = cus__audit_keys(db, &st);
	if (rc)
		return rc;
	memcpy(v.pk, st->pk, sizeof v.pk);
	memcpy(v.log_id, st->log_id, sizeof v.log_id);

	/* The file first: a checkpoint exported after the snapshot below would
	 * look like one the database does not know. */
	rc = read_file(&v, checkpoints ? checkpoints : db->checkpoints_path, checkpoints != NULL);
	int own_txn = 0;
	if (!rc && sqlite3_get_autocommit(db->sql)) {
		rc = cus__sql_exec(db->sql, "BEGIN");
		own_txn = !rc;
	}
	int tables = 0;
	if (!rc)
		rc = audit_tables(db, &tables);
	if (!rc && tables != 2)
		note(&v.pr, 1, "the audit tables are missing: they were dropped");
	if (!rc && tables == 2) {
		int r = sqlite3_prepare_v2(db->sql, "SELECT hash FROM audit_log WHERE seq = ?", -1, &v.hash_at, NULL);
		if (r != SQLITE_OK)
			rc = cus__sql_error(db->sql, r, "reading the audit log");
		if (!rc)
			rc = scan_chain(&v, own_txn);
		if (!rc)
			rc = load_db_checkpoints(&v);
		if (!rc)
			rc = check_db_checkpoints(&v);
		if (!rc)
			rc = check_file(&v);
	}
	sqlite3_finalize(v.hash_at);
	if (own_txn)
		sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL);
	report_owned *r = NULL;
	if (!rc && !(r = calloc(1, sizeof *r)))
		rc = cus__error(CUS_ENOMEM, "audit", NULL, "out of memory");
	if (!rc) {
		r->pub.entries = v.entries;
		r->pub.db_checkpoints = (int64_t)v.ndcp;
		r->pub.file_checkpoints = (int64_t)v.nfcp;
		r->pub.checkpoints = (int64_t)(v.ndcp + v.nfcp);
		r->pub.first_bad_seq = v.pr.seq;
		if (v.pr.seq) {
			snprintf(r->problem, sizeof r->problem, "%s", v.pr.text);
			r->pub.problem = r->problem;
			rc = cus__error(CUS_EINTEGRITY, "audit", NULL, "%s", v.pr.text);
		}
		*out = &r->pub;
	}
	vcp_free(v.dcp);
	vcp_free(v.fcp);
	return rc;
}
