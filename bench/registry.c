/*
 * bench_registry — importing persons from CSV, and finding them by PESEL.
 *
 * (1) N synthetic persons (valid PESELs from cus_pesel_make, Polish names,
 *     address, phone, e-mail) are written as a UTF-8 ';' CSV file and imported
 *     with cus_import_persons into a new centre (Milanówek policy) by a KIPUS:
 *     persons/s over the whole call (scan, check, store, commit). Goal:
 *     >= 20,000 persons/s.
 * (2) The same file with its last row made bad: the time of the scan and the
 *     check alone (nothing is stored), to show what validation costs.
 * (3) LOOKUPS of them by PESEL with cus_person_by_pesel in one session
 *     (every N/LOOKUPS-th person, each an audited read): lookups/s.
 * (4) A plain INSERT of the same rows (the same columns, as text) into an
 *     unencrypted SQLite database opened by the same SQLCipher library, in
 *     one transaction (prepared statement, synchronous=FULL, WAL as libcus):
 *     the ratio of the import's time to it.
 *
 * usage: bench_registry [N] [LOOKUPS] [DIR]   (defaults: 100000, 10000, /tmp)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/store.h"
#include "cus/cus.h"

#define POLICY CUS_SOURCE_DIR "/policies/milanowek.yaml"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
	fprintf(stderr, "bench_registry: %s: %s (%s)\n", what, cus_error_last()->message,
		cus_error_name(cus_error_last()->code));
	exit(1);
}

static const char *const male[] = { "Jan", "Piotr", "Krzysztof", "Andrzej", "Tomasz", "Paweł", "Michał",
	"Marcin", "Stanisław", "Józef", "Łukasz", "Grzegorz", "Mateusz", "Wojciech", "Zbigniew", "Jerzy" };
static const char *const female[] = { "Anna", "Maria", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara",
	"Ewa", "Krystyna", "Elżbieta", "Zofia", "Joanna", "Łucja", "Jadwiga", "Danuta", "Halina", "Żaneta" };
static const char *const surname_m[] = { "Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński",
	"Lewandowski", "Zieliński", "Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur",
	"Kwiatkowski", "Krawczyk", "Piotrowski", "Grabowski", "Nowakowski", "Pawłowski", "Michalski", "Żak",
	"Ślązak", "Źrebiec" };
static const char *const surname_f[] = { "Nowak", "Kowalska", "Wiśniewska", "Wójcik", "Kowalczyk", "Kamińska",
	"Lewandowska", "Zielińska", "Szymańska", "Woźniak", "Dąbrowska", "Kozłowska", "Jankowska", "Mazur",
	"Kwiatkowska", "Krawczyk", "Piotrowska", "Grabowska", "Nowakowska", "Pawłowska", "Michalska", "Żak",
	"Ślązak", "Źrebiec" };
static const char *const street[] = { "Kościuszki", "Warszawska", "Królewska", "Spacerowa", "Żabie Oczko",
	"Piłsudskiego", "Wojska Polskiego", "Słowackiego", "Łąkowa", "Świerkowa" };
#define COUNT(a) (sizeof a / sizeof a[0])

typedef struct {
	char pesel[12];
	const char *first, *last, *street;
	int house, flat;
	char phone[20];
	char email[64];
} row;

static void remove_db(const char *path)
{
	static const char *suffix[] = { "", "-wal", "-shm", ".keys", ".keys-wal", ".keys-shm", ".keys-journal",
		".checkpoints", "-journal" };
	char p[1200];
	for (size_t i = 0; i < COUNT(suffix); i++) {
		snprintf(p, sizeof p, "%s%s", path, suffix[i]);
		unlink(p);
	}
}

static void write_csv(const char *path, const row *rows, long n, int bad_last)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(1);
	}
	fputs("pesel;first_names;last_name;address;phone;email\n", f);
	for (long i = 0; i < n; i++) {
		const row *r = &rows[i];
		const char *pesel = r->pesel;
		if (bad_last && i == n - 1)
			pesel = "00000000001";
		fprintf(f, "%s;%s;%s;ul. %s %d/%d, 05-822 Milanówek;%s;%s\n", pesel, r->first, r->last, r->street,
			r->house, r->flat, r->phone, r->email);
	}
	fclose(f);
}

static cus_session *open_session(cus_db **db, const char *path, const char *login, const char *purpose)
{
	char pass[64];
	snprintf(pass, sizeof pass, "%s passphrase", login);
	cus_key *k = NULL;
	if (cus_key_from_passphrase(&k, pass, strlen(pass)))
		die("key");
	if (cus_db_open(db, path, login, k, NULL))
		die("open");
	cus_key_free(k);
	cus_session *s = NULL;
	if (cus_session_open(&s, *db, purpose))
		die("session");
	return s;
}

static double plain_insert(const char *path, const row *rows, long n)
{
	remove_db(path);
	sqlite3 *sql = NULL;
	if (sqlite3_open(path, &sql) != SQLITE_OK)
		die("plain open");
	sqlite3_exec(sql, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
		"CREATE TABLE persons (id INTEGER PRIMARY KEY, pesel TEXT, first_names TEXT, last_name TEXT,"
		" address TEXT, phone TEXT, email TEXT)", NULL, NULL, NULL);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(sql, "INSERT INTO persons (pesel, first_names, last_name, address, phone, email)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6)", -1, &st, NULL) != SQLITE_OK)
		die("plain prepare");
	char addr[160];
	double t0 = now();
	sqlite3_exec(sql, "BEGIN", NULL, NULL, NULL);
	for (long i = 0; i < n; i++) {
		const row *r = &rows[i];
		snprintf(addr, sizeof addr, "ul. %s %d/%d, 05-822 Milanówek", r->street, r->house, r->flat);
		sqlite3_bind_text(st, 1, r->pesel, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, r->first, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, r->last, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, addr, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, r->phone, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, r->email, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			die("plain insert");
		sqlite3_reset(st);
	}
	if (sqlite3_exec(sql, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		die("plain commit");
	double t = now() - t0;
	sqlite3_finalize(st);
	sqlite3_close(sql);
	remove_db(path);
	return t;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 100000;
	long lookups = argc > 2 ? atol(argv[2]) : 10000;
	const char *dir = argc > 3 ? argv[3] : "/tmp";
	if (n < 1 || n > 5000000 || lookups < 0) {
		fprintf(stderr, "usage: bench_registry [N] [LOOKUPS] [DIR]\n");
		return 2;
	}
	if (lookups > n)
		lookups = n;
	long pid = (long)getpid();
	char csv[1100], bad[1100], dbp[1100], plain[1100];
	snprintf(csv, sizeof csv, "%s/bench-registry-%ld.csv", dir, pid);
	snprintf(bad, sizeof bad, "%s/bench-registry-%ld-bad.csv", dir, pid);
	snprintf(dbp, sizeof dbp, "%s/bench-registry-%ld.db", dir, pid);
	snprintf(plain, sizeof plain, "%s/bench-registry-%ld-plain.db", dir, pid);

	/* the persons: birth dates over 1930-2009, a serial to make each unique */
	row *rows = calloc((size_t)n, sizeof *rows);
	srand(12345);
	for (long i = 0; i < n; i++) {
		row *r = &rows[i];
		char date[11];
		char sex = i % 2 ? 'M' : 'F';
		if (cus_date_add_days(date, "1930-01-01", (int)(i % 29000)) ||
		    cus_pesel_make(r->pesel, date, sex, (int)(i / 29000)))
			die("pesel");
		r->first = sex == 'M' ? male[rand() % COUNT(male)] : female[rand() % COUNT(female)];
		r->last = sex == 'M' ? surname_m[rand() % COUNT(surname_m)] : surname_f[rand() % COUNT(surname_f)];
		r->street = street[rand() % COUNT(street)];
		r->house = 1 + rand() % 120;
		r->flat = 1 + rand() % 40;
		snprintf(r->phone, sizeof r->phone, "+48 %03d %03d %03d", 500 + rand() % 300, rand() % 1000,
			rand() % 1000);
		snprintf(r->email, sizeof r->email, "osoba%ld@example.pl", i);
	}
	write_csv(csv, rows, n, 0);
	write_csv(bad, rows, n, 1);
	struct stat st;
	stat(csv, &st);
	printf("bench_registry: %ld persons, CSV %.1f MB (UTF-8, ';'), %ld lookups, in %s\n", n,
		(double)st.st_size / 1e6, lookups, dir);

	/* a centre with a KIPUS */
	remove_db(dbp);
	cus_key *k = NULL;
	if (cus_key_from_passphrase(&k, "admin passphrase", 16))
		die("key");
	cus_db *db = NULL;
	if (cus_db_init(&db, dbp, "admin", k, POLICY, NULL))
		die("init");
	cus_key_free(k);
	cus_session *s = NULL;
	if (cus_session_open(&s, db, "administration"))
		die("admin session");
	if (cus_key_from_passphrase(&k, "kipus passphrase", 16))
		die("key");
	if (cus_user_add(s, "kipus", "kipus", "Bench KIPUS", k, NULL))
		die("user");
	cus_key_free(k);
	cus_session_close(s);
	cus_db_close(db);
	s = open_session(&db, dbp, "kipus", "qualification");

	/* (2) scan and check alone */
	cus_import_report *r = NULL;
	double t0 = now();
	int rc = cus_import_persons(&r, s, bad, NULL);
	double t_check = now() - t0;
	if (rc != CUS_EINVAL || r->error_count != 1)
		die("import of the bad file");
	cus_import_report_free(r);

	/* (1) the import */
	t0 = now();
	rc = cus_import_persons(&r, s, csv, NULL);
	double t_import = now() - t0;
	if (rc) {
		for (size_t i = 0; r && i < r->error_count && i < 5; i++)
			fprintf(stderr, "line %lld: %s: %s\n", (long long)r->errors[i].line, r->errors[i].field,
				r->errors[i].message);
		die("import");
	}
	if (r->imported != n)
		die("import count");
	cus_import_report_free(r);

	/* (3) lookups by PESEL */
	long step = lookups ? n / lookups : 1;
	t0 = now();
	for (long i = 0; i < lookups; i++) {
		const row *w = &rows[(size_t)(i * step)];
		cus_person *p = NULL;
		if (cus_person_by_pesel(&p, s, w->pesel))
			die("lookup");
		if (strcmp(p->last_name, w->last) != 0) {
			fprintf(stderr, "bench_registry: lookup %ld found the wrong person\n", i);
			return 1;
		}
		cus_person_free(p);
	}
	double t_lookup = now() - t0;
	cus_session_close(s);
	cus_db_close(db);

	/* (4) the plain insert */
	double t_plain = plain_insert(plain, rows, n);

	printf("  check only (scan + validate, nothing stored): %8.3f s  %10.0f rows/s\n", t_check,
		(double)n / t_check);
	printf("  import (cus_import_persons):                  %8.3f s  %10.0f persons/s  (goal >= 20000)\n",
		t_import, (double)n / t_import);
	if (lookups)
		printf("  lookups by PESEL (cus_person_by_pesel):      %8.3f s  %10.0f lookups/s\n", t_lookup,
			(double)lookups / t_lookup);
	printf("  plain INSERT, unencrypted, one transaction:   %8.3f s  %10.0f rows/s\n", t_plain,
		(double)n / t_plain);
	printf("  import / plain INSERT time:                   %8.1f x\n", t_import / t_plain);

	remove_db(dbp);
	unlink(csv);
	unlink(bad);
	free(rows);
	return 0;
}
