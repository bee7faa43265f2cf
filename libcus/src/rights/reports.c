/* The data protection officer's reports: accesses by person, user and
 * period; anomalies in the audit log. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>
#include <unicode/ucal.h>
#include <unicode/ustring.h>

#include "internal.h"

static int oom(void)
{
	return cus__error(CUS_ENOMEM, "rights", NULL, "out of memory");
}

int cus_access_report_options_init(cus_access_report_options *o, unsigned int version)
{
	if (!o || version != CUS_ACCESS_REPORT_OPTIONS_VERSION)
		return cus__error(CUS_EINVAL, "rights", "version", "unknown cus_access_report_options version");
	*o = (cus_access_report_options)CUS_ACCESS_REPORT_OPTIONS_INIT;
	return 0;
}

/* Bounds of [from, to] as audit-time strings: from "YYYY-MM-DD", to the day after. */
static int bounds(const char *from, const char *to, char lo[11], char hi[11])
{
	lo[0] = hi[0] = '\0';
	cus_date d;
	if (from && cus_date_check(from, &d) != 0)
		return cus__error(CUS_EINVAL, "rights", "from", "from must be a date YYYY-MM-DD (a real day)");
	if (to && cus_date_check(to, &d) != 0)
		return cus__error(CUS_EINVAL, "rights", "to", "to must be a date YYYY-MM-DD (a real day)");
	if (from && to && strcmp(to, from) < 0)
		return cus__error(CUS_EINVAL, "rights", "to", "to (%s) is before from (%s)", to, from);
	if (from)
		snprintf(lo, 11, "%s", from);
	if (to && cus_date_add_days(hi, to, 1) != 0)
		hi[0] = '\0';
	return 0;
}

static void bind_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

#define FILTER " subject LIKE 'p-%' AND (?1 IS NULL OR subject = ?1) AND (?2 IS NULL OR user = ?2)" \
	" AND (?3 IS NULL OR time >= ?3) AND (?4 IS NULL OR time < ?4)"

static int report_sheet(cus__rdoc *d, cus_db *db, const char *key, const char *title, const char *const *k,
	const char *const *h, size_t ncols, const char *sql, const char *subj, const char *user, const char *lo,
	const char *hi, int64_t *count)
{
	cus__rsheet *sh = cus__rdoc_sheet(d, key, title, k, h, ncols, 0);
	if (!sh)
		return CUS_ENOMEM;
	sqlite3 *q = cus__db_sql(db);
	sqlite3_stmt *st = NULL;
	int r = sqlite3_prepare_v2(q, sql, -1, &st, NULL);
	if (r != SQLITE_OK) {
		sqlite3_finalize(st);
		return cus__sql_error(q, r, "reading the audit log");
	}
	bind_or_null(st, 1, subj);
	bind_or_null(st, 2, user);
	bind_or_null(st, 3, lo);
	bind_or_null(st, 4, hi);
	int rc = 0;
	while (!rc && (r = sqlite3_step(st)) == SQLITE_ROW) {
		rc = cus__rsheet_row(sh);
		for (size_t i = 0; !rc && i < ncols; i++) {
			if (sqlite3_column_type(st, (int)i) == SQLITE_INTEGER)
				cus__rsheet_num(sh, i, sqlite3_column_int64(st, (int)i));
			else
				rc = cus__rsheet_text(sh, i, (const char *)sqlite3_column_text(st, (int)i));
		}
		if (count)
			(*count)++;
	}
	if (!rc && r != SQLITE_DONE)
		rc = cus__sql_error(q, r, "reading the audit log");
	sqlite3_finalize(st);
	return rc;
}

