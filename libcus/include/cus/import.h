/*
 * libcus — importing CSV files.
 *
 * Files exported by Polish Excel are CP1250 with ';'; others are UTF-8 with
 * ','. Both work, and both are detected when not given. The first row names
 * the columns. An import is atomic: every row is validated first, and any bad
 * row rejects the whole file with every bad row listed ("line N: field:
 * reason"); nothing is stored. One audit entry records the import and its
 * row count.
 *
 * The file format (RFC 4180, with the habits of spreadsheets):
 *  - fields are separated by the delimiter; rows end with CRLF, LF or CR;
 *  - a field may be quoted with '"': it may then hold delimiters and line
 *    breaks, and a '"' inside it is written twice ('""'); after the closing
 *    quote only a delimiter or the end of the row may follow;
 *  - a UTF-8 byte order mark at the start is skipped;
 *  - empty rows (also rows of empty fields only, ";;;") are skipped;
 *  - spaces and tabs around a value are ignored, and an empty value is a
 *    value not given;
 *  - line numbers in errors are those an editor shows: the line where the row
 *    starts, counting the line breaks inside quoted fields.
 *
 * Encoding, when not given: UTF-8 when the whole file is valid UTF-8, else
 * CP1250. Delimiter, when not given: the more frequent of ';' and ',' in the
 * header row (outside quotes), ';' on a tie.
 *
 * The file is read as a stream, three times (a scan, the check, the store), and
 * never held in memory whole; the import refuses a file that changes between
 * the passes (CUS_EIO, nothing stored).
 */
#ifndef CUS_IMPORT_H
#define CUS_IMPORT_H

#include "common.h"
#include "access.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CUS_IMPORT_OPTIONS_VERSION 1

typedef struct {
	unsigned int version;       /**< CUS_IMPORT_OPTIONS_VERSION */
	const char *encoding;       /**< "utf-8", "cp1250", or NULL: detect (valid UTF-8, else CP1250) */
	char delimiter;             /**< ';' or ',', or 0: detect from the header row */
	/**
	 * Called every 1000 rows and at the end of each pass (may be NULL): total
	 * is the number of data rows; done counts the rows checked, then, when
	 * every row is valid, starts again from 0 and counts the rows stored. The
	 * last call of a successful import has done == total.
	 */
	void (*progress)(void *ctx, uint64_t done, uint64_t total);
	void *progress_ctx;
} cus_import_options;

#define CUS_IMPORT_OPTIONS_INIT { CUS_IMPORT_OPTIONS_VERSION, NULL, 0, NULL, NULL }

/** One rejected value. */
typedef struct {
	int64_t line;               /**< line of the file where the row starts (the header is line 1) */
	const char *field;          /**< the person field ("pesel", "first_names", ...); "(header)" for a
	                                 header column that is unknown; "(row)" for a row as a whole (wrong
	                                 number of fields, a quote never closed, a value in an unnamed column) */
	const char *message;        /**< why; never the value itself */
} cus_import_error;

/** What an import did, or why it did nothing. */
typedef struct {
	int64_t rows;               /**< data rows read */
	int64_t imported;           /**< rows stored (0 when rejected) */
	size_t error_count;         /**< errors in errors[] */
	const cus_import_error *errors; /**< in file order (at most 1000 are kept) */
	const char *encoding;       /**< as used: "utf-8" or "cp1250" */
	char delimiter;             /**< as used */
	size_t error_total;         /**< errors found, also those beyond the 1000 kept */
} cus_import_report;

/**
 * Import persons from a CSV file.
 *
 * Columns (named by the header row in any order, case and accents ignored):
 * pesel, first_names, last_name, birth_date, sex, address, phone, email,
 * financial, teryt, registered — each at most once. Also accepted:
 * first_name, and the Polish imie / imiona, nazwisko, data_urodzenia, plec,
 * adres, telefon, e_mail, sytuacja_finansowa, data_rejestracji (a space or
 * '-' in a name counts as '_'). A column with no name (the empty column a
 * spreadsheet may add) is ignored as long as it holds no value.
 * first_names and last_name are required, and
 * pesel unless both birth_date and sex are there. A row gives each person's
 * values as cus_person_add() takes them, with these conveniences: a date may
 * also be written D.M.YYYY (Polish Excel); sex is M or F (or K, kobieta), any
 * case; a birth date or sex beside a PESEL must agree with it (and is then
 * left to the PESEL); an empty teryt is the policy's municipality.
 *
 * The session needs write on basic, contact and financial; that is checked
 * (and a denial audited) before the file is read. Then every row is checked
 * and every error listed in the report: header problems (an unknown or
 * repeated column, a missing required one) at the header's line;
 * for each bad row its line, field and reason (the values the import checks
 * itself — encoding, PESEL, sex, a date beside a PESEL — each get their own
 * error; a row that passes them gets the first error of cus_person_add()'s
 * validation; a row whose number of fields differs from the header's gets
 * one); a PESEL given twice in the file, at the later line. Only
 * when no row is bad are the rows stored, all in one transaction with one
 * audit entry (action "person.import", detail with the row count). A PESEL
 * already registered is found while storing: the rows with such a PESEL are
 * listed and nothing is stored either.
 *
 * @param[out] report  what was done or why not: set whenever report is not
 *                     NULL (also on failure, NULL only when out of memory);
 *                     release with cus_import_report_free()
 * @param s            the session
 * @param path         the file
 * @param opts         options (CUS_IMPORT_OPTIONS_INIT), or NULL for the defaults
 * @return 0 (report->imported == report->rows; a file with a header and no
 *         rows imports nothing, still audited);
 *         CUS_EINVAL when any row or the header is bad (report->errors lists
 *         them, nothing stored), or, with no errors in the report, for a bad
 *         argument (cus_error_last()->field: "report", "session", "path",
 *         "options", "encoding" or "delimiter");
 *         CUS_EDENIED (audited; the file is not read); CUS_ENOTFOUND when the
 *         file does not exist; CUS_EIO when it cannot be read, is not a
 *         regular file, or changed during the import; CUS_ENOMEM; or an
 *         error of the database while storing (nothing stored)
 */
CUS_EXTERN(int) cus_import_persons(cus_import_report **report, cus_session *s, const char *path,
	const cus_import_options *opts);

/** Release a report. Accepts NULL. */
CUS_EXTERN(void) cus_import_report_free(cus_import_report *r);

#ifdef __cplusplus
}
#endif
#endif
