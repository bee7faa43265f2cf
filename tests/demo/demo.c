/*
 * The demonstration centre: deterministic for a seed, valid PESELs, the
 * size scaled to the number of persons, an audit log that verifies, every
 * delivery covered by a qualified application, plans of at most a year.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "helpers.h"

#define PERSONS 150
#define PASS "demo passphrase"

static char *dir;
static cus_demo_summary sum_a, sum_b, sum_c;

static void make(const char *name, int persons, uint64_t seed, cus_demo_summary *sum)
{
	cus_key *k = NULL;
	if (cus_key_from_passphrase(&k, PASS, strlen(PASS)) != 0)
		abort();
	cus_demo_options o;
	cus_demo_options_init(&o, CUS_DEMO_OPTIONS_VERSION);
	o.persons = persons;
	o.seed = seed;
	o.policy_path = TEST_POLICY;
	o.tmpdir = dir;
	int rc = cus_demo_create(NULL, path_in(dir, name), "admin", k, &o, sum);
	cus_key_free(k);
	if (rc) {
		fprintf(stderr, "cus_demo_create: %s (%s)\n", cus_error_name(rc), cus_error_last()->message);
		abort();
	}
}

static void setup(void)
{
	const char *base = getenv("TMPDIR");
	char tmpl[512];
	snprintf(tmpl, sizeof tmpl, "%s/cus-demo-test-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(tmpl))
		abort();
	dir = strdup(tmpl);
	make("a.db", PERSONS, 7, &sum_a);
	make("b.db", PERSONS, 7, &sum_b);
	make("c.db", PERSONS, 8, &sum_c);
}

static void teardown(void)
{
	tmpdir_remove(dir);
	dir = NULL;
}

static cus_db *open_as(const char *name, const char *login)
{
	cus_key *k = key_pass(PASS);
	cus_db *db = NULL;
	int rc = cus_db_open(&db, path_in(dir, name), login, k, NULL);
	cus_key_free(k);
	ck_assert_msg(rc == 0, "open %s as %s: %s", name, login, cus_error_last()->message);
	return db;
}

#define SAME(f) ck_assert_msg(a->f == b->f, #f ": %lld != %lld", (long long)a->f, (long long)b->f)

static void same_summary(const cus_demo_summary *a, const cus_demo_summary *b)
{
	SAME(staff); SAME(persons); SAME(residents); SAME(households); SAME(service_users); SAME(records);
	SAME(records_disability); SAME(records_health); SAME(records_location); SAME(records_family);
	SAME(records_judgment); SAME(employment); SAME(applications); SAME(qualified); SAME(refused); SAME(pending);
	SAME(withdrawn); SAME(confirmations); SAME(plans); SAME(reviews); SAME(reviews_late); SAME(reviews_missing);
	SAME(deliveries); SAME(delivery_cost); SAME(projects); SAME(budget_lines); SAME(plan_amount);
	SAME(expenditures); SAME(expenditure_amount); SAME(audit_entries);
}

/* Every indicator cell of a period, as text. */
static char *indicator_text(const char *name, const char *period)
{
	cus_db *db = open_as(name, "director");
	cus_session *s = session_for(db, "reporting");
	cus_indicator_query q = CUS_INDICATOR_QUERY_INIT;
	q.period = period;
	cus_indicator_iter *it = NULL;
	int rc = cus_indicators_compute(&it, s, &q);
	ck_assert_msg(rc == 0, "cus_indicators_compute: %s", cus_error_last()->message);
	size_t cap = 1 << 16, len = 0;
	char *out = malloc(cap);
	ck_assert_ptr_nonnull(out);
	out[0] = 0;
	const cus_indicator_value *v;
	size_t cells = 0;
	while (cus_indicator_next(&v, it) == 0) {
		char line[1024];
		int n = snprintf(line, sizeof line, "%s", v->indicator);
		for (size_t d = 0; d < v->ndims; d++)
			n += snprintf(line + n, sizeof line - (size_t)n, " %s=%s", v->dims[d], v->values[d] ? v->values[d] : "*");
		n += snprintf(line + n, sizeof line - (size_t)n, " %lld/%lld\n", (long long)v->numerator,
			(long long)v->denominator);
		if (len + (size_t)n + 1 > cap) {
			cap *= 2;
			out = realloc(out, cap);
			ck_assert_ptr_nonnull(out);
		}
		memcpy(out + len, line, (size_t)n + 1);
		len += (size_t)n;
		cells++;
	}
	ck_assert_uint_gt(cells, 50);
	cus_indicator_iter_free(it);
	cus_session_close(s);
	cus_db_close(db);
	return out;
}

