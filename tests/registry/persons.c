/* Persons: round trip, permissions, PESEL, lookup, update, listing, search. */
#include <stdio.h>
#include <stdlib.h>

#include "common.h"

START_TEST(test_registry_persons__round_trip_every_field)
{
	SETUP("kipus", "qualification");
	char pesel[12];
	cus_person_input in = person_in(pesel, "1985-03-07", 'F', 17, "  Anna   Maria ", "Wiśniewska-Żółć");
	in.address = "ul. Kościuszki 12 m. 3, 05-822 Milanówek";
	in.phone = "+48 (22) 724-11-22";
	in.email = "anna.w@example.pl";
	in.financial = "zasiłek stały, dochód 1 234,50 zł";
	in.teryt = "1405011";
	in.registered = "2022-01-10";
	int64_t id = add_ok(s, &in);
	cus_person *p = NULL;
	ck_assert_cus(cus_person_get(&p, s, id), 0);
	ck_assert_int_eq(p->id, id);
	ck_assert_int_eq(p->version, 1);
	ck_assert_str_eq(p->pesel, pesel);
	ck_assert_str_eq(p->first_names, "Anna Maria");  /* white space collapsed */
	ck_assert_str_eq(p->last_name, "Wiśniewska-Żółć");
	ck_assert_str_eq(p->birth_date, "1985-03-07");
	ck_assert_int_eq(p->sex, 'F');
	ck_assert_str_eq(p->address, in.address);
	ck_assert_str_eq(p->phone, in.phone);
	ck_assert_str_eq(p->email, in.email);
	ck_assert_str_eq(p->financial, in.financial);
	ck_assert_str_eq(p->teryt, "1405011");
	ck_assert_str_eq(p->registered, "2022-01-10");
	ck_assert_ptr_nonnull(p->changed);
	cus_person_free(p);
	char subj[32];
	snprintf(subj, sizeof subj, "p-%lld", (long long)id);
	ck_assert_int_eq(audit_count(db, "person.add", "ok", subj), 1);
	ck_assert_str_eq(audit_last_categories(db, "person.add"), "basic,contact,financial");
	ck_assert_int_eq(audit_count(db, "person.read", "ok", subj), 1);
	ck_assert_str_eq(audit_last_categories(db, "person.read"), "basic,contact,financial");

	/* defaults: the policy's TERYT, today's registration; no contact */
	cus_person_input in2 = person_in(pesel, "1990-12-31", 'M', 3, "Jan", "Nowak");
	int64_t id2 = add_ok(s, &in2);
	ck_assert_cus(cus_person_get(&p, s, id2), 0);
	ck_assert_str_eq(p->teryt, "1405011");
	char today[21];
	cus__utc_now(today);
	ck_assert_int_eq(strncmp(p->registered, today, 10), 0);
	ck_assert_ptr_null(p->address);
	ck_assert_ptr_null(p->phone);
	ck_assert_ptr_null(p->financial);
	cus_person_free(p);
	ck_assert_str_eq(audit_last_categories(db, "person.add"), "basic");
	ck_assert_cus(cus_person_get(&p, s, 999), CUS_ENOTFOUND);
	ck_assert_ptr_null(p);
	TEARDOWN();
}
END_TEST

