/*
 * libFuzzer target for libcus util: PESEL, NIP, REGON
 *
 * Not built by CMake. Build and run from the source tree with clang:
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -std=c11 -D_DEFAULT_SOURCE \
 *     -Ilibcus/include -Ilibcus/src fuzz/util_ids.c \
 *     libcus/src/util/error.c libcus/src/util/file.c libcus/src/util/ids.c \
 *     libcus/src/util/dates.c libcus/src/util/money.c libcus/src/util/text.c \
 *     $(pkg-config --cflags --libs icu-uc icu-i18n libsodium) -lpthread -o /tmp/fuzz_util_ids
 *   /tmp/fuzz_util_ids -max_total_time=60
 *
 * A failed property calls abort(), which libFuzzer reports with the input.
 */
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	cus_pesel_info info;
	int rc = cus_pesel_check(s, &info);
	CHECK(rc == 0 || rc == CUS_EINVAL);
	if (rc == 0) {
		/* the derived date is real and a PESEL made from it is valid */
		CHECK(cus_date_check(info.birth_date, NULL) == 0);
		CHECK(info.sex == 'M' || info.sex == 'F');
		char again[12];
		CHECK(cus_pesel_make(again, info.birth_date, info.sex, (int)(size % 5000)) == 0);
		cus_pesel_info info2;
		CHECK(cus_pesel_check(again, &info2) == 0);
		CHECK(strcmp(info.birth_date, info2.birth_date) == 0 && info.sex == info2.sex);
	} else {
		CHECK(info.birth_date[0] == '\0');
		/* never echo an input that could be a PESEL (or its date part) */
		if (strlen(s) >= 6 && strspn(s, "0123456789") == strlen(s))
			CHECK(strstr(cus_error_last()->message, s) == NULL);
	}

	char nip[11], regon[15];
	rc = cus_nip_check(s, nip);
	CHECK(rc == 0 || rc == CUS_EINVAL);
	if (rc == 0) {
		CHECK(strlen(nip) == 10);
		CHECK(cus_nip_check(nip, NULL) == 0);
	}
	rc = cus_regon_check(s, regon);
	CHECK(rc == 0 || rc == CUS_EINVAL);
	if (rc == 0) {
		CHECK(strlen(regon) == 9 || strlen(regon) == 14);
		CHECK(cus_regon_check(regon, NULL) == 0);
	}
	free(s);
	return 0;
}
