/* Every kind of bad input: CUS_EINVAL naming the line, the column, the key
 * path and, in the message, "t.yaml:LINE:COLUMN: KEY: ...". Each case
 * changes one thing in base_policy; the expected position is found in the
 * changed text (the nth occurrence of `at`), not hard-coded. */
#include <stdio.h>
#include <stdlib.h>

#include "common.h"

static void expect_error(const char *yaml, size_t len, const char *at, int nth, const char *field, const char *says)
{
	int line = 1, column = 1;
	if (at)
		position_of(yaml, at, nth, &line, &column);
	ck_assert_cus(cus_policy_check_buffer("t.yaml", yaml, len), CUS_EINVAL);
	const cus_error *e = cus_error_last();
	ck_assert_str_eq(e->module, "policy");
	ck_assert_ptr_nonnull(e->field);
	ck_assert_msg(strcmp(e->field, field) == 0 && e->line == line && e->column == column,
		"expected %s at %d:%d, got %s at %d:%d (%s)", field, line, column, e->field, e->line, e->column,
		e->message);
	char prefix[300];
	snprintf(prefix, sizeof prefix, "t.yaml:%d:%d: %s: ", line, column, field);
	ck_assert_msg(strncmp(e->message, prefix, strlen(prefix)) == 0, "message '%s' does not start with '%s'",
		e->message, prefix);
	ck_assert_msg(strstr(e->message, says) != NULL, "message '%s' does not say '%s'", e->message, says);
	/* the parser that stores policies says the same */
	cus__policy *p = NULL;
	ck_assert_cus(cus__policy_parse(&p, "t.yaml", yaml, len), CUS_EINVAL);
	ck_assert_ptr_null(p);
	ck_assert_int_eq(cus_error_last()->line, line);
}

