/* Sessions: a user, their role and a purpose; the audited-operation bracket. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "access.h"

static int account_lookup(cus_db *db, const char *login, char *role, size_t role_size, int *active)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(cus__db_sql(db), "SELECT role, state FROM users WHERE login = ?", -1, &st, NULL);
	if (rc != SQLITE_OK) {
		rc = cus__sql_error(cus__db_sql(db), rc, "reading the account");
		sqlite3_finalize(st);
		return rc;
	}
	sqlite3_bind_text(st, 1, login, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(role, role_size, "%s", (const char *)sqlite3_column_text(st, 0));
		*active = strcmp((const char *)sqlite3_column_text(st, 1), "active") == 0;
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = cus__error(CUS_ENOTFOUND, "access", "user", "user %s has no account in this database", login);
	} else {
		rc = cus__sql_error(cus__db_sql(db), rc, "reading the account");
	}
	sqlite3_finalize(st);
	return rc;
}

static void actor_fill(cus_session *s)
{
	s->actor.user = s->user;
	s->actor.role = s->role;
	s->actor.session = s->id;
	s->actor.purpose = s->purpose;
	s->actor.legal_basis = s->legal_basis ? s->legal_basis : "";
	s->actor.policy_version = s->policy_version;
}

/* Write one entry in its own transaction (denials, failures). */
static int audit_alone(cus_session *s, const char *action, const char *object_type, const char *subject,
	const char *categories, const char *outcome, const char *detail)
{
	sqlite3 *sql = cus__db_sql(s->db);
	int rc = cus__sql_exec(sql, "BEGIN IMMEDIATE");
	if (rc)
		return rc;
	rc = cus__audit_append(s->db, &s->actor, action, object_type, subject, categories, outcome, detail);
	if (!rc)
		rc = cus__sql_exec(sql, "COMMIT");
	if (rc) {
		sqlite3_exec(sql, "ROLLBACK", NULL, NULL, NULL);
		cus__audit_after_rollback(s->db);
		return rc;
	}
	return cus__audit_after_commit(s->db);
}

/* Keep the error raised so far across calls that may overwrite it. */
typedef struct {
	int code;
	char module[16], field[96], message[512];
	int line, column;
} saved_error;

static void error_save(saved_error *e)
{
	const cus_error *l = cus_error_last();
	e->code = l->code;
	snprintf(e->module, sizeof e->module, "%s", l->module ? l->module : "");
	snprintf(e->field, sizeof e->field, "%s", l->field ? l->field : "");
	snprintf(e->message, sizeof e->message, "%s", l->message ? l->message : "");
	e->line = l->line;
	e->column = l->column;
}

static int error_restore(const saved_error *e)
{
	return cus__error_at(e->code, e->module, e->field[0] ? e->field : NULL, e->line, e->column, "%s",
		e->message);
}

int cus_session_open(cus_session **out, cus_db *db, const char *purpose)
{
	if (!out || !db)
		return cus__error(CUS_EINVAL, "access", NULL, "out or db is NULL");
	*out = NULL;
	if (!purpose || !*purpose)
		return cus__error(CUS_EINVAL, "access", "purpose", "no purpose of processing given");
	const cus__policy *p = NULL;
	int rc = cus__policy_active(db, &p);
	if (rc)
		return rc;
	if (!cus__policy_has_purpose(p, purpose))
		return cus__error(CUS_EINVAL, "access", "purpose",
			"the policy (version %lld) has no purpose '%.64s'", (long long)cus__policy_version(p), purpose);
	cus_session *s = calloc(1, sizeof *s);
	if (!s)
		return cus__error(CUS_ENOMEM, "access", NULL, "out of memory");
	s->db = db;
	snprintf(s->user, sizeof s->user, "%s", cus_db_user(db));
	snprintf(s->purpose, sizeof s->purpose, "%s", purpose);
	unsigned char id[16];
	randombytes_buf(id, sizeof id);
	cus__hex(s->id, id, sizeof id);
	s->policy_version = cus__policy_version(p);
	const char *lb = cus__policy_legal_basis(p, purpose);
	s->legal_basis = strdup(lb ? lb : "");
	int active = 0;
	rc = s->legal_basis ? account_lookup(db, s->user, s->role, sizeof s->role, &active)
			    : cus__error(CUS_ENOMEM, "access", NULL, "out of memory");
	if (!rc && !active)
		rc = cus__error(CUS_EKEY, "access", "user", "user %s is disabled", s->user);
	actor_fill(s);
	if (!rc && (!cus__policy_has_role(p, s->role) || !cus__policy_role_has_purpose(p, s->role, purpose))) {
		char detail[200];
		snprintf(detail, sizeof detail, "role %s has no permission for purpose %s", s->role, purpose);
		rc = audit_alone(s, "session.open", "session", NULL, "", "denied", detail);
		if (!rc)
			rc = cus__error(CUS_EDENIED, "access", "purpose",
				"role %s may not act for the purpose %s under policy version %lld", s->role, purpose,
				(long long)s->policy_version);
	}
	if (rc) {
		cus_session_close(s);
		return rc;
	}
	*out = s;
	return 0;
}

