/* The disposal workflow: proposals (with the disposal list as XLSX),
 * approval with the state archive's consent, execution with its protocol,
 * legal holds; and the refusals, each audited as denied. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>
#include <xlsxwriter.h>

#include "internal.h"
#include "../access/access.h"
#include "../util/u64map.h"

#define MODULE "retention"
#define PERSONAL_CATEGORIES "basic,contact,financial,health,disability,location,family,judgment"
#define DECISION_MAX 500
#define REASON_MAX 500

static int oom(void)
{
	return cus__error(CUS_ENOMEM, MODULE, NULL, "out of memory");
}

/* ---- refusals ----
 * Inside an operation: undo its work and its "ok" entry, and record the
 * refusal as one "denied" entry (detail: the error's name and message, which
 * never hold personal data). extra, when given, writes more in that same
 * transaction (the erasure request). Returns rc with its message. */
typedef int (*refusal_extra)(cus_session *s, void *arg);

int cus__retention_refuse(cus_session *s, int rc, refusal_extra extra, void *arg)
{
	const cus_error *l = cus_error_last();
	char msg[400], field[64] = "", module[16] = MODULE;
	snprintf(msg, sizeof msg, "%s", l->code == rc && l->message ? l->message : cus_strerror(rc));
	if (l->code == rc && l->field)
		snprintf(field, sizeof field, "%s", l->field);
	if (l->code == rc && l->module)
		snprintf(module, sizeof module, "%s", l->module);
	sqlite3 *sql = cus__db_sql(s->db);
	s->in_operation = 0;
	sqlite3_exec(sql, "ROLLBACK", NULL, NULL, NULL);
	cus__audit_after_rollback(s->db);
	cus__policy_cache_clear(s->db);
	char detail[480];
	snprintf(detail, sizeof detail, "refused: %s: %s", cus_error_name(rc), msg);
	int arc = cus__sql_exec(sql, "BEGIN IMMEDIATE");
	if (!arc)
		arc = cus__audit_append(s->db, &s->actor, s->op_action, s->op_object,
			s->op_subject[0] ? s->op_subject : NULL, s->op_categories, "denied", detail);
	if (!arc && extra)
		arc = extra(s, arg);
	if (!arc)
		arc = cus__sql_exec(sql, "COMMIT");
	if (arc) {
		sqlite3_exec(sql, "ROLLBACK", NULL, NULL, NULL);
		cus__audit_after_rollback(s->db);
		return arc;
	}
	cus__audit_after_commit(s->db);
	return cus__error(rc, module, field[0] ? field : NULL, "%s", msg);
}

static int approver_check(cus_session *s, const cus__retention_rules *r)
{
	if (!cus__retention_is_approver(r, s->role))
		return cus__error(CUS_EDENIED, MODULE, "role", "role %s may not approve disposals, withdraw proposals or "
			"place holds (the policy's retention approvers)", s->role);
	return 0;
}

static int rules_of(cus_session *s, const cus__policy **p, const cus__retention_rules **r)
{
	int rc = cus__session_policy(s, p);
	if (rc)
		return rc;
	*r = cus__policy_retention(*p);
	if (!*r)
		return cus__error(CUS_ENOTFOUND, MODULE, NULL, "the active policy (version %lld) has no section 'retention'",
			(long long)cus__policy_version(*p));
	return 0;
}

/* ---- small SQL helpers ---- */

static int prep(sqlite3 *sql, const char *text, sqlite3_stmt **st)
{
	int src = sqlite3_prepare_v2(sql, text, -1, st, NULL);
	if (src != SQLITE_OK) {
		sqlite3_finalize(*st);
		*st = NULL;
		return cus__sql_error(sql, src, "retention");
	}
	return 0;
}

static int done(sqlite3 *sql, sqlite3_stmt *st, int src)
{
	int rc = (src == SQLITE_DONE || src == SQLITE_ROW) ? 0 : cus__sql_error(sql, src, "retention");
	sqlite3_finalize(st);
	return rc;
}

static void text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

static void copy_col(char *dst, size_t size, sqlite3_stmt *st, int i)
{
	const char *v = (const char *)sqlite3_column_text(st, i);
	snprintf(dst, size, "%s", v ? v : "");
}

static void counts_text(char *buf, size_t size, const int64_t *counts)
{
	buf[0] = '\0';
	for (int k = 0; k < CUS_RETENTION_KIND_COUNT; k++) {
		if (!counts[k])
			continue;
		size_t n = strlen(buf);
		snprintf(buf + n, size - n, "%s%s=%lld", n ? "," : "", cus_retention_kind_name(k), (long long)counts[k]);
	}
}

/* ---- the disposal list (XLSX) ---- */

static const char *const kind_pl[CUS_RETENTION_KIND_COUNT] = {
	"osoba", "wnioski", "decyzje", "plany IPUS", "usługi", "dokumenty szczególnych kategorii", "zatrudnienie",
	"dziennik zdarzeń", "plan finansowy", "wydatki", "projekty",
};

typedef struct {
	lxw_workbook *wb;
	lxw_worksheet *ws[3];
	lxw_format *bold;
	int row[3];
	int lp[3];
	int bad;
} xlsx;

static int put(xlsx *x, int sheet, int col, const char *s, lxw_format *f)
{
	if (!s)
		s = "";
	if (!cus__utf8_valid(s, strlen(s))) {
		x->bad = 1;
		return -1;
	}
	if (worksheet_write_string(x->ws[sheet], (lxw_row_t)x->row[sheet], (lxw_col_t)col, s, f) != LXW_NO_ERROR)
		x->bad = 1;
	return 0;
}

static void put_n(xlsx *x, int sheet, int col, double v)
{
	if (worksheet_write_number(x->ws[sheet], (lxw_row_t)x->row[sheet], (lxw_col_t)col, v, NULL) != LXW_NO_ERROR)
		x->bad = 1;
}

