/* Creating a centre, and loading a new policy version through a session. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "access.h"

CUS__HIDDEN int cus__account_insert(cus_db *db, const char *login, const char *role, const char *name,
	const char *created_by);

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* A purpose for which the policy lets role "admin" manage users. */
static const char *admin_purpose(const cus__policy *p)
{
	static const char purpose[] = "administration";
	return cus__policy_has_purpose(p, purpose) &&
			cus__policy_role_allows(p, "admin", cus__category_index("users"), CUS_OP_WRITE, purpose)
		? purpose
		: NULL;
}

int cus_db_init(cus_db **out, const char *path, const char *admin, const cus_key *key, const char *policy_path,
	const cus_db_options *opts)
{
	if (!out)
		return cus__error(CUS_EINVAL, "access", NULL, "out is NULL");
	*out = NULL;
	if (!policy_path)
		policy_path = cus_policy_default_path();
	char *yaml = NULL;
	size_t len = 0;
	int rc = cus__policy_read_file(policy_path, &yaml, &len);
	if (rc)
		return rc;
	cus__policy *p = NULL;
	rc = cus__policy_parse(&p, policy_path, yaml, len);
	const char *purpose = NULL;
	if (!rc && !cus__policy_has_role(p, "admin"))
		rc = cus__error(CUS_EINVAL, "access", "roles", "%s: the policy has no role 'admin'", policy_path);
	if (!rc && !(purpose = admin_purpose(p)))
		rc = cus__error(CUS_EINVAL, "access", "roles",
			"%s: the role 'admin' may not manage users (write on 'users') for the purpose 'administration'",
			policy_path);
	cus_db *db = NULL;
	if (!rc)
		rc = cus_db_create(&db, path, admin, key, opts);
	if (rc) {
		cus__policy_free(p);
		free(yaml);
		return rc;
	}

	/* Bootstrap: the administrator loads the policy and gets an account. */
	char session[33];
	unsigned char id[16];
	randombytes_buf(id, sizeof id);
	cus__hex(session, id, sizeof id);
	cus__actor a = { admin, "admin", session, purpose, cus__policy_legal_basis(p, purpose), 1 };
	sqlite3 *sql = cus__db_sql(db);
	int64_t version = 0;
	char detail[128];
	rc = cus__sql_exec(sql, "BEGIN IMMEDIATE");
	if (!rc)
		rc = cus__policy_store(db, base_name(policy_path), yaml, len, admin, &version);
	if (!rc) {
		a.policy_version = version;
		snprintf(detail, sizeof detail, "version %lld from %.80s", (long long)version, base_name(policy_path));
		rc = cus__audit_append(db, &a, "policy.load", "policy", NULL, "policy", "ok", detail);
	}
	if (!rc)
		rc = cus__account_insert(db, admin, "admin", "", admin);
	if (!rc)
		rc = cus__audit_append(db, &a, "user.add", "user", admin, "users", "ok", "role admin (initial)");
	if (!rc)
		rc = cus__sql_exec(sql, "COMMIT");
	if (!rc)
		rc = cus__audit_after_commit(db);
	cus__policy_free(p);
	free(yaml);
	if (rc) {
		char *dbp = strdup(db->path), *ksp = strdup(db->ks_path);
		cus_db_close(db);
		if (dbp && ksp)
			cus__db_remove_files(dbp, ksp);
		free(dbp);
		free(ksp);
		return rc;
	}
	*out = db;
	return 0;
}

/* Every role held by an active account must survive a new policy. */
static int roles_still_defined(cus_db *db, const cus__policy *p, const char *source)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(cus__db_sql(db), "SELECT DISTINCT role FROM users WHERE state = 'active'"
		" ORDER BY role", -1, &st, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_finalize(st);
		return cus__sql_error(cus__db_sql(db), rc, "reading accounts");
	}
	rc = 0;
	while (!rc && sqlite3_step(st) == SQLITE_ROW) {
		const char *role = (const char *)sqlite3_column_text(st, 0);
		if (!cus__policy_has_role(p, role))
			rc = cus__error(CUS_EINVAL, "access", "roles",
				"%s: the policy drops the role '%s' that active users hold; disable them or keep the role",
				source, role);
	}
	sqlite3_finalize(st);
	return rc;
}

int cus_policy_load_file(cus_session *s, const char *path, int64_t *version)
{
	if (!s || !path)
		return cus__error(CUS_EINVAL, "policy", "path", "no session or file given");
	char *yaml = NULL;
	size_t len = 0;
	int rc = cus__policy_read_file(path, &yaml, &len);
	if (rc)
		return rc;
	cus__policy *p = NULL;
	rc = cus__policy_parse(&p, path, yaml, len);
	if (rc) {
		free(yaml);
		return rc;
	}
	char detail[160];
	snprintf(detail, sizeof detail, "from %.120s", base_name(path));
	rc = cus__access_begin(s, "policy.load", "policy", NULL, "policy", CUS_OP_WRITE, detail);
	if (!rc) {
		int64_t v = 0;
		rc = roles_still_defined(s->db, p, path);
		if (!rc)
			rc = cus__policy_store(s->db, base_name(path), yaml, len, s->user, &v);
		rc = cus__access_end(s, rc);
		if (!rc && version)
			*version = v;
	}
	cus__policy_free(p);
	free(yaml);
	return rc;
}
