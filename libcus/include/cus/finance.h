/*
 * libcus — finance: projects, budget plan lines, expenditures, and the
 * breakdowns of plan against execution.
 *
 * Money is int64_t grosze everywhere (1 zł = 100 gr); every sum is exact and
 * every percentage is an integer number of basis points (1 % = 100 bp) rounded
 * half away from zero from exact integers. Totals are computed from the stored
 * rows, never added up from rounded cells, and reconcile to the grosz.
 *
 * The data category is "finance" (the policy decides who may read or write it
 * for which purpose: in the Milanówek policy the role finance reads and writes
 * for benefits, service_delivery and reporting, the director reads for
 * reporting). Every call that reads or writes finance data is one audited
 * operation (subject NULL; the detail names counts and codes, never a person).
 * A denied call is audited too and returns CUS_EDENIED.
 *
 * Codes: funding sources and services are the codes of the active policy
 * (sections funding_sources and services); a project is named by the code it
 * was added with.
 *
 * The Polish budget classification (klasyfikacja budżetowa):
 *  - dział (chapter): 3 digits, e.g. 852 (pomoc społeczna);
 *  - rozdział (section): 5 digits starting with its dział, e.g. 85228;
 *  - paragraf (paragraph): 4 digits, e.g. 4300. Its first digit: 3 marks
 *    "świadczenia na rzecz osób fizycznych" (benefits). Its fourth digit marks
 *    how an expenditure is financed: 0 no EU project, 7 EU funds, 8 state
 *    co-financing of an EU project, 9 the municipality's own contribution to
 *    an EU project (1-6 are accepted and not interpreted).
 * A line or expenditure whose paragraph ends in 7, 8 or 9 must name a project,
 * and its source must fit the digit: 7 a source of kind eu_project, 8 a state
 * source (state_budget, commissioned_task, government_programme), 9 an own
 * source (own_task, alcohol_fees). A source of kind eu_project needs a
 * paragraph ending in 7.
 *
 * Sums that should hold are checked, and a mismatch is reported with both
 * figures and their difference (cus_finance_mismatch):
 *  - a project's total cost = co-financing + own contribution;
 *  - when a project lists amounts per source: their sum = the total cost, the
 *    sum of its own sources (kinds own_task, alcohol_fees) = the own
 *    contribution, the sum of the others = the co-financing;
 *  - the plan lines of a project (over all years, stored and new) against its
 *    total cost: equal when the lines cover every year of the project's period
 *    (or the project has no period), otherwise not above it.
 * Without CUS_FINANCE_STRICT a mismatch is a warning kept in the report and
 * the data is stored; with it a mismatch is an error and nothing is stored.
 */
#ifndef CUS_FINANCE_H
#define CUS_FINANCE_H

#include "common.h"
#include "access.h"
#include "import.h"
#include "util.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Flags of the calls that check sums. */
#define CUS_FINANCE_STRICT 1u

/** CUS_FINANCE_STRICT, for bindings. */
CUS_EXTERN(unsigned) cus_finance_strict_flag(void);

/* ------------------------------------------------------------------------ */
/* Budget classification                                                     */
/* ------------------------------------------------------------------------ */

/** A validated classification: NUL-terminated digits. */
typedef struct {
	char dzial[4];     /**< "852" */
	char rozdzial[6];  /**< "85228" */
	char paragraf[5];  /**< "4300" */
} cus_classification;

/**
 * Check a classification given in parts.
 * @param[out] out  the parts, or NULL; cleared on failure
 * @return 0; CUS_EINVAL with field "dzial" (not 3 digits), "rozdzial" (not 5
 *         digits, or not starting with the dział) or "paragraf" (not 4 digits)
 */
CUS_EXTERN(int) cus_classification_check(cus_classification *out, const char *dzial, const char *rozdzial,
	const char *paragraf) CUS_WARN_UNUSED;

/**
 * Parse a classification written as one text: "852/85228/4300" (also with
 * '.', '-' or spaces between the parts, or "852 85228 §4300").
 * @return 0; CUS_EINVAL (field "classification" when the text has not three
 *         parts, else the field of the bad part as cus_classification_check())
 */
