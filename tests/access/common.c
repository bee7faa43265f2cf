#include <stdio.h>

#include "common.h"

cus_db *centre_new(const char *dir)
{
	cus_key *k = key_pass("admin passphrase");
	cus_db *db = NULL;
	int rc = cus_db_init(&db, path_in(dir, "c.db"), "admin", k, TEST_POLICY, NULL);
	ck_assert_msg(rc == 0, "cus_db_init: %s", cus_error_last()->message);
	cus_key_free(k);
	return db;
}

void user_add_as_admin(const char *dir, const char *login, const char *role)
{
	cus_db *db = centre_open_as(dir, "admin");
	cus_session *s = session_for(db, "administration");
	centre_add_user(s, login, role);
	cus_session_close(s);
	cus_db_close(db);
}
