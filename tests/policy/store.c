/* Stored versions: append-only, byte-exact, hashed, cached per handle. */
#include <stdlib.h>

#include <sodium.h>

#include "common.h"

static char *dir;
static cus_db *db;

static void setup(void)
{
	dir = tmpdir_new();
	db = db_new(path_in(dir, "c.db"), "admin", "a passphrase");
}

static void teardown(void)
{
	cus_db_close(db);
	tmpdir_remove(dir);
}

static void blake2b_hex(const char *text, size_t len, char out[65])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)text, len, NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof h);
}

static int sql_rc(const char *q)
{
	return sqlite3_exec(cus__db_sql(db), q, NULL, NULL, NULL);
}

/* base_policy with CRLF line ends and no final line end: stored as is. */
static char *windows_text(size_t *len)
{
	size_t n = strlen(base_policy), k = 0;
	char *s = malloc(2 * n + 1);
	for (size_t i = 0; i < n; i++) {
		if (base_policy[i] == '\n')
			s[k++] = '\r';
		s[k++] = base_policy[i];
	}
	k -= 2; /* drop the last CR LF */
	s[k] = '\0';
	*len = k;
	return s;
}

START_TEST(test_policy_store__nothing_loaded)
{
	cus_policy_info *i = NULL;
	char *text = NULL;
	const cus_purpose *pu = NULL;
	const cus_role *ro = NULL;
	const cus__policy *p = NULL;
	ck_assert_cus(cus_policy_info_get(&i, db, 0), CUS_ENOTFOUND);
	ck_assert_ptr_null(i);
	ck_assert_cus(cus_policy_text(&text, NULL, db, 0), CUS_ENOTFOUND);
	ck_assert_ptr_null(text);
	ck_assert_cus(cus_policy_purposes(&pu, db), CUS_ENOTFOUND);
	ck_assert_cus(cus_policy_roles(&ro, db), CUS_ENOTFOUND);
	ck_assert_cus(cus__policy_active(db, &p), CUS_ENOTFOUND);
	ck_assert_ptr_null(p);
	cus_policy_iter *it = NULL;
	const cus_policy_info *e = NULL;
	ck_assert_cus(cus_policy_history(&it, db), 0);
	ck_assert_cus(cus_policy_next(&e, it), CUS_ITEROVER);
	cus_policy_iter_free(it);
	ck_assert_cus(cus_policy_info_get(&i, db, -1), CUS_EINVAL);
	ck_assert_cus(cus_policy_info_get(&i, NULL, 0), CUS_EINVAL);
}
END_TEST

START_TEST(test_policy_store__info_text_and_hash)
{
	size_t len = 0;
	char *text = windows_text(&len);
	ck_assert_int_eq(store_policy(db, "test.yaml", text, len), 1);
	cus_policy_info *i = NULL;
	ck_assert_cus(cus_policy_info_get(&i, db, 0), 0);
	char hash[65];
	blake2b_hex(text, len, hash);
	ck_assert_int_eq(i->version, 1);
	ck_assert_str_eq(i->policy_id, "test");
	ck_assert_str_eq(i->name, "Test");
	ck_assert_str_eq(i->valid_from, "2021-08-01");
	ck_assert_str_eq(i->valid_to, "2023-09-30");
	ck_assert_str_eq(i->municipality, "Milanówek");
	ck_assert_str_eq(i->teryt, "1405011");
	ck_assert_str_eq(i->hash, hash);
	ck_assert_str_eq(i->loaded_by, "admin");
	ck_assert_int_eq(strlen(i->loaded_at), 20);
	ck_assert_int_eq(i->loaded_at[19], 'Z');
	ck_assert_str_eq(i->source, "test.yaml");
	ck_assert_int_eq(i->purposes, 2);
	ck_assert_int_eq(i->roles, 2);
	cus_policy_info_free(i);
	/* the text comes back byte for byte, CR LF and all */
	char *back = NULL;
	size_t back_len = 0;
	ck_assert_cus(cus_policy_text(&back, &back_len, db, 1), 0);
	ck_assert_uint_eq(back_len, len);
	ck_assert_int_eq(memcmp(back, text, len), 0);
	ck_assert_int_eq(back[len], '\0');
	cus_free(back);
	/* the parsed policy carries the same hash */
	const cus__policy *p = NULL;
	ck_assert_cus(cus__policy_active(db, &p), 0);
	ck_assert_str_eq(cus__policy_hash(p), hash);
	ck_assert_int_eq(cus__policy_version(p), 1);
	free(text);
}
END_TEST

