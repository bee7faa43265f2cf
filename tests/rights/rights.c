/* Data-subject rights: export (art. 15), rectification history (art. 16),
 * restriction (art. 18), the register (art. 30). */
#include <stdlib.h>
#include <unistd.h>

#include "common.h"

static char *slurp(const char *path)
{
	size_t len = 0;
	unsigned char *b = file_read(path, &len);
	ck_assert_ptr_nonnull(b);
	char *s = realloc(b, len + 1);
	s[len] = '\0';
	return s;
}

START_TEST(test_rights_export__json_holds_every_section_and_no_staff)
{
	centre c;
	centre_seed(&c, NULL);
	cus_db *db = centre_open_as(c.dir, "iodmil");
	cus_session *s = session_for(db, "data_subject_request");
	const char *out = path_in(c.dir, "copy.json");
	ck_assert_cus(cus_rights_export(s, c.person, out, CUS_FORMAT_AUTO), 0);
	char *j = slurp(out);
	static const char *const sections[] = { "\"person\":", "\"records\":", "\"household\":", "\"applications\":",
		"\"decisions\":", "\"qualifications\":", "\"plans\":", "\"plan_reviews\":", "\"deliveries\":",
		"\"employment\":", "\"history\":", "\"restrictions\":", "\"purposes\":", "\"categories\":",
		"\"recipients\":", "\"retention\":", "\"sources\":", "\"consultations\":" };
	for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++)
		ck_assert_msg(strstr(j, sections[i]), "section %s missing", sections[i]);
	ck_assert_ptr_nonnull(strstr(j, "Wiśniewska"));
	ck_assert_ptr_nonnull(strstr(j, "600 100 200"));
	ck_assert_ptr_nonnull(strstr(j, "emerytura 2100 zł"));
	ck_assert_ptr_nonnull(strstr(j, "orzeczenie PZON 123/2022"));
	ck_assert_ptr_nonnull(strstr(j, "moderate"));
	ck_assert_ptr_nonnull(strstr(j, "senior_club"));
	ck_assert_ptr_nonnull(strstr(j, "\"relation\":\"spouse\""));
	ck_assert_ptr_null(strstr(j, "\"user\":"));
	ck_assert_ptr_null(strstr(j, "\"role\":"));
	ck_assert_ptr_nonnull(strstr(j, "\"operation\":\"record.add\""));
	ck_assert_ptr_nonnull(strstr(j, "\"operation\":\"rights.export\""));
	ck_assert_ptr_nonnull(strstr(j, "\"purpose\":\"qualification\""));
	ck_assert_ptr_nonnull(strstr(j, "\"category\":\"disability\""));
	/* no staff login, name or role */
	ck_assert_ptr_null(strstr(j, "akowalska"));
	ck_assert_ptr_null(strstr(j, "iodmil"));
	ck_assert_ptr_null(strstr(j, "Anna Kowalska"));
	ck_assert_ptr_null(strstr(j, "\"kipus\""));
	free(j);
	ck_assert_int_eq(audit_count(db, "rights.export", "ok", NULL), 1);
	/* never overwrites; XLSX too */
	ck_assert_cus(cus_rights_export(s, c.person, out, CUS_FORMAT_AUTO), CUS_EEXISTS);
	ck_assert_cus(cus_rights_export(s, c.person, path_in(c.dir, "copy.txt"), CUS_FORMAT_AUTO), CUS_EINVAL);
	ck_assert_cus(cus_rights_export(s, c.person, path_in(c.dir, "copy.xlsx"), CUS_FORMAT_AUTO), 0);
	ck_assert_int_eq(access(path_in(c.dir, "copy.xlsx.partial"), F_OK), -1);
	ck_assert_cus(cus_rights_export(s, 999, path_in(c.dir, "none.json"), CUS_FORMAT_AUTO), CUS_ENOTFOUND);
	ck_assert_int_eq(access(path_in(c.dir, "none.json"), F_OK), -1);
	char pesel[12];
	cus_pesel_make(pesel, "1950-03-15", 'F', 11);
	ck_assert_cus(cus_rights_export_pesel(s, pesel, path_in(c.dir, "bypesel.json"), CUS_FORMAT_JSON), 0);
	cus_session_close(s);
	cus_db_close(db);
	/* a KIPUS may not export */
	db = centre_open_as(c.dir, "akowalska");
	s = session_for(db, "qualification");
	ck_assert_cus(cus_rights_export(s, c.person, path_in(c.dir, "k.json"), CUS_FORMAT_AUTO), CUS_EDENIED);
	ck_assert_int_eq(audit_count(db, "rights.export", "denied", NULL), 1);
	cus_session_close(s);
	cus_db_close(db);
	centre_free(&c);
}
END_TEST