static int xlsx_open(xlsx *x, const char *path, const cus__policy *p, const cus__retention_rules *r, int64_t id,
	const char *as_of, const char *today)
{
	memset(x, 0, sizeof *x);
	/* libxlsxwriter accepts any path and fails only at the end: try it first */
	FILE *probe = fopen(path, "wb");
	if (!probe)
		return cus__error(CUS_EIO, MODULE, "path", "the disposal list cannot be created (no such directory, or "
			"not writable)");
	fclose(probe);
	lxw_workbook_options o = { .constant_memory = LXW_TRUE, .tmpdir = NULL };
	x->wb = workbook_new_opt(path, &o);
	if (!x->wb)
		return cus__error(CUS_EIO, MODULE, "path", "the disposal list cannot be created");
	x->bold = workbook_add_format(x->wb);
	format_set_bold(x->bold);
	static const char *const names[3] = { "Spis do brakowania", "Do ekspertyzy", "Do przekazania" };
	static const char *const titles[3] = {
		"Spis akt przeznaczonych do brakowania",
		"Spis akt kategorii BE przekazywanych do ekspertyzy archiwum państwowego",
		"Spis akt kategorii A do przekazania do archiwum państwowego",
	};
	static const char *const heads[] = {
		"Lp.", "Znak teczki (symbol JRWA)", "Oznaczenie akt", "Tytuł teczki lub tomu", "Daty skrajne od",
		"Daty skrajne do", "Kategoria archiwalna", "Liczba teczek", "Termin przechowywania upływa", "Uwagi",
	};
	static const double widths[] = { 6, 14, 16, 70, 14, 14, 12, 10, 16, 40 };
	char line[600];
	for (int i = 0; i < 3; i++) {
		x->ws[i] = workbook_add_worksheet(x->wb, names[i]);
		if (!x->ws[i]) {
			x->bad = 1;
			break;
		}
		for (int c = 0; c < (int)(sizeof widths / sizeof widths[0]); c++)
			worksheet_set_column(x->ws[i], (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL);
		put(x, i, 0, titles[i], x->bold);
		x->row[i]++;
		snprintf(line, sizeof line, "Jednostka: %s", r->unit ? r->unit : cus__policy_teryt(p));
		put(x, i, 0, line, NULL);
		x->row[i]++;
		if (r->archive) {
			snprintf(line, sizeof line, "Archiwum państwowe: %s", r->archive);
			put(x, i, 0, line, NULL);
			x->row[i]++;
		}
		snprintf(line, sizeof line, "Wniosek nr %lld z dnia %s; stan na dzień %s; zasady w wersji %lld", (long long)id,
			today, as_of, (long long)cus__policy_version(p));
		put(x, i, 0, line, NULL);
		x->row[i] += 2;
		for (int c = 0; c < (int)(sizeof heads / sizeof heads[0]); c++)
			put(x, i, c, heads[c], x->bold);
		x->row[i]++;
	}
	return x->bad ? cus__error(CUS_EIO, MODULE, "path", "the disposal list cannot be written") : 0;
}

static void xlsx_item(xlsx *x, const cus_retention_item *it, const cus__retention_rules *r)
{
	int sheet = it->action == CUS_RETENTION_DESTROY ? 0 : it->action == CUS_RETENTION_APPRAISAL ? 1 : 2;
	char title[700] = "", note[400] = "";
	int kind = CUS_RETENTION_PERSON;
	for (int k = 0; k < CUS_RETENTION_KIND_COUNT; k++)
		if (strcmp(cus_retention_kind_name(k), it->kind) == 0)
			kind = k;
	if (kind == CUS_RETENTION_PERSON) {
		snprintf(title, sizeof title, "Akta sprawy osoby %s:", it->subject);
		for (int k = 0; k < CUS__RK_PERSONAL; k++) {
			if (!it->counts[k])
				continue;
			size_t n = strlen(title);
			snprintf(title + n, sizeof title - n, " %s %lld;", kind_pl[k], (long long)it->counts[k]);
		}
		size_t n = strlen(title);
		if (n && title[n - 1] == ';')
			title[n - 1] = '\0';
	} else {
		snprintf(title, sizeof title, "%s – %s", r->has[kind] ? r->rules[kind].title : kind_pl[kind], it->subject);
	}
	if (r->has[kind])
		snprintf(note, sizeof note, "%s (%s)", r->rules[kind].title, cus__retention_event_name(r->rules[kind].event));
	x->lp[sheet]++;
	put_n(x, sheet, 0, x->lp[sheet]);
	put(x, sheet, 1, it->symbols, NULL);
	put(x, sheet, 2, it->subject, NULL);
	put(x, sheet, 3, title, NULL);
	put(x, sheet, 4, it->first_date, NULL);
	put(x, sheet, 5, it->event_date, NULL);
	put(x, sheet, 6, it->categories, NULL);
	put_n(x, sheet, 7, 1);
	put(x, sheet, 8, it->due, NULL);
	put(x, sheet, 9, note, NULL);
	x->row[sheet]++;
}

static int xlsx_close(xlsx *x)
{
	for (int i = 0; i < 3 && x->ws[i]; i++) {
		x->row[i]++;
		char line[120];
		snprintf(line, sizeof line, "Razem teczek: %d", x->lp[i]);
		put(x, i, 0, line, x->bold);
	}
	lxw_error e = workbook_close(x->wb);
	x->wb = NULL;
	if (x->bad)
		return cus__error(CUS_EINVAL, MODULE, "path", "the disposal list holds text that is not UTF-8");
	if (e != LXW_NO_ERROR)
		return cus__error(CUS_EIO, MODULE, "path", "the disposal list cannot be written: %s", lxw_strerror(e));
	return 0;
}

/* ---- propose ---- */

static int store_rules(sqlite3 *sql, const cus__policy *p, const cus__retention_rules *r)
{
	sqlite3_stmt *st = NULL;
	int rc = prep(sql, "INSERT OR IGNORE INTO retention_rules (policy_version, kind, category, years, event, symbol,"
		" title) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", &st);
	for (int k = 0; !rc && k < CUS_RETENTION_KIND_COUNT; k++) {
		if (!r->has[k])
			continue;
		const cus__retention_rule *u = &r->rules[k];
		sqlite3_bind_int64(st, 1, cus__policy_version(p));
		sqlite3_bind_text(st, 2, cus_retention_kind_name(k), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, u->category, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 4, u->years);
		sqlite3_bind_text(st, 5, cus__retention_event_name(u->event), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, u->symbol, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, u->title, -1, SQLITE_STATIC);
		int src = sqlite3_step(st);
		if (src != SQLITE_DONE)
			rc = cus__sql_error(sql, src, "storing the retention rules");
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc;
}

static int propose(cus_session *s, const char *day, const char *path, int64_t *id)
{
	const cus__policy *p = NULL;
	const cus__retention_rules *r = NULL;
	int rc = rules_of(s, &p, &r);
	cus_retention_iter *it = NULL;
	if (!rc)
		rc = cus__retention_sweep(&it, s->db, p, cus__retention_date_int(day));
	size_t n = cus_retention_count(it), todo = 0;
	for (size_t i = 0; !rc && i < n; i++)
		todo += cus__retention_at(it, i)->action != CUS_RETENTION_HELD;
	if (!rc && !todo)
		rc = cus__error(CUS_ENOTFOUND, MODULE, "as_of", "nothing is due on %s (or all that is due is held)", day);
	sqlite3 *sql = cus__db_sql(s->db);
	char now[21], today[11];
	cus__utc_now(now);
	memcpy(today, now, 10);
	today[10] = '\0';
	sqlite3_stmt *st = NULL;
	if (!rc)
		rc = prep(sql, "INSERT INTO retention_proposals (state, as_of, policy_version, created, created_by)"
			" VALUES ('proposed', ?1, ?2, ?3, ?4)", &st);
	if (!rc) {
		sqlite3_bind_text(st, 1, day, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 2, cus__policy_version(p));
		sqlite3_bind_text(st, 3, now, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, s->user, -1, SQLITE_TRANSIENT);
		rc = done(sql, st, sqlite3_step(st));
		*id = sqlite3_last_insert_rowid(sql);
	}
	if (!rc)
		rc = store_rules(sql, p, r);
	xlsx x;
	memset(&x, 0, sizeof x);
	if (!rc)
		rc = xlsx_open(&x, path, p, r, *id, day, today);
	st = NULL;
	if (!rc)
		rc = prep(sql, "INSERT INTO retention_items (proposal_id, position, kind, object_id, action, categories,"
			" symbols, first_date, event_date, due, counts) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", &st);
	int64_t pos = 0;
	for (size_t i = 0; !rc && i < n; i++) {
		const cus_retention_item *item = cus__retention_at(it, i);
		if (item->action == CUS_RETENTION_HELD)
			continue;
		char counts[400];
		counts_text(counts, sizeof counts, item->counts);
		sqlite3_bind_int64(st, 1, *id);
		sqlite3_bind_int64(st, 2, ++pos);
		sqlite3_bind_text(st, 3, item->kind, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, item->id);
		sqlite3_bind_text(st, 5, item->action_name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, item->categories, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, item->symbols, -1, SQLITE_STATIC);
		text_or_null(st, 8, item->first_date);
		text_or_null(st, 9, item->event_date);
		sqlite3_bind_text(st, 10, item->due, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 11, counts, -1, SQLITE_TRANSIENT);
		int src = sqlite3_step(st);
		if (src != SQLITE_DONE)
			rc = cus__sql_error(sql, src, "storing the proposal");
		sqlite3_reset(st);
		if (!rc)
			xlsx_item(&x, item, r);
	}
	sqlite3_finalize(st);
	if (x.wb) {
		int xrc = xlsx_close(&x);
		if (!rc)
			rc = xrc;
	}
	cus_retention_iter_free(it);
	return rc;
}

int cus_retention_propose(int64_t *proposal, cus_session *s, const char *as_of, const char *xlsx_path)
{
	if (!s)
		return cus__error(CUS_EINVAL, MODULE, NULL, "no session");
	if (proposal)
		*proposal = 0;
	if (!xlsx_path || !*xlsx_path)
		return cus__error(CUS_EINVAL, MODULE, "path", "path: name the XLSX file of the disposal list");
	char day[11];
	int rc = cus__retention_as_of(as_of, day);
	if (rc)
		return rc;
	char detail[64];
	snprintf(detail, sizeof detail, "as of %s", day);
	rc = cus__access_begin(s, "retention.propose", "retention", NULL, "basic", CUS_OP_READ, detail);
	if (rc)
		return rc;
	int64_t id = 0;
	rc = propose(s, day, xlsx_path, &id);
	if (rc)
		unlink(xlsx_path);
	rc = cus__access_end(s, rc);
	if (!rc && proposal)
		*proposal = id;
	return rc;
}

/* ---- approve, withdraw, read ---- */

static int proposal_state(sqlite3 *sql, int64_t id, char state[12])
{
	sqlite3_stmt *st = NULL;
	int rc = prep(sql, "SELECT state FROM retention_proposals WHERE id = ?1", &st);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	int src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		copy_col(state, 12, st, 0);
		rc = 0;
	} else if (src == SQLITE_DONE) {
		rc = cus__error(CUS_ENOTFOUND, MODULE, "proposal", "there is no disposal proposal %lld", (long long)id);
	} else {
		rc = cus__sql_error(sql, src, "reading the proposal");
	}
	sqlite3_finalize(st);
	return rc;
}

/* A date in the text: YYYY-MM-DD or DD.MM.YYYY. */
static int holds_date(const char *t)
{
	size_t n = strlen(t);
	for (size_t i = 0; i + 10 <= n; i++) {
		char d[11];
		if (t[i + 4] == '-' && t[i + 7] == '-') {
			memcpy(d, t + i, 10);
			d[10] = '\0';
		} else if (t[i + 2] == '.' && t[i + 5] == '.') {
			snprintf(d, sizeof d, "%.4s-%.2s-%.2s", t + i + 6, t + i + 3, t + i);
		} else {
			continue;
		}
		if (cus_date_check(d, NULL) == 0)
			return 1;
	}
	return 0;
}

static int decide(cus_session *s, int64_t id, const char *decision, const char *to)
{
	const cus__policy *p = NULL;
	const cus__retention_rules *r = NULL;
	int rc = rules_of(s, &p, &r);
	if (!rc)
		rc = approver_check(s, r);
	char state[12];
	sqlite3 *sql = cus__db_sql(s->db);
	if (!rc)
		rc = proposal_state(sql, id, state);
	if (!rc) {
		int ok = strcmp(to, "approved") == 0 ? strcmp(state, "proposed") == 0 :
			(strcmp(state, "proposed") == 0 || strcmp(state, "approved") == 0);
		if (!ok)
			rc = cus__error(CUS_ENOTAPPROVED, MODULE, "proposal", "proposal %lld is %s: it cannot be %s", (long long)id,
				state, to);
	}
	char now[21];
	cus__utc_now(now);
	sqlite3_stmt *st = NULL;
	if (!rc && strcmp(to, "approved") == 0)
		rc = prep(sql, "UPDATE retention_proposals SET state = 'approved', decision = ?2, approved = ?3,"
			" approved_by = ?4 WHERE id = ?1", &st);
	else if (!rc)
		rc = prep(sql, "UPDATE retention_proposals SET state = 'withdrawn' WHERE id = ?1", &st);
	if (!rc) {
		sqlite3_bind_int64(st, 1, id);
		if (decision) {
			sqlite3_bind_text(st, 2, decision, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 3, now, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 4, s->user, -1, SQLITE_TRANSIENT);
		}
		rc = done(sql, st, sqlite3_step(st));
	}
	return rc;
}

static int decide_op(cus_session *s, int64_t id, const char *decision, const char *action, const char *to)
{
	char detail[64];
	snprintf(detail, sizeof detail, "proposal %lld", (long long)id);
	int rc = cus__access_begin(s, action, "retention", NULL, "", CUS_OP_WRITE, detail);
	if (rc)
		return rc;
	rc = decide(s, id, decision, to);
	if (rc == CUS_EDENIED || rc == CUS_ENOTAPPROVED)
		return cus__retention_refuse(s, rc, NULL, NULL);
	return cus__access_end(s, rc);
}

int cus_retention_approve(cus_session *s, int64_t proposal, const char *decision)
{
	if (!s)
		return cus__error(CUS_EINVAL, MODULE, NULL, "no session");
	char *d = NULL;
	int rc = decision ? cus_text_normalize(&d, decision, DECISION_MAX, "decision") :
		cus__error(CUS_EINVAL, MODULE, "decision", "decision: give the number and date of the state archive's consent");
	if (!rc && !*d)
		rc = cus__error(CUS_EINVAL, MODULE, "decision", "decision: give the number and date of the state archive's "
			"consent");
	if (!rc && !holds_date(d))
		rc = cus__error(CUS_EINVAL, MODULE, "decision", "decision: the state archive's consent must name its date "
			"(YYYY-MM-DD or DD.MM.YYYY)");
	if (!rc)
		rc = decide_op(s, proposal, d, "retention.approve", "approved");
	cus_free(d);
	return rc;
}

int cus_retention_withdraw(cus_session *s, int64_t proposal)
{
	if (!s)
		return cus__error(CUS_EINVAL, MODULE, NULL, "no session");
	return decide_op(s, proposal, NULL, "retention.withdraw", "withdrawn");
}

int cus_retention_proposal_get(cus_retention_proposal *out, cus_session *s, int64_t id)
{
	if (!out || !s)
		return cus__error(CUS_EINVAL, MODULE, NULL, "out or session is NULL");
	memset(out, 0, sizeof *out);
	char detail[64];
	snprintf(detail, sizeof detail, "proposal %lld", (long long)id);
	int rc = cus__access_begin(s, "retention.proposal", "retention", NULL, "", CUS_OP_READ, detail);
	if (rc)
		return rc;
	const cus__policy *p = NULL;
	const cus__retention_rules *r = NULL;
	rc = rules_of(s, &p, &r);
	if (!rc && !cus__retention_is_approver(r, s->role) &&
	    !cus__policy_role_allows(p, s->role, cus__category_index("basic"), CUS_OP_READ, s->purpose))
		rc = cus__error(CUS_EDENIED, MODULE, "role", "role %s may not read disposal proposals", s->role);
	if (rc == CUS_EDENIED)
		return cus__retention_refuse(s, rc, NULL, NULL);
	sqlite3 *sql = cus__db_sql(s->db);
	sqlite3_stmt *st = NULL;
	if (!rc)
		rc = prep(sql, "SELECT id, state, as_of, created, created_by, decision, approved_by, approved, executed,"
			" policy_version FROM retention_proposals WHERE id = ?1", &st);
	if (!rc) {
		sqlite3_bind_int64(st, 1, id);
		int src = sqlite3_step(st);
		if (src == SQLITE_ROW) {
			out->id = sqlite3_column_int64(st, 0);
			copy_col(out->state, sizeof out->state, st, 1);
			copy_col(out->as_of, sizeof out->as_of, st, 2);
			copy_col(out->created, sizeof out->created, st, 3);
			copy_col(out->created_by, sizeof out->created_by, st, 4);
			copy_col(out->decision, sizeof out->decision, st, 5);
			copy_col(out->approved_by, sizeof out->approved_by, st, 6);
			copy_col(out->approved, sizeof out->approved, st, 7);
			copy_col(out->executed, sizeof out->executed, st, 8);
			out->policy_version = sqlite3_column_int64(st, 9);
		} else if (src == SQLITE_DONE) {
			rc = cus__error(CUS_ENOTFOUND, MODULE, "proposal", "there is no disposal proposal %lld", (long long)id);
		} else {
			rc = cus__sql_error(sql, src, "reading the proposal");
		}
		sqlite3_finalize(st);
	}
	if (!rc && !(rc = prep(sql, "SELECT action, count(*) FROM retention_items WHERE proposal_id = ?1 GROUP BY action",
		&st))) {
		sqlite3_bind_int64(st, 1, id);
		int src;
		while ((src = sqlite3_step(st)) == SQLITE_ROW) {
			const char *a = (const char *)sqlite3_column_text(st, 0);
			for (int k = CUS_RETENTION_DESTROY; k <= CUS_RETENTION_APPRAISAL; k++)
				if (a && strcmp(a, cus_retention_action_name(k)) == 0)
					out->items[k] = sqlite3_column_int64(st, 1);
		}
		rc = done(sql, st, src);
	}
	return cus__access_end(s, rc);
}

/* ---- execute ---- */

typedef struct {
	int kind;
	int64_t id;
	int action;
	int64_t position;
} exec_item;

static int kind_code(const char *s)
{
	for (int k = 0; s && k < CUS_RETENTION_KIND_COUNT; k++)
		if (strcmp(cus_retention_kind_name(k), s) == 0)
			return k;
	return -1;
}

static int action_code(const char *s)
{
	for (int a = CUS_RETENTION_DESTROY; s && a <= CUS_RETENTION_HELD; a++)
		if (strcmp(cus_retention_action_name(a), s) == 0)
			return a;
	return 0;
}

static int load_items(sqlite3 *sql, int64_t proposal, exec_item **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = NULL;
	int rc = prep(sql, "SELECT kind, object_id, action, position FROM retention_items WHERE proposal_id = ?1"
		" ORDER BY position", &st);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, proposal);
	size_t cap = 0;
	int src;
	while (!rc && (src = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			exec_item *v = realloc(*out, cap * sizeof *v);
			if (!v) {
				rc = oom();
				break;
			}
			*out = v;
		}
		exec_item *e = &(*out)[(*n)++];
		e->kind = kind_code((const char *)sqlite3_column_text(st, 0));
		e->id = sqlite3_column_int64(st, 1);
		e->action = action_code((const char *)sqlite3_column_text(st, 2));
		e->position = sqlite3_column_int64(st, 3);
	}
	if (!rc)
		rc = done(sql, st, src);
	else
		sqlite3_finalize(st);
	return rc;
}

