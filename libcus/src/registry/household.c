/* Households, members' relations, and the "child under N" question. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const char *const relation_names[] = { NULL, "spouse", "child", "parent", "sibling", "other" };

const char *cus_relation_name(int relation)
{
	return relation >= CUS_REL_SPOUSE && relation <= CUS_REL_OTHER ? relation_names[relation] : NULL;
}

static int relation_code(const char *name)
{
	for (int i = CUS_REL_SPOUSE; name && i <= CUS_REL_OTHER; i++)
		if (strcmp(relation_names[i], name) == 0)
			return i;
	return 0;
}

/* The relation seen from the other side. */
static int relation_inverse(int r)
{
	switch (r) {
	case CUS_REL_CHILD:
		return CUS_REL_PARENT;
	case CUS_REL_PARENT:
		return CUS_REL_CHILD;
	default:
		return r;
	}
}

static int sqlerr(cus_db *db, int rc, const char *what)
{
	return cus__sql_error(cus__db_sql(db), rc, what);
}

/* The household of a person: *hh, or 0 when none. */
static int household_of(cus_db *db, int64_t person, int64_t *hh)
{
	*hh = 0;
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(cus__db_sql(db), "SELECT household_id FROM household_members WHERE person_id = ?",
		-1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, person);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			*hh = sqlite3_column_int64(st, 0);
	}
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sqlerr(db, rc, "reading a household");
	sqlite3_finalize(st);
	return rc;
}

/* Run one statement with up to three integer / text parameters. */
static int exec3(cus_db *db, const char *sql, int64_t a, int64_t b, const char *t, const char *what)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(cus__db_sql(db), sql, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, a);
		sqlite3_bind_int64(st, 2, b);
		if (t)
			sqlite3_bind_text(st, 3, t, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
	}
	rc = rc == SQLITE_DONE ? 0 : sqlerr(db, rc, what);
	sqlite3_finalize(st);
	return rc;
}

static int household_new(cus_db *db, int64_t *hh)
{
	char now[21];
	cus__utc_now(now);
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(cus__db_sql(db), "INSERT INTO households (created) VALUES (?)", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
	}
	rc = rc == SQLITE_DONE ? 0 : sqlerr(db, rc, "creating a household");
	sqlite3_finalize(st);
	*hh = sqlite3_last_insert_rowid(cus__db_sql(db));
	return rc;
}

static int join(cus_db *db, int64_t person, int64_t hh)
{
	char now[21];
	cus__utc_now(now);
	return exec3(db, "INSERT INTO household_members (person_id, household_id, joined) VALUES (?1, ?2, ?3)", person,
		hh, now, "joining a household");
}

int cus_household_link(cus_session *s, int64_t person, int64_t member, const char *relation)
{
	if (!s)
		return cus__error(CUS_EINVAL, "registry", NULL, "no session");
	int rel = relation_code(relation);
	if (!rel)
		return cus__error(CUS_EINVAL, "registry", "relation",
			"relation: must be spouse, child, parent, sibling or other");
	if (person == member)
		return cus__error(CUS_EINVAL, "registry", "member", "member: a person cannot be their own household member");
	char subj[32], detail[96];
	cus__person_subject(subj, person);
	snprintf(detail, sizeof detail, "member p-%lld, relation %s", (long long)member, relation_names[rel]);
	int rc = cus__access_begin(s, "household.link", "household", subj, "family", CUS_OP_WRITE, detail);
	if (rc)
		return rc;
	cus_db *db = s->db;
	int64_t hp = 0, hm = 0;
	rc = cus__person_exists(db, person);
	if (!rc && (rc = cus__person_exists(db, member)) == CUS_ENOTFOUND)
		rc = cus__error(CUS_ENOTFOUND, "registry", "member", "no person with id %lld", (long long)member);
	if (!rc)
		rc = household_of(db, person, &hp);
	if (!rc)
		rc = household_of(db, member, &hm);
	if (!rc) {
		if (hp && hm && hp != hm) {
			rc = cus__error(CUS_EINVAL, "registry", "member",
				"member: the two persons belong to different households");
		} else if (!hp && !hm) {
			int64_t hh = 0;
			rc = household_new(db, &hh);
			if (!rc)
				rc = join(db, person, hh);
			if (!rc)
				rc = join(db, member, hh);
		} else if (!hp) {
			rc = join(db, person, hm);
		} else if (!hm) {
			rc = join(db, member, hp);
		}
	}
	if (!rc)
		rc = exec3(db, "DELETE FROM relations WHERE (person_id = ?1 AND member_id = ?2)"
			" OR (person_id = ?2 AND member_id = ?1)", person, member, NULL, "linking household members");
	if (!rc)
		rc = exec3(db, "INSERT INTO relations (person_id, member_id, relation) VALUES (?1, ?2, ?3)", person,
			member, relation_names[rel], "linking household members");
	if (!rc)
		rc = exec3(db, "INSERT INTO relations (person_id, member_id, relation) VALUES (?1, ?2, ?3)", member,
			person, relation_names[relation_inverse(rel)], "linking household members");
	return cus__access_end(s, rc);
}

/* ---- members ---- */

typedef struct {
	cus_member m;
	char *relation, *birth_date;
} member_item;

struct cus_member_iter {
	member_item *items;
	size_t n, i;
};

void cus_member_iter_free(cus_member_iter *it)
{
	if (!it)
		return;
	for (size_t i = 0; i < it->n; i++) {
		free(it->items[i].relation);
		free(it->items[i].birth_date);
	}
	free(it->items);
	free(it);
}

