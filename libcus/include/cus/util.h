/*
 * libcus — values and their validation: PESEL, NIP and REGON numbers; Polish
 * text (UTF-8, NFC, search keys, Polish collation, CP1250); dates, ages and
 * reporting periods; money in grosze.
 *
 * These functions need no database and no session: they are pure, thread-safe
 * and usable on their own (an import checks a whole file with them before it
 * opens a transaction).
 *
 * Conventions shared by every function here:
 *  - A failure returns a negative CUS_E... code and sets cus_error_last():
 *    module "util", field naming the input ("pesel", "nip", "regon", "date",
 *    "period", "amount", or the field name the caller passed), and a message
 *    saying why. Messages never repeat the value itself: a PESEL, a name or a
 *    birth date is personal data.
 *  - Dates at the API are ISO 8601 calendar dates "YYYY-MM-DD" (proleptic
 *    Gregorian, years 0001 to 9999), written into caller arrays of 11 bytes.
 *  - Strings returned through `char **out` are allocated by libcus, owned by
 *    the caller and released with cus_free(), which wipes them first.
 */
#ifndef CUS_UTIL_H
#define CUS_UTIL_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* PESEL, NIP, REGON                                                         */
/* ------------------------------------------------------------------------ */

/** What a valid PESEL says about its holder. */
typedef struct {
	char birth_date[11]; /**< "YYYY-MM-DD", NUL-terminated */
	char sex;            /**< 'M' (tenth digit odd) or 'F' (even) */
} cus_pesel_info;

/**
 * Validate a PESEL (the Polish national identification number).
 *
 * A valid PESEL is exactly 11 ASCII digits YYMMDDZZZXQ (nothing before or
 * after them, no spaces) where:
 *  - Q is the check digit: (10 - (sum of the first ten digits weighted
 *    1 3 7 9 1 3 7 9 1 3) mod 10) mod 10;
 *  - MM carries the century: 01-12 for 1900-1999, 21-32 for 2000-2099,
 *    41-52 for 2100-2199, 61-72 for 2200-2299, 81-92 for 1800-1899;
 *  - YY-MM-DD in that century is a real date (Gregorian leap years: 29
 *    February 1900 and 2100 do not exist, 29 February 2000 does);
 *  - X, the tenth digit, is odd for a man and even for a woman.
 * The tests run in that order, so a mistyped number reports its check digit.
 *
 * @param pesel     the number, a NUL-terminated string
 * @param[out] out  birth date and sex, or NULL when not needed; cleared on
 *                  failure
 * @return 0 when valid; CUS_EINVAL (field "pesel") when pesel is NULL, is not
 *         11 characters long, holds a character other than 0-9, has a wrong
 *         check digit, a month field outside the five ranges above, or a day
 *         that its month does not have
 */
CUS_EXTERN(int) cus_pesel_check(const char *pesel, cus_pesel_info *out) CUS_WARN_UNUSED;

/**
 * Build a valid PESEL, for tests and synthetic demonstration data.
 *
 * Each birth date and sex has cus_pesel_serial_max() + 1 numbers: serial s
 * gives the digits ZZZ = s / 5 and X = 2 * (s % 5), plus 1 for a man. The
 * same arguments always give the same number.
 *
 * @param[out] out    12 bytes: 11 digits and a NUL
 * @param birth_date  "YYYY-MM-DD", from 1800-01-01 to 2299-12-31
 * @param sex         'M' or 'F'
 * @param serial      0 to cus_pesel_serial_max()
 * @return 0; CUS_EINVAL when out is NULL (field "out"), birth_date is not a
 *         real date or lies outside the PESEL range (field "birth_date"),
 *         sex is not 'M' or 'F' (field "sex"), or serial is out of range
 *         (field "serial")
 */
CUS_EXTERN(int) cus_pesel_make(char out[12], const char *birth_date, char sex, int serial);

/** The largest serial cus_pesel_make() accepts: 4999. */
CUS_EXTERN(int) cus_pesel_serial_max(void);