CUS_EXTERN(int) cus_classification_parse(cus_classification *out, const char *text) CUS_WARN_UNUSED;

/**
 * What the fourth digit of a paragraph says about the financing.
 * @return 0 (not EU), 7 (EU funds), 8 (state co-financing of an EU project),
 *         9 (own contribution to an EU project), the digit 1-6 (not
 *         interpreted); CUS_EINVAL (field "paragraf") when it is not 4 digits
 */
CUS_EXTERN(int) cus_paragraf_financing(const char *paragraf);

/* ------------------------------------------------------------------------ */
/* Sum checks and import reports                                             */
/* ------------------------------------------------------------------------ */

/** A sum that does not hold. */
typedef struct {
	int64_t line;          /**< line of the input (CSV row, YAML key) with the figure; 0 for stored data */
	const char *field;     /**< the figure checked: "total_cost", "co_financing", "own_contribution", "plan" */
	const char *project;   /**< the project's code */
	int64_t expected;      /**< the figure as given (e.g. the total cost), grosze */
	int64_t actual;        /**< the sum of its parts, grosze */
	int64_t difference;    /**< expected - actual */
	const char *message;   /**< English, with both amounts and the difference in Polish format */
	int error;             /**< 1 when it counted as an error (strict), 0 a warning */
} cus_finance_mismatch;

/** What an import or a checked add did, or why it did nothing. */
typedef struct {
	int64_t rows;               /**< data rows (CSV) or projects (YAML card: 1) read */
	int64_t imported;           /**< rows stored (0 when rejected) */
	size_t error_count;         /**< errors kept in errors[] */
	const cus_import_error *errors; /**< in input order (at most 1000 kept); line and field as in import.h
	                                     (YAML: the line of the key, field the key path) */
	size_t error_total;         /**< errors found, also those beyond the ones kept */
	size_t mismatch_count;      /**< sums that do not hold (warnings, or errors under strict) */
	const cus_finance_mismatch *mismatches;
	const char *encoding;       /**< CSV: "utf-8" or "cp1250"; YAML: "utf-8" */
	char delimiter;             /**< CSV: as used; YAML: 0 */
	int strict;                 /**< 1 when CUS_FINANCE_STRICT was given */
} cus_finance_report;

/** Release a report. Accepts NULL. */
CUS_EXTERN(void) cus_finance_report_free(cus_finance_report *r);

#define CUS_FINANCE_IMPORT_OPTIONS_VERSION 1

/** Options of the finance imports. */
typedef struct {
	unsigned int version;       /**< CUS_FINANCE_IMPORT_OPTIONS_VERSION */
	const char *encoding;       /**< "utf-8", "cp1250", or NULL: detect (import.h) */
	char delimiter;             /**< ';' or ',', or 0: detect */
	unsigned int flags;         /**< CUS_FINANCE_STRICT or 0 */
} cus_finance_import_options;

#define CUS_FINANCE_IMPORT_OPTIONS_INIT { CUS_FINANCE_IMPORT_OPTIONS_VERSION, NULL, 0, 0 }

/* ------------------------------------------------------------------------ */
/* Projects                                                                  */
/* ------------------------------------------------------------------------ */

/** A project's amount from one funding source. */
typedef struct {
	const char *source;    /**< a funding source code of the policy */
	int64_t amount;        /**< grosze, >= 0 */
} cus_project_source;

#define CUS_PROJECT_INPUT_VERSION 1

/** A new project. */
typedef struct {
	unsigned int version;       /**< CUS_PROJECT_INPUT_VERSION */
	const char *code;           /**< required: 1-64 of A-Z a-z 0-9 . _ / -, starting with a letter or digit */
	const char *name;           /**< required, at most 500 characters */
	const char *programme;      /**< optional: the operational programme ("RPO WM 2014-2020") */
	const char *measure;        /**< optional: priority axis / measure ("Działanie 9.2") */
	const char *period_from;    /**< optional YYYY-MM-DD */
	const char *period_to;      /**< optional YYYY-MM-DD, not before period_from */
	int64_t total_cost;         /**< grosze, >= 0 */
	int64_t co_financing;       /**< grosze, >= 0 (dofinansowanie) */
	int64_t own_contribution;   /**< grosze, >= 0 (wkład własny) */
	const cus_project_source *sources; /**< optional amounts per source (each source at most once) */
	size_t nsources;
} cus_project_input;

