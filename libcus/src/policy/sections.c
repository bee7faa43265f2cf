/* The sections a policy file may hold, in the order they are parsed.
 *
 * To add a section: write
 *     int cus__<module>_policy_section(cus__policy *p, const cus__ynode *node,
 *             cus__ypath *path, void **data);
 * in libcus/src/<module>/ (see sections.h), declare it below and add its line
 * to the table. Keys not in the table are errors, so a misspelt section never
 * passes silently. */
#include "sections.h"

const cus__policy_section cus__policy_sections[] = {
	{ "policy", 1, cus__policy_parse_meta, NULL },
	{ "purposes", 1, cus__policy_parse_purposes, NULL },
	{ "roles", 1, cus__policy_parse_roles, NULL },
	/* later modules: services, eligibility, targets, funding, retention */
};

const size_t cus__policy_section_count = sizeof cus__policy_sections / sizeof cus__policy_sections[0];
