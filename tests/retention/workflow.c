/* The disposal workflow, step by step, and each refusal. */
#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "store/store.h"

static const cus_retention_item *find(cus_retention_iter *it, const char *subject)
{
	const cus_retention_item *x;
	const cus_retention_item *found = NULL;
	while (cus_retention_next(&x, it) == 0)
		if (strcmp(x->subject, subject) == 0)
			found = x;
	return found;
}

static char subj[5][32];
static const char *sub(int i, int64_t id)
{
	snprintf(subj[i], sizeof subj[i], "p-%lld", (long long)id);
	return subj[i];
}

START_TEST(test_retention_workflow__due_listing)
{
	cus_db *db = NULL;
	cus_session *s = ropen(&db, "arch", "retention");
	cus_retention_iter *it = NULL;
	ck_assert_int_eq(cus_retention_due(&it, s, NULL), 0);
	/* p1, p2, p4, p5, p7 are due; p3 is retained to 2033, p6's case is open */
	ck_assert_uint_eq(cus_retention_count(it), 5);
	const cus_retention_item *x = find(it, sub(0, F.p1));
	ck_assert_ptr_nonnull(x);
	ck_assert_str_eq(x->kind, "person");
	ck_assert_str_eq(x->action_name, "destroy");
	ck_assert_str_eq(x->categories, "B10,B5");
	ck_assert_str_eq(x->symbols, "8100,8110,8111,8130,8112");
	ck_assert_str_eq(x->due, "2023-01-01");
	ck_assert_str_eq(x->first_date, "2012-01-10");
	ck_assert_str_eq(x->event_date, "2012-06-01");
	ck_assert_int_eq(x->counts[CUS_RETENTION_PERSON], 1);
	ck_assert_int_eq(x->counts[CUS_RETENTION_APPLICATION], 1);
	ck_assert_int_eq(x->counts[CUS_RETENTION_DECISION], 1);
	ck_assert_int_eq(x->counts[CUS_RETENTION_DELIVERY], 2);
	ck_assert_int_eq(x->counts[CUS_RETENTION_SPECIAL], 1);
	cus_retention_iter_free(it);
	ck_assert_int_eq(cus_retention_due(&it, s, NULL), 0);
	x = find(it, sub(1, F.p2));
	ck_assert_ptr_nonnull(x);
	ck_assert_str_eq(x->action_name, "appraisal");
	ck_assert_ptr_nonnull(strstr(x->categories, "BE10"));
	cus_retention_iter_free(it);
	ck_assert_int_eq(cus_retention_due(&it, s, NULL), 0);
	ck_assert_ptr_null(find(it, sub(2, F.p3)));
	cus_retention_iter_free(it);
	ck_assert_int_eq(cus_retention_due(&it, s, NULL), 0);
	ck_assert_ptr_null(find(it, sub(2, F.p6)));
	cus_retention_iter_free(it);
	/* on 2033-01-01 p3 is due as well */
	ck_assert_int_eq(cus_retention_due(&it, s, "2033-01-01"), 0);
	ck_assert_ptr_nonnull(find(it, sub(2, F.p3)));
	cus_retention_iter_free(it);
	ck_assert_int_eq(cus_retention_due(&it, s, "2032-12-31"), 0);
	ck_assert_ptr_null(find(it, sub(2, F.p3)));
	cus_retention_iter_free(it);
	/* before 2023 nothing of 2012 is due: only p7 (registered in 2010) */
	ck_assert_int_eq(cus_retention_due(&it, s, "2022-12-31"), 0);
	ck_assert_uint_eq(cus_retention_count(it), 1);
	ck_assert_ptr_nonnull(find(it, sub(2, F.p7)));
	cus_retention_iter_free(it);
	ck_assert_int_eq(cus_retention_due(&it, s, "2020-12-31"), 0);
	ck_assert_uint_eq(cus_retention_count(it), 0);
	cus_retention_iter_free(it);
	ck_assert_cus(cus_retention_due(&it, s, "2022-02-30"), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "as_of");
	rclose(db, s);
	db = centre_open_as(rdir, "arch");
	ck_assert_int_eq(audit_count(db, "retention.due", "ok", NULL), 8);
	cus_db_close(db);
	/* the coordinator has no business here */
	db = centre_open_as(rdir, "kip");
	s = NULL;
	ck_assert_cus(cus_session_open(&s, db, "retention"), CUS_EDENIED);
	cus_db_close(db);
}
END_TEST

