/* Signed checkpoints: automatic and on demand, their export to the
 * checkpoint file, crash repair, and the file's guards. */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

static int64_t checkpoint_now(cus_db *db)
{
	int64_t seq = -1;
	sql_ok(db, "BEGIN IMMEDIATE");
	ck_assert_cus(cus__audit_checkpoint_now(db, &seq), 0);
	sql_ok(db, "COMMIT");
	ck_assert_cus(cus__audit_after_commit(db), 0);
	return seq;
}

/* Every line of the file checks out with the auditor's own code: the key
 * from the master key, the message, the signature, the head, the links. */
static void file_checks_out(cus_db *db, const char *file, size_t expect_lines)
{
	unsigned char pk[32], sk[64], digest[32] = { 0 }, h[32];
	ref_keys(db, pk, sk);
	char log_id[33];
	sodium_bin2hex(log_id, sizeof log_id, db->db_id, 16);
	size_t n = 0;
	char **l = lines_read(file, &n);
	ck_assert_uint_eq(n, expect_lines);
	for (size_t i = 0; i < n; i++) {
		refcp c;
		refbuf m;
		ck_assert_msg(ref_cp_parse(&c, l[i]) == 0, "line %zu: %s", i + 1, l[i]);
		ck_assert_str_eq(c.log_id, log_id);
		ck_assert_int_eq(memcmp(c.pk, pk, 32), 0);
		ck_assert_int_eq(memcmp(c.prev, digest, 32), 0);
		stored_hash(db, c.seq, h);
		ck_assert_int_eq(memcmp(c.head, h, 32), 0);
		ref_cp_message(&m, &c);
		ck_assert_int_eq(crypto_sign_verify_detached(c.sig, m.b, m.n, pk), 0);
		crypto_generichash(digest, 32, m.b, m.n, NULL, 0);
		/* the line is canonical: formatting the parsed fields gives it back */
		char again[600];
		ref_cp_line(again, sizeof again, &c);
		ck_assert_str_eq(again, l[i]);
	}
	lines_free(l, n);
}

