/* Text: NFC normalisation at the boundary, search keys, Polish collation,
 * CP1250 decoding. */
#include <pthread.h>
#include <stdlib.h>

#include "util/util.h"
#include "util_tests.h"

static char *norm(const char *in, size_t max)
{
	char *out = (char *)1;
	int rc = cus_text_normalize(&out, in, max, "last_name");
	ck_assert_msg(rc == 0, "normalize refused: %s", cus_error_last()->message);
	ck_assert_ptr_nonnull(out);
	return out;
}

static void norm_is(const char *in, const char *expect)
{
	char *out = norm(in, 0);
	ck_assert_str_eq(out, expect);
	cus_free(out);
}

static void norm_refused(const char *in, size_t max, const char *why)
{
	char *out = (char *)1;
	ck_assert_einval(cus_text_normalize(&out, in, max, "last_name"), "last_name");
	ck_assert_ptr_null(out);
	ck_assert_error_says(why);
}

START_TEST(test_util_text__normalize_white_space)
{
	norm_is("  Jan \t  Kowalski\n", "Jan Kowalski");
	norm_is("Jan\r\nKowalski", "Jan Kowalski");
	norm_is("ul. Długa\xc2\xa0" "5\xe2\x80\x83m.\xe2\x80\xaf" "3", "ul. Długa 5 m. 3"); /* NBSP, em space, NNBSP */
	norm_is("Żółć\xc2\x85 gęś", "Żółć gęś"); /* U+0085 NEL is white space */
	norm_is("\xe3\x80\x80Łódź\xe3\x80\x80", "Łódź");                 /* ideographic space */
	norm_is("", "");
	norm_is(" \t\n ", "");
	norm_is("\xc2\xa0", "");
	norm_is("Anna-Maria O'Neil", "Anna-Maria O'Neil");
}
END_TEST

START_TEST(test_util_text__normalize_nfc)
{
	/* a decomposed é (e + U+0301) becomes the composed U+00E9 */
	norm_is("Zoe\xcc\x81", "Zo\xc3\xa9");
	/* Z + combining dot above → Ż; l + nothing stays l; o + acute → ó */
	norm_is("Z\xcc\x87o\xcc\x81\xc5\x82w", "Żółw");
	/* already composed input is returned as it is */
	norm_is("Zażółć gęślą jaźń", "Zażółć gęślą jaźń");
	/* U+212B ANGSTROM SIGN has the canonical equivalent U+00C5 */
	norm_is("\xe2\x84\xab", "\xc3\x85");
}
END_TEST

START_TEST(test_util_text__normalize_length)
{
	char *out = norm("Żółć", 4); /* 4 characters, 8 bytes */
	ck_assert_str_eq(out, "Żółć");
	cus_free(out);
	norm_refused("Żółć", 3, "longer than 3 characters");
	/* counted after NFC: "Zoe" + U+0301 is 4 code points in, 3 out */
	out = norm("Zoe\xcc\x81", 3);
	ck_assert_str_eq(out, "Zo\xc3\xa9");
	cus_free(out);
	norm_refused("Zoe\xcc\x81 x", 4, "longer than 4 characters");
	/* and after trimming and collapsing white space */
	out = norm("   ab    cd   ", 5);
	ck_assert_str_eq(out, "ab cd");
	cus_free(out);
	norm_refused("abcdef", 5, "longer than 5 characters");
}
END_TEST