int cus_access_report(cus_session *s, const cus_access_report_options *o, const char *path, int format,
	int64_t *entries)
{
	if (entries)
		*entries = 0;
	if (!s)
		return cus__error(CUS_EINVAL, "rights", NULL, "no session");
	cus_access_report_options def = CUS_ACCESS_REPORT_OPTIONS_INIT;
	if (!o)
		o = &def;
	if (o->version != CUS_ACCESS_REPORT_OPTIONS_VERSION)
		return cus__error(CUS_EINVAL, "rights", "version", "unknown cus_access_report_options version");
	if (o->person < 0)
		return cus__error(CUS_EINVAL, "rights", "person", "a person id is a whole number above 0");
	if (o->user && !cus__login_valid(o->user))
		return cus__error(CUS_EINVAL, "rights", "user", "the user filter is not a valid login");
	char lo[11], hi[11];
	int rc = bounds(o->from, o->to, lo, hi);
	if (rc)
		return rc;
	int fmt = cus__rdoc_format(path, format);
	if (fmt < 0)
		return fmt;
	char subj[32] = "", detail[200];
	if (o->person)
		cus__person_subject(subj, o->person);
	snprintf(detail, sizeof detail, "access report%s%s%s%s%s%s", o->user ? ", user " : "", o->user ? o->user : "",
		o->from ? ", from " : "", o->from ? o->from : "", o->to ? ", to " : "", o->to ? o->to : "");
	rc = cus__access_begin(s, "audit.report", "audit", subj[0] ? subj : NULL, "audit", CUS_OP_READ, detail);
	if (rc)
		return rc;
	cus__rdoc d;
	memset(&d, 0, sizeof d);
	d.title = "Raport dostępu do danych osobowych";
	static const char *const ek[] = { "seq", "time", "user", "role", "action", "subject", "categories", "purpose",
		"outcome", "detail" };
	static const char *const eh[] = { "Nr wpisu", "Czas (UTC)", "Użytkownik", "Rola", "Czynność", "Osoba",
		"Kategorie danych", "Cel", "Wynik", "Szczegóły" };
	int64_t n = 0;
	rc = report_sheet(&d, s->db, "entries", "Dostępy", ek, eh, 10,
		"SELECT seq, time, user, role, action, subject, categories, purpose, outcome, detail FROM audit_log"
		" WHERE" FILTER " ORDER BY seq", subj, o->user, lo, hi, &n);
	static const char *const uk[] = { "user", "entries", "persons", "denied", "first", "last" };
	static const char *const uh[] = { "Użytkownik", "Wpisy", "Osoby", "Odmowy", "Pierwszy", "Ostatni" };
	if (!rc)
		rc = report_sheet(&d, s->db, "by_user", "Według użytkowników", uk, uh, 6,
			"SELECT user, count(*), count(DISTINCT subject), sum(outcome = 'denied'), min(time), max(time)"
			" FROM audit_log WHERE" FILTER " GROUP BY user ORDER BY user", subj, o->user, lo, hi, NULL);
	static const char *const pk[] = { "subject", "entries", "users", "first", "last" };
	static const char *const ph[] = { "Osoba", "Wpisy", "Użytkownicy", "Pierwszy", "Ostatni" };
	if (!rc)
		rc = report_sheet(&d, s->db, "by_person", "Według osób", pk, ph, 5,
			"SELECT subject, count(*), count(DISTINCT user), min(time), max(time) FROM audit_log WHERE" FILTER
			" GROUP BY subject ORDER BY CAST(substr(subject, 3) AS INTEGER)", subj, o->user, lo, hi, NULL);
	static const char *const dk[] = { "day", "entries", "users", "persons" };
	static const char *const dh[] = { "Dzień (UTC)", "Wpisy", "Użytkownicy", "Osoby" };
	if (!rc)
		rc = report_sheet(&d, s->db, "by_day", "Według dni", dk, dh, 4,
			"SELECT substr(time, 1, 10), count(*), count(DISTINCT user), count(DISTINCT subject) FROM audit_log"
			" WHERE" FILTER " GROUP BY substr(time, 1, 10) ORDER BY 1", subj, o->user, lo, hi, NULL);
	if (!rc)
		rc = cus__rdoc_write(&d, path, fmt);
	cus__rdoc_free(&d);
	rc = cus__access_end(s, rc);
	if (!rc && entries)
		*entries = n;
	return rc;
}

/* ---- anomalies ---- */

const char *cus_anomaly_kind_name(int kind)
{
	static const char *const names[] = { NULL, "off_hours", "bulk_read", "no_case", "same_surname", "denials" };
	return kind >= 1 && kind <= 5 ? names[kind] : NULL;
}

struct cus_anomaly_iter {
	cus_anomaly *items;
	size_t n, cap, pos;
};

