/* Reading the audit log for the data protection officer: filters by
 * subject, user and dates; the rows are read into memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef struct {
	cus_audit_entry e;
	char data[]; /* the entry's strings */
} row;

struct cus_audit_iter {
	row **rows;
	size_t n, cap, pos;
};

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && is_leap(y) ? 29 : d[m - 1];
}

/* Strict YYYY-MM-DD naming a real day: 0 and y/m/d, or -1. */
static int parse_date(const char *s, int *y, int *m, int *d)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !(s[i] >= '0' && s[i] <= '9'))
			return -1;
	*y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	*m = (s[5] - '0') * 10 + (s[6] - '0');
	*d = (s[8] - '0') * 10 + (s[9] - '0');
	if (*y < 1 || *m < 1 || *m > 12 || *d < 1 || *d > days_in(*y, *m))
		return -1;
	return 0;
}

/* The day after (y, m, d) as YYYY-MM-DD; 0, or -1 after 9999-12-31 (no
 * upper bound is needed then: every time sorts before it). */
static int next_day(char out[16], int y, int m, int d)
{
	if (++d > days_in(y, m)) {
		d = 1;
		if (++m > 12) {
			m = 1;
			if (++y > 9999)
				return -1;
		}
	}
	snprintf(out, 16, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
	return 0;
}

static int check_date(const char *s, const char *field, int *y, int *m, int *d)
{
	if (parse_date(s, y, m, d) != 0)
		return cus__error(CUS_EINVAL, "audit", field, "%s must be a date YYYY-MM-DD (a real day)", field);
	return 0;
}

int cus__audit_filter_check(const cus_audit_filter *f)
{
	if (!f)
		return 0;
	if (f->version != CUS_AUDIT_FILTER_VERSION)
		return cus__error(CUS_EINVAL, "audit", "filter", "unknown cus_audit_filter version %u", f->version);
	int y, m, d;
	if (f->from && check_date(f->from, "from", &y, &m, &d))
		return CUS_EINVAL;
	if (f->to && check_date(f->to, "to", &y, &m, &d))
		return CUS_EINVAL;
	if (f->from && f->to && strcmp(f->to, f->from) < 0)
		return cus__error(CUS_EINVAL, "audit", "to", "to (%s) is before from (%s)", f->to, f->from);
	if (f->user && !cus__login_valid(f->user))
		return cus__error(CUS_EINVAL, "audit", "user", "the user filter is not a valid login");
	if (f->subject && (!*f->subject || strlen(f->subject) > 256))
		return cus__error(CUS_EINVAL, "audit", "subject", "the subject filter must be 1 to 256 bytes");
	return 0;
}

static int iter_push(cus_audit_iter *it, sqlite3_stmt *st)
{
	/* columns: 0 seq, 1..11 text, 12 policy_version, 13 detail, 14 prev_hash, 15 hash */
	static const int text_cols[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13 };
	size_t need = 2 * 65;
	for (size_t i = 0; i < sizeof text_cols / sizeof text_cols[0]; i++) {
		sqlite3_column_text(st, text_cols[i]);
		need += (size_t)sqlite3_column_bytes(st, text_cols[i]) + 1;
	}
	row *r = malloc(sizeof *r + need);
	if (!r)
		return cus__error(CUS_ENOMEM, "audit", NULL, "out of memory");
	char *p = r->data;
	const char *vals[12];
	for (size_t i = 0; i < sizeof text_cols / sizeof text_cols[0]; i++) {
		int c = text_cols[i];
		if (sqlite3_column_type(st, c) == SQLITE_NULL) {
			vals[i] = NULL;
			continue;
		}
		const unsigned char *t = sqlite3_column_text(st, c);
		size_t n = (size_t)sqlite3_column_bytes(st, c);
		if (t)
			memcpy(p, t, n);
		p[n] = '\0';
		vals[i] = p;
		p += n + 1;
	}
	r->e.seq = sqlite3_column_int64(st, 0);
	r->e.time = vals[0] ? vals[0] : "";
	r->e.user = vals[1] ? vals[1] : "";
	r->e.role = vals[2] ? vals[2] : "";
	r->e.session = vals[3] ? vals[3] : "";
	r->e.action = vals[4] ? vals[4] : "";
	r->e.object_type = vals[5] ? vals[5] : "";
	r->e.subject = vals[6];
	r->e.categories = vals[7] ? vals[7] : "";
	r->e.purpose = vals[8] ? vals[8] : "";
	r->e.legal_basis = vals[9] ? vals[9] : "";
	r->e.outcome = vals[10] ? vals[10] : "";
	r->e.policy_version = sqlite3_column_int64(st, 12);
	r->e.detail = vals[11];
	for (int h = 0; h < 2; h++) {
		const unsigned char *b = sqlite3_column_blob(st, 14 + h);
		int n = sqlite3_column_bytes(st, 14 + h);
		if (b && n == CUS__AUDIT_HASH_BYTES)
			cus__hex(p, b, CUS__AUDIT_HASH_BYTES);
		else
			p[0] = '\0';
		if (h)
			r->e.hash = p;
		else
			r->e.prev_hash = p;
		p += 65;
	}
	if (it->n == it->cap) {
		size_t ncap = it->cap ? it->cap * 2 : 64;
		row **rows = realloc(it->rows, ncap * sizeof *rows);
		if (!rows) {
			free(r);
			return cus__error(CUS_ENOMEM, "audit", NULL, "out of memory");
		}
		it->rows = rows;
		it->cap = ncap;
	}
	it->rows[it->n++] = r;
	return 0;
}

int cus__audit_query(cus_audit_iter **out, cus_db *db, const cus_audit_filter *f)
{
	if (!out)
		return cus__error(CUS_EINVAL, "audit", NULL, "out is NULL");
	*out = NULL;
	if (!db)
		return cus__error(CUS_EINVAL, "audit", NULL, "db is NULL");
	int rc = cus__audit_filter_check(f);
	if (rc)
		return rc;
	/* The SQL text is assembled from these constants only; values are bound. */
	char q[640] = "SELECT seq, time, user, role, session, action, object_type, subject, categories, purpose,"
		      " legal_basis, outcome, policy_version, detail, prev_hash, hash FROM audit_log";
	const char *conds[4];
	int nc = 0;
	char from[16] = "", to_next[16] = "";
	int y, m, d;
	if (f && f->subject)
		conds[nc++] = "subject = :subject";
	if (f && f->user)
		conds[nc++] = "user = :user";
	if (f && f->from) {
		parse_date(f->from, &y, &m, &d);
		snprintf(from, sizeof from, "%s", f->from);
		conds[nc++] = "time >= :from";
	}
	if (f && f->to) {
		parse_date(f->to, &y, &m, &d);
		if (next_day(to_next, y, m, d) == 0)
			conds[nc++] = "time < :to";
		else
			to_next[0] = '\0';
	}
	for (int i = 0; i < nc; i++) {
		strcat(q, i ? " AND " : " WHERE ");
		strcat(q, conds[i]);
	}
	strcat(q, " ORDER BY seq");

	cus_audit_iter *it = calloc(1, sizeof *it);
	if (!it)
		return cus__error(CUS_ENOMEM, "audit", NULL, "out of memory");
	sqlite3_stmt *st = NULL;
	int r = sqlite3_prepare_v2(db->sql, q, -1, &st, NULL);
	if (r != SQLITE_OK) {
		cus_audit_iter_free(it);
		return cus__sql_error(db->sql, r, "reading the audit log");
	}
	if (f && f->subject)
		sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":subject"), f->subject, -1, SQLITE_STATIC);
	if (f && f->user)
		sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":user"), f->user, -1, SQLITE_STATIC);
	if (from[0])
		sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":from"), from, -1, SQLITE_STATIC);
	if (to_next[0])
		sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":to"), to_next, -1, SQLITE_STATIC);
	while (!rc && (r = sqlite3_step(st)) == SQLITE_ROW)
		rc = iter_push(it, st);
	if (!rc && r != SQLITE_DONE)
		rc = cus__sql_error(db->sql, r, "reading the audit log");
	sqlite3_finalize(st);
	if (rc) {
		cus_audit_iter_free(it);
		return rc;
	}
	*out = it;
	return 0;
}

int cus_audit_next(const cus_audit_entry **out, cus_audit_iter *it)
{
	if (!out || !it)
		return cus__error(CUS_EINVAL, "audit", NULL, "out or iterator is NULL");
	*out = NULL;
	if (it->pos >= it->n)
		return CUS_ITEROVER;
	*out = &it->rows[it->pos++]->e;
	return 0;
}

void cus_audit_iter_free(cus_audit_iter *it)
{
	if (!it)
		return;
	for (size_t i = 0; i < it->n; i++)
		free(it->rows[i]);
	free(it->rows);
	free(it);
}
