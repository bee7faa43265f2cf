/* Erasure (art. 17): granted when no statutory retention applies, refused
 * with the art. 17(3) ground and the date retention ends otherwise. */
#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "retention/retention.h"
#include "policy/policy.h"
#include "store/store.h"

static int erasures(const char *outcome)
{
	cus_db *db = centre_open_as(rdir, "arch");
	sqlite3_stmt *st = NULL;
	ck_assert_int_eq(sqlite3_prepare_v2(cus__db_sql(db), "SELECT count(*) FROM retention_erasures WHERE outcome = ?1",
		-1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, outcome, -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	int n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	cus_db_close(db);
	return n;
}

START_TEST(test_retention_erasure__allowed)
{
	cus_db *db = NULL;
	cus_session *s = ropen(&db, "arch", "data_subject_request");
	cus_erasure e;
	ck_assert_cus(cus_rights_erase(&e, s, F.p7, ""), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "reason");
	/* p7: registered in 2010, nothing since: B10 ended on 2021-01-01 */
	ck_assert_int_eq(cus_rights_erase(&e, s, F.p7, "wniosek z dnia 2026-11-02, pismo nr 5/2026"), 0);
	ck_assert_int_eq(e.erased, 1);
	ck_assert_int_gt(e.request, 0);
	ck_assert_cus(cus_rights_erase(&e, s, F.p7, "ponownie"), CUS_ENOTFOUND);
	char sub[32];
	snprintf(sub, sizeof sub, "p-%lld", (long long)F.p7);
	ck_assert_int_eq(audit_count(db, "rights.erase", "ok", sub), 1);
	rclose(db, s);
	ck_assert_cus(rread(F.p7), CUS_ESHREDDED);
	ck_assert_int_eq(erasures("erased"), 1);
}
END_TEST

START_TEST(test_retention_erasure__refused_with_ground_and_date)
{
	cus_db *db = NULL;
	cus_session *s = ropen(&db, "arch", "data_subject_request");
	cus_erasure e;
	/* p3 applied in 2022: B10 runs to 2033-01-01 */
	ck_assert_cus(cus_rights_erase(&e, s, F.p3, "wniosek z dnia 2026-11-02"), CUS_ERETAINED);
	ck_assert_int_eq(e.erased, 0);
	ck_assert_str_eq(e.ground, "art. 17 ust. 3 lit. b RODO");
	ck_assert_str_eq(e.retained_until, "2033-01-01");
	ck_assert_str_eq(e.reason_code, "retention");
	ck_assert_int_gt(e.request, 0);
	ck_assert(strstr(cus_error_last()->message, "2033-01-01") != NULL);
	ck_assert(strstr(cus_error_last()->message, "lit. b") != NULL);
	char sub[32];
	snprintf(sub, sizeof sub, "p-%lld", (long long)F.p3);
	ck_assert_int_eq(audit_count(db, "rights.erase", "denied", sub), 1);
	ck_assert_int_eq(audit_count(db, "rights.erase", "ok", sub), 0);
	/* an open case: no end yet */
	ck_assert_cus(cus_rights_erase(&e, s, F.p6, "wniosek"), CUS_ERETAINED);
	ck_assert_str_eq(e.reason_code, "open_case");
	ck_assert_str_eq(e.retained_until, "");
	/* the PESEL way */
	char pesel[12];
	ck_assert_int_eq(cus_pesel_make(pesel, "1970-07-07", 'F', 3), 0);
	ck_assert_cus(cus_rights_erase_pesel(&e, s, pesel, "wniosek"), CUS_ERETAINED);
	ck_assert_str_eq(e.retained_until, "2033-01-01");
	rclose(db, s);
	ck_assert_int_eq(rread(F.p3), 0);
	ck_assert_int_eq(erasures("refused"), 3);
	/* the IOD examines requests but does not erase */
	s = ropen(&db, "iod", "data_subject_request");
	ck_assert_cus(cus_rights_erase(&e, s, F.p7, "wniosek"), CUS_EDENIED);
	rclose(db, s);
	ck_assert_int_eq(rread(F.p7), 0);
}
END_TEST

START_TEST(test_retention_erasure__hold_and_archival)
{
	cus_db *db = NULL;
	cus_session *s = ropen(&db, "dir", "retention");
	char t[32];
	snprintf(t, sizeof t, "p-%lld", (long long)F.p7);
	ck_assert_int_eq(cus_retention_hold(NULL, s, t, "postępowanie sądowe I C 1/26", "2030-06-30"), 0);
	rclose(db, s);
	s = ropen(&db, "arch", "data_subject_request");
	cus_erasure e;
	ck_assert_cus(cus_rights_erase(&e, s, F.p7, "wniosek"), CUS_ERETAINED);
	ck_assert_str_eq(e.ground, "art. 17 ust. 3 lit. e RODO");
	ck_assert_str_eq(e.reason_code, "legal_hold");
	ck_assert_str_eq(e.retained_until, "2030-06-30");
	rclose(db, s);
	/* persons under category A rules: archival, lit. d */
	rpolicy_variant("      title: Ewidencja osób korzystających z usług społecznych (karty usług społecznych)\n"
		"      category: B10\n", "      title: Ewidencja osób korzystających z usług społecznych (karty usług "
		"społecznych)\n      category: A\n      years: 0\n");
	s = ropen(&db, "arch", "data_subject_request");
	ck_assert_cus(cus_rights_erase(&e, s, F.p1, "wniosek"), CUS_ERETAINED);
	ck_assert_str_eq(e.ground, "art. 17 ust. 3 lit. d RODO");
	ck_assert_str_eq(e.reason_code, "archival");
	rclose(db, s);
}
END_TEST

START_TEST(test_retention_erasure__person_end)
{
	cus_db *db = centre_open_as(rdir, "arch");
	const cus__policy *p = NULL;
	ck_assert_int_eq(cus__policy_active(db, &p), 0);
	char end[11];
	ck_assert_int_eq(cus__retention_person_end(db, p, F.p3, end), 0);
	ck_assert_str_eq(end, "2033-01-01");
	ck_assert_int_eq(cus__retention_person_end(db, p, F.p1, end), 0);
	ck_assert_str_eq(end, "2023-01-01");
	/* p2's plan (BE10, ended 2012-12-31) */
	ck_assert_int_eq(cus__retention_person_end(db, p, F.p2, end), 0);
	ck_assert_str_eq(end, "2023-01-01");
	ck_assert_int_eq(cus__retention_person_end(db, p, F.p7, end), 0);
	ck_assert_str_eq(end, "2021-01-01");
	/* an open case has no end yet */
	ck_assert_int_eq(cus__retention_person_end(db, p, F.p6, end), 0);
	ck_assert_str_eq(end, "");
	ck_assert_cus(cus__retention_person_end(db, p, 999999, end), CUS_ENOTFOUND);
	cus_db_close(db);
}
END_TEST

TCase *tcase_retention_erasure(void)
{
	TCase *tc = tcase_create("erasure");
	tcase_add_checked_fixture(tc, rfiles_setup, rcentre_teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_retention_erasure__allowed);
	tcase_add_test(tc, test_retention_erasure__refused_with_ground_and_date);
	tcase_add_test(tc, test_retention_erasure__hold_and_archival);
	tcase_add_test(tc, test_retention_erasure__person_end);
	return tc;
}