#define CUS_PROJECT_INPUT_INIT { CUS_PROJECT_INPUT_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, 0, NULL, 0 }

/** A stored project. Strings are never NULL except the optional ones. */
typedef struct {
	int64_t id;
	const char *code, *name;
	const char *programme, *measure;      /**< or NULL */
	const char *period_from, *period_to;  /**< or NULL */
	int64_t total_cost, co_financing, own_contribution;
	/** co_financing / total_cost in basis points (8000 = 80 %), rounded half
	 * up; -1 when the total is 0 */
	int64_t co_financing_bp;
	const cus_project_source *sources;    /**< in the order added */
	size_t nsources;
	int64_t planned;    /**< the sum of its plan lines, all years */
	int64_t spent;      /**< the sum of its expenditures, all dates */
	const char *created_by, *created;
} cus_project;

typedef struct cus_project_iter cus_project_iter;

/**
 * Add a project. Needs write on "finance".
 *
 * @param[out] report  optional (NULL: not wanted): the mismatches found (see
 *                     the top of this file), also on failure; release with
 *                     cus_finance_report_free()
 * @param flags        CUS_FINANCE_STRICT: a mismatch is an error
 * @param[out] id      the new project's id, or NULL
 * @return 0; CUS_EINVAL naming the field ("code", "name", "period_from",
 *         "period_to", "total_cost", "co_financing", "own_contribution",
 *         "sources[i].source" for a source the policy does not define or given
 *         twice, "sources[i].amount"), or, under strict, the first mismatch's
 *         field; CUS_EEXISTS (field "code"); CUS_EDENIED (audited)
 */
CUS_EXTERN(int) cus_project_add(cus_finance_report **report, cus_session *s, const cus_project_input *in,
	unsigned flags, int64_t *id);

/**
 * One project by code. Needs read on "finance".
 * @param[out] out  release with cus_project_free()
 * @return 0; CUS_ENOTFOUND (field "project"); CUS_EDENIED
 */
CUS_EXTERN(int) cus_project_get(cus_project **out, cus_session *s, const char *code);
CUS_EXTERN(void) cus_project_free(cus_project *p);

/** Every project, by code. Needs read on "finance". @return 0; CUS_EDENIED */
CUS_EXTERN(int) cus_project_list(cus_project_iter **out, cus_session *s);
/** @return 0 (*out valid until the next call or the free); CUS_ITEROVER */
CUS_EXTERN(int) cus_project_next(const cus_project **out, cus_project_iter *it);
CUS_EXTERN(void) cus_project_iter_free(cus_project_iter *it);

/**
 * Import projects from a CSV file (import.h: encodings, delimiters, quoting,
 * atomicity). Columns (header names, case and accents ignored; Polish names
 * in brackets): code (kod), name (nazwa), programme (program), measure
 * (dzialanie), period_from (od), period_to (do), total_cost
 * (koszt_calkowity), co_financing (dofinansowanie), own_contribution
 * (wklad_wlasny), and one column per funding source named by its policy code
 * holding the project's amount from it (empty: none). code, name and
 * total_cost are required columns. Amounts as cus_money_parse() takes them,
 * dates YYYY-MM-DD or D.M.YYYY.
 *
 * Every row is checked and every bad value listed (line, field, reason); a
 * code given twice in the file or already stored is an error. Mismatches are
 * warnings in the report, or errors with CUS_FINANCE_STRICT. Only when no
 * error remains are all rows stored, in one audited operation
 * ("project.import").
 *
 * @param[out] report  set whenever report is not NULL (NULL only when out of
 *                     memory); release with cus_finance_report_free()
 * @return 0; CUS_EINVAL (the report lists the errors; nothing stored);
 *         CUS_EDENIED (audited, the file is not read); CUS_ENOTFOUND; CUS_EIO
 */
CUS_EXTERN(int) cus_project_import(cus_finance_report **report, cus_session *s, const char *path,
	const cus_finance_import_options *opts);

