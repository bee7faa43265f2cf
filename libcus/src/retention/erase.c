/* Erasure (GDPR art. 17): erase when no statutory retention applies,
 * otherwise refuse with the art. 17(3) ground and the day retention ends.
 * Both outcomes are stored as a request and audited. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "../access/access.h"
#include "../registry/internal.h"

#define MODULE "retention"
#define PERSONAL_CATEGORIES "basic,contact,financial,health,disability,location,family,judgment"
#define REASON_MAX 500

CUS__HIDDEN int cus__retention_refuse(cus_session *s, int rc, int (*extra)(cus_session *s, void *arg), void *arg);

typedef struct {
	int64_t person;
	const char *reason;
	cus_erasure *out;
} request;

static int store_request(cus_session *s, void *arg)
{
	request *q = arg;
	sqlite3 *sql = cus__db_sql(s->db);
	char now[21];
	cus__utc_now(now);
	sqlite3_stmt *st = NULL;
	int src = sqlite3_prepare_v2(sql, "INSERT INTO retention_erasures (person_id, requested, requested_by, reason,"
		" outcome, ground, reason_code, retained_until) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", -1, &st, NULL);
	if (src == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, q->person);
		sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, s->user, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, q->reason, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 5, q->out->erased ? "erased" : "refused", -1, SQLITE_STATIC);
		if (q->out->erased) {
			sqlite3_bind_null(st, 6);
			sqlite3_bind_null(st, 7);
			sqlite3_bind_null(st, 8);
		} else {
			sqlite3_bind_text(st, 6, q->out->ground, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 7, q->out->reason_code, -1, SQLITE_TRANSIENT);
			if (q->out->retained_until[0])
				sqlite3_bind_text(st, 8, q->out->retained_until, -1, SQLITE_TRANSIENT);
			else
				sqlite3_bind_null(st, 8);
		}
		src = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	if (src != SQLITE_DONE)
		return cus__sql_error(sql, src, "storing the erasure request");
	q->out->request = sqlite3_last_insert_rowid(sql);
	return 0;
}

static void refusal(cus_erasure *out, const char *ground, const char *code, int32_t until)
{
	out->erased = 0;
	snprintf(out->ground, sizeof out->ground, "%s", ground);
	snprintf(out->reason_code, sizeof out->reason_code, "%s", code);
	cus__retention_date_text(out->retained_until, until);
}

/* Why the person may not be erased today (out filled, 1), or 0. */
static int decide(const cus__retention_rules *r, const cus__retention_file *f, int32_t today, cus_erasure *out)
{
	if (f->held) {
		refusal(out, "art. 17 ust. 3 lit. e RODO", "legal_hold", f->hold_until);
		return 1;
	}
	if (!r)
		return 0;   /* no retention rules: no statutory retention applies */
	if (f->action == CUS_RETENTION_TRANSFER) {
		/* archival materials: kept for ever, transferred to the state archive */
		refusal(out, "art. 17 ust. 3 lit. d RODO", "archival", 0);
		return 1;
	}
	if (f->open) {
		refusal(out, "art. 17 ust. 3 lit. b RODO", "open_case", 0);
		return 1;
	}
	if (f->due > today) {
		refusal(out, "art. 17 ust. 3 lit. b RODO", "retention", f->due);
		return 1;
	}
	if (f->action == CUS_RETENTION_APPRAISAL) {
		/* BE whose period has ended: the state archive's appraisal decides */
		refusal(out, "art. 17 ust. 3 lit. d RODO", "archival", 0);
		return 1;
	}
	return 0;
}

static int erase(cus_session *s, int64_t person, request *q)
{
	const cus__policy *p = NULL;
	int rc = cus__session_policy(s, &p);
	if (rc)
		return rc;
	const cus__retention_rules *r = cus__policy_retention(p);
	char today[11];
	cus__retention_today(today);
	int32_t t = cus__retention_date_int(today);
	cus__retention_file f;
	rc = cus__retention_person_file(s->db, p, person, t, &f);
	if (!rc && f.statistical)
		rc = cus__error(CUS_ENOTFOUND, MODULE, "person", "person p-%lld is not in the register (already erased?)",
			(long long)person);
	if (rc)
		return rc;
	if (decide(r, &f, t, q->out)) {
		if (q->out->retained_until[0])
			return cus__error(CUS_ERETAINED, MODULE, "person", "erasure of p-%lld refused under %s (%s): retention "
				"ends on %s", (long long)person, q->out->ground, q->out->reason_code, q->out->retained_until);
		return cus__error(CUS_ERETAINED, MODULE, "person", "erasure of p-%lld refused under %s (%s)",
			(long long)person, q->out->ground, q->out->reason_code);
	}
	q->out->erased = 1;
	cus__dispose *d = NULL;
	int64_t records[CUS_RETENTION_KIND_COUNT] = { 0 };
	rc = cus__dispose_begin(&d, s->db, p);
	if (!rc)
		rc = cus__dispose_person(d, person, records);
	if (!rc)
		rc = store_request(s, q);
	if (!rc)
		rc = cus__dispose_commit_keys(d);
	cus__dispose_end(d);
	return rc;
}

int cus_rights_erase(cus_erasure *out, cus_session *s, int64_t person, const char *reason)
{
	if (!out || !s)
		return cus__error(CUS_EINVAL, MODULE, NULL, "out or session is NULL");
	memset(out, 0, sizeof *out);
	if (person <= 0)
		return cus__error(CUS_EINVAL, MODULE, "person", "person: a positive id");
	char *why = NULL;
	int rc = reason ? cus_text_normalize(&why, reason, REASON_MAX, "reason") :
		cus__error(CUS_EINVAL, MODULE, "reason", "reason: say why erasure is requested");
	if (!rc && !*why)
		rc = cus__error(CUS_EINVAL, MODULE, "reason", "reason: say why erasure is requested");
	if (rc) {
		cus_free(why);
		return rc;
	}
	char subject[32];
	cus__person_subject(subject, person);
	rc = cus__access_begin(s, "rights.erase", "person", subject, PERSONAL_CATEGORIES, CUS_OP_WRITE, "art. 17");
	if (rc) {
		cus_free(why);
		return rc;
	}
	request q = { person, why, out };
	rc = erase(s, person, &q);
	if (rc == CUS_ERETAINED)
		rc = cus__retention_refuse(s, rc, store_request, &q);
	else
		rc = cus__access_end(s, rc);
	cus_free(why);
	return rc;
}

int cus_rights_erase_pesel(cus_erasure *out, cus_session *s, const char *pesel, const char *reason)
{
	if (!out || !s)
		return cus__error(CUS_EINVAL, MODULE, NULL, "out or session is NULL");
	memset(out, 0, sizeof *out);
	cus_person *p = NULL;
	int rc = cus_person_by_pesel(&p, s, pesel);
	if (rc)
		return rc;
	int64_t id = p->id;
	cus_person_free(p);
	return cus_rights_erase(out, s, id, reason);
}