START_TEST(test_util_text__normalize_refusals)
{
	norm_refused("Jan\x01Kowalski", 0, "control character (U+0001)");
	norm_refused("Jan\x7f", 0, "control character (U+007F)");
	norm_refused("Łukasz\x1b[31m", 0, "control character (U+001B)");
	norm_refused("Łukasz\xc2\x9f", 0, "control character (U+009F)"); /* C1 */
	norm_refused("Nowak\xe2\x80\xae" "ksIwoK", 0, "bidirectional control character (U+202E)");
	norm_refused("Nowak\xe2\x81\xa6x", 0, "bidirectional control character (U+2066)");
	norm_refused("Kowalski\xc3\x28", 0, "not valid UTF-8");
	norm_refused("\xc0\xaf", 0, "not valid UTF-8");         /* overlong '/' */
	norm_refused("\xed\xa0\x80", 0, "not valid UTF-8");     /* a surrogate */
	norm_refused("\xf4\x90\x80\x80", 0, "not valid UTF-8"); /* above U+10FFFF */
	norm_refused("abc\xe2\x82", 0, "not valid UTF-8");      /* truncated */
	norm_refused(NULL, 0, "missing");
	/* no field given: "text" */
	char *out;
	ck_assert_einval(cus_text_normalize(&out, "a\x02", 0, NULL), "text");
	ck_assert_einval(cus__text_normalize_len(NULL, "a", 1, 0, "x"), "x");
}
END_TEST

START_TEST(test_util_text__normalize_len_variant)
{
	/* the internal variant reads exactly len bytes of a CSV field */
	const char *row = "  Zoe\xcc\x81 ;Nowak";
	char *out;
	ck_assert_int_eq(cus__text_normalize_len(&out, row, 8, 10, "first_name"), 0);
	ck_assert_str_eq(out, "Zo\xc3\xa9");
	cus_free(out);
	/* an embedded NUL inside the length is not valid text */
	ck_assert_einval(cus__text_normalize_len(&out, "ab\0cd", 5, 0, "first_name"), "first_name");
}
END_TEST

static void key_is(const char *in, const char *expect)
{
	char *out = NULL;
	int rc = cus_text_search_key(&out, in);
	ck_assert_msg(rc == 0, "search key refused: %s", cus_error_last()->message);
	ck_assert_str_eq(out, expect);
	cus_free(out);
}

START_TEST(test_util_text__search_key)
{
	key_is("Żółta Łódź", "zolta lodz");
	key_is("  ŻÓŁTA \t ŁÓDŹ ", "zolta lodz");
	key_is("zolta lodz", "zolta lodz");
	key_is("ZOLTA  LODZ", "zolta lodz");
	key_is("Zażółć gęślą jaźń", "zazolc gesla jazn");
	key_is("ZAŻÓŁĆ GĘŚLĄ JAŹŃ", "zazolc gesla jazn");
	key_is("Zoe\xcc\x81", "zoe"); /* decomposed */
	key_is("Zo\xc3\xa9", "zoe");  /* composed */
	key_is("Kowalska-Nowak", "kowalska-nowak");
	key_is("Straße", "strasse");
	key_is("Олена Шевченко", "olena sevcenko"); /* Cyrillic, transliterated */
	key_is("", "");
	key_is("ul. 3 Maja 5", "ul. 3 maja 5");
	char *out = (char *)1;
	ck_assert_einval(cus_text_search_key(&out, "\xc3"), "text");
	ck_assert_ptr_null(out);
	ck_assert_einval(cus_text_search_key(&out, NULL), "text");
}
END_TEST

/* The Polish alphabet order, and a shuffled copy. */
static const char *const polish_order[] = {
	"Adamczyk", "Ącka", "Bąk", "Cybulski", "Ćwik", "Dudek", "Ewa", "Ębacka", "Lucyna", "Lwowski", "Łukasz",
	"Łysy", "Nowak", "Ńa", "Ostrowski", "Ozga", "Ósma", "Sowa", "Szymański", "Ślązak", "Śliwa", "Zięba",
	"Zyta", "Źrebiec", "Żak", "Żuk",
};
#define N_NAMES (sizeof polish_order / sizeof polish_order[0])

static void shuffled(const char **out)
{
	for (size_t i = 0; i < N_NAMES; i++)
		out[i] = polish_order[i];
	unsigned x = 2022;
	for (size_t i = N_NAMES - 1; i > 0; i--) {
		x = x * 1103515245u + 12345u;
		size_t j = (x >> 16) % (i + 1);
		const char *t = out[i];
		out[i] = out[j];
		out[j] = t;
	}
}

