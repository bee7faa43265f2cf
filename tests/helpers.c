#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "store/store.h"
#include "helpers.h"

char *tmpdir_new(void)
{
	const char *base = getenv("TMPDIR");
	char tmpl[512];
	snprintf(tmpl, sizeof tmpl, "%s/cus-test-XXXXXX", base && *base ? base : "/tmp");
	char *d = mkdtemp(tmpl);
	ck_assert_ptr_nonnull(d);
	return strdup(d);
}

void tmpdir_remove(char *dir)
{
	if (!dir)
		return;
	DIR *d = opendir(dir);
	if (d) {
		struct dirent *e;
		while ((e = readdir(d))) {
			if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
				unlink(path_in(dir, e->d_name));
		}
		closedir(d);
	}
	rmdir(dir);
	free(dir);
}

const char *path_in(const char *dir, const char *name)
{
	static char bufs[8][1024];
	static int next;
	char *b = bufs[next++ % 8];
	snprintf(b, 1024, "%s/%s", dir, name);
	return b;
}

cus_key *key_pass(const char *pass)
{
	cus_key *k = NULL;
	ck_assert_int_eq(cus_key_from_passphrase(&k, pass, strlen(pass)), 0);
	return k;
}

cus_db *db_new(const char *path, const char *login, const char *pass)
{
	cus_key *k = key_pass(pass);
	cus_db *db = NULL;
	int rc = cus_db_create(&db, path, login, k, NULL);
	ck_assert_msg(rc == 0, "cus_db_create: %s", cus_error_last()->message);
	cus_key_free(k);
	return db;
}

unsigned char *file_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	unsigned char *buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	*len = fread(buf, 1, (size_t)n, f);
	fclose(f);
	return buf;
}

void file_write(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	fclose(f);
}

void file_digest(const char *path, char out[65])
{
	size_t len = 0;
	unsigned char *d = file_read(path, &len), h[32];
	if (!d) {
		strcpy(out, "missing");
		return;
	}
	crypto_generichash(h, 32, d, len, NULL, 0);
	sodium_bin2hex(out, 65, h, 32);
	free(d);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char *dir_fingerprint(const char *dir)
{
	DIR *d = opendir(dir);
	ck_assert_ptr_nonnull(d);
	char *names[64];
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < 64)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, n, sizeof names[0], cmp_str);
	char *out = calloc(1, 64 * 400);
	for (size_t i = 0; i < n; i++) {
		char dig[65];
		file_digest(path_in(dir, names[i]), dig);
		strcat(out, names[i]);
		strcat(out, "=");
		strcat(out, dig);
		strcat(out, "\n");
		free(names[i]);
	}
	return out;
}

int file_contains(const char *path, const void *needle, size_t len)
{
	size_t n = 0;
	unsigned char *d = file_read(path, &n);
	if (!d)
		return 0;
	int found = 0;
	for (size_t i = 0; !found && i + len <= n; i++)
		found = memcmp(d + i, needle, len) == 0;
	free(d);
	return found;
}

int run_suite(Suite *s)
{
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}

cus_db *centre_open_as(const char *dir, const char *login)
{
	char pass[128];
	snprintf(pass, sizeof pass, "%s passphrase", login);
	cus_key *k = key_pass(pass);
	cus_db *db = NULL;
	int rc = cus_db_open(&db, path_in(dir, "c.db"), login, k, NULL);
	ck_assert_msg(rc == 0, "cus_db_open(%s): %s", login, cus_error_last()->message);
	cus_key_free(k);
	return db;
}

cus_session *session_for(cus_db *db, const char *purpose)
{
	cus_session *s = NULL;
	int rc = cus_session_open(&s, db, purpose);
	ck_assert_msg(rc == 0, "cus_session_open(%s): %s", purpose, cus_error_last()->message);
	return s;
}

void centre_add_user(cus_session *admin, const char *login, const char *role)
{
	char pass[128];
	snprintf(pass, sizeof pass, "%s passphrase", login);
	cus_key *k = key_pass(pass);
	int rc = cus_user_add(admin, login, role, "Test User", k, NULL);
	ck_assert_msg(rc == 0, "cus_user_add: %s", cus_error_last()->message);
	cus_key_free(k);
}

int audit_count(cus_db *db, const char *action, const char *outcome, const char *subject)
{
	sqlite3_stmt *st = NULL;
	ck_assert_int_eq(sqlite3_prepare_v2(cus__db_sql(db), "SELECT count(*) FROM audit_log WHERE"
		" (?1 IS NULL OR action = ?1) AND (?2 IS NULL OR outcome = ?2) AND (?3 IS NULL OR subject = ?3)",
		-1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, outcome, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, subject, -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	int n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}
