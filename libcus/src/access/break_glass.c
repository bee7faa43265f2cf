/* Break-glass sessions and the art. 18 restriction check of every audited
 * operation (cus__access_guard, called by cus__access_begin). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "access.h"
#include "monitoring.h"
#include "cus/rights.h"

int cus_break_glass_min_reason(void)
{
	return CUS_BREAK_GLASS_MIN_REASON;
}

int64_t cus_session_break_glass(const cus_session *s)
{
	return s ? s->bg_id : 0;
}

/* "YYYY-MM-DDTHH:MM:SS.mmmZ", now + offset seconds, UTC (as the audit log writes times). */
static void time_at(char out[40], long offset)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	time_t t = tv.tv_sec + offset;
	struct tm tm;
	gmtime_r(&t, &tm);
	snprintf(out, 40, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", (tm.tm_year + 1900) % 10000, (tm.tm_mon + 1) % 100,
		tm.tm_mday % 100, tm.tm_hour % 100, tm.tm_min % 100, tm.tm_sec % 100, (int)(tv.tv_usec / 1000) % 1000);
}

static int oom(void)
{
	return cus__error(CUS_ENOMEM, "access", NULL, "out of memory");
}

int cus__access_exempt(const cus_session *s, const cus__policy *p)
{
	const cus__monitoring *m = cus__policy_monitoring(p);
	for (size_t i = 0; i < m->nexempt; i++)
		if (strcmp(m->exempt[i], s->purpose) == 0)
			return 1;
	return 0;
}

int cus__access_sees_restricted(cus_session *s)
{
	const cus__policy *p = NULL;
	if (cus__session_policy(s, &p) != 0)
		return 0;
	return cus__access_exempt(s, p);
}

int cus__access_person_restricted(cus_db *db, int64_t person)
{
	sqlite3_stmt *st = NULL;
	int cached = 0;
	int rc = cus__stmt_cached(db, cus__db_sql(db),
		"SELECT 1 FROM restrictions WHERE person_id = ? AND lifted IS NULL", &st, &cached);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, person);
	int r = sqlite3_step(st);
	rc = r == SQLITE_ROW ? 1 : r == SQLITE_DONE ? 0 : cus__sql_error(cus__db_sql(db), r, "reading restrictions");
	cus__stmt_release(st, cached);
	return rc;
}

int cus__access_restricted_for(cus_session *s, int64_t person)
{
	const cus__policy *p = NULL;
	int rc = cus__policy_active(s->db, &p);
	if (rc)
		return rc;
	if (cus__access_exempt(s, p))
		return 0;
	return cus__access_person_restricted(s->db, person);
}

/* "p-<digits>" -> id, else 0. */
static int64_t subject_person(const char *subject)
{
	if (!subject || subject[0] != 'p' || subject[1] != '-' || !subject[2])
		return 0;
	int64_t id = 0;
	for (const char *c = subject + 2; *c; c++) {
		if (*c < '0' || *c > '9' || id > (INT64_MAX - 9) / 10)
			return 0;
		id = id * 10 + (*c - '0');
	}
	return id;
}

/* Mark the session's break-glass record ended and write its end entry,
 * inside the caller's transaction. */
static int bg_end(cus_session *s, const char *why)
{
	char now[40];
	time_at(now, 0);
	sqlite3 *sql = cus__db_sql(s->db);
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(sql, "UPDATE break_glass SET ended = ?, end_reason = ? WHERE id = ? AND ended IS NULL",
		-1, &st, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_finalize(st);
		return cus__sql_error(sql, rc, "ending a break-glass session");
	}
	sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, why, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, s->bg_id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return cus__sql_error(sql, rc, "ending a break-glass session");
	char detail[96];
	snprintf(detail, sizeof detail, "break-glass #%lld %s", (long long)s->bg_id, why);
	rc = cus__audit_append(s->db, &s->actor, "break_glass.end", "session", NULL, "", "ok", detail);
	if (!rc)
		s->bg_ended = 1;
	return rc;
}

