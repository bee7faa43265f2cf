/*
 * bench_retention — the retention sweep (cus retention due) over a large
 * register.
 *
 * A centre with PERSONS persons registered between 2005 and 2024, each with
 * one or two applications and their qualification decisions, deliveries
 * (DELIVERIES in all), one in twenty with a plan (IPUS) and one in ten with a
 * special-category record, one in fifty with an application still awaiting
 * its decision. The rows are inserted with plain SQL in one transaction (the
 * sweep reads only unsealed columns), so the set-up is fast; the timed part
 * is cus_retention_due() as the archivist, as of 2026-12-01, which reads
 * every case table once. Rounds alternate; the median is reported.
 * Goal: >= 50,000 persons/s.
 *
 * usage: bench_retention [PERSONS] [DELIVERIES] [DIR]   (defaults: 1000000, 2000000, /tmp)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/store.h"
#include "policy/policy.h"
#include "cus/cus.h"

#define BENCH_NAME "bench_retention"
#include "common.h"

#define POLICY CUS_SOURCE_DIR "/policies/milanowek.yaml"
#define ROUNDS 3

static void step(sqlite3 *sql, sqlite3_stmt *st)
{
	if (sqlite3_step(st) != SQLITE_DONE) {
		fprintf(stderr, "bench_retention: insert: %s\n", sqlite3_errmsg(sql));
		exit(1);
	}
	sqlite3_reset(st);
}

static void day(char out[11], int year, int span_years)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%04d-%02d-%02d", year + (int)(next() % (uint32_t)span_years), 1 + (int)(next() % 12),
		1 + (int)(next() % 28));
	memcpy(out, buf, 10);
	out[10] = '\0';
}

static void populate(cus_db *db, long persons, long deliveries, long *napps_out)
{
	sqlite3 *sql = cus__db_sql(db);
	const cus__policy *p = NULL;
	if (cus__policy_get(db, 0, &p))
		die("policy");
	size_t nsv = cus__policy_service_count(p);
	exec(sql, "BEGIN");
	sqlite3_stmt *ins_p, *ins_a, *ins_q, *ins_d, *ins_plan, *ins_r;
	sqlite3_prepare_v2(sql, "INSERT INTO persons (id, first_names, last_name, address, birth_date, sex, teryt,"
		" registered, created, changed) VALUES (?1, randomblob(40), randomblob(48), randomblob(64), ?2, ?3,"
		" '1405011', ?4, '2021-08-01T00:00:00Z', '2021-08-01T00:00:00Z')", -1, &ins_p, NULL);
	sqlite3_prepare_v2(sql, "INSERT INTO applications (id, person_id, service, date, applicant, declaration_date,"
		" status, decision_date, decided_by, decision_policy, created_by, created) VALUES (?1, ?2, ?3, ?4, 'self',"
		" ?4, ?5, ?6, ?7, 1, 'ous', '2021-08-01T00:00:00Z')", -1, &ins_a, NULL);
	sqlite3_prepare_v2(sql, "INSERT INTO qualifications (application_id, run, result, as_of, decision_date,"
		" policy_version, decided_by, conditions, created) VALUES (?1, 1, ?2, ?3, ?3, 1, 'ous', 'identity=met',"
		" '2021-08-01T00:00:00Z')", -1, &ins_q, NULL);
	sqlite3_prepare_v2(sql, "INSERT INTO deliveries (person_id, application_id, service, date, units, cost, funding,"
		" created) VALUES (?1, ?2, ?3, ?4, 100, 5000, 'own_tasks', '2022-01-01T00:00:00Z')", -1, &ins_d, NULL);
	sqlite3_prepare_v2(sql, "INSERT INTO plans (person_id, start, end, coordinator, status, created_by, created)"
		" VALUES (?1, ?2, ?3, 'kipus', 'active', 'kipus', '2021-08-01T00:00:00Z')", -1, &ins_plan, NULL);
	sqlite3_prepare_v2(sql, "INSERT INTO records (person_id, category, kind, text, date, legal_basis, created)"
		" VALUES (?1, 'health', randomblob(24), randomblob(80), ?2, 'art. 9', '2021-08-01T00:00:00Z')", -1, &ins_r,
		NULL);
	long napps = 0, nplans = 0, nrec = 0;
	long *app_person = malloc(sizeof *app_person * (size_t)persons * 2);
	char **app_date = NULL;
	int *app_year = malloc(sizeof *app_year * (size_t)persons * 2);
	int *app_svc = malloc(sizeof *app_svc * (size_t)persons * 2);
	(void)app_date;
	for (long i = 1; i <= persons; i++) {
		char birth[11], reg[11];
		snprintf(birth, sizeof birth, "%04d-%02d-%02d", 1930 + (int)(next() % 80), 1 + (int)(next() % 12),
			1 + (int)(next() % 28));
		int year = 2005 + (int)(next() % 20);
		day(reg, year, 1);
		sqlite3_bind_int64(ins_p, 1, i);
		sqlite3_bind_text(ins_p, 2, birth, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins_p, 3, next() % 2 ? "F" : "M", -1, SQLITE_STATIC);
		sqlite3_bind_text(ins_p, 4, reg, -1, SQLITE_TRANSIENT);
		step(sql, ins_p);
		int apps = 1 + (int)(next() % 2);
		for (int k = 0; k < apps; k++) {
			char date[11];
			int ay = year + (int)(next() % 2);
			if (ay > 2025)
				ay = 2025;
			day(date, ay, 1);
			int open = next() % 50 == 0;
			int sv = (int)(next() % nsv);
			napps++;
			sqlite3_bind_int64(ins_a, 1, napps);
			sqlite3_bind_int64(ins_a, 2, i);
			sqlite3_bind_text(ins_a, 3, cus__policy_service(p, (size_t)sv)->code, -1, SQLITE_STATIC);
			sqlite3_bind_text(ins_a, 4, date, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(ins_a, 5, open ? "submitted" : "qualified", -1, SQLITE_STATIC);
			if (open) {
				sqlite3_bind_null(ins_a, 6);
				sqlite3_bind_null(ins_a, 7);
			} else {
				sqlite3_bind_text(ins_a, 6, date, -1, SQLITE_TRANSIENT);
				sqlite3_bind_text(ins_a, 7, "ous", -1, SQLITE_STATIC);
			}
			step(sql, ins_a);
			sqlite3_bind_int64(ins_q, 1, napps);
			sqlite3_bind_text(ins_q, 2, open ? "pending" : "qualified", -1, SQLITE_STATIC);
			sqlite3_bind_text(ins_q, 3, date, -1, SQLITE_TRANSIENT);
			step(sql, ins_q);
			app_person[napps - 1] = i;
			app_year[napps - 1] = ay;
			app_svc[napps - 1] = sv;
		}
		if (i % 20 == 0) {
			char start[11], mid[11], end[11];
			day(start, year, 1);
			cus_date_add_months(mid, start, 12);
			cus_date_add_days(end, mid, -1);
			sqlite3_bind_int64(ins_plan, 1, i);
			sqlite3_bind_text(ins_plan, 2, start, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(ins_plan, 3, end, -1, SQLITE_TRANSIENT);
			step(sql, ins_plan);
			nplans++;
		}
		if (i % 10 == 0) {
			char d[11];
			day(d, year, 1);
			sqlite3_bind_int64(ins_r, 1, i);
			sqlite3_bind_text(ins_r, 2, d, -1, SQLITE_TRANSIENT);
			step(sql, ins_r);
			nrec++;
		}
	}
	/* deliveries in application order (as they come in), two years after the decision at most */
	for (long n = 0; n < deliveries; n++) {
		long a = (long)((double)n / (double)deliveries * (double)napps);
		char date[11];
		int y = app_year[a] + (int)(next() % 2);
		if (y > 2026)
			y = 2026;
		day(date, y, 1);
		sqlite3_bind_int64(ins_d, 1, app_person[a]);
		sqlite3_bind_int64(ins_d, 2, a + 1);
		sqlite3_bind_text(ins_d, 3, cus__policy_service(p, (size_t)app_svc[a])->code, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins_d, 4, date, -1, SQLITE_TRANSIENT);
		step(sql, ins_d);
	}
	sqlite3_finalize(ins_p);
	sqlite3_finalize(ins_a);
	sqlite3_finalize(ins_q);
	sqlite3_finalize(ins_d);
	sqlite3_finalize(ins_plan);
	sqlite3_finalize(ins_r);
	exec(sql, "COMMIT");
	free(app_person);
	free(app_year);
	free(app_svc);
	*napps_out = napps;
	printf("data: %ld persons (registered 2005-2024), %ld applications and as many decisions, %ld deliveries, "
		"%ld plans, %ld special-category records\n", persons, napps, deliveries, nplans, nrec);
}

