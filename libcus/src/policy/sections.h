/* The sections of a policy file: one table maps each top-level key to the
 * function that validates it. A module that adds a section (services,
 * eligibility, targets, funding, retention) writes its parse function in its
 * own folder and adds one line to sections.c; the loader never changes.
 *
 * A parse function receives the section's node, the key path (positioned at
 * the section's key, for cus__yerror) and the policy parsed so far: sections
 * are parsed in table order, so purposes and roles are known by the time a
 * later section is parsed (cus__policy_has_purpose(), cus__category_index()
 * ...). It reports problems with cus__yerror()/cus__yerror_key() and may keep
 * what it needs in *data (released with the table's free function); the
 * module reads it back with cus__policy_section_data(). Strings of the node stay
 * valid as long as the policy. */
#ifndef CUS_POLICY_SECTIONS_H
#define CUS_POLICY_SECTIONS_H

#include "policy.h"
#include "yaml.h"

typedef struct {
	const char *key;     /* the top-level key */
	int required;        /* the file must have it */
	int (*parse)(cus__policy *p, const cus__ynode *node, cus__ypath *path, void **data);
	void (*free)(void *data);   /* or NULL */
} cus__policy_section;

CUS__HIDDEN extern const cus__policy_section cus__policy_sections[];
CUS__HIDDEN extern const size_t cus__policy_section_count;

/* The core sections (parse.c). */
CUS__HIDDEN int cus__policy_parse_meta(cus__policy *p, const cus__ynode *node, cus__ypath *path, void **data);
CUS__HIDDEN int cus__policy_parse_purposes(cus__policy *p, const cus__ynode *node, cus__ypath *path,
	void **data);
CUS__HIDDEN int cus__policy_parse_roles(cus__policy *p, const cus__ynode *node, cus__ypath *path, void **data);

#endif
