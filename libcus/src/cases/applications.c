/* Applications (wnioski): validation, insertion (also in bulk, for imports),
 * reading, listing and withdrawal. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cases.h"
#include "../registry/internal.h"

static const char *const applicants[] = { "self", "legal_representative", "carer" };
static const char *const app_statuses[] = { "submitted", "qualified", "refused", "withdrawn" };

static const char *code_in(const char *s, const char *const *codes, size_t n)
{
	for (size_t i = 0; s && i < n; i++)
		if (strcmp(s, codes[i]) == 0)
			return codes[i];
	return NULL;
}

static int oom(void)
{
	return cus__error(CUS_ENOMEM, "cases", NULL, "out of memory");
}

static int sqlerr(cus_db *db, int rc, const char *what)
{
	return cus__sql_error(cus__db_sql(db), rc, what);
}

int cus_application_input_init(cus_application_input *in, unsigned int version)
{
	if (!in)
		return cus__error(CUS_EINVAL, "cases", NULL, "input is NULL");
	if (version != CUS_APPLICATION_INPUT_VERSION)
		return cus__error(CUS_EINVAL, "cases", "version", "unsupported cus_application_input version %u",
			version);
	cus_application_input init = CUS_APPLICATION_INPUT_INIT;
	*in = init;
	return 0;
}

/* ---- validation ---- */

int cus__application_validate(cus_session *s, const cus_application_input *in, cus__application_fields *f)
{
	memset(f, 0, sizeof *f);
	if (!s)
		return cus__error(CUS_EINVAL, "cases", NULL, "no session");
	if (!in)
		return cus__error(CUS_EINVAL, "cases", NULL, "no application given");
	if (in->version != CUS_APPLICATION_INPUT_VERSION)
		return cus__error(CUS_EINVAL, "cases", "version", "unsupported cus_application_input version %u",
			in->version);
	const cus__policy *p = NULL;
	int rc = cus__session_policy(s, &p);
	if (rc)
		return rc;
	if (in->person <= 0)
		return cus__error(CUS_ENOTFOUND, "cases", "person", "person: no person with id %lld",
			(long long)in->person);
	const cus__service *sv = in->service ? cus__policy_service_find(p, in->service) : NULL;
	if (!sv)
		return cus__error(CUS_EINVAL, "cases", "service", "service: %s",
			in->service ? "not a service of the policy" : "is required");
	if (!in->date || cus_date_check(in->date, NULL) != 0)
		return cus__error(CUS_EINVAL, "cases", "date", "date: must be a real date YYYY-MM-DD");
	char today[11];
	cus__today(today);
	const char *from = cus__policy_programme_from(p), *to = cus__policy_programme_to(p);
	if ((from && strcmp(in->date, from) < 0) || (to && strcmp(in->date, to) > 0))
		return cus__error(CUS_EINVAL, "cases", "date", "date: must lie in the Programme period %s to %s",
			from ? from : "-", to ? to : "-");
	if (strcmp(in->date, today) > 0)
		return cus__error(CUS_EINVAL, "cases", "date", "date: must not be after today");
	const char *applicant = in->applicant ? code_in(in->applicant, applicants, 3) : "self";
	if (!applicant)
		return cus__error(CUS_EINVAL, "cases", "applicant",
			"applicant: must be self, legal_representative or carer");
	if (in->representative < 0)
		return cus__error(CUS_EINVAL, "cases", "representative", "representative: must be a person id");
	if (in->representative && strcmp(applicant, "self") == 0)
		return cus__error(CUS_EINVAL, "cases", "representative",
			"representative: only for an application by a legal representative or carer");
	if (in->representative && in->representative == in->person)
		return cus__error(CUS_EINVAL, "cases", "representative",
			"representative: must not be the person who would use the service");
	const char *decl = in->declaration_date ? in->declaration_date : in->date;
	if (cus_date_check(decl, NULL) != 0)
		return cus__error(CUS_EINVAL, "cases", "declaration_date",
			"declaration_date: must be a real date YYYY-MM-DD");
	if (strcmp(decl, in->date) < 0 || strcmp(decl, today) > 0)
		return cus__error(CUS_EINVAL, "cases", "declaration_date",
			"declaration_date: must not be before the application date nor after today");
	if (in->duration_months < 0 || in->duration_months > 120)
		return cus__error(CUS_EINVAL, "cases", "duration_months", "duration_months: must be 0 to 120");
	f->person = in->person;
	f->service = sv->code;
	memcpy(f->date, in->date, 11);
	f->applicant = applicant;
	f->representative = in->representative;
	memcpy(f->declaration_date, decl, 11);
	f->duration_months = in->duration_months;
	return 0;
}

