/* Fixtures of the registry suite: a centre with the Milanówek policy and
 * users of the roles that handle persons. */
#ifndef TEST_REGISTRY_COMMON_H
#define TEST_REGISTRY_COMMON_H

#include <string.h>

#include "registry/internal.h"
#include "helpers.h"


/* A new centre in dir with admin and the users "kipus" (kipus), "sw"
 * (social_worker) and "fin" (finance), passphrase "<login> passphrase". */
void centre_make(const char *dir);

/* Open dir/c.db as login, and a session for purpose. */

/* A person input with a PESEL built from birth date, sex, serial. */
cus_person_input person_in(char pesel[12], const char *birth, char sex, int serial, const char *first,
	const char *last);

/* Add a person, asserting success; returns the id. */
int64_t add_ok(cus_session *s, const cus_person_input *in);


/* The categories and detail of the newest audit entry with action (static
 * buffers). */
const char *audit_last_categories(cus_db *db, const char *action);
const char *audit_last_detail(cus_db *db, const char *action);

/* Run SQL on the raw database handle. */
void raw_exec(cus_db *db, const char *sql);

/* A centre, opened as login with a session for purpose. */
#define SETUP(login, purpose) \
	char *dir = tmpdir_new(); \
	centre_make(dir); \
	cus_db *db = centre_open_as(dir, login); \
	cus_session *s = session_for(db, purpose)
#define TEARDOWN() do { cus_session_close(s); cus_db_close(db); tmpdir_remove(dir); } while (0)

#endif
