/*
 * bench_cases — case work in bulk: qualifying applications and importing
 * service deliveries.
 *
 * A new centre (Milanówek policy) with an OUS; APPS persons (PESELs from
 * cus_pesel_make) imported with cus_import_persons (the bulk path); one
 * application each, for the services whose only condition is residence,
 * imported with cus_import_applications; all of them qualified with
 * cus_qualify_pending (qualifications/s, goal >= 10,000); then DELIVERIES
 * deliveries of those services, by person id, imported from a UTF-8 ',' CSV
 * file with cus_import_deliveries (deliveries/s over the whole call: scan,
 * check, store, commit; goal >= 100,000). Last, min(APPS, DELIVERIES)
 * deliveries by PESEL, to show what the blind index costs in bulk.
 *
 * Each import also prints how long its scan + check and its store + commit
 * took. BENCH_TRACE=1 prints a timestamp every 100,000 rows of each pass;
 * BENCH_KEEP=1 keeps the database.
 *
 * usage: bench_cases [APPS] [DELIVERIES] [DIR]   (defaults: 100000, 1000000, /tmp)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cus/cus.h"

#define POLICY CUS_SOURCE_DIR "/policies/milanowek.yaml"

/* The residence-only services of the Milanówek policy, with a funding source
 * to name (NULL: the service has one). */
static const struct {
	const char *code, *funding;
} services[] = {
	{ "family_mediation", NULL }, { "adult_psychological_counselling", NULL },
	{ "child_diagnostic_point", "eu_mcus" }, { "legal_counselling", NULL }, { "addiction_consultations", NULL },
	{ "codependency_support_group", NULL }, { "diagnostic_point", "eu_rus2" }, { "local_activity_centre", NULL },
};
#define NSERVICES (sizeof services / sizeof services[0])

static double clock_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void check(int rc, const char *what, const cus_import_report *r)
{
	if (rc == 0)
		return;
	fprintf(stderr, "bench_cases: %s: %s (%s)\n", what, cus_error_last()->message, cus_error_name(rc));
	for (size_t i = 0; r && i < r->error_count && i < 5; i++)
		fprintf(stderr, "  line %lld: %s: %s\n", (long long)r->errors[i].line, r->errors[i].field,
			r->errors[i].message);
	exit(1);
}

static cus_key *pass_key(const char *login)
{
	char pass[64];
	int n = snprintf(pass, sizeof pass, "%s passphrase", login);
	cus_key *k = NULL;
	check(cus_key_from_passphrase(&k, pass, (size_t)n), "key", NULL);
	return k;
}

static FILE *create(const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(1);
	}
	return f;
}

static double mb(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (double)st.st_size / 1e6 : 0;
}

/* When each pass ended (the progress callback: done restarts from 0 for the store pass). */
static struct {
	double start, checked;
	uint64_t last;
} phase;

static void on_progress(void *ctx, uint64_t done, uint64_t total)
{
	(void)ctx;
	if (done < phase.last || (done == 0 && total == 0))
		phase.checked = clock_s();
	if (done == total && !phase.checked)
		phase.checked = clock_s();
	phase.last = done;
	if (getenv("BENCH_TRACE") && done % 100000 == 0)
		fprintf(stderr, "%.3f %llu/%llu\n", clock_s(), (unsigned long long)done, (unsigned long long)total);
}

/* Import path with fn; the time in seconds. */
static double timed_import(int (*fn)(cus_import_report **, cus_session *, const char *, const cus_import_options *),
	cus_session *s, const char *path, long expect, const char *what)
{
	cus_import_report *r = NULL;
	cus_import_options o = CUS_IMPORT_OPTIONS_INIT;
	o.progress = on_progress;
	phase.checked = 0;
	phase.last = 0;
	double t0 = clock_s();
	int rc = fn(&r, s, path, &o);
	double t = clock_s() - t0;
	check(rc, what, r);
	if (r->imported != expect) {
		fprintf(stderr, "bench_cases: %s: %lld rows imported, %ld expected\n", what, (long long)r->imported,
			expect);
		exit(1);
	}
	cus_import_report_free(r);
	printf("    (%s: scan + check %.3f s, store + commit %.3f s)\n", what, phase.checked - t0, t0 + t - phase.checked);
	return t;
}