/* ---- insertion ---- */

/* 0 when the person exists and their data key is in the key store;
 * CUS_ENOTFOUND naming field, CUS_ESHREDDED. */
static int person_usable(cus_db *db, int64_t person, const char *field)
{
	static const char q[] = "SELECT 1 FROM persons WHERE id = ?1";
	sqlite3_stmt *st = NULL;
	int cached = 0;
	int src = cus__stmt_cached(db, cus__db_sql(db), q, &st, &cached);
	if (src != SQLITE_OK) {
		if (st)
			sqlite3_finalize(st);
		return sqlerr(db, src, "reading a person");
	}
	sqlite3_bind_int64(st, 1, person);
	src = sqlite3_step(st);
	cus__stmt_release(st, cached);
	if (src == SQLITE_DONE)
		return cus__error(CUS_ENOTFOUND, "cases", field, "%s: no person with id %lld", field, (long long)person);
	if (src != SQLITE_ROW)
		return sqlerr(db, src, "reading a person");
	unsigned char key[CUS__PERSON_KEY_BYTES];
	int rc = cus__ks_person_key_get(db, person, key);
	sodium_memzero(key, sizeof key);
	if (rc == CUS_ESHREDDED)
		return cus__error(CUS_ESHREDDED, "cases", field, "%s: the person's data was erased", field);
	return rc;
}

int cus__application_insert(cus_session *s, const cus__application_fields *f, int64_t *id)
{
	if (id)
		*id = 0;
	if (!s || !f)
		return cus__error(CUS_EINVAL, "cases", NULL, "no session or fields");
	cus_db *db = s->db;
	int rc = person_usable(db, f->person, "person");
	if (!rc && f->representative)
		rc = person_usable(db, f->representative, "representative");
	if (rc)
		return rc;
	static const char q[] = "INSERT INTO applications (person_id, service, date, applicant, representative_id,"
		" declaration_date, duration_months, created_by, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
	sqlite3 *sql = cus__db_sql(db);
	sqlite3_stmt *st = NULL;
	int cached = 0;
	int src = cus__stmt_cached(db, sql, q, &st, &cached);
	if (src == SQLITE_OK) {
		char now[21];
		cus__utc_now(now);
		sqlite3_bind_int64(st, 1, f->person);
		sqlite3_bind_text(st, 2, f->service, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, f->date, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, f->applicant, -1, SQLITE_STATIC);
		if (f->representative)
			sqlite3_bind_int64(st, 5, f->representative);
		else
			sqlite3_bind_null(st, 5);
		sqlite3_bind_text(st, 6, f->declaration_date, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 7, f->duration_months);
		sqlite3_bind_text(st, 8, s->user, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 9, now, -1, SQLITE_TRANSIENT);
		src = sqlite3_step(st);
	}
	if (st)
		cus__stmt_release(st, cached);
	if (src != SQLITE_DONE)
		return sqlerr(db, src, "adding an application");
	if (id)
		*id = sqlite3_last_insert_rowid(sql);
	return 0;
}

