/* Helpers the benchmarks share: a clock, failing loudly, plain SQL, a fixed
 * pseudo-random sequence, removing a centre's files, opening as a user.
 * Define BENCH_NAME before including. */
#ifndef CUS_BENCH_COMMON_H
#define CUS_BENCH_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store/store.h"
#include "cus/cus.h"

static inline double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Print the last libcus error and exit. */
static inline void die(const char *what)
{
	fprintf(stderr, BENCH_NAME ": %s: %s (%s)\n", what, cus_error_last()->message,
		cus_error_name(cus_error_last()->code));
	exit(1);
}

/* Run SQL that returns no rows, or exit. */
static inline void exec(sqlite3 *sql, const char *text)
{
	char *err = NULL;
	if (sqlite3_exec(sql, text, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, BENCH_NAME ": %s: %s\n", text, err ? err : "?");
		exit(1);
	}
}

/* xorshift: the same synthetic data on every run. */
static uint64_t rng = 0x9E3779B97F4A7C15ull;
static inline uint32_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

/* Remove a centre's files (database, key store, journals, checkpoints). */
static inline void remove_db(const char *path)
{
	static const char *suffix[] = { "", "-wal", "-shm", ".keys", ".keys-wal", ".keys-shm", ".keys-journal",
		".checkpoints", "-journal" };
	char p[1200];
	for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		snprintf(p, sizeof p, "%s%s", path, suffix[i]);
		unlink(p);
	}
}

/* Open the centre as login with the passphrase "<login> passphrase". */
static inline cus_db *open_as(const char *path, const char *login)
{
	char pass[64];
	snprintf(pass, sizeof pass, "%s passphrase", login);
	cus_key *k = NULL;
	cus_db *db = NULL;
	if (cus_key_from_passphrase(&k, pass, strlen(pass)) || cus_db_open(&db, path, login, k, NULL))
		die("open");
	cus_key_free(k);
	return db;
}

static inline int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

#endif