START_TEST(test_registry_persons__unreadable_categories_are_null)
{
	char *dir = tmpdir_new();
	centre_make(dir);
	cus_db *db = centre_open_as(dir, "kipus");
	cus_session *s = session_for(db, "qualification");
	char pesel[12];
	cus_person_input in = person_in(pesel, "1970-01-01", 'M', 1, "Piotr", "Zieliński");
	in.address = "ul. Długa 1";
	in.phone = "600 700 800";
	in.financial = "brak dochodu";
	int64_t id = add_ok(s, &in);
	cus_session_close(s);
	cus_db_close(db);

	/* finance reads basic only, for benefits */
	db = centre_open_as(dir, "fin");
	s = session_for(db, "benefits");
	cus_person *p = NULL;
	ck_assert_cus(cus_person_get(&p, s, id), 0);
	ck_assert_str_eq(p->last_name, "Zieliński");
	ck_assert_str_eq(p->pesel, pesel);
	ck_assert_ptr_null(p->address);
	ck_assert_ptr_null(p->phone);
	ck_assert_ptr_null(p->financial);
	cus_person_free(p);
	ck_assert_str_eq(audit_last_categories(db, "person.read"), "basic");
	/* and may not write */
	cus_person_input in2 = person_in(pesel, "1971-01-01", 'M', 1, "Adam", "Nowy");
	ck_assert_cus(cus_person_add(s, &in2, NULL), CUS_EDENIED);
	ck_assert_int_eq(audit_count(db, "person.add", "denied", NULL), 1);
	cus_session_close(s);
	/* finance for reporting may not read basic at all: denied and audited */
	cus_session *r = NULL;
	int rc = cus_session_open(&r, db, "reporting");
	ck_assert_int_eq(rc, 0);
	ck_assert_cus(cus_person_get(&p, r, id), CUS_EDENIED);
	ck_assert_ptr_null(p);
	ck_assert_int_eq(audit_count(db, "person.read", "denied", NULL), 1);
	cus_session_close(r);
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(test_registry_persons__pesel_gives_birth_date_and_sex)
{
	SETUP("kipus", "qualification");
	char pesel[12];
	cus_person_input in = person_in(pesel, "2004-02-29", 'F', 42, "Zofia", "Mała");
	ck_assert_str_eq(pesel + 2, pesel + 2); /* 2000s: month field + 20 */
	ck_assert_int_eq(pesel[2], '2');
	int64_t id = add_ok(s, &in);
	cus_person *p = NULL;
	ck_assert_cus(cus_person_get(&p, s, id), 0);
	ck_assert_str_eq(p->birth_date, "2004-02-29");
	ck_assert_int_eq(p->sex, 'F');
	cus_person_free(p);

	/* a birth date or sex contradicting the PESEL is refused */
	cus_person_input bad = person_in(pesel, "1950-06-15", 'M', 5, "Jan", "Stary");
	bad.birth_date = "1950-06-16";
	ck_assert_cus(cus_person_add(s, &bad, NULL), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "birth_date");
	bad.birth_date = NULL;
	bad.sex = 'F';
	ck_assert_cus(cus_person_add(s, &bad, NULL), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "sex");

	/* without a PESEL: birth date and sex are required and kept */
	cus_person_input np = CUS_PERSON_INPUT_INIT;
	np.first_names = "Olena";
	np.last_name = "Kovalenko";
	ck_assert_cus(cus_person_add(s, &np, NULL), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "birth_date");
	np.birth_date = "1988-08-08";
	ck_assert_cus(cus_person_add(s, &np, NULL), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "sex");
	np.sex = 'F';
	int64_t id2 = add_ok(s, &np);
	ck_assert_cus(cus_person_get(&p, s, id2), 0);
	ck_assert_ptr_null(p->pesel);
	ck_assert_str_eq(p->birth_date, "1988-08-08");
	ck_assert_int_eq(p->sex, 'F');
	cus_person_free(p);
	TEARDOWN();
}
END_TEST

static int person_count(cus_db *db)
{
	sqlite3_stmt *st = NULL;
	ck_assert_int_eq(sqlite3_prepare_v2(cus__db_sql(db), "SELECT count(*) FROM persons", -1, &st, NULL), 0);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	int n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

START_TEST(test_registry_persons__duplicate_pesel_is_refused)
{
	SETUP("kipus", "qualification");
	char pesel[12];
	cus_person_input in = person_in(pesel, "1960-10-10", 'M', 7, "Jerzy", "Kos");
	add_ok(s, &in);
	in.first_names = "Jerzy Drugi";
	ck_assert_cus(cus_person_add(s, &in, NULL), CUS_EEXISTS);
	ck_assert_str_eq(cus_error_last()->field, "pesel");
	ck_assert_ptr_null(strstr(cus_error_last()->message, pesel));
	ck_assert_int_eq(person_count(db), 1);
	ck_assert_int_eq(audit_count(db, "person.add", "error", NULL), 1);
	TEARDOWN();
}
END_TEST

START_TEST(test_registry_persons__by_pesel_with_forced_collisions)
{
	SETUP("kipus", "qualification");
	cus__registry_blind_bits = 1; /* two buckets: every lookup meets ~half the register */
	char pesels[24][12];
	int64_t ids[24];
	for (int i = 0; i < 24; i++) {
		char first[32];
		snprintf(first, sizeof first, "Osoba%d", i);
		cus_person_input in = person_in(pesels[i], "1975-05-05", i % 2 ? 'M' : 'F', i, first, "Testowa");
		ids[i] = add_ok(s, &in);
	}
	sqlite3_stmt *st = NULL;
	ck_assert_int_eq(sqlite3_prepare_v2(cus__db_sql(db), "SELECT count(DISTINCT pesel_index), max(c) FROM"
		" (SELECT pesel_index, count(*) AS c FROM persons GROUP BY pesel_index)", -1, &st, NULL), 0);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_int_le(sqlite3_column_int(st, 0), 2);
	ck_assert_int_ge(sqlite3_column_int(st, 1), 12); /* collisions happened */
	sqlite3_finalize(st);
	for (int i = 0; i < 24; i++) {
		cus_person *p = NULL;
		ck_assert_cus(cus_person_by_pesel(&p, s, pesels[i]), 0);
		ck_assert_int_eq(p->id, ids[i]);
		ck_assert_str_eq(p->pesel, pesels[i]);
		cus_person_free(p);
	}
	char subj[32];
	snprintf(subj, sizeof subj, "p-%lld", (long long)ids[5]);
	ck_assert_int_eq(audit_count(db, "person.read", "ok", subj), 1);
	/* a valid PESEL nobody has */
	char missing[12];
	ck_assert_int_eq(cus_pesel_make(missing, "1975-05-05", 'M', 4000), 0);
	cus_person *p = NULL;
	ck_assert_cus(cus_person_by_pesel(&p, s, missing), CUS_ENOTFOUND);
	ck_assert_ptr_null(p);
	/* an invalid one */
	ck_assert_cus(cus_person_by_pesel(&p, s, "12345678901"), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "pesel");
	/* duplicates are still caught through the collisions */
	cus_person_input dup = CUS_PERSON_INPUT_INIT;
	dup.pesel = pesels[13];
	dup.first_names = "X";
	dup.last_name = "Y";
	ck_assert_cus(cus_person_add(s, &dup, NULL), CUS_EEXISTS);
	cus__registry_blind_bits = CUS__BLIND_BITS;
	TEARDOWN();
}
END_TEST

START_TEST(test_registry_persons__update_increments_version_and_is_audited)
{
	SETUP("kipus", "qualification");
	char pesel[12], other[12];
	cus_person_input in = person_in(pesel, "1980-04-04", 'F', 9, "Ewa", "Lis");
	in.address = "ul. Krótka 2";
	in.financial = "renta";
	int64_t id = add_ok(s, &in);
	cus_person_input in2 = person_in(other, "1981-04-04", 'M', 9, "Adam", "Lis");
	add_ok(s, &in2);

	cus_person_input ch = CUS_PERSON_INPUT_INIT;
	ch.last_name = "Lis-Nowak";
	ch.phone = "22 755 00 11";
	ch.address = ""; /* cleared */
	ck_assert_cus(cus_person_update(s, id, &ch), 0);
	cus_person *p = NULL;
	ck_assert_cus(cus_person_get(&p, s, id), 0);
	ck_assert_int_eq(p->version, 2);
	ck_assert_str_eq(p->last_name, "Lis-Nowak");
	ck_assert_str_eq(p->first_names, "Ewa");
	ck_assert_str_eq(p->phone, "22 755 00 11");
	ck_assert_ptr_null(p->address);
	ck_assert_str_eq(p->financial, "renta"); /* re-sealed with the new version, still readable */
	ck_assert_str_eq(p->pesel, pesel);
	cus_person_free(p);
	ck_assert_str_eq(audit_last_detail(db, "person.update"), "fields: last_name,address,phone");
	ck_assert_str_eq(audit_last_categories(db, "person.update"), "basic,contact");

	/* another person's PESEL: refused, nothing changed */
	cus_person_input bad = CUS_PERSON_INPUT_INIT;
	bad.pesel = other;
	ck_assert_cus(cus_person_update(s, id, &bad), CUS_EEXISTS);
	bad.pesel = NULL;
	bad.email = "not an address";
	ck_assert_cus(cus_person_update(s, id, &bad), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "email");
	ck_assert_cus(cus_person_get(&p, s, id), 0);
	ck_assert_int_eq(p->version, 2);
	cus_person_free(p);
	/* a new PESEL brings its birth date and sex; still findable */
	char np[12];
	ck_assert_int_eq(cus_pesel_make(np, "1980-04-05", 'F', 10), 0);
	cus_person_input ch2 = CUS_PERSON_INPUT_INIT;
	ch2.pesel = np;
	ck_assert_cus(cus_person_update(s, id, &ch2), 0);
	ck_assert_cus(cus_person_by_pesel(&p, s, np), 0);
	ck_assert_int_eq(p->id, id);
	ck_assert_int_eq(p->version, 3);
	ck_assert_str_eq(p->birth_date, "1980-04-05");
	cus_person_free(p);
	ck_assert_cus(cus_person_by_pesel(&p, s, pesel), CUS_ENOTFOUND);
	ck_assert_cus(cus_person_update(s, 999, &ch), CUS_ENOTFOUND);
	cus_person_input none = CUS_PERSON_INPUT_INIT;
	ck_assert_cus(cus_person_update(s, id, &none), CUS_EINVAL);
	TEARDOWN();
}
END_TEST

static void expect_order(cus_person_iter *it, const char *const *names, int n)
{
	const cus_person *p;
	for (int i = 0; i < n; i++) {
		ck_assert_cus(cus_person_next(&p, it), 0);
		char full[200];
		snprintf(full, sizeof full, "%s %s", p->last_name, p->first_names);
		ck_assert_str_eq(full, names[i]);
		ck_assert_ptr_null(p->address);
	}
	ck_assert_int_eq(cus_person_next(&p, it), CUS_ITEROVER);
}

START_TEST(test_registry_persons__list_in_polish_order)
{
	SETUP("kipus", "qualification");
	const char *in[][2] = { { "Anna", "Żak" }, { "Jan", "Zięba" }, { "Łukasz", "Lis" }, { "Lucyna", "Lis" },
		{ "Ślązak", "Sowa" }, { "Ewa", "Źrebiec" }, { "Tomasz", "Łoś" }, { "Tomasz", "Lot" } };
	for (int i = 0; i < 8; i++) {
		char pesel[12];
		cus_person_input p = person_in(pesel, "1990-01-01", 'M', i, in[i][0], in[i][1]);
		p.address = "ul. Polna 1";
		add_ok(s, &p);
	}
	cus_person_iter *it = NULL;
	ck_assert_cus(cus_person_list(&it, s), 0);
	const char *want[] = { "Lis Lucyna", "Lis Łukasz", "Lot Tomasz", "Łoś Tomasz", "Sowa Ślązak",
		"Zięba Jan", "Źrebiec Ewa", "Żak Anna" };
	expect_order(it, want, 8);
	cus_person_iter_free(it);
	ck_assert_str_eq(audit_last_categories(db, "person.list"), "basic");
	TEARDOWN();
}
END_TEST

START_TEST(test_registry_persons__find_is_accent_and_case_insensitive)
{
	SETUP("kipus", "qualification");
	const char *in[][2] = { { "Halina", "Łódź" }, { "Łucja", "Łódzka" }, { "Jan", "Kowalski" },
		{ "Grzegorz", "Brzęczyszczykiewicz" } };
	for (int i = 0; i < 4; i++) {
		char pesel[12];
		cus_person_input p = person_in(pesel, "1990-01-01", 'F', i, in[i][0], in[i][1]);
		add_ok(s, &p);
	}
	cus_person_iter *it = NULL;
	ck_assert_cus(cus_person_find(&it, s, "lodz"), 0);
	const char *both[] = { "Łódzka Łucja", "Łódź Halina" }; /* z before ź */
	expect_order(it, both, 2);
	cus_person_iter_free(it);
	ck_assert_cus(cus_person_find(&it, s, "  HALINA   ŁODZ "), 0);
	const char *one[] = { "Łódź Halina" };
	expect_order(it, one, 1);
	cus_person_iter_free(it);
	ck_assert_cus(cus_person_find(&it, s, "brzeczysz grzeg"), 0);
	const char *g[] = { "Brzęczyszczykiewicz Grzegorz" };
	expect_order(it, g, 1);
	cus_person_iter_free(it);
	ck_assert_cus(cus_person_find(&it, s, "nikt"), 0);
	expect_order(it, NULL, 0);
	cus_person_iter_free(it);
	ck_assert_cus(cus_person_find(&it, s, "   "), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "query");
	ck_assert_ptr_null(it);
	ck_assert_int_eq(audit_count(db, "person.find", "ok", NULL), 4);
	TEARDOWN();
}
END_TEST


START_TEST(test_registry_persons__batch_is_atomic)
{
	SETUP("kipus", "qualification");
	char p1[12], p2[12];
	cus_person_input a = person_in(p1, "1966-06-06", 'M', 1, "Jan", "Pierwszy");
	cus_person_input b = person_in(p2, "1967-06-06", 'F', 1, "Anna", "Druga");
	cus__person_fields fa, fb;
	ck_assert_cus(cus__person_validate(&a, "1405011", &fa), 0);
	ck_assert_cus(cus__person_validate(&b, "1405011", &fb), 0);
	ck_assert_str_eq(fa.birth_date, "1966-06-06");
	/* a duplicate inside the batch: everything rolls back, keys too */
	ck_assert_cus(cus__access_begin(s, "import.persons", "import", NULL, "basic,contact,financial",
		CUS_OP_WRITE, NULL), 0);
	ck_assert_cus(cus__person_batch_begin(s), 0);
	int64_t id = 0;
	ck_assert_cus(cus__person_insert(s, &fa, &id), 0);
	ck_assert_int_eq(id, 1);
	ck_assert_cus(cus__person_insert(s, &fb, &id), 0);
	int rc = cus__person_insert(s, &fa, &id);
	ck_assert_int_eq(rc, CUS_EEXISTS);
	ck_assert_str_eq(cus_error_last()->field, "pesel");
	ck_assert_int_eq(cus__person_batch_end(s, rc), CUS_EEXISTS);
	ck_assert_int_eq(cus__access_end(s, rc), CUS_EEXISTS);
	cus_person_iter *it = NULL;
	const cus_person *p;
	ck_assert_cus(cus_person_list(&it, s), 0);
	ck_assert_int_eq(cus_person_next(&p, it), CUS_ITEROVER);
	cus_person_iter_free(it);
	sqlite3 *ks = NULL;
	ck_assert_int_eq(sqlite3_open_v2(path_in(dir, "c.db.keys"), &ks, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *st = NULL;
	ck_assert_int_eq(sqlite3_prepare_v2(ks, "SELECT count(*) FROM person_keys", -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int(st, 0), 0);
	sqlite3_finalize(st);
	sqlite3_close(ks);
	/* the good batch commits */
	ck_assert_cus(cus__access_begin(s, "import.persons", "import", NULL, "basic", CUS_OP_WRITE, NULL), 0);
	ck_assert_cus(cus__person_batch_begin(s), 0);
	ck_assert_cus(cus__person_insert(s, &fa, &id), 0);
	ck_assert_cus(cus__person_insert(s, &fb, &id), 0);
	ck_assert_cus(cus__person_batch_end(s, 0), 0);
	ck_assert_cus(cus__access_end(s, 0), 0);
	cus__person_fields_free(&fa);
	cus__person_fields_free(&fb);
	cus_person *q = NULL;
	ck_assert_cus(cus_person_by_pesel(&q, s, p2), 0);
	ck_assert_str_eq(q->last_name, "Druga");
	ck_assert_int_eq(q->id, id);
	cus_person_free(q);
	char subj[32];
	cus__person_subject(subj, 12);
	ck_assert_str_eq(subj, "p-12");
	cus_person_input init;
	ck_assert_cus(cus_person_input_init(&init, CUS_PERSON_INPUT_VERSION), 0);
	ck_assert_ptr_null(init.pesel);
	ck_assert_cus(cus_person_input_init(&init, 99), CUS_EINVAL);
	TEARDOWN();
}
END_TEST

TCase *tcase_registry_persons(void)
{
	TCase *tc = tcase_create("persons");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_registry_persons__round_trip_every_field);
	tcase_add_test(tc, test_registry_persons__unreadable_categories_are_null);
	tcase_add_test(tc, test_registry_persons__pesel_gives_birth_date_and_sex);
	tcase_add_test(tc, test_registry_persons__duplicate_pesel_is_refused);
	tcase_add_test(tc, test_registry_persons__by_pesel_with_forced_collisions);
	tcase_add_test(tc, test_registry_persons__update_increments_version_and_is_audited);
	tcase_add_test(tc, test_registry_persons__list_in_polish_order);
	tcase_add_test(tc, test_registry_persons__find_is_accent_and_case_insensitive);
	tcase_add_test(tc, test_registry_persons__batch_is_atomic);
	return tc;
}
