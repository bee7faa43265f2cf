/* Disposal of a person's case file (an executed proposal, an erasure).
 *
 * Inside the caller's audited database transaction:
 *   1. the statistical facts the indicators read (applications with their
 *      decisions' dates and outcomes, deliveries, plans with their services
 *      and reviews) are copied to a new statistical subject: a persons row
 *      without PESEL, names, contacts or key, with the birth date cut to the
 *      first of its month (the age bands of every month-end window stay
 *      exact) and the sex; subjects of one household disposed together
 *      share a new household (family counts and types stay exact for them);
 *      the copies get new ids, no staff logins, no free text;
 *   2. every record of the person is deleted: plans, reviews, deliveries,
 *      decisions, confirmations, applications, employment, special-category
 *      records, household links, rectification history; the person's row
 *      is blanked into a tombstone (no PESEL, names, contacts; fixed birth
 *      date and sex) so that its id, the pseudonym of its audit entries, is
 *      never reused;
 *   3. the person's data key is deleted in the key store's transaction,
 *      which the caller commits before the database (cus__dispose_commit_keys):
 *      a crash between the two leaves the person shredded but listed, and a
 *      second execution finishes the work.
 * Nothing links the new subject to the person: the mapping lives only in
 * memory during the call, and the caller disposes of persons in random
 * order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "../util/u64map.h"

struct cus__dispose {
	cus_db *db;
	sqlite3 *sql;
	const cus__policy *p;
	cus__u64map households;   /* old household -> new household of the statistical subjects */
	int ks_open;
	char now[21], today[11];
};

static int oom(void)
{
	return cus__error(CUS_ENOMEM, "retention", NULL, "out of memory");
}

int cus__dispose_begin(cus__dispose **out, cus_db *db, const cus__policy *p)
{
	*out = NULL;
	cus__dispose *d = calloc(1, sizeof *d);
	if (!d)
		return oom();
	d->db = db;
	d->sql = cus__db_sql(db);
	d->p = p;
	cus__utc_now(d->now);
	memcpy(d->today, d->now, 10);
	d->today[10] = '\0';
	int rc = cus__sql_exec(d->sql, "CREATE TEMP TABLE IF NOT EXISTS retention_map ("
		" old INTEGER PRIMARY KEY, new INTEGER NOT NULL); DELETE FROM temp.retention_map;");
	if (!rc)
		rc = cus__ks_person_keys_ready(db);
	if (!rc && !(rc = cus__ks_person_begin(db)))
		d->ks_open = 1;
	if (rc) {
		free(d);
		return rc;
	}
	*out = d;
	return 0;
}

int cus__dispose_commit_keys(cus__dispose *d)
{
	if (!d->ks_open)
		return 0;
	d->ks_open = 0;
	return cus__ks_person_commit(d->db);
}

void cus__dispose_end(cus__dispose *d)
{
	if (!d)
		return;
	if (d->ks_open)
		cus__ks_person_rollback(d->db);
	cus__u64map_free(&d->households);
	free(d);
}

/* Run one statement: ?1 a, ?2 b, ?3 now, ?4 today (those it has). *changes
 * (may be NULL) the rows changed. optional: a missing table is no error. */
static int step(cus__dispose *d, sqlite3 *conn, const char *text, int64_t a, int64_t b, int64_t *changes,
	int optional)
{
	sqlite3_stmt *st = NULL;
	int src = sqlite3_prepare_v2(conn, text, -1, &st, NULL);
	if (src != SQLITE_OK) {
		int missing = strstr(sqlite3_errmsg(conn), "no such table") != NULL;
		sqlite3_finalize(st);
		if (optional && missing)
			return 0;
		return cus__sql_error(conn, src, "disposing of a case file");
	}
	int np = sqlite3_bind_parameter_count(st);
	if (np >= 1)
		sqlite3_bind_int64(st, 1, a);
	if (np >= 2)
		sqlite3_bind_int64(st, 2, b);
	if (np >= 3)
		sqlite3_bind_text(st, 3, d->now, -1, SQLITE_STATIC);
	if (np >= 4)
		sqlite3_bind_text(st, 4, d->today, -1, SQLITE_STATIC);
	while ((src = sqlite3_step(st)) == SQLITE_ROW)
		;
	int rc = src == SQLITE_DONE ? 0 : cus__sql_error(conn, src, "disposing of a case file");
	if (!rc && changes)
		*changes += sqlite3_changes(conn);
	sqlite3_finalize(st);
	return rc;
}

