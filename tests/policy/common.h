/* Fixtures of the policy suite. */
#ifndef TEST_POLICY_COMMON_H
#define TEST_POLICY_COMMON_H

#include <string.h>

#include "policy/policy.h"
#include "helpers.h"

/* A small valid policy (27 lines; docs in common.c). */
extern const char base_policy[];

/* A path inside the source tree ("policies/milanowek.yaml"). */
const char *source_path(const char *rel);

/* base_policy with the first occurrence of old replaced by new (malloc'd);
 * the test fails when old does not occur. */
char *variant(const char *old, const char *repl);

/* The 1-based line and column (in characters) where the nth (1-based)
 * occurrence of needle starts in text. */
void position_of(const char *text, const char *needle, int nth, int *line, int *column);

/* Store yaml as the next version in its own transaction; returns the version. */
int64_t store_policy(cus_db *db, const char *source, const char *yaml, size_t len);

/* The number of rows of policy_versions. */
int stored_versions(cus_db *db);

#endif