void cus_anomaly_iter_free(cus_anomaly_iter *it)
{
	if (!it)
		return;
	for (size_t i = 0; i < it->n; i++) {
		free((char *)it->items[i].user);
		free((char *)it->items[i].subject);
		free((char *)it->items[i].time);
		free((char *)it->items[i].period);
		free((char *)it->items[i].detail);
	}
	free(it->items);
	free(it);
}

int cus_anomaly_next(const cus_anomaly **out, cus_anomaly_iter *it)
{
	if (!out || !it)
		return cus__error(CUS_EINVAL, "rights", NULL, "out or iterator is NULL");
	*out = NULL;
	if (it->pos >= it->n)
		return CUS_ITEROVER;
	*out = &it->items[it->pos++];
	return 0;
}

static char *sdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

static int push(cus_anomaly_iter *it, int kind, const char *user, const char *subject, const char *time,
	const char *period, int64_t count, int64_t seq, const char *detail)
{
	if (it->n == it->cap) {
		size_t ncap = it->cap ? 2 * it->cap : 16;
		cus_anomaly *ni = realloc(it->items, ncap * sizeof *ni);
		if (!ni)
			return oom();
		it->items = ni;
		it->cap = ncap;
	}
	cus_anomaly *a = &it->items[it->n];
	memset(a, 0, sizeof *a);
	a->kind = kind;
	a->count = count;
	a->seq = seq;
	a->user = sdup(user);
	a->subject = sdup(subject);
	a->time = sdup(time);
	a->period = sdup(period);
	a->detail = sdup(detail);
	it->n++;
	if (!a->user || (subject && !a->subject) || (time && !a->time) || (period && !a->period) || !a->detail)
		return oom();
	return 0;
}

/* Person reads: the entries about a person that disclosed data to the user. */
#define READ_ENTRY " subject LIKE 'p-%' AND outcome = 'ok' AND (action LIKE '%.read' OR action LIKE '%.list'" \
	" OR action = 'person.history' OR action = 'rights.export')" \
	" AND (detail IS NULL OR instr(detail, 'break-glass #') = 0)"
#define RANGE " AND (?1 IS NULL OR time >= ?1) AND (?2 IS NULL OR time < ?2)"

typedef struct {
	cus_anomaly_iter *it;
	cus_db *db;
	const cus__monitoring *m;
	const char *lo, *hi;
	const char *const *exempt;
	size_t nexempt;
} actx;

static int prepare(actx *c, const char *sql, sqlite3_stmt **st)
{
	sqlite3 *q = cus__db_sql(c->db);
	int r = sqlite3_prepare_v2(q, sql, -1, st, NULL);
	if (r != SQLITE_OK) {
		sqlite3_finalize(*st);
		*st = NULL;
		return cus__sql_error(q, r, "reading the audit log");
	}
	bind_or_null(*st, 1, c->lo);
	bind_or_null(*st, 2, c->hi);
	return 0;
}

static const char *col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

static int is_exempt(const actx *c, const char *purpose)
{
	for (size_t i = 0; purpose && i < c->nexempt; i++)
		if (strcmp(c->exempt[i], purpose) == 0)
			return 1;
	return 0;
}

/* Local wall-clock time of an audit time: day of week (0 Monday), minute of day, local date. */
static int local_time(UCalendar *cal, const char *t, int *dow, int *minute, char date[11])
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	if (!t || sscanf(t, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
		    &tm.tm_sec) != 6)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	time_t secs = timegm(&tm);
	UErrorCode e = U_ZERO_ERROR;
	ucal_setMillis(cal, (UDate)secs * 1000.0, &e);
	int wd = ucal_get(cal, UCAL_DAY_OF_WEEK, &e); /* 1 Sunday .. 7 Saturday */
	int h = ucal_get(cal, UCAL_HOUR_OF_DAY, &e), mi = ucal_get(cal, UCAL_MINUTE, &e);
	int y = ucal_get(cal, UCAL_YEAR, &e), mo = ucal_get(cal, UCAL_MONTH, &e) + 1, d = ucal_get(cal, UCAL_DATE, &e);
	if (U_FAILURE(e))
		return -1;
	*dow = (wd + 5) % 7;
	*minute = h * 60 + mi;
	snprintf(date, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)mo % 100u, (unsigned)d % 100u);
	return 0;
}

