/* An insider with the key and the sqlcipher shell tries to change history.
 * Every attempt works on the raw SQLCipher handle, dropping the triggers
 * where needed, exactly as that insider would. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "common.h"

/* Commit n entries; return what cus__audit_after_commit said. */
static int append_plain(cus_db *db, int n)
{
	sql_ok(db, "BEGIN IMMEDIATE");
	for (int i = 0; i < n; i++)
		ck_assert_cus(cus__audit_append(db, &test_actor, "person.read", "person", "P9", "basic", "ok", NULL), 0);
	sql_ok(db, "COMMIT");
	return cus__audit_after_commit(db);
}

static void copy_file(const char *from, const char *to)
{
	size_t n = 0;
	unsigned char *d = file_read(from, &n);
	if (!d) {
		unlink(to);
		return;
	}
	file_write(to, d, n);
	free(d);
}

START_TEST(test_audit_tamper__triggers_refuse_update_and_delete)
{
	char *dir = tmpdir_new();
	cus_db *db = adb_new(dir);
	append_n(db, 1000);
	char before[65];
	unsigned char h[32];
	stored_hash(db, 500, h);
	sodium_bin2hex(before, sizeof before, h, 32);
	static const char *attempts[] = {
		"UPDATE audit_log SET user = 'someone' WHERE seq = 500",
		"UPDATE audit_log SET seq = seq + 5000 WHERE seq = 500",
		"DELETE FROM audit_log WHERE seq = 500",
		"DELETE FROM audit_log",
		/* REPLACE deletes without firing the DELETE trigger: refused on insert */
		"INSERT OR REPLACE INTO audit_log SELECT 500, time, 'someone', role, session, action, object_type,"
		" subject, categories, purpose, legal_basis, outcome, policy_version, detail, prev_hash, hash"
		" FROM audit_log WHERE seq = 500",
		"REPLACE INTO audit_log SELECT * FROM audit_log WHERE seq = 1000",
		/* nor can an entry be slipped in past the end, leaving a gap */
		"INSERT INTO audit_log SELECT 1002, time, user, role, session, action, object_type, subject,"
		" categories, purpose, legal_basis, outcome, policy_version, detail, hash, hash FROM audit_log"
		" WHERE seq = 1000",
		"INSERT INTO audit_log (time, user, role, session, action, object_type, categories, purpose,"
		" legal_basis, outcome, policy_version, prev_hash, hash) SELECT time, user, role, session, action,"
		" object_type, categories, purpose, legal_basis, outcome, policy_version, prev_hash, hash"
		" FROM audit_log WHERE seq = 1000",
		"REPLACE INTO audit_checkpoints SELECT * FROM audit_checkpoints",
		"INSERT INTO audit_checkpoints SELECT 999, log_id, head_hash, time, prev_checkpoint, public_key,"
		" signature FROM audit_checkpoints",
		"UPDATE audit_checkpoints SET signature = zeroblob(64)",
		"DELETE FROM audit_checkpoints",
	};
	for (size_t i = 0; i < sizeof attempts / sizeof attempts[0]; i++) {
		int rc = sql_fails(db, attempts[i]);
		ck_assert_msg((rc & 0xff) == SQLITE_CONSTRAINT, "%s: %d", attempts[i], rc);
		ck_assert_msg(strstr(sqlite3_errmsg(cus__db_sql(db)), "append-only") != NULL, "%s: %s", attempts[i],
			sqlite3_errmsg(cus__db_sql(db)));
	}
	/* the shape checks are there too */
	ck_assert_int_eq(sql_fails(db, "INSERT INTO audit_log SELECT 0, time, user, role, session, action,"
		" object_type, subject, categories, purpose, legal_basis, outcome, policy_version, detail, prev_hash,"
		" hash FROM audit_log WHERE seq = 1") & 0xff, SQLITE_CONSTRAINT);
	ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM audit_log"), 1000);
	ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM audit_checkpoints"), 1);
	stored_hash(db, 500, h);
	char after[65];
	sodium_bin2hex(after, sizeof after, h, 32);
	ck_assert_str_eq(before, after);
	verify_ok(db, NULL, 1000);
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

/* Every field of an entry is covered by its hash. */
START_TEST(test_audit_tamper__a_changed_field_is_caught)
{
	char *dir = tmpdir_new();
	cus_db *db = adb_new(dir);
	append_n(db, 30);
	drop_triggers(db);
	sql_ok(db, "CREATE TEMP TABLE saved AS SELECT * FROM audit_log WHERE seq = 17");
	static const char *changes[] = {
		"time = '2020-01-01T00:00:00.000Z'",
		"time = substr(time, 1, 23) || 'z'",
		"user = 'jnowak'",
		"role = 'admin'",
		"session = 'ffffffffffffffffffffffffffffffff'",
		"action = 'person.list'",
		"object_type = 'household'",
		"subject = 'P000019'",
		"subject = NULL",
		"subject = ''",
		"categories = 'basic'",
		"purpose = 'audit'",
		"legal_basis = legal_basis || ' '",
		"outcome = 'denied'",
		"policy_version = policy_version + 1",
		"policy_version = -1",
		"policy_version = policy_version || 'x'",
		"detail = NULL",
		"detail = detail || '.'",
		"prev_hash = zeroblob(32)",
		"hash = zeroblob(32)",
		"hash = randomblob(32)",
	};
	for (size_t i = 0; i < sizeof changes / sizeof changes[0]; i++) {
		char q[256];
		snprintf(q, sizeof q, "UPDATE audit_log SET %s WHERE seq = 17", changes[i]);
		sql_ok(db, q);
		verify_bad(db, NULL, 17, "entry 17 was changed");
		sql_ok(db, "DELETE FROM audit_log WHERE seq = 17; INSERT INTO audit_log SELECT * FROM temp.saved");
		verify_ok(db, NULL, 30);
	}
	/* a hash of the wrong length: the table's own CHECK refuses it */
	ck_assert_int_eq(sql_fails(db, "UPDATE audit_log SET hash = x'00' WHERE seq = 17") & 0xff, SQLITE_CONSTRAINT);
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(test_audit_tamper__a_deleted_entry_is_caught)
{
	char *dir = tmpdir_new();
	cus_db *db = adb_new(dir);
	append_n(db, 30);
	drop_triggers(db);
	sql_ok(db, "DELETE FROM audit_log WHERE seq = 12");
	verify_bad(db, NULL, 12, "entry 12 is missing");
	sql_ok(db, "DELETE FROM audit_log WHERE seq IN (13, 14)");
	verify_bad(db, NULL, 12, "entries 12 to 14 are missing");
	sql_ok(db, "DELETE FROM audit_log WHERE seq = 1");
	verify_bad(db, NULL, 1, "entry 1 is missing");
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(test_audit_tamper__a_deleted_and_renumbered_entry_is_caught)
{
	char *dir = tmpdir_new();
	cus_db *db = adb_new(dir);
	append_n(db, 30);
	drop_triggers(db);
	sql_ok(db, "DELETE FROM audit_log WHERE seq = 12;"
		   "UPDATE audit_log SET seq = seq + 999999 WHERE seq > 12;"
		   "UPDATE audit_log SET seq = seq - 1000000 WHERE seq > 1000000;");
	ck_assert_int_eq(sql_int(db, "SELECT max(seq) FROM audit_log"), 29);
	verify_bad(db, NULL, 12, "entry 12 was deleted and the entries after it renumbered");
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(test_audit_tamper__an_inserted_entry_is_caught)
{
	char *dir = tmpdir_new();
	cus_db *db = adb_new(dir);
	append_n(db, 30);
	drop_triggers(db);
	/* make room at 11 and forge a well-formed entry there: right hash, right link */
	sql_ok(db, "UPDATE audit_log SET seq = seq + 1000001 WHERE seq > 10;"
		   "UPDATE audit_log SET seq = seq - 1000000 WHERE seq > 1000000;"
		   "INSERT INTO audit_log SELECT 11, time, user, role, session, 'person.read', object_type, 'P000099',"
		   " categories, purpose, legal_basis, outcome, policy_version, NULL, hash, zeroblob(32)"
		   " FROM audit_log WHERE seq = 10;");
	unsigned char h[32];
	ref_entry_hash_of_row(db, 11, h);
	sqlite3_stmt *st = NULL;
	ck_assert_int_eq(sqlite3_prepare_v2(cus__db_sql(db), "UPDATE audit_log SET hash = ? WHERE seq = 11", -1, &st,
		NULL), SQLITE_OK);
	sqlite3_bind_blob(st, 1, h, 32, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	verify_bad(db, NULL, 11, "entry 11 was inserted and the entries after it renumbered");
	cus_db_close(db);

	/* an entry added at the end with a made-up hash */
	tmpdir_remove(dir);
	dir = tmpdir_new();
	db = adb_new(dir);
	append_n(db, 30);
	sql_ok(db, "INSERT INTO audit_log SELECT 31, time, user, role, session, action, object_type, subject,"
		   " categories, purpose, legal_basis, outcome, policy_version, detail, hash, randomblob(32)"
		   " FROM audit_log WHERE seq = 30");
	verify_bad(db, NULL, 31, "entry 31 was changed");
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(test_audit_tamper__swapped_entries_are_caught)
{
	char *dir = tmpdir_new();
	cus_db *db = adb_new(dir);
	append_n(db, 30);
	drop_triggers(db);
	sql_ok(db, "CREATE TEMP TABLE t AS SELECT * FROM audit_log WHERE seq IN (5, 6);"
		   "DELETE FROM audit_log WHERE seq IN (5, 6);"
		   "UPDATE t SET seq = 11 - seq;"
		   "INSERT INTO audit_log SELECT * FROM t;");
	verify_bad(db, NULL, 5, "entries 5 and 6 were swapped");
	cus_db_close(db);

	/* an entry moved further away */
	tmpdir_remove(dir);
	dir = tmpdir_new();
	db = adb_new(dir);
	append_n(db, 30);
	drop_triggers(db);
	sql_ok(db, "CREATE TEMP TABLE t AS SELECT * FROM audit_log WHERE seq IN (5, 9);"
		   "DELETE FROM audit_log WHERE seq IN (5, 9);"
		   "UPDATE t SET seq = 14 - seq;"
		   "INSERT INTO audit_log SELECT * FROM t;");
	verify_bad(db, NULL, 5, "entry 5 holds what was written as entry 9");
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

/* The insider rewrites history and recomputes the chain: the checkpoints
 * catch it; re-signing them too (the key derives from the master key they
 * hold) leaves only the exported checkpoint file to tell. */
START_TEST(test_audit_tamper__a_rebuilt_chain_is_caught_by_the_checkpoints)
{
	char *dir = tmpdir_new();
	cus_db *db = adb_new(dir);
	append_chunked(db, 2500, 1000);
	drop_triggers(db);
	sql_ok(db, "UPDATE audit_log SET user = 'jnowak' WHERE seq = 1017");
	rewrite_chain_from(db, 1017);
	verify_bad(db, NULL, 1001, "the log was changed between entries 1001 and 2000");
	resign_db_checkpoints(db);
	verify_bad(db, NULL, 1001, "the checkpoint file's checkpoint at 2000 does not match entry 2000");
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

/* Delete the last entries and their database checkpoints: the file knows. */
START_TEST(test_audit_tamper__a_truncated_tail_is_caught)
{
	char *dir = tmpdir_new();
	cus_db *db = adb_new(dir);
	append_chunked(db, 2500, 1000);
	drop_triggers(db);
	sql_ok(db, "DELETE FROM audit_log WHERE seq > 1500");
	/* the database's own checkpoint at 2000 is still there */
	verify_bad(db, NULL, 1501, "checkpoint at 2000 is beyond the last entry (1500)");
	sql_ok(db, "DELETE FROM audit_checkpoints WHERE seq > 1500");
	verify_bad(db, NULL, 1501,
		"the checkpoint file knows entry 2000 but the database ends at 1500: an older copy of the database"
		" was restored or the log was truncated");
	/* the whole log */
	sql_ok(db, "DELETE FROM audit_log; DELETE FROM audit_checkpoints;");
	verify_bad(db, NULL, 1, "the database's log is empty");
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(test_audit_tamper__a_forged_checkpoint_in_the_database_is_caught)
{
	char *dir = tmpdir_new();
	cus_db *db = adb_new(dir);
	append_chunked(db, 2000, 1000);
	drop_triggers(db);
	sql_ok(db, "CREATE TEMP TABLE cp AS SELECT * FROM audit_checkpoints WHERE seq = 1000");
	/* one bit of the signature */
	sql_ok(db, "UPDATE audit_checkpoints SET signature = zeroblob(64) WHERE seq = 1000");
	verify_bad(db, NULL, 1000, "checkpoint at 1000 has a bad signature");
	sql_ok(db, "DELETE FROM audit_checkpoints WHERE seq = 1000; INSERT INTO audit_checkpoints SELECT * FROM temp.cp");
	verify_ok(db, NULL, 2000);

	/* signed by the forger's own key, stored with it: the stored key is not trusted */
	unsigned char pk[32], sk[64];
	crypto_sign_keypair(pk, sk);
	refcp c;
	refbuf m;
	sqlite3_stmt *st = NULL;
	ck_assert_int_eq(sqlite3_prepare_v2(cus__db_sql(db), "SELECT seq, log_id, head_hash, time, prev_checkpoint"
		" FROM audit_checkpoints WHERE seq = 1000", -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	c.seq = 1000;
	snprintf(c.log_id, sizeof c.log_id, "%s", sqlite3_column_text(st, 1));
	memcpy(c.head, sqlite3_column_blob(st, 2), 32);
	snprintf(c.time, sizeof c.time, "%s", sqlite3_column_text(st, 3));
	memcpy(c.prev, sqlite3_column_blob(st, 4), 32);
	sqlite3_finalize(st);
	ref_cp_message(&m, &c);
	crypto_sign_detached(c.sig, NULL, m.b, m.n, sk);
	ck_assert_int_eq(sqlite3_prepare_v2(cus__db_sql(db), "UPDATE audit_checkpoints SET public_key = ?,"
		" signature = ? WHERE seq = 1000", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_blob(st, 1, pk, 32, SQLITE_STATIC);
	sqlite3_bind_blob(st, 2, c.sig, 64, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	verify_bad(db, NULL, 1000, "checkpoint at 1000 names a public key that is not this database's");
	/* the same forged signature beside the right public key */
	sql_ok(db, "UPDATE audit_checkpoints SET public_key = (SELECT public_key FROM temp.cp) WHERE seq = 1000");
	verify_bad(db, NULL, 1000, "checkpoint at 1000 has a bad signature");
	sql_ok(db, "DELETE FROM audit_checkpoints WHERE seq = 1000; INSERT INTO audit_checkpoints SELECT * FROM temp.cp");
	verify_ok(db, NULL, 2000);

	/* a checkpoint deleted from the database's chain */
	sql_ok(db, "DELETE FROM audit_checkpoints WHERE seq = 1000");
	verify_bad(db, NULL, 1, "the first checkpoint (at 2000) does not start the checkpoint chain");
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

static void edit_line(const char *file, size_t line, size_t field, const char *value)
{
	size_t n = 0;
	char **l = lines_read(file, &n);
	ck_assert_uint_lt(line - 1, n);
	char out[1024] = "", *save = NULL, *copy = strdup(l[line - 1]);
	size_t i = 0;
	for (char *tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save), i++) {
		if (i)
			strcat(out, " ");
		strcat(out, i == field ? value : tok);
	}
	free(copy);
	free(l[line - 1]);
	l[line - 1] = strdup(out);
	lines_write(file, l, n);
	lines_free(l, n);
}

START_TEST(test_audit_tamper__a_forged_checkpoint_in_the_file_is_caught)
{
	char *dir = tmpdir_new();
	cus_db *db = adb_new(dir);
	const char *file = path_in(dir, "c.db.checkpoints");
	const char *keep = path_in(dir, "keep");
	append_chunked(db, 3000, 1000);
	copy_file(file, keep);
	char zeros[129];
	memset(zeros, '0', 128);
	zeros[128] = '\0';
	edit_line(file, 1, 7, zeros);
	verify_bad(db, NULL, 1000, "the checkpoint at 1000 in the checkpoint file (line 1) has a bad signature");
	copy_file(keep, file);

	/* a line signed by the forger's own key, naming it */
	size_t n = 0;
	char **l = lines_read(file, &n);
	refcp c;
	refbuf m;
	ck_assert_int_eq(ref_cp_parse(&c, l[1]), 0);
	unsigned char sk[64];
	crypto_sign_keypair(c.pk, sk);
	memset(c.head, 0x5a, 32);
	ref_cp_message(&m, &c);
	crypto_sign_detached(c.sig, NULL, m.b, m.n, sk);
	char forged[600];
	ref_cp_line(forged, sizeof forged, &c);
	free(l[1]);
	l[1] = strdup(forged);
	lines_write(file, l, n);
	lines_free(l, n);
	verify_bad(db, NULL, 2000, "line 2 of the checkpoint file (checkpoint at 2000) names a public key");
	copy_file(keep, file);
	verify_ok(db, NULL, 3000);
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(test_audit_tamper__an_edited_checkpoint_file_is_caught)
{
	char *dir = tmpdir_new();
	cus_db *db = adb_new(dir);
	const char *file = path_in(dir, "c.db.checkpoints");
	const char *keep = path_in(dir, "keep");
	append_chunked(db, 3000, 1000);
	copy_file(file, keep);
	char hex[65];
	memset(hex, 'a', 64);
	hex[64] = '\0';

	edit_line(file, 2, 3, hex); /* the head hash */
	verify_bad(db, NULL, 2000, "the checkpoint at 2000 in the checkpoint file (line 2) has a bad signature");
	copy_file(keep, file);
	edit_line(file, 2, 2, "1999"); /* the sequence number */
	verify_bad(db, NULL, 1999, "bad signature");
	copy_file(keep, file);
	edit_line(file, 2, 4, "2001-01-01T00:00:00.000Z"); /* the time */
	verify_bad(db, NULL, 2000, "bad signature");
	copy_file(keep, file);

	/* a line removed from the middle */
	size_t n = 0;
	char **l = lines_read(file, &n);
	ck_assert_uint_eq(n, 3);
	char *mid = l[1];
	l[1] = l[2];
	lines_write(file, l, 2);
	verify_bad(db, NULL, 1001, "the checkpoint at 3000 in the checkpoint file (line 2) does not link to the"
		" line before it");
	/* lines reordered */
	l[2] = l[1];
	l[1] = mid;
	char *t = l[0];
	l[0] = l[1];
	l[1] = t;
	lines_write(file, l, 3);
	verify_bad(db, NULL, 1000, "out of order");
	lines_free(l, 3);
	copy_file(keep, file);

	/* something that is not a checkpoint */
	FILE *f = fopen(file, "a");
	fputs("cus-audit-checkpoint-v1 nonsense\n", f);
	fclose(f);
	verify_bad(db, NULL, 3001, "line 4 of the checkpoint file is not a checkpoint");
	copy_file(keep, file);
	verify_ok(db, NULL, 3000);
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

/* Restore an older copy of the database file (and its key store) in place
 * of the current one: SQLCipher accepts it, the checkpoint file does not. */
START_TEST(test_audit_tamper__an_older_copy_restored_is_caught)
{
	char *dir = tmpdir_new();
	cus_db *db = adb_new(dir);
	const char *file = path_in(dir, "c.db.checkpoints");
	append_chunked(db, 1500, 1000);
	cus_db_close(db); /* the WAL is folded into the file on close */
	ck_assert_int_ne(access(path_in(dir, "c.db-wal"), F_OK), 0);
	copy_file(path_in(dir, "c.db"), path_in(dir, "old.db"));
	copy_file(path_in(dir, "c.db.keys"), path_in(dir, "old.db.keys"));

	db = adb_open(dir);
	append_chunked(db, 1000, 1000); /* 2500; a checkpoint at 2000 */
	int64_t seq = 0;
	sql_ok(db, "BEGIN IMMEDIATE");
	ck_assert_cus(cus__audit_checkpoint_now(db, &seq), 0);
	sql_ok(db, "COMMIT");
	ck_assert_cus(cus__audit_after_commit(db), 0);
	ck_assert_int_eq(seq, 2500);
	verify_ok(db, NULL, 2500);
	cus_db_close(db);

	/* the rollback */
	copy_file(path_in(dir, "old.db"), path_in(dir, "c.db"));
	copy_file(path_in(dir, "old.db.keys"), path_in(dir, "c.db.keys"));
	unlink(path_in(dir, "c.db-wal"));
	unlink(path_in(dir, "c.db-shm"));
	char before[65], after[65];
	file_digest(file, before);
	db = adb_open(dir); /* opens without complaint: SQLCipher cannot see it */
	verify_bad(db, NULL, 1501,
		"the checkpoint file knows entry 2000 but the database ends at 1500: an older copy of the database"
		" was restored or the log was truncated");
	/* and the restored database does not write over the evidence */
	ck_assert_cus(append_plain(db, 1), CUS_EINTEGRITY);
	ck_assert_ptr_nonnull(strstr(cus_error_last()->message, "older copy"));
	ck_assert_cus(append_plain(db, 600), CUS_EINTEGRITY); /* 2101 entries, a new checkpoint at 2000 */
	file_digest(file, after);
	ck_assert_str_eq(before, after);
	/* grown past the file's checkpoint at 2000, the entry there is another one */
	verify_bad(db, NULL, 1001, "the checkpoint file's checkpoint at 2000 does not match entry 2000 of the"
		" database");
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

TCase *tcase_audit_tamper(void)
{
	TCase *tc = tcase_create("tamper");
	tcase_add_test(tc, test_audit_tamper__triggers_refuse_update_and_delete);
	tcase_add_test(tc, test_audit_tamper__a_changed_field_is_caught);
	tcase_add_test(tc, test_audit_tamper__a_deleted_entry_is_caught);
	tcase_add_test(tc, test_audit_tamper__a_deleted_and_renumbered_entry_is_caught);
	tcase_add_test(tc, test_audit_tamper__an_inserted_entry_is_caught);
	tcase_add_test(tc, test_audit_tamper__swapped_entries_are_caught);
	tcase_add_test(tc, test_audit_tamper__a_rebuilt_chain_is_caught_by_the_checkpoints);
	tcase_add_test(tc, test_audit_tamper__a_truncated_tail_is_caught);
	tcase_add_test(tc, test_audit_tamper__a_forged_checkpoint_in_the_database_is_caught);
	tcase_add_test(tc, test_audit_tamper__a_forged_checkpoint_in_the_file_is_caught);
	tcase_add_test(tc, test_audit_tamper__an_edited_checkpoint_file_is_caught);
	tcase_add_test(tc, test_audit_tamper__an_older_copy_restored_is_caught);
	return tc;
}