START_TEST(test_retention_workflow__steps)
{
	cus_db *db = NULL;
	cus_session *s = ropen(&db, "arch", "retention");
	int64_t id = 0;
	char list[1024];
	snprintf(list, sizeof list, "%s", path_in(rdir, "list.xlsx"));
	ck_assert_int_eq(cus_retention_propose(&id, s, NULL, list), 0);
	ck_assert_int_gt(id, 0);
	ck_assert(file_contains(list, "PK", 2));
	cus_retention_proposal p;
	ck_assert_int_eq(cus_retention_proposal_get(&p, s, id), 0);
	ck_assert_str_eq(p.state, "proposed");
	ck_assert_int_eq(p.items[CUS_RETENTION_DESTROY], 4);
	ck_assert_int_eq(p.items[CUS_RETENTION_APPRAISAL], 1);
	ck_assert_int_eq(p.items[CUS_RETENTION_TRANSFER], 0);
	/* not approved: refused, audited, nothing destroyed */
	cus_retention_protocol pr;
	ck_assert_cus(cus_retention_execute(&pr, s, id), CUS_ENOTAPPROVED);
	ck_assert_int_eq(audit_count(db, "retention.execute", "denied", NULL), 1);
	ck_assert_int_eq(audit_count(db, "retention.execute", "ok", NULL), 0);
	rclose(db, s);
	ck_assert_int_eq(rread(F.p1), 0);

	/* the consent must name its date */
	s = ropen(&db, "dir", "retention");
	ck_assert_cus(cus_retention_approve(s, id, "zgoda nr ZN.6341.12"), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "decision");
	ck_assert_cus(cus_retention_approve(s, id, ""), CUS_EINVAL);
	ck_assert_int_eq(cus_retention_approve(s, id, "zgoda AP nr ZN.6341.12.2026 z dnia 20.11.2026"), 0);
	ck_assert_cus(cus_retention_approve(s, id, "zgoda z dnia 2026-11-20"), CUS_ENOTAPPROVED);
	ck_assert_int_eq(audit_count(db, "retention.approve", "denied", NULL), 1);
	/* the director approves but does not destroy */
	ck_assert_cus(cus_retention_execute(&pr, s, id), CUS_EDENIED);
	ck_assert_int_eq(cus_retention_proposal_get(&p, s, id), 0);
	ck_assert_str_eq(p.state, "approved");
	ck_assert(strstr(p.decision, "ZN.6341.12.2026") != NULL);
	ck_assert_str_eq(p.approved_by, "dir");
	rclose(db, s);

	s = ropen(&db, "arch", "retention");
	ck_assert_int_eq(cus_retention_execute(&pr, s, id), 0);
	ck_assert_int_eq(pr.persons, 4);
	ck_assert_int_eq(pr.keys, 4);
	ck_assert_int_eq(pr.appraisal, 1);
	ck_assert_int_eq(pr.transferred, 0);
	ck_assert_int_eq(pr.records[CUS_RETENTION_PERSON], 4);
	ck_assert_int_eq(pr.records[CUS_RETENTION_APPLICATION], 3);
	ck_assert_int_eq(pr.records[CUS_RETENTION_DECISION], 3);
	ck_assert_int_eq(pr.records[CUS_RETENTION_DELIVERY], 5);
	ck_assert_int_eq(pr.records[CUS_RETENTION_SPECIAL], 1);
	ck_assert(strncmp(pr.number, "PB/", 3) == 0);
	ck_assert_int_eq(audit_count(db, "retention.dispose", "ok", NULL), 4);
	ck_assert_int_eq(audit_count(db, "retention.dispose", "ok", sub(0, F.p1)), 1);
	/* executed once */
	ck_assert_cus(cus_retention_execute(&pr, s, id), CUS_ENOTAPPROVED);
	ck_assert_int_eq(cus_retention_proposal_get(&p, s, id), 0);
	ck_assert_str_eq(p.state, "executed");
	/* only the BE file is still due, and the statistical subjects are not files */
	cus_retention_iter *it = NULL;
	ck_assert_int_eq(cus_retention_due(&it, s, NULL), 0);
	ck_assert_uint_eq(cus_retention_count(it), 1);
	const cus_retention_item *x = NULL;
	ck_assert_int_eq(cus_retention_next(&x, it), 0);
	ck_assert_str_eq(x->subject, sub(1, F.p2));
	cus_retention_iter_free(it);
	rclose(db, s);
	/* destroyed: gone from the register; the BE file, the retained and the open stay */
	ck_assert_cus(rread(F.p1), CUS_ESHREDDED);
	ck_assert_cus(rread(F.p4), CUS_ESHREDDED);
	ck_assert_cus(rread(F.p7), CUS_ESHREDDED);
	ck_assert_int_eq(rread(F.p2), 0);
	ck_assert_int_eq(rread(F.p3), 0);
	ck_assert_int_eq(rread(F.p6), 0);
	/* no id is given again: the disposed ids stay the pseudonyms of their audit entries */
	int64_t fresh = rperson("1990-01-01", 'M', 9, "2026-01-05");
	ck_assert_int_gt(fresh, F.p7 + 3);   /* after the persons and the statistical subjects */
	ck_assert_int_eq(rread(fresh), 0);
	rsetup_done();
	/* the log still verifies */
	db = centre_open_as(rdir, "iod");
	cus_audit_report *rep = NULL;
	ck_assert_msg(cus_audit_verify(&rep, db, NULL) == 0, "verify: %s", cus_error_last()->message);
	cus_audit_report_free(rep);
	cus_db_close(db);
}
END_TEST

