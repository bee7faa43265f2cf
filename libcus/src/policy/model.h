/* The parsed policy, private to the policy module. Other modules use the
 * functions of policy.h; section parsers of later modules use sections.h. */
#ifndef CUS_POLICY_MODEL_H
#define CUS_POLICY_MODEL_H

#include "policy.h"
#include "yaml.h"

struct cus__policy {
	int64_t version;              /* 0 when parsed but not stored */
	char hash[65];                /* BLAKE2b-256 of the text, hex */
	cus__ydoc *doc;               /* the tree; every string below points into it */
	const char *id, *name, *valid_from, *valid_to, *municipality, *teryt;
	cus_purpose *purposes;        /* in file order */
	int npurposes;
	cus_role *roles;              /* in file order */
	int nroles;
	unsigned char *grants;        /* [role][category][purpose]: the CUS_OP_* a role may do */
	void **sections;              /* per entry of cus__policy_sections: what its parser kept */
	struct cus__policy *next;     /* the database handle's cache (store.c) */
};

/* The index of a purpose or role code, -1 when unknown. */
CUS__HIDDEN int cus__policy_purpose_index(const cus__policy *p, const char *code);
CUS__HIDDEN int cus__policy_role_index(const cus__policy *p, const char *code);

#endif
