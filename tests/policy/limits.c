/* Size, depth and count limits, entity expansion, and reading files. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

#include "common.h"

static void expect_whole_file_error(const char *says)
{
	const cus_error *e = cus_error_last();
	ck_assert_int_eq(e->code, CUS_EINVAL);
	ck_assert_str_eq(e->field, "(document)");
	ck_assert_int_eq(e->line, 1);
	ck_assert_int_eq(e->column, 1);
	ck_assert_msg(strstr(e->message, says) != NULL, "message '%s' does not say '%s'", e->message, says);
}

/* Comment lines of exactly n bytes: valid YAML holding no document. */
static char *comments(size_t n)
{
	char *s = malloc(n + 1);
	ck_assert_ptr_nonnull(s);
	memset(s, '#', n);
	for (size_t i = 79; i < n; i += 80)
		s[i] = '\n';
	s[n] = '\0';
	return s;
}

START_TEST(test_policy_limits__size_limit)
{
	ck_assert_uint_eq(cus_policy_max_bytes(), 4u << 20);
	char *big = comments(CUS_POLICY_MAX_BYTES + 1);
	ck_assert_cus(cus_policy_check_buffer("big.yaml", big, CUS_POLICY_MAX_BYTES + 1), CUS_EINVAL);
	expect_whole_file_error("at most 4194304 bytes");
	ck_assert_ptr_nonnull(strstr(cus_error_last()->message, "big.yaml:1:1: (document): "));
	/* exactly the limit is read (and is empty) */
	ck_assert_cus(cus_policy_check_buffer("big.yaml", big, CUS_POLICY_MAX_BYTES), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "policy");
	ck_assert_ptr_nonnull(strstr(cus_error_last()->message, "empty"));
	free(big);
}
END_TEST

START_TEST(test_policy_limits__size_limit_file)
{
	char *dir = tmpdir_new();
	char *big = comments(CUS_POLICY_MAX_BYTES + 1);
	file_write(path_in(dir, "big.yaml"), big, CUS_POLICY_MAX_BYTES + 1);
	ck_assert_cus(cus_policy_check_file(path_in(dir, "big.yaml")), CUS_EINVAL);
	expect_whole_file_error("4194304");
	free(big);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(test_policy_limits__files)
{
	char *dir = tmpdir_new();
	ck_assert_cus(cus_policy_check_file(path_in(dir, "missing.yaml")), CUS_ENOTFOUND);
	ck_assert_cus(cus_policy_check_file(NULL), CUS_EINVAL);
	mkdir(path_in(dir, "d.yaml"), 0700);
	ck_assert_cus(cus_policy_check_file(path_in(dir, "d.yaml")), CUS_EINVAL);
	expect_whole_file_error("not a regular file");
	/* the file's name leads every message */
	char *y = variant("[basic, health]", "[basic, helth]");
	file_write(path_in(dir, "p.yaml"), y, strlen(y));
	ck_assert_cus(cus_policy_check_file(path_in(dir, "p.yaml")), CUS_EINVAL);
	char prefix[1200];
	snprintf(prefix, sizeof prefix, "%s:25:", path_in(dir, "p.yaml"));
	ck_assert_msg(strncmp(cus_error_last()->message, prefix, strlen(prefix)) == 0, "%s", cus_error_last()->message);
	file_write(path_in(dir, "ok.yaml"), base_policy, strlen(base_policy));
	ck_assert_cus(cus_policy_check_file(path_in(dir, "ok.yaml")), 0);
	free(y);
	tmpdir_remove(dir);
}
END_TEST

/* The classic "billion laughs": refused at its first anchor, at once. */
START_TEST(test_policy_limits__billion_laughs)
{
	static const char lol[] =
		"a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
		"b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
		"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
		"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
		"e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
		"f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
		"g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
		"h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
		"i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";
	clock_t t0 = clock();
	ck_assert_cus(cus_policy_check_buffer("lol.yaml", lol, sizeof lol - 1), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "a");
	ck_assert_int_eq(cus_error_last()->line, 1);
	ck_assert_int_eq(cus_error_last()->column, 4);
	ck_assert_ptr_nonnull(strstr(cus_error_last()->message, "anchors"));
	ck_assert_msg((double)(clock() - t0) / CLOCKS_PER_SEC < 1.0, "took too long");
	/* an alias alone (its anchor elsewhere or nowhere) is refused too */
	ck_assert_cus(cus_policy_check_buffer("lol.yaml", "x: [*a]\n", 8), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "x[0]");
	ck_assert_int_eq(cus_error_last()->column, 5);
}
END_TEST

START_TEST(test_policy_limits__depth)
{
	char deep[300];
	size_t n = 0;
	n += (size_t)snprintf(deep + n, sizeof deep - n, "policy: ");
	for (int i = 0; i < 70; i++)
		deep[n++] = '[';
	for (int i = 0; i < 70; i++)
		deep[n++] = ']';
	deep[n++] = '\n';
	ck_assert_cus(cus_policy_check_buffer("deep.yaml", deep, n), CUS_EINVAL);
	ck_assert_ptr_nonnull(strstr(cus_error_last()->message, "nest more than 64"));
	ck_assert_int_eq(cus_error_last()->line, 1);
	ck_assert_int_eq(cus_error_last()->column, 9 + 63); /* the 64th '[' opens the 65th level */
}
END_TEST

START_TEST(test_policy_limits__value_count)
{
	size_t items = 200001, n = 0;
	char *s = malloc(16 + 2 * items);
	n += (size_t)sprintf(s, "policy: [");
	for (size_t i = 0; i < items; i++) {
		s[n++] = 'x';
		s[n++] = ',';
	}
	s[n - 1] = ']';
	s[n++] = '\n';
	ck_assert_cus(cus_policy_check_buffer("many.yaml", s, n), CUS_EINVAL);
	ck_assert_ptr_nonnull(strstr(cus_error_last()->message, "more than 200000 values"));
	ck_assert_str_eq(cus_error_last()->field, "policy[199997]");
	free(s);
}
END_TEST

START_TEST(test_policy_limits__bom_and_long_lines)
{
	/* a UTF-8 byte order mark is allowed */
	size_t n = strlen(base_policy);
	char *s = malloc(n + 4);
	memcpy(s, "\xef\xbb\xbf", 3);
	memcpy(s + 3, base_policy, n + 1);
	ck_assert_cus(cus_policy_check_buffer("bom.yaml", s, n + 3), 0);
	free(s);
	/* a name longer than 200 bytes is not */
	char name[260];
	memset(name, 'x', 250);
	memcpy(name, "name: ", 6);
	name[250] = '\0';
	char *y = variant("name: Test", name);
	ck_assert_cus(cus_policy_check_buffer("t.yaml", y, strlen(y)), CUS_EINVAL);
	ck_assert_str_eq(cus_error_last()->field, "policy.name");
	ck_assert_ptr_nonnull(strstr(cus_error_last()->message, "at most 200"));
	free(y);
}
END_TEST

TCase *tcase_policy_limits(void)
{
	TCase *tc = tcase_create("limits");
	tcase_add_test(tc, test_policy_limits__size_limit);
	tcase_add_test(tc, test_policy_limits__size_limit_file);
	tcase_add_test(tc, test_policy_limits__files);
	tcase_add_test(tc, test_policy_limits__billion_laughs);
	tcase_add_test(tc, test_policy_limits__depth);
	tcase_add_test(tc, test_policy_limits__value_count);
	tcase_add_test(tc, test_policy_limits__bom_and_long_lines);
	return tc;
}