/* The ids a query gives (?1 = a). */
static int ids(sqlite3 *sql, const char *text, int64_t a, int64_t **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = NULL;
	int src = sqlite3_prepare_v2(sql, text, -1, &st, NULL);
	if (src != SQLITE_OK) {
		sqlite3_finalize(st);
		return cus__sql_error(sql, src, "disposing of a case file");
	}
	sqlite3_bind_int64(st, 1, a);
	size_t cap = 0;
	int rc = 0;
	while (!rc && (src = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			int64_t *v = realloc(*out, cap * sizeof *v);
			if (!v) {
				rc = oom();
				break;
			}
			*out = v;
		}
		(*out)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	if (!rc && src != SQLITE_DONE)
		rc = cus__sql_error(sql, src, "disposing of a case file");
	sqlite3_finalize(st);
	if (rc) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

static int64_t last_id(cus__dispose *d)
{
	return sqlite3_last_insert_rowid(d->sql);
}

/* Step 1: the statistical subject and the copies of the facts. */
static int copy_facts(cus__dispose *d, int64_t person, int64_t household, int64_t *subject)
{
	int64_t facts = 0;
	int rc = 0;
	{
		sqlite3_stmt *st = NULL;
		if (sqlite3_prepare_v2(d->sql, "SELECT EXISTS (SELECT 1 FROM applications WHERE person_id = ?1)"
			" OR EXISTS (SELECT 1 FROM deliveries WHERE person_id = ?1)"
			" OR EXISTS (SELECT 1 FROM plans WHERE person_id = ?1)", -1, &st, NULL) == SQLITE_OK) {
			sqlite3_bind_int64(st, 1, person);
			if (sqlite3_step(st) == SQLITE_ROW)
				facts = sqlite3_column_int64(st, 0);
		}
		sqlite3_finalize(st);
	}
	*subject = 0;
	if (!facts && !household)
		return 0;   /* nothing the indicators count */
	/* the teryt is the policy's municipality, not the person's */
	sqlite3_stmt *ins = NULL;
	int src = sqlite3_prepare_v2(d->sql, "INSERT INTO persons (version, first_names, last_name, birth_date, sex,"
		" teryt, registered, created, changed) SELECT 1, x'', x'', substr(birth_date, 1, 8) || '01', sex, ?2, ?4,"
		" ?3, ?3 FROM persons WHERE id = ?1", -1, &ins, NULL);
	if (src == SQLITE_OK) {
		sqlite3_bind_int64(ins, 1, person);
		sqlite3_bind_text(ins, 2, cus__policy_teryt(d->p), -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 3, d->now, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 4, d->today, -1, SQLITE_STATIC);
		src = sqlite3_step(ins);
	}
	sqlite3_finalize(ins);
	if (src != SQLITE_DONE)
		return cus__sql_error(d->sql, src, "creating a statistical subject");
	*subject = last_id(d);
	if (!rc)
		rc = step(d, d->sql, "INSERT INTO retention_subjects (person_id, state, since) VALUES (?1, 'statistical', ?4)",
			*subject, 0, NULL, 0);
	/* a key left by a crash under the new id must not open anything */
	if (!rc)
		rc = step(d, d->db->ks, "DELETE FROM person_keys WHERE person_id = ?1", *subject, 0, NULL, 0);
	if (!rc && household) {
		int64_t nh = 0;
		if (!cus__u64map_get(&d->households, (uint64_t)household, &nh)) {
			rc = step(d, d->sql, "INSERT INTO households (created) VALUES (?3)", 0, 0, NULL, 0);
			nh = last_id(d);
			if (!rc && cus__u64map_set(&d->households, (uint64_t)household, nh) < 0)
				rc = oom();
		}
		if (!rc)
			rc = step(d, d->sql, "INSERT INTO household_members (person_id, household_id, joined)"
				" VALUES (?1, ?2, ?4)", *subject, nh, NULL, 0);
	}
	if (rc || !facts)
		return rc;
	/* applications, each with a new id */
	int64_t *v = NULL;
	size_t n = 0;
	rc = step(d, d->sql, "DELETE FROM temp.retention_map", 0, 0, NULL, 0);
	if (!rc)
		rc = ids(d->sql, "SELECT id FROM applications WHERE person_id = ?1 ORDER BY id", person, &v, &n);
	for (size_t i = 0; !rc && i < n; i++) {
		rc = step(d, d->sql, "INSERT INTO applications (person_id, service, date, applicant, representative_id,"
			" declaration_date, duration_months, status, decision_date, decided_by, decision_policy, reasons,"
			" withdrawn_date, created_by, created) SELECT ?2, service, date, applicant, NULL, declaration_date,"
			" duration_months, status, decision_date, NULL, decision_policy, NULL, withdrawn_date, 'retention', ?3"
			" FROM applications WHERE id = ?1", v[i], *subject, NULL, 0);
		if (!rc)
			rc = step(d, d->sql, "INSERT INTO temp.retention_map (old, new) VALUES (?1, ?2)", v[i], last_id(d),
				NULL, 0);
	}
	free(v);
	v = NULL;
	n = 0;
	if (!rc)
		rc = step(d, d->sql, "INSERT INTO deliveries (person_id, application_id, service, date, units, cost, provider,"
			" funding, created) SELECT ?2, coalesce(m.new, x.application_id), x.service, x.date, x.units, x.cost,"
			" NULL, x.funding, ?3 FROM deliveries x LEFT JOIN temp.retention_map m ON m.old = x.application_id"
			" WHERE x.person_id = ?1 ORDER BY x.id", person, *subject, NULL, 0);
	/* plans with their services and reviews */
	if (!rc)
		rc = ids(d->sql, "SELECT id FROM plans WHERE person_id = ?1 ORDER BY id", person, &v, &n);
	for (size_t i = 0; !rc && i < n; i++) {
		rc = step(d, d->sql, "INSERT INTO plans (person_id, start, end, coordinator, goals, status, closed, created_by,"
			" created) SELECT ?2, start, end, 'retention', NULL, status, closed, 'retention', ?3 FROM plans"
			" WHERE id = ?1", v[i], *subject, NULL, 0);
		int64_t np = last_id(d);
		if (!rc)
			rc = step(d, d->sql, "INSERT INTO plan_services (plan_id, position, service) SELECT ?2, position, service"
				" FROM plan_services WHERE plan_id = ?1", v[i], np, NULL, 0);
		if (!rc)
			rc = step(d, d->sql, "INSERT INTO plan_reviews (plan_id, kind, number, due, done, note, recorded_by,"
				" created) SELECT ?2, kind, number, due, done, NULL, 'retention', ?3 FROM plan_reviews"
				" WHERE plan_id = ?1 ORDER BY id", v[i], np, NULL, 0);
	}
	free(v);
	return rc;
}

int cus__dispose_person(cus__dispose *d, int64_t person, int64_t records[CUS_RETENTION_KIND_COUNT])
{
	/* the person and their household */
	int64_t household = 0;
	int found = 0;
	sqlite3_stmt *st = NULL;
	int src = sqlite3_prepare_v2(d->sql, "SELECT p.id, hm.household_id FROM persons p"
		" LEFT JOIN household_members hm ON hm.person_id = p.id"
		" WHERE p.id = ?1 AND p.id NOT IN (SELECT person_id FROM retention_subjects)", -1, &st, NULL);
	if (src == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, person);
		if ((src = sqlite3_step(st)) == SQLITE_ROW) {
			found = 1;
			household = sqlite3_column_type(st, 1) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 1);
		}
	}
	sqlite3_finalize(st);
	if (src != SQLITE_ROW && src != SQLITE_DONE)
		return cus__sql_error(d->sql, src, "reading the person to dispose of");
	if (!found)
		return cus__error(CUS_ENOTFOUND, "retention", "person", "person p-%lld is not in the register (already "
			"disposed of?)", (long long)person);

	int64_t subject = 0;
	int rc = copy_facts(d, person, household, &subject);
	int64_t *r = records;
	static const struct {
		const char *sql;
		int kind;       /* counted under, or -1 */
		int optional;
	} del[] = {
		{ "DELETE FROM plan_reviews WHERE plan_id IN (SELECT id FROM plans WHERE person_id = ?1)", -1, 0 },
		{ "DELETE FROM plan_services WHERE plan_id IN (SELECT id FROM plans WHERE person_id = ?1)", -1, 0 },
		{ "DELETE FROM plans WHERE person_id = ?1", CUS_RETENTION_PLAN, 0 },
		{ "DELETE FROM deliveries WHERE person_id = ?1", CUS_RETENTION_DELIVERY, 0 },
		{ "DELETE FROM confirmations WHERE application_id IN (SELECT id FROM applications WHERE person_id = ?1)",
		  -1, 0 },
		{ "DELETE FROM qualifications WHERE application_id IN (SELECT id FROM applications WHERE person_id = ?1)",
		  CUS_RETENTION_DECISION, 0 },
		{ "DELETE FROM applications WHERE person_id = ?1", CUS_RETENTION_APPLICATION, 0 },
		{ "DELETE FROM employment WHERE person_id = ?1", CUS_RETENTION_EMPLOYMENT, 0 },
		{ "DELETE FROM records WHERE person_id = ?1", CUS_RETENTION_SPECIAL, 0 },
		{ "DELETE FROM relations WHERE person_id = ?1 OR member_id = ?1", -1, 0 },
		{ "DELETE FROM household_members WHERE person_id = ?1", -1, 0 },
		{ "DELETE FROM person_history WHERE person_id = ?1", -1, 1 },   /* the rights module's */
	};
	for (size_t i = 0; !rc && i < sizeof del / sizeof del[0]; i++) {
		int64_t ch = 0;
		rc = step(d, d->sql, del[i].sql, person, 0, &ch, del[i].optional);
		if (del[i].kind >= 0)
			r[del[i].kind] += ch;
	}
	if (!rc && household)
		rc = step(d, d->sql, "DELETE FROM households WHERE id = ?1 AND NOT EXISTS"
			" (SELECT 1 FROM household_members WHERE household_id = ?1)", household, 0, NULL, 0);
	/* the person's row stays as a blank tombstone, so that its id (the
	 * pseudonym of its audit entries) is never given to anyone else */
	if (!rc)
		rc = step(d, d->sql, "UPDATE persons SET version = version + 1, pesel_index = NULL, pesel = NULL,"
			" first_names = x'', last_name = x'', address = NULL, phone = NULL, email = NULL, financial = NULL,"
			" birth_date = '1900-01-01', sex = 'F', registered = ?4, changed = ?3 WHERE id = ?1", person, 0, NULL, 0);
	if (!rc) {
		sqlite3_stmt *up = NULL;
		int urc = sqlite3_prepare_v2(d->sql, "UPDATE persons SET teryt = ?2 WHERE id = ?1", -1, &up, NULL);
		if (urc == SQLITE_OK) {
			sqlite3_bind_int64(up, 1, person);
			sqlite3_bind_text(up, 2, cus__policy_teryt(d->p), -1, SQLITE_STATIC);
			urc = sqlite3_step(up);
		}
		sqlite3_finalize(up);
		if (urc != SQLITE_DONE)
			rc = cus__sql_error(d->sql, urc, "blanking the person's row");
	}
	if (!rc)
		rc = step(d, d->sql, "INSERT INTO retention_subjects (person_id, state, since) VALUES (?1, 'tombstone', ?4)",
			person, 0, NULL, 0);
	if (!rc)
		r[CUS_RETENTION_PERSON]++;
	/* the data key */
	if (!rc)
		rc = step(d, d->db->ks, "DELETE FROM person_keys WHERE person_id = ?1", person, 0, NULL, 0);
	return rc;
}