static int item_outcome(sqlite3 *sql, int64_t proposal, int64_t position, const char *outcome)
{
	sqlite3_stmt *st = NULL;
	int rc = prep(sql, "UPDATE retention_items SET outcome = ?3 WHERE proposal_id = ?1 AND position = ?2", &st);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, proposal);
	sqlite3_bind_int64(st, 2, position);
	sqlite3_bind_text(st, 3, outcome, -1, SQLITE_STATIC);
	return done(sql, st, sqlite3_step(st));
}

static uint64_t key_of(int kind, int64_t id)
{
	return ((uint64_t)kind << 56) | (uint64_t)id;
}

static void subject_of(char out[40], int kind, int64_t id)
{
	if (kind == CUS_RETENTION_PERSON)
		snprintf(out, 40, "p-%lld", (long long)id);
	else
		snprintf(out, 40, "%s:%lld", cus_retention_kind_name(kind), (long long)id);
}

/* Every item checked against today's sweep: the refusal of the first that fails. */
static int check_items(cus_session *s, const cus__policy *p, const exec_item *v, size_t n, const char *today,
	cus__u64map *now_due)
{
	cus_retention_iter *it = NULL;
	int rc = cus__retention_sweep(&it, s->db, p, cus__retention_date_int(today));
	for (size_t i = 0; !rc && i < cus_retention_count(it); i++) {
		const cus_retention_item *x = cus__retention_at(it, i);
		if (cus__u64map_set(now_due, key_of(kind_code(x->kind), x->id), x->action) < 0)
			rc = oom();
	}
	cus_retention_iter_free(it);
	for (size_t i = 0; !rc && i < n; i++) {
		const exec_item *e = &v[i];
		if (e->kind < 0)
			return cus__error(CUS_ERROR, MODULE, NULL, "the proposal holds an unknown kind of record");
		char subj[40];
		subject_of(subj, e->kind, e->id);
		int64_t a = 0;
		int due = cus__u64map_get(now_due, key_of(e->kind, e->id), &a);
		if (e->action != CUS_RETENTION_DESTROY)
			continue;
		if (!due) {
			/* not due today: gone already (disposed or erased), or retained */
			cus__retention_file f;
			if (e->kind == CUS_RETENTION_PERSON) {
				int frc = cus__retention_person_file(s->db, p, e->id, cus__retention_date_int(today), &f);
				if (frc == CUS_ENOTFOUND || (!frc && f.statistical))
					continue;
				if (frc)
					return frc;
				if (f.held)
					return cus__error(CUS_EHOLD, MODULE, "proposal", "%s is under a legal hold (or an art. 18 "
						"restriction): nothing was destroyed", subj);
				if (f.action == CUS_RETENTION_TRANSFER)
					a = CUS_RETENTION_TRANSFER;
				else if (f.action == CUS_RETENTION_APPRAISAL)
					a = CUS_RETENTION_APPRAISAL;
			} else {
				const cus__retention_rules *r = cus__policy_retention(p);
				if (r && r->has[e->kind] && r->rules[e->kind].cat == CUS__CAT_A)
					a = CUS_RETENTION_TRANSFER;
				else if (r && r->has[e->kind] && r->rules[e->kind].cat == CUS__CAT_BE)
					a = CUS_RETENTION_APPRAISAL;
			}
		}
		if (!due && !a) {
			cus__retention_file f;
			if (e->kind == CUS_RETENTION_PERSON) {
				int frc = cus__retention_person_file(s->db, p, e->id, cus__retention_date_int(today), &f);
				if (frc)
					return frc;
				char d[11];
				cus__retention_date_text(d, f.due);
				if (f.open)
					return cus__error(CUS_ERETAINED, MODULE, "proposal", "the case of %s is open again (an "
						"application awaits its decision): nothing was destroyed", subj);
				return cus__error(CUS_ERETAINED, MODULE, "proposal", "the retention of %s ends on %s, after "
					"today: nothing was destroyed", subj, d);
			}
			return cus__error(CUS_ERETAINED, MODULE, "proposal", "%s is not due today (gone, or retained longer "
				"under the active policy): nothing was destroyed", subj);
		}
		switch ((int)a) {
		case CUS_RETENTION_HELD:
			return cus__error(CUS_EHOLD, MODULE, "proposal", "%s is under a legal hold (or an art. 18 restriction): "
				"nothing was destroyed", subj);
		case CUS_RETENTION_TRANSFER:
			return cus__error(CUS_EARCHIVAL, MODULE, "proposal", "%s holds category A records under the active "
				"policy: they are transferred to the state archive, never destroyed; nothing was destroyed", subj);
		case CUS_RETENTION_APPRAISAL:
			return cus__error(CUS_EAPPRAISAL, MODULE, "proposal", "%s holds category BE records under the active "
				"policy: they go to the state archive's appraisal first; nothing was destroyed", subj);
		}
	}
	return rc;
}

