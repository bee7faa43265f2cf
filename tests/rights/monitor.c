/* The IOD's tools: anomalies and break-glass. */
#include <stdlib.h>

#include "common.h"

static int count_kind(cus_session *s, int kind, const char *user)
{
	cus_anomaly_iter *it = NULL;
	int rc = cus_anomalies(&it, s, NULL, NULL);
	ck_assert_msg(rc == 0, "cus_anomalies: %s", cus_error_last()->message);
	const cus_anomaly *a;
	int n = 0;
	while (cus_anomaly_next(&a, it) == 0) {
		ck_assert_ptr_nonnull(a->detail);
		ck_assert_ptr_null(strstr(a->detail, "Kowalsk"));
		ck_assert_ptr_null(strstr(a->detail, "Wiśniewsk"));
		if ((!kind || a->kind == kind) && (!user || strcmp(a->user, user) == 0))
			n++;
	}
	cus_anomaly_iter_free(it);
	return n;
}

static void read_person(cus_session *s, int64_t id)
{
	cus_person *p = NULL;
	int rc = cus_person_get(&p, s, id);
	ck_assert_msg(rc == 0, "cus_person_get: %s", cus_error_last()->message);
	cus_person_free(p);
}

START_TEST(test_rights_anomalies__nothing_on_clean_data)
{
	centre c;
	centre_seed(&c, "monitoring:\n  working_hours: {from: \"00:00\", to: \"24:00\","
			 " days: [mon, tue, wed, thu, fri, sat, sun]}\n  bulk_reads_per_hour: 5\n  denials_per_day: 3\n");
	cus_db *db = centre_open_as(c.dir, "akowalska");
	cus_session *s = session_for(db, "qualification");
	read_person(s, c.person); /* her own case */
	read_person(s, c.person);
	cus_session_close(s);
	cus_db_close(db);
	db = centre_open_as(c.dir, "iodmil");
	s = session_for(db, "data_subject_request");
	ck_assert_cus(cus_rights_export(s, c.member, path_in(c.dir, "m.json"), CUS_FORMAT_JSON), 0);
	cus_session_close(s);
	s = session_for(db, "audit");
	ck_assert_int_eq(count_kind(s, 0, NULL), 0);
	ck_assert_int_eq(audit_count(db, "audit.anomalies", "ok", NULL), 1);
	cus_session_close(s);
	cus_db_close(db);
	centre_free(&c);
}
END_TEST

START_TEST(test_rights_anomalies__each_kind_is_flagged)
{
	centre c;
	/* a working day of one minute at midnight: now is outside it */
	centre_seed(&c, "monitoring:\n  working_hours: {from: \"00:00\", to: \"00:01\"}\n"
			 "  bulk_reads_per_hour: 2\n  denials_per_day: 2\n");
	cus_db *db = centre_open_as(c.dir, "akowalska");
	cus_session *s = session_for(db, "qualification");
	int64_t same = person_add_as(s, "Ewa", "Kowalska", 13);
	cus_session_close(s);
	cus_db_close(db);
	db = centre_open_as(c.dir, "bnowak");
	s = session_for(db, "benefits");
	int64_t other = person_add_as(s, "Piotr", "Zieliński", 14);
	cus_session_close(s);
	cus_db_close(db);
	db = centre_open_as(c.dir, "akowalska");
	s = session_for(db, "qualification");
	read_person(s, c.person);  /* her case */
	read_person(s, c.member);  /* no case, but she registered the person: not flagged */
	read_person(s, same);      /* shares her surname */
	read_person(s, other);     /* registered by another, no case of hers: 4 persons in an hour */
	cus_record_iter *ri = NULL;
	ck_assert_cus(cus_record_list(&ri, s, c.person, "judgment"), CUS_EDENIED);
	ck_assert_cus(cus_record_list(&ri, s, c.person, "judgment"), CUS_EDENIED);
	cus_session_close(s);
	cus_db_close(db);
	db = centre_open_as(c.dir, "iodmil");
	s = session_for(db, "audit");
	ck_assert_int_ge(count_kind(s, CUS_ANOMALY_OFF_HOURS, "akowalska"), 1);
	ck_assert_int_eq(count_kind(s, CUS_ANOMALY_BULK_READ, "akowalska"), 1);
	ck_assert_int_eq(count_kind(s, CUS_ANOMALY_NO_CASE, "akowalska"), 1);
	ck_assert_int_eq(count_kind(s, CUS_ANOMALY_SAME_SURNAME, "akowalska"), 1);
	ck_assert_int_eq(count_kind(s, CUS_ANOMALY_SAME_SURNAME, NULL), 1);
	ck_assert_int_eq(count_kind(s, CUS_ANOMALY_DENIALS, "akowalska"), 1);
	ck_assert_str_eq(cus_anomaly_kind_name(CUS_ANOMALY_SAME_SURNAME), "same_surname");
	cus_anomaly_iter *it = NULL;
	ck_assert_cus(cus_anomalies(&it, s, "2024-02-30", NULL), CUS_EINVAL);
	cus_session_close(s);
	/* only the audit readers */
	cus_db_close(db);
	db = centre_open_as(c.dir, "akowalska");
	s = session_for(db, "qualification");
	ck_assert_cus(cus_anomalies(&it, s, NULL, NULL), CUS_EDENIED);
	cus_session_close(s);
	cus_db_close(db);
	centre_free(&c);
}
END_TEST