static int off_hours(actx *c)
{
	UChar tz[80];
	u_uastrncpy(tz, c->m->time_zone, 79);
	tz[79] = 0;
	UErrorCode e = U_ZERO_ERROR;
	UCalendar *cal = ucal_open(tz, -1, "pl_PL", UCAL_GREGORIAN, &e);
	if (U_FAILURE(e))
		return cus__error(CUS_ERROR, "rights", NULL, "cannot open the calendar of %s", c->m->time_zone);
	sqlite3_stmt *st = NULL;
	int rc = prepare(c, "SELECT seq, time, user, subject, purpose FROM audit_log WHERE subject LIKE 'p-%'"
		" AND outcome = 'ok' AND (detail IS NULL OR instr(detail, 'break-glass #') = 0)" RANGE
		" ORDER BY user, seq", &st);
	/* one anomaly per user and local day */
	char cur_user[CUS_LOGIN_MAX + 1] = "", cur_day[11] = "", first_time[32] = "", first_subj[40] = "",
	     first_local[24] = "";
	int64_t count = 0, first_seq = 0;
	int r = SQLITE_DONE;
	for (;;) {
		int have = 0, dow = 0, minute = 0;
		char date[11] = "";
		if (!rc && (r = sqlite3_step(st)) == SQLITE_ROW) {
			have = 1;
			if (is_exempt(c, col(st, 4)) || local_time(cal, col(st, 1), &dow, &minute, date) != 0)
				continue;
			int working = (c->m->days & (1u << dow)) && minute >= c->m->from_minute && minute < c->m->to_minute;
			if (working)
				continue;
		}
		if (count && (!have || strcmp(cur_user, col(st, 2)) != 0 || strcmp(cur_day, date) != 0)) {
			char detail[200];
			snprintf(detail, sizeof detail, "%lld access%s to personal data outside working hours on %s (local"
				" time, first at %s)", (long long)count, count == 1 ? "" : "es", cur_day, first_local);
			rc = push(c->it, CUS_ANOMALY_OFF_HOURS, cur_user, first_subj, first_time, cur_day, count, first_seq,
				detail);
			count = 0;
		}
		if (!have || rc)
			break;
		if (!count) {
			snprintf(cur_user, sizeof cur_user, "%s", col(st, 2));
			snprintf(cur_day, sizeof cur_day, "%s", date);
			snprintf(first_time, sizeof first_time, "%s", col(st, 1));
			snprintf(first_subj, sizeof first_subj, "%s", col(st, 3));
			snprintf(first_local, sizeof first_local, "%02d:%02d", (minute / 60) % 100, minute % 60);
			first_seq = sqlite3_column_int64(st, 0);
		}
		count++;
	}
	if (!rc && r != SQLITE_DONE && r != SQLITE_ROW)
		rc = cus__sql_error(cus__db_sql(c->db), r, "reading the audit log");
	sqlite3_finalize(st);
	ucal_close(cal);
	return rc;
}

static int bulk(actx *c)
{
	sqlite3_stmt *st = NULL;
	int rc = prepare(c, "SELECT user, substr(time, 1, 13), count(DISTINCT subject), min(seq), min(time)"
		" FROM audit_log WHERE" READ_ENTRY RANGE " GROUP BY user, substr(time, 1, 13)"
		" HAVING count(DISTINCT subject) > ?3 ORDER BY min(seq)", &st);
	if (!rc)
		sqlite3_bind_int(st, 3, c->m->bulk_reads_per_hour);
	int r = SQLITE_DONE;
	while (!rc && (r = sqlite3_step(st)) == SQLITE_ROW) {
		char detail[200];
		snprintf(detail, sizeof detail, "%lld persons read in the hour from %s:00 UTC (more than %d)",
			(long long)sqlite3_column_int64(st, 2), col(st, 1), c->m->bulk_reads_per_hour);
		rc = push(c->it, CUS_ANOMALY_BULK_READ, col(st, 0), NULL, col(st, 4), col(st, 1),
			sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3), detail);
	}
	if (!rc && r != SQLITE_DONE)
		rc = cus__sql_error(cus__db_sql(c->db), r, "reading the audit log");
	sqlite3_finalize(st);
	return rc;
}