START_TEST(test_rights_rectify__history_keeps_old_values)
{
	centre c;
	centre_seed(&c, NULL);
	cus_db *db = centre_open_as(c.dir, "akowalska");
	cus_session *s = session_for(db, "qualification");
	ck_assert_cus(cus_rights_rectify(s, c.person, "last_name", "Wiśniewska-Nowak", "akt małżeństwa 12/2023"), 0);
	cus_person_input in = CUS_PERSON_INPUT_INIT;
	in.phone = "";
	ck_assert_cus(cus_person_update(s, c.person, &in), 0);
	ck_assert_cus(cus_rights_rectify(s, c.person, "nickname", "x", "why"), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "field");
	ck_assert_cus(cus_rights_rectify(s, c.person, "last_name", "X", ""), CUS_EINVAL);
	cus_history_iter *it = NULL;
	ck_assert_cus(cus_person_history(&it, s, c.person), 0);
	const cus_history_entry *e;
	ck_assert_int_eq(cus_history_next(&e, it), 0);
	ck_assert_str_eq(e->field, "last_name");
	ck_assert_str_eq(e->old_value, "Wiśniewska");
	ck_assert_str_eq(e->reason, "akt małżeństwa 12/2023");
	ck_assert_str_eq(e->changed_by, "akowalska");
	ck_assert_int_eq(e->version, 1);
	ck_assert_int_eq(cus_history_next(&e, it), 0);
	ck_assert_str_eq(e->field, "phone");
	ck_assert_str_eq(e->old_value, "600 100 200");
	ck_assert_ptr_null(e->reason);
	ck_assert_int_eq(cus_history_next(&e, it), CUS_ITEROVER);
	cus_history_iter_free(it);
	ck_assert_int_eq(audit_count(db, "person.history", "ok", NULL), 1);
	/* the old value is sealed: not in the file as text */
	cus_session_close(s);
	cus_db_close(db);
	/* a reader without contact sees the phone's change but not its value */
	db = centre_open_as(c.dir, "iodmil");
	s = session_for(db, "data_subject_request");
	const char *out = path_in(c.dir, "h.json");
	ck_assert_cus(cus_rights_export(s, c.person, out, CUS_FORMAT_JSON), 0);
	size_t len;
	unsigned char *b = file_read(out, &len);
	b = realloc(b, len + 1);
	b[len] = 0;
	ck_assert_ptr_nonnull(strstr((char *)b, "\"old_value\":\"Wiśniewska\""));
	ck_assert_ptr_nonnull(strstr((char *)b, "akt małżeństwa 12/2023"));
	free(b);
	cus_session_close(s);
	cus_db_close(db);
	centre_free(&c);
}
END_TEST

static void import_one(cus_session *s, const char *dir, int64_t person, int expect)
{
	const char *csv = path_in(dir, "apps.csv");
	FILE *f = fopen(csv, "w");
	fprintf(f, "person,service,date\n%lld,senior_club,2022-06-01\n", (long long)person);
	fclose(f);
	cus_import_report *rep = NULL;
	int rc = cus_import_applications(&rep, s, csv, NULL);
	ck_assert_msg(rc == expect, "import: %s (%s)", cus_error_name(rc), cus_error_last()->message);
	cus_import_report_free(rep);
	unlink(csv);
}