static char *budget_text(const char *name, const char *period)
{
	cus_db *db = open_as(name, "director");
	cus_session *s = session_for(db, "reporting");
	cus_budget_report *r = NULL;
	int rc = cus_budget_report_get(&r, s, period, CUS_BUDGET_BY_CLASSIFICATION, CUS_FINANCE_STRICT);
	ck_assert_msg(rc == 0, "cus_budget_report_get: %s", cus_error_last()->message);
	ck_assert_uint_eq(r->mismatch_count, 0);
	size_t cap = (r->nrows + 1) * 80, len = 0;
	char *out = malloc(cap);
	for (size_t i = 0; i < r->nrows; i++)
		len += (size_t)snprintf(out + len, cap - len, "%s %lld %lld\n", r->rows[i].key, (long long)r->rows[i].plan,
			(long long)r->rows[i].executed);
	snprintf(out + len, cap - len, "total %lld %lld", (long long)r->total.plan, (long long)r->total.executed);
	ck_assert_int_gt(r->total.plan, 0);
	/* executed roughly: the year 2022 is complete */
	if (strcmp(period, "2022") == 0)
		ck_assert_msg(r->total.executed_bp > 9000 && r->total.executed_bp <= 10000, "executed %lld bp",
			(long long)r->total.executed_bp);
	cus_budget_report_free(r);
	cus_session_close(s);
	cus_db_close(db);
	return out;
}

START_TEST(deterministic)
{
	same_summary(&sum_a, &sum_b);
	static const char *const periods[] = { "2021", "2022H1", "2022", "2023" };
	for (size_t i = 0; i < 4; i++) {
		char *a = indicator_text("a.db", periods[i]), *b = indicator_text("b.db", periods[i]);
		ck_assert_str_eq(a, b);
		free(a);
		free(b);
		a = budget_text("a.db", periods[i]);
		b = budget_text("b.db", periods[i]);
		ck_assert_str_eq(a, b);
		free(a);
		free(b);
	}
}
END_TEST

START_TEST(seed_matters)
{
	char *a = indicator_text("a.db", "2022"), *c = indicator_text("c.db", "2022");
	ck_assert_msg(strcmp(a, c) != 0 || sum_a.deliveries != sum_c.deliveries, "another seed gave the same data");
	free(a);
	free(c);
	ck_assert_int_eq(sum_c.service_users, PERSONS);
}
END_TEST

