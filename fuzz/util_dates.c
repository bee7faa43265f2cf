/*
 * libFuzzer target for libcus util: dates, ages, periods
 *
 * Not built by CMake. Build and run from the source tree with clang:
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -std=c11 -D_DEFAULT_SOURCE \
 *     -Ilibcus/include -Ilibcus/src fuzz/util_dates.c \
 *     libcus/src/util/error.c libcus/src/util/file.c libcus/src/util/ids.c \
 *     libcus/src/util/dates.c libcus/src/util/money.c libcus/src/util/text.c \
 *     $(pkg-config --cflags --libs icu-uc icu-i18n libsodium) -lpthread -o /tmp/fuzz_util_dates
 *   /tmp/fuzz_util_dates -max_total_time=60
 *
 * A failed property calls abort(), which libFuzzer reports with the input.
 */
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	/* input: an int32 count, then text split at the first '|' into two strings */
	int n = 0;
	if (size >= 4) {
		memcpy(&n, data, 4);
		data += 4;
		size -= 4;
	}
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	char *t = strchr(s, '|');
	if (t)
		*t++ = '\0';
	else
		t = s;

	cus_date a, b;
	int ra = cus_date_check(s, &a), rb = cus_date_check(t, &b);
	CHECK(ra == 0 || ra == CUS_EINVAL);
	CHECK(rb == 0 || rb == CUS_EINVAL);
	if (ra == 0) {
		char out[11], back[11];
		CHECK(cus_date_format(out, &a) == 0 && strcmp(out, s) == 0);
		/* add_days and diff_days are inverse */
		if (cus_date_add_days(out, s, n) == 0) {
			int d;
			CHECK(cus_date_diff_days(s, out, &d) == 0 && d == n);
			CHECK(cus_date_add_days(back, out, -n) == 0 && strcmp(back, s) == 0);
		}
		/* add_months lands in the right month, never past the day */
		cus_date m;
		if (cus_date_add_months(out, s, n) == 0) {
			CHECK(cus_date_check(out, &m) == 0);
			CHECK((int64_t)m.year * 12 + m.month - ((int64_t)a.year * 12 + a.month) == n);
			CHECK(m.day <= a.day);
		}
	}
	if (ra == 0 && rb == 0) {
		int age = cus_age_on(s, t);
		CHECK(cus__date_cmp(b, a) < 0 ? age == CUS_EINVAL : age >= 0 && age <= b.year - a.year);
	}
	cus_period p, q;
	int rp = cus_period_parse(s, &p);
	CHECK(rp == 0 || rp == CUS_EINVAL);
	if (rp == 0) {
		CHECK(cus_period_contains(&p, p.first) == 1 && cus_period_contains(&p, p.last) == 1);
		char before[11], after[11];
		if (cus_date_add_days(before, p.first, -1) == 0)
			CHECK(cus_period_contains(&p, before) == 0);
		if (cus_date_add_days(after, p.last, 1) == 0)
			CHECK(cus_period_contains(&p, after) == 0);
		if (cus_period_shift(&q, &p, n) == 0) {
			CHECK(cus_period_shift(&q, &q, -n) == 0);
			CHECK(memcmp(&p, &q, sizeof p) == 0);
		}
		cus_period r;
		CHECK(cus_period_parse(p.name, &r) == 0 && memcmp(&p, &r, sizeof p) == 0);
	}
	free(s);
	return 0;
}
