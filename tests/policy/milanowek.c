/* The policy set of the Milanówek centre (policies/milanowek.yaml). */
#include <stdlib.h>

#include "common.h"

static cus__policy *load_milanowek(void)
{
	size_t len = 0;
	unsigned char *yaml = file_read(source_path("policies/milanowek.yaml"), &len);
	ck_assert_ptr_nonnull(yaml);
	cus__policy *p = NULL;
	int rc = cus__policy_parse(&p, "milanowek.yaml", (const char *)yaml, len);
	ck_assert_msg(rc == 0, "%s", cus_error_last()->message);
	free(yaml);
	return p;
}

static const char *const purposes[] = {
	"qualification", "ipus", "service_delivery", "benefits", "reporting", "audit", "retention",
	"data_subject_request", "administration",
};
static const char *const roles[] = {
	"admin", "director", "ous", "kipus", "social_worker", "finance", "iod", "archivist",
};
/* Personal data: the categories 0..7. */
#define PERSONAL 8

START_TEST(test_policy_milanowek__validates)
{
	const char *path = source_path("policies/milanowek.yaml");
	ck_assert_cus(cus_policy_check_file(path), 0);
	cus_policy_info *i = NULL;
	ck_assert_cus(cus_policy_inspect_file(&i, path), 0);
	ck_assert_int_eq(i->version, 0);
	ck_assert_str_eq(i->policy_id, "milanowek-cus-2021");
	ck_assert_str_eq(i->valid_from, "2021-08-01");
	ck_assert_str_eq(i->valid_to, "2023-09-30");
	ck_assert_str_eq(i->municipality, "Milanówek");
	ck_assert_str_eq(i->teryt, "1405011");
	ck_assert_int_eq(i->purposes, 9);
	ck_assert_int_eq(i->roles, 8);
	ck_assert_ptr_null(i->loaded_by);
	ck_assert_ptr_null(i->loaded_at);
	ck_assert_str_eq(i->source, path);
	char digest[65];
	file_digest(path, digest);
	ck_assert_str_eq(i->hash, digest);
	cus_policy_info_free(i);
}
END_TEST

START_TEST(test_policy_milanowek__has_the_codes_integrators_use)
{
	cus__policy *p = load_milanowek();
	for (size_t i = 0; i < sizeof purposes / sizeof purposes[0]; i++) {
		ck_assert_msg(cus__policy_has_purpose(p, purposes[i]), "no purpose %s", purposes[i]);
		const char *basis = cus__policy_legal_basis(p, purposes[i]);
		ck_assert_msg(basis && strstr(basis, "RODO"), "purpose %s cites no GDPR article", purposes[i]);
	}
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
		ck_assert_msg(cus__policy_has_role(p, roles[i]), "no role %s", roles[i]);
		int any = 0; /* every role can open a session for something */
		for (size_t u = 0; u < sizeof purposes / sizeof purposes[0]; u++)
			any |= cus__policy_role_has_purpose(p, roles[i], purposes[u]);
		ck_assert_msg(any, "role %s has no purpose", roles[i]);
	}
	ck_assert(strstr(cus__policy_legal_basis(p, "qualification"), "art. 50 ust. 1"));
	ck_assert(strstr(cus__policy_legal_basis(p, "qualification"), "art. 9 ust. 2 lit. b, g i h"));
	cus__policy_free(p);
}
END_TEST

static int any_purpose_allows(const cus__policy *p, const char *role, int category, unsigned ops)
{
	for (size_t u = 0; u < sizeof purposes / sizeof purposes[0]; u++)
		if (cus__policy_role_allows(p, role, category, ops, purposes[u]))
			return 1;
	return 0;
}

START_TEST(test_policy_milanowek__least_privilege)
{
	cus__policy *p = load_milanowek();
	int judgment = cus__category_index("judgment");
	for (int c = 0; c < PERSONAL; c++) {
		/* the administrator and the director see no client data */
		ck_assert(!any_purpose_allows(p, "admin", c, CUS_OP_READ));
		ck_assert(!any_purpose_allows(p, "director", c, CUS_OP_READ));
		/* the archivist reads basic data only; the iod only for a request */
		ck_assert_int_eq(any_purpose_allows(p, "archivist", c, CUS_OP_READ), c == 0);
		ck_assert(!cus__policy_role_allows(p, "iod", c, CUS_OP_READ, "audit"));
		ck_assert(cus__policy_role_allows(p, "iod", c, CUS_OP_READ | CUS_OP_EXPORT, "data_subject_request"));
		ck_assert(!any_purpose_allows(p, "iod", c, CUS_OP_WRITE));
	}
	/* art. 10 data: social workers (benefits), the iod answering a request, the archivist disposing */
	for (size_t r = 0; r < sizeof roles / sizeof roles[0]; r++)
		ck_assert_int_eq(any_purpose_allows(p, roles[r], judgment, CUS_OP_READ),
			strcmp(roles[r], "social_worker") == 0 || strcmp(roles[r], "iod") == 0);
	ck_assert(cus__policy_role_allows(p, "social_worker", judgment, CUS_OP_READ | CUS_OP_WRITE, "benefits"));
	/* only the administrator manages users and policies; only the iod reads the log */
	for (size_t r = 0; r < sizeof roles / sizeof roles[0]; r++) {
		int admin = strcmp(roles[r], "admin") == 0;
		ck_assert_int_eq(any_purpose_allows(p, roles[r], cus__category_index("users"), CUS_OP_WRITE), admin);
		ck_assert_int_eq(any_purpose_allows(p, roles[r], cus__category_index("policy"), CUS_OP_WRITE), admin);
		ck_assert_int_eq(any_purpose_allows(p, roles[r], cus__category_index("audit"), CUS_OP_READ),
			strcmp(roles[r], "iod") == 0);
	}
	/* case work */
	int health = cus__category_index("health");
	ck_assert(cus__policy_role_allows(p, "kipus", health, CUS_OP_READ | CUS_OP_WRITE, "ipus"));
	ck_assert(!cus__policy_role_allows(p, "kipus", health, CUS_OP_WRITE, "service_delivery"));
	ck_assert(cus__policy_role_allows(p, "ous", health, CUS_OP_WRITE, "service_delivery"));
	ck_assert(!cus__policy_role_allows(p, "ous", health, CUS_OP_WRITE, "ipus"));
	ck_assert(!any_purpose_allows(p, "kipus", health, CUS_OP_EXPORT));
	ck_assert(cus__policy_role_allows(p, "director", cus__category_index("reports"), CUS_OP_EXPORT, "reporting"));
	ck_assert(cus__policy_role_allows(p, "finance", cus__category_index("finance"), CUS_OP_WRITE, "reporting"));
	cus__policy_free(p);
}
END_TEST

START_TEST(test_policy_milanowek__default_path)
{
	const char *d = cus_policy_default_path();
	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(d[0], '/');
	size_t n = strlen(d);
	ck_assert(n > 15 && strcmp(d + n - 15, "/milanowek.yaml") == 0);
	ck_assert_ptr_eq(cus_policy_default_path(), d); /* a static string */
}
END_TEST

TCase *tcase_policy_milanowek(void)
{
	TCase *tc = tcase_create("milanowek");
	tcase_add_test(tc, test_policy_milanowek__validates);
	tcase_add_test(tc, test_policy_milanowek__has_the_codes_integrators_use);
	tcase_add_test(tc, test_policy_milanowek__least_privilege);
	tcase_add_test(tc, test_policy_milanowek__default_path);
	return tc;
}
