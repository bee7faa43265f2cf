/* Shared helpers of the Check suites. */
#ifndef CUS_TEST_HELPERS_H
#define CUS_TEST_HELPERS_H

#include <check.h>
#include <stddef.h>

#include <cus/cus.h>

/* A fresh temporary directory (removed by tmpdir_remove). */
char *tmpdir_new(void);
void tmpdir_remove(char *dir);

/* dir/name in a static rotating buffer. */
const char *path_in(const char *dir, const char *name);

/* A key from a C string; aborts the test on failure. */
cus_key *key_pass(const char *pass);

/* Create a database at path with user login and passphrase; returns it open. */
cus_db *db_new(const char *path, const char *login, const char *pass);

/* The whole content of a file (malloc'd), its length in *len; NULL if missing. */
unsigned char *file_read(const char *path, size_t *len);
void file_write(const char *path, const void *data, size_t len);

/* BLAKE2b of a file's content into hex (65 bytes), "missing" when absent. */
void file_digest(const char *path, char out[65]);

/* A fingerprint of every file in a directory (names and digests). */
char *dir_fingerprint(const char *dir);

/* Does needle occur in the file? */
int file_contains(const char *path, const void *needle, size_t len);

/* Assert that a call failed with code and print the error on mismatch. */
#define ck_assert_cus(call, code) do { \
	int rc_ = (call); \
	ck_assert_msg(rc_ == (code), "%s returned %s (%s), expected %s", #call, \
		cus_error_name(rc_), cus_error_last()->message, cus_error_name(code)); \
} while (0)

/* ---- a centre made with the Milanówek policy ---- */

#define TEST_POLICY CUS_SOURCE_DIR "/policies/milanowek.yaml"

/* Open dir/c.db as login with the passphrase "<login> passphrase". */
cus_db *centre_open_as(const char *dir, const char *login);

/* A session for purpose; fails the test when refused. */
cus_session *session_for(cus_db *db, const char *purpose);

/* Add an account with role and the passphrase "<login> passphrase". */
void centre_add_user(cus_session *admin, const char *login, const char *role);

/* Count audit entries matching action, outcome and subject (NULL: any). */
int audit_count(cus_db *db, const char *action, const char *outcome, const char *subject);

/* Run a suite and return the process exit status. */
int run_suite(Suite *s);

#endif
