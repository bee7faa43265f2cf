#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "store/store.h"

char *rdir;

void rcentre_setup(void)
{
	rdir = tmpdir_new();
	cus_key *k = key_pass("admin passphrase");
	cus_db *db = NULL;
	cus_db_options o = CUS_DB_OPTIONS_INIT;
	o.kdf_opslimit = cus_kdf_opslimit(CUS_KDF_INTERACTIVE);
	o.kdf_memlimit = cus_kdf_memlimit(CUS_KDF_INTERACTIVE);
	int rc = cus_db_init(&db, path_in(rdir, "c.db"), "admin", k, TEST_POLICY, &o);
	ck_assert_msg(rc == 0, "init: %s", cus_error_last()->message);
	cus_key_free(k);
	cus_session *s = session_for(db, "administration");
	static const char *const users[][2] = { { "arch", "archivist" }, { "dir", "director" }, { "kip", "kipus" },
		{ "iod", "iod" } };
	for (size_t i = 0; i < 4; i++) {
		char pass[64];
		snprintf(pass, sizeof pass, "%s passphrase", users[i][0]);
		cus_key *uk = key_pass(pass);
		rc = cus_user_add(s, users[i][0], users[i][1], "Test User", uk, &o);
		ck_assert_msg(rc == 0, "user: %s", cus_error_last()->message);
		cus_key_free(uk);
	}
	cus_session_close(s);
	cus_db_close(db);
}

/* One coordinator's handle for the set-up (closed by rsetup_done). */
static cus_db *kipdb;
static cus_session *kips;

static cus_db *kip_db(void)
{
	if (!kipdb) {
		kipdb = centre_open_as(rdir, "kip");
		kips = session_for(kipdb, "qualification");
	}
	return kipdb;
}

void rsetup_done(void)
{
	cus_session_close(kips);
	cus_db_close(kipdb);
	kips = NULL;
	kipdb = NULL;
}

void rcentre_teardown(void)
{
	rsetup_done();
	tmpdir_remove(rdir);
	rdir = NULL;
}

cus_session *ropen(cus_db **db, const char *login, const char *purpose)
{
	*db = centre_open_as(rdir, login);
	return session_for(*db, purpose);
}

void rclose(cus_db *db, cus_session *s)
{
	cus_session_close(s);
	cus_db_close(db);
}

int64_t rperson(const char *birth, char sex, int n, const char *registered)
{
	kip_db();
	cus_session *s = kips;
	char pesel[12];
	ck_assert_int_eq(cus_pesel_make(pesel, birth, sex, n), 0);
	cus_person_input in = CUS_PERSON_INPUT_INIT;
	in.pesel = pesel;
	in.first_names = "Zofia";
	in.last_name = "Źdźbło-Testowa";
	in.address = "ul. Kościuszki 1, Milanówek";
	in.registered = registered;
	int64_t id = 0;
	int rc = cus_person_add(s, &in, &id);
	ck_assert_msg(rc == 0, "person: %s", cus_error_last()->message);
	return id;
}

