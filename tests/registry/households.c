/* Households: relations from both sides, and "a child under 18" around the birthday. */
#include <stdio.h>

#include "common.h"

static const char *relation_of(cus_session *s, int64_t person, int64_t member)
{
	static char buf[32];
	cus_member_iter *it = NULL;
	ck_assert_cus(cus_household_members(&it, s, person), 0);
	const cus_member *m;
	snprintf(buf, sizeof buf, "(absent)");
	while (cus_member_next(&m, it) == 0)
		if (m->person_id == member)
			snprintf(buf, sizeof buf, "%s", m->relation);
	cus_member_iter_free(it);
	return buf;
}

START_TEST(test_registry_households__relations_seen_from_both_sides)
{
	SETUP("kipus", "qualification");
	char pa[12], pb[12], pc[12], pd[12];
	cus_person_input a = person_in(pa, "1980-01-01", 'F', 1, "Matka", "Rodzinna");
	cus_person_input b = person_in(pb, "1979-01-01", 'M', 1, "Ojciec", "Rodzinny");
	cus_person_input c = person_in(pc, "2010-06-01", 'F', 1, "Córka", "Rodzinna");
	cus_person_input d = person_in(pd, "1950-01-01", 'M', 1, "Obcy", "Samotny");
	int64_t ia = add_ok(s, &a), ib = add_ok(s, &b), ic = add_ok(s, &c), id = add_ok(s, &d);
	ck_assert_cus(cus_household_link(s, ia, ib, "spouse"), 0);
	ck_assert_cus(cus_household_link(s, ia, ic, "child"), 0);
	ck_assert_str_eq(relation_of(s, ia, ib), "spouse");
	ck_assert_str_eq(relation_of(s, ib, ia), "spouse");
	ck_assert_str_eq(relation_of(s, ia, ic), "child");
	ck_assert_str_eq(relation_of(s, ic, ia), "parent");
	ck_assert_str_eq(relation_of(s, ib, ic), "member"); /* same household, no direct relation */
	ck_assert_str_eq(relation_of(s, ia, id), "(absent)");
	cus_member_iter *it = NULL;
	ck_assert_cus(cus_household_members(&it, s, ia), 0);
	const cus_member *m;
	int n = 0;
	while (cus_member_next(&m, it) == 0) {
		n++;
		if (m->person_id == ic) {
			ck_assert_str_eq(m->birth_date, "2010-06-01");
			ck_assert_int_eq(m->sex, 'F');
		}
	}
	ck_assert_int_eq(n, 2);
	cus_member_iter_free(it);
	/* a person alone has no members */
	ck_assert_cus(cus_household_members(&it, s, id), 0);
	ck_assert_int_eq(cus_member_next(&m, it), CUS_ITEROVER);
	cus_member_iter_free(it);
	/* relinking changes the relation on both sides */
	ck_assert_cus(cus_household_link(s, ib, ic, "child"), 0);
	ck_assert_str_eq(relation_of(s, ic, ib), "parent");
	ck_assert_cus(cus_household_link(s, ic, ib, "sibling"), 0);
	ck_assert_str_eq(relation_of(s, ib, ic), "sibling");

	/* errors */
	char pe[12], pf[12];
	cus_person_input e = person_in(pe, "1960-01-01", 'M', 1, "Inny", "Dom");
	cus_person_input f = person_in(pf, "1961-01-01", 'F', 1, "Inna", "Dom");
	int64_t ie = add_ok(s, &e), iff = add_ok(s, &f);
	ck_assert_cus(cus_household_link(s, ie, iff, "other"), 0);
	ck_assert_cus(cus_household_link(s, ia, ie, "sibling"), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "member");
	ck_assert_cus(cus_household_link(s, ia, id, "cousin"), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "relation");
	ck_assert_cus(cus_household_link(s, ia, ia, "other"), CUS_EINVAL);
	ck_assert_cus(cus_household_link(s, ia, 999, "other"), CUS_ENOTFOUND);
	ck_assert_str_eq(cus_error_last()->field, "member");
	ck_assert_cus(cus_household_members(&it, s, 999), CUS_ENOTFOUND);
	ck_assert_str_eq(cus_relation_name(CUS_REL_CHILD), "child");
	ck_assert_ptr_null(cus_relation_name(0));
	char subj[32];
	snprintf(subj, sizeof subj, "p-%lld", (long long)ia);
	ck_assert_int_ge(audit_count(db, "household.link", "ok", subj), 2);
	ck_assert_str_eq(audit_last_categories(db, "household.link"), "family");
	TEARDOWN();
}
END_TEST

