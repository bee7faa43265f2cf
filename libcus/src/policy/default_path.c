/* Where the default policy set (milanowek.yaml) is.
 *
 * The build defines (CMakeLists.txt, on cus_objects):
 *   CUS_POLICY_INSTALL_PATH  the file as installed:
 *                            ${CMAKE_INSTALL_FULL_DATADIR}/cus/policies/milanowek.yaml
 *   CUS_POLICY_SOURCE_PATH   the file in the source tree it was built from
 * The installed copy is used when it exists; a library that is not installed
 * (tests, a development build) uses the source tree's copy. When neither
 * exists the installed path is returned, so the error names where the file
 * belongs. A build without the defines falls back to the source tree found
 * from __FILE__ (libcus/src/policy/default_path.c); installed builds must
 * define CUS_POLICY_INSTALL_PATH. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "policy.h"

#define THIS_FILE_IN_TREE "libcus/src/policy/default_path.c"

/* The source tree's copy, from __FILE__ when the build did not say. */
static const char *source_copy(void)
{
#ifdef CUS_POLICY_SOURCE_PATH
	return CUS_POLICY_SOURCE_PATH;
#else
	static char path[4096];
	if (!path[0]) {
		const char *f = __FILE__;
		size_t n = strlen(f), tail = strlen(THIS_FILE_IN_TREE);
		size_t root = n >= tail && strcmp(f + n - tail, THIS_FILE_IN_TREE) == 0 ? n - tail : 0;
		snprintf(path, sizeof path, "%.*spolicies/milanowek.yaml", (int)root, f);
	}
	return path;
#endif
}

const char *cus_policy_default_path(void)
{
#ifdef CUS_POLICY_INSTALL_PATH
	if (access(CUS_POLICY_INSTALL_PATH, F_OK) == 0 || access(source_copy(), F_OK) != 0)
		return CUS_POLICY_INSTALL_PATH;
#endif
	return source_copy();
}