static void sql_exec(const char *text, int64_t a, int64_t b, const char *t1, const char *t2, const char *t3,
	const char *t4, int64_t *rowid)
{
	cus_db *db = kip_db();
	sqlite3_stmt *st = NULL;
	ck_assert_int_eq(sqlite3_prepare_v2(cus__db_sql(db), text, -1, &st, NULL), SQLITE_OK);
	int np = sqlite3_bind_parameter_count(st);
	if (np >= 1)
		sqlite3_bind_int64(st, 1, a);
	if (np >= 2)
		sqlite3_bind_int64(st, 2, b);
	const char *t[4] = { t1, t2, t3, t4 };
	for (int i = 0; i < 4 && i + 3 <= np; i++)
		sqlite3_bind_text(st, i + 3, t[i], -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	ck_assert_msg(rc == SQLITE_DONE, "%s: %s", text, sqlite3_errmsg(cus__db_sql(db)));
	if (rowid)
		*rowid = sqlite3_last_insert_rowid(cus__db_sql(db));
	sqlite3_finalize(st);
}

int64_t rapplication(int64_t person, const char *service, const char *date, const char *status)
{
	int64_t id = 0;
	int decided = strcmp(status, "qualified") == 0 || strcmp(status, "refused") == 0;
	sql_exec(decided ?
		"INSERT INTO applications (person_id, service, date, applicant, declaration_date, status, decision_date,"
		" decided_by, decision_policy, created_by, created) VALUES (?1, ?3, ?4, 'self', ?4, ?5, ?4, 'kip', 1,"
		" 'kip', '2012-01-01T00:00:00Z')" :
		"INSERT INTO applications (person_id, service, date, applicant, declaration_date, status, created_by,"
		" created) VALUES (?1, ?3, ?4, 'self', ?4, ?5, 'kip', '2012-01-01T00:00:00Z')",
		person, 0, service, date, status, NULL, &id);
	if (decided)
		sql_exec("INSERT INTO qualifications (application_id, run, result, as_of, decision_date, policy_version,"
			" decided_by, conditions, created) SELECT id, 1, status, date, decision_date, 1, 'kip', '', created"
			" FROM applications WHERE id = ?1", id, 0, NULL, NULL, NULL, NULL, NULL);
	return id;
}

void rdelivery(int64_t person, int64_t application, const char *service, const char *date, int64_t units,
	int64_t cost)
{
	char u[32], c[32];
	snprintf(u, sizeof u, "%lld", (long long)units);
	snprintf(c, sizeof c, "%lld", (long long)cost);
	sql_exec("INSERT INTO deliveries (person_id, application_id, service, date, units, cost, provider, funding,"
		" created) VALUES (?1, ?2, ?3, ?4, CAST(?5 AS INTEGER), CAST(?6 AS INTEGER), 'Opiekun Sp. z o.o.',"
		" 'own_tasks', '2012-01-01T00:00:00Z')", person, application, service, date, u, c, NULL);
}

int64_t rplan(int64_t person, const char *service, const char *start, const char *end)
{
	int64_t id = 0;
	sql_exec("INSERT INTO plans (person_id, start, end, coordinator, status, created_by, created)"
		" VALUES (?1, ?3, ?4, 'kip', 'active', 'kip', '2012-01-01T00:00:00Z')", person, 0, start, end, NULL, NULL,
		&id);
	sql_exec("INSERT INTO plan_services (plan_id, position, service) VALUES (?1, 1, ?3)", id, 0, service, NULL, NULL,
		NULL, NULL);
	return id;
}

void rhousehold(int64_t a, int64_t b)
{
	kip_db();
	int rc = cus_household_link(kips, a, b, "spouse");
	ck_assert_msg(rc == 0, "household: %s", cus_error_last()->message);
}

void rpolicy_variant(const char *from, const char *to)
{
	size_t len = 0;
	char *text = (char *)file_read(TEST_POLICY, &len);
	ck_assert_ptr_nonnull(text);
	char *at = strstr(text, from);
	ck_assert_msg(at != NULL, "the policy has no '%s'", from);
	size_t nf = strlen(from), nt = strlen(to);
	char *out = malloc(len + nt + 1);
	size_t pre = (size_t)(at - text);
	memcpy(out, text, pre);
	memcpy(out + pre, to, nt);
	memcpy(out + pre + nt, at + nf, len - pre - nf);
	size_t total = len - nf + nt;
	const char *path = path_in(rdir, "variant.yaml");
	char p[1024];
	snprintf(p, sizeof p, "%s", path);
	file_write(p, out, total);
	free(out);
	free(text);
	cus_db *db = NULL;
	cus_session *s = ropen(&db, "admin", "administration");
	int rc = cus_policy_load_file(s, p, NULL);
	ck_assert_msg(rc == 0, "policy load: %s", cus_error_last()->message);
	rclose(db, s);
}

int64_t rpropose_approve(void)
{
	cus_db *db = NULL;
	cus_session *s = ropen(&db, "arch", "retention");
	int64_t id = 0;
	char list[1024];
	snprintf(list, sizeof list, "%s", path_in(rdir, "list.xlsx"));
	int rc = cus_retention_propose(&id, s, NULL, list);
	ck_assert_msg(rc == 0, "propose: %s", cus_error_last()->message);
	rclose(db, s);
	s = ropen(&db, "dir", "retention");
	rc = cus_retention_approve(s, id, "zgoda AP w Warszawie nr ZN.6341.12.2026 z dnia 2026-11-20");
	ck_assert_msg(rc == 0, "approve: %s", cus_error_last()->message);
	rclose(db, s);
	return id;
}

void rcopy(const char *from, const char *to)
{
	size_t len = 0;
	unsigned char *d = file_read(from, &len);
	ck_assert_msg(d != NULL, "copy: %s is missing", from);
	file_write(to, d, len);
	free(d);
}
