/* Fixtures of the access suite: a centre made with the Milanówek policy. */
#ifndef TEST_ACCESS_COMMON_H
#define TEST_ACCESS_COMMON_H

#include <string.h>

#include "access/access.h"
#include "helpers.h"

#define MILANOWEK CUS_SOURCE_DIR "/policies/milanowek.yaml"

/* A new centre at dir/c.db with admin "admin" / "admin passphrase". */
cus_db *centre_new(const char *dir);

/* Open dir/c.db as login with pass, and a session for purpose. */
cus_db *centre_open(const char *dir, const char *login, const char *pass);
cus_session *session_for(cus_db *db, const char *purpose);

/* Add a user (as admin) with role and passphrase "<login> passphrase". */
void user_add_as_admin(const char *dir, const char *login, const char *role);

/* Count audit entries matching action and outcome (NULL: any). */
int audit_count(cus_db *db, const char *action, const char *outcome);

#endif
