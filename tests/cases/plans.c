/* Individual service plans: the one-year limit, the calendar of reviews and
 * summaries, what is due, overlaps, access and audit. */
#include <stdio.h>

#include "common.h"

static const char *const one_service[] = { "family_mediation" };

static int plan_try(cus_session *s, int64_t person, const char *start, const char *end, int64_t *id)
{
	cus_plan_input in = CUS_PLAN_INPUT_INIT;
	in.person = person;
	in.start = start;
	in.end = end;
	in.services = one_service;
	in.nservices = 1;
	return cus_plan_add(s, &in, id);
}

static int64_t plan_ok(cus_session *s, int64_t person, const char *start, const char *end)
{
	int64_t id = 0;
	int rc = plan_try(s, person, start, end, &id);
	ck_assert_msg(rc == 0, "cus_plan_add %s..%s: %s (%s)", start, end, cus_error_name(rc),
		cus_error_last()->message);
	ck_assert_int_gt(id, 0);
	return id;
}

static void assert_field(int rc, int code, const char *field)
{
	ck_assert_msg(rc == code, "returned %s (%s), expected %s", cus_error_name(rc), cus_error_last()->message,
		cus_error_name(code));
	ck_assert_ptr_nonnull(cus_error_last()->field);
	ck_assert_str_eq(cus_error_last()->field, field);
}

