/* Schema migrations of the database, keyed by PRAGMA user_version.
 * Steps are only ever appended; a released step is never edited. */
#include "store.h"

const cus__migration cus__migrations[] = {
	{ 1, "store: metadata and migration history",
	  "CREATE TABLE cus_meta ("
	  "  key TEXT PRIMARY KEY,"
	  "  value TEXT NOT NULL) WITHOUT ROWID;"
	  "CREATE TABLE cus_migrations ("
	  "  version INTEGER PRIMARY KEY,"
	  "  name TEXT NOT NULL,"
	  "  applied TEXT NOT NULL);" },
	{ 2, "policy: stored policy versions", cus__schema_policy },
	{ 3, "access: user accounts", cus__schema_access },
	{ 4, "audit: hash-chained log and signed checkpoints", cus__schema_audit },
	{ 5, "registry: persons, households, special-category records", cus__schema_registry },
	{ 6, "cases: applications, qualification, plans, deliveries", cus__schema_cases },
	{ 7, "finance: projects, budget plan lines, expenditures", cus__schema_finance },
	{ 8, "retention: rules in force, holds, disposal proposals, protocols, statistical facts",
	  cus__schema_retention },
	{ 9, "rights: rectification history, restrictions, break-glass", cus__schema_rights },
};

const size_t cus__migration_count = sizeof cus__migrations / sizeof cus__migrations[0];

int cus_db_format_version(void)
{
	return cus__migrations[cus__migration_count - 1].version;
}

int cus__store_user_version(sqlite3 *sql, int *out)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(sql, "PRAGMA user_version", -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = sqlite3_column_int(st, 0);
		rc = 0;
	} else {
		rc = cus__sql_error(sql, rc, "reading the format version");
	}
	sqlite3_finalize(st);
	return rc;
}

static int migrate_one(sqlite3 *sql, const cus__migration *m)
{
	int rc = cus__sql_exec(sql, "BEGIN IMMEDIATE");
	if (rc)
		return rc;
	int cur = 0;
	rc = cus__store_user_version(sql, &cur);
	if (!rc && cur >= m->version) /* another process migrated meanwhile */
		return cus__sql_exec(sql, "COMMIT");
	if (!rc && sqlite3_exec(sql, m->sql, NULL, NULL, NULL) != SQLITE_OK)
		rc = cus__error(CUS_ERROR, "store", NULL, "migration %d (%s) failed: %s", m->version, m->name,
			sqlite3_errmsg(sql));
	if (!rc) {
		char now[21], *q;
		cus__utc_now(now);
		q = sqlite3_mprintf("INSERT INTO cus_migrations (version, name, applied) VALUES (%d, %Q, %Q);"
			"PRAGMA user_version = %d;", m->version, m->name, now, m->version);
		rc = q ? cus__sql_exec(sql, q) : cus__error(CUS_ENOMEM, "store", NULL, "out of memory");
		sqlite3_free(q);
	}
	if (!rc)
		rc = cus__sql_exec(sql, "COMMIT");
	if (rc)
		sqlite3_exec(sql, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

int cus__store_migrate(cus_db *db, const cus__migration *steps, size_t n)
{
	int cur = 0, rc = cus__store_user_version(db->sql, &cur);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++) {
		if (steps[i].version <= cur)
			continue;
		if (db->read_only)
			return cus__error(CUS_EVERSION, "store", NULL,
				"the database has format %d and needs migrating to %d; open it read-write once", cur,
				steps[n - 1].version);
		rc = migrate_one(db->sql, &steps[i]);
		if (rc)
			return rc;
		cur = steps[i].version;
	}
	return 0;
}