static int dispose_finance(sqlite3 *sql, int kind, int64_t id, int64_t *records)
{
	static const char *const del[CUS_RETENTION_KIND_COUNT] = {
		[CUS_RETENTION_BUDGET] = "DELETE FROM budget_lines WHERE id = ?1",
		[CUS_RETENTION_EXPENDITURE] = "DELETE FROM expenditures WHERE id = ?1",
		[CUS_RETENTION_PROJECT] = "DELETE FROM projects WHERE id = ?1",
	};
	if (!del[kind])
		return cus__error(CUS_ERROR, MODULE, NULL, "a record of kind %s cannot be disposed of alone",
			cus_retention_kind_name(kind));
	sqlite3_stmt *st = NULL;
	int rc = 0;
	if (kind == CUS_RETENTION_PROJECT) {
		rc = prep(sql, "DELETE FROM project_sources WHERE project_id = ?1", &st);
		if (!rc) {
			sqlite3_bind_int64(st, 1, id);
			rc = done(sql, st, sqlite3_step(st));
		}
	}
	if (!rc)
		rc = prep(sql, del[kind], &st);
	if (!rc) {
		sqlite3_bind_int64(st, 1, id);
		int src = sqlite3_step(st);
		if (src == SQLITE_CONSTRAINT)
			rc = cus__error(CUS_EINVAL, MODULE, "proposal", "%s:%lld is still referred to by other records",
				cus_retention_kind_name(kind), (long long)id);
		else
			rc = done(sql, st, src), st = NULL;
		if (!rc)
			records[kind] += sqlite3_changes(sql);
		sqlite3_finalize(st);
	}
	return rc;
}

