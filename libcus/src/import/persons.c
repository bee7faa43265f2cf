/*
 * cus_import_persons(): a CSV file of persons, checked whole, then stored in
 * one audited operation, on the import engine (importer.h).
 *
 * The check pass validates each row with cus__person_validate and compares
 * the PESELs across the file; the store pass validates each row again and
 * inserts it through the registry's bulk path. Between rows only the PESELs
 * seen so far are kept (as 64-bit numbers, wiped at the end).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cus/policy.h"
#include "importer.h"
#include "../registry/registry.h"
#include "../util/u64map.h"

enum { F_PESEL, F_FIRST, F_LAST, F_BIRTH, F_SEX, F_ADDRESS, F_PHONE, F_EMAIL, F_FINANCIAL, F_TERYT,
	F_REGISTERED, F_COUNT };

static const char *const field_name[F_COUNT] = { "pesel", "first_names", "last_name", "birth_date", "sex",
	"address", "phone", "email", "financial", "teryt", "registered" };

/* Other names a header may use (compared after cus_text_search_key: case and
 * accents do not matter, spaces and dashes count as '_'). */
static const cus__import_alias aliases[] = {
	{ "first_name", F_FIRST }, { "imie", F_FIRST }, { "imiona", F_FIRST }, { "nazwisko", F_LAST },
	{ "data_urodzenia", F_BIRTH }, { "plec", F_SEX }, { "adres", F_ADDRESS }, { "telefon", F_PHONE },
	{ "e_mail", F_EMAIL }, { "sytuacja_finansowa", F_FINANCIAL }, { "data_rejestracji", F_REGISTERED },
};

typedef struct {
	char *teryt;             /* the policy's municipality, the default */
	char dates[2][11];       /* DD.MM.YYYY turned into YYYY-MM-DD */
	cus__u64map seen;        /* PESELs of the file (check pass) -> their line */
} persons_ctx;

/* Build the input of a row. 0: ready for the validator; 1: the row is bad
 * (reported when report is set); < 0: a failure. */
static int row_input(cus__import *im, const char *const *v, cus_person_input *in, int report)
{
	persons_ctx *c = im->ctx;
	int bad = 0, rc;
	*in = (cus_person_input)CUS_PERSON_INPUT_INIT;
	in->pesel = v[F_PESEL];
	in->first_names = v[F_FIRST];
	in->last_name = v[F_LAST];
	in->address = v[F_ADDRESS];
	in->phone = v[F_PHONE];
	in->email = v[F_EMAIL];
	in->financial = v[F_FINANCIAL];
	in->teryt = v[F_TERYT];
	in->birth_date = v[F_BIRTH] ? cus__import_date(v[F_BIRTH], c->dates[0]) : NULL;
	in->registered = v[F_REGISTERED] ? cus__import_date(v[F_REGISTERED], c->dates[1]) : NULL;
	if (v[F_SEX]) {
		const char *x = v[F_SEX];
		if (x[1] == '\0' && strchr("MmFfKk", x[0]))
			in->sex = (x[0] == 'M' || x[0] == 'm') ? 'M' : 'F';
		else {
			bad = 1;
			if (report && (rc = cus__import_error(im, "sex", "is neither M nor F (K)")))
				return rc;
		}
	}
	/* The PESEL first, for its precise reason. A birth date or sex beside it
	 * (spreadsheets often carry both) must agree with it, and is then left to
	 * the PESEL. */
	cus_pesel_info info;
	if (in->pesel && cus_pesel_check(in->pesel, &info) != 0) {
		bad = 1;
		if (report && (rc = cus__import_error(im, "pesel", cus_error_last()->message)))
			return rc;
	} else if (in->pesel && (in->birth_date || in->sex)) {
		if (in->birth_date && strcmp(in->birth_date, info.birth_date) != 0) {
			bad = 1;
			if (report && (rc = cus__import_error(im, "birth_date", "does not agree with the PESEL")))
				return rc;
		}
		if (in->sex && in->sex != info.sex) {
			bad = 1;
			if (report && (rc = cus__import_error(im, "sex", "does not agree with the PESEL")))
				return rc;
		}
		in->birth_date = NULL;
		in->sex = 0;
	}
	return bad;
}