/**
 * Import a project card in YAML (docs/FORMAT.md, "Finance"): a mapping with
 * code, name, programme, measure, period_from, period_to, total_cost,
 * co_financing, own_contribution (amounts as text, "1 565 618,69 zł" or
 * plain numbers), sources (a mapping source code: amount) and plan (a list
 * of plan lines {year, classification or dzial/rozdzial/paragraf, source,
 * service, amount, note}). Errors name line, column and key path
 * ("sources.eu_rus2"); mismatches are checked as for the CSV import (also
 * the card's plan lines against its total). Stored (project and plan lines)
 * in one audited operation ("project.import") only when nothing is wrong.
 *
 * @return as cus_project_import(); the YAML parse errors (syntax, unknown
 *         keys) are listed in the report with their line
 */
CUS_EXTERN(int) cus_project_import_card(cus_finance_report **report, cus_session *s, const char *path,
	unsigned flags);

/* ------------------------------------------------------------------------ */
/* Budget plan lines                                                         */
/* ------------------------------------------------------------------------ */

#define CUS_BUDGET_LINE_INPUT_VERSION 1

/** A line of the annual financial plan. */
typedef struct {
	unsigned int version;       /**< CUS_BUDGET_LINE_INPUT_VERSION */
	int year;                   /**< 1990-9999 */
	const char *dzial, *rozdzial, *paragraf; /**< the classification */
	const char *source;         /**< required funding source code */
	const char *project;        /**< optional project code */
	const char *service;        /**< optional service code (plan of a service) */
	int64_t amount;             /**< grosze; negative for a plan reduction */
	const char *note;           /**< optional, at most 500 characters */
} cus_budget_line_input;

#define CUS_BUDGET_LINE_INPUT_INIT { CUS_BUDGET_LINE_INPUT_VERSION, 0, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL }

typedef struct {
	int64_t id;
	int year;
	const char *dzial, *rozdzial, *paragraf, *source;
	const char *project, *service, *note;  /**< or NULL */
	int64_t amount;
	const char *created_by, *created;
} cus_budget_line;

typedef struct cus_budget_line_iter cus_budget_line_iter;

/**
 * Add a plan line. Needs write on "finance". With a project, its plan lines
 * are checked against its total (report, flags as for cus_project_add()).
 * @return 0; CUS_EINVAL naming the field ("year", "dzial", "rozdzial",
 *         "paragraf", "source", "project", "service", "amount", "note");
 *         CUS_EDENIED
 */
CUS_EXTERN(int) cus_budget_line_add(cus_finance_report **report, cus_session *s,
	const cus_budget_line_input *in, unsigned flags, int64_t *id);

/**
 * Plan lines of a year (0: every year) and of a project (NULL: any), by
 * year, classification and id. Needs read on "finance".
 * @return 0; CUS_ENOTFOUND (field "project"); CUS_EDENIED
 */
CUS_EXTERN(int) cus_budget_line_list(cus_budget_line_iter **out, cus_session *s, int year, const char *project);
CUS_EXTERN(int) cus_budget_line_next(const cus_budget_line **out, cus_budget_line_iter *it);
CUS_EXTERN(void) cus_budget_line_iter_free(cus_budget_line_iter *it);

/**
 * Import plan lines from CSV. Columns: year (rok), dzial, rozdzial, paragraf
 * — or classification (klasyfikacja) "852/85228/4300" instead of the three —,
 * source (zrodlo), project (projekt), service (usluga), amount (kwota), note
 * (uwagi). year, the classification, source and amount are required. The
 * plan lines of each project named are checked against its total (stored
 * lines and those of the file together). Otherwise as cus_project_import()
 * (action "budget_line.import").
 */
CUS_EXTERN(int) cus_budget_line_import(cus_finance_report **report, cus_session *s, const char *path,
	const cus_finance_import_options *opts);

/* ------------------------------------------------------------------------ */
/* Expenditures                                                              */
/* ------------------------------------------------------------------------ */

#define CUS_EXPENDITURE_INPUT_VERSION 1

