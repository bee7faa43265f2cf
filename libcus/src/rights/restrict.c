/* Art. 16 rectification and art. 18 restriction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define REASON_MAX 1000

static int reason_norm(char **out, const char *reason)
{
	*out = NULL;
	if (!reason || !*reason)
		return cus__error(CUS_EINVAL, "rights", "reason", "reason: is required");
	int rc = cus_text_normalize(out, reason, REASON_MAX, "reason");
	if (!rc && !**out) {
		cus_free(*out);
		*out = NULL;
		rc = cus__error(CUS_EINVAL, "rights", "reason", "reason: is required");
	}
	return rc;
}

int cus_rights_rectify(cus_session *s, int64_t person, const char *field, const char *value, const char *reason)
{
	if (!s)
		return cus__error(CUS_EINVAL, "rights", NULL, "no session");
	if (!field)
		return cus__error(CUS_EINVAL, "rights", "field", "field: is required");
	if (!value)
		return cus__error(CUS_EINVAL, "rights", "value", "value: is required ('' clears an optional field)");
	cus_person_input in = CUS_PERSON_INPUT_INIT;
	if (strcmp(field, "pesel") == 0)
		in.pesel = value;
	else if (strcmp(field, "first_names") == 0)
		in.first_names = value;
	else if (strcmp(field, "last_name") == 0)
		in.last_name = value;
	else if (strcmp(field, "birth_date") == 0)
		in.birth_date = value;
	else if (strcmp(field, "sex") == 0) {
		if (strlen(value) != 1)
			return cus__error(CUS_EINVAL, "rights", "sex", "sex: must be M or F");
		in.sex = value[0];
	} else if (strcmp(field, "address") == 0)
		in.address = value;
	else if (strcmp(field, "phone") == 0)
		in.phone = value;
	else if (strcmp(field, "email") == 0)
		in.email = value;
	else if (strcmp(field, "financial") == 0)
		in.financial = value;
	else if (strcmp(field, "teryt") == 0)
		in.teryt = value;
	else if (strcmp(field, "registered") == 0)
		in.registered = value;
	else
		return cus__error(CUS_EINVAL, "rights", "field",
			"field: unknown (pesel, first_names, last_name, birth_date, sex, address, phone, email,"
			" financial, teryt, registered)");
	char *why = NULL;
	int rc = reason_norm(&why, reason);
	if (rc)
		return rc;
	rc = cus__person_update_reason(s, person, &in, why);
	cus_free(why);
	return rc;
}

int cus_rights_restricted(cus_session *s, int64_t person)
{
	if (!s)
		return cus__error(CUS_EINVAL, "rights", NULL, "no session");
	int rc = cus__person_exists(s->db, person);
	if (rc)
		return rc;
	return cus__access_person_restricted(s->db, person);
}

static int seal_bind(sqlite3_stmt *st, int param, cus_db *db, const cus__pkey *k, const char *column, int64_t row,
	const char *text, unsigned char **blob)
{
	size_t len = 0;
	int rc = cus__field_seal(blob, &len, db, k, "basic", "restrictions", column, row, 1, text);
	if (!rc)
		sqlite3_bind_blob(st, param, *blob, (int)len, SQLITE_STATIC);
	return rc;
}

static int restrict_work(cus_session *s, int64_t person, const char *why, int lift)
{
	cus_db *db = s->db;
	sqlite3 *q = cus__db_sql(db);
	int rc = cus__person_exists(db, person);
	cus__pkey k = { 0 };
	if (!rc)
		rc = cus__pkey_load(db, person, &k);
	if (rc == CUS_ESHREDDED)
		rc = cus__error(CUS_ESHREDDED, "rights", NULL, "person p-%lld was erased", (long long)person);
	int r = rc ? 0 : cus__access_person_restricted(db, person);
	if (!rc && r < 0)
		rc = r;
	if (!rc && !lift && r == 1)
		rc = cus__error(CUS_EEXISTS, "rights", "restriction", "person p-%lld is already restricted",
			(long long)person);
	if (!rc && lift && r == 0)
		rc = cus__error(CUS_ENOTFOUND, "rights", "restriction", "person p-%lld is not restricted",
			(long long)person);
	char now[21];
	cus__utc_now(now);
	int64_t id = 0;
	sqlite3_stmt *st = NULL;
	if (!rc) {
		const char *sql = lift ? "SELECT id FROM restrictions WHERE person_id = ? AND lifted IS NULL"
				       : "SELECT coalesce(max(id), 0) + 1 FROM restrictions WHERE ? IS NOT NULL";
		r = sqlite3_prepare_v2(q, sql, -1, &st, NULL);
		if (r == SQLITE_OK) {
			sqlite3_bind_int64(st, 1, person);
			r = sqlite3_step(st);
		}
		if (r == SQLITE_ROW)
			id = sqlite3_column_int64(st, 0);
		else
			rc = cus__sql_error(q, r, "reading restrictions");
		sqlite3_finalize(st);
		st = NULL;
	}
	unsigned char *blob = NULL;
	if (!rc) {
		r = sqlite3_prepare_v2(q, lift ? "UPDATE restrictions SET lifted = ?1, lifted_by = ?2, lift_reason = ?3"
						 " WHERE id = ?4"
					       : "INSERT INTO restrictions (since, by_user, reason, id, person_id)"
						 " VALUES (?1, ?2, ?3, ?4, ?5)", -1, &st, NULL);
		if (r != SQLITE_OK)
			rc = cus__sql_error(q, r, "recording a restriction");
	}
	if (!rc) {
		sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, s->user, -1, SQLITE_STATIC);
		rc = seal_bind(st, 3, db, &k, lift ? "lift_reason" : "reason", id, why, &blob);
		sqlite3_bind_int64(st, 4, id);
		if (!lift)
			sqlite3_bind_int64(st, 5, person);
		if (!rc && (r = sqlite3_step(st)) != SQLITE_DONE)
			rc = cus__sql_error(q, r, "recording a restriction");
	}
	sqlite3_finalize(st);
	free(blob);
	cus__pkey_wipe(&k);
	return rc;
}

static int restrict_op(cus_session *s, int64_t person, const char *reason, int lift)
{
	if (!s)
		return cus__error(CUS_EINVAL, "rights", NULL, "no session");
	char *why = NULL;
	int rc = reason_norm(&why, reason);
	if (rc)
		return rc;
	const cus__policy *p = NULL;
	rc = cus__policy_active(s->db, &p);
	if (!rc && !cus__access_exempt(s, p))
		rc = cus__error(CUS_EINVAL, "rights", "purpose",
			"a restriction is recorded for a purpose the policy exempts from restrictions"
			" (data_subject_request), not for %s", s->purpose);
	char subj[32];
	cus__person_subject(subj, person);
	if (!rc)
		rc = cus__access_begin(s, lift ? "rights.lift" : "rights.restrict", "person", subj, "basic",
			CUS_OP_READ, lift ? "art. 18(3)" : "art. 18(1)");
	if (!rc)
		rc = cus__access_end(s, restrict_work(s, person, why, lift));
	cus_free(why);
	return rc;
}

int cus_rights_restrict(cus_session *s, int64_t person, const char *reason)
{
	return restrict_op(s, person, reason, 0);
}

int cus_rights_lift(cus_session *s, int64_t person, const char *reason)
{
	return restrict_op(s, person, reason, 1);
}