static int cmp_text(const void *a, const void *b)
{
	return cus_text_compare(*(const char *const *)a, *(const char *const *)b);
}

typedef struct {
	const char *text;
	unsigned char *key;
	size_t len;
} keyed;

static int cmp_keyed(const void *a, const void *b)
{
	const keyed *x = a, *y = b;
	int c = memcmp(x->key, y->key, x->len < y->len ? x->len : y->len);
	return c ? c : (x->len > y->len) - (x->len < y->len);
}

START_TEST(test_util_text__polish_order_compare)
{
	const char *names[N_NAMES];
	shuffled(names);
	ck_assert_str_ne(names[0], polish_order[0]);
	qsort(names, N_NAMES, sizeof names[0], cmp_text);
	for (size_t i = 0; i < N_NAMES; i++)
		ck_assert_str_eq(names[i], polish_order[i]);
	/* the pairs the registry's listings rely on */
	ck_assert_int_lt(cus_text_compare("Lucyna", "Łukasz"), 0);
	ck_assert_int_lt(cus_text_compare("Sowa", "Ślązak"), 0);
	ck_assert_int_lt(cus_text_compare("Zięba", "Źrebiec"), 0);
	ck_assert_int_lt(cus_text_compare("Źrebiec", "Żak"), 0);
	ck_assert_int_gt(cus_text_compare("Żak", "Zięba"), 0);
	/* where byte order is wrong: Ć (C4 86) after D (44), Ó (C3 93) before Ł (C5 81) */
	ck_assert_int_gt(strcmp("Ćwik", "Dudek"), 0);
	ck_assert_int_lt(cus_text_compare("Ćwik", "Dudek"), 0);
	ck_assert_int_lt(strcmp("Ósma", "Łukasz"), 0);
	ck_assert_int_gt(cus_text_compare("Ósma", "Łukasz"), 0);
	/* canonically equivalent texts are equal; NULL sorts first */
	ck_assert_int_eq(cus_text_compare("Zoe\xcc\x81", "Zo\xc3\xa9"), 0);
	ck_assert_int_eq(cus_text_compare("Łódź", "Łódź"), 0);
	/* marks out of canonical order (circumflex U+0302 before dot below
	 * U+0323) are equal to the canonical order: normalisation is on */
	ck_assert_int_eq(cus_text_compare("a\xcc\x82\xcc\xa3", "a\xcc\xa3\xcc\x82"), 0);
	ck_assert_int_eq(cus_text_compare("a\xcc\x82\xcc\xa3", "\xe1\xba\xad"), 0); /* U+1EAD */
	ck_assert_int_lt(cus_text_compare(NULL, ""), 0);
	ck_assert_int_gt(cus_text_compare("", NULL), 0);
	ck_assert_int_eq(cus_text_compare(NULL, NULL), 0);
	/* invalid UTF-8 does not fail or crash */
	int r = cus_text_compare("\xff\xfe", "abc");
	ck_assert(r >= -1 && r <= 1);
}
END_TEST

START_TEST(test_util_text__polish_order_keys)
{
	const char *names[N_NAMES];
	shuffled(names);
	keyed k[N_NAMES];
	for (size_t i = 0; i < N_NAMES; i++) {
		k[i].text = names[i];
		int rc = cus_text_collation_key(&k[i].key, &k[i].len, names[i]);
		ck_assert_msg(rc == 0, "key refused: %s", cus_error_last()->message);
		ck_assert_uint_gt(k[i].len, 0);
		ck_assert_int_eq(k[i].key[k[i].len], 0);                 /* terminated */
		ck_assert_ptr_null(memchr(k[i].key, 0, k[i].len));       /* no 0 inside */
	}
	qsort(k, N_NAMES, sizeof k[0], cmp_keyed);
	for (size_t i = 0; i < N_NAMES; i++) {
		ck_assert_str_eq(k[i].text, polish_order[i]);
		cus_free(k[i].key);
	}
	/* equal texts give equal keys, decomposed or not */
	unsigned char *a, *b;
	size_t la, lb;
	ck_assert_int_eq(cus_text_collation_key(&a, &la, "Zoe\xcc\x81"), 0);
	ck_assert_int_eq(cus_text_collation_key(&b, &lb, "Zo\xc3\xa9"), 0);
	ck_assert_uint_eq(la, lb);
	ck_assert_int_eq(memcmp(a, b, la), 0);
	cus_free(a);
	cus_free(b);
	/* errors */
	size_t len = 99;
	unsigned char *key = (unsigned char *)1;
	ck_assert_einval(cus_text_collation_key(&key, &len, "\xc5"), "text");
	ck_assert_ptr_null(key);
	ck_assert_uint_eq(len, 0);
	ck_assert_einval(cus_text_collation_key(&key, &len, NULL), "text");
	ck_assert_einval(cus_text_collation_key(NULL, &len, "a"), "text");
	ck_assert_einval(cus_text_collation_key(&key, NULL, "a"), "text");
}
END_TEST