static int start(cus__import *im)
{
	persons_ctx *c = im->ctx;
	cus_policy_info *pi = NULL;
	if (cus_policy_info_get(&pi, im->s->db, 0) == 0 && pi->teryt)
		c->teryt = strdup(pi->teryt);
	cus_policy_info_free(pi);
	return 0;
}

static int header(cus__import *im)
{
	static const int required[] = { F_FIRST, F_LAST };
	int bad = cus__import_require(im, required, 2), rc;
	if (bad < 0)
		return bad;
	if (!cus__import_has(im, F_PESEL) && (!cus__import_has(im, F_BIRTH) || !cus__import_has(im, F_SEX))) {
		bad = 1;
		if ((rc = cus__import_error(im, "pesel", "the header has no pesel column (nor birth_date and sex)")))
			return rc;
	}
	return bad;
}

/* The check of a row: validated, its PESEL compared with the earlier rows'. */
static int check(cus__import *im, const char *const *v)
{
	persons_ctx *c = im->ctx;
	cus_person_input in;
	int rc = row_input(im, v, &in, 1);
	if (rc)
		return rc < 0 ? rc : 0;
	cus__person_fields f = { 0 };
	int val = cus__person_validate(&in, c->teryt, &f);
	if (val == CUS_EINVAL) {
		rc = cus__import_error_last(im, NULL);
	} else if (val) { /* out of memory, ICU: not the row's fault */
		rc = val;
	} else if (f.pesel) {
		int64_t first = 0;
		rc = cus__u64map_put(&c->seen, cus__u64_digits_key(f.pesel), im->line, &first);
		if (rc == 1)
			rc = cus__import_errorf(im, "pesel", "the same PESEL as line %lld", (long long)first);
	}
	cus__person_fields_free(&f);
	return rc;
}

static int store_begin(cus__import *im)
{
	return cus__person_batch_begin(im->s);
}

static int store(cus__import *im, const char *const *v)
{
	persons_ctx *c = im->ctx;
	cus_person_input in;
	cus__person_fields f = { 0 };
	int rc = row_input(im, v, &in, 0);
	if (rc == 0 && (rc = cus__person_validate(&in, c->teryt, &f)) == CUS_EINVAL)
		rc = CUS__IMPORT_ROW_BAD;
	if (rc)
		return rc;
	int64_t id = 0;
	rc = cus__person_insert(im->s, &f, &id);
	cus__person_fields_free(&f);
	if (rc == CUS_EEXISTS) {
		rc = cus__import_error(im, "pesel", "a person with this PESEL is already registered");
		return rc ? rc : CUS__IMPORT_ROW_REJECTED;
	}
	return rc;
}

static int store_end(cus__import *im, int rc)
{
	int end = cus__person_batch_end(im->s, rc);
	return rc ? rc : end;
}

static int rejected(cus__import *im, int64_t n)
{
	(void)im;
	return cus__error(CUS_EINVAL, "import", "pesel", "%lld row%s of the file name%s a person already registered;"
		" nothing was imported", (long long)n, n == 1 ? "" : "s", n == 1 ? "s" : "");
}

static const char *const categories[] = { "basic", "contact", "financial", NULL };

static const cus__import_spec spec = {
	.action = "person.import",
	.object = "person",
	.categories = categories,
	.categories_list = "basic,contact,financial",
	.fields = field_name,
	.nfields = F_COUNT,
	.aliases = aliases,
	.naliases = sizeof aliases / sizeof aliases[0],
	.known = "pesel, first_names (or first_name), last_name, birth_date, sex, address, phone, email, "
		"financial, teryt, registered",
	.start = start,
	.header = header,
	.check = check,
	.store_begin = store_begin,
	.store = store,
	.store_end = store_end,
	.rejected = rejected,
};

int cus_import_persons(cus_import_report **report, cus_session *s, const char *path,
	const cus_import_options *opts)
{
	persons_ctx c;
	memset(&c, 0, sizeof c);
	int rc = cus__import_run(report, s, path, opts, &spec, &c);
	cus__u64map_free(&c.seen);
	free(c.teryt);
	sodium_memzero(c.dates, sizeof c.dates);
	return rc;
}