START_TEST(summary_plausible)
{
	const cus_demo_summary *s = &sum_a;
	ck_assert_int_eq(s->version, CUS_DEMO_SUMMARY_VERSION);
	ck_assert_int_eq(s->staff, 8);
	ck_assert_int_eq(s->service_users, PERSONS);
	/* household members besides: about twice the service users, nearly all residents */
	ck_assert_int_ge(s->persons, PERSONS * 3 / 2);
	ck_assert_int_le(s->persons, PERSONS * 3);
	ck_assert_int_ge(s->residents * 100, s->persons * 90);
	ck_assert_int_lt(s->residents, s->persons + 1);
	ck_assert_int_ge(s->households, PERSONS / 2);
	ck_assert_int_eq(s->records, s->records_disability + s->records_health + s->records_location +
		s->records_family + s->records_judgment);
	ck_assert_int_gt(s->records_disability, 0);
	ck_assert_int_gt(s->records_health, 0);
	ck_assert_int_gt(s->records_location, 0);
	ck_assert_int_gt(s->records_family, 0);
	ck_assert_int_gt(s->employment, 0);
	ck_assert_int_eq(s->applications, s->qualified + s->refused + s->pending + s->withdrawn);
	ck_assert_int_ge(s->applications, PERSONS);
	ck_assert_int_gt(s->qualified, s->applications * 8 / 10);
	ck_assert_int_gt(s->refused, 0);
	ck_assert_int_gt(s->withdrawn, 0);
	ck_assert_int_gt(s->confirmations, 0);
	ck_assert_int_gt(s->plans, 0);
	ck_assert_int_gt(s->reviews, s->reviews_late);
	ck_assert_int_gt(s->reviews_late + s->reviews_missing, 0);
	ck_assert_int_gt(s->deliveries, PERSONS * 5);
	ck_assert_int_gt(s->delivery_cost, 0);
	ck_assert_int_eq(s->projects, 3);
	ck_assert_int_gt(s->budget_lines, 50);
	ck_assert_int_gt(s->expenditure_amount, s->plan_amount / 2);
	ck_assert_int_lt(s->expenditure_amount, s->plan_amount);
	/* the scale follows --persons: the default is about 13 times this one */
	ck_assert_int_gt(s->audit_entries, s->applications);
}
END_TEST

START_TEST(pesels_valid)
{
	cus_db *db = open_as("a.db", "kipus");
	cus_session *s = session_for(db, "qualification");
	cus_person_iter *it = NULL;
	ck_assert_int_eq(cus_person_list(&it, s), 0);
	const cus_person *p;
	int64_t n = 0;
	char (*seen)[12] = calloc((size_t)sum_a.persons + 1, 12);
	while (cus_person_next(&p, it) == 0) {
		cus_pesel_info info;
		ck_assert_ptr_nonnull(p->pesel);
		ck_assert_msg(cus_pesel_check(p->pesel, &info) == 0, "invalid PESEL of p-%lld", (long long)p->id);
		ck_assert_str_eq(info.birth_date, p->birth_date);
		ck_assert_int_eq(info.sex, p->sex);
		ck_assert_int_le(p->id, sum_a.persons);
		ck_assert_str_eq(seen[p->id], "");
		memcpy(seen[p->id], p->pesel, 12);
		ck_assert_int_gt(strlen(p->last_name), 0);
		n++;
	}
	cus_person_iter_free(it);
	ck_assert_int_eq(n, sum_a.persons);
	/* PESELs unique */
	for (int64_t i = 1; i <= n; i++)
		for (int64_t j = i + 1; j <= n; j++)
			ck_assert_str_ne(seen[i], seen[j]);
	free(seen);
	cus_session_close(s);
	cus_db_close(db);
}
END_TEST

START_TEST(audit_verifies)
{
	static const char *const names[] = { "a.db", "b.db", "c.db" };
	for (size_t i = 0; i < 3; i++) {
		cus_db *db = open_as(names[i], "iod");
		cus_audit_report *r = NULL;
		int rc = cus_audit_verify(&r, db, NULL);
		ck_assert_msg(rc == 0, "audit verify: %s", cus_error_last()->message);
		ck_assert_int_ge(r->entries, (i == 2 ? sum_c : sum_a).audit_entries);
		ck_assert_int_ge(r->file_checkpoints, 1);
		cus_audit_report_free(r);
		cus_db_close(db);
	}
}
END_TEST

