/* Every validation rule names its field, never echoes the value, and stores nothing. */
#include <stdio.h>
#include <stdlib.h>

#include "common.h"

static int person_count(cus_db *db)
{
	sqlite3_stmt *st = NULL;
	ck_assert_int_eq(sqlite3_prepare_v2(cus__db_sql(db), "SELECT count(*) FROM persons", -1, &st, NULL), 0);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	int n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

typedef struct {
	const char *field;   /* expected error field */
	const char *value;   /* the bad value */
} bad_case;

static void set_field(cus_person_input *in, const char *field, const char *v)
{
	if (!strcmp(field, "pesel"))
		in->pesel = v;
	else if (!strcmp(field, "first_names"))
		in->first_names = v;
	else if (!strcmp(field, "last_name"))
		in->last_name = v;
	else if (!strcmp(field, "birth_date"))
		in->birth_date = v;
	else if (!strcmp(field, "address"))
		in->address = v;
	else if (!strcmp(field, "phone"))
		in->phone = v;
	else if (!strcmp(field, "email"))
		in->email = v;
	else if (!strcmp(field, "financial"))
		in->financial = v;
	else if (!strcmp(field, "teryt"))
		in->teryt = v;
	else if (!strcmp(field, "registered"))
		in->registered = v;
	else
		ck_abort_msg("unknown field %s", field);
}

START_TEST(test_registry_validate__every_rule_names_its_field)
{
	SETUP("kipus", "qualification");
	char long_name[CUS_NAME_MAX + 2], long_addr[CUS_ADDRESS_MAX + 2], ok_name[CUS_NAME_MAX + 1];
	memset(long_name, 'a', sizeof long_name - 1);
	long_name[sizeof long_name - 1] = '\0';
	memset(ok_name, 'b', sizeof ok_name - 1);
	ok_name[sizeof ok_name - 1] = '\0';
	memset(long_addr, 'c', sizeof long_addr - 1);
	long_addr[sizeof long_addr - 1] = '\0';
	const bad_case cases[] = {
		{ "pesel", "44051401358" },        /* wrong check digit */
		{ "pesel", "4405140135" },         /* too short */
		{ "pesel", "44053201359" },        /* no such day */
		{ "first_names", "" },
		{ "first_names", "   " },
		{ "first_names", long_name },
		{ "first_names", "Jan\x01" },
		{ "last_name", "\xff\xfe" },
		{ "last_name", long_name },
		{ "address", long_addr },
		{ "address", "ul.\xe2\x80\xae Zła" }, /* bidi override */
		{ "phone", "12345678" },           /* 8 digits */
		{ "phone", "1234567890123456" },   /* 16 digits */
		{ "phone", "600-700-80x" },
		{ "phone", "600/700/800" },
		{ "email", "jan.kowalski" },
		{ "email", "jan@localhost" },
		{ "email", "jan@@example.pl" },
		{ "email", "jan kowalski@example.pl" },
		{ "email", "@example.pl" },
		{ "email", "jan@.example.pl" },
		{ "financial", "\xc3\x28" },
		{ "teryt", "140501" },
		{ "teryt", "14050111" },
		{ "teryt", "14O5011" },
		{ "registered", "2022-02-30" },
		{ "registered", "10.01.2022" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char pesel[12];
		cus_person_input in = person_in(pesel, "1944-05-14", 'M', 1, "Jan", "Kowalski");
		set_field(&in, cases[i].field, cases[i].value);
		int rc = cus_person_add(s, &in, NULL);
		ck_assert_msg(rc == CUS_EINVAL, "case %zu (%s): %s", i, cases[i].field, cus_error_name(rc));
		ck_assert_msg(cus_error_last()->field && !strcmp(cus_error_last()->field, cases[i].field),
			"case %zu: field %s, expected %s", i, cus_error_last()->field, cases[i].field);
		if (strlen(cases[i].value) >= 4)
			ck_assert_msg(!strstr(cus_error_last()->message, cases[i].value),
				"case %zu: the message echoes the value", i);
	}
	/* without a PESEL: the birth date must be real, the sex M or F */
	cus_person_input np = CUS_PERSON_INPUT_INIT;
	np.first_names = "Olga";
	np.last_name = "Nowa";
	np.birth_date = "2023-02-29";
	np.sex = 'F';
	ck_assert_cus(cus_person_add(s, &np, NULL), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "birth_date");
	np.birth_date = "2003-02-28";
	np.sex = 'X';
	ck_assert_cus(cus_person_add(s, &np, NULL), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "sex");
	/* a missing surname */
	char pesel[12];
	cus_person_input nl = person_in(pesel, "1944-05-14", 'M', 1, "Jan", NULL);
	ck_assert_cus(cus_person_add(s, &nl, NULL), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "last_name");
	ck_assert_int_eq(person_count(db), 0);

	/* the limits themselves are accepted; phones of 9 and 15 digits too */
	cus_person_input okp = person_in(pesel, "1944-05-14", 'M', 1, ok_name, "Kowalski");
	okp.phone = "+48 (600) 700-800";
	okp.email = "jan.kowalski+cus@poczta.example.pl";
	add_ok(s, &okp);
	cus_person_input ok2 = person_in(pesel, "1944-05-14", 'M', 2, "Jan", "Kowalski");
	ok2.phone = "123456789012345";
	add_ok(s, &ok2);
	ck_assert_int_eq(person_count(db), 2);
	TEARDOWN();
}
END_TEST

START_TEST(test_registry_validate__records_name_their_field)
{
	SETUP("sw", "benefits");
	char pesel[12];
	cus_person_input in = person_in(pesel, "1950-01-01", 'F', 1, "Maria", "Nowak");
	int64_t id = add_ok(s, &in);
	cus_record_input r = CUS_RECORD_INPUT_INIT;
	r.category = "illness";
	r.date = "2022-01-01";
	ck_assert_cus(cus_record_add(s, id, &r, NULL), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "category");
	r.category = "health";
	r.degree = "severe";
	ck_assert_cus(cus_record_add(s, id, &r, NULL), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "degree");
	r.category = "disability";
	r.degree = "total";
	ck_assert_cus(cus_record_add(s, id, &r, NULL), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "degree");
	r.degree = "moderate";
	r.valid_until = "2025-13-01";
	ck_assert_cus(cus_record_add(s, id, &r, NULL), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "valid_until");
	r.valid_until = NULL;
	r.date = NULL;
	ck_assert_cus(cus_record_add(s, id, &r, NULL), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "date");
	r.date = "2022-01-01";
	r.text = "\xff";
	ck_assert_cus(cus_record_add(s, id, &r, NULL), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "text");
	r.text = NULL;
	ck_assert_cus(cus_record_add(s, 999, &r, NULL), CUS_ENOTFOUND);
	int64_t rid = 0;
	ck_assert_cus(cus_record_add(s, id, &r, &rid), 0);
	ck_assert_int_gt(rid, 0);
	TEARDOWN();
}
END_TEST

TCase *tcase_registry_validate(void)
{
	TCase *tc = tcase_create("validate");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_registry_validate__every_rule_names_its_field);
	tcase_add_test(tc, test_registry_validate__records_name_their_field);
	return tc;
}