START_TEST(test_policy_store__versions_and_history)
{
	char *v2 = variant("  - code: kipus\n", "  - code: kipus2\n    name: K2\n    permissions: []\n  - code: kipus\n");
	ck_assert_int_eq(store_policy(db, "one.yaml", base_policy, strlen(base_policy)), 1);
	ck_assert_int_eq(store_policy(db, "two.yaml", v2, strlen(v2)), 2);
	cus_policy_info *i = NULL;
	ck_assert_cus(cus_policy_info_get(&i, db, 0), 0); /* the active one is the newest */
	ck_assert_int_eq(i->version, 2);
	ck_assert_int_eq(i->roles, 3);
	cus_policy_info_free(i);
	ck_assert_cus(cus_policy_info_get(&i, db, 1), 0);
	ck_assert_str_eq(i->source, "one.yaml");
	ck_assert_int_eq(i->roles, 2);
	cus_policy_info_free(i);
	ck_assert_cus(cus_policy_info_get(&i, db, 3), CUS_ENOTFOUND);
	ck_assert_str_eq(cus_error_last()->field, "version");

	cus_policy_iter *it = NULL;
	const cus_policy_info *e = NULL;
	ck_assert_cus(cus_policy_history(&it, db), 0);
	ck_assert_cus(cus_policy_next(&e, it), 0);
	ck_assert_int_eq(e->version, 1);
	ck_assert_str_eq(e->source, "one.yaml");
	ck_assert_cus(cus_policy_next(&e, it), 0);
	ck_assert_int_eq(e->version, 2);
	ck_assert_str_eq(e->source, "two.yaml");
	ck_assert_cus(cus_policy_next(&e, it), CUS_ITEROVER);
	ck_assert_cus(cus_policy_next(&e, it), CUS_ITEROVER);
	cus_policy_iter_free(it);
	cus_policy_iter_free(NULL);
	cus_policy_info_free(NULL);

	/* purposes and roles of the active and of a given version */
	const cus_role *roles = NULL;
	const cus_purpose *purposes = NULL;
	ck_assert_int_eq(cus_policy_roles(&roles, db), 3);
	ck_assert_str_eq(roles[0].code, "admin");
	ck_assert_str_eq(roles[1].code, "kipus2");
	ck_assert_str_eq(roles[2].name, "K");
	ck_assert_int_eq(cus_policy_version_roles(&roles, db, 1), 2);
	ck_assert_str_eq(roles[1].code, "kipus");
	ck_assert_int_eq(cus_policy_purposes(&purposes, db), 2);
	ck_assert_str_eq(purposes[0].code, "qualification");
	ck_assert_str_eq(purposes[1].legal_basis, "art. 32");
	ck_assert_cus(cus_policy_version_purposes(&purposes, db, 9), CUS_ENOTFOUND);
	ck_assert_ptr_null(purposes);
	free(v2);
}
END_TEST

START_TEST(test_policy_store__rows_cannot_change)
{
	store_policy(db, "test.yaml", base_policy, strlen(base_policy));
	ck_assert_int_eq(sql_rc("UPDATE policy_versions SET yaml = 'policy: {}'"), SQLITE_CONSTRAINT);
	ck_assert_int_eq(sql_rc("UPDATE policy_versions SET loaded_by = 'mallory'"), SQLITE_CONSTRAINT);
	ck_assert_int_eq(sql_rc("DELETE FROM policy_versions"), SQLITE_CONSTRAINT);
	/* REPLACE deletes without firing delete triggers: the insert trigger stops it */
	ck_assert_int_eq(sql_rc("INSERT OR REPLACE INTO policy_versions SELECT * FROM policy_versions"),
		SQLITE_CONSTRAINT);
	/* versions are consecutive */
	ck_assert_int_eq(sql_rc("INSERT INTO policy_versions (version, policy_id, name, valid_from, municipality,"
		" teryt, hash, source, yaml, loaded_by, loaded_at, purposes, roles) SELECT 5, policy_id, name,"
		" valid_from, municipality, teryt, hash, source, yaml, loaded_by, loaded_at, purposes, roles"
		" FROM policy_versions"), SQLITE_CONSTRAINT);
	ck_assert_int_eq(stored_versions(db), 1);
	char *back = NULL;
	size_t len = 0;
	ck_assert_cus(cus_policy_text(&back, &len, db, 0), 0);
	ck_assert_uint_eq(len, strlen(base_policy));
	ck_assert_int_eq(memcmp(back, base_policy, len), 0);
	cus_free(back);
}
END_TEST

START_TEST(test_policy_store__only_valid_text_inside_a_transaction)
{
	int64_t v = 7;
	/* outside a transaction: refused, nothing stored */
	ck_assert_cus(cus__policy_store(db, "t.yaml", base_policy, strlen(base_policy), "admin", &v), CUS_ERROR);
	ck_assert_int_eq(v, 0);
	ck_assert_int_eq(stored_versions(db), 0);
	/* invalid text: the position is reported, nothing stored */
	char *bad = variant("[basic, health]", "[basic, helth]");
	ck_assert_int_eq(sql_rc("BEGIN"), SQLITE_OK);
	ck_assert_cus(cus__policy_store(db, "t.yaml", bad, strlen(bad), "admin", &v), CUS_EINVAL);
	ck_assert_int_eq(cus_error_last()->line, 25);
	ck_assert_cus(cus__policy_store(db, "t.yaml", base_policy, strlen(base_policy), NULL, &v), CUS_EINVAL);
	ck_assert_int_eq(sql_rc("COMMIT"), SQLITE_OK);
	ck_assert_int_eq(stored_versions(db), 0);
	free(bad);
}
END_TEST