START_TEST(test_rights_restrict__refuses_registry_cases_imports_but_not_the_iod)
{
	centre c;
	centre_seed(&c, NULL);
	cus_db *db = centre_open_as(c.dir, "iodmil");
	cus_session *s = session_for(db, "data_subject_request");
	ck_assert_cus(cus_rights_restrict(s, c.person, "art. 18 ust. 1 lit. a: osoba kwestionuje prawidłowość"), 0);
	ck_assert_cus(cus_rights_restrict(s, c.person, "again"), CUS_EEXISTS);
	ck_assert_int_eq(cus_rights_restricted(s, c.person), 1);
	ck_assert_int_eq(cus_rights_restricted(s, c.member), 0);
	/* the IOD still reads and exports */
	cus_person *p = NULL;
	ck_assert_cus(cus_person_get(&p, s, c.person), 0);
	cus_person_free(p);
	ck_assert_cus(cus_rights_export(s, c.person, path_in(c.dir, "r.json"), CUS_FORMAT_JSON), 0);
	cus_session_close(s);
	cus_db_close(db);

	db = centre_open_as(c.dir, "akowalska");
	s = session_for(db, "qualification");
	ck_assert_cus(cus_person_get(&p, s, c.person), CUS_EDENIED);
	ck_assert_ptr_nonnull(strstr(cus_error_last()->message, "restricted under art. 18"));
	ck_assert_int_eq(audit_count(db, "person.read", "denied", NULL), 1);
	cus_person_input in = CUS_PERSON_INPUT_INIT;
	in.phone = "601 000 000";
	ck_assert_cus(cus_person_update(s, c.person, &in), CUS_EDENIED);
	cus_record_iter *ri = NULL;
	ck_assert_cus(cus_record_list(&ri, s, c.person, NULL), CUS_EDENIED);
	cus_member_iter *mi = NULL;
	ck_assert_cus(cus_household_members(&mi, s, c.person), CUS_EDENIED);
	cus_application_input ai = CUS_APPLICATION_INPUT_INIT;
	ai.person = c.person;
	ai.service = "senior_club";
	ai.date = "2022-05-20";
	ck_assert_cus(cus_application_add(s, &ai, NULL), CUS_EDENIED);
	cus_application_iter *ap = NULL;
	ck_assert_cus(cus_application_list(&ap, s, c.person, NULL), CUS_EDENIED);
	/* the other person is not affected */
	ck_assert_cus(cus_person_get(&p, s, c.member), 0);
	cus_person_free(p);
	/* listings leave the restricted person out */
	cus_person_iter *pi = NULL;
	ck_assert_cus(cus_person_list(&pi, s), 0);
	const cus_person *lp;
	int n = 0;
	while (cus_person_next(&lp, pi) == 0) {
		ck_assert_int_ne(lp->id, c.person);
		n++;
	}
	ck_assert_int_eq(n, 1);
	cus_person_iter_free(pi);
	/* an import naming the person is rejected as a whole; another one passes */
	import_one(s, c.dir, c.person, CUS_EINVAL);
	import_one(s, c.dir, c.member, 0);
	/* a KIPUS cannot record or lift a restriction */
	ck_assert_cus(cus_rights_lift(s, c.person, "no"), CUS_EINVAL);
	cus_session_close(s);
	cus_db_close(db);

	db = centre_open_as(c.dir, "iodmil");
	s = session_for(db, "data_subject_request");
	ck_assert_cus(cus_rights_lift(s, c.person, "art. 18 ust. 3: prawidłowość potwierdzona"), 0);
	ck_assert_cus(cus_rights_lift(s, c.person, "again"), CUS_ENOTFOUND);
	cus_session_close(s);
	cus_db_close(db);
	db = centre_open_as(c.dir, "akowalska");
	s = session_for(db, "qualification");
	ck_assert_cus(cus_person_get(&p, s, c.person), 0);
	cus_person_free(p);
	cus_session_close(s);
	cus_db_close(db);
	centre_free(&c);
}
END_TEST

START_TEST(test_rights_register__from_the_policy)
{
	centre c;
	centre_seed(&c, "recipients:\n  - code: zus\n    name: Zakład Ubezpieczeń Społecznych (test)\n"
			 "    purposes: [benefits]\n    categories: [basic, financial]\n");
	cus_db *db = centre_open_as(c.dir, "iodmil");
	const char *out = path_in(c.dir, "register.json");
	ck_assert_cus(cus_rights_register(db, out, CUS_FORMAT_AUTO), 0);
	size_t len;
	unsigned char *b = file_read(out, &len);
	b = realloc(b, len + 1);
	b[len] = 0;
	const char *j = (const char *)b;
	ck_assert_ptr_nonnull(strstr(j, "\"controller\":"));
	ck_assert_ptr_nonnull(strstr(j, "Centrum Usług Społecznych w Milanówek"));
	ck_assert_ptr_nonnull(strstr(j, "\"purpose\":\"qualification\""));
	ck_assert_ptr_nonnull(strstr(j, "\"purpose\":\"data_subject_request\""));
	ck_assert_ptr_nonnull(strstr(j, "art. 12 i art. 15-21 RODO"));
	ck_assert_ptr_nonnull(strstr(j, "Zakład Ubezpieczeń Społecznych (test)"));
	ck_assert_ptr_null(strstr(j, "PFRON"));
	ck_assert_ptr_nonnull(strstr(j, "SQLCipher"));
	ck_assert_ptr_nonnull(strstr(j, "\"security\":"));
	free(b);
	ck_assert_cus(cus_rights_register(db, path_in(c.dir, "register.xlsx"), CUS_FORMAT_AUTO), 0);
	cus_db_close(db);
	centre_free(&c);
}
END_TEST