/**
 * Validate a NIP (tax identification number) and give it as 10 digits.
 *
 * The input is 10 digits, optionally split by single spaces or dashes between
 * digits ("123-456-32-18", "123 45 63 218"). The tenth digit is the sum of the
 * first nine weighted 6 5 7 2 3 4 5 6 7, modulo 11; numbers whose remainder is
 * 10 are never issued and are refused.
 *
 * @param in        the NIP as entered, NUL-terminated
 * @param[out] out  11 bytes: the 10 digits and a NUL; or NULL when not needed.
 *                  Set to "" on failure.
 * @return 0 when valid; CUS_EINVAL (field "nip") when in is NULL, holds a
 *         character other than digits and single separators between digits,
 *         does not have 10 digits, or its check digit is wrong
 */
CUS_EXTERN(int) cus_nip_check(const char *in, char out[11]) CUS_WARN_UNUSED;

/**
 * Validate a REGON (statistical number of a business or institution) and give
 * it as digits.
 *
 * A REGON has 9 or 14 digits (separators as for cus_nip_check() are allowed).
 * REGON-9: the last digit is the sum of the first 8 weighted 8 9 2 3 4 5 6 7,
 * modulo 11, with 10 written as 0. REGON-14 (a local unit): its first 9 digits
 * must be a valid REGON-9 (the parent entity), and its last digit is the sum
 * of the first 13 weighted 2 4 8 5 0 9 7 3 6 1 2 4 8, modulo 11, 10 as 0.
 *
 * @param in        the REGON as entered, NUL-terminated
 * @param[out] out  15 bytes: the 9 or 14 digits and a NUL; or NULL. Set to ""
 *                  on failure.
 * @return 0 when valid; CUS_EINVAL (field "regon") when in is NULL, holds a
 *         character other than digits and single separators, has neither 9
 *         nor 14 digits, its first nine digits are not a valid REGON-9, or its
 *         check digit is wrong
 */
CUS_EXTERN(int) cus_regon_check(const char *in, char out[15]) CUS_WARN_UNUSED;

/* ------------------------------------------------------------------------ */
/* Text                                                                      */
/* ------------------------------------------------------------------------ */

/*
 * Inputs are NUL-terminated UTF-8 of at most 16 MiB (longer ones are
 * CUS_EINVAL). ICU's objects are opened once and cloned per thread, so every
 * function here may be called from several threads at once.
 */

/**
 * Check and normalise a text field (a name, an address, a note) as it enters
 * libcus.
 *
 * The input must be valid UTF-8 (no overlong forms, surrogates or NUL). The
 * result is in Unicode NFC; leading and trailing white space is removed and
 * every internal run of white space (any Unicode White_Space character: space,
 * tab, line breaks, U+00A0 and the other spaces) becomes one U+0020 space.
 * Other control characters (general category Cc) and the bidirectional
 * embedding, override and isolate controls (U+202A-U+202E, U+2066-U+2069),
 * which could make a displayed name differ from the stored one, are refused.
 * An empty result is allowed: whether a field is required is the caller's
 * rule.
 *
 * @param[out] out   the normalised text; release with cus_free(). NULL on
 *                   failure.
 * @param in         the text, NUL-terminated
 * @param max_chars  the longest result accepted, in code points after
 *                   normalisation; 0 for no limit
 * @param field      the field name to report in errors (e.g. "last_name");
 *                   NULL reports "text"
 * @return 0; CUS_EINVAL (that field) when out or in is NULL, in is not valid
 *         UTF-8, holds a refused character, or the result is longer than
 *         max_chars;
 *         CUS_ENOMEM; CUS_ERROR when ICU fails
 */
CUS_EXTERN(int) cus_text_normalize(char **out, const char *in, size_t max_chars, const char *field);

/**
 * An accent- and case-insensitive search key: "Żółta  Łódź" and "ZOLTA lodz"
 * both give "zolta lodz".
 *
 * Other scripts are transliterated to Latin first (ICU's Any-Latin, so that
 * "Олена" gives "olena"); then the text is decomposed (NFD), combining marks
 * are removed, the remaining letters are mapped to ASCII where ICU's
 * Latin-ASCII transform knows how (ł → l, ß → ss, æ → ae), and case is
 * folded. White space is trimmed and collapsed to single spaces and control
 * characters are dropped; punctuation and digits are kept. Compare keys for
 * equality or search one within another; they do not sort in Polish order
 * (use cus_text_collation_key() for that).
 *
 * @param[out] out  the key (UTF-8, usually ASCII); release with cus_free()
 * @param in        the text, NUL-terminated UTF-8
 * @return 0; CUS_EINVAL (field "text") when out or in is NULL or in is not
 *         valid UTF-8; CUS_ENOMEM; CUS_ERROR when ICU's transliterator cannot
 *         be loaded
 */