static int execute(cus_session *s, int64_t proposal, cus_retention_protocol *pr)
{
	const cus__policy *p = NULL;
	const cus__retention_rules *r = NULL;
	int rc = rules_of(s, &p, &r);
	sqlite3 *sql = cus__db_sql(s->db);
	char state[12], decision[1024] = "";
	if (!rc)
		rc = proposal_state(sql, proposal, state);
	if (!rc && strcmp(state, "approved") != 0)
		rc = cus__error(CUS_ENOTAPPROVED, MODULE, "proposal", "proposal %lld is %s, not approved: nothing was "
			"destroyed", (long long)proposal, state);
	if (rc)
		return rc;
	sqlite3_stmt *st = NULL;
	if (!(rc = prep(sql, "SELECT decision FROM retention_proposals WHERE id = ?1", &st))) {
		sqlite3_bind_int64(st, 1, proposal);
		int src = sqlite3_step(st);
		if (src == SQLITE_ROW)
			copy_col(decision, sizeof decision, st, 0);
		rc = done(sql, st, src);
	}
	exec_item *v = NULL;
	size_t n = 0;
	if (!rc)
		rc = load_items(sql, proposal, &v, &n);
	char now[21], today[11];
	cus__utc_now(now);
	memcpy(today, now, 10);
	today[10] = '\0';
	cus__u64map due = CUS__U64MAP_INIT;
	if (!rc)
		rc = check_items(s, p, v, n, today, &due);
	/* the persons in random order: the new statistical subjects' ids say nothing of whom they come from */
	for (size_t i = n; !rc && i > 1; i--) {
		size_t j = randombytes_uniform((uint32_t)i);
		exec_item t = v[i - 1];
		v[i - 1] = v[j];
		v[j] = t;
	}
	cus__dispose *d = NULL;
	if (!rc)
		rc = cus__dispose_begin(&d, s->db, p);
	snprintf(pr->number, sizeof pr->number, "PB/%.4s/%lld", today, (long long)proposal);
	for (size_t i = 0; !rc && i < n; i++) {
		exec_item *e = &v[i];
		const char *outcome = "destroyed";
		if (e->action == CUS_RETENTION_TRANSFER) {
			outcome = "transfer";
			pr->transferred++;
		} else if (e->action == CUS_RETENTION_APPRAISAL) {
			outcome = "appraisal";
			pr->appraisal++;
		} else if (!cus__u64map_get(&due, key_of(e->kind, e->id), NULL)) {
			outcome = "gone";
		} else if (e->kind == CUS_RETENTION_PERSON) {
			rc = cus__dispose_person(d, e->id, pr->records);
			if (rc == CUS_ENOTFOUND) {
				rc = 0;
				outcome = "gone";
			} else if (!rc) {
				pr->persons++;
				pr->keys++;
				char subj[40], det[80];
				subject_of(subj, e->kind, e->id);
				snprintf(det, sizeof det, "protocol %s", pr->number);
				rc = cus__audit_append(s->db, &s->actor, "retention.dispose", "person", subj, PERSONAL_CATEGORIES,
					"ok", det);
			}
		} else {
			rc = dispose_finance(sql, e->kind, e->id, pr->records);
		}
		if (!rc)
			rc = item_outcome(sql, proposal, e->position, outcome);
	}
	cus__u64map_free(&due);
	free(v);
	char records[400];
	counts_text(records, sizeof records, pr->records);
	pr->proposal = proposal;
	snprintf(pr->executed, sizeof pr->executed, "%s", now);
	if (!rc && !(rc = prep(sql, "UPDATE retention_proposals SET state = 'executed', executed = ?2, executed_by = ?3"
		" WHERE id = ?1", &st))) {
		sqlite3_bind_int64(st, 1, proposal);
		sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, s->user, -1, SQLITE_TRANSIENT);
		rc = done(sql, st, sqlite3_step(st));
	}
	if (!rc && !(rc = prep(sql, "INSERT INTO retention_protocols (proposal_id, number, executed, executed_by, decision,"
		" persons, keys, records, transferred, appraisal) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", &st))) {
		sqlite3_bind_int64(st, 1, proposal);
		sqlite3_bind_text(st, 2, pr->number, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, now, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, s->user, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 5, decision, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 6, pr->persons);
		sqlite3_bind_int64(st, 7, pr->keys);
		sqlite3_bind_text(st, 8, records, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 9, pr->transferred);
		sqlite3_bind_int64(st, 10, pr->appraisal);
		rc = done(sql, st, sqlite3_step(st));
		pr->protocol = sqlite3_last_insert_rowid(sql);
	}
	/* the keys go first: see dispose.c */
	if (!rc && d)
		rc = cus__dispose_commit_keys(d);
	cus__dispose_end(d);
	return rc;
}