int cus_application_add(cus_session *s, const cus_application_input *in, int64_t *id)
{
	if (id)
		*id = 0;
	cus__application_fields f;
	int rc = cus__application_validate(s, in, &f);
	if (rc)
		return rc;
	char subj[32];
	cus__person_subject(subj, f.person);
	rc = cus__access_begin(s, "application.add", "application", subj, "basic", CUS_OP_WRITE, NULL);
	if (rc)
		return rc;
	int64_t aid = 0;
	rc = cus__access_end(s, cus__application_insert(s, &f, &aid));
	if (!rc && id)
		*id = aid;
	return rc;
}

/* ---- reading ---- */

#define APP_COLS "id, person_id, service, date, applicant, representative_id, declaration_date," \
	" duration_months, status, decision_date, decided_by, decision_policy, reasons, withdrawn_date, created"

static void app_clear(cus_application *a)
{
	const char **all[] = { &a->service, &a->date, &a->applicant, &a->declaration_date, &a->status,
		&a->decision_date, &a->decided_by, &a->reasons, &a->withdrawn_date, &a->created };
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		cus__wipe_free((char *)*all[i]);
		*all[i] = NULL;
	}
}

void cus_application_free(cus_application *a)
{
	if (!a)
		return;
	app_clear(a);
	free(a);
}

static int dup_col(const char **out, sqlite3_stmt *st, int col)
{
	*out = NULL;
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return 0;
	char *v = strdup((const char *)sqlite3_column_text(st, col));
	*out = v;
	return v ? 0 : oom();
}

/* Fill a from a row of APP_COLS. The reasons are opened with k (loaded for
 * the row's person as needed); they read as NULL once the person is erased. */
static int app_from_row(cus_application *a, cus_db *db, cus__pkey *k, sqlite3_stmt *st)
{
	memset(a, 0, sizeof *a);
	a->id = sqlite3_column_int64(st, 0);
	a->person_id = sqlite3_column_int64(st, 1);
	a->representative_id = sqlite3_column_int64(st, 5);
	a->duration_months = sqlite3_column_int(st, 7);
	a->plan_required = a->duration_months >= 3;
	a->decision_policy_version = sqlite3_column_int64(st, 11);
	int rc = dup_col(&a->service, st, 2);
	if (!rc)
		rc = dup_col(&a->date, st, 3);
	if (!rc)
		rc = dup_col(&a->applicant, st, 4);
	if (!rc)
		rc = dup_col(&a->declaration_date, st, 6);
	if (!rc)
		rc = dup_col(&a->status, st, 8);
	if (!rc)
		rc = dup_col(&a->decision_date, st, 9);
	if (!rc)
		rc = dup_col(&a->decided_by, st, 10);
	if (!rc)
		rc = dup_col(&a->withdrawn_date, st, 13);
	if (!rc)
		rc = dup_col(&a->created, st, 14);
	if (!rc && sqlite3_column_type(st, 12) != SQLITE_NULL) {
		int krc = cus__pkey_load(db, a->person_id, k);
		if (krc == CUS_ESHREDDED) {
			cus_error_clear();
		} else if (krc) {
			rc = krc;
		} else {
			char *r = NULL;
			rc = cus__field_open(&r, db, k, "basic", "applications", "reasons", a->id, 1,
				sqlite3_column_blob(st, 12), (size_t)sqlite3_column_bytes(st, 12));
			a->reasons = r;
		}
	}
	return rc;
}

/* The person of an application: *person, or 0 when there is none. */
static int app_person(cus_db *db, int64_t id, int64_t *person)
{
	*person = 0;
	sqlite3_stmt *st = NULL;
	int src = sqlite3_prepare_v2(cus__db_sql(db), "SELECT person_id FROM applications WHERE id = ?1", -1, &st,
		NULL);
	if (src == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, id);
		src = sqlite3_step(st);
		if (src == SQLITE_ROW)
			*person = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	return src == SQLITE_ROW || src == SQLITE_DONE ? 0 : sqlerr(db, src, "reading an application");
}

static int no_application(int64_t id)
{
	return cus__error(CUS_ENOTFOUND, "cases", "id", "no application with id %lld", (long long)id);
}

