/*
 * libcus — importing CSV files.
 *
 * Files exported by Polish Excel are CP1250 with ';'; others are UTF-8 with
 * ','. Both work, and both are detected when not given. The first row names
 * the columns. An import is atomic: every row is validated first, and any bad
 * row rejects the whole file with every bad row listed ("line N: field:
 * reason"); nothing is stored. One audit entry records the import and its
 * row count.
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
	/** Called now and then with rows done and rows in all (may be NULL). */
	void (*progress)(void *ctx, uint64_t done, uint64_t total);
	void *progress_ctx;
} cus_import_options;

#define CUS_IMPORT_OPTIONS_INIT { CUS_IMPORT_OPTIONS_VERSION, NULL, 0, NULL, NULL }

/** One rejected value. */
typedef struct {
	int64_t line;               /**< line of the file (the header is line 1) */
	const char *field;          /**< column name */
	const char *message;        /**< why; never the value itself */
} cus_import_error;

/** What an import did, or why it did nothing. */
typedef struct {
	int64_t rows;               /**< data rows read */
	int64_t imported;           /**< rows stored (0 when rejected) */
	size_t error_count;
	const cus_import_error *errors; /**< in file order (at most 1000 are kept) */
	const char *encoding;       /**< as used: "utf-8" or "cp1250" */
	char delimiter;             /**< as used */
} cus_import_report;

/**
 * Import persons from a CSV file. Columns (header names, any order; unknown
 * columns are an error): pesel, first_names (or first_name), last_name,
 * birth_date, sex, address, phone, email, financial, teryt, registered.
 * @param[out] report  filled also on CUS_EINVAL; release with cus_import_report_free()
 * @return 0; CUS_EINVAL when any row is bad (see the report; nothing stored);
 *         CUS_ENOTFOUND; CUS_EIO; CUS_EDENIED
 */
CUS_EXTERN(int) cus_import_persons(cus_import_report **report, cus_session *s, const char *path,
	const cus_import_options *opts);

CUS_EXTERN(void) cus_import_report_free(cus_import_report *r);

#ifdef __cplusplus
}
#endif
#endif
