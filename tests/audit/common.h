/* Fixtures of the audit suite, and an auditor's own implementation of the
 * entry hash and the checkpoint message, written from docs/FORMAT.md with
 * libsodium alone (no libcus code), to check the library against. */
#ifndef TEST_AUDIT_COMMON_H
#define TEST_AUDIT_COMMON_H

#include <stdint.h>
#include <string.h>

#include <sodium.h>

#include "audit/audit.h"
#include "helpers.h"

#define AUDIT_PASS "audit test passphrase"

/* A new database dir/c.db (user "admin"), or open it again. */
cus_db *adb_new(const char *dir);
cus_db *adb_open(const char *dir);

/* The actor every test entry is written by. */
extern const cus__actor test_actor;

/* Append n entries in one transaction (BEGIN IMMEDIATE .. COMMIT, then
 * cus__audit_after_commit, which must succeed). Entry seq gets subject
 * "P<seq>" when seq is odd, NULL when even; detail likewise. */
void append_n(cus_db *db, int n);
/* The same, in transactions of at most chunk entries. */
void append_chunked(cus_db *db, int n, int chunk);

/* Run SQL on the raw SQLCipher handle (as an insider with the sqlcipher
 * shell would), asserting success. */
void sql_ok(cus_db *db, const char *q);
/* Run SQL expecting failure; returns the SQLite result code. */
int sql_fails(cus_db *db, const char *q);
/* A single integer from a query. */
int64_t sql_int(cus_db *db, const char *q);
/* Drop the append-only triggers (the insider's first step). */
void drop_triggers(cus_db *db);

/* Verify; assert the outcome. For CUS_EINTEGRITY, first_bad and a piece of
 * the problem (strstr) are checked, and the report is returned (free it). */
void verify_ok(cus_db *db, const char *checkpoints, int64_t entries);
void verify_bad(cus_db *db, const char *checkpoints, int64_t first_bad, const char *needle);

/* Lines of a text file (malloc'd array of malloc'd strings without '\n'). */
char **lines_read(const char *path, size_t *n);
void lines_free(char **l, size_t n);
void lines_write(const char *path, char **l, size_t n);

/* ---- the auditor's implementation (FORMAT.md) ---- */

typedef struct {
	unsigned char b[4096];
	size_t n;
} refbuf;

void ref_enc(refbuf *r, const void *p, size_t n);
void ref_u64(refbuf *r, uint64_t v);

/* The hash of the audit_log row at seq, recomputed from its columns. */
void ref_entry_hash_of_row(cus_db *db, int64_t seq, unsigned char out[32]);
/* The stored hash of the row at seq. */
void stored_hash(cus_db *db, int64_t seq, unsigned char out[32]);

/* The checkpoint signing key pair, derived from the master key. */
void ref_keys(cus_db *db, unsigned char pk[32], unsigned char sk[64]);

typedef struct {
	char log_id[33];
	int64_t seq;
	unsigned char head[32];
	char time[32];
	unsigned char prev[32];
	unsigned char pk[32];
	unsigned char sig[64];
} refcp;

void ref_cp_message(refbuf *r, const refcp *c);
/* Parse a file line; 0 or -1. */
int ref_cp_parse(refcp *c, const char *line);
/* Format a line (without '\n'). */
void ref_cp_line(char *out, size_t size, const refcp *c);

/* Replace every entry from seq `from` on with a recomputed chain (the
 * insider with the key rewrites history); triggers must be dropped. */
void rewrite_chain_from(cus_db *db, int64_t from);
/* Re-sign every database checkpoint over the current entries (the insider
 * has the master key, so the signing key too). */
void resign_db_checkpoints(cus_db *db);

#endif