int cus_member_next(const cus_member **out, cus_member_iter *it)
{
	if (!out || !it)
		return cus__error(CUS_EINVAL, "registry", NULL, "out or iterator is NULL");
	*out = NULL;
	if (it->i >= it->n)
		return CUS_ITEROVER;
	*out = &it->items[it->i++].m;
	return 0;
}

static int members_collect(cus_member_iter *it, cus_db *db, int64_t person)
{
	int64_t hh = 0;
	int rc = cus__person_exists(db, person);
	if (!rc)
		rc = household_of(db, person, &hh);
	if (rc || !hh)
		return rc;
	sqlite3_stmt *st = NULL;
	rc = sqlite3_prepare_v2(cus__db_sql(db), "SELECT hm.person_id, coalesce(r.relation, 'member'), p.birth_date,"
		" p.sex FROM household_members hm JOIN persons p ON p.id = hm.person_id"
		" LEFT JOIN relations r ON r.person_id = ?1 AND r.member_id = hm.person_id"
		" WHERE hm.household_id = ?2 AND hm.person_id <> ?1 ORDER BY hm.person_id", -1, &st, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_finalize(st);
		return sqlerr(db, rc, "reading a household");
	}
	sqlite3_bind_int64(st, 1, person);
	sqlite3_bind_int64(st, 2, hh);
	size_t cap = 0;
	rc = 0;
	int src;
	while (!rc && (src = sqlite3_step(st)) == SQLITE_ROW) {
		if (it->n == cap) {
			size_t ncap = cap ? 2 * cap : 8;
			member_item *ni = realloc(it->items, ncap * sizeof *ni);
			if (!ni) {
				rc = cus__error(CUS_ENOMEM, "registry", NULL, "out of memory");
				break;
			}
			it->items = ni;
			cap = ncap;
		}
		member_item *m = &it->items[it->n];
		memset(m, 0, sizeof *m);
		m->relation = strdup((const char *)sqlite3_column_text(st, 1));
		m->birth_date = strdup((const char *)sqlite3_column_text(st, 2));
		it->n++;
		if (!m->relation || !m->birth_date) {
			rc = cus__error(CUS_ENOMEM, "registry", NULL, "out of memory");
			break;
		}
		m->m.person_id = sqlite3_column_int64(st, 0);
		m->m.relation = m->relation;
		m->m.birth_date = m->birth_date;
		m->m.sex = ((const char *)sqlite3_column_text(st, 3))[0];
	}
	if (!rc && src != SQLITE_DONE)
		rc = sqlerr(db, src, "reading a household");
	sqlite3_finalize(st);
	return rc;
}

int cus_household_members(cus_member_iter **out, cus_session *s, int64_t person)
{
	if (!out || !s)
		return cus__error(CUS_EINVAL, "registry", NULL, "out or session is NULL");
	*out = NULL;
	char subj[32];
	cus__person_subject(subj, person);
	int rc = cus__access_begin(s, "household.read", "household", subj, "family", CUS_OP_READ, NULL);
	if (rc)
		return rc;
	cus_member_iter *it = calloc(1, sizeof *it);
	rc = it ? members_collect(it, s->db, person) : cus__error(CUS_ENOMEM, "registry", NULL, "out of memory");
	rc = cus__access_end(s, rc);
	if (rc) {
		cus_member_iter_free(it);
		return rc;
	}
	*out = it;
	return 0;
}

static int child_under(cus_db *db, int64_t person, int age, const char *date, int *yes)
{
	*yes = 0;
	int rc = cus__person_exists(db, person);
	if (rc)
		return rc;
	sqlite3_stmt *st = NULL;
	rc = sqlite3_prepare_v2(cus__db_sql(db), "SELECT p.birth_date FROM relations r JOIN persons p"
		" ON p.id = r.member_id WHERE r.person_id = ? AND r.relation = 'child'", -1, &st, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_finalize(st);
		return sqlerr(db, rc, "reading a household");
	}
	sqlite3_bind_int64(st, 1, person);
	int src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW && !*yes) {
		int a = cus_age_on((const char *)sqlite3_column_text(st, 0), date);
		if (a < 0) { /* born after the date: not a child yet */
			cus_error_clear();
			continue;
		}
		if (a < age)
			*yes = 1;
	}
	rc = src == SQLITE_DONE || src == SQLITE_ROW ? 0 : sqlerr(db, src, "reading a household");
	sqlite3_finalize(st);
	return rc;
}

int cus_person_has_child_under(cus_session *s, int64_t person, int age, const char *date)
{
	if (!s)
		return cus__error(CUS_EINVAL, "registry", NULL, "no session");
	if (age < 0)
		return cus__error(CUS_EINVAL, "registry", "age", "age: must not be negative");
	if (cus_date_check(date, NULL) != 0)
		return cus__error(CUS_EINVAL, "registry", "date", "date: must be a real date YYYY-MM-DD");
	char subj[32], detail[64];
	cus__person_subject(subj, person);
	snprintf(detail, sizeof detail, "child under %d on a date", age);
	int rc = cus__access_begin(s, "household.read", "household", subj, "family", CUS_OP_READ, detail);
	if (rc)
		return rc;
	int yes = 0;
	rc = cus__access_end(s, child_under(s->db, person, age, date, &yes));
	return rc ? rc : yes;
}
