/* Fixtures of the cases suite: a centre with the Milanówek policy and the
 * users who do case work. */
#ifndef TEST_CASES_COMMON_H
#define TEST_CASES_COMMON_H

#include <string.h>

#include "cases/cases.h"
#include "helpers.h"

/* A new centre in dir with admin and the users "ous" (ous), "kipus" (kipus),
 * "kipus2" (kipus), "sw" (social_worker), "dir" (director), passphrase
 * "<login> passphrase". The Milanówek policy: TERYT 1405011, Programme
 * period 2021-08-01 .. 2023-09-30. */
void cases_centre_make(const char *dir);

/* Register a person born on birth with sex ('M'/'F'), a PESEL from serial
 * (serial 0: no PESEL), living in teryt (NULL: the policy's). Asserts
 * success; returns the id. */
int64_t person_make(cus_session *s, const char *birth, char sex, int serial, const char *teryt);

/* Link child as person's child (asserts success). */
void child_link(cus_session *s, int64_t person, int64_t child);

/* Add a health / disability record (asserts success). indications: comma-
 * separated codes or NULL; degree NULL except for disability. */
int64_t record_make(cus_session *s, int64_t person, const char *category, const char *indications,
	const char *degree, const char *date, const char *valid_until);

/* File an application (asserts success). */
int64_t apply_ok(cus_session *s, int64_t person, const char *service, const char *date);

/* Qualify (asserts the call succeeds) and return the result code; *q, when
 * not NULL, receives the qualification (free it). */
int qualify_result(cus_session *s, int64_t app, cus_qualification **q);

/* The evaluation of condition code in q (fails the test when absent). */
const cus_condition_eval *cond_of(const cus_qualification *q, const char *code);

/* Run SQL on the raw database handle. */
void raw_exec(cus_db *db, const char *sql);

/* The integer of the first column of the first row of sql (0 when no row). */
int64_t sql_int(cus_db *db, const char *sql);

/* Add an employment status (asserts success). */
void employment_make(cus_session *s, int64_t person, const char *status, const char *since);

/* A centre, opened as login with a session for purpose. */
#define SETUP(login, purpose) \
	char *dir = tmpdir_new(); \
	cases_centre_make(dir); \
	cus_db *db = centre_open_as(dir, login); \
	cus_session *s = session_for(db, purpose)
#define TEARDOWN() do { cus_session_close(s); cus_db_close(db); tmpdir_remove(dir); } while (0)

#endif
