/* What a role may do: the permission table and the questions about it. */
#include <stdlib.h>

#include "common.h"

/* kipus: read basic for qualification (grant 0), write basic for ipus
 * (grant 1), read and export health and family for both (grant 2). */
static const char grants_policy[] =
	"policy: {id: g, name: G, valid_from: 2022-01-01, municipality: M, teryt: '1405011'}\n"
	"purposes:\n"
	"  - {code: qualification, name: Q, legal_basis: 'art. 6 ust. 1 lit. c RODO'}\n"
	"  - {code: ipus, name: I, legal_basis: 'art. 9 ust. 2 lit. h RODO'}\n"
	"  - {code: administration, name: A, legal_basis: 'art. 32 RODO'}\n"
	"roles:\n"
	"  - code: admin\n"
	"    name: Admin\n"
	"    permissions:\n"
	"      - {categories: [policy], operations: [write], purposes: [administration]}\n"
	"  - code: kipus\n"
	"    name: K\n"
	"    description: the coordinator\n"
	"    permissions:\n"
	"      - {categories: [basic], operations: [read], purposes: [qualification]}\n"
	"      - {categories: [basic], operations: [write], purposes: [ipus]}\n"
	"      - {categories: [health, family], operations: [read, export], purposes: [qualification, ipus]}\n"
	"  - code: idle\n"
	"    name: Nobody\n"
	"    permissions: []\n";

static cus__policy *parse(const char *yaml)
{
	cus__policy *p = NULL;
	int rc = cus__policy_parse(&p, "g.yaml", yaml, strlen(yaml));
	ck_assert_msg(rc == 0, "%s", cus_error_last()->message);
	return p;
}

START_TEST(test_policy_allows__categories)
{
	ck_assert_int_eq(CUS_CATEGORY_COUNT, 13);
	static const char *const names[] = { "basic", "contact", "financial", "health", "disability", "location",
		"family", "judgment", "audit", "finance", "reports", "users", "policy" };
	for (int i = 0; i < CUS_CATEGORY_COUNT; i++) {
		ck_assert_str_eq(cus_category_name(i), names[i]);
		ck_assert_int_eq(cus__category_index(names[i]), i);
	}
	ck_assert_ptr_null(cus_category_name(-1));
	ck_assert_ptr_null(cus_category_name(CUS_CATEGORY_COUNT));
	ck_assert_int_eq(cus__category_index("helth"), -1);
	ck_assert_int_eq(cus__category_index("Basic"), -1);
	ck_assert_int_eq(cus__category_index(NULL), -1);
}
END_TEST

START_TEST(test_policy_allows__a_grant_must_list_all_three)
{
	cus__policy *p = parse(grants_policy);
	int basic = cus__category_index("basic"), health = cus__category_index("health");
	int family = cus__category_index("family"), contact = cus__category_index("contact");
	ck_assert_int_eq(cus__policy_role_allows(p, "kipus", basic, CUS_OP_READ, "qualification"), 1);
	ck_assert_int_eq(cus__policy_role_allows(p, "kipus", basic, CUS_OP_WRITE, "qualification"), 0);
	ck_assert_int_eq(cus__policy_role_allows(p, "kipus", basic, CUS_OP_WRITE, "ipus"), 1);
	ck_assert_int_eq(cus__policy_role_allows(p, "kipus", basic, CUS_OP_READ, "ipus"), 0);
	ck_assert_int_eq(cus__policy_role_allows(p, "kipus", basic, CUS_OP_EXPORT, "qualification"), 0);
	/* every op of ops must be allowed */
	ck_assert_int_eq(cus__policy_role_allows(p, "kipus", basic, CUS_OP_READ | CUS_OP_WRITE, "qualification"), 0);
	ck_assert_int_eq(cus__policy_role_allows(p, "kipus", health, CUS_OP_READ | CUS_OP_EXPORT, "ipus"), 1);
	ck_assert_int_eq(cus__policy_role_allows(p, "kipus", family, CUS_OP_EXPORT, "qualification"), 1);
	ck_assert_int_eq(cus__policy_role_allows(p, "kipus", family, CUS_OP_WRITE, "qualification"), 0);
	ck_assert_int_eq(cus__policy_role_allows(p, "kipus", contact, CUS_OP_READ, "qualification"), 0);
	ck_assert_int_eq(cus__policy_role_allows(p, "kipus", health, CUS_OP_READ, "administration"), 0);
	ck_assert_int_eq(cus__policy_role_allows(p, "admin", health, CUS_OP_READ, "qualification"), 0);
	ck_assert_int_eq(cus__policy_role_allows(p, "admin", cus__category_index("policy"), CUS_OP_WRITE,
		"administration"), 1);
	/* anything unknown or malformed is a no */
	ck_assert_int_eq(cus__policy_role_allows(p, "kipus", basic, 0, "qualification"), 0);
	ck_assert_int_eq(cus__policy_role_allows(p, "kipus", basic, CUS_OP_READ | 8, "qualification"), 0);
	ck_assert_int_eq(cus__policy_role_allows(p, "kipus", -1, CUS_OP_READ, "qualification"), 0);
	ck_assert_int_eq(cus__policy_role_allows(p, "kipus", CUS_CATEGORY_COUNT, CUS_OP_READ, "qualification"), 0);
	ck_assert_int_eq(cus__policy_role_allows(p, "kipuz", basic, CUS_OP_READ, "qualification"), 0);
	ck_assert_int_eq(cus__policy_role_allows(p, "kipus", basic, CUS_OP_READ, "qualifikation"), 0);
	ck_assert_int_eq(cus__policy_role_allows(p, NULL, basic, CUS_OP_READ, NULL), 0);
	ck_assert_int_eq(cus__policy_role_allows(NULL, "kipus", basic, CUS_OP_READ, "qualification"), 0);
	cus__policy_free(p);
}
END_TEST

