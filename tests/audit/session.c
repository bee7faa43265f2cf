/* The session-facing functions: reading the log and checkpointing on
 * demand are audited operations on the "audit" category. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "access/access.h"
#include "common.h"

/* A centre with an administrator and a data protection officer "iod". */
static void centre_new(const char *dir)
{
	cus_key *k = key_pass("admin passphrase");
	cus_db *db = NULL;
	int rc = cus_db_init(&db, path_in(dir, "c.db"), "admin", k, TEST_POLICY, NULL);
	ck_assert_msg(rc == 0, "cus_db_init: %s", cus_error_last()->message);
	cus_key_free(k);
	cus_session *s = session_for(db, "administration");
	centre_add_user(s, "iod", "iod");
	cus_session_close(s);
	cus_db_close(db);
}

static int64_t entries(cus_db *db)
{
	return sql_int(db, "SELECT count(*) FROM audit_log");
}

START_TEST(test_audit_session__the_officer_reads_the_log)
{
	char *dir = tmpdir_new();
	centre_new(dir);
	cus_db *db = centre_open_as(dir, "iod");
	cus_session *s = session_for(db, "audit");
	int64_t before = entries(db);
	cus_audit_iter *it = NULL;
	ck_assert_cus(cus_audit_log(&it, s, NULL), 0);
	const cus_audit_entry *e = NULL, *last = NULL;
	int64_t n = 0;
	while (cus_audit_next(&e, it) == 0) {
		n++;
		last = e;
	}
	/* the reading is audited, in the same transaction: the result ends with it */
	ck_assert_int_eq(n, before + 1);
	ck_assert_str_eq(last->action, "audit.read");
	ck_assert_str_eq(last->user, "iod");
	ck_assert_str_eq(last->role, "iod");
	ck_assert_str_eq(last->purpose, "audit");
	ck_assert_str_eq(last->session, cus_session_id(s));
	ck_assert_str_eq(last->outcome, "ok");
	cus_audit_iter_free(it);

	/* by subject: the entry names the subject looked up, the criteria in detail */
	cus_audit_filter f = CUS_AUDIT_FILTER_INIT;
	f.subject = "admin";
	f.from = "2000-01-01";
	ck_assert_cus(cus_audit_log(&it, s, &f), 0);
	n = 0;
	while (cus_audit_next(&e, it) == 0) {
		ck_assert_str_eq(e->subject, "admin");
		n++;
	}
	ck_assert_int_ge(n, 2); /* user.add of the admin, and this reading */
	cus_audit_iter_free(it);
	ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM audit_log WHERE action = 'audit.read'"
		" AND subject = 'admin' AND detail = 'from 2000-01-01'"), 1);

	/* bad input is refused before anything is read or written */
	int64_t count = entries(db);
	f.from = "2000-02-30";
	it = (cus_audit_iter *)1;
	ck_assert_cus(cus_audit_log(&it, s, &f), CUS_EINVAL);
	ck_assert_ptr_null(it);
	ck_assert_str_eq(cus_error_last()->field, "from");
	f.from = NULL;
	f.to = "31-12-2024";
	ck_assert_cus(cus_audit_log(&it, s, &f), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "to");
	ck_assert_int_eq(entries(db), count);
	ck_assert_cus(cus_audit_log(NULL, s, NULL), CUS_EINVAL);
	ck_assert_cus(cus_audit_log(&it, NULL, NULL), CUS_EINVAL);
	cus_session_close(s);
	verify_ok(db, NULL, entries(db));
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(test_audit_session__others_are_denied_and_audited)
{
	char *dir = tmpdir_new();
	centre_new(dir);
	cus_db *db = centre_open_as(dir, "admin");
	cus_session *s = session_for(db, "administration");
	cus_key *k = key_pass("worker passphrase");
	ck_assert_cus(cus_user_add(s, "worker", "social_worker", "", k, NULL), 0);
	cus_key_free(k);
	/* the administrator may not read the log, but may checkpoint it (a
	 * scheduled job): the policy says so */
	cus_audit_iter *it = (cus_audit_iter *)1;
	ck_assert_cus(cus_audit_log(&it, s, NULL), CUS_EDENIED);
	ck_assert_ptr_null(it);
	int64_t seq = -1;
	ck_assert_cus(cus_audit_checkpoint(s, NULL, &seq), 0);
	ck_assert_int_eq(seq, entries(db));
	cus_session_close(s);
	cus_db_close(db);

	db = centre_open_as(dir, "worker");
	s = session_for(db, "benefits");
	ck_assert_cus(cus_audit_log(&it, s, NULL), CUS_EDENIED);
	ck_assert_cus(cus_audit_checkpoint(s, NULL, &seq), CUS_EDENIED);
	ck_assert_int_eq(seq, 0);
	ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM audit_log WHERE outcome = 'denied'"
		" AND ((user = 'admin' AND action = 'audit.read')"
		" OR (user = 'worker' AND action IN ('audit.read', 'audit.checkpoint')))"), 3);
	ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM audit_checkpoints"), 1);
	cus_session_close(s);
	verify_ok(db, NULL, entries(db));
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(test_audit_session__checkpoint_on_demand)
{
	char *dir = tmpdir_new();
	centre_new(dir);
	cus_db *db = centre_open_as(dir, "iod");
	cus_session *s = session_for(db, "audit");
	const char *mine = path_in(dir, "iod.checkpoints");
	int64_t seq = 0;
	ck_assert_cus(cus_audit_checkpoint(s, mine, &seq), 0);
	/* it covers the entry that records it */
	ck_assert_int_eq(seq, entries(db));
	ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)"
		" AND action = 'audit.checkpoint' AND outcome = 'ok'"), 1);
	/* both the named file and the database's own have it */
	size_t n = 0;
	char **l = lines_read(mine, &n);
	ck_assert_uint_eq(n, 1);
	lines_free(l, n);
	l = lines_read(path_in(dir, "c.db.checkpoints"), &n);
	ck_assert_uint_eq(n, 1);
	lines_free(l, n);
	int64_t seq2 = 0;
	ck_assert_cus(cus_audit_checkpoint(s, NULL, &seq2), 0);
	ck_assert_int_eq(seq2, seq + 1);
	l = lines_read(path_in(dir, "c.db.checkpoints"), &n);
	ck_assert_uint_eq(n, 2);
	lines_free(l, n);
	verify_ok(db, mine, entries(db));
	verify_ok(db, NULL, entries(db));
	/* another database's file is refused and left alone */
	file_write(path_in(dir, "junk"), "not a checkpoint\n", 17);
	ck_assert_cus(cus_audit_checkpoint(s, path_in(dir, "junk"), NULL), CUS_EINTEGRITY);
	ck_assert(file_contains(path_in(dir, "junk"), "not a checkpoint\n", 17));
	ck_assert_cus(cus_audit_checkpoint(s, "", NULL), CUS_EINVAL);
	ck_assert_cus(cus_audit_checkpoint(NULL, NULL, NULL), CUS_EINVAL);
	cus_session_close(s);
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

TCase *tcase_audit_session(void)
{
	TCase *tc = tcase_create("session");
	tcase_add_test(tc, test_audit_session__the_officer_reads_the_log);
	tcase_add_test(tc, test_audit_session__others_are_denied_and_audited);
	tcase_add_test(tc, test_audit_session__checkpoint_on_demand);
	return tc;
}
