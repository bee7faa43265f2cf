/*
 * libcus — reports: a report definition (YAML, reports/NAME.yaml) and a period
 * turned into an XLSX workbook.
 *
 * A definition (docs/REPORTS.md) names the report, its title and notes in
 * Polish, its audience ("internal" or "public"), the kinds of period it is
 * for, and its sheets; each sheet holds blocks: text, tables of indicators or
 * ad hoc measures broken down by dimensions (rows and columns), budget
 * breakdowns (plan against execution by source, project, classification,
 * area or service), the structure of spending or financing, lists of
 * indicators grouped by evaluation criterion, each table optionally with a
 * native chart (column, bar, pie, line) and a comparison with the previous
 * period. A new report is a new YAML file: nothing in C names a report.
 *
 * Every workbook has a cover sheet ("Okładka": period, generation time,
 * policy version and hash, the SHA-256 of the data snapshot), the sheets of
 * the definition and a "Metodologia" sheet (the policy's indicators, the
 * counting rules, suppression). Money is written from grosze in zł with a
 * Polish format, dates as dd.mm.yyyy, every cell of text as text (a text
 * beginning with =, +, - or @ is never a formula).
 *
 * Public reports (audience "public", the council's version in BIP) hold
 * aggregates only and every table of counts is protected with cus_sdc
 * (primary and secondary suppression, one pattern across the periods a table
 * shows): a suppressed cell is written as "x" and explained in a note.
 *
 * The data snapshot hash is SHA-256 over a canonical encoding of every
 * computed cell as published (docs/REPORTS.md, "The snapshot hash"): the
 * same data and policy give the same cells and the same hash; a suppressed
 * cell enters it as "x", never with its value.
 *
 * Errors: module "report"; a definition error is CUS_EINVAL with its line,
 * column and key path (field), and a message "FILE:LINE:COLUMN: KEY: what".
 */
#ifndef CUS_REPORT_H
#define CUS_REPORT_H

#include "common.h"
#include "access.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A parsed and validated report definition. Opaque. */
typedef struct cus_report_def cus_report_def;

/**
 * Read and validate a definition file (UTF-8 YAML, at most 1 MiB).
 * @param[out] out  release with cus_report_def_free()
 * @return 0; CUS_EINVAL (with line, column and key path); CUS_ENOTFOUND;
 *         CUS_EIO; CUS_ENOMEM
 */
CUS_EXTERN(int) cus_report_def_load(cus_report_def **out, const char *path);

/**
 * Validate a definition held in memory; source names it in messages.
 * @return as cus_report_def_load()
 */
CUS_EXTERN(int) cus_report_def_parse(cus_report_def **out, const char *source, const char *yaml, size_t len);

/** Release a definition. Accepts NULL. */
CUS_EXTERN(void) cus_report_def_free(cus_report_def *d);

/** The definition's code ("director-semiannual"), title (Polish) and audience
 *  ("internal" or "public"). Strings belong to the definition. */
CUS_EXTERN(const char *) cus_report_def_code(const cus_report_def *d);
CUS_EXTERN(const char *) cus_report_def_title(const cus_report_def *d);
CUS_EXTERN(const char *) cus_report_def_audience(const cus_report_def *d);
/** The number of sheets the definition declares (the cover and "Metodologia"
 *  are added to them). */
CUS_EXTERN(size_t) cus_report_def_sheet_count(const cus_report_def *d);

/**
 * Where the definition of a named report is: the installed
 * ${datadir}/cus/reports/NAME.yaml when it exists, else the source tree's
 * reports/NAME.yaml.
 * @param name  [a-z0-9-], 1-64 characters
 * @return 0 (buf holds the path); CUS_EINVAL (field "name"; or "buf" when
 *         size is too small)
 */
CUS_EXTERN(int) cus_report_path(char *buf, size_t size, const char *name);

/** Progress: done of total steps; what is a short English label. */
typedef void (*cus_report_progress_fn)(void *ctx, size_t done, size_t total, const char *what);

#define CUS_REPORT_OPTIONS_VERSION 1

typedef struct {
	unsigned int version;          /**< CUS_REPORT_OPTIONS_VERSION */
	/** the definition file; NULL: the named report's (cus_report_path()) */
	const char *definition;
	cus_report_progress_fn progress;   /**< or NULL */
	void *progress_ctx;
	/** write libxlsxwriter's constant-memory workbook (default 1) */
	int constant_memory;
} cus_report_options;

#define CUS_REPORT_OPTIONS_INIT { CUS_REPORT_OPTIONS_VERSION, NULL, NULL, NULL, 1 }

/** What a generation wrote. */
typedef struct {
	char code[72];                /**< the definition's code */
	char period[8];               /**< canonical period */
	char snapshot_sha256[65];     /**< the data snapshot hash, 64 hex digits */
	char generated[21];           /**< UTC time, ISO 8601 */
	int64_t policy_version;
	size_t sheets;                /**< sheets written (cover and Metodologia included) */
	size_t tables;                /**< tables, budget and indicator blocks */
	size_t charts;
	size_t cells;                 /**< computed cells published */
	size_t suppressed;            /**< of them, written as "x" */
	int64_t bytes;                /**< size of the file */
} cus_report_result;

/**
 * Generate a report: compute every block of the definition for the period
 * (one audited operation "report.export" with read and export on "reports",
 * purpose the session's, e.g. "reporting"; blocks of budget data also need
 * read on "finance") and write the workbook to out_path (replaced when it
 * exists; removed again on failure).
 *
 * @param[out] result  optional
 * @param name     the report's name: its definition is cus_report_path(name)
 *                 unless opts->definition names a file; NULL with a definition
 * @param period   "2022H1", "2022", ... of a kind the definition allows
 * @return 0; CUS_EINVAL (the definition, with line and column; "period" for a
 *         period the report is not for; "name"; a definition that does not fit
 *         the active policy: unknown indicator, measure or breakdown, with the
 *         definition's line); CUS_ENOTFOUND (no definition file); CUS_EDENIED
 *         (audited); CUS_EIO (the workbook could not be written)
 */
CUS_EXTERN(int) cus_report_generate(cus_report_result *result, cus_session *s, const char *name,
	const char *period, const char *out_path, const cus_report_options *opts);

#ifdef __cplusplus
}
#endif
#endif