CUS_EXTERN(int) cus_text_search_key(char **out, const char *in);

/**
 * A binary sort key in Polish order (ICU's "pl" collator, tertiary strength,
 * canonical normalisation on): comparing two keys with memcmp gives the same
 * order as cus_text_compare() on their texts, e.g. Lucyna < Łukasz,
 * Sowa < Ślązak, Zięba < Źrebiec < Żak. Keys may be stored (as BLOBs: SQLite
 * compares BLOBs with memcmp, shorter first on a tie, which is the right order)
 * but only compared with keys made by the same ICU version.
 *
 * @param[out] out  the key, *len bytes followed by an extra 0 byte (no byte of
 *                  the key itself is 0); release with cus_free()
 * @param[out] len  the key's length, not counting that 0 byte
 * @param in        the text, NUL-terminated UTF-8
 * @return 0; CUS_EINVAL (field "text") when in, out or len is NULL or in is
 *         not valid UTF-8; CUS_ENOMEM; CUS_ERROR when ICU's Polish collator
 *         cannot be loaded
 */
CUS_EXTERN(int) cus_text_collation_key(unsigned char **out, size_t *len, const char *in);

/**
 * Compare two texts in Polish order (the collator of cus_text_collation_key()).
 *
 * This function cannot fail: a NULL text sorts before every other, bytes that
 * are not valid UTF-8 compare as U+FFFD, and if ICU's collator cannot be
 * loaded the texts are compared byte by byte.
 *
 * @return a negative number when a sorts first, 0 when they are equal in
 *         Polish order, a positive number when b sorts first
 */
CUS_EXTERN(int) cus_text_compare(const char *a, const char *b);

/**
 * Decode Windows-1250 (CP1250, the encoding of files from Polish Excel) into
 * UTF-8. The mapping is ICU's ("windows-1250"). The five byte values that
 * CP1250 leaves undefined (0x81, 0x83, 0x88, 0x90, 0x98) and the byte 0 are
 * refused; every other byte, including tab and line breaks, is decoded.
 *
 * @param[out] out      the UTF-8 text, NUL-terminated; release with cus_free()
 * @param[out] out_len  its length in bytes (without the NUL), or NULL
 * @param in            the bytes (need not be NUL-terminated)
 * @param len           their number; may be 0 (in may then be NULL)
 * @return 0; CUS_EINVAL (field "text", the message gives the offset of the
 *         first bad byte) for an undefined byte or a 0 byte, or when in is
 *         NULL with len > 0; CUS_ENOMEM; CUS_ERROR when ICU's converter
 *         cannot be loaded
 */
CUS_EXTERN(int) cus_text_from_cp1250(char **out, size_t *out_len, const char *in, size_t len);

/* ------------------------------------------------------------------------ */
/* Dates and ages                                                            */
/* ------------------------------------------------------------------------ */

/** A calendar date (proleptic Gregorian). */
typedef struct {
	int year;  /**< 1 to 9999 */
	int month; /**< 1 to 12 */
	int day;   /**< 1 to the length of the month */
} cus_date;

/**
 * Validate an ISO 8601 calendar date "YYYY-MM-DD" (exactly that form: four
 * digit year 0001-9999, two digit month and day, dashes; nothing around it).
 *
 * @param s         the date, NUL-terminated
 * @param[out] out  its parts, or NULL; cleared on failure
 * @return 0; CUS_EINVAL (field "date") when s is NULL, not of that form, the
 *         year is 0000, the month is not 01-12, or the month has no such day
 *         (2023-02-29, 2022-04-31, 1900-02-29)
 */
CUS_EXTERN(int) cus_date_check(const char *s, cus_date *out) CUS_WARN_UNUSED;

/**
 * Write a date as "YYYY-MM-DD".
 * @param[out] out  11 bytes
 * @param d         the date
 * @return 0; CUS_EINVAL (field "date") when out or d is NULL or d is not a
 *         real date in years 1-9999
 */
CUS_EXTERN(int) cus_date_format(char out[11], const cus_date *d);