START_TEST(test_rights_break_glass__short_reason_is_refused)
{
	centre c;
	centre_seed(&c, NULL);
	cus_db *db = centre_open_as(c.dir, "akowalska");
	cus_session *s = NULL;
	ck_assert_cus(cus_session_open_break_glass(&s, db, "qualification", "emergency"), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "reason");
	ck_assert_ptr_null(s);
	ck_assert_cus(cus_session_open_break_glass(&s, db, "qualification", "   a                   b   "), CUS_EINVAL);
	ck_assert_cus(cus_session_open_break_glass(&s, db, "qualification", NULL), CUS_EINVAL);
	ck_assert_int_eq(audit_count(db, "break_glass.start", NULL, NULL), 0);
	cus_db_close(db);
	centre_free(&c);
}
END_TEST

START_TEST(test_rights_break_glass__read_audited_expires_acknowledged)
{
	centre c;
	centre_seed(&c, NULL);
	cus_db *db = centre_open_as(c.dir, "akowalska");
	cus_session *s = NULL;
	const char *why = "Wezwanie pogotowia: potrzebne orzeczenie sądu o opiece";
	ck_assert_cus(cus_session_open_break_glass(&s, db, "qualification", why), 0);
	int64_t bg = cus_session_break_glass(s);
	ck_assert_int_gt(bg, 0);
	ck_assert_int_eq(audit_count(db, "break_glass.start", "ok", NULL), 1);
	cus_record_iter *ri = NULL;
	ck_assert_cus(cus_record_list(&ri, s, c.person, "judgment"), 0);
	cus_record_iter_free(ri);
	ck_assert_int_eq(audit_count(db, "record.read", "ok", NULL), 1);
	/* writes beyond the role stay refused */
	cus_record_input r = CUS_RECORD_INPUT_INIT;
	r.category = "judgment";
	r.kind = "court";
	r.date = "2022-01-01";
	ck_assert_cus(cus_record_add(s, c.person, &r, NULL), CUS_EDENIED);
	/* expiry */
	snprintf(s->bg_expires, sizeof s->bg_expires, "2000-01-01T00:00:00.000Z");
	ck_assert_cus(cus_record_list(&ri, s, c.person, "judgment"), CUS_EDENIED);
	ck_assert_int_eq(audit_count(db, "break_glass.end", "ok", NULL), 1);
	cus_session_close(s);
	ck_assert_int_eq(audit_count(db, "break_glass.end", "ok", NULL), 1);
	/* a second one ends at close */
	ck_assert_cus(cus_session_open_break_glass(&s, db, "qualification", why), 0);
	cus_session_close(s);
	ck_assert_int_eq(audit_count(db, "break_glass.end", "ok", NULL), 2);
	/* she may not read the list nor acknowledge */
	s = session_for(db, "qualification");
	cus_break_glass_iter *it = NULL;
	ck_assert_cus(cus_break_glass_list(&it, s, 0), CUS_EDENIED);
	cus_session_close(s);
	cus_db_close(db);

	db = centre_open_as(c.dir, "iodmil");
	s = session_for(db, "audit");
	ck_assert_cus(cus_break_glass_list(&it, s, 0), 0);
	const cus_break_glass *b;
	ck_assert_int_eq(cus_break_glass_next(&b, it), 0);
	ck_assert_int_eq(b->id, bg);
	ck_assert_str_eq(b->user, "akowalska");
	ck_assert_str_eq(b->reason, why);
	ck_assert_str_eq(b->end_reason, "expired");
	ck_assert_int_eq(b->reads, 1);
	ck_assert_ptr_null(b->acknowledged);
	ck_assert_int_eq(cus_break_glass_next(&b, it), 0);
	ck_assert_str_eq(b->end_reason, "closed");
	ck_assert_int_eq(b->reads, 0);
	ck_assert_int_eq(cus_break_glass_next(&b, it), CUS_ITEROVER);
	cus_break_glass_iter_free(it);
	ck_assert_cus(cus_break_glass_acknowledge(s, bg, "uzasadnione"), 0);
	ck_assert_cus(cus_break_glass_acknowledge(s, bg, NULL), CUS_EEXISTS);
	ck_assert_cus(cus_break_glass_acknowledge(s, 999, NULL), CUS_ENOTFOUND);
	ck_assert_cus(cus_break_glass_list(&it, s, 0), 0);
	ck_assert_int_eq(cus_break_glass_next(&b, it), 0);
	ck_assert_int_ne(b->id, bg);
	ck_assert_int_eq(cus_break_glass_next(&b, it), CUS_ITEROVER);
	cus_break_glass_iter_free(it);
	ck_assert_cus(cus_break_glass_list(&it, s, 1), 0);
	int n = 0;
	while (cus_break_glass_next(&b, it) == 0)
		n++;
	ck_assert_int_eq(n, 2);
	cus_break_glass_iter_free(it);
	/* the audit log still verifies */
	cus_audit_report *rep = NULL;
	ck_assert_cus(cus_audit_verify(&rep, db, NULL), 0);
	cus_audit_report_free(rep);
	/* and the break-glass table keeps its rows */
	ck_assert_int_ne(sqlite3_exec(cus__db_sql(db), "DELETE FROM break_glass", NULL, NULL, NULL), SQLITE_OK);
	cus_session_close(s);
	cus_db_close(db);
	centre_free(&c);
}
END_TEST