static int denials(actx *c)
{
	sqlite3_stmt *st = NULL;
	int rc = prepare(c, "SELECT user, substr(time, 1, 10), count(*), min(seq), min(time) FROM audit_log"
		" WHERE outcome = 'denied'" RANGE " GROUP BY user, substr(time, 1, 10) HAVING count(*) >= ?3"
		" ORDER BY min(seq)", &st);
	if (!rc)
		sqlite3_bind_int(st, 3, c->m->denials_per_day);
	int r = SQLITE_DONE;
	while (!rc && (r = sqlite3_step(st)) == SQLITE_ROW) {
		char detail[200];
		snprintf(detail, sizeof detail, "%lld denied attempts on %s (UTC; the policy flags %d or more)",
			(long long)sqlite3_column_int64(st, 2), col(st, 1), c->m->denials_per_day);
		rc = push(c->it, CUS_ANOMALY_DENIALS, col(st, 0), NULL, col(st, 4), col(st, 1), sqlite3_column_int64(st, 2),
			sqlite3_column_int64(st, 3), detail);
	}
	if (!rc && r != SQLITE_DONE)
		rc = cus__sql_error(cus__db_sql(c->db), r, "reading the audit log");
	sqlite3_finalize(st);
	return rc;
}

/* Reads of persons by case workers (qualification, ipus, service_delivery)
 * with no application or plan of theirs for that person, and who did not
 * register the person themselves. */
static int no_case(actx *c)
{
	sqlite3_stmt *st = NULL;
	int rc = prepare(c, "SELECT a.user, a.subject, count(*), min(a.seq), min(a.time) FROM audit_log a WHERE"
		" a.subject LIKE 'p-%' AND a.outcome = 'ok' AND (a.action LIKE '%.read' OR a.action LIKE '%.list'"
		" OR a.action = 'person.history') AND (a.detail IS NULL OR instr(a.detail, 'break-glass #') = 0)"
		" AND a.purpose IN ('qualification', 'ipus', 'service_delivery')"
		" AND (?1 IS NULL OR a.time >= ?1) AND (?2 IS NULL OR a.time < ?2)"
		" AND NOT EXISTS (SELECT 1 FROM applications x WHERE x.person_id = CAST(substr(a.subject, 3) AS INTEGER)"
		"   AND (x.created_by = a.user OR x.decided_by = a.user))"
		" AND NOT EXISTS (SELECT 1 FROM plans x WHERE x.person_id = CAST(substr(a.subject, 3) AS INTEGER)"
		"   AND (x.coordinator = a.user OR x.created_by = a.user))"
		" AND NOT EXISTS (SELECT 1 FROM audit_log b WHERE b.subject = a.subject AND b.user = a.user"
		"   AND b.action = 'person.add' AND b.outcome = 'ok')"
		" GROUP BY a.user, a.subject ORDER BY min(a.seq)", &st);
	int r = SQLITE_DONE;
	while (!rc && (r = sqlite3_step(st)) == SQLITE_ROW) {
		char detail[200];
		snprintf(detail, sizeof detail, "%lld read%s of a person with no application or plan of this user",
			(long long)sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 2) == 1 ? "" : "s");
		rc = push(c->it, CUS_ANOMALY_NO_CASE, col(st, 0), col(st, 1), col(st, 4), NULL, sqlite3_column_int64(st, 2),
			sqlite3_column_int64(st, 3), detail);
	}
	if (!rc && r != SQLITE_DONE)
		rc = cus__sql_error(cus__db_sql(c->db), r, "reading the audit log");
	sqlite3_finalize(st);
	return rc;
}

/* Does the (search key of the) last name equal the surname, or one part of
 * a double-barrelled name? */
static int surname_match(const char *last_key, const char *surname_key)
{
	if (!*surname_key)
		return 0;
	if (strcmp(last_key, surname_key) == 0)
		return 1;
	size_t n = strlen(surname_key);
	for (const char *p = last_key; (p = strstr(p, surname_key)) != NULL; p++) {
		int start = p == last_key || p[-1] == '-' || p[-1] == ' ';
		int end = p[n] == '\0' || p[n] == '-' || p[n] == ' ';
		if (start && end)
			return 1;
	}
	return 0;
}