START_TEST(test_registry_households__child_under_18_around_the_birthday)
{
	SETUP("kipus", "qualification");
	char pa[12], pc[12], pl[12];
	cus_person_input a = person_in(pa, "1975-01-01", 'F', 1, "Matka", "Testowa");
	cus_person_input c = person_in(pc, "2004-05-14", 'M', 1, "Syn", "Testowy");
	cus_person_input l = person_in(pl, "2004-02-29", 'F', 1, "Córka", "Przestępna");
	int64_t ia = add_ok(s, &a), ic = add_ok(s, &c), il = add_ok(s, &l);
	ck_assert_int_eq(cus_person_has_child_under(s, ia, 18, "2022-05-13"), 0); /* no children yet */
	ck_assert_cus(cus_household_link(s, ia, ic, "child"), 0);
	ck_assert_int_eq(cus_person_has_child_under(s, ia, 18, "2022-05-13"), 1);
	ck_assert_int_eq(cus_person_has_child_under(s, ia, 18, "2022-05-14"), 0); /* 18 at the start of the day */
	ck_assert_int_eq(cus_person_has_child_under(s, ia, 18, "2003-01-01"), 0); /* not born yet */
	ck_assert_int_eq(cus_person_has_child_under(s, ic, 18, "2010-01-01"), 0); /* a parent is not a child */
	/* born on 29 February: 18 on 28 February of a common year */
	ck_assert_cus(cus_household_link(s, ia, il, "child"), 0);
	ck_assert_int_eq(cus_person_has_child_under(s, ia, 18, "2022-02-27"), 1);
	ck_assert_int_eq(cus_person_has_child_under(s, ia, 18, "2022-02-28"), 1); /* the son is still 17 */
	ck_assert_int_eq(cus_person_has_child_under(s, ia, 18, "2022-05-14"), 0);
	ck_assert_cus(cus_person_has_child_under(s, ia, 18, "2022-02-30"), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "date");
	ck_assert_cus(cus_person_has_child_under(s, 999, 18, "2022-02-28"), CUS_ENOTFOUND);
	TEARDOWN();
}
END_TEST

START_TEST(test_registry_households__needs_family_permission)
{
	char *dir = tmpdir_new();
	centre_make(dir);
	cus_db *db = centre_open_as(dir, "kipus");
	cus_session *s = session_for(db, "qualification");
	char pa[12], pb[12];
	cus_person_input a = person_in(pa, "1975-01-01", 'F', 1, "A", "B");
	cus_person_input b = person_in(pb, "2005-01-01", 'F', 1, "C", "B");
	int64_t ia = add_ok(s, &a), ib = add_ok(s, &b);
	cus_session_close(s);
	cus_db_close(db);
	db = centre_open_as(dir, "fin");
	s = session_for(db, "benefits");
	ck_assert_cus(cus_household_link(s, ia, ib, "child"), CUS_EDENIED);
	ck_assert_cus(cus_person_has_child_under(s, ia, 18, "2020-01-01"), CUS_EDENIED);
	ck_assert_int_eq(audit_count(db, "household.link", "denied", NULL), 1);
	ck_assert_int_eq(audit_count(db, "household.read", "denied", NULL), 1);
	cus_session_close(s);
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

TCase *tcase_registry_households(void)
{
	TCase *tc = tcase_create("households");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_registry_households__relations_seen_from_both_sides);
	tcase_add_test(tc, test_registry_households__child_under_18_around_the_birthday);
	tcase_add_test(tc, test_registry_households__needs_family_permission);
	return tc;
}
