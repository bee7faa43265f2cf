/*
 * bench_report — the mayor's annual report (reports/mayor-annual.yaml) for
 * 2022 over PERSONS persons and DELIVERIES deliveries spread evenly over
 * 2021-2023 and stored in date order, as a centre records them (a third in
 * each year), with applications, households, plans and a small
 * budget (plan lines and expenditures through the public API).
 *
 * The rows are inserted with plain SQL in one transaction, as
 * bench_indicators does. The timed part runs in a child process that opens
 * the database as the director and calls cus_report_generate() (one audited
 * operation: every indicator of the year and of 2021 in two passes over the
 * records, the budget breakdowns, the workbook in libxlsxwriter's
 * constant-memory mode); the parent prints the time, the child's peak
 * resident memory (getrusage RUSAGE_CHILDREN) and the sizes of the database
 * and of the workbook. Goals: under 30 s and under 200 MiB.
 *
 * usage: bench_report [PERSONS] [DELIVERIES] [DIR] [keep]   (defaults: 100000, 10000000, /tmp)
 * With "keep" the database is left in DIR and reused by the next run with
 * "keep" (the set-up of 10,000,000 deliveries takes several minutes).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "access/access.h"
#include "store/store.h"
#include "policy/policy.h"
#include "util/util.h"
#include "cus/cus.h"

#define BENCH_NAME "bench_report"
#include "common.h"

#define POLICY CUS_SOURCE_DIR "/policies/milanowek.yaml"

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
			snprintf(date, sizeof date, "%d-%02d-%02d", 2020 + (int)(next() % 3), 1 + (int)(next() % 12),
				1 + (int)(next() % 28));
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
		/* recorded as time passes: the rows are in date order over 2021-2023 */
		cus_date day0 = { 2021, 1, 1 }, dd;
		cus__date_from_days(cus__date_to_days(day0) + (int64_t)((double)n * 1095.0 / (double)deliveries), &dd);
		cus__date_format(date, dd);
		sqlite3_bind_int64(ins_d, 1, app_of[a]);
		sqlite3_bind_int64(ins_d, 2, a + 1);
		sqlite3_bind_text(ins_d, 3, sv->code, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins_d, 4, date, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(ins_d, 5, 100 * (1 + (int64_t)(next() % 4)));
		sqlite3_bind_int64(ins_d, 6, 2500 * (1 + (int64_t)(next() % 20)));
		sqlite3_bind_text(ins_d, 7, sv->funding[next() % sv->nfunding]->code, -1, SQLITE_STATIC);
		if (sqlite3_step(ins_d) != SQLITE_DONE) {
			fprintf(stderr, "bench_report: delivery: %s\n", sqlite3_errmsg(sql));
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
	printf("data: %ld persons, %ld households, %ld applications, %ld deliveries in 2021-2023, %ld plans\n", persons,
		hh, napps, deliveries, persons / 20);
}


static void budget(cus_db *db)
{
	cus_session *s = NULL;
	if (cus_session_open(&s, db, "benefits"))
		die("finance session");
	static const char *const cls[][4] = {
		{ "852", "85228", "4300", "own_tasks" }, { "852", "85219", "3110", "commissioned_tasks" },
		{ "852", "85219", "4010", "own_tasks" }, { "855", "85502", "3110", "commissioned_tasks" },
		{ "851", "85154", "4300", "alcohol_fees" }, { "853", "85395", "4010", "own_tasks" },
	};
	for (int year = 2021; year <= 2022; year++)
		for (size_t i = 0; i < sizeof cls / sizeof cls[0]; i++) {
			cus_budget_line_input in = CUS_BUDGET_LINE_INPUT_INIT;
			in.year = year;
			in.dzial = cls[i][0];
			in.rozdzial = cls[i][1];
			in.paragraf = cls[i][2];
			in.source = cls[i][3];
			in.amount = (int64_t)(100000000 + 12345678 * (int64_t)i) * (year - 2019);
			if (cus_budget_line_add(NULL, s, &in, 0, NULL))
				die("budget line");
			for (int m = 1; m <= 12; m++) {
				char date[11];
				snprintf(date, sizeof date, "%d-%02d-20", year, m);
				cus_expenditure_input e = CUS_EXPENDITURE_INPUT_INIT;
				e.date = date;
				e.dzial = cls[i][0];
				e.rozdzial = cls[i][1];
				e.paragraf = cls[i][2];
				e.source = cls[i][3];
				e.amount = in.amount / 13 + m * 101;
				if (cus_expenditure_add(s, &e, NULL))
					die("expenditure");
			}
		}
	cus_session_close(s);
}

static long file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

int main(int argc, char **argv)
{
	long persons = argc > 1 ? atol(argv[1]) : 100000;
	long deliveries = argc > 2 ? atol(argv[2]) : 10000000;
	const char *dir = argc > 3 ? argv[3] : "/tmp";
	char path[1024], out[1100];
	snprintf(path, sizeof path, "%s/bench_report.db", dir);
	snprintf(out, sizeof out, "%s/bench_report.xlsx", dir);
	int keep = argc > 4 && strcmp(argv[4], "keep") == 0;
	unlink(out);
	if (keep && file_size(path) > 0) {
		printf("reusing %s (%.1f MiB)\n", path, (double)file_size(path) / 1048576.0);
		goto timed;
	}
	remove_db(path);

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
	static const char *const users[][2] = { { "dir", "director" }, { "fin", "finance" } };
	for (int i = 0; i < 2; i++) {
		char pass[64];
		snprintf(pass, sizeof pass, "%s passphrase", users[i][0]);
		cus_key *uk = NULL;
		if (cus_key_from_passphrase(&uk, pass, strlen(pass)) || cus_user_add(s, users[i][0], users[i][1], NULL, uk, &o))
			die("user");
		cus_key_free(uk);
	}
	cus_session_close(s);
	double t0 = now();
	populate(db, persons, deliveries);
	cus_db_close(db);
	db = open_as(path, "fin");
	budget(db);
	cus_db_close(db);
	printf("set-up (plain SQL inserts, budget through the API): %.1f s; database %.1f MiB\n", now() - t0,
		(double)file_size(path) / 1048576.0);
	fflush(stdout);

timed:;
	pid_t pid = fork();
	if (pid == 0) {
		cus_db *d = open_as(path, "dir");
		cus_session *ds = NULL;
		if (cus_session_open(&ds, d, "reporting"))
			die("director session");
		cus_report_result r;
		double t = now();
		if (cus_report_generate(&r, ds, "mayor-annual", "2022", out, NULL))
			die("report");
		double el = now() - t;
		printf("mayor-annual 2022: %.2f s; %zu sheets, %zu tables, %zu charts, %zu cells; snapshot %.16s...\n", el,
			r.sheets, r.tables, r.charts, r.cells, r.snapshot_sha256);
		cus_session_close(ds);
		cus_db_close(d);
		fflush(stdout);
		_exit(0);
	}
	int status = 0;
	waitpid(pid, &status, 0);
	struct rusage ru;
	getrusage(RUSAGE_CHILDREN, &ru);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "bench_report: the report failed\n");
		return 1;
	}
	printf("peak resident memory of the report process: %.1f MiB (goal < 200 MiB)\n", (double)ru.ru_maxrss / 1024.0);
	printf("workbook %s: %.1f KiB\n", out, (double)file_size(out) / 1024.0);
	if (!keep)
		remove_db(path);
	return 0;
}
