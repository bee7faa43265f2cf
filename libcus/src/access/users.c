/* User accounts: an account row in the database and a key slot in the key store. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"

#define NAME_MAX_BYTES 200

static int check_name(const char *name)
{
	if (!name)
		return 0;
	size_t n = strlen(name);
	if (n > NAME_MAX_BYTES)
		return cus__error(CUS_EINVAL, "access", "name", "the name is longer than %d bytes", NAME_MAX_BYTES);
	if (!cus__utf8_valid(name, n))
		return cus__error(CUS_EINVAL, "access", "name", "the name is not valid UTF-8");
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
			return cus__error(CUS_EINVAL, "access", "name", "the name contains a control character");
	return 0;
}

static int login_used(cus_db *db, const char *login, int *used)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(cus__db_sql(db), "SELECT 1 FROM users WHERE login = ?", -1, &st, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_finalize(st);
		return cus__sql_error(cus__db_sql(db), rc, "reading accounts");
	}
	sqlite3_bind_text(st, 1, login, -1, SQLITE_TRANSIENT);
	*used = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return 0;
}

/* Insert the account row (inside the caller's transaction). */
static int account_insert(cus_db *db, const char *login, const char *role, const char *name,
	const char *created_by)
{
	char now[21];
	cus__utc_now(now);
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(cus__db_sql(db), "INSERT INTO users (login, name, role, state, created, changed,"
		" created_by) VALUES (?, ?, ?, 'active', ?, ?, ?)", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, login, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, name ? name : "", -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, role, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, created_by, -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(st) == SQLITE_DONE ? 0 : cus__sql_error(cus__db_sql(db), sqlite3_errcode(cus__db_sql(db)),
			"adding the account");
	} else {
		rc = cus__sql_error(cus__db_sql(db), rc, "adding the account");
	}
	sqlite3_finalize(st);
	return rc;
}

CUS__HIDDEN int cus__account_insert(cus_db *db, const char *login, const char *role, const char *name,
	const char *created_by);
int cus__account_insert(cus_db *db, const char *login, const char *role, const char *name, const char *created_by)
{
	return account_insert(db, login, role, name, created_by);
}

int cus_user_add(cus_session *s, const char *login, const char *role, const char *name, const cus_key *key,
	const cus_db_options *opts)
{
	if (!s || !key)
		return cus__error(CUS_EINVAL, "access", "key", "no session or key given");
	if (!cus__login_valid(login))
		return cus__error(CUS_EINVAL, "access", "user",
			"a login is 1 to %d characters a-z, 0-9, '.', '_' or '-', starting with a letter", CUS_LOGIN_MAX);
	if (!role || !*role)
		return cus__error(CUS_EINVAL, "access", "role", "no role given");
	int rc = check_name(name);
	if (rc)
		return rc;
	const cus__policy *p = NULL;
	rc = cus__policy_active(s->db, &p);
	if (rc)
		return rc;
	if (!cus__policy_has_role(p, role))
		return cus__error(CUS_EINVAL, "access", "role", "the policy (version %lld) has no role '%.64s'",
			(long long)cus__policy_version(p), role);

	char detail[160];
	snprintf(detail, sizeof detail, "role %s", role);
	rc = cus__access_begin(s, "user.add", "user", login, "users", CUS_OP_WRITE, detail);
	if (rc)
		return rc;
	int used = 0;
	rc = login_used(s->db, login, &used);
	if (!rc && used)
		rc = cus__error(CUS_EEXISTS, "access", "user", "user %s already exists (logins are never reused)", login);
	if (!rc)
		rc = account_insert(s->db, login, role, name, s->user);
	int slot_added = 0;
	if (!rc) {
		rc = cus__db_slot_add(s->db, login, key, opts);
		slot_added = rc == 0;
	}
	rc = cus__access_end(s, rc);
	if (rc && slot_added) /* the account did not commit: take the slot back */
		cus__ks_slot_delete(s->db->ks, login);
	return rc;
}