START_TEST(deliveries_covered)
{
	cus_db *db = open_as("a.db", "ous");
	cus_session *s = session_for(db, "service_delivery");
	/* the applications, by id */
	cus_application_iter *ai = NULL;
	ck_assert_int_eq(cus_application_list(&ai, s, 0, NULL), 0);
	int64_t napps = sum_a.applications;
	struct {
		char status[12], service[64], decision[11], withdrawn[11];
		int64_t person;
	} *apps = calloc((size_t)napps + 1, sizeof *apps);
	const cus_application *a;
	while (cus_application_next(&a, ai) == 0) {
		ck_assert_int_le(a->id, napps);
		snprintf(apps[a->id].status, 12, "%s", a->status);
		snprintf(apps[a->id].service, 64, "%s", a->service);
		snprintf(apps[a->id].decision, 11, "%s", a->decision_date ? a->decision_date : "");
		snprintf(apps[a->id].withdrawn, 11, "%s", a->withdrawn_date ? a->withdrawn_date : "");
		apps[a->id].person = a->person_id;
		/* a refusal has its reasons */
		if (strcmp(a->status, "refused") == 0)
			ck_assert_ptr_nonnull(a->reasons);
	}
	cus_application_iter_free(ai);
	cus_delivery_filter f = CUS_DELIVERY_FILTER_INIT;
	cus_delivery_iter *it = NULL;
	ck_assert_int_eq(cus_delivery_list(&it, s, &f), 0);
	const cus_delivery *d;
	int64_t n = 0, cost = 0;
	while (cus_delivery_next(&d, it) == 0) {
		ck_assert_int_gt(d->application_id, 0);
		ck_assert_int_le(d->application_id, napps);
		const char *st = apps[d->application_id].status;
		ck_assert_msg(strcmp(st, "qualified") == 0 || strcmp(st, "withdrawn") == 0, "delivery under %s", st);
		ck_assert_int_eq(apps[d->application_id].person, d->person_id);
		ck_assert_str_eq(apps[d->application_id].service, d->service);
		ck_assert_str_ne(apps[d->application_id].decision, "");
		ck_assert_int_le(strcmp(apps[d->application_id].decision, d->date), 0);
		if (*apps[d->application_id].withdrawn)
			ck_assert_int_ge(strcmp(apps[d->application_id].withdrawn, d->date), 0);
		ck_assert_str_ge(d->date, "2021-08-01");
		ck_assert_str_le(d->date, "2023-09-30");
		ck_assert_int_gt(d->units, 0);
		ck_assert_ptr_nonnull(d->funding);
		n++;
		cost += d->cost;
	}
	cus_delivery_iter_free(it);
	ck_assert_int_eq(n, sum_a.deliveries);
	ck_assert_int_eq(cost, sum_a.delivery_cost);
	free(apps);
	cus_session_close(s);
	cus_db_close(db);
}
END_TEST

START_TEST(plans_within_a_year)
{
	cus_db *db = open_as("a.db", "kipus");
	cus_session *s = session_for(db, "ipus");
	cus_plan_iter *it = NULL;
	ck_assert_int_eq(cus_plan_list(&it, s, 0), 0);
	const cus_plan *p;
	int64_t n = 0, closed = 0;
	while (cus_plan_next(&p, it) == 0) {
		char longest[11], last[11];
		ck_assert_int_eq(cus_date_add_months(longest, p->start, 12), 0);
		ck_assert_int_eq(cus_date_add_days(last, longest, -1), 0);
		ck_assert_msg(strcmp(p->end, last) <= 0, "plan %lld: %s - %s", (long long)p->id, p->start, p->end);
		ck_assert_str_le(p->start, p->end);
		ck_assert_str_ge(p->start, "2021-08-01");
		ck_assert_str_le(p->end, "2023-09-30");
		ck_assert_uint_ge(p->nservices, 1);
		closed += strcmp(p->status, "closed") == 0;
		n++;
	}
	cus_plan_iter_free(it);
	ck_assert_int_eq(n, sum_a.plans);
	ck_assert_int_gt(closed, 0);
	cus_session_close(s);
	cus_db_close(db);
}
END_TEST

