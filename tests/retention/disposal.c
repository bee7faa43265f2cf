/* What execution leaves: an older copy of the database no longer opens the
 * disposed persons' sealed fields, its audit log still verifies, and the
 * indicators of past periods give the same figures. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

static void copy_db(const char *to)
{
	/* the handles are closed: the WAL is checkpointed into the file */
	char a[1024], b[1024];
	snprintf(a, sizeof a, "%s", path_in(rdir, "c.db"));
	snprintf(b, sizeof b, "%s", path_in(rdir, to));
	rcopy(a, b);
	snprintf(a, sizeof a, "%s", path_in(rdir, "c.db.checkpoints"));
	char c[1100];
	snprintf(c, sizeof c, "%s.checkpoints", b);
	size_t len = 0;
	unsigned char *d = file_read(a, &len);
	if (d) {
		file_write(c, d, len);
		free(d);
	}
}

START_TEST(test_retention_disposal__old_copy_is_shredded)
{
	int64_t id = rpropose_approve();
	copy_db("old.db");
	cus_db *db = NULL;
	cus_session *s = ropen(&db, "arch", "retention");
	cus_retention_protocol pr;
	ck_assert_int_eq(cus_retention_execute(&pr, s, id), 0);
	rclose(db, s);
	/* the copy taken before disposal, with the key store as it is now */
	char old[1024], keys[1100], cur[1100];
	snprintf(old, sizeof old, "%s", path_in(rdir, "old.db"));
	snprintf(keys, sizeof keys, "%s.keys", old);
	snprintf(cur, sizeof cur, "%s", path_in(rdir, "c.db.keys"));
	rcopy(cur, keys);
	cus_key *k = key_pass("iod passphrase");
	ck_assert_int_eq(cus_db_open(&db, old, "iod", k, NULL), 0);
	cus_key_free(k);
	/* its own audit log (with its own checkpoints) verifies */
	cus_audit_report *rep = NULL;
	/* (its checkpoint file, when it had one: NULL is old.db.checkpoints) */
	ck_assert_msg(cus_audit_verify(&rep, db, NULL) == 0, "verify: %s", cus_error_last()->message);
	ck_assert_int_gt(rep->entries, 10);
	cus_audit_report_free(rep);
	s = session_for(db, "data_subject_request");
	cus_person *p = NULL;
	/* the disposed: their rows are in the copy, their sealed fields do not open */
	ck_assert_cus(cus_person_get(&p, s, F.p1), CUS_ESHREDDED);
	ck_assert_cus(cus_person_get(&p, s, F.p4), CUS_ESHREDDED);
	ck_assert_cus(cus_person_get(&p, s, F.p5), CUS_ESHREDDED);
	cus_record_iter *ri = NULL;
	ck_assert_cus(cus_record_list(&ri, s, F.p1, "health"), CUS_ESHREDDED);
	/* the others open as before */
	ck_assert_int_eq(cus_person_get(&p, s, F.p2), 0);
	ck_assert_str_eq(p->last_name, "Źdźbło-Testowa");
	cus_person_free(p);
	ck_assert_int_eq(cus_person_get(&p, s, F.p3), 0);
	cus_person_free(p);
	rclose(db, s);
}
END_TEST

/* Every cell of some measures for a period, as "dims=values:numerator" lines. */
static char *cells(const char *period)
{
	static const char *const measures[] = { "persons", "families", "deliveries", "units", "cost", "applications",
		"applicants", "qualified", "decided", "plans_active" };
	static const char *const by_person[] = { "sex", "age_band" };
	static const char *const by_family[] = { "family_type", "service" };
	cus_db *db = NULL;
	cus_session *s = ropen(&db, "dir", "reporting");
	size_t cap = 1 << 16, len = 0;
	char *out = calloc(1, cap);
	for (size_t m = 0; m < sizeof measures / sizeof measures[0]; m++)
		for (int b = 0; b < 2; b++) {
			cus_indicator_query q = CUS_INDICATOR_QUERY_INIT;
			q.period = period;
			q.measure = measures[m];
			q.by = b ? by_family : by_person;
			q.nby = 2;
			if (strcmp(measures[m], "plans_active") == 0 && b == 1)
				q.nby = 1;
			cus_indicator_iter *it = NULL;
			int rc = cus_indicators_compute(&it, s, &q);
			ck_assert_msg(rc == 0, "%s: %s", measures[m], cus_error_last()->message);
			const cus_indicator_value *v;
			while (cus_indicator_next(&v, it) == 0) {
				char line[512];
				int n = snprintf(line, sizeof line, "%s", measures[m]);
				for (size_t d = 0; d < v->ndims; d++)
					n += snprintf(line + n, sizeof line - (size_t)n, " %s=%s", v->dims[d],
						v->values[d] ? v->values[d] : "*");
				snprintf(line + n, sizeof line - (size_t)n, ": %lld\n", (long long)v->numerator);
				size_t l = strlen(line);
				ck_assert(len + l + 1 < cap);
				memcpy(out + len, line, l + 1);
				len += l;
			}
			cus_indicator_iter_free(it);
		}
	rclose(db, s);
	return out;
}

START_TEST(test_retention_disposal__indicators_agree)
{
	char *before = cells("2012"), *before_h = cells("2012H1"), *recent = cells("2022");
	ck_assert(strstr(before, "persons sex=* age_band=*: 4\n") != NULL);
	ck_assert(strstr(before, "families family_type=* service=*: 3\n") != NULL);
	int64_t id = rpropose_approve();
	cus_db *db = NULL;
	cus_session *s = ropen(&db, "arch", "retention");
	cus_retention_protocol pr;
	ck_assert_int_eq(cus_retention_execute(&pr, s, id), 0);
	ck_assert_int_eq(pr.persons, 4);
	rclose(db, s);
	char *after = cells("2012"), *after_h = cells("2012H1"), *recent_after = cells("2022");
	ck_assert_msg(strcmp(before, after) == 0, "2012 before:\n%s\nafter:\n%s", before, after);
	ck_assert_str_eq(before_h, after_h);
	ck_assert_str_eq(recent, recent_after);
	free(before);
	free(after);
	free(before_h);
	free(after_h);
	free(recent);
	free(recent_after);
	/* the statistical subjects carry no identity: no PESEL, no names, no key */
	db = centre_open_as(rdir, "arch");
	ck_assert_int_eq(audit_count(db, "retention.dispose", NULL, NULL), 4);
	cus_db_close(db);
	s = ropen(&db, "iod", "data_subject_request");
	cus_person_iter *pi = NULL;
	ck_assert_int_eq(cus_person_list(&pi, s), 0);
	const cus_person *p;
	int n = 0;
	while (cus_person_next(&p, pi) == 0)
		n++;
	ck_assert_int_eq(n, 3); /* p2, p3, p6 */
	cus_person_iter_free(pi);
	rclose(db, s);
}
END_TEST

TCase *tcase_retention_disposal(void)
{
	TCase *tc = tcase_create("disposal");
	tcase_add_checked_fixture(tc, rfiles_setup, rcentre_teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_retention_disposal__old_copy_is_shredded);
	tcase_add_test(tc, test_retention_disposal__indicators_agree);
	return tc;
}