START_TEST(test_audit_checkpoints__automatic_every_1000_entries)
{
	char *dir = tmpdir_new();
	cus_db *db = adb_new(dir);
	const char *file = path_in(dir, "c.db.checkpoints");
	append_chunked(db, 999, 400);
	ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM audit_checkpoints"), 0);
	ck_assert_int_ne(access(file, F_OK), 0); /* no checkpoint, no file */
	append_n(db, 1);
	ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM audit_checkpoints"), 1);
	ck_assert_int_eq(sql_int(db, "SELECT seq FROM audit_checkpoints"), 1000);
	struct stat st;
	ck_assert_int_eq(stat(file, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	file_checks_out(db, file, 1);
	append_chunked(db, 2001, 700);
	ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM audit_checkpoints"), 3);
	ck_assert_int_eq(sql_int(db, "SELECT sum(seq) FROM audit_checkpoints"), 6000);
	file_checks_out(db, file, 3);
	verify_ok(db, NULL, 3001);
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(test_audit_checkpoints__on_demand)
{
	char *dir = tmpdir_new();
	cus_db *db = adb_new(dir);
	const char *file = path_in(dir, "c.db.checkpoints");
	append_n(db, 5);
	ck_assert_int_eq(checkpoint_now(db), 5);
	ck_assert_int_eq(checkpoint_now(db), 5); /* the head has one already: nothing new */
	ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM audit_checkpoints"), 1);
	file_checks_out(db, file, 1);
	append_n(db, 995); /* 1000: automatic, links to the one at 5 */
	ck_assert_int_eq(checkpoint_now(db), 1000);
	append_n(db, 3);
	ck_assert_int_eq(checkpoint_now(db), 1003);
	file_checks_out(db, file, 3);
	verify_ok(db, NULL, 1003);
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

/* A crash between COMMIT and the export: the next export catches up. */
START_TEST(test_audit_checkpoints__crash_before_export_is_repaired)
{
	char *dir = tmpdir_new();
	cus_db *db = adb_new(dir);
	const char *file = path_in(dir, "c.db.checkpoints");
	append_n(db, 999);
	sql_ok(db, "BEGIN IMMEDIATE");
	ck_assert_cus(cus__audit_append(db, &test_actor, "person.read", "person", "P1", "basic", "ok", NULL), 0);
	sql_ok(db, "COMMIT");
	cus_db_close(db); /* "crash": cus__audit_after_commit never ran */
	ck_assert_int_ne(access(file, F_OK), 0);
	db = adb_open(dir);
	append_n(db, 1); /* no checkpoint in this transaction, yet the file catches up */
	file_checks_out(db, file, 1);
	verify_ok(db, NULL, 1001);
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

/* A crash in the middle of writing a line: the torn end is cut off and the
 * line written again; verify ignores a torn end meanwhile. */
START_TEST(test_audit_checkpoints__torn_line_is_repaired)
{
	char *dir = tmpdir_new();
	cus_db *db = adb_new(dir);
	const char *file = path_in(dir, "c.db.checkpoints");
	append_n(db, 1000);
	size_t len = 0;
	unsigned char *one = file_read(file, &len);
	append_n(db, 1000);
	size_t len2 = 0;
	unsigned char *two = file_read(file, &len2);
	/* the second line was cut after 100 bytes */
	file_write(file, two, len + 100);
	verify_ok(db, NULL, 2000);
	cus_db_close(db);
	db = adb_open(dir);
	append_n(db, 1);
	size_t len3 = 0;
	unsigned char *three = file_read(file, &len3);
	ck_assert_uint_eq(len3, len2);
	ck_assert_int_eq(memcmp(three, two, len2), 0);
	file_checks_out(db, file, 2);
	free(one);
	free(two);
	free(three);
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

/* Exporting to another file gives it every checkpoint; again adds nothing. */
START_TEST(test_audit_checkpoints__export_to_a_named_file)
{
	char *dir = tmpdir_new();
	cus_db *db = adb_new(dir);
	const char *other = path_in(dir, "iod-copy.checkpoints");
	append_n(db, 2000);
	ck_assert_cus(cus__audit_export(db, other), 0);
	file_checks_out(db, other, 2);
	ck_assert_cus(cus__audit_export(db, other), 0);
	file_checks_out(db, other, 2);
	char a[65], b[65];
	file_digest(other, a);
	file_digest(path_in(dir, "c.db.checkpoints"), b);
	ck_assert_str_eq(a, b);
	verify_ok(db, other, 2000);
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

/* The export never appends to a file that is not this database's. */
START_TEST(test_audit_checkpoints__export_refuses_a_foreign_file)
{
	char *dir = tmpdir_new();
	char *dir2 = tmpdir_new();
	cus_db *db = adb_new(dir);
	cus_db *other = adb_new(dir2);
	append_n(db, 1000);
	append_n(other, 1000);
	const char *mine = path_in(dir, "c.db.checkpoints");
	const char *theirs = path_in(dir2, "c.db.checkpoints");
	char before[65], after[65];

	/* another database's checkpoint file */
	file_digest(theirs, before);
	ck_assert_cus(cus__audit_export(db, theirs), CUS_EINTEGRITY);
	ck_assert_ptr_nonnull(strstr(cus_error_last()->message, "another database"));
	file_digest(theirs, after);
	ck_assert_str_eq(before, after);
	verify_bad(db, theirs, 1000, "belongs to another database");

	/* a file that is not a checkpoint file at all */
	const char *notes = path_in(dir, "notes.txt");
	file_write(notes, "meeting notes\nkeep this\n", 24);
	file_digest(notes, before);
	ck_assert_cus(cus__audit_export(db, notes), CUS_EINTEGRITY);
	file_digest(notes, after);
	ck_assert_str_eq(before, after);
	file_write(notes, "no line end", 11);
	ck_assert_cus(cus__audit_export(db, notes), CUS_EINTEGRITY);
	ck_assert(file_contains(notes, "no line end", 11));

	/* the own file still takes new checkpoints */
	append_n(db, 1000);
	file_checks_out(db, mine, 2);
	cus_db_close(db);
	cus_db_close(other);
	tmpdir_remove(dir);
	tmpdir_remove(dir2);
}
END_TEST

START_TEST(test_audit_checkpoints__named_missing_file_is_not_found)
{
	char *dir = tmpdir_new();
	cus_db *db = adb_new(dir);
	append_n(db, 10);
	cus_audit_report *r = (cus_audit_report *)1;
	ck_assert_cus(cus_audit_verify(&r, db, path_in(dir, "nowhere.checkpoints")), CUS_ENOTFOUND);
	ck_assert_ptr_null(r);
	ck_assert_str_eq(cus_error_last()->field, "checkpoints");
	/* the default file may be missing: nothing was exported yet */
	verify_ok(db, NULL, 10);
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

/* A file made by a database at another path (the option) works the same. */
START_TEST(test_audit_checkpoints__checkpoints_path_option)
{
	char *dir = tmpdir_new();
	cus_key *k = key_pass(AUDIT_PASS);
	cus_db_options o = CUS_DB_OPTIONS_INIT;
	o.checkpoints_path = path_in(dir, "elsewhere.cp");
	cus_db *db = NULL;
	ck_assert_cus(cus_db_create(&db, path_in(dir, "c.db"), "admin", k, &o), 0);
	cus_key_free(k);
	append_n(db, 1000);
	ck_assert_int_eq(access(path_in(dir, "elsewhere.cp"), F_OK), 0);
	ck_assert_int_ne(access(path_in(dir, "c.db.checkpoints"), F_OK), 0);
	verify_ok(db, NULL, 1000);
	verify_ok(db, path_in(dir, "elsewhere.cp"), 1000);
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

TCase *tcase_audit_checkpoints(void)
{
	TCase *tc = tcase_create("checkpoints");
	tcase_add_test(tc, test_audit_checkpoints__automatic_every_1000_entries);
	tcase_add_test(tc, test_audit_checkpoints__on_demand);
	tcase_add_test(tc, test_audit_checkpoints__crash_before_export_is_repaired);
	tcase_add_test(tc, test_audit_checkpoints__torn_line_is_repaired);
	tcase_add_test(tc, test_audit_checkpoints__export_to_a_named_file);
	tcase_add_test(tc, test_audit_checkpoints__export_refuses_a_foreign_file);
	tcase_add_test(tc, test_audit_checkpoints__named_missing_file_is_not_found);
	tcase_add_test(tc, test_audit_checkpoints__checkpoints_path_option);
	return tc;
}