/**
 * Add (or, when negative, subtract) whole days.
 * @param[out] out  11 bytes: the resulting date
 * @param date      "YYYY-MM-DD"
 * @param days      the number of days
 * @return 0; CUS_EINVAL (field "date") when date is invalid or the result
 *         falls outside years 1-9999
 */
CUS_EXTERN(int) cus_date_add_days(char out[11], const char *date, int days);

/**
 * Add (or subtract) calendar months, as art. 112 of the Polish civil code
 * counts a term in months: the result is the day with the same number in the
 * target month, or that month's last day when it is shorter. So 2023-01-31
 * + 1 month is 2023-02-28, 2024-01-31 + 1 is 2024-02-29, 2024-02-29 + 12 is
 * 2025-02-28, 2023-03-31 - 1 is 2023-02-28. The clamp does not carry over:
 * 2023-04-30 + 1 month is 2023-05-30 (not the 31st), and (31 Jan + 1) + 1 is
 * 28 March while 31 Jan + 2 is 31 March; add from the original date when
 * stepping repeatedly.
 *
 * @param[out] out  11 bytes: the resulting date
 * @param date      "YYYY-MM-DD"
 * @param months    the number of months
 * @return 0; CUS_EINVAL (field "date") when date is invalid or the result
 *         falls outside years 1-9999
 */
CUS_EXTERN(int) cus_date_add_months(char out[11], const char *date, int months);

/**
 * The number of days from one date to another: to - from, negative when to
 * is earlier. 2024-02-28 to 2024-03-01 is 2.
 * @param from       "YYYY-MM-DD"
 * @param to         "YYYY-MM-DD"
 * @param[out] days  the difference (at most 3,652,058 days either way)
 * @return 0; CUS_EINVAL (field "date") when days is NULL or a date is invalid
 */
CUS_EXTERN(int) cus_date_diff_days(const char *from, const char *to, int *days);

/**
 * A person's age in completed years on a date, as art. 112 of the Polish civil
 * code computes it.
 *
 * Art. 112: a term in years ends with the day whose date corresponds to the
 * first day of the term, or, when the last month has no such day, with the
 * last day of that month; "however, when the age of a natural person is
 * computed, the term ends at the beginning of the last day". So a person
 * reaches an age at 00:00 of the anniversary of their birth: someone born on
 * 2004-05-14 is 17 on 2022-05-13 and 18 on 2022-05-14. Someone born on 29
 * February has no such day in a common year, so the term's last day is the
 * last day of February, 28 February, and they reach the age at its beginning:
 * born 2004-02-29, they are 17 on 2022-02-27 and 18 on 2022-02-28 (not on 1
 * March), and in a leap year on 29 February.
 *
 * @param birth  the birth date, "YYYY-MM-DD"
 * @param on     the date at which the age is wanted, "YYYY-MM-DD"
 * @return the age (>= 0; 0 on the birth date itself); CUS_EINVAL (field
 *         "date") when a date is invalid or on is before birth
 */
CUS_EXTERN(int) cus_age_on(const char *birth, const char *on);

/* ------------------------------------------------------------------------ */
/* Reporting periods                                                         */
/* ------------------------------------------------------------------------ */

/** The kinds of reporting period. Values are stable. */
typedef enum {
	CUS_PERIOD_YEAR = 1,      /**< "2022" */
	CUS_PERIOD_HALF_YEAR = 2, /**< "2022H1", "2022H2" */
	CUS_PERIOD_QUARTER = 3,   /**< "2022Q1" to "2022Q4" */
	CUS_PERIOD_MONTH = 4      /**< "2022-03" */
} cus_period_kind;

/** A reporting period: a run of whole days from first to last, inclusive. */
typedef struct {
	int kind;       /**< a cus_period_kind */
	int year;       /**< 1 to 9999 */
	int index;      /**< 1 for a year; 1-2 half-year; 1-4 quarter; 1-12 month */
	char name[8];   /**< canonical text: "2022", "2022H1", "2022Q3", "2022-03" */
	char first[11]; /**< first day, "YYYY-MM-DD" */
	char last[11];  /**< last day (inclusive), "YYYY-MM-DD" */
} cus_period;