START_TEST(test_policy_allows__purposes_and_roles)
{
	cus__policy *p = parse(grants_policy);
	ck_assert_int_eq(cus__policy_version(p), 0);
	ck_assert_int_eq(strlen(cus__policy_hash(p)), 64);
	ck_assert(cus__policy_has_purpose(p, "ipus"));
	ck_assert(!cus__policy_has_purpose(p, "benefits"));
	ck_assert(!cus__policy_has_purpose(p, NULL));
	ck_assert_str_eq(cus__policy_legal_basis(p, "ipus"), "art. 9 ust. 2 lit. h RODO");
	ck_assert_ptr_null(cus__policy_legal_basis(p, "benefits"));
	ck_assert(cus__policy_has_role(p, "idle"));
	ck_assert(!cus__policy_has_role(p, "director"));
	ck_assert(cus__policy_role_has_purpose(p, "kipus", "ipus"));
	ck_assert(!cus__policy_role_has_purpose(p, "kipus", "administration"));
	ck_assert(cus__policy_role_has_purpose(p, "admin", "administration"));
	for (int u = 0; u < 3; u++) /* a role with no permissions may do nothing */
		ck_assert(!cus__policy_role_has_purpose(p, "idle", (const char *[]){ "qualification", "ipus",
			"administration" }[u]));
	ck_assert(!cus__policy_role_has_purpose(p, "nobody", "ipus"));
	ck_assert_ptr_null(cus__policy_section_data(p, "purposes")); /* core sections keep no extra data */
	ck_assert_ptr_null(cus__policy_section_data(p, "services"));
	cus__policy_free(p);
}
END_TEST

START_TEST(test_policy_allows__public_question)
{
	char *dir = tmpdir_new();
	cus_db *db = db_new(path_in(dir, "c.db"), "admin", "a passphrase");
	ck_assert_cus(cus_policy_allows(db, "kipus", "basic", CUS_OP_READ, "qualification"), CUS_ENOTFOUND);
	store_policy(db, "g.yaml", grants_policy, strlen(grants_policy));
	cus_policy_info *i = NULL;
	ck_assert_cus(cus_policy_info_get(&i, db, 0), 0);
	ck_assert_ptr_null(i->valid_to); /* no end date */
	ck_assert_int_eq(i->roles, 3);
	cus_policy_info_free(i);
	ck_assert_int_eq(cus_policy_allows(db, "kipus", "basic", CUS_OP_READ, "qualification"), 1);
	ck_assert_int_eq(cus_policy_allows(db, "kipus", "basic", CUS_OP_WRITE, "qualification"), 0);
	ck_assert_int_eq(cus_policy_allows(db, "kipus", "health", CUS_OP_READ | CUS_OP_EXPORT, "ipus"), 1);
	ck_assert_int_eq(cus_policy_allows(db, "idle", "basic", CUS_OP_READ, "ipus"), 0);
	static const struct {
		const char *role, *category, *purpose;
		unsigned ops;
		const char *field;
	} bad[] = {
		{ "kipuz", "basic", "ipus", CUS_OP_READ, "role" },
		{ NULL, "basic", "ipus", CUS_OP_READ, "role" },
		{ "kipus", "helth", "ipus", CUS_OP_READ, "category" },
		{ "kipus", NULL, "ipus", CUS_OP_READ, "category" },
		{ "kipus", "basic", "benefits", CUS_OP_READ, "purpose" },
		{ "kipus", "basic", NULL, CUS_OP_READ, "purpose" },
		{ "kipus", "basic", "ipus", 0, "ops" },
		{ "kipus", "basic", "ipus", 16, "ops" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ck_assert_cus(cus_policy_allows(db, bad[i].role, bad[i].category, bad[i].ops, bad[i].purpose),
			CUS_EINVAL);
		ck_assert_str_eq(cus_error_last()->field, bad[i].field);
	}
	ck_assert_cus(cus_policy_allows(NULL, "kipus", "basic", CUS_OP_READ, "ipus"), CUS_EINVAL);
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

TCase *tcase_policy_allows(void)
{
	TCase *tc = tcase_create("allows");
	tcase_add_test(tc, test_policy_allows__categories);
	tcase_add_test(tc, test_policy_allows__a_grant_must_list_all_three);
	tcase_add_test(tc, test_policy_allows__purposes_and_roles);
	tcase_add_test(tc, test_policy_allows__public_question);
	return tc;
}