int cus_retention_execute(cus_retention_protocol *out, cus_session *s, int64_t proposal)
{
	if (!s)
		return cus__error(CUS_EINVAL, MODULE, NULL, "no session");
	cus_retention_protocol pr;
	memset(&pr, 0, sizeof pr);
	if (out)
		memset(out, 0, sizeof *out);
	char detail[64];
	snprintf(detail, sizeof detail, "proposal %lld", (long long)proposal);
	int rc = cus__access_begin(s, "retention.execute", "retention", NULL, PERSONAL_CATEGORIES, CUS_OP_WRITE, detail);
	if (rc)
		return rc;
	rc = execute(s, proposal, &pr);
	if (rc == CUS_ENOTAPPROVED || rc == CUS_EHOLD || rc == CUS_EARCHIVAL || rc == CUS_EAPPRAISAL ||
	    rc == CUS_ERETAINED)
		return cus__retention_refuse(s, rc, NULL, NULL);
	rc = cus__access_end(s, rc);
	if (!rc && out)
		*out = pr;
	return rc;
}

/* ---- holds ---- */

/* The person a record belongs to (0 for finance records); CUS_ENOTFOUND. */
static int target_person(sqlite3 *sql, int kind, int64_t id, int64_t *person)
{
	static const char *const q[CUS_RETENTION_KIND_COUNT] = {
		[CUS_RETENTION_PERSON] = "SELECT id FROM persons WHERE id = ?1"
			" AND id NOT IN (SELECT person_id FROM retention_subjects)",
		[CUS_RETENTION_APPLICATION] = "SELECT person_id FROM applications WHERE id = ?1",
		[CUS_RETENTION_DECISION] = "SELECT a.person_id FROM qualifications q JOIN applications a"
			" ON a.id = q.application_id WHERE q.id = ?1",
		[CUS_RETENTION_PLAN] = "SELECT person_id FROM plans WHERE id = ?1",
		[CUS_RETENTION_DELIVERY] = "SELECT person_id FROM deliveries WHERE id = ?1",
		[CUS_RETENTION_SPECIAL] = "SELECT person_id FROM records WHERE id = ?1",
		[CUS_RETENTION_EMPLOYMENT] = "SELECT person_id FROM employment WHERE id = ?1",
		[CUS_RETENTION_BUDGET] = "SELECT 0 FROM budget_lines WHERE id = ?1",
		[CUS_RETENTION_EXPENDITURE] = "SELECT 0 FROM expenditures WHERE id = ?1",
		[CUS_RETENTION_PROJECT] = "SELECT 0 FROM projects WHERE id = ?1",
	};
	if (kind < 0 || kind >= CUS_RETENTION_KIND_COUNT || !q[kind])
		return cus__error(CUS_EINVAL, MODULE, "target", "target: records of that kind cannot be held");
	sqlite3_stmt *st = NULL;
	int rc = prep(sql, q[kind], &st);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	int src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		*person = sqlite3_column_int64(st, 0);
		rc = 0;
	} else if (src == SQLITE_DONE) {
		rc = cus__error(CUS_ENOTFOUND, MODULE, "target", "there is no %s %lld", cus_retention_kind_name(kind),
			(long long)id);
	} else {
		rc = cus__sql_error(sql, src, "reading the target of a hold");
	}
	sqlite3_finalize(st);
	return rc;
}

