/* Fixtures of the rights suite: a centre with the Milanówek policy, a KIPUS
 * "akowalska" (display name Anna Kowalska), a social worker "bnowak", an IOD
 * "iodmil" and an admin; one seeded person with a record, an application and
 * a household member. */
#ifndef TEST_RIGHTS_COMMON_H
#define TEST_RIGHTS_COMMON_H

#include <stdio.h>
#include <string.h>

#include "helpers.h"
#include "access/access.h"
#include "store/store.h"

typedef struct {
	char *dir;
	int64_t person, member, app, record;
} centre;

/* Make the centre; monitoring: YAML appended to the policy (NULL: none). */
void centre_seed(centre *c, const char *monitoring);
void centre_free(centre *c);
/* The Milanówek policy with the top-level sections of yaml replaced by
 * those of yaml (malloc'd). */
char *policy_with(const char *yaml);
/* Load policy_with(yaml), as admin. */
void policy_append(centre *c, const char *yaml);
/* Add a person as login (purpose qualification); returns the id. */
int64_t person_add_as(cus_session *s, const char *first, const char *last, int serial);
int64_t app_add(cus_session *s, int64_t person);

#endif