/* "Zażółć gęślą jaźń" and its capitals in Windows-1250. */
static const char cp1250_lower[] = "Za\xbf\xf3\xb3\xe6 g\xea\x9cl\xb9 ja\x9f\xf1";
static const char cp1250_upper[] = "ZA\xaf\xd3\xa3\xc6 G\xca\x8cL\xa5 JA\x8f\xd1";

START_TEST(test_util_text__cp1250)
{
	char *out;
	size_t n;
	ck_assert_int_eq(cus_text_from_cp1250(&out, &n, cp1250_lower, strlen(cp1250_lower)), 0);
	ck_assert_str_eq(out, "Zażółć gęślą jaźń");
	ck_assert_uint_eq(n, strlen("Zażółć gęślą jaźń"));
	cus_free(out);
	ck_assert_int_eq(cus_text_from_cp1250(&out, NULL, cp1250_upper, strlen(cp1250_upper)), 0);
	ck_assert_str_eq(out, "ZAŻÓŁĆ GĘŚLĄ JAŹŃ");
	cus_free(out);
	/* a CSV line: separators, CRLF, the euro sign (0x80), NBSP (0xA0) */
	const char line[] = "pesel;nazwisko\r\n1;\xa3uk\x80\xa0x\r\n";
	ck_assert_int_eq(cus_text_from_cp1250(&out, &n, line, sizeof line - 1), 0);
	ck_assert_str_eq(out, "pesel;nazwisko\r\n1;Łuk€\xc2\xa0x\r\n");
	cus_free(out);
	/* nothing in, empty string out */
	ck_assert_int_eq(cus_text_from_cp1250(&out, &n, NULL, 0), 0);
	ck_assert_str_eq(out, "");
	ck_assert_uint_eq(n, 0);
	cus_free(out);
}
END_TEST

START_TEST(test_util_text__cp1250_refusals)
{
	/* the five bytes CP1250 leaves undefined, and NUL */
	const unsigned char undefined[] = { 0x81, 0x83, 0x88, 0x90, 0x98, 0x00 };
	for (size_t i = 0; i < sizeof undefined; i++) {
		char in[4] = { 'a', 'b', (char)undefined[i], 'c' };
		char *out = (char *)1;
		size_t n = 7;
		ck_assert_einval(cus_text_from_cp1250(&out, &n, in, 4), "text");
		ck_assert_ptr_null(out);
		ck_assert_uint_eq(n, 0);
		ck_assert_error_says("byte 2 ");
		/* the fast path reports the same byte */
		char dst[CUS__CP1250_UTF8_MAX(4)];
		size_t bad = 99, len = 99;
		ck_assert_einval(cus__cp1250_to_utf8(dst, in, 4, &len, &bad, "last_name"), "last_name");
		ck_assert_uint_eq(bad, 2);
	}
	char *out;
	ck_assert_einval(cus_text_from_cp1250(&out, NULL, NULL, 3), "text");
	ck_assert_einval(cus_text_from_cp1250(NULL, NULL, "a", 1), "text");
	/* every other byte decodes to valid UTF-8 of one character */
	for (int b = 1; b < 256; b++) {
		if (b == 0x81 || b == 0x83 || b == 0x88 || b == 0x90 || b == 0x98)
			continue;
		char in = (char)b;
		size_t n;
		ck_assert_int_eq(cus_text_from_cp1250(&out, &n, &in, 1), 0);
		ck_assert(n >= 1 && n <= 3);
		ck_assert(cus__utf8_valid(out, n));
		cus_free(out);
	}
}
END_TEST