void cus_session_close(cus_session *s)
{
	if (!s)
		return;
	if (s->in_operation) /* an operation left open by a bug: never commit it */
		cus__access_end(s, cus__error(CUS_ERROR, "access", NULL, "operation left open at session close"));
	cus__break_glass_close(s);
	free(s->legal_basis);
	sodium_memzero(s, sizeof *s);
	free(s);
}

const char *cus_session_user(const cus_session *s) { return s ? s->user : NULL; }
const char *cus_session_role(const cus_session *s) { return s ? s->role : NULL; }
const char *cus_session_purpose(const cus_session *s) { return s ? s->purpose : NULL; }
const char *cus_session_id(const cus_session *s) { return s ? s->id : NULL; }
int64_t cus_session_policy_version(const cus_session *s) { return s ? s->policy_version : 0; }

int cus_session_allows(const cus_session *s, const char *category, unsigned ops)
{
	if (!s || !category)
		return cus__error(CUS_EINVAL, "access", "category", "no session or category");
	int idx = cus__category_index(category);
	if (idx < 0)
		return cus__error(CUS_EINVAL, "access", "category", "unknown data category '%.64s'", category);
	const cus__policy *p = NULL;
	int rc = cus__policy_active(s->db, &p);
	if (rc)
		return rc;
	return cus__policy_role_allows(p, s->role, idx, ops, s->purpose) ? 1 : 0;
}

static const char *op_name(unsigned ops)
{
	if (ops & CUS_OP_EXPORT)
		return "export";
	if (ops & CUS_OP_WRITE)
		return "write";
	return "read";
}

int cus__session_policy(cus_session *s, const cus__policy **out)
{
	if (s->in_operation && s->policy) {
		*out = s->policy;
		return 0;
	}
	return cus__policy_get(s->db, s->policy_version, out);
}