START_TEST(test_rights_policy__bad_sections_are_refused)
{
	const char *bad[] = {
		"recipients:\n  - code: zus\n    name: ZUS\n    purposes: [nope]\n",
		"recipients:\n  - code: zus\n",
		"monitoring:\n  working_hours: {from: \"18:00\", to: \"07:00\"}\n",
		"monitoring:\n  break_glass_min_reason: 5\n",
		"monitoring:\n  restriction_exempt_purposes: [nope]\n",
		"monitoring:\n  working_hours: {from: \"7\", to: \"18:00\"}\n",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *t = policy_with(bad[i]);
		ck_assert_msg(cus_policy_check_buffer("p.yaml", t, strlen(t)) == CUS_EINVAL, "accepted: %s", bad[i]);
		ck_assert_ptr_null(strstr(cus_error_last()->message, "twice"));
		free(t);
	}
	/* and a good one passes */
	char *t = policy_with("monitoring:\n  working_hours: {from: \"08:00\", to: \"16:00\", days: [mon]}\n");
	ck_assert_cus(cus_policy_check_buffer("p.yaml", t, strlen(t)), 0);
	free(t);
}
END_TEST

TCase *tcase_rights_export(void)
{
	TCase *t = tcase_create("export");
	tcase_set_timeout(t, 120);
	tcase_add_test(t, test_rights_export__json_holds_every_section_and_no_staff);
	return t;
}

TCase *tcase_rights_rectify(void)
{
	TCase *t = tcase_create("rectify");
	tcase_set_timeout(t, 120);
	tcase_add_test(t, test_rights_rectify__history_keeps_old_values);
	return t;
}

/* Operations that name no person — batch qualification, listings of every
 * application, plan or delivery, the reviews due — leave a restricted person
 * out instead of processing them. */
static int64_t count_sql(cus_db *db, const char *sql, int64_t id)
{
	sqlite3_stmt *st = NULL;
	ck_assert_int_eq(sqlite3_prepare_v2(cus__db_sql(db), sql, -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, id);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	int64_t n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

START_TEST(test_rights_restrict__batch_and_listings_leave_the_person_out)
{
	centre c;
	centre_seed(&c, NULL);
	cus_db *db = centre_open_as(c.dir, "akowalska");
	cus_session *s = session_for(db, "qualification");
	int64_t a = person_add_as(s, "Ewa", "Zastrzeżona", 901), b = person_add_as(s, "Jan", "Zwykły", 902);
	int64_t app_a = app_add(s, a), app_b = app_add(s, b);
	cus_session_close(s);
	cus_db_close(db);
	db = centre_open_as(c.dir, "iodmil");
	s = session_for(db, "data_subject_request");
	ck_assert_cus(cus_rights_restrict(s, a, "art. 18 ust. 1 lit. d: sprzeciw"), 0);
	cus_session_close(s);
	cus_db_close(db);

	db = centre_open_as(c.dir, "akowalska");
	s = session_for(db, "qualification");
	cus_qualify_summary sum;
	ck_assert_cus(cus_qualify_pending(&sum, s, NULL, NULL), 0);
	ck_assert_int_eq(count_sql(db, "SELECT count(*) FROM qualifications WHERE application_id = ?1", app_a), 0);
	ck_assert_int_eq(count_sql(db, "SELECT count(*) FROM qualifications WHERE application_id = ?1", app_b), 1);
	cus_application_iter *it = NULL;
	ck_assert_cus(cus_application_list(&it, s, 0, NULL), 0);
	const cus_application *ap;
	int seen_b = 0;
	while (cus_application_next(&ap, it) == 0) {
		ck_assert_int_ne(ap->person_id, a);
		seen_b |= ap->person_id == b;
	}
	ck_assert(seen_b);
	cus_application_iter_free(it);
	cus_session_close(s);
	cus_db_close(db);

	/* the IOD's purpose still sees everything */
	db = centre_open_as(c.dir, "iodmil");
	s = session_for(db, "data_subject_request");
	ck_assert_cus(cus_application_list(&it, s, 0, NULL), 0);
	int seen_a = 0;
	while (cus_application_next(&ap, it) == 0)
		seen_a |= ap->person_id == a;
	ck_assert(seen_a);
	cus_application_iter_free(it);
	cus_session_close(s);
	cus_db_close(db);
	centre_free(&c);
}
END_TEST

TCase *tcase_rights_restrict(void)
{
	TCase *t = tcase_create("restrict");
	tcase_set_timeout(t, 120);
	tcase_add_test(t, test_rights_restrict__refuses_registry_cases_imports_but_not_the_iod);
	tcase_add_test(t, test_rights_restrict__batch_and_listings_leave_the_person_out);
	return t;
}

TCase *tcase_rights_register(void)
{
	TCase *t = tcase_create("register");
	tcase_set_timeout(t, 120);
	tcase_add_test(t, test_rights_register__from_the_policy);
	tcase_add_test(t, test_rights_policy__bad_sections_are_refused);
	return t;
}
