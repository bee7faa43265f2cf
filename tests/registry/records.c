/* Special-category and art. 10 records: sealed, per category, denied reads audited. */
#include <stdio.h>

#include "common.h"

START_TEST(test_registry_records__per_category_with_denied_reads_audited)
{
	char *dir = tmpdir_new();
	centre_make(dir);
	cus_db *db = centre_open_as(dir, "sw");
	cus_session *s = session_for(db, "benefits");
	char pa[12];
	cus_person_input a = person_in(pa, "1960-03-03", 'M', 1, "Karol", "Sądzony");
	int64_t id = add_ok(s, &a);
	cus_record_input j = CUS_RECORD_INPUT_INIT;
	j.category = "judgment";
	j.kind = "court";
	j.text = "wyrok sądu rejonowego, ograniczenie władzy rodzicielskiej";
	j.source_document = "III RC 123/21";
	j.date = "2021-11-30";
	int64_t rj = 0, rd = 0;
	ck_assert_cus(cus_record_add(s, id, &j, &rj), 0);
	cus_record_input d = CUS_RECORD_INPUT_INIT;
	d.category = "disability";
	d.kind = "degree";
	d.degree = "severe";
	d.valid_until = "2025-12-31";
	d.source_document = "orzeczenie PZON 123/2022";
	d.date = "2022-03-01";
	d.legal_basis = "art. 9 ust. 2 lit. b RODO";
	ck_assert_cus(cus_record_add(s, id, &d, &rd), 0);
	ck_assert_str_eq(audit_last_categories(db, "record.add"), "disability");
	/* social worker: location is not theirs */
	cus_record_input l = CUS_RECORD_INPUT_INIT;
	l.category = "location";
	l.date = "2022-01-01";
	ck_assert_cus(cus_record_add(s, id, &l, NULL), CUS_EDENIED);
	ck_assert_int_eq(audit_count(db, "record.add", "denied", NULL), 1);

	cus_record_iter *it = NULL;
	ck_assert_cus(cus_record_list(&it, s, id, NULL), 0);
	const cus_record *r;
	ck_assert_cus(cus_record_next(&r, it), 0);
	ck_assert_int_eq(r->id, rj);
	ck_assert_int_eq(r->person_id, id);
	ck_assert_str_eq(r->category, "judgment");
	ck_assert_str_eq(r->kind, "court");
	ck_assert_str_eq(r->text, j.text);
	ck_assert_str_eq(r->source_document, "III RC 123/21");
	ck_assert_str_eq(r->date, "2021-11-30");
	ck_assert_ptr_null(r->degree);
	ck_assert_ptr_null(r->valid_until);
	ck_assert_str_eq(r->legal_basis, s->legal_basis); /* the purpose's by default */
	ck_assert_ptr_nonnull(r->created);
	ck_assert_cus(cus_record_next(&r, it), 0);
	ck_assert_int_eq(r->id, rd);
	ck_assert_str_eq(r->degree, "severe");
	ck_assert_str_eq(r->valid_until, "2025-12-31");
	ck_assert_str_eq(r->legal_basis, "art. 9 ust. 2 lit. b RODO");
	ck_assert_int_eq(cus_record_next(&r, it), CUS_ITEROVER);
	cus_record_iter_free(it);
	ck_assert_str_eq(audit_last_categories(db, "record.read"), "health,disability,family,judgment");
	ck_assert_cus(cus_record_list(&it, s, id, "location"), CUS_EDENIED);
	ck_assert_ptr_null(it);
	ck_assert_cus(cus_record_list(&it, s, id, "sickness"), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "category");
	cus_session_close(s);
	cus_db_close(db);

	/* KIPUS: judgment records are skipped, a direct read of them denied and audited */
	db = centre_open_as(dir, "kipus");
	s = session_for(db, "qualification");
	ck_assert_cus(cus_record_list(&it, s, id, NULL), 0);
	ck_assert_cus(cus_record_next(&r, it), 0);
	ck_assert_int_eq(r->id, rd);
	ck_assert_int_eq(cus_record_next(&r, it), CUS_ITEROVER);
	cus_record_iter_free(it);
	ck_assert_str_eq(audit_last_categories(db, "record.read"), "health,disability,location,family");
	int before = audit_count(db, "record.read", "denied", NULL);
	ck_assert_cus(cus_record_list(&it, s, id, "judgment"), CUS_EDENIED);
	ck_assert_int_eq(audit_count(db, "record.read", "denied", NULL), before + 1);
	ck_assert_cus(cus_record_add(s, id, &j, NULL), CUS_EDENIED);
	cus_session_close(s);
	/* a role that may read no record category: denied, audited */
	cus_db_close(db);
	db = centre_open_as(dir, "fin");
	s = session_for(db, "benefits");
	ck_assert_cus(cus_record_list(&it, s, id, NULL), CUS_EDENIED);
	ck_assert_int_eq(audit_count(db, "record.read", "denied", NULL), before + 2);
	cus_session_close(s);
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(test_registry_records__sealed_and_bound_to_their_row)
{
	SETUP("sw", "benefits");
	char pa[12];
	cus_person_input a = person_in(pa, "1960-03-03", 'F', 1, "Ola", "Chora");
	int64_t id = add_ok(s, &a);
	cus_record_input h = CUS_RECORD_INPUT_INIT;
	h.category = "health";
	h.kind = "indication";
	h.text = "Zqmarkerchoroba przewlekła";
	h.indications = "E11,I10";
	h.date = "2022-01-01";
	int64_t r1 = 0, r2 = 0;
	ck_assert_cus(cus_record_add(s, id, &h, &r1), 0);
	h.text = "druga";
	ck_assert_cus(cus_record_add(s, id, &h, &r2), 0);
	ck_assert_msg(!file_contains(path_in(dir, "c.db.keys"), "Zqmarker", 8), "plaintext in the key store");
	/* plaintext columns are not there in the clear in the row either */
	sqlite3_stmt *st = NULL;
	ck_assert_int_eq(sqlite3_prepare_v2(cus__db_sql(db), "SELECT count(*) FROM records WHERE"
		" instr(CAST(text AS TEXT), 'Zqmarker') > 0 OR instr(CAST(indications AS TEXT), 'E11') > 0", -1, &st,
		NULL), 0);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int(st, 0), 0);
	sqlite3_finalize(st);
	/* moving a record's text to the other record breaks it */
	char q[200];
	snprintf(q, sizeof q, "UPDATE records SET text = (SELECT text FROM records WHERE id = %lld) WHERE id = %lld",
		(long long)r1, (long long)r2);
	raw_exec(db, q);
	cus_record_iter *it = NULL;
	ck_assert_cus(cus_record_list(&it, s, id, "health"), CUS_EINTEGRITY);
	ck_assert_ptr_null(it);
	TEARDOWN();
}
END_TEST

TCase *tcase_registry_records(void)
{
	TCase *tc = tcase_create("records");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_registry_records__per_category_with_denied_reads_audited);
	tcase_add_test(tc, test_registry_records__sealed_and_bound_to_their_row);
	return tc;
}
