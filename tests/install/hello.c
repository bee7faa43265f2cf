/* A program an integrator would write: create, reopen, print info. */
#include <stdio.h>
#include <string.h>

#include <cus/cus.h>

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	const char *pass = "integration passphrase";
	cus_key *key = NULL;
	cus_db *db = NULL;
	if (cus_key_from_passphrase(&key, pass, strlen(pass)) != 0)
		return 1;
	if (cus_db_create(&db, argv[1], "svc", key, NULL) != 0) {
		fprintf(stderr, "create: %s\n", cus_error_last()->message);
		return 1;
	}
	cus_db_close(db);
	if (cus_db_open(&db, argv[1], "svc", key, NULL) != 0) {
		fprintf(stderr, "open: %s\n", cus_error_last()->message);
		return 1;
	}
	cus_key_free(key);
	cus_db_info *info = NULL;
	if (cus_db_info_get(&info, db) != 0)
		return 1;
	printf("libcus %s, format %d, SQLCipher %s\n", cus_version(), info->format_version, info->sqlcipher_version);
	cus_db_info_free(info);
	cus_db_close(db);
	return 0;
}