START_TEST(test_policy_store__cache_follows_the_database)
{
	const cus__policy *p1 = NULL, *again = NULL, *p2 = NULL;
	store_policy(db, "one.yaml", base_policy, strlen(base_policy));
	ck_assert_cus(cus__policy_active(db, &p1), 0);
	ck_assert_cus(cus__policy_active(db, &again), 0);
	ck_assert_ptr_eq(p1, again); /* parsed once */
	const cus_role *roles_v1 = NULL;
	ck_assert_int_eq(cus_policy_roles(&roles_v1, db), 2);

	/* a load that is rolled back is never seen */
	char *v2 = variant("code: kipus", "code: coordinator");
	ck_assert_int_eq(sql_rc("BEGIN IMMEDIATE"), SQLITE_OK);
	int64_t v = 0;
	ck_assert_cus(cus__policy_store(db, "two.yaml", v2, strlen(v2), "admin", &v), 0);
	ck_assert_int_eq(v, 2);
	ck_assert_cus(cus__policy_active(db, &p2), 0); /* inside the transaction: the new one */
	ck_assert(cus__policy_has_role(p2, "coordinator"));
	ck_assert_int_eq(sql_rc("ROLLBACK"), SQLITE_OK);
	cus__policy_cache_clear(db);
	ck_assert_cus(cus__policy_active(db, &again), 0);
	ck_assert_ptr_eq(again, p1);
	ck_assert_int_eq(cus__policy_version(again), 1);

	/* version 2 again, with other bytes: the cached rolled-back parse is not used */
	char *v2b = variant("code: kipus", "code: planner");
	ck_assert_int_eq(store_policy(db, "two.yaml", v2b, strlen(v2b)), 2);
	ck_assert_cus(cus__policy_active(db, &again), 0);
	ck_assert_int_eq(cus__policy_version(again), 2);
	ck_assert(cus__policy_has_role(again, "planner"));
	ck_assert(!cus__policy_has_role(again, "coordinator"));
	/* what was handed out earlier stays valid until close */
	ck_assert_int_eq(cus__policy_version(p1), 1);
	ck_assert(cus__policy_has_role(p2, "coordinator"));
	ck_assert_str_eq(roles_v1[1].code, "kipus");

	/* a load through another connection is seen at once */
	cus_key *k = key_pass("a passphrase");
	cus_db *other = NULL;
	ck_assert_cus(cus_db_open(&other, path_in(dir, "c.db"), "admin", k, NULL), 0);
	cus_key_free(k);
	ck_assert_int_eq(store_policy(other, "three.yaml", base_policy, strlen(base_policy)), 3);
	cus_db_close(other);
	ck_assert_cus(cus__policy_active(db, &again), 0);
	ck_assert_int_eq(cus__policy_version(again), 3);
	ck_assert(cus__policy_has_role(again, "kipus"));
	free(v2);
	free(v2b);
}
END_TEST

START_TEST(test_policy_store__tampered_text_detected)
{
	store_policy(db, "test.yaml", base_policy, strlen(base_policy));
	/* someone with the key drops the guard and edits the stored text */
	ck_assert_int_eq(sql_rc("DROP TRIGGER policy_versions_no_update;"
		"UPDATE policy_versions SET yaml = replace(yaml, '[read]', '[read, write, export]')"), SQLITE_OK);
	cus_db_close(db);
	cus_key *k = key_pass("a passphrase");
	ck_assert_cus(cus_db_open(&db, path_in(dir, "c.db"), "admin", k, NULL), 0);
	cus_key_free(k);
	const cus__policy *p = NULL;
	ck_assert_cus(cus__policy_active(db, &p), CUS_EINTEGRITY);
	ck_assert_ptr_nonnull(strstr(cus_error_last()->message, "does not match its hash"));
	ck_assert_cus(cus_policy_allows(db, "kipus", "basic", CUS_OP_WRITE, "qualification"), CUS_EINTEGRITY);
}
END_TEST

TCase *tcase_policy_store(void)
{
	TCase *tc = tcase_create("store");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_policy_store__nothing_loaded);
	tcase_add_test(tc, test_policy_store__info_text_and_hash);
	tcase_add_test(tc, test_policy_store__versions_and_history);
	tcase_add_test(tc, test_policy_store__rows_cannot_change);
	tcase_add_test(tc, test_policy_store__only_valid_text_inside_a_transaction);
	tcase_add_test(tc, test_policy_store__cache_follows_the_database);
	tcase_add_test(tc, test_policy_store__tampered_text_detected);
	return tc;
}