/** An expenditure (wydatek) as booked. */
typedef struct {
	unsigned int version;       /**< CUS_EXPENDITURE_INPUT_VERSION */
	const char *date;           /**< YYYY-MM-DD */
	const char *dzial, *rozdzial, *paragraf;
	const char *source;         /**< required funding source code */
	const char *project;        /**< optional project code */
	const char *service;        /**< optional service code: the service the money paid for */
	int64_t amount;             /**< grosze, not 0; negative for a correction or refund */
	const char *document;       /**< optional document number, at most 200 characters */
} cus_expenditure_input;

#define CUS_EXPENDITURE_INPUT_INIT { CUS_EXPENDITURE_INPUT_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL }

typedef struct {
	int64_t id;
	const char *date, *dzial, *rozdzial, *paragraf, *source;
	const char *project, *service, *document;  /**< or NULL */
	int64_t amount;
	const char *created_by, *created;
} cus_expenditure;

typedef struct cus_expenditure_iter cus_expenditure_iter;

/**
 * Add an expenditure. Needs write on "finance".
 * @return 0; CUS_EINVAL naming the field ("date", "dzial", "rozdzial",
 *         "paragraf", "source", "project", "service", "amount", "document");
 *         CUS_EDENIED
 */
CUS_EXTERN(int) cus_expenditure_add(cus_session *s, const cus_expenditure_input *in, int64_t *id);

/**
 * Expenditures in a period ("2022", "2022H1", "2022Q3", "2022-03"; NULL:
 * all) of a project (NULL: any), by date and id. Needs read on "finance".
 * @return 0; CUS_EINVAL (field "period"); CUS_ENOTFOUND (field "project");
 *         CUS_EDENIED
 */
CUS_EXTERN(int) cus_expenditure_list(cus_expenditure_iter **out, cus_session *s, const char *period,
	const char *project);
CUS_EXTERN(int) cus_expenditure_next(const cus_expenditure **out, cus_expenditure_iter *it);
CUS_EXTERN(void) cus_expenditure_iter_free(cus_expenditure_iter *it);

/**
 * Import expenditures from CSV. Columns: date (data), dzial, rozdzial,
 * paragraf or classification (klasyfikacja), source (zrodlo), project
 * (projekt), service (usluga), amount (kwota), document (dokument,
 * nr_dokumentu). date, the classification, source and amount are required.
 * Otherwise as cus_project_import() (action "expenditure.import"); there are
 * no sums to check.
 */
CUS_EXTERN(int) cus_expenditure_import(cus_finance_report **report, cus_session *s, const char *path,
	const cus_finance_import_options *opts);

/* ------------------------------------------------------------------------ */
/* Breakdowns: plan against execution                                        */
/* ------------------------------------------------------------------------ */

/** What a breakdown's rows are. Values are stable. */
typedef enum {
	CUS_BUDGET_BY_SOURCE = 1,          /**< funding source */
	CUS_BUDGET_BY_PROJECT = 2,         /**< project ("" for money of no project) */
	CUS_BUDGET_BY_CLASSIFICATION = 3,  /**< dział, rozdział and paragraf rows, nested */
	CUS_BUDGET_BY_AREA = 4,            /**< service area, through the service ("" for none) */
	CUS_BUDGET_BY_SERVICE = 5,         /**< service ("" for none) */
	CUS_BUDGET_BY_DZIAL = 6,           /**< dział rows only */
	CUS_BUDGET_BY_ROZDZIAL = 7,        /**< rozdział rows only */
	CUS_BUDGET_BY_PARAGRAF = 8         /**< paragraf rows only (across rozdziały) */
} cus_budget_by;

/**
 * The code of a breakdown ("source", "project", "classification", "area",
 * "service", "dzial", "rozdzial", "paragraf"), or NULL for another value.
 */
CUS_EXTERN(const char *) cus_budget_by_name(int by);
/** The breakdown of a code; CUS_EINVAL (field "by") for an unknown one. */
CUS_EXTERN(int) cus_budget_by_parse(const char *name);