int cus__access_guard(cus_session *s, const cus__policy *p, const char *action, const char *object_type,
	const char *subject, const char *categories, unsigned ops, char *denied, size_t denied_size,
	const char **detail, char *buf, size_t buf_size)
{
	(void)denied_size;
	int64_t person = subject_person(subject);
	if (person && !cus__access_exempt(s, p)) {
		int r = cus__access_person_restricted(s->db, person);
		if (r < 0)
			return r;
		if (r == 1) {
			char why[300];
			snprintf(why, sizeof why, "%s%sdenied: restricted under art. 18", *detail ? *detail : "",
				*detail ? "; " : "");
			sqlite3 *sql = cus__db_sql(s->db);
			int rc = cus__audit_append(s->db, &s->actor, action, object_type, subject,
				categories ? categories : "", "denied", why);
			if (!rc)
				rc = cus__sql_exec(sql, "COMMIT");
			if (rc) {
				sqlite3_exec(sql, "ROLLBACK", NULL, NULL, NULL);
				cus__audit_after_rollback(s->db);
				return rc;
			}
			cus__audit_after_commit(s->db);
			return cus__error(CUS_EDENIED, "access", "person",
				"person %s is restricted under art. 18 GDPR: only storage and the data protection"
				" officer's operations are allowed", subject);
		}
	}
	if (s->bg_id && denied[0] && denied[0] != '(') {
		char now[40];
		time_at(now, 0);
		if (strcmp(now, s->bg_expires) >= 0) {
			if (!s->bg_ended) {
				int rc = bg_end(s, "expired");
				if (rc)
					return rc;
			}
		} else if (ops == CUS_OP_READ) {
			snprintf(buf, buf_size, "%s%sbreak-glass #%lld: read on %s beyond the role's permissions",
				*detail ? *detail : "", *detail ? "; " : "", (long long)s->bg_id, denied);
			*detail = buf;
			denied[0] = '\0';
		}
	}
	return 0;
}

int cus_session_open_break_glass(cus_session **out, cus_db *db, const char *purpose, const char *reason)
{
	if (!out || !db)
		return cus__error(CUS_EINVAL, "access", NULL, "out or db is NULL");
	*out = NULL;
	if (!reason)
		return cus__error(CUS_EINVAL, "access", "reason", "a break-glass session needs a justification");
	char *norm = NULL;
	int rc = cus_text_normalize(&norm, reason, 2000, "reason");
	if (rc)
		return rc;
	size_t chars = 0;
	for (const unsigned char *c = (const unsigned char *)norm; *c; c++)
		chars += (*c & 0xc0) != 0x80;
	const cus__policy *p = NULL;
	rc = cus__policy_active(db, &p);
	int min = rc ? CUS_BREAK_GLASS_MIN_REASON : cus__policy_monitoring(p)->break_glass_min_reason;
	if (!rc && (int)chars < min)
		rc = cus__error(CUS_EINVAL, "access", "reason",
			"the justification of a break-glass session must be at least %d characters long (it has %zu)", min,
			chars);
	cus_session *s = NULL;
	if (!rc)
		rc = cus_session_open(&s, db, purpose);
	if (rc) {
		cus_free(norm);
		return rc;
	}
	char now[40];
	time_at(now, 0);
	time_at(s->bg_expires, 60L * cus__policy_monitoring(p)->break_glass_minutes);
	sqlite3 *sql = cus__db_sql(db);
	rc = cus__sql_exec(sql, "BEGIN IMMEDIATE");
	sqlite3_stmt *st = NULL;
	if (!rc) {
		int r = sqlite3_prepare_v2(sql, "INSERT INTO break_glass (session, user, role, purpose, reason, started,"
			" expires) VALUES (?, ?, ?, ?, ?, ?, ?)", -1, &st, NULL);
		if (r == SQLITE_OK) {
			const char *v[] = { s->id, s->user, s->role, s->purpose, norm, now, s->bg_expires };
			for (int i = 0; i < 7; i++)
				sqlite3_bind_text(st, i + 1, v[i], -1, SQLITE_STATIC);
			r = sqlite3_step(st);
		}
		if (r != SQLITE_DONE)
			rc = cus__sql_error(sql, r, "recording a break-glass session");
		sqlite3_finalize(st);
	}
	if (!rc) {
		s->bg_id = sqlite3_last_insert_rowid(sql);
		char detail[160];
		snprintf(detail, sizeof detail, "break-glass #%lld for purpose %s, expires %s", (long long)s->bg_id,
			s->purpose, s->bg_expires);
		rc = cus__audit_append(db, &s->actor, "break_glass.start", "session", NULL, "", "ok", detail);
	}
	if (!rc)
		rc = cus__sql_exec(sql, "COMMIT");
	cus_free(norm);
	if (rc) {
		sqlite3_exec(sql, "ROLLBACK", NULL, NULL, NULL);
		cus__audit_after_rollback(db);
		s->bg_id = 0;
		cus_session_close(s);
		return rc;
	}
	cus__audit_after_commit(db);
	*out = s;
	return 0;
}

