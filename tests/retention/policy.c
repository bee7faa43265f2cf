/* The policy section `retention`: the Milanówek rules, and each error with
 * its key path. */
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "retention/retention.h"

static char *milanowek(size_t *len)
{
	char *t = (char *)file_read(TEST_POLICY, len);
	ck_assert_ptr_nonnull(t);
	return t;
}

/* The Milanówek file with one substring replaced: the check's result. */
static int variant(const char *from, const char *to)
{
	size_t len = 0;
	char *t = milanowek(&len);
	char *at = strstr(t, from);
	ck_assert_msg(at != NULL, "no '%s' in the policy", from);
	size_t nf = strlen(from), nt = strlen(to), pre = (size_t)(at - t);
	char *o = malloc(len - nf + nt + 1);
	memcpy(o, t, pre);
	memcpy(o + pre, to, nt);
	memcpy(o + pre + nt, at + nf, len - pre - nf);
	int rc = cus_policy_check_buffer("p.yaml", o, len - nf + nt);
	free(o);
	free(t);
	return rc;
}

static void fails_at(const char *from, const char *to, const char *field, const char *words)
{
	ck_assert_cus(variant(from, to), CUS_EINVAL);
	const cus_error *e = cus_error_last();
	ck_assert_msg(e->field && strcmp(e->field, field) == 0, "field %s, not %s (%s)", e->field, field, e->message);
	ck_assert_msg(strstr(e->message, words) != NULL, "message '%s' lacks '%s'", e->message, words);
	ck_assert_int_gt(e->line, 0);
}

START_TEST(test_retention_policy__milanowek)
{
	size_t len = 0;
	char *t = milanowek(&len);
	cus__policy *p = NULL;
	ck_assert_int_eq(cus__policy_parse(&p, "milanowek.yaml", t, len), 0);
	const cus__retention_rules *r = cus__policy_retention(p);
	ck_assert_ptr_nonnull(r);
	/* every kind has its rule */
	for (int k = 0; k < CUS_RETENTION_KIND_COUNT; k++)
		ck_assert_msg(r->has[k], "no rule for %s", cus_retention_kind_name(k));
	ck_assert_str_eq(r->rules[CUS_RETENTION_PERSON].category, "B10");
	ck_assert_int_eq(r->rules[CUS_RETENTION_PERSON].event, CUS__EV_CASE_CLOSED);
	ck_assert_str_eq(r->rules[CUS_RETENTION_DELIVERY].category, "B5");
	ck_assert_int_eq(r->rules[CUS_RETENTION_PLAN].cat, CUS__CAT_BE);
	ck_assert_int_eq(r->rules[CUS_RETENTION_PLAN].years, 10);
	ck_assert_int_eq(r->rules[CUS_RETENTION_PROJECT].cat, CUS__CAT_A);
	ck_assert_int_eq(r->rules[CUS_RETENTION_PROJECT].years, 25);
	ck_assert(cus__retention_is_approver(r, "archivist"));
	ck_assert(cus__retention_is_approver(r, "director"));
	ck_assert(!cus__retention_is_approver(r, "kipus"));
	ck_assert(!cus__retention_is_approver(r, "iod"));
	cus__policy_free(p);
	free(t);
}
END_TEST

START_TEST(test_retention_policy__errors)
{
	fails_at("    - kind: application\n", "    - kind: aplication\n", "retention.rules[1].kind", "unknown kind");
	fails_at("    - kind: application\n", "    - kind: person\n", "retention.rules[1].kind", "has a rule already");
	fails_at("      category: B5\n      from: record_created\n", "      category: B0\n      from: record_created\n",
		"retention.rules[4].category", "A, B<n>, BE<n>");
	fails_at("      category: B5\n      from: record_created\n", "      category: B5\n      years: 10\n"
		"      from: record_created\n", "retention.rules[4].years", "disagrees");
	fails_at("      category: B5\n      from: record_created\n", "      category: Bc\n      from: record_created\n",
		"retention.rules[4].years", "Bc needs its period");
	fails_at("      category: BE10\n      from: plan_end\n", "      category: BE10\n      from: decision\n",
		"retention.rules[3].from", "allowed: case_closed, record_created, plan_end");
	fails_at("  approvers: [archivist, director]\n", "  approvers: [archivist, dyrektor]\n", "retention.approvers",
		"unknown role 'dyrektor'");
	fails_at("      symbol: \"8100\"\n", "      symbol: \"81A0\"\n", "retention.rules[0].symbol", "JRWA symbol");
	fails_at("    - kind: person\n      symbol: \"8100\"\n", "    - kind: employment\n      symbol: \"8100\"\n",
		"retention.rules[6].kind", "has a rule already");
	fails_at("      category: B10\n      from: case_closed\n      basis: >-\n        art. 50 ustawy",
		"      category: B10\n      from: case_closed\n      period: 3\n      basis: >-\n        art. 50 ustawy",
		"retention.rules[0].period", "unknown key");
}
END_TEST

START_TEST(test_retention_policy__person_rule_required)
{
	/* the person rule cut out: the case file needs its own rule */
	size_t len = 0;
	char *t = milanowek(&len);
	char *a = strstr(t, "    - kind: person\n"), *b = a ? strstr(a, "    # Applications and declarations") : NULL;
	ck_assert(a && b);
	memmove(a, b, strlen(b) + 1);
	ck_assert_cus(cus_policy_check_buffer("p.yaml", t, strlen(t)), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "retention.rules");
	ck_assert(strstr(cus_error_last()->message, "kind 'person'") != NULL);
	free(t);
	/* Bc with its period is fine */
	ck_assert_int_eq(variant("      category: B5\n      from: record_created\n",
		"      category: Bc\n      years: 2\n      from: record_created\n"), 0);
}
END_TEST

START_TEST(test_retention_policy__targets)
{
	int k = -1;
	int64_t id = 0;
	ck_assert_int_eq(cus__retention_parse_target("12", &k, &id), 0);
	ck_assert_int_eq(k, CUS_RETENTION_PERSON);
	ck_assert_int_eq(id, 12);
	ck_assert_int_eq(cus__retention_parse_target("p-7", &k, &id), 0);
	ck_assert_int_eq(id, 7);
	ck_assert_int_eq(cus__retention_parse_target("application:17", &k, &id), 0);
	ck_assert_int_eq(k, CUS_RETENTION_APPLICATION);
	ck_assert_int_eq(id, 17);
	ck_assert_cus(cus__retention_parse_target("audit_log:1", &k, &id), CUS_EINVAL);
	ck_assert_cus(cus__retention_parse_target("p-", &k, &id), CUS_EINVAL);
	ck_assert_cus(cus__retention_parse_target("0", &k, &id), CUS_EINVAL);
	ck_assert_cus(cus__retention_parse_target("plan:x", &k, &id), CUS_EINVAL);
	ck_assert_cus(cus__retention_parse_target("", &k, &id), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "target");
}
END_TEST

TCase *tcase_retention_policy(void)
{
	TCase *tc = tcase_create("policy");
	tcase_add_test(tc, test_retention_policy__milanowek);
	tcase_add_test(tc, test_retention_policy__errors);
	tcase_add_test(tc, test_retention_policy__person_rule_required);
	tcase_add_test(tc, test_retention_policy__targets);
	return tc;
}