/** One row of a breakdown, or its total. */
typedef struct {
	const char *key;        /**< source / project / service / area code, classification digits
	                             ("852", "85228", "4300"); "" for money without one */
	const char *name;       /**< its name (policy, project) or NULL */
	int level;              /**< classification: 1 dział, 2 rozdział, 3 paragraf; else 0 */
	const char *parent;     /**< classification level 2-3: the key of the row above; else NULL */
	int64_t plan;           /**< plan of the period's year, grosze */
	int64_t executed;       /**< expenditures dated in the period, grosze */
	/** executed / plan in basis points (10000 = 100 %), rounded half away
	 * from zero; -1 when the plan is 0 */
	int64_t executed_bp;
	/** service and area rows (and the total of those breakdowns): persons
	 * with at least one delivery of the service (of a service of the area)
	 * in the period, counted once; -1 for other breakdowns */
	int64_t beneficiaries;
	/** service and area rows: the sum of the deliveries' units; -1 otherwise */
	int64_t units;
	/** executed / beneficiaries in grosze, rounded half away from zero; -1
	 * when not defined (no beneficiaries, other breakdowns) */
	int64_t cost_per_beneficiary;
	/** service rows only: executed / units in grosze, rounded; -1 otherwise
	 * (units of different services are not added) */
	int64_t cost_per_unit;
} cus_budget_row;

/** The structure of spending or financing: plan and execution of a part. */
typedef struct {
	const char *key;        /**< "benefits", "services", "upkeep"; "own", "commissioned", "external", "other" */
	int64_t plan, executed;
	int64_t plan_share_bp;      /**< plan / total plan, bp, -1 when the total is 0 */
	int64_t executed_share_bp;  /**< executed / total executed, bp, -1 when the total is 0 */
} cus_budget_part;

/**
 * A breakdown for a period.
 *
 * The plan of a period is the plan of its year, whatever its length: plan
 * lines are annual, so "2022Q3" shows the plan of 2022 against the
 * expenditures dated in July-September 2022 (% executed is then the part of
 * the year's plan used in the quarter). Execution is the sum of the
 * expenditures dated within the period.
 *
 * Spending (parts "benefits", "services", "upkeep", in that order): an
 * expenditure or plan line in a paragraph 3xxx (świadczenia na rzecz osób
 * fizycznych) is benefits; else one attributed to a service is services;
 * the rest is upkeep. Financing (parts "own", "commissioned", "external",
 * "other"): by the kind of the funding source in the active policy — own:
 * own_task, alcohol_fees; commissioned: commissioned_task, state_budget,
 * government_programme; external: eu_project; other: a source the active
 * policy no longer defines.
 */
typedef struct {
	cus_period period;
	int by;                          /**< a cus_budget_by */
	size_t nrows;
	const cus_budget_row *rows;      /**< by key (classification: nested in order), "" last */
	cus_budget_row total;            /**< over all the data, computed directly */
	cus_budget_part spending[3];
	cus_budget_part financing[4];
	size_t mismatch_count;           /**< sums of the stored projects that do not hold */
	const cus_finance_mismatch *mismatches;
} cus_budget_report;

/**
 * Compute a breakdown. Needs read on "finance"; audited ("budget.report",
 * detail: the period and breakdown). The rows of every breakdown add up to
 * the total (per level for the classification) — checked; a difference is
 * CUS_EINTEGRITY. Cost per beneficiary and per unit read the deliveries
 * (case work) as plain counts and sums: no personal data leaves them.
 *
 * @param period  "2022", "2022H1", "2022Q3", "2022-03"
 * @param by      a cus_budget_by
 * @param flags   CUS_FINANCE_STRICT: a mismatch in the stored projects'
 *                sums is an error (the report is still returned with them)
 * @return 0; CUS_EINVAL (field "period", "by"; or, under strict, the first
 *         mismatch's field); CUS_EDENIED (audited)
 */
CUS_EXTERN(int) cus_budget_report_get(cus_budget_report **out, cus_session *s, const char *period, int by,
	unsigned flags);
CUS_EXTERN(void) cus_budget_report_free(cus_budget_report *r);

/**
 * executed / plan in basis points, as the breakdowns compute it: rounded
 * half away from zero from exact integers; -1 when plan is 0.
 */
CUS_EXTERN(int64_t) cus_finance_ratio_bp(int64_t part, int64_t whole);

#ifdef __cplusplus
}
#endif
#endif