int cus_user_disable(cus_session *s, const char *login)
{
	if (!s)
		return cus__error(CUS_EINVAL, "access", NULL, "no session");
	if (!cus__login_valid(login))
		return cus__error(CUS_EINVAL, "access", "user", "invalid login");
	if (strcmp(login, s->user) == 0)
		return cus__error(CUS_EINVAL, "access", "user", "a user cannot disable their own account");
	int rc = cus__access_begin(s, "user.disable", "user", login, "users", CUS_OP_WRITE, NULL);
	if (rc)
		return rc;
	char now[21];
	cus__utc_now(now);
	sqlite3 *sql = cus__db_sql(s->db);
	sqlite3_stmt *st = NULL;
	rc = sqlite3_prepare_v2(sql, "UPDATE users SET state = 'disabled', changed = ? WHERE login = ? AND state = 'active'",
		-1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, login, -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(st) == SQLITE_DONE ? 0 : cus__sql_error(sql, sqlite3_errcode(sql), "disabling");
		if (!rc && sqlite3_changes(sql) == 0)
			rc = cus__error(CUS_ENOTFOUND, "access", "user", "no active user %s", login);
	} else {
		rc = cus__sql_error(sql, rc, "disabling");
	}
	sqlite3_finalize(st);
	/* Destroy the key slot before the account change commits: if this fails,
	 * nothing changes; if the commit then fails, the user still cannot open. */
	if (!rc)
		rc = cus__ks_make_writable(s->db);
	if (!rc)
		rc = cus__ks_slot_destroy(s->db->ks, login);
	return cus__access_end(s, rc);
}

struct cus_user_iter {
	cus_user *users;
	char **strings;
	size_t count, next, nstrings;
};

void cus_user_iter_free(cus_user_iter *it)
{
	if (!it)
		return;
	for (size_t i = 0; i < it->nstrings; i++)
		free(it->strings[i]);
	free(it->strings);
	free(it->users);
	free(it);
}

static const char *keep(cus_user_iter *it, sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	char *s = strdup(t ? (const char *)t : "");
	if (s)
		it->strings[it->nstrings++] = s;
	return s;
}

int cus_user_list(cus_user_iter **out, cus_session *s)
{
	if (!out || !s)
		return cus__error(CUS_EINVAL, "access", NULL, "out or session is NULL");
	*out = NULL;
	int rc = cus__access_begin(s, "user.list", "user", NULL, "users", CUS_OP_READ, NULL);
	if (rc)
		return rc;
	cus_user_iter *it = calloc(1, sizeof *it);
	sqlite3 *sql = cus__db_sql(s->db);
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	if (!it)
		rc = cus__error(CUS_ENOMEM, "access", NULL, "out of memory");
	else if (sqlite3_prepare_v2(sql, "SELECT login, name, role, state, created, changed, coalesce(created_by, '')"
			" FROM users ORDER BY login", -1, &st, NULL) != SQLITE_OK)
		rc = cus__sql_error(sql, sqlite3_errcode(sql), "listing accounts");
	while (!rc && sqlite3_step(st) == SQLITE_ROW) {
		if (it->count == cap) {
			cap = cap ? cap * 2 : 16;
			cus_user *u = realloc(it->users, cap * sizeof *u);
			char **strs = realloc(it->strings, cap * 7 * sizeof *strs);
			if (u)
				it->users = u;
			if (strs)
				it->strings = strs;
			if (!u || !strs) {
				rc = cus__error(CUS_ENOMEM, "access", NULL, "out of memory");
				break;
			}
		}
		cus_user *u = &it->users[it->count++];
		u->login = keep(it, st, 0);
		u->name = keep(it, st, 1);
		u->role = keep(it, st, 2);
		u->state = keep(it, st, 3);
		u->created = keep(it, st, 4);
		u->changed = keep(it, st, 5);
		u->created_by = keep(it, st, 6);
		if (!u->login || !u->name || !u->role || !u->state || !u->created || !u->changed || !u->created_by)
			rc = cus__error(CUS_ENOMEM, "access", NULL, "out of memory");
	}
	sqlite3_finalize(st);
	rc = cus__access_end(s, rc);
	if (rc) {
		cus_user_iter_free(it);
		return rc;
	}
	*out = it;
	return 0;
}

int cus_user_next(const cus_user **out, cus_user_iter *it)
{
	if (!out || !it)
		return cus__error(CUS_EINVAL, "access", NULL, "out or iterator is NULL");
	if (it->next >= it->count) {
		*out = NULL;
		return CUS_ITEROVER;
	}
	*out = &it->users[it->next++];
	return 0;
}
