/*
 * libFuzzer target for libcus util: text normalisation, search keys, collation, CP1250
 *
 * Not built by CMake. Build and run from the source tree with clang:
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -std=c11 -D_DEFAULT_SOURCE \
 *     -Ilibcus/include -Ilibcus/src fuzz/util_text.c \
 *     libcus/src/util/error.c libcus/src/util/file.c libcus/src/util/ids.c \
 *     libcus/src/util/dates.c libcus/src/util/money.c libcus/src/util/text.c \
 *     $(pkg-config --cflags --libs icu-uc icu-i18n libsodium) -lpthread -o /tmp/fuzz_util_text
 *   /tmp/fuzz_util_text -max_total_time=60
 *
 * A failed property calls abort(), which libFuzzer reports with the input.
 */
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	/* CP1250: raw bytes in, valid UTF-8 out (or refused) */
	char *u = NULL;
	size_t ulen = 0;
	int rc = cus_text_from_cp1250(&u, &ulen, (const char *)data, size);
	CHECK(rc == 0 || rc == CUS_EINVAL);
	if (rc == 0) {
		CHECK(strlen(u) == ulen && cus__utf8_valid(u, ulen));
		char *dst = malloc(CUS__CP1250_UTF8_MAX(size));
		size_t n = 0;
		CHECK(dst && cus__cp1250_to_utf8(dst, (const char *)data, size, &n, NULL, NULL) == 0);
		CHECK(n == ulen && memcmp(dst, u, n) == 0);
		free(dst);
	}
	cus_free(u);

	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	size_t len = strlen(s);

	/* normalisation: refused, or valid, trimmed and idempotent */
	char *a = NULL, *b = NULL;
	rc = cus_text_normalize(&a, s, 0, "f");
	CHECK(rc == 0 || rc == CUS_EINVAL);
	if (rc == 0) {
		size_t n = strlen(a);
		CHECK(cus__utf8_valid(a, n));
		CHECK(n == 0 || (a[0] != ' ' && a[n - 1] != ' '));
		CHECK(strstr(a, "  ") == NULL);
		CHECK(cus_text_normalize(&b, a, 0, "f") == 0 && strcmp(a, b) == 0);
	}
	cus_free(a);
	cus_free(b);

	/* search keys and collation on valid UTF-8 */
	if (cus__utf8_valid(s, len)) {
		char *k = NULL, *k2 = NULL;
		CHECK(cus_text_search_key(&k, s) == 0 && cus__utf8_valid(k, strlen(k)));
		CHECK(cus_text_search_key(&k2, k) == 0);
		cus_free(k);
		cus_free(k2);
		/* compare and sort keys agree on the two halves */
		size_t half = len / 2;
		while (half > 0 && ((unsigned char)s[half] & 0xC0) == 0x80)
			half--;
		char *x = strndup(s, half), *y = strdup(s + half);
		unsigned char *kx = NULL, *ky = NULL;
		size_t lx = 0, ly = 0;
		if (x && y && cus_text_collation_key(&kx, &lx, x) == 0 && cus_text_collation_key(&ky, &ly, y) == 0) {
			int c = memcmp(kx, ky, lx < ly ? lx : ly);
			int byk = c ? (c > 0) - (c < 0) : (lx > ly) - (lx < ly);
			CHECK(byk == cus_text_compare(x, y));
		}
		cus_free(kx);
		cus_free(ky);
		free(x);
		free(y);
	}
	free(s);
	return 0;
}
