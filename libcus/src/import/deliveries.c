/*
 * cus_import_deliveries(): service deliveries from a CSV file, on the import
 * engine (importer.h). The check parses units and cost and validates each
 * row as cus_delivery_add() would without the database; the store pass
 * resolves PESELs (a blind index bucket at a time) and inserts through
 * cus__delivery_insert, which finds the qualified application covering the
 * date: a row without one is listed (with list_all, also in a file the check
 * found other bad rows in) and nothing is stored. Bulk: the per-row work is
 * two parses of the record, two validations and one cached insert.
 */
#include <stdlib.h>
#include <string.h>

#include "importer.h"
#include "person_ref.h"
#include "../cases/cases.h"

enum { D_PERSON, D_PESEL, D_SERVICE, D_DATE, D_UNITS, D_COST, D_PROVIDER, D_FUNDING, D_COUNT };

static const char *const field_name[D_COUNT] = { "person", "pesel", "service", "date", "units", "cost",
	"provider", "funding" };

static const cus__import_alias aliases[] = {
	{ "osoba", D_PERSON }, { "person_id", D_PERSON }, { "id_osoby", D_PERSON }, { "usluga", D_SERVICE },
	{ "data", D_DATE }, { "data_realizacji", D_DATE }, { "jednostki", D_UNITS }, { "liczba", D_UNITS },
	{ "liczba_jednostek", D_UNITS }, { "koszt", D_COST }, { "wykonawca", D_PROVIDER },
	{ "zrodlo_finansowania", D_FUNDING }, { "finansowanie", D_FUNDING },
};

typedef struct {
	cus__person_ref ref;     /* first: person_ref.c takes the state for it */
	char date[11];
	cus__delivery_cache *cache;  /* the store pass's memory of the applications */
} deliveries_ctx;

/* The input of a row, checked as far as it can be without the database. 0
 * and *in; 1 when bad (reported when report is set); < 0 a failure. */
static int delivery_row(cus__import *im, const char *const *v, cus_delivery_input *in, int report)
{
	deliveries_ctx *c = im->ctx;
	*in = (cus_delivery_input)CUS_DELIVERY_INPUT_INIT;
	int bad = cus__person_ref_parse(im, &c->ref, v, report, &in->person), rc = 0;
	if (bad < 0)
		return bad;
	in->service = v[D_SERVICE];
	in->date = v[D_DATE] ? cus__import_date(v[D_DATE], c->date) : NULL;
	in->provider = v[D_PROVIDER];
	in->funding = v[D_FUNDING];
	if (!v[D_UNITS]) {
		bad = 1;
		if (report)
			rc = cus__import_error(im, "units", "is empty: the number of units delivered is required");
	} else if (cus_units_parse(v[D_UNITS], &in->units) != 0) {
		bad = 1;
		if (report)
			rc = cus__import_error_last(im, "units");
	}
	if (!rc && v[D_COST] && cus_money_parse(v[D_COST], &in->cost) != 0) {
		bad = 1;
		if (report)
			rc = cus__import_error(im, "cost", "is not an amount in złoty (123,45)");
	}
	return rc ? rc : bad;
}

static int header(cus__import *im)
{
	static const int required[] = { D_SERVICE, D_DATE, D_UNITS };
	return cus__person_ref_header(im, required, sizeof required / sizeof required[0]);
}

static int check(cus__import *im, const char *const *v)
{
	cus_delivery_input in;
	cus__delivery_fields f;
	int rc = delivery_row(im, v, &in, 1);
	if (rc)
		return rc < 0 ? rc : 0;
	rc = cus__delivery_validate(im->s, &in, &f);
	cus__delivery_fields_free(&f);
	return rc == CUS_EINVAL ? cus__import_error_last(im, NULL) : rc;
}

static int store(cus__import *im, const char *const *v)
{
	deliveries_ctx *c = im->ctx;
	cus_delivery_input in;
	cus__delivery_fields f;
	int rc = delivery_row(im, v, &in, 0);
	if (rc)
		return rc < 0 ? rc : CUS__IMPORT_ROW_BAD;
	if ((rc = cus__delivery_validate(im->s, &in, &f)) == 0 &&
	    (rc = cus__person_ref_resolve(im, &c->ref, v, &f.person)) == 0) {
		int64_t id = 0;
		rc = c->cache ? 0 : cus__delivery_cache_new(&c->cache);
		if (!rc)
			rc = cus__import_reject(im, cus__delivery_insert_cached(im->s, &f, c->cache, &id));
	} else if (rc == CUS_EINVAL) {
		rc = CUS__IMPORT_ROW_BAD;
	}
	cus__delivery_fields_free(&f);
	return rc;
}

static int store_end(cus__import *im, int rc)
{
	deliveries_ctx *c = im->ctx;
	cus__delivery_cache_free(c->cache);
	c->cache = NULL;
	return cus__person_ref_store_end(im, rc);
}

static const char *const categories[] = { "basic", NULL };

static const cus__import_spec spec = {
	.action = "delivery.import",
	.object = "delivery",
	.categories = categories,
	.categories_list = "basic",
	.fields = field_name,
	.nfields = D_COUNT,
	.aliases = aliases,
	.naliases = sizeof aliases / sizeof aliases[0],
	.known = "person (or pesel), service, date, units, cost, provider, funding",
	.list_all = 1,
	.cache_per_row = 256,
	.header = header,
	.check = check,
	.store = store,
	.store_end = store_end,
};

int cus_import_deliveries(cus_import_report **report, cus_session *s, const char *path,
	const cus_import_options *opts)
{
	deliveries_ctx c;
	memset(&c, 0, sizeof c);
	return cus__person_ref_run(report, s, path, opts, &spec, &c.ref, D_PERSON, D_PESEL);
}
