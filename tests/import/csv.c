/* The streaming CSV reader: quoting, line numbers, line ends, BOM, empty
 * rows, delimiter and encoding detection. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "import/csv.h"
#include "helpers.h"

static char *dir;
static cus__csv rd;
static int fd = -1;

static void setup(void)
{
	dir = tmpdir_new();
}

static void teardown(void)
{
	if (fd >= 0) {
		cus__csv_close(&rd);
		close(fd);
		fd = -1;
	}
	tmpdir_remove(dir);
	dir = NULL;
}

/* A reader over a file holding exactly these bytes. */
static cus__csv *reader(const char *bytes, size_t len, char delim)
{
	if (fd >= 0) {
		cus__csv_close(&rd);
		close(fd);
	}
	const char *p = path_in(dir, "in.csv");
	file_write(p, bytes, len);
	fd = open(p, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(cus__csv_open(&rd, fd, delim), 0);
	return &rd;
}
#define READER(lit, delim) reader(lit, sizeof lit - 1, delim)

static const char *field(cus__csv *r, size_t i)
{
	ck_assert_uint_lt(i, r->nf);
	return cus__csv_field(r, i, NULL);
}

START_TEST(test_import_csv__quoting)
{
	cus__csv *r = READER("a;\"b;c\";\"say \"\"hi\"\"\";\"\";\"\"\"\"\n", ';');
	ck_assert_int_eq(cus__csv_next(r), 1);
	ck_assert_uint_eq(r->nf, 5);
	ck_assert_str_eq(field(r, 0), "a");
	ck_assert_str_eq(field(r, 1), "b;c");
	ck_assert_str_eq(field(r, 2), "say \"hi\"");
	ck_assert_str_eq(field(r, 3), "");
	ck_assert_str_eq(field(r, 4), "\"");
	size_t n = 0;
	cus__csv_field(r, 2, &n);
	ck_assert_uint_eq(n, 8);
	ck_assert_int_eq(r->bad_quote, -1);
	ck_assert_int_eq(cus__csv_next(r), 0);
}
END_TEST

START_TEST(test_import_csv__quote_inside_unquoted_field_is_text)
{
	cus__csv *r = READER("5\" dyskietka;x\n", ';');
	ck_assert_int_eq(cus__csv_next(r), 1);
	ck_assert_str_eq(field(r, 0), "5\" dyskietka");
	ck_assert_int_eq(r->bad_quote, -1);
}
END_TEST

START_TEST(test_import_csv__text_after_closing_quote_is_marked)
{
	cus__csv *r = READER("x;\"ab\"c;d\ne;f;g\n", ';');
	ck_assert_int_eq(cus__csv_next(r), 1);
	ck_assert_uint_eq(r->nf, 3);
	ck_assert_str_eq(field(r, 1), "abc");
	ck_assert_int_eq(r->bad_quote, 1);
	ck_assert_int_eq(cus__csv_next(r), 1);
	ck_assert_int_eq(r->bad_quote, -1);
	ck_assert_int_eq(r->rec_line, 2);
}
END_TEST

START_TEST(test_import_csv__embedded_newlines_keep_line_numbers)
{
	cus__csv *r = READER("h1;h2\n1;\"x\ny\"\n2;z\r\n\r\n3;\"p\r\nq\r\nr\"\n4;w", ';');
	int64_t lines[5];
	const char *second[5] = { "h2", "x\ny", "z", "p\r\nq\r\nr", "w" };
	for (int i = 0; i < 5; i++) {
		ck_assert_int_eq(cus__csv_next(r), 1);
		lines[i] = r->rec_line;
		ck_assert_uint_eq(r->nf, 2);
		ck_assert_str_eq(field(r, 1), second[i]);
	}
	ck_assert_int_eq(cus__csv_next(r), 0);
	ck_assert_int_eq(lines[0], 1);
	ck_assert_int_eq(lines[1], 2);
	ck_assert_int_eq(lines[2], 4);
	ck_assert_int_eq(lines[3], 6);
	ck_assert_int_eq(lines[4], 9);
}
END_TEST

START_TEST(test_import_csv__crlf_lf_and_cr)
{
	cus__csv *r = READER("a;b\r\nc;d\ne;f\rg;h\r\n", ';');
	const char *want[4][2] = { { "a", "b" }, { "c", "d" }, { "e", "f" }, { "g", "h" } };
	for (int i = 0; i < 4; i++) {
		ck_assert_int_eq(cus__csv_next(r), 1);
		ck_assert_int_eq(r->rec_line, i + 1);
		ck_assert_uint_eq(r->nf, 2);
		ck_assert_str_eq(field(r, 0), want[i][0]);
		ck_assert_str_eq(field(r, 1), want[i][1]); /* no '\r' left behind */
	}
	ck_assert_int_eq(cus__csv_next(r), 0);
}
END_TEST

START_TEST(test_import_csv__bom_skipped)
{
	cus__csv *r = READER("\xEF\xBB\xBFpesel;imie\n1;2\n", ';');
	ck_assert_int_eq(r->has_bom, 1);
	ck_assert_int_eq(cus__csv_next(r), 1);
	ck_assert_str_eq(field(r, 0), "pesel");
	ck_assert_int_eq(r->rec_line, 1);
	r = READER("pesel;imie\n", ';');
	ck_assert_int_eq(r->has_bom, 0);
	/* a BOM and nothing else is an empty file */
	r = READER("\xEF\xBB\xBF", ';');
	ck_assert_int_eq(cus__csv_next(r), 0);
}
END_TEST

START_TEST(test_import_csv__empty_lines_skipped)
{
	cus__csv *r = READER("\n\r\na;b\n\n;;\n  ; \t\nc;d\n\n", ';');
	ck_assert_int_eq(cus__csv_next(r), 1);
	ck_assert_str_eq(field(r, 0), "a");
	ck_assert_int_eq(r->rec_line, 3);
	ck_assert_int_eq(cus__csv_next(r), 1);
	ck_assert_str_eq(field(r, 0), "c");
	ck_assert_int_eq(r->rec_line, 7);
	ck_assert_int_eq(cus__csv_next(r), 0);
}
END_TEST

START_TEST(test_import_csv__unclosed_quote_names_its_line)
{
	cus__csv *r = READER("a;b\nc;\"d\ne;f\n", ';');
	ck_assert_int_eq(cus__csv_next(r), 1);
	ck_assert_cus(cus__csv_next(r), CUS_EINVAL);
	ck_assert_int_eq(cus_error_last()->line, 2);
	ck_assert_str_eq(cus_error_last()->field, "(row)");
}
END_TEST

START_TEST(test_import_csv__overlong_row_refused)
{
	size_t n = CUS__CSV_RECORD_MAX + 100;
	char *big = malloc(n + 8);
	memcpy(big, "a;b\n", 4);
	memset(big + 4, 'x', n);
	big[n + 4] = '\n';
	reader(big, n + 5, ';');
	free(big);
	ck_assert_int_eq(cus__csv_next(&rd), 1);
	ck_assert_cus(cus__csv_next(&rd), CUS_EINVAL);
	ck_assert_int_eq(cus_error_last()->line, 2);
}
END_TEST

START_TEST(test_import_csv__delimiter_detection)
{
	char d = 'x';
	cus__csv *r = READER("pesel,first_name,last_name\n1;2;3\n", 0);
	ck_assert_int_eq(cus__csv_sniff_delimiter(r, &d), 0);
	ck_assert_int_eq(d, ',');
	r = READER("pesel;imie;nazwisko,x\n", 0);
	ck_assert_int_eq(cus__csv_sniff_delimiter(r, &d), 0);
	ck_assert_int_eq(d, ';');
	/* inside quotes they do not count */
	r = READER("\"a;b;c\",d,e\n", 0);
	ck_assert_int_eq(cus__csv_sniff_delimiter(r, &d), 0);
	ck_assert_int_eq(d, ',');
	r = READER("a;b,c\n", 0);
	ck_assert_int_eq(cus__csv_sniff_delimiter(r, &d), 0);
	ck_assert_int_eq(d, ';');
	r = READER("abc\nd;e\n", 0);
	ck_assert_int_eq(cus__csv_sniff_delimiter(r, &d), 0);
	ck_assert_int_eq(d, 0);
	/* after sniffing, reading starts at the beginning (past the BOM) */
	r = READER("\xEF\xBB\xBF" "a,b\n", 0);
	ck_assert_int_eq(cus__csv_sniff_delimiter(r, &d), 0);
	ck_assert_int_eq(cus__csv_rewind(r, d), 0);
	ck_assert_int_eq(cus__csv_next(r), 1);
	ck_assert_uint_eq(r->nf, 2);
	ck_assert_str_eq(field(r, 0), "a");
}
END_TEST

static int whole_file_utf8(cus__csv *r)
{
	while (cus__csv_next(r) == 1)
		;
	unsigned char digest[32];
	return cus__csv_finish(r, digest);
}

START_TEST(test_import_csv__encoding_detection)
{
	ck_assert_int_eq(whole_file_utf8(READER("imie;miasto\nZażółć;Łódź Śląsk\n", ';')), 1);
	ck_assert_int_eq(whole_file_utf8(READER("imie;miasto\nZa\xbf\xf3\xb3\xe6;\xa3\xf3" "d\x9f \x8cl\xb9sk\n", ';')), 0);
	ck_assert_int_eq(whole_file_utf8(READER("plain;ascii\n", ';')), 1);
	/* a truncated sequence at the very end */
	ck_assert_int_eq(whole_file_utf8(READER("a;\xC5", ';')), 0);
	/* a sequence split across two reads of the buffer is still valid UTF-8 */
	for (size_t at = 65533; at <= 65536; at++) {
		size_t n = at + 8;
		char *b = malloc(n);
		memset(b, 'a', n);
		memcpy(b + at - 1, "\xE2\x82\xAC", 3); /* euro sign across the 64 KiB boundary */
		reader(b, n, ';');
		free(b);
		ck_assert_msg(whole_file_utf8(&rd) == 1, "split at %zu", at);
	}
	/* and an invalid byte only far into the file is found */
	size_t n = 200000;
	char *b = malloc(n);
	memset(b, 'a', n);
	b[n - 10] = (char)0xB9; /* CP1250 'ą' */
	reader(b, n, ';');
	free(b);
	ck_assert_int_eq(whole_file_utf8(&rd), 0);
}
END_TEST

START_TEST(test_import_csv__cp1250_bytes_decode_to_polish)
{
	cus__csv *r = READER("Za\xbf\xf3\xb3\xe6;\xa3\xf3" "d\x9f;\x8cl\xb9sk\r\n", ';');
	ck_assert_int_eq(cus__csv_next(r), 1);
	ck_assert_uint_eq(r->nf, 3);
	char out[64];
	const char *want[3] = { "Zażółć", "Łódź", "Śląsk" };
	for (size_t i = 0; i < 3; i++) {
		size_t n = 0, len = 0;
		const char *f = cus__csv_field(r, i, &n);
		ck_assert_int_eq(cus__cp1250_to_utf8(out, f, n, &len, NULL, "text"), 0);
		ck_assert_str_eq(out, want[i]);
		ck_assert_uint_eq(len, strlen(want[i]));
	}
}
END_TEST

static void digest_of(cus__csv *r, unsigned char d[32])
{
	while (cus__csv_next(r) == 1)
		;
	cus__csv_finish(r, d);
}

START_TEST(test_import_csv__fingerprint_follows_content)
{
	unsigned char a[32], b[32], c[32];
	cus__csv *r = READER("a;b\n", ';');
	digest_of(r, a);
	ck_assert_int_eq(cus__csv_rewind(r, ';'), 0);
	digest_of(r, b);
	ck_assert_mem_eq(a, b, 32);
	r = READER("a;c\n", ';');
	digest_of(r, c);
	ck_assert(memcmp(a, c, 32) != 0);
}
END_TEST

TCase *tcase_import_csv(void)
{
	TCase *tc = tcase_create("csv");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_import_csv__quoting);
	tcase_add_test(tc, test_import_csv__quote_inside_unquoted_field_is_text);
	tcase_add_test(tc, test_import_csv__text_after_closing_quote_is_marked);
	tcase_add_test(tc, test_import_csv__embedded_newlines_keep_line_numbers);
	tcase_add_test(tc, test_import_csv__crlf_lf_and_cr);
	tcase_add_test(tc, test_import_csv__bom_skipped);
	tcase_add_test(tc, test_import_csv__empty_lines_skipped);
	tcase_add_test(tc, test_import_csv__unclosed_quote_names_its_line);
	tcase_add_test(tc, test_import_csv__overlong_row_refused);
	tcase_add_test(tc, test_import_csv__delimiter_detection);
	tcase_add_test(tc, test_import_csv__encoding_detection);
	tcase_add_test(tc, test_import_csv__cp1250_bytes_decode_to_polish);
	tcase_add_test(tc, test_import_csv__fingerprint_follows_content);
	return tc;
}
