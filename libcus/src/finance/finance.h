/* Internal finance module: validated inputs, sum checks, reports. The public
 * side is cus/finance.h; docs/FORMAT.md, "Finance", specifies the tables. */
#ifndef CUS_FINANCE_FINANCE_H
#define CUS_FINANCE_FINANCE_H

#include "cus/finance.h"
#include "../access/access.h"
#include "../policy/policy.h"

/* The schema of the finance tables (migration 7 in store/migrations.c). */
CUS__HIDDEN extern const char cus__schema_finance[];

#define FIN__CODE_MAX 64
#define FIN__NAME_MAX 500
#define FIN__NOTE_MAX 500
#define FIN__DOC_MAX 200
#define FIN__YEAR_MIN 1990
#define FIN__YEAR_MAX 9999

/* ---- a report being built (report.c) ---- */

typedef struct {
	cus_finance_report pub;   /* first: the caller holds &pub */
	cus_import_error *errs;
	size_t ecap;
	cus_finance_mismatch *mm;
	size_t mcap;
} fin__report;

CUS__HIDDEN fin__report *fin__report_new(unsigned flags);
CUS__HIDDEN int fin__report_error(fin__report *r, int64_t line, const char *field, const char *message);
/* Copy the errors of an engine report. */
CUS__HIDDEN int fin__report_take(fin__report *r, const cus_import_report *from);

/* A list of mismatches (also kept by a report: pub.mismatches). */
typedef struct {
	cus_finance_mismatch *items;
	size_t n, cap;
} fin__mismatches;

CUS__HIDDEN int fin__mismatch_add(fin__mismatches *m, int64_t line, const char *field, const char *project,
	int64_t expected, int64_t actual, const char *expected_what, const char *actual_what, int error);
CUS__HIDDEN void fin__mismatches_free(fin__mismatches *m);
/* Move the mismatches into the report (m is left empty). */
CUS__HIDDEN int fin__report_mismatches(fin__report *r, fin__mismatches *m);
/* The error a strict call returns for its first mismatch (CUS_EINVAL). */
CUS__HIDDEN int fin__mismatch_error(const cus_finance_mismatch *m);

/* "1 234,56 zł" into buf (CUS_MONEY_FORMAT_MAX). */
CUS__HIDDEN const char *fin__money(char *buf, int64_t v);

/* ---- validation (validate.c) ---- */

CUS__HIDDEN int fin__policy(cus_session *s, const cus__policy **p);
CUS__HIDDEN int fin__code_valid(const char *code);
/* Optional text: normalised into *out (NULL when absent or empty). */
CUS__HIDDEN int fin__text(char **out, const char *in, size_t max, const char *field, int required);
/* A funding source / service of the policy (field named in the error). */
CUS__HIDDEN int fin__source(const cus__policy *p, const char *code, const char *field,
	const cus__funding_source **out);
CUS__HIDDEN int fin__service(const cus__policy *p, const char *code, const char *field, const cus__service **out);
/* Own (own_task, alcohol_fees) 1; state (commissioned_task, state_budget,
 * government_programme) 2; EU 3. */
CUS__HIDDEN int fin__kind_group(cus__funding_kind k);
/* The paragraph's fourth digit against the source and project. */
CUS__HIDDEN int fin__paragraf_fits(const char *paragraf, const cus__funding_source *src, int has_project,
	const char *field);

typedef struct {
	char *code, *name, *programme, *measure;
	char period_from[11], period_to[11];   /* "" when absent */
	int64_t total, cof, own;
	struct fin__psrc {
		const cus__funding_source *src;
		int64_t amount;
	} *sources;
	size_t nsources;
} fin__project_fields;

CUS__HIDDEN int fin__project_validate(const cus__policy *p, const cus_project_input *in, fin__project_fields *f);
CUS__HIDDEN void fin__project_fields_free(fin__project_fields *f);
/* The project's sums (mismatches with line, error = strict). */
/* src[i].src may be NULL (a stored source the policy no longer has: not own). */
CUS__HIDDEN int fin__project_sums(fin__mismatches *m, const char *code, int64_t total, int64_t cof, int64_t own,
	const struct fin__psrc *src, size_t nsrc, int64_t line, int strict);

/* A project as the ledger needs it. */
typedef struct {
	int64_t id;
	int64_t total;
	int year_from, year_to;     /* 0 when no period */
	char **sources;             /* its per-source codes (NULL-terminated), or NULL when none */
} fin__project_ref;

/* CUS_EINVAL (field) when there is no such project. */
CUS__HIDDEN int fin__project_find(cus_db *db, const char *code, const char *field, fin__project_ref *out);
CUS__HIDDEN void fin__project_ref_free(fin__project_ref *r);

typedef struct {
	int year;
	char date[11];              /* expenditures */
	cus_classification cls;
	const cus__funding_source *src;
	char *project;              /* code, or NULL */
	int64_t project_id;         /* 0: none */
	const cus__service *service;
	int64_t amount;
	char *note;                 /* note (line) or document (expenditure) */
} fin__entry;

/* Validate a plan line / an expenditure; with db, also resolve the project
 * (field "project") and check that the source is one of its sources. */
CUS__HIDDEN int fin__line_validate(const cus__policy *p, cus_db *db, const cus_budget_line_input *in,
	fin__entry *e);
CUS__HIDDEN int fin__expenditure_validate(const cus__policy *p, cus_db *db, const cus_expenditure_input *in,
	fin__entry *e);
CUS__HIDDEN void fin__entry_free(fin__entry *e);

/* ---- storing (ledger.c, project.c) ---- */

CUS__HIDDEN int fin__project_insert(cus_session *s, const fin__project_fields *f, int64_t *id);
CUS__HIDDEN int fin__line_insert(cus_session *s, const fin__entry *e, int64_t *id);
CUS__HIDDEN int fin__expenditure_insert(cus_session *s, const fin__entry *e, int64_t *id);

/* The plan lines of a stored project against its total (see finance.h). */
CUS__HIDDEN int fin__plan_check(fin__mismatches *m, cus_db *db, int64_t project_id, int64_t line, int strict);

/* Every stored project's sums and plan (budget report). */
CUS__HIDDEN int fin__stored_checks(fin__mismatches *m, cus_session *s, const cus__policy *p, int strict);

/* cus_budget_report_get() inside an operation the caller holds (the report
 * module): no audit entry of its own, sum checks as warnings only. */
CUS__HIDDEN int fin__budget_report_run(cus_budget_report **out, cus_session *s, const char *period, int by);

#endif
