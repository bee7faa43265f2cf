/* Polish identification numbers: PESEL (persons), NIP (tax), REGON
 * (statistical). Messages say what is wrong, never the number itself. */
#include <string.h>

#include "util.h"

#define PESEL_SERIAL_MAX 4999

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* ---- PESEL ---- */

static const int pesel_weights[10] = { 1, 3, 7, 9, 1, 3, 7, 9, 1, 3 };

static int pesel_check_digit(const char *d)
{
	int sum = 0;
	for (int i = 0; i < 10; i++)
		sum += pesel_weights[i] * (d[i] - '0');
	return (10 - sum % 10) % 10;
}

/* The month field's offset by century: 1800s +80, 1900s +0, 2000s +20,
 * 2100s +40, 2200s +60. */
static int pesel_century(int month_field, int *century, int *month)
{
	static const struct {
		int offset, century;
	} map[] = { { 80, 1800 }, { 0, 1900 }, { 20, 2000 }, { 40, 2100 }, { 60, 2200 } };
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
		int m = month_field - map[i].offset;
		if (m >= 1 && m <= 12) {
			*century = map[i].century;
			*month = m;
			return 0;
		}
	}
	return -1;
}

static int pesel_fail(const char *why)
{
	return cus__error(CUS_EINVAL, "util", "pesel", "the PESEL %s", why);
}

int cus_pesel_check(const char *pesel, cus_pesel_info *out)
{
	if (out)
		memset(out, 0, sizeof *out);
	if (!pesel)
		return pesel_fail("is missing");
	size_t n = strnlen(pesel, 12);
	if (n != 11)
		return pesel_fail(n < 11 ? "is shorter than 11 digits" : "is longer than 11 digits");
	for (int i = 0; i < 11; i++)
		if (!is_digit(pesel[i]))
			return cus__error(CUS_EINVAL, "util", "pesel",
				"the PESEL must hold only digits 0-9 (character %d is not a digit)", i + 1);
	if (pesel_check_digit(pesel) != pesel[10] - '0')
		return pesel_fail("check digit does not match its other digits");
	int century, month;
	if (pesel_century((pesel[2] - '0') * 10 + (pesel[3] - '0'), &century, &month) != 0)
		return pesel_fail(
			"month field is not a month of 1800-2299 (01-12, 21-32, 41-52, 61-72 or 81-92)");
	cus_date d = { century + (pesel[0] - '0') * 10 + (pesel[1] - '0'), month,
		(pesel[4] - '0') * 10 + (pesel[5] - '0') };
	if (d.day < 1 || d.day > cus__days_in_month(d.year, d.month))
		return pesel_fail("day field is not a day of its month (no such birth date)");
	if (out) {
		cus__date_format(out->birth_date, d);
		out->sex = (pesel[9] - '0') % 2 ? 'M' : 'F';
	}
	return 0;
}

int cus_pesel_serial_max(void)
{
	return PESEL_SERIAL_MAX;
}

int cus_pesel_make(char out[12], const char *birth_date, char sex, int serial)
{
	if (!out)
		return cus__error(CUS_EINVAL, "util", "out", "the output buffer is NULL");
	out[0] = '\0';
	cus_date d;
	const char *why;
	if (!birth_date)
		return cus__error(CUS_EINVAL, "util", "birth_date", "the birth date is missing");
	if (cus__date_parse(birth_date, strnlen(birth_date, 11), &d, &why) != 0)
		return cus__error(CUS_EINVAL, "util", "birth_date", "the birth date %s", why);
	if (d.year < 1800 || d.year > 2299)
		return cus__error(CUS_EINVAL, "util", "birth_date",
			"a PESEL encodes birth dates from 1800-01-01 to 2299-12-31 only");
	if (sex != 'M' && sex != 'F')
		return cus__error(CUS_EINVAL, "util", "sex", "sex must be 'M' or 'F'");
	if (serial < 0 || serial > PESEL_SERIAL_MAX)
		return cus__error(CUS_EINVAL, "util", "serial", "serial must be 0 to %d", PESEL_SERIAL_MAX);
	int yy = d.year % 100;
	int offset = d.year < 1900 ? 80 : (d.year / 100 - 19) * 20;
	int mm = d.month + offset;
	int zzz = serial / 5;
	int x = 2 * (serial % 5) + (sex == 'M');
	const int digits[10] = { yy / 10, yy % 10, mm / 10, mm % 10, d.day / 10, d.day % 10, zzz / 100,
		zzz / 10 % 10, zzz % 10, x };
	for (int i = 0; i < 10; i++)
		out[i] = (char)('0' + digits[i]);
	out[10] = (char)('0' + pesel_check_digit(out));
	out[11] = '\0';
	return 0;
}