static int64_t count_of(cus_db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	ck_assert_int_eq(sqlite3_prepare_v2(cus__db_sql(db), sql, -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	int64_t n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static int64_t person_new(cus_session *s, int serial)
{
	return person_make(s, "1980-05-14", 'F', serial, NULL);
}

/* The schedule as "due kind number status" lines joined by '|'. */
static void schedule_text(char *buf, size_t size, cus_session *s, int64_t plan, const char *as_of, int within)
{
	cus_checkpoint_iter *it = NULL;
	int rc = cus_plan_schedule(&it, s, plan, as_of, within);
	ck_assert_msg(rc == 0, "cus_plan_schedule: %s (%s)", cus_error_name(rc), cus_error_last()->message);
	buf[0] = '\0';
	const cus_plan_checkpoint *c;
	size_t len = 0;
	while (cus_checkpoint_next(&c, it) == 0) {
		ck_assert_int_eq(c->plan_id, plan);
		len += (size_t)snprintf(buf + len, size - len, "%s%s %s %d %s", len ? "|" : "", c->due, c->kind,
			c->number, c->status);
		ck_assert_uint_lt(len, size);
	}
	cus_checkpoint_iter_free(it);
}

/* The due list as "plan:due kind number status days" lines. */
static void due_text(char *buf, size_t size, cus_session *s, const char *as_of, int within)
{
	cus_checkpoint_iter *it = NULL;
	int rc = cus_plan_due(&it, s, as_of, within);
	ck_assert_msg(rc == 0, "cus_plan_due: %s (%s)", cus_error_name(rc), cus_error_last()->message);
	buf[0] = '\0';
	const cus_plan_checkpoint *c;
	size_t len = 0;
	while (cus_checkpoint_next(&c, it) == 0) {
		ck_assert_ptr_null(c->done);
		ck_assert_int_eq(c->on_time, 0);
		ck_assert_str_eq(c->coordinator, "kipus");
		len += (size_t)snprintf(buf + len, size - len, "%s%lld:%s %s %d %s %d", len ? "|" : "",
			(long long)c->plan_id, c->due, c->kind, c->number, c->status, c->days);
		ck_assert_uint_lt(len, size);
	}
	cus_checkpoint_iter_free(it);
}

START_TEST(test_cases_plans__one_year_longest)
{
	SETUP("kipus", "ipus");
	static const char *const cases[][3] = {
		{ "2022-03-01", "2023-02-28", "2023-03-01" },
		{ "2023-03-01", "2024-02-29", "2024-03-01" },
		{ "2024-02-29", "2025-02-27", "2025-02-28" },
		{ "2022-01-31", "2023-01-30", "2023-01-31" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t p = person_new(s, (int)i + 1);
		int64_t before = count_of(db, "SELECT count(*) FROM plans");
		int64_t id = 7;
		assert_field(plan_try(s, p, cases[i][0], cases[i][2], &id), CUS_EINVAL, "end");
		ck_assert_int_eq(id, 0);
		ck_assert_int_eq(count_of(db, "SELECT count(*) FROM plans"), before);
		id = plan_ok(s, p, cases[i][0], cases[i][1]);
		cus_plan *pl = NULL;
		ck_assert_int_eq(cus_plan_get(&pl, s, id), 0);
		ck_assert_str_eq(pl->start, cases[i][0]);
		ck_assert_str_eq(pl->end, cases[i][1]);
		ck_assert_str_eq(pl->status, "active");
		ck_assert_ptr_null(pl->closed);
		cus_plan_free(pl);
	}
	/* end before start; malformed dates */
	int64_t p = person_new(s, 9);
	assert_field(plan_try(s, p, "2022-03-01", "2022-02-28", NULL), CUS_EINVAL, "end");
	assert_field(plan_try(s, p, "2022-02-30", "2022-03-31", NULL), CUS_EINVAL, "start");
	assert_field(plan_try(s, p, "2022-03-01", "2022-3-31", NULL), CUS_EINVAL, "end");
	/* a one-day plan is fine */
	plan_ok(s, p, "2022-03-01", "2022-03-01");
	TEARDOWN();
}
END_TEST

START_TEST(test_cases_plans__schedule_month_ends)
{
	SETUP("kipus", "ipus");
	char buf[1024];
	int64_t a = plan_ok(s, person_new(s, 1), "2022-01-31", "2023-01-30");
	schedule_text(buf, sizeof buf, s, a, "2022-01-31", 0);
	ck_assert_str_eq(buf, "2022-04-30 review 1 open|2022-07-31 review 2 open|2022-07-31 summary 1 open|"
		"2022-10-31 review 3 open|2023-01-30 summary 2 open");

	int64_t b = plan_ok(s, person_new(s, 2), "2022-11-30", "2023-11-29");
	schedule_text(buf, sizeof buf, s, b, "2022-11-30", 0);
	ck_assert_str_eq(buf, "2023-02-28 review 1 open|2023-05-30 review 2 open|2023-05-30 summary 1 open|"
		"2023-08-30 review 3 open|2023-11-29 summary 2 open");

	int64_t c = plan_ok(s, person_new(s, 3), "2024-02-29", "2025-02-27");
	schedule_text(buf, sizeof buf, s, c, "2024-02-29", 0);
	ck_assert_str_eq(buf, "2024-05-29 review 1 open|2024-08-29 review 2 open|2024-08-29 summary 1 open|"
		"2024-11-29 review 3 open|2025-02-27 summary 2 open");

	/* 31 August: reviews on 30 November, 28 February, 31 May (from the start,
	 * not from the previous review) */
	int64_t d = plan_ok(s, person_new(s, 4), "2022-08-31", "2023-08-30");
	schedule_text(buf, sizeof buf, s, d, "2022-08-31", 0);
	ck_assert_str_eq(buf, "2022-11-30 review 1 open|2023-02-28 review 2 open|2023-02-28 summary 1 open|"
		"2023-05-31 review 3 open|2023-08-30 summary 2 open");

	/* A periodic summary on the end day: no extra final summary. */
	int64_t e = plan_ok(s, person_new(s, 5), "2022-01-01", "2022-07-01");
	schedule_text(buf, sizeof buf, s, e, "2022-01-01", 0);
	ck_assert_str_eq(buf, "2022-04-01 review 1 open|2022-07-01 review 2 open|2022-07-01 summary 1 open");

	/* Shorter than three months: only the final summary. */
	int64_t f = plan_ok(s, person_new(s, 6), "2022-01-01", "2022-03-31");
	schedule_text(buf, sizeof buf, s, f, "2022-04-15", 0);
	ck_assert_str_eq(buf, "2022-03-31 summary 1 overdue");
	TEARDOWN();
}
END_TEST

START_TEST(test_cases_plans__schedule_status)
{
	SETUP("kipus", "ipus");
	char buf[1024];
	int64_t a = plan_ok(s, person_new(s, 1), "2022-01-31", "2023-01-30");
	schedule_text(buf, sizeof buf, s, a, "2022-07-20", 11);
	ck_assert_str_eq(buf, "2022-04-30 review 1 overdue|2022-07-31 review 2 due|2022-07-31 summary 1 due|"
		"2022-10-31 review 3 open|2023-01-30 summary 2 open");
	schedule_text(buf, sizeof buf, s, a, "2022-07-20", 10);
	ck_assert_str_eq(buf, "2022-04-30 review 1 overdue|2022-07-31 review 2 open|2022-07-31 summary 1 open|"
		"2022-10-31 review 3 open|2023-01-30 summary 2 open");

	/* A late review fulfils review 1 (not on time), an early one review 2. */
	int n = 0;
	ck_assert_int_eq(cus_plan_review(s, a, "review", "2022-05-02", "Spotkanie z rodziną", &n), 0);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(cus_plan_review(s, a, "review", "2022-07-30", NULL, &n), 0);
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(cus_plan_review(s, a, "summary", "2022-07-31", NULL, &n), 0);
	ck_assert_int_eq(n, 1);
	cus_checkpoint_iter *it = NULL;
	ck_assert_int_eq(cus_plan_schedule(&it, s, a, "2022-08-01", 0), 0);
	const cus_plan_checkpoint *c;
	int seen = 0;
	while (cus_checkpoint_next(&c, it) == 0) {
		seen++;
		ck_assert_int_eq(c->person_id, 1);
		if (strcmp(c->kind, "review") == 0 && c->number == 1) {
			ck_assert_str_eq(c->status, "done");
			ck_assert_str_eq(c->done, "2022-05-02");
			ck_assert_int_eq(c->on_time, 0);
		} else if (strcmp(c->kind, "review") == 0 && c->number == 2) {
			ck_assert_str_eq(c->done, "2022-07-30");
			ck_assert_int_eq(c->on_time, 1);
		} else if (strcmp(c->kind, "summary") == 0 && c->number == 1) {
			ck_assert_str_eq(c->done, "2022-07-31");
			ck_assert_int_eq(c->on_time, 1); /* on the due day itself */
		} else {
			ck_assert_ptr_null(c->done);
			ck_assert_str_eq(c->status, "open");
		}
	}
	ck_assert_int_eq(seen, 5);
	cus_checkpoint_iter_free(it);
	/* the note is sealed */
	ck_assert_int_eq(count_of(db, "SELECT count(*) FROM plan_reviews WHERE note IS NOT NULL"), 1);
	ck_assert_int_eq(count_of(db, "SELECT count(*) FROM plan_reviews WHERE instr(note, 'Spotkanie') > 0"), 0);
	ck_assert_int_eq(audit_count(db, "plan.review", "ok", "p-1"), 3);
	TEARDOWN();
}
END_TEST

START_TEST(test_cases_plans__review_errors)
{
	SETUP("kipus", "ipus");
	int64_t p = person_new(s, 1);
	/* no review falls in a plan shorter than three months; one final summary */
	int64_t a = plan_ok(s, p, "2022-01-01", "2022-03-31");
	int n = 5;
	assert_field(cus_plan_review(s, a, "review", "2022-03-01", NULL, &n), CUS_EINVAL, "status");
	ck_assert_int_eq(n, 0);
	assert_field(cus_plan_review(s, a, "visit", "2022-03-01", NULL, NULL), CUS_EINVAL, "kind");
	assert_field(cus_plan_review(s, a, NULL, "2022-03-01", NULL, NULL), CUS_EINVAL, "kind");
	assert_field(cus_plan_review(s, a, "summary", "2021-12-31", NULL, NULL), CUS_EINVAL, "date");
	assert_field(cus_plan_review(s, a, "summary", "2022-05-01", NULL, NULL), CUS_EINVAL, "date");
	assert_field(cus_plan_review(s, a, "summary", "2099-01-01", NULL, NULL), CUS_EINVAL, "date");
	assert_field(cus_plan_review(s, a, "summary", "2022-13-01", NULL, NULL), CUS_EINVAL, "date");
	ck_assert_cus(cus_plan_review(s, 999, "summary", "2022-03-01", NULL, NULL), CUS_ENOTFOUND);
	ck_assert_int_eq(count_of(db, "SELECT count(*) FROM plan_reviews"), 0);
	/* up to a month after the end */
	ck_assert_int_eq(cus_plan_review(s, a, "summary", "2022-04-30", NULL, &n), 0);
	ck_assert_int_eq(n, 1);
	assert_field(cus_plan_review(s, a, "summary", "2022-04-30", NULL, NULL), CUS_EINVAL, "status");
	ck_assert_int_eq(count_of(db, "SELECT count(*) FROM plan_reviews"), 1);
	TEARDOWN();
}
END_TEST

START_TEST(test_cases_plans__due)
{
	SETUP("kipus", "ipus");
	char buf[2048];
	int64_t a = plan_ok(s, person_new(s, 1), "2022-01-31", "2023-01-30");
	int64_t b = plan_ok(s, person_new(s, 2), "2022-01-01", "2022-12-31");

	/* 2022-04-01: b's review 1 due today; a's review 1 (04-30) not listed */
	due_text(buf, sizeof buf, s, "2022-04-01", 0);
	snprintf(buf + 1024, 1024, "%lld:2022-04-01 review 1 due 0", (long long)b);
	ck_assert_str_eq(buf, buf + 1024);

	/* 2022-04-25 within 10: b overdue by 24 days, a due in 5 */
	due_text(buf, sizeof buf, s, "2022-04-25", 10);
	snprintf(buf + 1024, 1024, "%lld:2022-04-01 review 1 overdue 24|%lld:2022-04-30 review 1 due 5",
		(long long)b, (long long)a);
	ck_assert_str_eq(buf, buf + 1024);
	due_text(buf, sizeof buf, s, "2022-04-25", 4);
	snprintf(buf + 1024, 1024, "%lld:2022-04-01 review 1 overdue 24", (long long)b);
	ck_assert_str_eq(buf, buf + 1024);

	/* a done review is no longer listed */
	ck_assert_int_eq(cus_plan_review(s, b, "review", "2022-04-26", NULL, NULL), 0);
	due_text(buf, sizeof buf, s, "2022-04-30", 0);
	snprintf(buf + 1024, 1024, "%lld:2022-04-30 review 1 due 0", (long long)a);
	ck_assert_str_eq(buf, buf + 1024);

	/* same due date: sorted by plan */
	int64_t c = plan_ok(s, person_new(s, 3), "2022-01-30", "2022-12-31");
	due_text(buf, sizeof buf, s, "2022-04-30", 0);
	snprintf(buf + 1024, 1024, "%lld:2022-04-30 review 1 due 0|%lld:2022-04-30 review 1 due 0", (long long)a,
		(long long)c);
	ck_assert_str_eq(buf, buf + 1024);

	/* b closed on 2022-06-15: review 2 and summary 1 (07-01) are not due */
	ck_assert_int_eq(cus_plan_close(s, b, "2022-06-15"), 0);
	due_text(buf, sizeof buf, s, "2022-07-05", 0);
	ck_assert_ptr_null(strstr(buf, "2022-07-01"));
	ck_assert_ptr_nonnull(strstr(buf, "2022-04-30"));
	/* but one overdue before the closing date stays overdue */
	int64_t d = plan_ok(s, person_new(s, 4), "2021-09-01", "2022-08-31");
	ck_assert_int_eq(cus_plan_close(s, d, "2022-01-15"), 0);
	due_text(buf, sizeof buf, s, "2022-01-20", 0);
	snprintf(buf + 1024, 1024, "%lld:2021-12-01 review 1 overdue 50", (long long)d);
	ck_assert_str_eq(buf, buf + 1024);
	char sched[1024];
	schedule_text(sched, sizeof sched, s, d, "2022-01-20", 0);
	ck_assert_str_eq(sched, "2021-12-01 review 1 overdue");

	assert_field(cus_plan_due(&(cus_checkpoint_iter *){ NULL }, s, "2022-02-30", 0), CUS_EINVAL, "as_of");
	cus_checkpoint_iter *it = NULL;
	assert_field(cus_plan_due(&it, s, "2022-02-01", -1), CUS_EINVAL, "within");
	ck_assert_ptr_null(it);
	ck_assert_int_eq(audit_count(db, "plan.due", "ok", NULL), 7);
	TEARDOWN();
}
END_TEST

START_TEST(test_cases_plans__close)
{
	SETUP("kipus", "ipus");
	int64_t p = person_new(s, 1);
	int64_t a = plan_ok(s, p, "2022-01-01", "2022-12-31");
	assert_field(cus_plan_close(s, a, "2021-12-31"), CUS_EINVAL, "date");
	assert_field(cus_plan_close(s, a, "2023-01-01"), CUS_EINVAL, "date");
	assert_field(cus_plan_close(s, a, "2022-02-30"), CUS_EINVAL, "date");
	ck_assert_cus(cus_plan_close(s, 42, NULL), CUS_ENOTFOUND);
	ck_assert_int_eq(cus_plan_close(s, a, NULL), 0);
	cus_plan *pl = NULL;
	ck_assert_int_eq(cus_plan_get(&pl, s, a), 0);
	ck_assert_str_eq(pl->status, "closed");
	ck_assert_str_eq(pl->closed, "2022-12-31");
	cus_plan_free(pl);
	assert_field(cus_plan_close(s, a, "2022-06-01"), CUS_EINVAL, "status");
	ck_assert_int_eq(audit_count(db, "plan.close", "ok", "p-1"), 1);
	/* the range and status errors are found inside the operation: audited */
	ck_assert_int_eq(audit_count(db, "plan.close", "error", "p-1"), 3);
	TEARDOWN();
}
END_TEST

START_TEST(test_cases_plans__overlap)
{
	SETUP("kipus", "ipus");
	int64_t p = person_new(s, 1);
	plan_ok(s, p, "2022-01-01", "2022-06-30");
	assert_field(plan_try(s, p, "2022-06-30", "2022-12-31", NULL), CUS_EINVAL, "start");
	assert_field(plan_try(s, p, "2021-12-01", "2022-01-01", NULL), CUS_EINVAL, "start");
	assert_field(plan_try(s, p, "2022-02-01", "2022-03-01", NULL), CUS_EINVAL, "start");
	assert_field(plan_try(s, p, "2021-09-01", "2022-08-31", NULL), CUS_EINVAL, "start");
	ck_assert_int_eq(count_of(db, "SELECT count(*) FROM plans"), 1);
	plan_ok(s, p, "2022-07-01", "2022-12-31"); /* adjacent */
	plan_ok(s, p, "2021-08-01", "2021-12-31"); /* adjacent before */
	/* another person's plan may overlap */
	plan_ok(s, person_new(s, 2), "2022-02-01", "2022-03-01");

	/* a plan closed early frees the days after its closing date */
	int64_t q = person_new(s, 3);
	int64_t a = plan_ok(s, q, "2022-01-01", "2022-12-31");
	ck_assert_int_eq(cus_plan_close(s, a, "2022-03-31"), 0);
	assert_field(plan_try(s, q, "2022-03-31", "2022-09-30", NULL), CUS_EINVAL, "start");
	plan_ok(s, q, "2022-04-01", "2022-09-30");
	TEARDOWN();
}
END_TEST

START_TEST(test_cases_plans__invalid_input)
{
	SETUP("kipus", "ipus");
	int64_t p = person_new(s, 1);
	cus_plan_input in;
	ck_assert_int_eq(cus_plan_input_init(&in, CUS_PLAN_INPUT_VERSION), 0);
	ck_assert_int_eq(in.version, CUS_PLAN_INPUT_VERSION);
	ck_assert_ptr_null(in.services);
	assert_field(cus_plan_input_init(&in, 99), CUS_EINVAL, "version");
	cus_plan_input_init(&in, CUS_PLAN_INPUT_VERSION);
	in.person = p;
	in.start = "2022-01-01";
	in.end = "2022-12-31";
	assert_field(cus_plan_add(s, &in, NULL), CUS_EINVAL, "services");
	const char *unknown[] = { "family_mediation", "astrology" };
	in.services = unknown;
	in.nservices = 2;
	assert_field(cus_plan_add(s, &in, NULL), CUS_EINVAL, "services");
	const char *twice[] = { "family_mediation", "legal_counselling", "family_mediation" };
	in.services = twice;
	in.nservices = 3;
	assert_field(cus_plan_add(s, &in, NULL), CUS_EINVAL, "services");
	in.nservices = 2;
	in.coordinator = "nobody";
	assert_field(cus_plan_add(s, &in, NULL), CUS_ENOTFOUND, "coordinator");
	in.coordinator = "Not A Login";
	assert_field(cus_plan_add(s, &in, NULL), CUS_ENOTFOUND, "coordinator");
	in.coordinator = "kipus2";
	in.person = 999;
	assert_field(cus_plan_add(s, &in, NULL), CUS_ENOTFOUND, "person");
	in.person = p;
	in.version = 2;
	assert_field(cus_plan_add(s, &in, NULL), CUS_EINVAL, "version");
	in.version = CUS_PLAN_INPUT_VERSION;
	in.goals = "bad \x01 control";
	assert_field(cus_plan_add(s, &in, NULL), CUS_EINVAL, "goals");
	ck_assert_int_eq(count_of(db, "SELECT count(*) FROM plans"), 0);
	ck_assert_int_eq(count_of(db, "SELECT count(*) FROM plan_services"), 0);

	in.goals = "  Powrót  do pracy;\tterapia ";
	int64_t id = 0;
	ck_assert_int_eq(cus_plan_add(s, &in, &id), 0);
	cus_plan *pl = NULL;
	ck_assert_int_eq(cus_plan_get(&pl, s, id), 0);
	ck_assert_int_eq(pl->person_id, p);
	ck_assert_str_eq(pl->coordinator, "kipus2");
	ck_assert_uint_eq(pl->nservices, 2);
	ck_assert_str_eq(pl->services[0], "family_mediation");
	ck_assert_str_eq(pl->services[1], "legal_counselling");
	ck_assert_str_eq(pl->goals, "Powrót do pracy; terapia");
	ck_assert_ptr_nonnull(pl->created);
	cus_plan_free(pl);
	ck_assert_int_eq(count_of(db, "SELECT count(*) FROM plans WHERE instr(goals, 'terapia') > 0"), 0);
	ck_assert_cus(cus_plan_get(&pl, s, id + 1), CUS_ENOTFOUND);
	ck_assert_ptr_null(pl);

	/* a disabled account cannot coordinate */
	cus_db *adb = centre_open_as(dir, "admin");
	cus_session *as = session_for(adb, "administration");
	ck_assert_int_eq(cus_user_disable(as, "kipus2"), 0);
	cus_session_close(as);
	cus_db_close(adb);
	in.start = "2023-01-01";
	in.end = "2023-06-30";
	assert_field(cus_plan_add(s, &in, NULL), CUS_ENOTFOUND, "coordinator");
	/* NULL: the session's user */
	in.coordinator = NULL;
	ck_assert_int_eq(cus_plan_add(s, &in, &id), 0);
	ck_assert_int_eq(cus_plan_get(&pl, s, id), 0);
	ck_assert_str_eq(pl->coordinator, "kipus");
	ck_assert_str_eq(pl->goals, "Powrót do pracy; terapia");
	cus_plan_free(pl);
	TEARDOWN();
}
END_TEST

START_TEST(test_cases_plans__list)
{
	SETUP("kipus", "ipus");
	int64_t p1 = person_new(s, 1), p2 = person_new(s, 2);
	cus_plan_input in = CUS_PLAN_INPUT_INIT;
	in.person = p1;
	in.start = "2022-01-01";
	in.end = "2022-06-30";
	in.services = one_service;
	in.nservices = 1;
	in.goals = "Cel";
	int64_t a = 0, b = 0, c = 0;
	ck_assert_int_eq(cus_plan_add(s, &in, &a), 0);
	b = plan_ok(s, p2, "2022-02-01", "2022-07-31");
	c = plan_ok(s, p1, "2022-07-01", "2022-12-31");
	cus_plan_iter *it = NULL;
	const cus_plan *p;
	ck_assert_int_eq(cus_plan_list(&it, s, 0), 0);
	int64_t want_all[] = { a, b, c };
	for (int i = 0; i < 3; i++) {
		ck_assert_int_eq(cus_plan_next(&p, it), 0);
		ck_assert_int_eq(p->id, want_all[i]);
		ck_assert_ptr_null(p->goals);
		ck_assert_uint_eq(p->nservices, 1);
		ck_assert_str_eq(p->services[0], "family_mediation");
	}
	ck_assert_int_eq(cus_plan_next(&p, it), CUS_ITEROVER);
	cus_plan_iter_free(it);
	ck_assert_int_eq(cus_plan_list(&it, s, p1), 0);
	ck_assert_int_eq(cus_plan_next(&p, it), 0);
	ck_assert_int_eq(p->id, a);
	ck_assert_int_eq(cus_plan_next(&p, it), 0);
	ck_assert_int_eq(p->id, c);
	ck_assert_int_eq(cus_plan_next(&p, it), CUS_ITEROVER);
	cus_plan_iter_free(it);
	it = NULL;
	ck_assert_cus(cus_plan_list(&it, s, 999), CUS_ENOTFOUND);
	ck_assert_ptr_null(it);
	ck_assert_int_eq(audit_count(db, "plan.list", "ok", NULL), 2);
	ck_assert_int_eq(audit_count(db, "plan.list", "ok", "p-1"), 1);
	TEARDOWN();
}
END_TEST

START_TEST(test_cases_plans__access_and_audit)
{
	SETUP("kipus", "ipus");
	int64_t p = person_new(s, 1);
	int64_t a = plan_ok(s, p, "2022-01-01", "2022-12-31");
	ck_assert_int_eq(audit_count(db, "plan.add", "ok", "p-1"), 1);
	cus_plan *pl = NULL;
	ck_assert_int_eq(cus_plan_get(&pl, s, a), 0);
	cus_plan_free(pl);
	ck_assert_int_eq(audit_count(db, "plan.read", "ok", "p-1"), 1);
	/* a refused plan is audited as an error, and nothing is stored */
	ck_assert_int_eq(plan_try(s, p, "2022-03-01", "2022-04-01", NULL), CUS_EINVAL);
	ck_assert_int_eq(audit_count(db, "plan.add", "error", "p-1"), 1);
	TEARDOWN();

	/* the director has no access to case records */
	dir = tmpdir_new();
	cases_centre_make(dir);
	db = centre_open_as(dir, "kipus");
	s = session_for(db, "ipus");
	p = person_new(s, 1);
	a = plan_ok(s, p, "2022-01-01", "2022-12-31");
	cus_session_close(s);
	cus_db_close(db);
	db = centre_open_as(dir, "dir");
	s = session_for(db, "reporting");
	ck_assert_cus(plan_try(s, p, "2023-01-01", "2023-06-30", NULL), CUS_EDENIED);
	ck_assert_int_eq(audit_count(db, "plan.add", "denied", "p-1"), 1);
	ck_assert_cus(cus_plan_get(&pl, s, a), CUS_EDENIED);
	ck_assert_int_eq(audit_count(db, "plan.read", "denied", "p-1"), 1);
	cus_checkpoint_iter *it = NULL;
	ck_assert_cus(cus_plan_due(&it, s, "2022-05-01", 0), CUS_EDENIED);
	ck_assert_int_eq(audit_count(db, "plan.due", "denied", NULL), 1);
	ck_assert_cus(cus_plan_close(s, a, NULL), CUS_EDENIED);
	ck_assert_cus(cus_plan_review(s, a, "review", "2022-04-01", NULL, NULL), CUS_EDENIED);
	ck_assert_int_eq(count_of(db, "SELECT count(*) FROM plans"), 1);
	ck_assert_int_eq(count_of(db, "SELECT count(*) FROM plans WHERE status = 'active'"), 1);
	ck_assert_int_eq(count_of(db, "SELECT count(*) FROM plan_reviews"), 0);
	cus_session_close(s);
	cus_db_close(db);

	/* the OUS reads plans for ipus but does not draw them up */
	db = centre_open_as(dir, "ous");
	s = session_for(db, "ipus");
	ck_assert_int_eq(cus_plan_get(&pl, s, a), 0);
	cus_plan_free(pl);
	ck_assert_int_eq(cus_plan_due(&it, s, "2022-05-01", 0), 0);
	const cus_plan_checkpoint *c;
	ck_assert_int_eq(cus_checkpoint_next(&c, it), 0);
	ck_assert_str_eq(c->due, "2022-04-01");
	ck_assert_str_eq(c->status, "overdue");
	ck_assert_int_eq(c->days, 30);
	ck_assert_int_eq(cus_checkpoint_next(&c, it), CUS_ITEROVER);
	cus_checkpoint_iter_free(it);
	ck_assert_cus(plan_try(s, p, "2023-01-01", "2023-06-30", NULL), CUS_EDENIED);
	ck_assert_cus(cus_plan_review(s, a, "review", "2022-04-01", NULL, NULL), CUS_EDENIED);
	ck_assert_int_eq(audit_count(db, "plan.review", "denied", "p-1"), 2);
	TEARDOWN();
}
END_TEST

START_TEST(test_cases_plans__erased_person)
{
	SETUP("kipus", "ipus");
	int64_t p = person_new(s, 1);
	cus_plan_input in = CUS_PLAN_INPUT_INIT;
	in.person = p;
	in.start = "2022-01-01";
	in.end = "2022-06-30";
	in.services = one_service;
	in.nservices = 1;
	in.goals = "Cel";
	int64_t a = 0;
	ck_assert_int_eq(cus_plan_add(s, &in, &a), 0);
	ck_assert_int_eq(cus__person_key_destroy(db, p), 0);
	cus_plan *pl = NULL;
	ck_assert_cus(cus_plan_get(&pl, s, a), CUS_ESHREDDED);
	ck_assert_ptr_null(pl);
	ck_assert_cus(plan_try(s, p, "2022-07-01", "2022-12-31", NULL), CUS_ESHREDDED);
	ck_assert_int_eq(count_of(db, "SELECT count(*) FROM plans"), 1);
	/* listings carry no goals and still work */
	cus_plan_iter *it = NULL;
	ck_assert_int_eq(cus_plan_list(&it, s, p), 0);
	const cus_plan *lp;
	ck_assert_int_eq(cus_plan_next(&lp, it), 0);
	ck_assert_int_eq(lp->id, a);
	cus_plan_iter_free(it);
	TEARDOWN();
}
END_TEST

TCase *tcase_cases_plans(void)
{
	TCase *tc = tcase_create("plans");
	tcase_add_test(tc, test_cases_plans__one_year_longest);
	tcase_add_test(tc, test_cases_plans__schedule_month_ends);
	tcase_add_test(tc, test_cases_plans__schedule_status);
	tcase_add_test(tc, test_cases_plans__review_errors);
	tcase_add_test(tc, test_cases_plans__due);
	tcase_add_test(tc, test_cases_plans__close);
	tcase_add_test(tc, test_cases_plans__overlap);
	tcase_add_test(tc, test_cases_plans__invalid_input);
	tcase_add_test(tc, test_cases_plans__list);
	tcase_add_test(tc, test_cases_plans__access_and_audit);
	tcase_add_test(tc, test_cases_plans__erased_person);
	return tc;
}
