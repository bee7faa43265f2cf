/*
 * bench_indicators — every indicator of the Milanówek policy for a year.
 *
 * A centre with PERSONS persons (a third of them in households of two to
 * four), one application per person and service used, DELIVERIES deliveries
 * spread over 2022 (services, funding sources and units drawn with a fixed
 * seed), and plans with reviews for one person in twenty. The rows are
 * inserted with plain SQL in one transaction (the engine reads only the
 * unsealed columns: birth date, sex, households, the case tables), so the
 * set-up is fast; the timed part is cus_indicators_compute for "2022", every
 * indicator with its totals, as the director.
 *
 * Then the same database is exported unencrypted (sqlcipher_export) and the
 * same engine runs the same queries on it (cus__indicators_run over a plain
 * connection with the same pragmas): the ratio encrypted / unencrypted.
 * Rounds alternate; medians are reported. Goals: encrypted <= 1.5 x
 * unencrypted, and the whole year under 10 s.
 *
 * usage: bench_indicators [PERSONS] [DELIVERIES] [DIR]   (defaults: 100000, 1000000, /tmp)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "access/access.h"
#include "indicators/internal.h"
#include "store/store.h"
#include "cus/cus.h"

#define BENCH_NAME "bench_indicators"
#include "common.h"

#define POLICY CUS_SOURCE_DIR "/policies/milanowek.yaml"
#define ROUNDS 3

/* The synthetic centre, inserted with SQL. */
static void populate(cus_db *db, long persons, long deliveries)
{
	sqlite3 *sql = cus__db_sql(db);
	const cus__policy *p = NULL;
	if (cus__policy_get(db, 0, &p))
		die("policy");
	size_t nsv = cus__policy_service_count(p);
	exec(sql, "BEGIN");
	sqlite3_stmt *ins_p, *ins_hm, *ins_hh, *ins_a, *ins_d, *ins_plan, *ins_ps;
	sqlite3_prepare_v2(sql, "INSERT INTO persons (id, first_names, last_name, birth_date, sex, teryt, registered,"
		" created, changed) VALUES (?1, x'00', x'00', ?2, ?3, '1405011', '2021-08-01', '2021-08-01T00:00:00Z',"
		" '2021-08-01T00:00:00Z')", -1, &ins_p, NULL);
	sqlite3_prepare_v2(sql, "INSERT INTO households (id, created) VALUES (?1, '2021-08-01T00:00:00Z')", -1,
		&ins_hh, NULL);
	sqlite3_prepare_v2(sql, "INSERT INTO household_members (person_id, household_id, joined) VALUES (?1, ?2,"
		" '2021-08-01')", -1, &ins_hm, NULL);
	sqlite3_prepare_v2(sql, "INSERT INTO applications (id, person_id, service, date, applicant, declaration_date,"
		" status, decision_date, decided_by, decision_policy, created_by, created) VALUES (?1, ?2, ?3, ?4, 'self',"
		" ?4, ?5, ?6, 'ous', 1, 'ous', '2021-08-01T00:00:00Z')", -1, &ins_a, NULL);
	sqlite3_prepare_v2(sql, "INSERT INTO deliveries (person_id, application_id, service, date, units, cost,"
		" funding, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, '2022-01-01T00:00:00Z')", -1, &ins_d, NULL);
	sqlite3_prepare_v2(sql, "INSERT INTO plans (id, person_id, start, end, coordinator, status, created_by,"
		" created) VALUES (?1, ?2, ?3, ?4, 'kipus', 'active', 'kipus', '2021-08-01T00:00:00Z')", -1, &ins_plan,
		NULL);
	sqlite3_prepare_v2(sql, "INSERT INTO plan_services (plan_id, position, service) VALUES (?1, 1, ?2)", -1,
		&ins_ps, NULL);
	long hh = 0;
	for (long i = 1; i <= persons; i++) {
		char birth[11];
		snprintf(birth, sizeof birth, "%04d-%02d-%02d", 1930 + (int)(next() % 90), 1 + (int)(next() % 12),
			1 + (int)(next() % 28));
		sqlite3_bind_int64(ins_p, 1, i);
		sqlite3_bind_text(ins_p, 2, birth, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins_p, 3, next() % 2 ? "F" : "M", -1, SQLITE_STATIC);
		sqlite3_step(ins_p);
		sqlite3_reset(ins_p);
		if (i % 3 == 0) {
			long size = 2 + (long)(next() % 3);
			hh++;
			sqlite3_bind_int64(ins_hh, 1, hh);
			sqlite3_step(ins_hh);
			sqlite3_reset(ins_hh);
			for (long m = 0; m < size && i - m >= 1; m++) {
				sqlite3_bind_int64(ins_hm, 1, i - m);
				sqlite3_bind_int64(ins_hm, 2, hh);
				sqlite3_step(ins_hm);
				sqlite3_reset(ins_hm);
			}
		}
	}
	/* each person uses one or two services: an application each, qualified
	 * (one in ten refused) */
	long napps = 0;
	long *app_of = malloc(sizeof *app_of * (size_t)persons * 2);
	int *svc_of = malloc(sizeof *svc_of * (size_t)persons * 2);
	for (long i = 1; i <= persons; i++)
		for (int k = 0; k < 2; k++) {
			if (k == 1 && next() % 2)
				continue;
			int sv = (int)(next() % nsv);
			char date[11];
			snprintf(date, sizeof date, "2021-%02d-%02d", 8 + (int)(next() % 5), 1 + (int)(next() % 28));
			int refused = next() % 10 == 0;
			napps++;
			sqlite3_bind_int64(ins_a, 1, napps);
			sqlite3_bind_int64(ins_a, 2, i);
			sqlite3_bind_text(ins_a, 3, cus__policy_service(p, (size_t)sv)->code, -1, SQLITE_STATIC);
			sqlite3_bind_text(ins_a, 4, date, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(ins_a, 5, refused ? "refused" : "qualified", -1, SQLITE_STATIC);
			sqlite3_bind_text(ins_a, 6, date, -1, SQLITE_TRANSIENT);
			sqlite3_step(ins_a);
			sqlite3_reset(ins_a);
			app_of[napps - 1] = refused ? 0 : i;
			svc_of[napps - 1] = sv;
		}
	for (long n = 0; n < deliveries; n++) {
		long a;
		do
			a = (long)(next() % (uint32_t)napps);
		while (!app_of[a]);
		const cus__service *sv = cus__policy_service(p, (size_t)svc_of[a]);
		char date[11];
		snprintf(date, sizeof date, "2022-%02d-%02d", 1 + (int)(next() % 12), 1 + (int)(next() % 28));
		sqlite3_bind_int64(ins_d, 1, app_of[a]);
		sqlite3_bind_int64(ins_d, 2, a + 1);
		sqlite3_bind_text(ins_d, 3, sv->code, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins_d, 4, date, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(ins_d, 5, 100 * (1 + (int64_t)(next() % 4)));
		sqlite3_bind_int64(ins_d, 6, 2500 * (1 + (int64_t)(next() % 20)));
		sqlite3_bind_text(ins_d, 7, sv->funding[next() % sv->nfunding]->code, -1, SQLITE_STATIC);
		if (sqlite3_step(ins_d) != SQLITE_DONE) {
			fprintf(stderr, "bench_indicators: delivery: %s\n", sqlite3_errmsg(sql));
			exit(1);
		}
		sqlite3_reset(ins_d);
	}
	for (long i = 20, plan = 1; i <= persons; i += 20, plan++) {
		char start[11], end[11];
		snprintf(start, sizeof start, "2022-%02d-01", 1 + (int)(next() % 6));
		cus_date_add_months(end, start, 12);
		cus_date_add_days(end, end, -1);
		sqlite3_bind_int64(ins_plan, 1, plan);
		sqlite3_bind_int64(ins_plan, 2, i);
		sqlite3_bind_text(ins_plan, 3, start, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins_plan, 4, end, -1, SQLITE_TRANSIENT);
		sqlite3_step(ins_plan);
		sqlite3_reset(ins_plan);
		sqlite3_bind_int64(ins_ps, 1, plan);
		sqlite3_bind_text(ins_ps, 2, cus__policy_service(p, next() % nsv)->code, -1, SQLITE_STATIC);
		sqlite3_step(ins_ps);
		sqlite3_reset(ins_ps);
	}
	sqlite3_finalize(ins_p);
	sqlite3_finalize(ins_hh);
	sqlite3_finalize(ins_hm);
	sqlite3_finalize(ins_a);
	sqlite3_finalize(ins_d);
	sqlite3_finalize(ins_plan);
	sqlite3_finalize(ins_ps);
	exec(sql, "COMMIT");
	free(app_of);
	free(svc_of);
	printf("data: %ld persons, %ld households, %ld applications, %ld deliveries in 2022, %ld plans\n", persons,
		hh, napps, deliveries, persons / 20);
}

int main(int argc, char **argv)
{
	long persons = argc > 1 ? atol(argv[1]) : 100000;
	long deliveries = argc > 2 ? atol(argv[2]) : 1000000;
	const char *dir = argc > 3 ? argv[3] : "/tmp";
	char path[1024], plain[1100];
	snprintf(path, sizeof path, "%s/bench_indicators.db", dir);
	snprintf(plain, sizeof plain, "%s/bench_indicators_plain.db", dir);
	remove_db(path);
	remove_db(plain);

	cus_key *k = NULL;
	cus_db_options o = CUS_DB_OPTIONS_INIT;
	o.kdf_opslimit = cus_kdf_opslimit(0);
	o.kdf_memlimit = cus_kdf_memlimit(0);
	cus_db *db = NULL;
	if (cus_key_from_passphrase(&k, "admin passphrase", 16) || cus_db_init(&db, path, "admin", k, POLICY, &o))
		die("init");
	cus_key_free(k);
	cus_session *s = NULL;
	if (cus_session_open(&s, db, "administration"))
		die("session");
	cus_key *dk = NULL;
	if (cus_key_from_passphrase(&dk, "dir passphrase", 14) || cus_user_add(s, "dir", "director", NULL, dk, &o))
		die("user");
	cus_key_free(dk);
	cus_session_close(s);
	double t0 = now();
	populate(db, persons, deliveries);
	printf("set-up (plain SQL inserts): %.1f s\n", now() - t0);
	cus_db_close(db);

	/* the unencrypted copy */
	db = open_as(path, "dir");
	sqlite3 *pl = NULL;
	/* the handle opens files without SQLITE_OPEN_CREATE: make the copy's file first */
	if (sqlite3_open_v2(plain, &pl, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench_indicators: cannot create the plain copy\n");
		return 1;
	}
	exec(pl, "PRAGMA user_version = 0");
	sqlite3_close(pl);
	pl = NULL;
	char q[1400];
	snprintf(q, sizeof q, "ATTACH DATABASE '%s' AS plaintext KEY ''; SELECT sqlcipher_export('plaintext');"
		" DETACH DATABASE plaintext;", plain);
	exec(cus__db_sql(db), q);
	if (sqlite3_open_v2(plain, &pl, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench_indicators: cannot open the plain copy\n");
		return 1;
	}
	exec(pl, "PRAGMA journal_mode = WAL; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -32768;"
		" PRAGMA foreign_keys = ON;");
	const cus__policy *pol = NULL;
	if (cus__policy_get(db, 0, &pol))
		die("policy");
	if (cus_session_open(&s, db, "reporting"))
		die("reporting session");

	double enc[ROUNDS], raw[ROUNDS];
	size_t cells = 0;
	for (int r = 0; r < ROUNDS; r++) {
		cus_indicator_query iq = CUS_INDICATOR_QUERY_INIT;
		iq.period = "2022";
		cus_indicator_iter *it = NULL;
		double a = now();
		if (cus_indicators_compute(&it, s, &iq))
			die("compute (encrypted)");
		enc[r] = now() - a;
		cells = cus_indicator_count(it);
		cus_indicator_iter_free(it);
		a = now();
		exec(pl, "BEGIN");
		if (cus__indicators_run(&it, pl, pol, &iq))
			die("compute (unencrypted)");
		exec(pl, "COMMIT");
		raw[r] = now() - a;
		if (cus_indicator_count(it) != cells) {
			fprintf(stderr, "bench_indicators: the two runs disagree (%zu and %zu cells)\n", cells,
				cus_indicator_count(it));
			return 1;
		}
		cus_indicator_iter_free(it);
	}
	qsort(enc, ROUNDS, sizeof enc[0], cmp_double);
	qsort(raw, ROUNDS, sizeof raw[0], cmp_double);
	const cus_indicator *defs = NULL;
	int ndefs = cus_indicator_list(&defs, db);
	printf("every indicator for 2022 (%d indicators, %zu cells with totals), median of %d rounds:\n", ndefs, cells,
		ROUNDS);
	printf("  encrypted (SQLCipher, audited):     %.2f s   (goal: under 10 s)\n", enc[ROUNDS / 2]);
	printf("  unencrypted copy, same queries:     %.2f s\n", raw[ROUNDS / 2]);
	printf("  ratio encrypted / unencrypted:      %.2f   (goal: <= 1.5)\n", enc[ROUNDS / 2] / raw[ROUNDS / 2]);
	cus_session_close(s);
	sqlite3_close(pl);
	cus_db_close(db);
	remove_db(path);
	remove_db(plain);
	return 0;
}