/**
 * Parse a reporting period: "YYYY" (a year), "YYYYH1" or "YYYYH2" (a
 * half-year: January-June, July-December), "YYYYQ1" to "YYYYQ4" (a quarter),
 * or "YYYY-MM" (a month). The letters H and Q may be lower case; name gives
 * the canonical upper-case form. Nothing may precede or follow the period.
 *
 * @param s         the period, NUL-terminated
 * @param[out] out  the period with its first and last day; cleared on failure
 * @return 0; CUS_EINVAL (field "period") when s or out is NULL, s has none of
 *         those forms, the year is 0000, the half-year is not 1-2
 *         ("2022H3"), the quarter not 1-4 ("2022Q5") or the month not 01-12
 *         ("2022-13")
 */
CUS_EXTERN(int) cus_period_parse(const char *s, cus_period *out) CUS_WARN_UNUSED;

/**
 * Does a period contain a date (first <= date <= last)?
 * @param p     a period from cus_period_parse() or cus_period_shift()
 * @param date  "YYYY-MM-DD"
 * @return 1 when it does, 0 when it does not; CUS_EINVAL (field "date") when
 *         date is invalid, (field "period") when p is NULL
 */
CUS_EXTERN(int) cus_period_contains(const cus_period *p, const char *date);

/**
 * The period n steps after (n > 0) or before (n < 0) p, of the same kind:
 * 2022Q4 shifted by 1 is 2023Q1, 2022H1 by -1 is 2021H2, 2022-01 by -1 is
 * 2021-12.
 * @param[out] out  the shifted period (may be the same object as p)
 * @return 0; CUS_EINVAL (field "period") when out or p is NULL, p is not a
 *         valid period, or the result falls outside years 1-9999
 */
CUS_EXTERN(int) cus_period_shift(cus_period *out, const cus_period *p, int n);

/* ------------------------------------------------------------------------ */
/* Money                                                                     */
/* ------------------------------------------------------------------------ */

/** Bytes that cus_money_format() needs at most, with the NUL (also
 *  cus_money_format_max()). */
#define CUS_MONEY_FORMAT_MAX 40

/** CUS_MONEY_FORMAT_MAX, for bindings. */
CUS_EXTERN(size_t) cus_money_format_max(void);

/**
 * Parse an amount of złoty into grosze (1 zł = 100 gr), exactly.
 *
 * Accepted: optional white space; an optional sign '-' or '+'; the whole
 * złoty as digits, either plain ("1234") or grouped by threes with a space,
 * U+00A0 or U+202F ("1 234 567", the first group 1-3 digits, every other
 * exactly 3); optionally a decimal separator '.' or ',' with 1 or 2 digits;
 * optionally a currency "zł" or "PLN", with or without a space before it;
 * optional white space. So "1234.56", "1234,56", "1 234,56", "1 234,56 zł",
 * "-0,5" and "12 zł" are accepted. Refused as ambiguous or wrong: "1,234" and
 * "12.345" (three decimals — a thousands separator is never '.' or ','),
 * "1.234,56", "1 23", ".5", "12.", "abc", "".
 *
 * @param s            the amount, NUL-terminated UTF-8
 * @param[out] grosze  the amount in grosze; left unchanged on failure
 * @return 0; CUS_EINVAL (field "amount") when s or grosze is NULL, s is not
 *         of the form above, has more than 2 decimal places, or the amount
 *         does not fit in int64_t grosze (about ±92 233 720 368 547 758 zł)
 */
CUS_EXTERN(int) cus_money_parse(const char *s, int64_t *grosze) CUS_WARN_UNUSED;

/**
 * Format grosze as Polish display text, as ICU's pl_PL currency format does:
 * "1 234 567,89 zł", "-0,50 zł", "1 234,00 zł" — thousands grouped by U+00A0
 * (no-break space, also before "zł"; groups start at four digits), a decimal
 * comma, always two decimals, a leading '-' for negative amounts. Exact
 * integer arithmetic; every int64_t value can be formatted and parses back
 * with cus_money_parse() to the same value.
 *
 * @param[out] buf  the text, NUL-terminated UTF-8
 * @param size      bytes available in buf; CUS_MONEY_FORMAT_MAX is always
 *                  enough
 * @param grosze    the amount
 * @return the length of the text in bytes (without the NUL); CUS_EINVAL
 *         (field "buf") when buf is NULL or too small (buf then holds "" if
 *         size > 0)
 */
CUS_EXTERN(int) cus_money_format(char *buf, size_t size, int64_t grosze);

#ifdef __cplusplus
}
#endif
#endif
