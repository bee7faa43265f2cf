/* The policy sections `indicators` and `disclosure`: what the Milanówek
 * file defines and what a bad definition gets. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* The Milanówek policy with the first occurrence of from replaced by to. */
static char *policy_with(const char *from, const char *to, size_t *len)
{
	size_t n = 0;
	unsigned char *text = file_read(TEST_POLICY, &n);
	ck_assert_ptr_nonnull(text);
	char *at = strstr((char *)text, from);
	ck_assert_msg(at != NULL, "the policy has no '%s'", from);
	size_t head = (size_t)(at - (char *)text), fl = strlen(from), tl = strlen(to);
	char *out = malloc(n - fl + tl + 1);
	memcpy(out, text, head);
	memcpy(out + head, to, tl);
	memcpy(out + head + tl, at + fl, n - head - fl);
	*len = n - fl + tl;
	out[*len] = 0;
	free(text);
	return out;
}

static void refused(const char *from, const char *to, const char *field_part, const char *message_part)
{
	size_t len;
	char *text = policy_with(from, to, &len);
	ck_assert_cus(cus_policy_check_buffer("p.yaml", text, len), CUS_EINVAL);
	const cus_error *e = cus_error_last();
	ck_assert_msg(e->field && strstr(e->field, field_part), "field %s, expected %s", e->field, field_part);
	ck_assert_msg(strstr(e->message, message_part), "message '%s' lacks '%s'", e->message, message_part);
	ck_assert_int_gt(e->line, 800);
	free(text);
}

START_TEST(test_indicators_policy__milanowek_defines_them)
{
	char *dir = tmpdir_new();
	cus_db *db = NULL;
	cus_key *k = key_pass("admin passphrase");
	ck_assert_int_eq(cus_db_init(&db, path_in(dir, "c.db"), "admin", k, TEST_POLICY, NULL), 0);
	cus_key_free(k);
	const cus_indicator *defs = NULL;
	int n = cus_indicator_list(&defs, db);
	ck_assert_int_ge(n, 16);
	int criteria[5] = { 0 };
	const char *names[5] = { "relevance", "efficiency", "effectiveness", "impact", "sustainability" };
	for (int i = 0; i < n; i++) {
		for (int c = 0; c < 5; c++)
			criteria[c] += strcmp(defs[i].criterion, names[c]) == 0;
		ck_assert(cus_indicator_measure_valid(defs[i].measure));
		for (size_t d = 0; d < defs[i].nby; d++)
			ck_assert(cus_indicator_dimension_valid(defs[i].by[d]));
	}
	for (int c = 0; c < 5; c++)
		ck_assert_msg(criteria[c] > 0, "no indicator for %s", names[c]);
	int targets = 0;
	for (int i = 0; i < n; i++)
		if (defs[i].target) {
			targets++;
			ck_assert_str_eq(defs[i].denominator, "target");
			ck_assert(defs[i].cumulative);
			ck_assert_int_eq(defs[i].factor, 100);
		}
	ck_assert_int_eq(targets, 4);
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(test_indicators_policy__bad_definitions)
{
	refused("    measure: applications\n    by: [area]", "    measure: applause\n    by: [area]",
		"indicators[0].measure", "unknown measure 'applause'");
	refused("    measure: qualified\n    denominator: decided", "    measure: qualified\n    denominator: target",
		"indicators[1].denominator", "needs the indicator's target");
	refused("    measure: qualified\n    denominator: decided", "    measure: qualified\n    denominator: persons",
		"indicators[1].denominator", "other records");
	refused("    measure: applications\n    by: [area]", "    measure: applications\n    by: [funding]",
		"indicators[0].by", "cannot be broken down by 'funding'");
	refused("    measure: applications\n    by: [area]", "    measure: applications\n    by: [area, area]",
		"indicators[0].by", "listed twice");
	refused("    measure: plans_active\n", "    measure: plans_active\n    by: [month]\n",
		"by", "cannot be broken down by 'month'");
	refused("  - code: cost_per_person\n", "  - code: applications\n", "code", "defined twice");
	refused("    criterion: relevance\n", "    criterion: beauty\n", "criterion", "unknown criterion");
	refused("    target: local_community\n", "    target: nowhere\n", "target", "unknown target");
	refused("    factor: 100\n    by: [area]", "    factor: 0\n    by: [area]", "factor", "whole number from 1");
	refused("    measure: reviews_on_time\n", "    measure: reviews_on_time\n    services: [telecare]\n",
		"indicators", "takes no services");
}
END_TEST

START_TEST(test_indicators_policy__disclosure_threshold)
{
	refused("  k: 10\n", "  k: 2\n", "disclosure.k", "from 3");
	refused("  dominance_percent: 75\n", "  dominance_percent: 80\n", "disclosure.dominance_percent", "from 1 to 75");
	refused("  min_contributors: 3\n", "  min_contributors: 2\n", "disclosure.min_contributors", "from 3");
	size_t len;
	char *text = policy_with("  k: 10\n", "  k: 3\n", &len);
	ck_assert_int_eq(cus_policy_check_buffer("p.yaml", text, len), 0);
	free(text);
}
END_TEST

TCase *tcase_indicators_policy(void)
{
	TCase *t = tcase_create("policy");
	tcase_add_test(t, test_indicators_policy__milanowek_defines_them);
	tcase_add_test(t, test_indicators_policy__bad_definitions);
	tcase_add_test(t, test_indicators_policy__disclosure_threshold);
	return t;
}
