/*
 * cus_import_applications(): applications (wnioski) from a CSV file, on the
 * import engine (importer.h). The check validates each row as
 * cus_application_add() would without the database; the store pass resolves
 * PESELs (a blind index bucket at a time), checks the persons exist and
 * inserts through cus__application_insert. With list_all, a file the check
 * finds bad rows in is still run through the store pass (rolled back), so a
 * person who does not exist is listed beside a bad date.
 */
#include <stdlib.h>
#include <string.h>

#include "importer.h"
#include "person_ref.h"
#include "../cases/cases.h"

enum { A_PERSON, A_PESEL, A_SERVICE, A_DATE, A_APPLICANT, A_REPRESENTATIVE, A_DECLARATION, A_DURATION, A_COUNT };

static const char *const field_name[A_COUNT] = { "person", "pesel", "service", "date", "applicant",
	"representative", "declaration_date", "duration_months" };

static const cus__import_alias aliases[] = {
	{ "osoba", A_PERSON }, { "person_id", A_PERSON }, { "id_osoby", A_PERSON }, { "usluga", A_SERVICE },
	{ "data", A_DATE }, { "data_wniosku", A_DATE }, { "wnioskodawca", A_APPLICANT },
	{ "przedstawiciel", A_REPRESENTATIVE }, { "data_oswiadczenia", A_DECLARATION },
	{ "okres_miesiace", A_DURATION }, { "okres", A_DURATION },
};

typedef struct {
	cus__person_ref ref;     /* first: person_ref.c takes the state for it */
	char dates[2][11];
	int64_t stored;
} apps_ctx;

/* The input of a row, checked as far as it can be without the database. 0
 * and *in; 1 when bad (reported when report is set); < 0 a failure. */
static int app_row(cus__import *im, const char *const *v, cus_application_input *in, int report)
{
	apps_ctx *c = im->ctx;
	*in = (cus_application_input)CUS_APPLICATION_INPUT_INIT;
	int bad = cus__person_ref_parse(im, &c->ref, v, report, &in->person);
	if (bad < 0)
		return bad;
	in->service = v[A_SERVICE];
	in->date = v[A_DATE] ? cus__import_date(v[A_DATE], c->dates[0]) : NULL;
	in->applicant = v[A_APPLICANT];
	in->declaration_date = v[A_DECLARATION] ? cus__import_date(v[A_DECLARATION], c->dates[1]) : NULL;
	int rc = 0;
	long months = 0;
	if (v[A_REPRESENTATIVE] && cus__import_id(v[A_REPRESENTATIVE], &in->representative) != 0) {
		bad = 1;
		if (report)
			rc = cus__import_error(im, "representative", "is not a person id (a whole number above 0)");
	}
	if (!rc && v[A_DURATION]) {
		if (cus__import_int(v[A_DURATION], 0, 120, &months) == 0) {
			in->duration_months = (int)months;
		} else {
			bad = 1;
			if (report)
				rc = cus__import_error(im, "duration_months", "is not a whole number of months from 0 to 120");
		}
	}
	return rc ? rc : bad;
}

static int header(cus__import *im)
{
	static const int required[] = { A_SERVICE, A_DATE };
	return cus__person_ref_header(im, required, sizeof required / sizeof required[0]);
}

static int check(cus__import *im, const char *const *v)
{
	cus_application_input in;
	int rc = app_row(im, v, &in, 1);
	if (rc)
		return rc < 0 ? rc : 0;
	cus__application_fields f;
	rc = cus__application_validate(im->s, &in, &f);
	if (rc == CUS_EINVAL || rc == CUS_ENOTFOUND)
		return cus__import_error_last(im, NULL);
	return rc;
}

static int store(cus__import *im, const char *const *v)
{
	apps_ctx *c = im->ctx;
	cus_application_input in;
	cus__application_fields f;
	int rc = app_row(im, v, &in, 0);
	if (rc)
		return rc < 0 ? rc : CUS__IMPORT_ROW_BAD;
	rc = cus__application_validate(im->s, &in, &f);
	if (rc)
		return rc == CUS_EINVAL || rc == CUS_ENOTFOUND ? CUS__IMPORT_ROW_BAD : rc;
	if ((rc = cus__person_ref_resolve(im, &c->ref, v, &f.person)))
		return rc;
	if (f.representative && f.representative == f.person) { /* the PESEL named the representative */
		rc = cus__import_error(im, "representative", "must not be the person who would use the service");
		return rc ? rc : CUS__IMPORT_ROW_REJECTED;
	}
	int64_t id = 0;
	if ((rc = cus__application_insert(im->s, &f, &id)))
		return cus__import_reject(im, rc);
	c->stored++;
	return 0;
}

static const char *const categories[] = { "basic", NULL };

static const cus__import_spec spec = {
	.action = "application.import",
	.object = "application",
	.categories = categories,
	.categories_list = "basic",
	.fields = field_name,
	.nfields = A_COUNT,
	.aliases = aliases,
	.naliases = sizeof aliases / sizeof aliases[0],
	.known = "person (or pesel), service, date, applicant, representative, declaration_date, duration_months",
	.list_all = 1,
	.header = header,
	.check = check,
	.store = store,
	.store_end = cus__person_ref_store_end,
};

int cus_import_applications(cus_import_report **report, cus_session *s, const char *path,
	const cus_import_options *opts)
{
	apps_ctx c;
	memset(&c, 0, sizeof c);
	return cus__person_ref_run(report, s, path, opts, &spec, &c.ref, A_PERSON, A_PESEL);
}