START_TEST(test_retention_workflow__legal_hold)
{
	int64_t id = rpropose_approve();
	cus_db *db = NULL;
	cus_session *s = ropen(&db, "dir", "retention");
	char target[40];
	snprintf(target, sizeof target, "application:%lld", (long long)F.a1);
	int64_t hold = 0;
	ck_assert_cus(cus_retention_hold(&hold, s, target, "", NULL), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "reason");
	ck_assert_cus(cus_retention_hold(&hold, s, "application:999999", "sygn. akt I C 12/26", NULL), CUS_ENOTFOUND);
	ck_assert_int_eq(cus_retention_hold(&hold, s, target, "sygn. akt I C 12/26 (pozew)", NULL), 0);
	rclose(db, s);
	/* the reason stays out of the log */
	db = centre_open_as(rdir, "arch");
	{
		sqlite3_stmt *st = NULL;
		ck_assert_int_eq(sqlite3_prepare_v2(cus__db_sql(db), "SELECT count(*) FROM audit_log WHERE"
			" coalesce(detail, '') LIKE '%12/26%'", -1, &st, NULL), SQLITE_OK);
		ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
		ck_assert_int_eq(sqlite3_column_int(st, 0), 0);
		sqlite3_finalize(st);
	}
	ck_assert_int_eq(audit_count(db, "retention.hold", "ok", sub(0, F.p1)), 1);
	cus_db_close(db);
	s = ropen(&db, "arch", "retention");
	cus_retention_protocol pr;
	ck_assert_cus(cus_retention_execute(&pr, s, id), CUS_EHOLD);
	ck_assert(strstr(cus_error_last()->message, sub(0, F.p1)) != NULL);
	ck_assert_int_eq(audit_count(db, "retention.execute", "denied", NULL), 1);
	/* a hold listed in the due listing as held */
	cus_retention_iter *it = NULL;
	ck_assert_int_eq(cus_retention_due(&it, s, NULL), 0);
	const cus_retention_item *x;
	int held = 0;
	while (cus_retention_next(&x, it) == 0)
		held += x->action == CUS_RETENTION_HELD && x->id == F.p1;
	ck_assert_int_eq(held, 1);
	cus_retention_iter_free(it);
	/* released, it no longer blocks */
	ck_assert_int_eq(cus_retention_release(s, hold), 0);
	ck_assert_cus(cus_retention_release(s, hold), CUS_ENOTFOUND);
	ck_assert_int_eq(cus_retention_execute(&pr, s, id), 0);
	ck_assert_int_eq(pr.persons, 4);
	cus_retention_hold_iter *hi = NULL;
	ck_assert_int_eq(cus_retention_holds(&hi, s, 0), 0);
	const cus_retention_hold_info *h;
	ck_assert_int_eq(cus_retention_hold_next(&h, hi), 0);
	ck_assert_str_eq(h->target, target);
	ck_assert_str_eq(h->subject, sub(0, F.p1));
	ck_assert_ptr_nonnull(h->released);
	cus_retention_hold_iter_free(hi);
	rclose(db, s);
	ck_assert_cus(rread(F.p1), CUS_ESHREDDED);
}
END_TEST