/* ---- NIP and REGON ---- */

/* Copy the digits of in to dst (at most max, NUL-terminated), allowing one
 * space or dash between two digits. Returns the number of digits, or -1 with
 * the error recorded. */
static int collect_digits(const char *in, char *dst, int max, const char *field, const char *name)
{
	int n = 0;
	for (const char *p = in; *p; p++) {
		if (is_digit(*p)) {
			if (n == max)
				return cus__error(CUS_EINVAL, "util", field, "the %s has too many digits", name), -1;
			dst[n++] = *p;
		} else if ((*p == ' ' || *p == '-') && p > in && is_digit(p[-1]) && is_digit(p[1])) {
			continue;
		} else {
			return cus__error(CUS_EINVAL, "util", field,
				"the %s may hold only digits, with single spaces or dashes between them", name), -1;
		}
	}
	dst[n] = '\0';
	return n;
}

static int weighted_mod11(const char *d, const int *w, int n)
{
	int sum = 0;
	for (int i = 0; i < n; i++)
		sum += w[i] * (d[i] - '0');
	return sum % 11;
}

int cus_nip_check(const char *in, char out[11])
{
	static const int w[9] = { 6, 5, 7, 2, 3, 4, 5, 6, 7 };
	char d[11];
	if (out)
		out[0] = '\0';
	if (!in)
		return cus__error(CUS_EINVAL, "util", "nip", "the NIP is missing");
	int n = collect_digits(in, d, 10, "nip", "NIP");
	if (n < 0)
		return CUS_EINVAL;
	if (n != 10)
		return cus__error(CUS_EINVAL, "util", "nip", "the NIP must have 10 digits");
	int r = weighted_mod11(d, w, 9);
	if (r == 10)
		return cus__error(CUS_EINVAL, "util", "nip",
			"the NIP is not a number that is issued (its checksum remainder is 10)");
	if (r != d[9] - '0')
		return cus__error(CUS_EINVAL, "util", "nip", "the NIP check digit does not match its other digits");
	if (out)
		memcpy(out, d, 11);
	return 0;
}

static int regon9_valid(const char *d)
{
	static const int w[8] = { 8, 9, 2, 3, 4, 5, 6, 7 };
	return weighted_mod11(d, w, 8) % 10 == d[8] - '0';
}

int cus_regon_check(const char *in, char out[15])
{
	static const int w14[13] = { 2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8 };
	char d[15];
	if (out)
		out[0] = '\0';
	if (!in)
		return cus__error(CUS_EINVAL, "util", "regon", "the REGON is missing");
	int n = collect_digits(in, d, 14, "regon", "REGON");
	if (n < 0)
		return CUS_EINVAL;
	if (n != 9 && n != 14)
		return cus__error(CUS_EINVAL, "util", "regon", "the REGON must have 9 or 14 digits");
	if (n == 9 && !regon9_valid(d))
		return cus__error(CUS_EINVAL, "util", "regon", "the REGON check digit does not match its other digits");
	if (n == 14) {
		if (!regon9_valid(d))
			return cus__error(CUS_EINVAL, "util", "regon",
				"the first 9 digits of a 14-digit REGON are not a valid REGON");
		if (weighted_mod11(d, w14, 13) % 10 != d[13] - '0')
			return cus__error(CUS_EINVAL, "util", "regon",
				"the REGON check digit does not match its other digits");
	}
	if (out)
		memcpy(out, d, (size_t)n + 1);
	return 0;
}