static int app_read(cus_application **out, cus_db *db, int64_t id, int64_t person)
{
	if (!person)
		return no_application(id);
	sqlite3_stmt *st = NULL;
	int src = sqlite3_prepare_v2(cus__db_sql(db), "SELECT " APP_COLS " FROM applications WHERE id = ?1", -1, &st,
		NULL);
	if (src != SQLITE_OK) {
		sqlite3_finalize(st);
		return sqlerr(db, src, "reading an application");
	}
	sqlite3_bind_int64(st, 1, id);
	src = sqlite3_step(st);
	int rc = 0;
	if (src == SQLITE_DONE) {
		rc = no_application(id);
	} else if (src != SQLITE_ROW) {
		rc = sqlerr(db, src, "reading an application");
	} else {
		cus_application *a = calloc(1, sizeof *a);
		cus__pkey k = { 0 };
		rc = a ? app_from_row(a, db, &k, st) : oom();
		cus__pkey_wipe(&k);
		if (rc)
			cus_application_free(a);
		else
			*out = a;
	}
	sqlite3_finalize(st);
	return rc;
}

int cus_application_get(cus_application **out, cus_session *s, int64_t id)
{
	if (!out || !s)
		return cus__error(CUS_EINVAL, "cases", NULL, "out or session is NULL");
	*out = NULL;
	int64_t person = 0;
	int rc = app_person(s->db, id, &person);
	if (rc)
		return rc;
	char subj[32], detail[48];
	cus__person_subject(subj, person);
	snprintf(detail, sizeof detail, "application %lld", (long long)id);
	rc = cus__access_begin(s, "application.read", "application", person ? subj : NULL, "basic", CUS_OP_READ,
		detail);
	if (rc)
		return rc;
	cus_application *a = NULL;
	rc = cus__access_end(s, app_read(&a, s->db, id, person));
	if (rc) {
		cus_application_free(a);
		return rc;
	}
	*out = a;
	return 0;
}

/* ---- listing ---- */

struct cus_application_iter {
	cus_application *items;
	size_t n, i;
};

void cus_application_iter_free(cus_application_iter *it)
{
	if (!it)
		return;
	for (size_t i = 0; i < it->n; i++)
		app_clear(&it->items[i]);
	free(it->items);
	free(it);
}

int cus_application_next(const cus_application **out, cus_application_iter *it)
{
	if (!out || !it)
		return cus__error(CUS_EINVAL, "cases", NULL, "out or iterator is NULL");
	*out = NULL;
	if (it->i >= it->n)
		return CUS_ITEROVER;
	*out = &it->items[it->i++];
	return 0;
}

static int apps_collect(cus_application_iter *it, cus_db *db, int64_t person, const char *status, int all)
{
	if (person) {
		int rc = cus__person_exists(db, person);
		if (rc == CUS_ENOTFOUND)
			return cus__error(CUS_ENOTFOUND, "cases", "person", "no person with id %lld", (long long)person);
		if (rc)
			return rc;
	}
	sqlite3_stmt *st = NULL;
	int src = sqlite3_prepare_v2(cus__db_sql(db), "SELECT " APP_COLS " FROM applications"
		" WHERE (?1 = 0 OR person_id = ?1) AND (?2 IS NULL OR status = ?2) AND (?9 OR person_id NOT IN (SELECT person_id FROM restrictions WHERE lifted IS NULL)) ORDER BY id", -1, &st,
		NULL);
	if (src != SQLITE_OK) {
		sqlite3_finalize(st);
		return sqlerr(db, src, "listing applications");
	}
	sqlite3_bind_int64(st, 1, person);
	if (status)
		sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 9, all);
	cus__pkey k = { 0 };
	size_t cap = 0;
	int rc = 0;
	while (!rc && (src = sqlite3_step(st)) == SQLITE_ROW) {
		if (it->n == cap) {
			size_t ncap = cap ? 2 * cap : 16;
			cus_application *ni = realloc(it->items, ncap * sizeof *ni);
			if (!ni) {
				rc = oom();
				break;
			}
			it->items = ni;
			cap = ncap;
		}
		rc = app_from_row(&it->items[it->n++], db, &k, st);
	}
	if (!rc && src != SQLITE_DONE)
		rc = sqlerr(db, src, "listing applications");
	cus__pkey_wipe(&k);
	sqlite3_finalize(st);
	return rc;
}