int main(int argc, char **argv)
{
	long apps = argc > 1 ? atol(argv[1]) : 100000;
	long deliveries = argc > 2 ? atol(argv[2]) : 1000000;
	const char *dir = argc > 3 ? argv[3] : "/tmp";
	if (apps < 1 || apps > 2000000 || deliveries < 1 || deliveries > 50000000) {
		fprintf(stderr, "usage: bench_cases [APPS] [DELIVERIES] [DIR]\n");
		return 2;
	}
	long by_pesel = deliveries < apps ? deliveries : apps;
	char base[1024], dbp[1100], persons_csv[1100], apps_csv[1100], del_csv[1100], pes_csv[1100];
	snprintf(base, sizeof base, "%s/bench-cases-%ld", dir, (long)getpid());
	snprintf(dbp, sizeof dbp, "%s.db", base);
	snprintf(persons_csv, sizeof persons_csv, "%s-persons.csv", base);
	snprintf(apps_csv, sizeof apps_csv, "%s-applications.csv", base);
	snprintf(del_csv, sizeof del_csv, "%s-deliveries.csv", base);
	snprintf(pes_csv, sizeof pes_csv, "%s-deliveries-pesel.csv", base);

	/* the files: person i (id i + 1 once imported) applies for service i % 8 */
	char (*pesel)[12] = malloc((size_t)apps * sizeof *pesel);
	FILE *pf = create(persons_csv), *af = create(apps_csv);
	fputs("pesel,first_names,last_name\n", pf);
	fputs("person,service,date,declaration_date\n", af);
	for (long i = 0; i < apps; i++) {
		char birth[11];
		check(cus_date_add_days(birth, "1935-01-01", (int)(i % 25000)), "date", NULL);
		check(cus_pesel_make(pesel[i], birth, i % 2 ? 'M' : 'F', (int)(i / 25000) + 1), "pesel", NULL);
		fprintf(pf, "%s,Ewa,Testowa\n", pesel[i]);
		fprintf(af, "%ld,%s,2022-03-01,2022-03-01\n", i + 1, services[i % NSERVICES].code);
	}
	fclose(pf);
	fclose(af);
	FILE *df = create(del_csv);
	fputs("person,service,date,units,cost,funding\n", df);
	for (long j = 0; j < deliveries; j++) {
		long i = (j * 7919) % apps; /* scattered over the persons */
		fprintf(df, "%ld,%s,2022-%02ld-%02ld,%ld,%ld,%s\n", i + 1, services[i % NSERVICES].code, 4 + j % 9,
			1 + j % 28, 1 + j % 4, 50 + j % 200, services[i % NSERVICES].funding ? services[i % NSERVICES].funding : "");
	}
	fclose(df);
	df = create(pes_csv);
	fputs("pesel,service,date,units,cost,funding\n", df);
	for (long j = 0; j < by_pesel; j++) {
		long i = (j * 7919) % apps;
		fprintf(df, "%s,%s,2022-05-02,1,100,%s\n", pesel[i], services[i % NSERVICES].code,
			services[i % NSERVICES].funding ? services[i % NSERVICES].funding : "");
	}
	fclose(df);
	free(pesel);
	printf("bench_cases: %ld persons and applications (%zu residence-only services), %ld deliveries"
		" (CSV %.1f MB, UTF-8 ','), %ld by PESEL, in %s\n", apps, NSERVICES, deliveries, mb(del_csv), by_pesel, dir);

	/* the centre, an OUS */
	cus_key *k = pass_key("admin");
	cus_db *db = NULL;
	cus_session *s = NULL;
	check(cus_db_init(&db, dbp, "admin", k, POLICY, NULL), "init", NULL);
	cus_key_free(k);
	check(cus_session_open(&s, db, "administration"), "admin session", NULL);
	k = pass_key("ous");
	check(cus_user_add(s, "ous", "ous", "Bench OUS", k, NULL), "user", NULL);
	cus_session_close(s);
	cus_db_close(db);
	check(cus_db_open(&db, dbp, "ous", k, NULL), "open", NULL);
	cus_key_free(k);
	check(cus_session_open(&s, db, "qualification"), "session", NULL);

	double t_persons = timed_import(cus_import_persons, s, persons_csv, apps, "persons");
	double t_apps = timed_import(cus_import_applications, s, apps_csv, apps, "applications");
	cus_qualify_summary sum;
	double t0 = clock_s();
	check(cus_qualify_pending(&sum, s, NULL, NULL), "qualify", NULL);
	double t_qualify = clock_s() - t0;
	if (sum.qualified != apps) {
		fprintf(stderr, "bench_cases: %lld of %ld qualified\n", (long long)sum.qualified, apps);
		return 1;
	}
	cus_session_close(s);
	check(cus_session_open(&s, db, "service_delivery"), "delivery session", NULL);
	double t_del = timed_import(cus_import_deliveries, s, del_csv, deliveries, "deliveries");
	double t_pes = timed_import(cus_import_deliveries, s, pes_csv, by_pesel, "deliveries by PESEL");
	cus_session_close(s);
	cus_db_close(db);

	printf("  persons (cus_import_persons):             %8.3f s  %10.0f persons/s\n", t_persons, apps / t_persons);
	printf("  applications (cus_import_applications):   %8.3f s  %10.0f applications/s\n", t_apps, apps / t_apps);
	printf("  qualification (cus_qualify_pending):      %8.3f s  %10.0f qualifications/s  (goal >= 10000)\n",
		t_qualify, apps / t_qualify);
	printf("  deliveries by id (cus_import_deliveries): %8.3f s  %10.0f deliveries/s  (goal >= 100000)\n",
		t_del, deliveries / t_del);
	printf("  deliveries by PESEL:                      %8.3f s  %10.0f deliveries/s\n", t_pes, by_pesel / t_pes);

	static const char *const suffix[] = { "", "-wal", "-shm", ".keys", ".keys-wal", ".keys-shm",
		".keys-journal", ".checkpoints", "-journal" };
	for (size_t i = 0; !getenv("BENCH_KEEP") && i < sizeof suffix / sizeof suffix[0]; i++) {
		char p[1200];
		snprintf(p, sizeof p, "%s%s", dbp, suffix[i]);
		unlink(p);
	}
	unlink(persons_csv);
	unlink(apps_csv);
	unlink(del_csv);
	unlink(pes_csv);
	return 0;
}
