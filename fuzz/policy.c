/*
 * libFuzzer target: the policy parser (YAML tree, limits, validation).
 * Every input must give 0 or CUS_EINVAL with a position, never a crash, a
 * leak, or a hang.
 *
 * Not built by default. To build and run it with clang, from the source tree:
 *
 *   SRC=$PWD; mkdir -p /tmp/fuzz-policy/corpus && cd /tmp/fuzz-policy
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_DEFAULT_SOURCE \
 *     -I$SRC/libcus/include -I$SRC/libcus/src -I/usr/include/sqlcipher -DSQLITE_HAS_CODEC \
 *     $SRC/fuzz/policy.c $(find $SRC/libcus/src -name '*.c') \
 *     $(pkg-config --libs sqlcipher libsodium icu-uc icu-i18n yaml-0.1 xlsxwriter) -lpthread \
 *     -o fuzz_policy
 *   cp $SRC/policies/milanowek.yaml corpus/
 *   ./fuzz_policy -max_len=65536 -timeout=10 corpus
 *
 * (-fsanitize=fuzzer supplies main(); the library is compiled in whole so the
 * parser is instrumented.) Inputs of a few tens of KiB reach every path; the
 * 4 MiB size limit itself is covered by the test suite (tests/policy).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cus/cus.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int rc = cus_policy_check_buffer("fuzz.yaml", (const char *)data, size);
	if (rc != 0 && rc != CUS_EINVAL && rc != CUS_ENOMEM)
		abort();
	if (rc == CUS_EINVAL) {
		/* every refusal names a position and a key */
		const cus_error *e = cus_error_last();
		if (e->line < 1 || e->column < 1 || !e->field || !e->field[0])
			abort();
	}
	/* the describing entry point shares the parser but allocates the info */
	cus_policy_info *info = NULL;
	if (cus_policy_inspect_buffer(&info, "fuzz.yaml", (const char *)data, size) == 0 && !info)
		abort();
	cus_policy_info_free(info);
	return 0;
}
