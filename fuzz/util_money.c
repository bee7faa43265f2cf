/*
 * libFuzzer target for libcus util: money parse and format
 *
 * Not built by CMake. Build and run from the source tree with clang:
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -std=c11 -D_DEFAULT_SOURCE \
 *     -Ilibcus/include -Ilibcus/src fuzz/util_money.c \
 *     libcus/src/util/error.c libcus/src/util/file.c libcus/src/util/ids.c \
 *     libcus/src/util/dates.c libcus/src/util/money.c libcus/src/util/text.c \
 *     $(pkg-config --cflags --libs icu-uc icu-i18n libsodium) -lpthread -o /tmp/fuzz_util_money
 *   /tmp/fuzz_util_money -max_total_time=60
 *
 * A failed property calls abort(), which libFuzzer reports with the input.
 */
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char buf[CUS_MONEY_FORMAT_MAX];
	int64_t g, back;
	/* any int64_t formats and parses back */
	if (size >= 8) {
		memcpy(&g, data, 8);
		int n = cus_money_format(buf, sizeof buf, g);
		CHECK(n > 0 && (size_t)n < sizeof buf && strlen(buf) == (size_t)n);
		CHECK(cus_money_parse(buf, &back) == 0 && back == g);
	}
	/* any text either parses to a value that formats and parses back, or is
	 * refused with CUS_EINVAL */
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	int rc = cus_money_parse(s, &g);
	CHECK(rc == 0 || rc == CUS_EINVAL);
	if (rc == 0) {
		CHECK(cus_money_format(buf, sizeof buf, g) > 0);
		CHECK(cus_money_parse(buf, &back) == 0 && back == g);
	}
	free(s);
	return 0;
}
