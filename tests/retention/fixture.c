#include "fixture.h"

rfiles F;

void rfiles_setup(void)
{
	rcentre_setup();
	F.p1 = rperson("1950-03-15", 'F', 1, "2012-01-10");
	F.a1 = rapplication(F.p1, "senior_club", "2012-02-01", "qualified");
	rdelivery(F.p1, F.a1, "senior_club", "2012-03-01", 100, 5000);
	rdelivery(F.p1, F.a1, "senior_club", "2012-06-01", 200, 10000);
	{
		cus_db *db = NULL;
		cus_session *s = ropen(&db, "kip", "qualification");
		cus_record_input in = CUS_RECORD_INPUT_INIT;
		in.category = "health";
		in.kind = "indication";
		in.text = "wskazanie lekarskie";
		in.date = "2012-02-01";
		int rc = cus_record_add(s, F.p1, &in, NULL);
		ck_assert_msg(rc == 0, "record: %s", cus_error_last()->message);
		rclose(db, s);
	}
	F.p2 = rperson("1940-05-05", 'M', 2, "2012-01-10");
	int64_t a2 = rapplication(F.p2, "family_mediation", "2012-02-01", "qualified");
	rdelivery(F.p2, a2, "family_mediation", "2012-04-01", 100, 15000);
	rplan(F.p2, "family_mediation", "2012-02-01", "2012-12-31");
	F.p3 = rperson("1970-07-07", 'F', 3, "2022-01-10");
	int64_t a3 = rapplication(F.p3, "senior_club", "2022-03-01", "qualified");
	rdelivery(F.p3, a3, "senior_club", "2022-04-01", 100, 5000);
	F.p4 = rperson("1948-01-20", 'M', 4, "2012-01-10");
	F.p5 = rperson("1952-11-30", 'F', 5, "2012-01-10");
	rhousehold(F.p4, F.p5);
	int64_t a4 = rapplication(F.p4, "senior_club", "2012-05-01", "qualified");
	int64_t a5 = rapplication(F.p5, "senior_club", "2012-05-01", "qualified");
	rdelivery(F.p4, a4, "senior_club", "2012-05-10", 100, 5000);
	rdelivery(F.p5, a5, "senior_club", "2012-05-10", 100, 5000);
	rdelivery(F.p5, a5, "senior_club", "2012-09-10", 300, 15000);
	F.p6 = rperson("1960-01-01", 'M', 6, "2012-01-10");
	rapplication(F.p6, "senior_club", "2012-02-01", "submitted");
	F.p7 = rperson("1980-02-29", 'F', 7, "2010-03-01");
	rsetup_done();
}

int rread(int64_t person)
{
	cus_db *db = NULL;
	cus_session *s = ropen(&db, "iod", "data_subject_request");
	cus_person *p = NULL;
	int rc = cus_person_get(&p, s, person);
	cus_person_free(p);
	rclose(db, s);
	return rc;
}
