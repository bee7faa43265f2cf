/* Reading the log: filters, date validation, the iterator. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "common.h"

static void append_as(cus_db *db, const char *user, const char *subject, int n)
{
	cus__actor a = test_actor;
	a.user = user;
	sql_ok(db, "BEGIN IMMEDIATE");
	for (int i = 0; i < n; i++)
		ck_assert_cus(cus__audit_append(db, &a, "person.read", "person", subject, "basic", "ok", NULL), 0);
	sql_ok(db, "COMMIT");
	ck_assert_cus(cus__audit_after_commit(db), 0);
}

static int count(cus_db *db, const char *subject, const char *user, const char *from, const char *to)
{
	cus_audit_filter f = CUS_AUDIT_FILTER_INIT;
	f.subject = subject;
	f.user = user;
	f.from = from;
	f.to = to;
	cus_audit_iter *it = NULL;
	int rc = cus__audit_query(&it, db, &f);
	ck_assert_msg(rc == 0, "query: %s", cus_error_last()->message);
	const cus_audit_entry *e;
	int n = 0;
	int64_t last = 0;
	while ((rc = cus_audit_next(&e, it)) == 0) {
		n++;
		ck_assert_int_gt(e->seq, last); /* oldest first */
		last = e->seq;
		if (subject)
			ck_assert_str_eq(e->subject, subject);
		if (user)
			ck_assert_str_eq(e->user, user);
	}
	ck_assert_int_eq(rc, CUS_ITEROVER);
	ck_assert_int_eq(cus_audit_next(&e, it), CUS_ITEROVER);
	cus_audit_iter_free(it);
	return n;
}