int cus__access_begin(cus_session *s, const char *action, const char *object_type, const char *subject,
	const char *categories, unsigned ops, const char *detail)
{
	if (!s)
		return cus__error(CUS_EINVAL, "access", NULL, "no session");
	if (s->in_operation)
		return cus__error(CUS_ERROR, "access", NULL, "an operation is already open in this session");
	if (s->db->read_only && (ops & CUS_OP_WRITE))
		return cus__error(CUS_EINVAL, "access", NULL, "the database was opened read-only");
	const cus__policy *p = NULL;
	int rc = cus__policy_active(s->db, &p);
	if (rc)
		return rc;
	s->policy_version = cus__policy_version(p);
	s->policy = p;
	actor_fill(s);

	/* Every category must be known and allowed. */
	char denied[128] = "";
	const char *c = categories ? categories : "";
	while (*c) {
		const char *end = strchr(c, ',');
		size_t n = end ? (size_t)(end - c) : strlen(c);
		char name[32];
		if (n == 0 || n >= sizeof name)
			return cus__error(CUS_EINVAL, "access", "category", "malformed category list");
		memcpy(name, c, n);
		name[n] = '\0';
		int idx = cus__category_index(name);
		if (idx < 0)
			return cus__error(CUS_EINVAL, "access", "category", "unknown data category '%s'", name);
		if (!denied[0] && !cus__policy_role_allows(p, s->role, idx, ops, s->purpose))
			snprintf(denied, sizeof denied, "%s", name);
		c = end ? end + 1 : c + n;
	}

	sqlite3 *sql = cus__db_sql(s->db);
	rc = cus__sql_exec(sql, "BEGIN IMMEDIATE");
	if (rc)
		return rc;
	/* The account may have been disabled since the session opened. */
	char role[65];
	int active = 0;
	rc = account_lookup(s->db, s->user, role, sizeof role, &active);
	if (!rc && (!active || strcmp(role, s->role) != 0) && !denied[0])
		snprintf(denied, sizeof denied, "%s", active ? "(role changed)" : "(account disabled)");
	char guard_detail[300];
	if (!rc)
		rc = cus__access_guard(s, p, action, object_type, subject, categories, ops, denied, sizeof denied,
			&detail, guard_detail, sizeof guard_detail);
	if (rc) {
		sqlite3_exec(sql, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	if (denied[0]) {
		char why[300];
		snprintf(why, sizeof why, "%s%sdenied: %s on %s", detail ? detail : "", detail ? "; " : "",
			op_name(ops), denied);
		rc = cus__audit_append(s->db, &s->actor, action, object_type, subject, categories ? categories : "",
			"denied", why);
		if (!rc)
			rc = cus__sql_exec(sql, "COMMIT");
		if (rc) {
			sqlite3_exec(sql, "ROLLBACK", NULL, NULL, NULL);
			cus__audit_after_rollback(s->db);
			return rc;
		}
		cus__audit_after_commit(s->db);
		return cus__error(CUS_EDENIED, "access", "category",
			"role %s may not %s %s data for the purpose %s (policy version %lld)", s->role, op_name(ops),
			denied, s->purpose, (long long)s->policy_version);
	}
	rc = cus__audit_append(s->db, &s->actor, action, object_type, subject, categories ? categories : "", "ok",
		detail);
	if (rc) {
		sqlite3_exec(sql, "ROLLBACK", NULL, NULL, NULL);
		cus__audit_after_rollback(s->db);
		return rc;
	}
	s->in_operation = 1;
	snprintf(s->op_action, sizeof s->op_action, "%s", action);
	snprintf(s->op_object, sizeof s->op_object, "%s", object_type);
	snprintf(s->op_subject, sizeof s->op_subject, "%s", subject ? subject : "");
	snprintf(s->op_categories, sizeof s->op_categories, "%s", categories ? categories : "");
	return 0;
}

int cus__access_end(cus_session *s, int rc)
{
	if (!s || !s->in_operation)
		return rc ? rc : cus__error(CUS_ERROR, "access", NULL, "no operation is open");
	s->in_operation = 0;
	sqlite3 *sql = cus__db_sql(s->db);
	if (rc == 0) {
		rc = cus__sql_exec(sql, "COMMIT");
		if (rc == 0) {
			/* The work and its entry are committed: the operation succeeded.
			 * A checkpoint that could not be appended to the checkpoint file
			 * is appended at the next commit, and `cus audit verify` reports
			 * a file that stays behind or belongs elsewhere. */
			cus__audit_after_commit(s->db);
			return 0;
		}
	}
	saved_error e;
	error_save(&e);
	sqlite3_exec(sql, "ROLLBACK", NULL, NULL, NULL);
	cus__audit_after_rollback(s->db);
	cus__policy_cache_clear(s->db);
	char detail[160];
	snprintf(detail, sizeof detail, "failed: %s", cus_error_name(e.code));
	audit_alone(s, s->op_action, s->op_object, s->op_subject[0] ? s->op_subject : NULL, s->op_categories,
		"error", detail);
	return error_restore(&e);
}