int cus_retention_hold(int64_t *hold, cus_session *s, const char *target, const char *reason, const char *until)
{
	if (!s)
		return cus__error(CUS_EINVAL, MODULE, NULL, "no session");
	if (hold)
		*hold = 0;
	int kind = 0;
	int64_t id = 0;
	int rc = cus__retention_parse_target(target, &kind, &id);
	if (rc)
		return rc;
	if (until && *until && cus_date_check(until, NULL) != 0)
		return cus__error(CUS_EINVAL, MODULE, "until", "until: must be a real date YYYY-MM-DD");
	char *why = NULL;
	rc = reason ? cus_text_normalize(&why, reason, REASON_MAX, "reason") :
		cus__error(CUS_EINVAL, MODULE, "reason", "reason: say why the records are held (the case, the request)");
	if (!rc && !*why)
		rc = cus__error(CUS_EINVAL, MODULE, "reason", "reason: say why the records are held (the case, the request)");
	if (rc) {
		cus_free(why);
		return rc;
	}
	/* the audit subject is the file held: the person (a pseudonymous id), or the finance record */
	char subj[40], detail[80];
	int64_t owner = 0;
	sqlite3 *sql = cus__db_sql(s->db);
	rc = target_person(sql, kind, id, &owner);
	if (rc == CUS_ENOTFOUND)
		owner = 0;
	else if (rc) {
		cus_free(why);
		return rc;
	}
	if (owner)
		subject_of(subj, CUS_RETENTION_PERSON, owner);
	else
		subject_of(subj, kind, id);
	char tgt[40];
	subject_of(tgt, kind, id);
	snprintf(detail, sizeof detail, "%s, %s", tgt, until && *until ? "with an end" : "until released");
	rc = cus__access_begin(s, "retention.hold", "retention", subj, "", CUS_OP_WRITE, detail);
	if (rc) {
		cus_free(why);
		return rc;
	}
	const cus__policy *p = NULL;
	const cus__retention_rules *r = NULL;
	rc = rules_of(s, &p, &r);
	if (!rc)
		rc = approver_check(s, r);
	if (rc == CUS_EDENIED) {
		cus_free(why);
		return cus__retention_refuse(s, rc, NULL, NULL);
	}
	int64_t person = 0;
	if (!rc)
		rc = target_person(sql, kind, id, &person);
	char now[21];
	cus__utc_now(now);
	sqlite3_stmt *st = NULL;
	if (!rc)
		rc = prep(sql, "INSERT INTO retention_holds (target_kind, target_id, person_id, reason, until, placed, placed_by)"
			" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", &st);
	if (!rc) {
		sqlite3_bind_text(st, 1, cus_retention_kind_name(kind), -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, id);
		if (person)
			sqlite3_bind_int64(st, 3, person);
		else
			sqlite3_bind_null(st, 3);
		sqlite3_bind_text(st, 4, why, -1, SQLITE_TRANSIENT);
		text_or_null(st, 5, until);
		sqlite3_bind_text(st, 6, now, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 7, s->user, -1, SQLITE_TRANSIENT);
		rc = done(sql, st, sqlite3_step(st));
	}
	int64_t hid = sqlite3_last_insert_rowid(sql);
	cus_free(why);
	rc = cus__access_end(s, rc);
	if (!rc && hold)
		*hold = hid;
	return rc;
}