START_TEST(test_retention_workflow__held_before_proposal)
{
	cus_db *db = NULL;
	cus_session *s = ropen(&db, "arch", "retention");
	int64_t hold = 0;
	char t[32];
	snprintf(t, sizeof t, "%lld", (long long)F.p4);
	ck_assert_int_eq(cus_retention_hold(&hold, s, t, "kontrola NIK 2026", "2099-12-31"), 0);
	rclose(db, s);
	int64_t id = rpropose_approve();
	s = ropen(&db, "arch", "retention");
	cus_retention_proposal p;
	ck_assert_int_eq(cus_retention_proposal_get(&p, s, id), 0);
	ck_assert_int_eq(p.items[CUS_RETENTION_DESTROY], 3);
	cus_retention_protocol pr;
	ck_assert_int_eq(cus_retention_execute(&pr, s, id), 0);
	ck_assert_int_eq(pr.persons, 3);
	rclose(db, s);
	ck_assert_int_eq(rread(F.p4), 0);
	ck_assert_cus(rread(F.p5), CUS_ESHREDDED);
}
END_TEST

START_TEST(test_retention_workflow__category_a_never_destroyed)
{
	int64_t id = rpropose_approve();
	/* the classification changes after the approval: applications become archival */
	rpolicy_variant("      title: Wnioski i oświadczenia o skorzystanie z usług społecznych\n      category: B10\n",
		"      title: Wnioski i oświadczenia o skorzystanie z usług społecznych\n      category: A\n");
	cus_db *db = NULL;
	cus_session *s = ropen(&db, "arch", "retention");
	cus_retention_protocol pr;
	ck_assert_cus(cus_retention_execute(&pr, s, id), CUS_EARCHIVAL);
	ck_assert(strstr(cus_error_last()->message, "category A") != NULL);
	ck_assert_int_eq(audit_count(db, "retention.execute", "denied", NULL), 1);
	ck_assert_int_eq(cus_retention_withdraw(s, id), 0);
	rclose(db, s);
	ck_assert_int_eq(rread(F.p1), 0);
	/* proposed under the new rules: marked for transfer (A after 25 years: 2038), not destroyed */
	s = ropen(&db, "arch", "retention");
	cus_retention_iter *it = NULL;
	ck_assert_int_eq(cus_retention_due(&it, s, "2040-01-01"), 0);
	const cus_retention_item *x;
	int transfer = 0;
	while (cus_retention_next(&x, it) == 0)
		if (x->id == F.p1) {
			transfer = x->action == CUS_RETENTION_TRANSFER;
			ck_assert_str_eq(x->due, "2038-01-01");
		}
	ck_assert(transfer);
	cus_retention_iter_free(it);
	rclose(db, s);
}
END_TEST

