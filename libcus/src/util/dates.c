/* Dates (proleptic Gregorian, years 1-9999), ages (art. 112 KC) and reporting
 * periods. All arithmetic goes through a day count, so nothing depends on the
 * C library's time zone or time_t range. */
#include <string.h>

#include "util.h"

#define MIN_YEAR 1
#define MAX_YEAR 9999

int cus__is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int cus__days_in_month(int y, int m)
{
	static const int len[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && cus__is_leap(y) ? 29 : len[m - 1];
}

int cus__date_valid(cus_date d)
{
	return d.year >= MIN_YEAR && d.year <= MAX_YEAR && d.month >= 1 && d.month <= 12 && d.day >= 1 &&
	       d.day <= cus__days_in_month(d.year, d.month);
}

int cus__date_cmp(cus_date a, cus_date b)
{
	if (a.year != b.year)
		return a.year < b.year ? -1 : 1;
	if (a.month != b.month)
		return a.month < b.month ? -1 : 1;
	if (a.day != b.day)
		return a.day < b.day ? -1 : 1;
	return 0;
}

/* Howard Hinnant's days_from_civil / civil_from_days (public domain
 * algorithms), with eras of 400 years = 146097 days. */
int64_t cus__date_to_days(cus_date d)
{
	int64_t y = d.year - (d.month <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t mp = d.month > 2 ? d.month - 3 : d.month + 9;
	int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int cus__date_from_days(int64_t z, cus_date *out)
{
	/* 0001-01-01 and 9999-12-31 */
	if (z < -719162 || z > 2932896)
		return -1;
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;
	out->year = (int)(y + (m <= 2));
	out->month = (int)m;
	out->day = (int)d;
	return 0;
}

int cus__date_add_months(cus_date d, int64_t months, cus_date *out)
{
	/* months since January of year 0, then back; the day is clamped to the
	 * length of the target month (art. 112 KC), never carried into the next */
	if (months > 12 * (int64_t)MAX_YEAR || months < -12 * (int64_t)MAX_YEAR)
		return -1;
	int64_t t = (int64_t)d.year * 12 + (d.month - 1) + months;
	int64_t y = t / 12;
	int m = (int)(t % 12) + 1;
	if (y < MIN_YEAR || y > MAX_YEAR)
		return -1;
	int dim = cus__days_in_month((int)y, m);
	out->year = (int)y;
	out->month = m;
	out->day = d.day < dim ? d.day : dim;
	return 0;
}

int cus__age(cus_date birth, cus_date on)
{
	if (cus__date_cmp(on, birth) < 0)
		return -1;
	int age = on.year - birth.year;
	/* The anniversary in on's year: the same day, or the last day of the
	 * month when that month is shorter (29 February in a common year → 28
	 * February). The age is reached at the start of that day. */
	int dim = cus__days_in_month(on.year, birth.month);
	cus_date anniversary = { on.year, birth.month, birth.day < dim ? birth.day : dim };
	if (cus__date_cmp(on, anniversary) < 0)
		age--;
	return age;
}

static int two_digits(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

static int all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int cus__date_parse(const char *s, size_t len, cus_date *out, const char **why)
{
	static const char form[] = "is not a date of the form YYYY-MM-DD";
	if (len != 10 || s[4] != '-' || s[7] != '-' || !all_digits(s, 4) || !all_digits(s + 5, 2) ||
	    !all_digits(s + 8, 2)) {
		*why = form;
		return -1;
	}
	cus_date d = { two_digits(s) * 100 + two_digits(s + 2), two_digits(s + 5), two_digits(s + 8) };
	if (d.year < MIN_YEAR) {
		*why = "has year 0000 (years run from 0001 to 9999)";
		return -1;
	}
	if (d.month < 1 || d.month > 12) {
		*why = "has a month outside 01-12";
		return -1;
	}
	if (d.day < 1 || d.day > cus__days_in_month(d.year, d.month)) {
		*why = "has a day that its month does not have";
		return -1;
	}
	*out = d;
	return 0;
}

void cus__date_format(char out[11], cus_date d)
{
	/* d is valid, so every part fits its width */
	out[0] = (char)('0' + d.year / 1000);
	out[1] = (char)('0' + d.year / 100 % 10);
	out[2] = (char)('0' + d.year / 10 % 10);
	out[3] = (char)('0' + d.year % 10);
	out[4] = '-';
	out[5] = (char)('0' + d.month / 10);
	out[6] = (char)('0' + d.month % 10);
	out[7] = '-';
	out[8] = (char)('0' + d.day / 10);
	out[9] = (char)('0' + d.day % 10);
	out[10] = '\0';
}

/* Parse a public argument, recording the error; what names it in the message. */
static int arg_date(const char *s, const char *what, cus_date *out)
{
	const char *why;
	if (!s)
		return cus__error(CUS_EINVAL, "util", "date", "%s is missing", what);
	if (cus__date_parse(s, strnlen(s, 11), out, &why) != 0)
		return cus__error(CUS_EINVAL, "util", "date", "%s %s", what, why);
	return 0;
}

int cus_date_check(const char *s, cus_date *out)
{
	cus_date d;
	if (out)
		memset(out, 0, sizeof *out);
	int rc = arg_date(s, "the date", &d);
	if (rc == 0 && out)
		*out = d;
	return rc;
}

int cus_date_format(char out[11], const cus_date *d)
{
	if (!out || !d)
		return cus__error(CUS_EINVAL, "util", "date", "%s is NULL", out ? "the date" : "the output buffer");
	if (!cus__date_valid(*d)) {
		out[0] = '\0';
		return cus__error(CUS_EINVAL, "util", "date", "the date is not a real date in years 0001-9999");
	}
	cus__date_format(out, *d);
	return 0;
}

static int out_of_range(char out[11])
{
	out[0] = '\0';
	return cus__error(CUS_EINVAL, "util", "date", "the resulting date falls outside years 0001-9999");
}

int cus_date_add_days(char out[11], const char *date, int days)
{
	cus_date d, r;
	if (!out)
		return cus__error(CUS_EINVAL, "util", "date", "the output buffer is NULL");
	out[0] = '\0';
	int rc = arg_date(date, "the date", &d);
	if (rc)
		return rc;
	if (cus__date_from_days(cus__date_to_days(d) + days, &r) != 0)
		return out_of_range(out);
	cus__date_format(out, r);
	return 0;
}

int cus_date_add_months(char out[11], const char *date, int months)
{
	cus_date d, r;
	if (!out)
		return cus__error(CUS_EINVAL, "util", "date", "the output buffer is NULL");
	out[0] = '\0';
	int rc = arg_date(date, "the date", &d);
	if (rc)
		return rc;
	if (cus__date_add_months(d, months, &r) != 0)
		return out_of_range(out);
	cus__date_format(out, r);
	return 0;
}

int cus_date_diff_days(const char *from, const char *to, int *days)
{
	cus_date a, b;
	if (!days)
		return cus__error(CUS_EINVAL, "util", "date", "the output is NULL");
	int rc = arg_date(from, "the first date", &a);
	if (rc == 0)
		rc = arg_date(to, "the second date", &b);
	if (rc)
		return rc;
	/* at most 3,652,058 days apart: fits an int */
	*days = (int)(cus__date_to_days(b) - cus__date_to_days(a));
	return 0;
}

int cus_age_on(const char *birth, const char *on)
{
	cus_date b, o;
	int rc = arg_date(birth, "the birth date", &b);
	if (rc == 0)
		rc = arg_date(on, "the date of the age", &o);
	if (rc)
		return rc;
	int age = cus__age(b, o);
	if (age < 0)
		return cus__error(CUS_EINVAL, "util", "date", "the date of the age is before the birth date");
	return age;
}

/* ---- periods ---- */

/* Months per unit of each kind, indexed by cus_period_kind. */
static const int unit_months[5] = { 0, 12, 6, 3, 1 };
static const int units_per_year[5] = { 0, 1, 2, 4, 12 };

static void period_fill(cus_period *p, int kind, int year, int index)
{
	memset(p, 0, sizeof *p);
	p->kind = kind;
	p->year = year;
	p->index = index;
	int m0 = (index - 1) * unit_months[kind] + 1;
	int m1 = m0 + unit_months[kind] - 1;
	cus_date first = { year, m0, 1 }, last = { year, m1, cus__days_in_month(year, m1) };
	cus__date_format(p->first, first);
	cus__date_format(p->last, last);
	char y[5] = { (char)('0' + year / 1000), (char)('0' + year / 100 % 10), (char)('0' + year / 10 % 10),
		(char)('0' + year % 10), '\0' };
	memcpy(p->name, y, 5);
	if (kind == CUS_PERIOD_HALF_YEAR || kind == CUS_PERIOD_QUARTER) {
		p->name[4] = kind == CUS_PERIOD_HALF_YEAR ? 'H' : 'Q';
		p->name[5] = (char)('0' + index);
		p->name[6] = '\0';
	} else if (kind == CUS_PERIOD_MONTH) {
		p->name[4] = '-';
		p->name[5] = (char)('0' + index / 10);
		p->name[6] = (char)('0' + index % 10);
		p->name[7] = '\0';
	}
}

static int bad_period(cus_period *out, const char *why)
{
	if (out)
		memset(out, 0, sizeof *out);
	return cus__error(CUS_EINVAL, "util", "period", "the period %s", why);
}

int cus_period_parse(const char *s, cus_period *out)
{
	static const char forms[] = "must be YYYY, YYYYH1-YYYYH2, YYYYQ1-YYYYQ4 or YYYY-MM";
	if (!s || !out)
		return bad_period(out, "is missing");
	size_t n = strnlen(s, 8);
	if (n < 4 || !all_digits(s, 4))
		return bad_period(out, forms);
	int year = two_digits(s) * 100 + two_digits(s + 2);
	int kind, index, max;
	if (n == 4) {
		kind = CUS_PERIOD_YEAR;
		index = 1;
		max = 1;
	} else if (n == 6 && (s[4] == 'H' || s[4] == 'h') && all_digits(s + 5, 1)) {
		kind = CUS_PERIOD_HALF_YEAR;
		index = s[5] - '0';
		max = 2;
	} else if (n == 6 && (s[4] == 'Q' || s[4] == 'q') && all_digits(s + 5, 1)) {
		kind = CUS_PERIOD_QUARTER;
		index = s[5] - '0';
		max = 4;
	} else if (n == 7 && s[4] == '-' && all_digits(s + 5, 2)) {
		kind = CUS_PERIOD_MONTH;
		index = two_digits(s + 5);
		max = 12;
	} else {
		return bad_period(out, forms);
	}
	if (year < MIN_YEAR)
		return bad_period(out, "has year 0000 (years run from 0001 to 9999)");
	if (index < 1 || index > max) {
		static const char *const why[5] = { "", "", "has a half-year other than H1 or H2",
			"has a quarter other than Q1-Q4", "has a month outside 01-12" };
		return bad_period(out, why[kind]);
	}
	period_fill(out, kind, year, index);
	return 0;
}

static int period_valid(const cus_period *p)
{
	return p->kind >= CUS_PERIOD_YEAR && p->kind <= CUS_PERIOD_MONTH && p->year >= MIN_YEAR &&
	       p->year <= MAX_YEAR && p->index >= 1 && p->index <= units_per_year[p->kind];
}

int cus_period_contains(const cus_period *p, const char *date)
{
	if (!p)
		return cus__error(CUS_EINVAL, "util", "period", "the period is missing");
	if (!period_valid(p))
		return cus__error(CUS_EINVAL, "util", "period", "the period is not a valid period");
	cus_date d;
	int rc = arg_date(date, "the date", &d);
	if (rc)
		return rc;
	/* recompute the bounds rather than trust the strings of a caller's struct */
	int m0 = (p->index - 1) * unit_months[p->kind] + 1;
	int m1 = m0 + unit_months[p->kind] - 1;
	return d.year == p->year && d.month >= m0 && d.month <= m1;
}

int cus_period_shift(cus_period *out, const cus_period *p, int n)
{
	if (!out || !p)
		return cus__error(CUS_EINVAL, "util", "period", "the period is missing");
	if (!period_valid(p))
		return cus__error(CUS_EINVAL, "util", "period", "the period is not a valid period");
	int per = units_per_year[p->kind];
	int64_t t = (int64_t)p->year * per + (p->index - 1) + n;
	int64_t year = t / per;
	if (t < 0 || year < MIN_YEAR || year > MAX_YEAR)
		return cus__error(CUS_EINVAL, "util", "period", "the shifted period falls outside years 0001-9999");
	period_fill(out, p->kind, (int)year, (int)(t % per) + 1);
	return 0;
}