int cus_retention_release(cus_session *s, int64_t hold)
{
	if (!s)
		return cus__error(CUS_EINVAL, MODULE, NULL, "no session");
	char detail[64];
	snprintf(detail, sizeof detail, "hold %lld", (long long)hold);
	int rc = cus__access_begin(s, "retention.release", "retention", NULL, "", CUS_OP_WRITE, detail);
	if (rc)
		return rc;
	const cus__policy *p = NULL;
	const cus__retention_rules *r = NULL;
	rc = rules_of(s, &p, &r);
	if (!rc)
		rc = approver_check(s, r);
	if (rc == CUS_EDENIED)
		return cus__retention_refuse(s, rc, NULL, NULL);
	sqlite3 *sql = cus__db_sql(s->db);
	char now[21];
	cus__utc_now(now);
	sqlite3_stmt *st = NULL;
	if (!rc)
		rc = prep(sql, "UPDATE retention_holds SET released = ?2, released_by = ?3 WHERE id = ?1 AND released IS NULL",
			&st);
	if (!rc) {
		sqlite3_bind_int64(st, 1, hold);
		sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, s->user, -1, SQLITE_TRANSIENT);
		rc = done(sql, st, sqlite3_step(st));
		if (!rc && sqlite3_changes(sql) != 1)
			rc = cus__error(CUS_ENOTFOUND, MODULE, "hold", "there is no hold %lld in force", (long long)hold);
	}
	return cus__access_end(s, rc);
}

struct cus_retention_hold_iter {
	cus_retention_hold_info *v;
	char **strings;
	size_t n, next, nstr;
};

void cus_retention_hold_iter_free(cus_retention_hold_iter *it)
{
	if (!it)
		return;
	for (size_t i = 0; i < it->nstr; i++)
		cus_free(it->strings[i]);
	free(it->strings);
	free(it->v);
	free(it);
}

int cus_retention_hold_next(const cus_retention_hold_info **out, cus_retention_hold_iter *it)
{
	if (!out || !it)
		return cus__error(CUS_EINVAL, MODULE, NULL, "out or iterator is NULL");
	*out = NULL;
	if (it->next >= it->n)
		return CUS_ITEROVER;
	*out = &it->v[it->next++];
	return 0;
}

static const char *keep_str(cus_retention_hold_iter *it, sqlite3_stmt *st, int i, size_t *cap)
{
	const char *v = (const char *)sqlite3_column_text(st, i);
	if (!v)
		return NULL;
	if (it->nstr == *cap) {
		size_t ncap = *cap ? *cap * 2 : 64;
		char **n = realloc(it->strings, ncap * sizeof *n);
		if (!n)
			return NULL;
		it->strings = n;
		*cap = ncap;
	}
	char *c = cus__strdup(v);
	if (c)
		it->strings[it->nstr++] = c;
	return c;
}

int cus_retention_holds(cus_retention_hold_iter **out, cus_session *s, int active_only)
{
	if (!out || !s)
		return cus__error(CUS_EINVAL, MODULE, NULL, "out or session is NULL");
	*out = NULL;
	int rc = cus__access_begin(s, "retention.holds", "retention", NULL, "", CUS_OP_READ,
		active_only ? "in force" : "all");
	if (rc)
		return rc;
	const cus__policy *p = NULL;
	const cus__retention_rules *r = NULL;
	rc = rules_of(s, &p, &r);
	if (!rc)
		rc = approver_check(s, r);
	if (rc == CUS_EDENIED)
		return cus__retention_refuse(s, rc, NULL, NULL);
	cus_retention_hold_iter *it = rc ? NULL : calloc(1, sizeof *it);
	if (!rc && !it)
		rc = oom();
	char today[11];
	cus__retention_today(today);
	sqlite3 *sql = cus__db_sql(s->db);
	sqlite3_stmt *st = NULL;
	if (!rc)
		rc = prep(sql, "SELECT id, target_kind, target_id, person_id, reason, until, placed, placed_by, released,"
			" released_by FROM retention_holds WHERE ?1 = 0 OR (released IS NULL AND (until IS NULL OR until >= ?2))"
			" ORDER BY id DESC", &st);
	size_t cap = 0, scap = 0;
	if (!rc) {
		sqlite3_bind_int(st, 1, active_only != 0);
		sqlite3_bind_text(st, 2, today, -1, SQLITE_TRANSIENT);
		int src;
		while (!rc && (src = sqlite3_step(st)) == SQLITE_ROW) {
			if (it->n == cap) {
				cap = cap ? cap * 2 : 16;
				cus_retention_hold_info *v = realloc(it->v, cap * sizeof *v);
				if (!v) {
					rc = oom();
					break;
				}
				it->v = v;
			}
			cus_retention_hold_info *h = &it->v[it->n++];
			memset(h, 0, sizeof *h);
			h->id = sqlite3_column_int64(st, 0);
			char t[40], subj[40];
			int k = kind_code((const char *)sqlite3_column_text(st, 1));
			subject_of(t, k < 0 ? 0 : k, sqlite3_column_int64(st, 2));
			if (sqlite3_column_type(st, 3) != SQLITE_NULL)
				subject_of(subj, CUS_RETENTION_PERSON, sqlite3_column_int64(st, 3));
			else
				snprintf(subj, sizeof subj, "%s", t);
			/* strings are kept as columns: reuse the statement's text through keep_str */
			char *tt = cus__strdup(t), *ss = cus__strdup(subj);
			if (!tt || !ss) {
				cus_free(tt);
				cus_free(ss);
				rc = oom();
				break;
			}
			if (it->nstr + 2 > scap) {
				scap = scap ? scap * 2 + 2 : 64;
				char **nv = realloc(it->strings, scap * sizeof *nv);
				if (!nv) {
					cus_free(tt);
					cus_free(ss);
					rc = oom();
					break;
				}
				it->strings = nv;
			}
			it->strings[it->nstr++] = tt;
			it->strings[it->nstr++] = ss;
			h->target = tt;
			h->subject = ss;
			h->reason = keep_str(it, st, 4, &scap);
			h->until = keep_str(it, st, 5, &scap);
			h->placed = keep_str(it, st, 6, &scap);
			h->placed_by = keep_str(it, st, 7, &scap);
			h->released = keep_str(it, st, 8, &scap);
			h->released_by = keep_str(it, st, 9, &scap);
		}
		if (!rc)
			rc = done(sql, st, src);
		else
			sqlite3_finalize(st);
	}
	rc = cus__access_end(s, rc);
	if (rc) {
		cus_retention_hold_iter_free(it);
		return rc;
	}
	*out = it;
	return 0;
}