START_TEST(test_retention_workflow__be_goes_to_appraisal)
{
	int64_t id = rpropose_approve();
	cus_db *db = NULL;
	cus_session *s = ropen(&db, "arch", "retention");
	/* deliveries become BE5 after the approval */
	rclose(db, s);
	rpolicy_variant("      title: Dokumentacja realizacji usług społecznych (karty i ewidencje usług)\n      category: B5\n",
		"      title: Dokumentacja realizacji usług społecznych (karty i ewidencje usług)\n      category: BE5\n");
	s = ropen(&db, "arch", "retention");
	cus_retention_protocol pr;
	ck_assert_cus(cus_retention_execute(&pr, s, id), CUS_EAPPRAISAL);
	ck_assert_int_eq(audit_count(db, "retention.execute", "denied", NULL), 1);
	rclose(db, s);
	ck_assert_int_eq(rread(F.p1), 0);
	ck_assert_int_eq(rread(F.p2), 0);
}
END_TEST

START_TEST(test_retention_workflow__only_approvers)
{
	rpolicy_variant("  approvers: [archivist, director]\n", "  approvers: [director]\n");
	cus_db *db = NULL;
	cus_session *s = ropen(&db, "arch", "retention");
	int64_t id = 0;
	char list[1024];
	snprintf(list, sizeof list, "%s", path_in(rdir, "list.xlsx"));
	ck_assert_int_eq(cus_retention_propose(&id, s, NULL, list), 0);
	ck_assert_cus(cus_retention_approve(s, id, "zgoda z dnia 2026-11-20"), CUS_EDENIED);
	ck_assert_int_eq(audit_count(db, "retention.approve", "denied", NULL), 1);
	ck_assert_cus(cus_retention_hold(NULL, s, "1", "sprawa sądowa", NULL), CUS_EDENIED);
	cus_retention_proposal p;
	ck_assert_int_eq(cus_retention_proposal_get(&p, s, id), 0);
	ck_assert_str_eq(p.state, "proposed");
	rclose(db, s);
	/* the IOD cannot even open a session for retention */
	db = centre_open_as(rdir, "iod");
	s = NULL;
	ck_assert_cus(cus_session_open(&s, db, "retention"), CUS_EDENIED);
	cus_db_close(db);
}
END_TEST

START_TEST(test_retention_workflow__proposal_errors)
{
	cus_db *db = NULL;
	cus_session *s = ropen(&db, "arch", "retention");
	int64_t id = 0;
	ck_assert_cus(cus_retention_propose(&id, s, NULL, NULL), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "path");
	/* nothing due in 2020 */
	char list[1024];
	snprintf(list, sizeof list, "%s", path_in(rdir, "none.xlsx"));
	ck_assert_cus(cus_retention_propose(&id, s, "2020-01-01", list), CUS_ENOTFOUND);
	ck_assert_ptr_null(file_read(list, NULL));
	/* an unwritable file leaves no proposal */
	ck_assert_cus(cus_retention_propose(&id, s, NULL, "/nonexistent-dir/list.xlsx"), CUS_EIO);
	cus_retention_proposal p;
	ck_assert_cus(cus_retention_proposal_get(&p, s, 1), CUS_ENOTFOUND);
	ck_assert_cus(cus_retention_execute(NULL, s, 99), CUS_ENOTFOUND);
	rclose(db, s);
}
END_TEST

TCase *tcase_retention_workflow(void)
{
	TCase *tc = tcase_create("workflow");
	tcase_add_checked_fixture(tc, rfiles_setup, rcentre_teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_retention_workflow__due_listing);
	tcase_add_test(tc, test_retention_workflow__steps);
	tcase_add_test(tc, test_retention_workflow__legal_hold);
	tcase_add_test(tc, test_retention_workflow__held_before_proposal);
	tcase_add_test(tc, test_retention_workflow__category_a_never_destroyed);
	tcase_add_test(tc, test_retention_workflow__be_goes_to_appraisal);
	tcase_add_test(tc, test_retention_workflow__only_approvers);
	tcase_add_test(tc, test_retention_workflow__proposal_errors);
	return tc;
}