START_TEST(test_rights_report__access_report_by_person_and_user)
{
	centre c;
	centre_seed(&c, NULL);
	cus_db *db = centre_open_as(c.dir, "iodmil");
	cus_session *s = session_for(db, "audit");
	cus_access_report_options o = CUS_ACCESS_REPORT_OPTIONS_INIT;
	o.person = c.person;
	int64_t n = 0;
	ck_assert_cus(cus_access_report(s, &o, path_in(c.dir, "p.json"), CUS_FORMAT_AUTO, &n), 0);
	ck_assert_int_ge(n, 3);
	ck_assert(file_contains(path_in(c.dir, "p.json"), "akowalska", 9));
	ck_assert(file_contains(path_in(c.dir, "p.json"), "\"by_user\":", 10));
	o.person = 0;
	o.user = "bnowak";
	ck_assert_cus(cus_access_report(s, &o, path_in(c.dir, "u.xlsx"), CUS_FORMAT_AUTO, &n), 0);
	ck_assert_int_eq(n, 0);
	o.user = NULL;
	o.from = "2024-02-30";
	ck_assert_cus(cus_access_report(s, &o, path_in(c.dir, "x.json"), CUS_FORMAT_AUTO, &n), CUS_EINVAL);
	cus_session_close(s);
	cus_db_close(db);
	centre_free(&c);
}
END_TEST

TCase *tcase_rights_anomalies(void)
{
	TCase *t = tcase_create("anomalies");
	tcase_set_timeout(t, 120);
	tcase_add_test(t, test_rights_anomalies__nothing_on_clean_data);
	tcase_add_test(t, test_rights_anomalies__each_kind_is_flagged);
	tcase_add_test(t, test_rights_report__access_report_by_person_and_user);
	return t;
}

TCase *tcase_rights_break_glass(void)
{
	TCase *t = tcase_create("break_glass");
	tcase_set_timeout(t, 120);
	tcase_add_test(t, test_rights_break_glass__short_reason_is_refused);
	tcase_add_test(t, test_rights_break_glass__read_audited_expires_acknowledged);
	return t;
}
