/* Fixtures of the access suite: a centre made with the Milanówek policy. */
#ifndef TEST_ACCESS_COMMON_H
#define TEST_ACCESS_COMMON_H

#include <string.h>

#include "access/access.h"
#include "helpers.h"


/* A new centre at dir/c.db with admin "admin" / "admin passphrase". */
cus_db *centre_new(const char *dir);


/* Add a user (as admin) with role and passphrase "<login> passphrase". */
void user_add_as_admin(const char *dir, const char *login, const char *role);


#endif