static int same_surname(actx *c)
{
	sqlite3_stmt *st = NULL;
	int rc = prepare(c, "SELECT a.user, a.subject, count(*), min(a.seq), min(a.time), u.name, p.version,"
		" p.last_name, p.id FROM audit_log a JOIN users u ON u.login = a.user"
		" JOIN persons p ON p.id = CAST(substr(a.subject, 3) AS INTEGER)"
		" WHERE" READ_ENTRY " AND u.name <> ''"
		" AND (?1 IS NULL OR a.time >= ?1) AND (?2 IS NULL OR a.time < ?2)"
		" GROUP BY a.user, a.subject ORDER BY min(a.seq)", &st);
	cus__pkey k = { 0 };
	int r = SQLITE_DONE;
	while (!rc && (r = sqlite3_step(st)) == SQLITE_ROW) {
		/* the user's surname: the last word of the display name */
		const char *name = col(st, 5);
		const char *sp = strrchr(name, ' ');
		char *skey = NULL, *lkey = NULL, *last = NULL;
		if (cus_text_search_key(&skey, sp ? sp + 1 : name) != 0) {
			cus_error_clear();
			continue;
		}
		int64_t pid = sqlite3_column_int64(st, 8);
		int krc = cus__pkey_load(c->db, pid, &k);
		if (krc == 0)
			krc = cus__field_open(&last, c->db, &k, "basic", "persons", "last_name", pid,
				sqlite3_column_int64(st, 6), sqlite3_column_blob(st, 7), (size_t)sqlite3_column_bytes(st, 7));
		if (krc == 0 && last && cus_text_search_key(&lkey, last) == 0 && surname_match(lkey, skey)) {
			char detail[200];
			snprintf(detail, sizeof detail, "%lld read%s of a person who shares the user's surname",
				(long long)sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 2) == 1 ? "" : "s");
			rc = push(c->it, CUS_ANOMALY_SAME_SURNAME, col(st, 0), col(st, 1), col(st, 4), NULL,
				sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3), detail);
		}
		if (krc == CUS_ESHREDDED || krc == CUS_EINTEGRITY)
			cus_error_clear();
		else if (krc && !rc)
			rc = krc;
		if (last) {
			sodium_memzero(last, strlen(last));
			free(last);
		}
		cus_free(lkey);
		cus_free(skey);
	}
	if (!rc && r != SQLITE_DONE && r != SQLITE_ROW)
		rc = cus__sql_error(cus__db_sql(c->db), r, "reading the audit log");
	sqlite3_finalize(st);
	cus__pkey_wipe(&k);
	return rc;
}

int cus_anomalies(cus_anomaly_iter **out, cus_session *s, const char *from, const char *to)
{
	if (!out || !s)
		return cus__error(CUS_EINVAL, "rights", NULL, "out or session is NULL");
	*out = NULL;
	char lo[11], hi[11];
	int rc = bounds(from, to, lo, hi);
	if (rc)
		return rc;
	char detail[80];
	snprintf(detail, sizeof detail, "anomalies%s%s%s%s", from ? " from " : "", from ? from : "", to ? " to " : "",
		to ? to : "");
	rc = cus__access_begin(s, "audit.anomalies", "audit", NULL, "audit", CUS_OP_READ, detail);
	if (rc)
		return rc;
	const cus__policy *p = NULL;
	rc = cus__policy_active(s->db, &p);
	cus_anomaly_iter *it = calloc(1, sizeof *it);
	if (!rc && !it)
		rc = oom();
	actx c = { it, s->db, cus__policy_monitoring(p), lo[0] ? lo : NULL, hi[0] ? hi : NULL, NULL, 0 };
	c.exempt = c.m->exempt;
	c.nexempt = c.m->nexempt;
	if (!rc)
		rc = off_hours(&c);
	if (!rc)
		rc = bulk(&c);
	if (!rc)
		rc = no_case(&c);
	if (!rc)
		rc = same_surname(&c);
	if (!rc)
		rc = denials(&c);
	rc = cus__access_end(s, rc);
	if (rc) {
		cus_anomaly_iter_free(it);
		return rc;
	}
	*out = it;
	return 0;
}