int main(int argc, char **argv)
{
	long persons = argc > 1 ? atol(argv[1]) : 1000000;
	long deliveries = argc > 2 ? atol(argv[2]) : 2 * persons;
	const char *dir = argc > 3 ? argv[3] : "/tmp";
	char path[1024];
	snprintf(path, sizeof path, "%s/bench_retention.db", dir);
	remove_db(path);

	cus_key *k = NULL;
	cus_db_options o = CUS_DB_OPTIONS_INIT;
	o.kdf_opslimit = cus_kdf_opslimit(CUS_KDF_INTERACTIVE);
	o.kdf_memlimit = cus_kdf_memlimit(CUS_KDF_INTERACTIVE);
	cus_db *db = NULL;
	if (cus_key_from_passphrase(&k, "admin passphrase", 16) || cus_db_init(&db, path, "admin", k, POLICY, &o))
		die("init");
	cus_key_free(k);
	cus_session *s = NULL;
	if (cus_session_open(&s, db, "administration"))
		die("session");
	cus_key *ak = NULL;
	if (cus_key_from_passphrase(&ak, "arch passphrase", 15) || cus_user_add(s, "arch", "archivist", NULL, ak, &o))
		die("user");
	cus_session_close(s);
	long napps = 0;
	double t0 = now();
	populate(db, persons, deliveries, &napps);
	printf("set-up (plain SQL inserts): %.1f s\n", now() - t0);
	cus_db_close(db);
	struct stat sb;
	if (stat(path, &sb) == 0)
		printf("database file: %.0f MiB (SQLCipher, 4096-byte pages)\n", (double)sb.st_size / 1048576.0);

	if (cus_db_open(&db, path, "arch", ak, NULL))
		die("open");
	cus_key_free(ak);
	if (cus_session_open(&s, db, "retention"))
		die("retention session");
	double t[ROUNDS];
	size_t items = 0;
	size_t by_action[5] = { 0 };
	for (int r = 0; r < ROUNDS; r++) {
		cus_retention_iter *it = NULL;
		double a = now();
		if (cus_retention_due(&it, s, "2026-12-01"))
			die("due");
		t[r] = now() - a;
		items = cus_retention_count(it);
		if (r == 0) {
			const cus_retention_item *x;
			while (cus_retention_next(&x, it) == 0)
				by_action[x->action]++;
		}
		cus_retention_iter_free(it);
	}
	qsort(t, ROUNDS, sizeof t[0], cmp_double);
	double med = t[ROUNDS / 2];
	printf("retention sweep as of 2026-12-01 (cus_retention_due, audited), median of %d rounds:\n", ROUNDS);
	printf("  %zu files due: %zu to destroy, %zu to appraisal (BE), %zu to transfer (A), %zu held\n", items,
		by_action[1], by_action[3], by_action[2], by_action[4]);
	printf("  %.2f s for %ld persons, %ld applications, %ld deliveries\n", med, persons, napps, deliveries);
	printf("  %.0f persons/s   (goal: >= 50,000 persons/s)\n", (double)persons / med);
	cus_session_close(s);
	cus_db_close(db);
	remove_db(path);
	return 0;
}