#define BAD(name, old, repl, at, nth, field, says) \
	START_TEST(test_policy_errors__##name) \
	{ \
		char *y = variant(old, repl); \
		expect_error(y, strlen(y), at, nth, field, says); \
		free(y); \
	} \
	END_TEST

START_TEST(test_policy_errors__base_is_valid)
{
	ck_assert_cus(cus_policy_check_buffer("t.yaml", base_policy, strlen(base_policy)), 0);
}
END_TEST

/* ---- malformed YAML ---- */
BAD(unclosed_quote, "name: K", "name: \"K", "\"K", 1, "roles[1].name", "quoted scalar")
/* a quote left open runs on to the next quote, as YAML reads it */
BAD(unclosed_quote_runs_on, "name: Test", "name: \"Test", "1405011\"", 1, "policy", "did not find expected key")
BAD(indented_too_far, "  name: Test\n", "   name: Test\n", ": Test", 1, "policy", "indentation")
BAD(indented_too_little, "  valid_to:", " valid_to:", "valid_to", 1, "(document)", "indentation")
BAD(tab_indentation, "  id: test", "\tid: test", "\tid", 1, "policy", "tab")
BAD(tab_in_a_list, "      - categories: [basic, health]", "\t- categories: [basic, health]", "\t-", 1,
	"roles[1].permissions", "tab")
BAD(two_documents, "        purposes: [qualification]\n", "        purposes: [qualification]\n---\nx: 1\n",
	"---", 1, "(document)", "one YAML document")
BAD(duplicate_key, "  id: test\n", "  id: test\n  id: other\n", "id: other", 1, "policy.id", "appears twice")
BAD(duplicate_key_in_role, "    name: K\n", "    name: K\n    name: L\n", "name: L", 1, "roles[1].name",
	"(first at line 23)")
BAD(duplicate_key_in_grant, "[basic, health]", "[basic, health]\n        purposes: [administration]",
	"purposes: [qualification]", 1, "roles[1].permissions[0].purposes", "appears twice")
BAD(duplicate_key_flow,
	"      - categories: [basic, health]\n        operations: [read]\n        purposes: [qualification]\n",
	"      - {categories: [basic], operations: [read], purposes: [qualification], operations: [write]}\n",
	"operations: [write]", 1, "roles[1].permissions[0].operations", "appears twice")

/* ---- what YAML allows but a policy file does not ---- */
BAD(anchor, "name: Test", "name: &n Test", "&n", 1, "policy.name", "anchors (&n) are not allowed")
BAD(alias, "municipality: Milanówek", "municipality: *m", "*m", 1, "policy.municipality", "aliases")
BAD(tag, "name: Test", "name: !!str Test", "!!str", 1, "policy.name", "tags")
BAD(not_utf8, "name: Test", "name: T\xff" "est", "\xff", 1, "(document)", "not UTF-8")
BAD(cp1250_text, "Milanówek", "Milan\xf3wek", "\xf3", 1, "(document)", "not UTF-8")
BAD(overlong_utf8, "name: Test", "name: T\xc0\xafst", "\xc0", 1, "(document)", "overlong")
BAD(control_character, "name: Test", "name: T\x01st", "\x01", 1, "(document)", "control character")
BAD(nul_escape, "name: Test", "name: \"T\\0st\"", "\"T", 1, "policy.name", "NUL")
BAD(control_escape, "name: Test", "name: \"T\\x07st\"", "\"T", 1, "policy.name", "control character")
BAD(c1_control_escape, "name: Test", "name: \"T\\x85st\"", "\"T", 1, "policy.name", "control character (U+0085)")

/* ---- keys ---- */
BAD(unknown_section, "roles:\n", "rolez:\n", "rolez", 1, "rolez", "unknown section 'rolez'")
BAD(unknown_key_in_policy, "  name: Test\n", "  name: Test\n  mayor: X\n", "mayor", 1, "policy.mayor",
	"unknown key 'mayor'")
BAD(unknown_key_in_purpose, "    name: Q\n", "    name: Q\n    legal: x\n", "legal:", 1, "purposes[0].legal",
	"unknown key 'legal'")
BAD(unknown_key_in_role, "    name: K\n", "    name: K\n    colour: red\n", "colour", 1, "roles[1].colour",
	"unknown key 'colour'")
BAD(unknown_key_in_grant, "        operations: [read]\n", "        operations: [read]\n        scope: all\n", "scope",
	1, "roles[1].permissions[0].scope", "unknown key 'scope'")
BAD(missing_legal_basis, "    legal_basis: art. 32\n", "", "code: administration", 1, "purposes[1].legal_basis",
	"the required key 'legal_basis' is missing")
BAD(missing_teryt, "  teryt: \"1405011\"\n", "", "id: test", 1, "policy.teryt", "'teryt' is missing")
BAD(missing_permissions,
	"    permissions:\n      - categories: [basic, health]\n        operations: [read]\n"
	"        purposes: [qualification]\n", "", "code: kipus", 1, "roles[1].permissions", "is missing")
BAD(missing_operations, "        operations: [read]\n", "", "categories: [basic, health]", 1,
	"roles[1].permissions[0].operations", "is missing")

/* ---- names ---- */
BAD(unknown_category, "[basic, health]", "[basic, helth]", "helth", 1, "roles[1].permissions[0].categories",
	"unknown category 'helth'")
BAD(unknown_operation, "operations: [read]", "operations: [read, delete]", "delete", 1,
	"roles[1].permissions[0].operations", "unknown operation 'delete'")
BAD(unknown_purpose, "purposes: [qualification]", "purposes: [qualifcation]", "qualifcation", 1,
	"roles[1].permissions[0].purposes", "unknown purpose 'qualifcation'")
BAD(duplicate_purpose, "code: administration", "code: qualification", "qualification", 2, "purposes[1].code",
	"'qualification' is defined twice")
BAD(duplicate_role, "code: kipus", "code: admin", "admin\n    name: K", 1, "roles[1].code",
	"'admin' is defined twice")
BAD(duplicate_category, "[basic, health]", "[basic, basic]", "basic", 2, "roles[1].permissions[0].categories",
	"listed twice")
BAD(bad_code, "code: kipus", "code: Kipus", "Kipus", 1, "roles[1].code", "not a code")
BAD(no_policy_writer, "[users, policy]", "[users]", "- code: admin\n", 1, "roles", "no role may write 'policy'")

/* ---- values ---- */
BAD(bad_date, "2021-08-01", "2021-02-30", "2021-02-30", 1, "policy.valid_from", "not a calendar date")
BAD(date_format, "2021-08-01", "1.08.2021", "1.08.2021", 1, "policy.valid_from", "not a date YYYY-MM-DD")
BAD(valid_to_before_valid_from, "2023-09-30", "2020-12-31", "2020-12-31", 1, "policy.valid_to", "before")
BAD(teryt_six_digits, "\"1405011\"", "\"140501\"", "\"140501\"", 1, "policy.teryt", "7 digits")
BAD(teryt_letter, "\"1405011\"", "\"14O5011\"", "\"14O5011\"", 1, "policy.teryt", "7 digits")
BAD(teryt_no_voivodeship, "\"1405011\"", "\"1505011\"", "\"1505011\"", 1, "policy.teryt", "voivodeship")
BAD(teryt_not_a_gmina, "\"1405011\"", "\"1405019\"", "\"1405019\"", 1, "policy.teryt", "municipality")
BAD(empty_name, "name: Q\n", "name: \"\"\n", "\"\"", 1, "purposes[0].name", "must not be empty")
BAD(mapping_for_list, "[basic, health]", "{basic: read}", "{basic", 1, "roles[1].permissions[0].categories",
	"must be a list, not a mapping")
BAD(string_for_list, "operations: [read]", "operations: read", "read\n", 1,
	"roles[1].permissions[0].operations", "must be a list, not a string")
BAD(list_for_string, "name: K", "name: [K]", "[K]", 1, "roles[1].name", "must be a string, not a list")
BAD(list_in_a_list, "[basic, health]", "[basic, [health]]", "[health]", 1, "roles[1].permissions[0].categories",
	"must be a string, not a list")
BAD(empty_list, "operations: [read]", "operations: []", "[]", 1, "roles[1].permissions[0].operations",
	"at least one")
BAD(mapping_key_not_a_string, "  name: Test\n", "  name: Test\n  [a]: b\n", "[a]", 1, "policy",
	"a mapping key must be a string")

START_TEST(test_policy_errors__missing_section)
{
	const char *roles = strstr(base_policy, "roles:\n");
	expect_error(base_policy, (size_t)(roles - base_policy), NULL, 0, "roles", "the required section 'roles'");
}
END_TEST

START_TEST(test_policy_errors__empty_file)
{
	expect_error("", 0, NULL, 0, "policy", "empty");
	expect_error(NULL, 0, NULL, 0, "policy", "empty");
	expect_error("# nothing but a comment\n\n", 25, NULL, 0, "policy", "empty");
	expect_error("---\n", 4, NULL, 0, "policy", "empty");
}
END_TEST

START_TEST(test_policy_errors__not_a_mapping)
{
	expect_error("- policy\n- roles\n", 17, "- policy", 1, "(document)", "must be a mapping of sections");
	expect_error("just text\n", 10, "just", 1, "(document)", "must be a mapping of sections");
}
END_TEST

START_TEST(test_policy_errors__crlf_positions)
{
	/* Windows line ends count as one break, as in the file a user sees */
	char *y = variant("[basic, health]", "[basic, helth]");
	size_t n = strlen(y), k = 0;
	char *crlf = malloc(2 * n + 1);
	for (size_t i = 0; i < n; i++) {
		if (y[i] == '\n')
			crlf[k++] = '\r';
		crlf[k++] = y[i];
	}
	crlf[k] = '\0';
	expect_error(crlf, k, "helth", 1, "roles[1].permissions[0].categories", "unknown category");
	free(crlf);
	free(y);
}
END_TEST

START_TEST(test_policy_errors__name_in_message)
{
	char *y = variant("[basic, health]", "[basic, helth]");
	ck_assert_cus(cus_policy_check_buffer(NULL, y, strlen(y)), CUS_EINVAL);
	ck_assert_ptr_nonnull(strstr(cus_error_last()->message, "(policy):25:"));
	free(y);
}
END_TEST

TCase *tcase_policy_errors(void)
{
	TCase *tc = tcase_create("errors");
	tcase_add_test(tc, test_policy_errors__base_is_valid);
	tcase_add_test(tc, test_policy_errors__unclosed_quote);
	tcase_add_test(tc, test_policy_errors__unclosed_quote_runs_on);
	tcase_add_test(tc, test_policy_errors__indented_too_far);
	tcase_add_test(tc, test_policy_errors__indented_too_little);
	tcase_add_test(tc, test_policy_errors__tab_indentation);
	tcase_add_test(tc, test_policy_errors__tab_in_a_list);
	tcase_add_test(tc, test_policy_errors__two_documents);
	tcase_add_test(tc, test_policy_errors__duplicate_key);
	tcase_add_test(tc, test_policy_errors__duplicate_key_in_role);
	tcase_add_test(tc, test_policy_errors__duplicate_key_in_grant);
	tcase_add_test(tc, test_policy_errors__duplicate_key_flow);
	tcase_add_test(tc, test_policy_errors__anchor);
	tcase_add_test(tc, test_policy_errors__alias);
	tcase_add_test(tc, test_policy_errors__tag);
	tcase_add_test(tc, test_policy_errors__not_utf8);
	tcase_add_test(tc, test_policy_errors__cp1250_text);
	tcase_add_test(tc, test_policy_errors__overlong_utf8);
	tcase_add_test(tc, test_policy_errors__control_character);
	tcase_add_test(tc, test_policy_errors__nul_escape);
	tcase_add_test(tc, test_policy_errors__control_escape);
	tcase_add_test(tc, test_policy_errors__c1_control_escape);
	tcase_add_test(tc, test_policy_errors__unknown_section);
	tcase_add_test(tc, test_policy_errors__unknown_key_in_policy);
	tcase_add_test(tc, test_policy_errors__unknown_key_in_purpose);
	tcase_add_test(tc, test_policy_errors__unknown_key_in_role);
	tcase_add_test(tc, test_policy_errors__unknown_key_in_grant);
	tcase_add_test(tc, test_policy_errors__missing_legal_basis);
	tcase_add_test(tc, test_policy_errors__missing_teryt);
	tcase_add_test(tc, test_policy_errors__missing_permissions);
	tcase_add_test(tc, test_policy_errors__missing_operations);
	tcase_add_test(tc, test_policy_errors__unknown_category);
	tcase_add_test(tc, test_policy_errors__unknown_operation);
	tcase_add_test(tc, test_policy_errors__unknown_purpose);
	tcase_add_test(tc, test_policy_errors__duplicate_purpose);
	tcase_add_test(tc, test_policy_errors__duplicate_role);
	tcase_add_test(tc, test_policy_errors__duplicate_category);
	tcase_add_test(tc, test_policy_errors__bad_code);
	tcase_add_test(tc, test_policy_errors__no_policy_writer);
	tcase_add_test(tc, test_policy_errors__bad_date);
	tcase_add_test(tc, test_policy_errors__date_format);
	tcase_add_test(tc, test_policy_errors__valid_to_before_valid_from);
	tcase_add_test(tc, test_policy_errors__teryt_six_digits);
	tcase_add_test(tc, test_policy_errors__teryt_letter);
	tcase_add_test(tc, test_policy_errors__teryt_no_voivodeship);
	tcase_add_test(tc, test_policy_errors__teryt_not_a_gmina);
	tcase_add_test(tc, test_policy_errors__empty_name);
	tcase_add_test(tc, test_policy_errors__mapping_for_list);
	tcase_add_test(tc, test_policy_errors__string_for_list);
	tcase_add_test(tc, test_policy_errors__list_for_string);
	tcase_add_test(tc, test_policy_errors__list_in_a_list);
	tcase_add_test(tc, test_policy_errors__empty_list);
	tcase_add_test(tc, test_policy_errors__mapping_key_not_a_string);
	tcase_add_test(tc, test_policy_errors__missing_section);
	tcase_add_test(tc, test_policy_errors__empty_file);
	tcase_add_test(tc, test_policy_errors__not_a_mapping);
	tcase_add_test(tc, test_policy_errors__crlf_positions);
	tcase_add_test(tc, test_policy_errors__name_in_message);
	return tc;
}