START_TEST(staff_accounts)
{
	const char *login, *role;
	size_t n = 0;
	for (size_t i = 0; cus_demo_staff(i, &login, &role, NULL) == 0; i++, n++) {
		cus_db *db = open_as("a.db", login);
		ck_assert_str_eq(cus_db_user(db), login);
		cus_db_close(db);
	}
	ck_assert_uint_eq(n, 8);
	ck_assert_int_eq(cus_demo_staff(n, &login, &role, NULL), CUS_ITEROVER);
	cus_db *db = open_as("a.db", "admin");
	cus_session *s = session_for(db, "administration");
	cus_user_iter *it = NULL;
	ck_assert_int_eq(cus_user_list(&it, s), 0);
	const cus_user *u;
	size_t users = 0;
	while (cus_user_next(&u, it) == 0)
		users++;
	cus_user_iter_free(it);
	ck_assert_uint_eq(users, 9);
	cus_session_close(s);
	cus_db_close(db);
}
END_TEST

START_TEST(refusals)
{
	cus_key *k = key_pass(PASS);
	cus_demo_options o;
	cus_demo_options_init(&o, CUS_DEMO_OPTIONS_VERSION);
	o.policy_path = TEST_POLICY;
	o.tmpdir = dir;
	o.persons = 5;
	ck_assert_cus(cus_demo_create(NULL, path_in(dir, "x.db"), "admin", k, &o, NULL), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "persons");
	o.persons = 20;
	ck_assert_cus(cus_demo_create(NULL, path_in(dir, "x.db"), "kipus", k, &o, NULL), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "admin");
	o.version = 99;
	ck_assert_cus(cus_demo_create(NULL, path_in(dir, "x.db"), "admin", k, &o, NULL), CUS_EINVAL);
	o.version = CUS_DEMO_OPTIONS_VERSION;
	char before[65], after[65];
	file_digest(path_in(dir, "a.db"), before);
	ck_assert_cus(cus_demo_create(NULL, path_in(dir, "a.db"), "admin", k, &o, NULL), CUS_EEXISTS);
	file_digest(path_in(dir, "a.db"), after);
	ck_assert_str_eq(before, after);
	struct stat st;
	ck_assert_int_ne(stat(path_in(dir, "x.db"), &st), 0);
	cus_key_free(k);
}
END_TEST

START_TEST(staff_key_separate)
{
	cus_key *k = key_pass(PASS), *sk = key_pass("staff passphrase");
	cus_demo_options o;
	cus_demo_options_init(&o, CUS_DEMO_OPTIONS_VERSION);
	o.policy_path = TEST_POLICY;
	o.tmpdir = dir;
	o.persons = 20;
	o.staff_key = sk;
	cus_db *db = NULL;
	cus_demo_summary sum;
	ck_assert_int_eq(cus_demo_create(&db, path_in(dir, "s.db"), "root", k, &o, &sum), 0);
	ck_assert_ptr_nonnull(db);
	ck_assert_str_eq(cus_db_user(db), "root");
	cus_db_close(db);
	ck_assert_int_eq(sum.service_users, 20);
	ck_assert_cus(cus_db_open(&db, path_in(dir, "s.db"), "director", k, NULL), CUS_EKEY);
	ck_assert_int_eq(cus_db_open(&db, path_in(dir, "s.db"), "director", sk, NULL), 0);
	cus_db_close(db);
	cus_key_free(k);
	cus_key_free(sk);
	/* the private temporary directories are gone */
	DIR *d = opendir(dir);
	ck_assert_ptr_nonnull(d);
	struct dirent *e;
	while ((e = readdir(d)))
		ck_assert_msg(strncmp(e->d_name, "cus-demo-", 9) != 0, "left behind: %s", e->d_name);
	closedir(d);
}
END_TEST

TCase *tcase_demo(void)
{
	TCase *tc = tcase_create("demo");
	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, deterministic);
	tcase_add_test(tc, seed_matters);
	tcase_add_test(tc, summary_plausible);
	tcase_add_test(tc, pesels_valid);
	tcase_add_test(tc, audit_verifies);
	tcase_add_test(tc, deliveries_covered);
	tcase_add_test(tc, plans_within_a_year);
	tcase_add_test(tc, staff_accounts);
	tcase_add_test(tc, refusals);
	tcase_add_test(tc, staff_key_separate);
	return tc;
}