void cus__break_glass_close(cus_session *s)
{
	if (!s || !s->bg_id || s->bg_ended)
		return;
	sqlite3 *sql = cus__db_sql(s->db);
	if (cus__sql_exec(sql, "BEGIN IMMEDIATE"))
		return;
	char now[40];
	time_at(now, 0);
	int rc = bg_end(s, strcmp(now, s->bg_expires) >= 0 ? "expired" : "closed");
	if (!rc)
		rc = cus__sql_exec(sql, "COMMIT");
	if (rc) {
		sqlite3_exec(sql, "ROLLBACK", NULL, NULL, NULL);
		cus__audit_after_rollback(s->db);
		return;
	}
	cus__audit_after_commit(s->db);
}

/* ---- the IOD's list ---- */

struct cus_break_glass_iter {
	cus_break_glass *items;
	char **strings;
	size_t n, nstrings, pos;
};

void cus_break_glass_iter_free(cus_break_glass_iter *it)
{
	if (!it)
		return;
	for (size_t i = 0; i < it->nstrings; i++)
		free(it->strings[i]);
	free(it->strings);
	free(it->items);
	free(it);
}

int cus_break_glass_next(const cus_break_glass **out, cus_break_glass_iter *it)
{
	if (!out || !it)
		return cus__error(CUS_EINVAL, "access", NULL, "out or iterator is NULL");
	*out = NULL;
	if (it->pos >= it->n)
		return CUS_ITEROVER;
	*out = &it->items[it->pos++];
	return 0;
}

static int col(cus_break_glass_iter *it, sqlite3_stmt *st, int c, const char **out)
{
	*out = NULL;
	if (sqlite3_column_type(st, c) == SQLITE_NULL)
		return 0;
	char *v = strdup((const char *)sqlite3_column_text(st, c));
	if (!v)
		return oom();
	it->strings[it->nstrings++] = v;
	*out = v;
	return 0;
}

static int bg_load(cus_break_glass_iter *it, cus_db *db, int all)
{
	sqlite3 *sql = cus__db_sql(db);
	sqlite3_stmt *st = NULL;
	int r = sqlite3_prepare_v2(sql,
		"SELECT id, user, role, purpose, session, reason, started, expires, ended, end_reason, acknowledged,"
		" acknowledged_by, note, (SELECT count(*) FROM audit_log a WHERE a.session = b.session"
		" AND a.outcome = 'ok' AND instr(a.detail, 'break-glass #' || b.id || ': read') > 0)"
		" FROM break_glass b WHERE ?1 OR acknowledged IS NULL ORDER BY id", -1, &st, NULL);
	if (r != SQLITE_OK) {
		sqlite3_finalize(st);
		return cus__sql_error(sql, r, "reading break-glass sessions");
	}
	sqlite3_bind_int(st, 1, all != 0);
	int rc = 0;
	size_t cap = 0;
	while (!rc && (r = sqlite3_step(st)) == SQLITE_ROW) {
		if (it->n == cap) {
			cap = cap ? 2 * cap : 16;
			cus_break_glass *ni = realloc(it->items, cap * sizeof *ni);
			char **ns = ni ? realloc(it->strings, cap * 12 * sizeof *ns) : NULL;
			if (ni)
				it->items = ni;
			if (ns)
				it->strings = ns;
			if (!ni || !ns) {
				rc = oom();
				break;
			}
		}
		cus_break_glass *b = &it->items[it->n];
		memset(b, 0, sizeof *b);
		b->id = sqlite3_column_int64(st, 0);
		const char **f[] = { &b->user, &b->role, &b->purpose, &b->session, &b->reason, &b->started, &b->expires,
			&b->ended, &b->end_reason, &b->acknowledged, &b->acknowledged_by, &b->note };
		for (int i = 0; !rc && i < 12; i++)
			rc = col(it, st, i + 1, f[i]);
		b->reads = sqlite3_column_int64(st, 13);
		it->n++;
	}
	if (!rc && r != SQLITE_DONE)
		rc = cus__sql_error(sql, r, "reading break-glass sessions");
	sqlite3_finalize(st);
	return rc;
}

