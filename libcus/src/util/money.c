/* Money: int64_t grosze, parsed and formatted with exact integer arithmetic. */
#include <string.h>

#include "util.h"

size_t cus_money_format_max(void)
{
	return CUS_MONEY_FORMAT_MAX;
}

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* The length of a group separator at p (space, U+00A0, U+202F), or 0. */
static size_t group_sep(const unsigned char *p)
{
	if (p[0] == ' ')
		return 1;
	if (p[0] == 0xC2 && p[1] == 0xA0)
		return 2;
	if (p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0xAF)
		return 3;
	return 0;
}

static size_t skip_ascii_space(const unsigned char *p)
{
	size_t n = 0;
	while (p[n] == ' ' || p[n] == '\t')
		n++;
	return n;
}

static int bad(const char *why)
{
	return cus__error(CUS_EINVAL, "util", "amount", "the amount %s", why);
}

int cus_money_parse(const char *s, int64_t *grosze)
{
	if (!s || !grosze)
		return bad("is missing");
	const unsigned char *p = (const unsigned char *)s;
	p += skip_ascii_space(p);
	int neg = 0;
	if (*p == '-' || *p == '+') {
		neg = *p == '-';
		p++;
	}
	if (!is_digit(*p))
		return bad("is not a number (it must start with a digit, after an optional sign)");

	/* whole złoty, in a uint64_t that is checked before every step */
	const uint64_t limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	const uint64_t zl_limit = limit / 100;
	uint64_t zl = 0;
	int grouped = 0, group_len = 0, first = 1, overflow = 0;
	for (;;) {
		if (is_digit(*p)) {
			if (zl > (zl_limit - (*p - '0')) / 10)
				overflow = 1;
			else
				zl = zl * 10 + (*p - '0');
			group_len++;
			p++;
			continue;
		}
		size_t sep = group_sep(p);
		if (sep && is_digit(p[sep])) {
			if ((first && group_len > 3) || (!first && group_len != 3))
				return bad("has digit groups that are not groups of three");
			grouped = 1;
			first = 0;
			group_len = 0;
			p += sep;
			continue;
		}
		break;
	}
	if (grouped && group_len != 3)
		return bad("has digit groups that are not groups of three");

	uint64_t gr = 0;
	if (*p == '.' || *p == ',') {
		p++;
		int decimals = 0;
		while (is_digit(*p)) {
			if (decimals < 2)
				gr = gr * 10 + (*p - '0');
			decimals++;
			p++;
		}
		if (decimals == 0)
			return bad("has a decimal separator without digits after it");
		if (decimals > 2)
			return bad("has more than 2 decimal places (a thousands separator must be a space)");
		if (decimals == 1)
			gr *= 10;
	}

	/* optional currency, with or without a space before it */
	size_t sp = group_sep(p);
	const unsigned char *q = p + sp;
	if (strncmp((const char *)q, "z\xc5\x82", 3) == 0)
		p = q + 3;
	else if (strncmp((const char *)q, "PLN", 3) == 0)
		p = q + 3;
	p += skip_ascii_space(p);
	if (*p)
		return bad("has unexpected characters (only digits, a sign, separators and \"zł\" are allowed)");

	if (overflow || zl * 100 > limit - gr)
		return bad("is too large (it must fit in 64-bit grosze)");
	uint64_t mag = zl * 100 + gr;
	if (neg)
		*grosze = mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mag;
	else
		*grosze = (int64_t)mag;
	return 0;
}

int cus_money_format(char *buf, size_t size, int64_t grosze)
{
	/* built right to left in a scratch buffer, then copied */
	char tmp[CUS_MONEY_FORMAT_MAX];
	size_t i = sizeof tmp;
	uint64_t mag = grosze < 0 ? (uint64_t)(-(grosze + 1)) + 1 : (uint64_t)grosze;
	uint64_t zl = mag / 100;
	unsigned gr = (unsigned)(mag % 100);

	static const char suffix[] = "\xc2\xa0z\xc5\x82"; /* NBSP "zł" */
	i -= sizeof suffix - 1;
	memcpy(tmp + i, suffix, sizeof suffix - 1);
	tmp[--i] = (char)('0' + gr % 10);
	tmp[--i] = (char)('0' + gr / 10);
	tmp[--i] = ',';
	int digits = 0;
	do {
		if (digits && digits % 3 == 0) {
			tmp[--i] = (char)0xA0;
			tmp[--i] = (char)0xC2;
		}
		tmp[--i] = (char)('0' + zl % 10);
		zl /= 10;
		digits++;
	} while (zl);
	if (grosze < 0)
		tmp[--i] = '-';

	size_t len = sizeof tmp - i;
	if (!buf || size < len + 1) {
		if (buf && size)
			buf[0] = '\0';
		return cus__error(CUS_EINVAL, "util", "buf", "the buffer is too small: %zu bytes are needed", len + 1);
	}
	memcpy(buf, tmp + i, len);
	buf[len] = '\0';
	return (int)len;
}
