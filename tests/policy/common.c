#include <stdio.h>
#include <stdlib.h>

#include "common.h"

/* Two purposes, two roles: admin manages users and policies; kipus reads
 * basic and health data for qualification. Line numbers matter to the
 * tests: purposes start at line 8, roles at line 15. */
const char base_policy[] =
	"policy:\n"                                   /* 1 */
	"  id: test\n"
	"  name: Test\n"
	"  valid_from: 2021-08-01\n"
	"  valid_to: 2023-09-30\n"                    /* 5 */
	"  municipality: Milanówek\n"
	"  teryt: \"1405011\"\n"
	"purposes:\n"
	"  - code: qualification\n"
	"    name: Q\n"                               /* 10 */
	"    legal_basis: art. 6\n"
	"  - code: administration\n"
	"    name: A\n"
	"    legal_basis: art. 32\n"
	"roles:\n"                                    /* 15 */
	"  - code: admin\n"
	"    name: Admin\n"
	"    permissions:\n"
	"      - categories: [users, policy]\n"
	"        operations: [read, write]\n"         /* 20 */
	"        purposes: [administration]\n"
	"  - code: kipus\n"
	"    name: K\n"
	"    permissions:\n"
	"      - categories: [basic, health]\n"       /* 25 */
	"        operations: [read]\n"
	"        purposes: [qualification]\n";

const char *source_path(const char *rel)
{
	static char buf[4096];
#ifdef CUS_SOURCE_DIR
	snprintf(buf, sizeof buf, "%s/%s", CUS_SOURCE_DIR, rel);
#else
	static const char tail[] = "tests/policy/common.c";
	const char *f = __FILE__;
	size_t n = strlen(f), t = strlen(tail);
	ck_assert_msg(n >= t && strcmp(f + n - t, tail) == 0, "cannot find the source tree from %s", f);
	snprintf(buf, sizeof buf, "%.*s%s", (int)(n - t), f, rel);
#endif
	return buf;
}

char *variant(const char *old, const char *repl)
{
	const char *at = strstr(base_policy, old);
	ck_assert_msg(at != NULL, "'%s' is not in the base policy", old);
	size_t pre = (size_t)(at - base_policy), lo = strlen(old), lr = strlen(repl), n = strlen(base_policy);
	char *s = malloc(n - lo + lr + 1);
	ck_assert_ptr_nonnull(s);
	memcpy(s, base_policy, pre);
	memcpy(s + pre, repl, lr);
	memcpy(s + pre + lr, at + lo, n - pre - lo + 1);
	return s;
}

void position_of(const char *text, const char *needle, int nth, int *line, int *column)
{
	const char *at = text;
	for (int i = 0; i < nth; i++) {
		at = strstr(i ? at + 1 : at, needle);
		ck_assert_msg(at != NULL, "'%s' does not occur %d times", needle, nth);
	}
	int l = 1, c = 1;
	for (const unsigned char *p = (const unsigned char *)text; p < (const unsigned char *)at; p++) {
		if (*p == '\n') {
			l++;
			c = 1;
		} else if ((*p & 0xC0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*column = c;
}

int64_t store_policy(cus_db *db, const char *source, const char *yaml, size_t len)
{
	sqlite3 *sql = cus__db_sql(db);
	int64_t v = 0;
	ck_assert_int_eq(sqlite3_exec(sql, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	int rc = cus__policy_store(db, source, yaml, len, "admin", &v);
	ck_assert_msg(rc == 0, "cus__policy_store: %s", cus_error_last()->message);
	ck_assert_int_eq(sqlite3_exec(sql, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	return v;
}

int stored_versions(cus_db *db)
{
	sqlite3_stmt *st = NULL;
	ck_assert_int_eq(sqlite3_prepare_v2(cus__db_sql(db), "SELECT count(*) FROM policy_versions", -1, &st, NULL),
		SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	int n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}