int cus_break_glass_list(cus_break_glass_iter **out, cus_session *s, int all)
{
	if (!out || !s)
		return cus__error(CUS_EINVAL, "access", NULL, "out or session is NULL");
	*out = NULL;
	int rc = cus__access_begin(s, "break_glass.list", "audit", NULL, "audit", CUS_OP_READ,
		all ? "all" : "not acknowledged");
	if (rc)
		return rc;
	cus_break_glass_iter *it = calloc(1, sizeof *it);
	rc = cus__access_end(s, it ? bg_load(it, s->db, all) : oom());
	if (rc) {
		cus_break_glass_iter_free(it);
		return rc;
	}
	*out = it;
	return 0;
}

static int bg_ack(cus_session *s, int64_t id, const char *note)
{
	sqlite3 *sql = cus__db_sql(s->db);
	sqlite3_stmt *st = NULL;
	int r = sqlite3_prepare_v2(sql, "SELECT user, acknowledged FROM break_glass WHERE id = ?", -1, &st, NULL);
	if (r != SQLITE_OK) {
		sqlite3_finalize(st);
		return cus__sql_error(sql, r, "reading a break-glass session");
	}
	sqlite3_bind_int64(st, 1, id);
	r = sqlite3_step(st);
	int rc = 0;
	if (r == SQLITE_DONE)
		rc = cus__error(CUS_ENOTFOUND, "access", "id", "no break-glass session #%lld", (long long)id);
	else if (r != SQLITE_ROW)
		rc = cus__sql_error(sql, r, "reading a break-glass session");
	else if (sqlite3_column_type(st, 1) != SQLITE_NULL)
		rc = cus__error(CUS_EEXISTS, "access", "id", "break-glass session #%lld is already acknowledged",
			(long long)id);
	else if (strcmp((const char *)sqlite3_column_text(st, 0), s->user) == 0)
		rc = cus__error(CUS_EINVAL, "access", "id", "a user cannot acknowledge their own break-glass session");
	sqlite3_finalize(st);
	if (rc)
		return rc;
	char now[40];
	time_at(now, 0);
	r = sqlite3_prepare_v2(sql, "UPDATE break_glass SET acknowledged = ?, acknowledged_by = ?, note = ? WHERE id = ?",
		-1, &st, NULL);
	if (r == SQLITE_OK) {
		sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, s->user, -1, SQLITE_STATIC);
		if (note)
			sqlite3_bind_text(st, 3, note, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 3);
		sqlite3_bind_int64(st, 4, id);
		r = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	return r == SQLITE_DONE ? 0 : cus__sql_error(sql, r, "acknowledging a break-glass session");
}

int cus_break_glass_acknowledge(cus_session *s, int64_t id, const char *note)
{
	if (!s)
		return cus__error(CUS_EINVAL, "access", NULL, "no session");
	if (id <= 0)
		return cus__error(CUS_EINVAL, "access", "id", "a break-glass id is a whole number above 0");
	char *n = NULL;
	int rc = note && *note ? cus_text_normalize(&n, note, 2000, "note") : 0;
	if (rc)
		return rc;
	char detail[64];
	snprintf(detail, sizeof detail, "break-glass #%lld", (long long)id);
	rc = cus__access_begin(s, "break_glass.acknowledge", "audit", NULL, "audit", CUS_OP_WRITE, detail);
	if (!rc)
		rc = cus__access_end(s, bg_ack(s, id, n));
	cus_free(n);
	return rc;
}