START_TEST(test_util_text__cp1250_fast_path)
{
	/* many strings through one caller buffer, no allocation per string */
	char dst[CUS__CP1250_UTF8_MAX(sizeof cp1250_lower)];
	for (int i = 0; i < 1000; i++) {
		size_t n = 0;
		const char *in = i % 2 ? cp1250_lower : cp1250_upper;
		ck_assert_int_eq(cus__cp1250_to_utf8(dst, in, strlen(in), &n, NULL, NULL), 0);
		ck_assert_uint_eq(strlen(dst), n);
		ck_assert_str_eq(dst, i % 2 ? "Zażółć gęślą jaźń" : "ZAŻÓŁĆ GĘŚLĄ JAŹŃ");
	}
	/* the worst case fills the bound: every byte a 3-byte character (€) */
	char euros[8], big[CUS__CP1250_UTF8_MAX(8)];
	memset(euros, 0x80, sizeof euros);
	size_t n;
	ck_assert_int_eq(cus__cp1250_to_utf8(big, euros, sizeof euros, &n, NULL, NULL), 0);
	ck_assert_uint_eq(n, 24);
	ck_assert_uint_eq(sizeof big, n + 1);
}
END_TEST

/* Several threads use the cached collator and transliterator at once. */
static void *text_worker(void *arg)
{
	long bad = 0;
	(void)arg;
	for (int i = 0; i < 300; i++) {
		char *k = NULL;
		if (cus_text_search_key(&k, "Żółta Łódź") != 0 || strcmp(k, "zolta lodz") != 0)
			bad++;
		cus_free(k);
		if (cus_text_compare("Zięba", "Źrebiec") >= 0 || cus_text_compare("Łukasz", "Lucyna") <= 0)
			bad++;
		unsigned char *a = NULL, *b = NULL;
		size_t la = 0, lb = 0;
		if (cus_text_collation_key(&a, &la, "Sowa") != 0 || cus_text_collation_key(&b, &lb, "Ślązak") != 0 ||
		    memcmp(a, b, la < lb ? la : lb) >= 0)
			bad++;
		cus_free(a);
		cus_free(b);
	}
	return (void *)bad;
}

START_TEST(test_util_text__threads)
{
	pthread_t t[6];
	for (int i = 0; i < 6; i++)
		ck_assert_int_eq(pthread_create(&t[i], NULL, text_worker, NULL), 0);
	for (int i = 0; i < 6; i++) {
		void *bad;
		pthread_join(t[i], &bad);
		ck_assert_int_eq((long)bad, 0);
	}
	/* and the main thread still works after the others exited */
	ck_assert_int_eq((long)text_worker(NULL), 0);
}
END_TEST

TCase *tcase_util_text(void)
{
	TCase *tc = tcase_create("text");
	tcase_add_test(tc, test_util_text__normalize_white_space);
	tcase_add_test(tc, test_util_text__normalize_nfc);
	tcase_add_test(tc, test_util_text__normalize_length);
	tcase_add_test(tc, test_util_text__normalize_refusals);
	tcase_add_test(tc, test_util_text__normalize_len_variant);
	tcase_add_test(tc, test_util_text__search_key);
	tcase_add_test(tc, test_util_text__polish_order_compare);
	tcase_add_test(tc, test_util_text__polish_order_keys);
	tcase_add_test(tc, test_util_text__cp1250);
	tcase_add_test(tc, test_util_text__cp1250_refusals);
	tcase_add_test(tc, test_util_text__cp1250_fast_path);
	tcase_add_test(tc, test_util_text__threads);
	return tc;
}
