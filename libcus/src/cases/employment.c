/* Employment status of a person over time: the data the condition
 * "unemployed" needs (category financial). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases.h"
#include "../registry/internal.h"

static const char *const statuses[] = { "unemployed", "employed", "self_employed", "retired", "student",
	"inactive" };
#define NSTATUS (sizeof statuses / sizeof statuses[0])

/* The static code equal to s, or NULL. */
static const char *status_code(const char *s)
{
	for (size_t i = 0; s && i < NSTATUS; i++)
		if (strcmp(s, statuses[i]) == 0)
			return statuses[i];
	return NULL;
}

static int sqlerr(cus_db *db, int rc, const char *what)
{
	return cus__sql_error(cus__db_sql(db), rc, what);
}

static int employment_insert(cus_session *s, int64_t person, const char *status, const char *since,
	const char *source, int64_t *id)
{
	cus_db *db = s->db;
	cus__pkey k = { 0 };
	int rc = cus__person_exists(db, person);
	if (rc == CUS_ENOTFOUND)
		rc = cus__error(CUS_ENOTFOUND, "cases", "person", "no person with id %lld", (long long)person);
	if (!rc)
		rc = cus__pkey_load(db, person, &k);
	if (rc) {
		cus__pkey_wipe(&k);
		return rc;
	}
	char now[21];
	cus__utc_now(now);
	sqlite3 *sql = cus__db_sql(db);
	sqlite3_stmt *st = NULL;
	int src = sqlite3_prepare_v2(sql, "INSERT INTO employment (person_id, status, since, created_by, created)"
		" VALUES (?1, ?2, ?3, ?4, ?5)", -1, &st, NULL);
	if (src == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, person);
		sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, since, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, s->user, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
		src = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	st = NULL;
	if (src != SQLITE_DONE)
		rc = sqlerr(db, src, "recording an employment status");
	int64_t eid = sqlite3_last_insert_rowid(sql);
	if (!rc && source) {
		/* The document may name the person: sealed under their key
		 * (category financial), bound to the row. */
		unsigned char *blob = NULL;
		size_t len = 0;
		rc = cus__field_seal(&blob, &len, db, &k, "financial", "employment", "source", eid, 1, source);
		if (!rc) {
			src = sqlite3_prepare_v2(sql, "UPDATE employment SET source = ?1 WHERE id = ?2", -1, &st, NULL);
			if (src == SQLITE_OK) {
				sqlite3_bind_blob(st, 1, blob, (int)len, SQLITE_STATIC);
				sqlite3_bind_int64(st, 2, eid);
				src = sqlite3_step(st);
			}
			sqlite3_finalize(st);
			if (src != SQLITE_DONE)
				rc = sqlerr(db, src, "recording an employment status");
		}
		free(blob);
	}
	cus__pkey_wipe(&k);
	if (!rc && id)
		*id = eid;
	return rc;
}

int cus_employment_add(cus_session *s, int64_t person, const char *status, const char *since,
	const char *source, int64_t *id)
{
	if (id)
		*id = 0;
	if (!s)
		return cus__error(CUS_EINVAL, "cases", NULL, "no session");
	const char *code = status_code(status);
	if (!code)
		return cus__error(CUS_EINVAL, "cases", "status",
			"status: must be unemployed, employed, self_employed, retired, student or inactive");
	if (!since || cus_date_check(since, NULL) != 0)
		return cus__error(CUS_EINVAL, "cases", "since", "since: must be a real date YYYY-MM-DD");
	char *src = NULL;
	if (source) {
		int rc = cus_text_normalize(&src, source, CUS_ADDRESS_MAX, "source");
		if (rc)
			return cus__error(rc, "cases", "source", "%s", cus_error_last()->message);
		if (!*src) {
			cus_free(src);
			src = NULL;
		}
	}
	char subj[32], detail[64];
	cus__person_subject(subj, person);
	snprintf(detail, sizeof detail, "status %s", code);
	int rc = cus__access_begin(s, "employment.add", "employment", subj, "financial", CUS_OP_WRITE, detail);
	if (rc) {
		cus_free(src);
		return rc;
	}
	int64_t eid = 0;
	rc = cus__access_end(s, employment_insert(s, person, code, since, src, &eid));
	cus_free(src);
	if (!rc && id)
		*id = eid;
	return rc;
}

static int employment_read(cus_db *db, int64_t person, const char *date, const char **status, char *since)
{
	int rc = cus__person_exists(db, person);
	if (rc == CUS_ENOTFOUND)
		return cus__error(CUS_ENOTFOUND, "cases", "person", "no person with id %lld", (long long)person);
	if (rc)
		return rc;
	sqlite3_stmt *st = NULL;
	int src = sqlite3_prepare_v2(cus__db_sql(db), "SELECT status, since FROM employment WHERE person_id = ?1"
		" AND since <= ?2 ORDER BY since DESC, id DESC LIMIT 1", -1, &st, NULL);
	if (src == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, person);
		sqlite3_bind_text(st, 2, date, -1, SQLITE_STATIC);
		src = sqlite3_step(st);
		if (src == SQLITE_ROW) {
			*status = status_code((const char *)sqlite3_column_text(st, 0));
			if (since)
				snprintf(since, 11, "%s", (const char *)sqlite3_column_text(st, 1));
		}
	}
	rc = src == SQLITE_ROW || src == SQLITE_DONE ? 0 : sqlerr(db, src, "reading an employment status");
	sqlite3_finalize(st);
	return rc;
}

int cus_employment_on(const char **status, char since[11], cus_session *s, int64_t person, const char *date)
{
	if (status)
		*status = NULL;
	if (since)
		since[0] = '\0';
	if (!status || !s)
		return cus__error(CUS_EINVAL, "cases", NULL, "status or session is NULL");
	if (!date || cus_date_check(date, NULL) != 0)
		return cus__error(CUS_EINVAL, "cases", "date", "date: must be a real date YYYY-MM-DD");
	char subj[32];
	cus__person_subject(subj, person);
	int rc = cus__access_begin(s, "employment.read", "employment", subj, "financial", CUS_OP_READ, NULL);
	if (rc)
		return rc;
	const char *st = NULL;
	char sn[11] = "";
	rc = cus__access_end(s, employment_read(s->db, person, date, &st, sn));
	if (!rc) {
		*status = st;
		if (since)
			memcpy(since, sn, 11);
	}
	return rc;
}