int cus_application_list(cus_application_iter **out, cus_session *s, int64_t person, const char *status)
{
	if (!out || !s)
		return cus__error(CUS_EINVAL, "cases", NULL, "out or session is NULL");
	*out = NULL;
	if (person < 0)
		return cus__error(CUS_ENOTFOUND, "cases", "person", "no person with id %lld", (long long)person);
	if (status && !code_in(status, app_statuses, 4))
		return cus__error(CUS_EINVAL, "cases", "status",
			"status: must be submitted, qualified, refused or withdrawn");
	char subj[32];
	cus__person_subject(subj, person);
	int rc = cus__access_begin(s, "application.list", "application", person ? subj : NULL, "basic", CUS_OP_READ,
		status ? status : NULL);
	if (rc)
		return rc;
	cus_application_iter *it = calloc(1, sizeof *it);
	rc = cus__access_end(s, it ? apps_collect(it, s->db, person, status, person || cus__access_sees_restricted(s)) : oom());
	if (rc) {
		cus_application_iter_free(it);
		return rc;
	}
	*out = it;
	return 0;
}

/* ---- withdrawal ---- */

static int app_withdraw(cus_db *db, int64_t id, int64_t person, const char *date)
{
	if (!person)
		return no_application(id);
	sqlite3_stmt *st = NULL;
	int src = sqlite3_prepare_v2(cus__db_sql(db), "SELECT status, date FROM applications WHERE id = ?1", -1, &st,
		NULL);
	char status[16] = "", adate[11] = "";
	if (src == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, id);
		src = sqlite3_step(st);
		if (src == SQLITE_ROW) {
			snprintf(status, sizeof status, "%s", (const char *)sqlite3_column_text(st, 0));
			snprintf(adate, sizeof adate, "%s", (const char *)sqlite3_column_text(st, 1));
		}
	}
	sqlite3_finalize(st);
	st = NULL;
	if (src == SQLITE_DONE)
		return no_application(id);
	if (src != SQLITE_ROW)
		return sqlerr(db, src, "reading an application");
	if (strcmp(status, "submitted") != 0 && strcmp(status, "qualified") != 0)
		return cus__error(CUS_EINVAL, "cases", "status", "status: the application is already %s", status);
	if (strcmp(date, adate) < 0)
		return cus__error(CUS_EINVAL, "cases", "date", "date: must not be before the application date");
	src = sqlite3_prepare_v2(cus__db_sql(db), "UPDATE applications SET status = 'withdrawn', withdrawn_date = ?1"
		" WHERE id = ?2", -1, &st, NULL);
	if (src == SQLITE_OK) {
		sqlite3_bind_text(st, 1, date, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, id);
		src = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	return src == SQLITE_DONE ? 0 : sqlerr(db, src, "withdrawing an application");
}

int cus_application_withdraw(cus_session *s, int64_t id, const char *date)
{
	if (!s)
		return cus__error(CUS_EINVAL, "cases", NULL, "no session");
	char day[11];
	if (date) {
		if (cus_date_check(date, NULL) != 0)
			return cus__error(CUS_EINVAL, "cases", "date", "date: must be a real date YYYY-MM-DD");
		memcpy(day, date, 11);
	} else {
		cus__today(day);
	}
	int64_t person = 0;
	int rc = app_person(s->db, id, &person);
	if (rc)
		return rc;
	char subj[32], detail[48];
	cus__person_subject(subj, person);
	snprintf(detail, sizeof detail, "application %lld", (long long)id);
	rc = cus__access_begin(s, "application.withdraw", "application", person ? subj : NULL, "basic",
		CUS_OP_WRITE, detail);
	if (rc)
		return rc;
	return cus__access_end(s, app_withdraw(s->db, id, person, day));
}