static void day(char out[11], int offset_days)
{
	time_t t = time(NULL) + (time_t)offset_days * 86400;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

START_TEST(test_audit_query__filters)
{
	char *dir = tmpdir_new();
	cus_db *db = adb_new(dir);
	append_as(db, "akowalska", "P1", 3);
	append_as(db, "jnowak", "P1", 2);
	append_as(db, "jnowak", "P2", 4);
	append_as(db, "jnowak", NULL, 1);
	char yesterday[11], today[11], tomorrow[11];
	day(yesterday, -1);
	day(today, 0);
	day(tomorrow, 1);
	ck_assert_int_eq(count(db, NULL, NULL, NULL, NULL), 10);
	ck_assert_int_eq(count(db, "P1", NULL, NULL, NULL), 5);
	ck_assert_int_eq(count(db, "P2", NULL, NULL, NULL), 4);
	ck_assert_int_eq(count(db, "P3", NULL, NULL, NULL), 0);
	ck_assert_int_eq(count(db, NULL, "jnowak", NULL, NULL), 7);
	ck_assert_int_eq(count(db, "P1", "jnowak", NULL, NULL), 2);
	ck_assert_int_eq(count(db, NULL, NULL, today, today), 10);     /* "to" is inclusive */
	ck_assert_int_eq(count(db, NULL, NULL, yesterday, NULL), 10);
	ck_assert_int_eq(count(db, NULL, NULL, NULL, today), 10);
	ck_assert_int_eq(count(db, NULL, NULL, tomorrow, NULL), 0);
	ck_assert_int_eq(count(db, NULL, NULL, NULL, yesterday), 0);
	ck_assert_int_eq(count(db, "P2", "jnowak", yesterday, tomorrow), 4);
	/* NULL filter: everything */
	cus_audit_iter *it = NULL;
	ck_assert_cus(cus__audit_query(&it, db, NULL), 0);
	cus_audit_iter_free(it);
	cus_audit_iter_free(NULL);
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(test_audit_query__entries_carry_every_field)
{
	char *dir = tmpdir_new();
	cus_db *db = adb_new(dir);
	append_n(db, 2);
	cus_audit_iter *it = NULL;
	/* read inside a transaction, used after it ended */
	sql_ok(db, "BEGIN");
	ck_assert_cus(cus__audit_query(&it, db, NULL), 0);
	sql_ok(db, "COMMIT");
	const cus_audit_entry *e = NULL;
	ck_assert_cus(cus_audit_next(&e, it), 0);
	ck_assert_int_eq(e->seq, 1);
	ck_assert_uint_eq(strlen(e->time), 24);
	ck_assert_str_eq(e->user, test_actor.user);
	ck_assert_str_eq(e->role, test_actor.role);
	ck_assert_str_eq(e->session, test_actor.session);
	ck_assert_str_eq(e->action, "person.read");
	ck_assert_str_eq(e->object_type, "person");
	ck_assert_str_eq(e->subject, "P000001");
	ck_assert_str_eq(e->categories, "basic,contact");
	ck_assert_str_eq(e->purpose, test_actor.purpose);
	ck_assert_str_eq(e->legal_basis, test_actor.legal_basis);
	ck_assert_str_eq(e->outcome, "ok");
	ck_assert_int_eq(e->policy_version, test_actor.policy_version);
	ck_assert_str_eq(e->detail, "test entry 1");
	ck_assert_str_eq(e->prev_hash, "0000000000000000000000000000000000000000000000000000000000000000");
	unsigned char h[32];
	char hex[65];
	stored_hash(db, 1, h);
	sodium_bin2hex(hex, sizeof hex, h, 32);
	ck_assert_str_eq(e->hash, hex);
	char first[65];
	strcpy(first, e->hash);
	ck_assert_cus(cus_audit_next(&e, it), 0);
	ck_assert_int_eq(e->seq, 2);
	ck_assert_ptr_null(e->subject);
	ck_assert_ptr_null(e->detail);
	ck_assert_str_eq(e->prev_hash, first);
	ck_assert_int_eq(cus_audit_next(&e, it), CUS_ITEROVER);
	ck_assert_ptr_null(e);
	ck_assert_cus(cus_audit_next(NULL, it), CUS_EINVAL);
	cus_audit_iter_free(it);
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

static void bad_filter(cus_db *db, const char *from, const char *to, const char *field)
{
	cus_audit_filter f = CUS_AUDIT_FILTER_INIT;
	f.from = from;
	f.to = to;
	cus_audit_iter *it = (cus_audit_iter *)1;
	ck_assert_cus(cus__audit_query(&it, db, &f), CUS_EINVAL);
	ck_assert_ptr_null(it);
	ck_assert_ptr_nonnull(cus_error_last()->field);
	ck_assert_msg(strcmp(cus_error_last()->field, field) == 0, "from %s to %s: field %s, expected %s",
		from ? from : "-", to ? to : "-", cus_error_last()->field, field);
	ck_assert_str_eq(cus_error_last()->module, "audit");
}

START_TEST(test_audit_query__dates_are_validated_strictly)
{
	char *dir = tmpdir_new();
	cus_db *db = adb_new(dir);
	static const char *bad[] = { "2024-02-30", "2023-02-29", "2024-13-01", "2024-00-10", "2024-01-00",
		"2024-04-31", "2024-2-01", "2024-02-1", "20240201", "2024/02/01", "2024-02-01x", " 2024-02-01",
		"2024-02-01T00:00", "0000-01-01", "", "yesterday", "2024-0a-01", "１２３４-01-01" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		bad_filter(db, bad[i], NULL, "from");
		bad_filter(db, NULL, bad[i], "to");
	}
	bad_filter(db, "2024-03-02", "2024-03-01", "to"); /* to before from */
	/* good ones, including leap days and the ends of the calendar */
	ck_assert_int_eq(count(db, NULL, NULL, "2024-02-29", "2024-02-29"), 0);
	ck_assert_int_eq(count(db, NULL, NULL, "2000-02-29", "2100-02-28"), 0);
	ck_assert_int_eq(count(db, NULL, NULL, "0001-01-01", "9999-12-31"), 0);
	append_n(db, 1);
	ck_assert_int_eq(count(db, NULL, NULL, "0001-01-01", "9999-12-31"), 1);

	cus_audit_filter f = CUS_AUDIT_FILTER_INIT;
	cus_audit_iter *it = NULL;
	f.version = 99;
	ck_assert_cus(cus__audit_query(&it, db, &f), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "filter");
	f.version = CUS_AUDIT_FILTER_VERSION;
	f.user = "Not A Login";
	ck_assert_cus(cus__audit_query(&it, db, &f), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "user");
	f.user = NULL;
	f.subject = "";
	ck_assert_cus(cus__audit_query(&it, db, &f), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "subject");
	ck_assert_cus(cus__audit_query(NULL, db, &f), CUS_EINVAL);
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

TCase *tcase_audit_query(void)
{
	TCase *tc = tcase_create("query");
	tcase_add_test(tc, test_audit_query__filters);
	tcase_add_test(tc, test_audit_query__entries_carry_every_field);
	tcase_add_test(tc, test_audit_query__dates_are_validated_strictly);
	return tc;
}
