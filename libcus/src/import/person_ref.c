/* Person references of case imports: see person_ref.h. */
#include <string.h>

#include "person_ref.h"

int cus__person_ref_run(cus_import_report **report, cus_session *s, const char *path,
	const cus_import_options *opts, const cus__import_spec *spec, cus__person_ref *ctx, int f_person, int f_pesel)
{
	ctx->f_person = f_person;
	ctx->f_pesel = f_pesel;
	ctx->cache = NULL;
	ctx->resolved = 0;
	ctx->restrictions_loaded = ctx->sees_restricted = 0;
	memset(&ctx->restricted, 0, sizeof ctx->restricted);
	int rc = cus__import_run(report, s, path, opts, spec, ctx);
	cus__person_ref_free(ctx);
	return rc;
}

int cus__person_ref_header(cus__import *im, const int *required, size_t n)
{
	const cus__person_ref *r = im->ctx;
	int bad = 0, rc;
	if (!cus__import_has(im, r->f_person) && !cus__import_has(im, r->f_pesel)) {
		if ((rc = cus__import_error(im, "person", "the header has no person column (a person id) nor a pesel"
			     " column")))
			return rc;
		bad = 1;
	}
	rc = cus__import_require(im, required, n);
	return rc < 0 ? rc : bad || rc;
}

int cus__person_ref_store_end(cus__import *im, int rc)
{
	cus__person_ref_free(im->ctx);
	return rc;
}

int cus__person_ref_parse(cus__import *im, const cus__person_ref *r, const char *const *v, int report,
	int64_t *id)
{
	const char *idt = v[r->f_person], *pesel = v[r->f_pesel];
	const char *field = "person", *why = NULL;
	*id = CUS__IMPORT_PERSON_PENDING;
	if (!idt && !pesel)
		why = "is empty: the row names its person by id (person) or by pesel";
	else if (idt && cus__import_id(idt, id) != 0)
		why = "is not a person id (a whole number above 0)";
	else if (pesel && cus_pesel_check(pesel, NULL) != 0)
		field = "pesel", why = cus_error_last()->message;
	else
		return 0;
	int rc = report ? cus__import_error(im, field, why) : 0;
	return rc ? rc : 1;
}

/* The persons restricted under art. 18, read once per import. */
static int restrictions_load(cus__import *im, cus__person_ref *r)
{
	r->restrictions_loaded = 1;
	if ((r->sees_restricted = cus__access_sees_restricted(im->s)))
		return 0;
	sqlite3 *sql = cus__db_sql(im->s->db);
	sqlite3_stmt *st = NULL;
	int src = sqlite3_prepare_v2(sql, "SELECT person_id FROM restrictions WHERE lifted IS NULL", -1, &st, NULL);
	int rc = 0;
	if (src == SQLITE_OK)
		while (!rc && (src = sqlite3_step(st)) == SQLITE_ROW)
			if (cus__u64map_put(&r->restricted, (uint64_t)sqlite3_column_int64(st, 0), 1, NULL) < 0)
				rc = cus__error(CUS_ENOMEM, "import", NULL, "out of memory");
	if (!rc && src != SQLITE_DONE)
		rc = cus__sql_error(sql, src, "reading restrictions");
	sqlite3_finalize(st);
	return rc;
}

/* A row naming a person restricted under art. 18 is rejected (the import
 * processes their data), unless the session's purpose is exempt. */
static int restricted_check(cus__import *im, cus__person_ref *r, int64_t id)
{
	int rc = r->restrictions_loaded ? 0 : restrictions_load(im, r);
	if (rc || r->sees_restricted || !cus__u64map_get(&r->restricted, (uint64_t)id, NULL))
		return rc;
	rc = cus__import_error(im, "person", "the person is restricted under art. 18: their data may not be"
		" processed");
	return rc ? rc : CUS__IMPORT_ROW_REJECTED;
}

int cus__person_ref_resolve(cus__import *im, cus__person_ref *r, const char *const *v, int64_t *id)
{
	const char *pesel = v[r->f_pesel];
	int64_t given = *id, found = 0;
	if (!pesel)
		return restricted_check(im, r, *id);
	int rc = r->cache ? 0 : cus__pesel_cache_new(&r->cache, im->s->db);
	if (!rc)
		rc = cus__pesel_cache_find(r->cache, pesel, &found);
	if (rc)
		return rc;
	r->resolved++;
	if (!found)
		rc = cus__import_error(im, "pesel", "no person with this PESEL is registered");
	else if (given != CUS__IMPORT_PERSON_PENDING && given != found)
		rc = cus__import_error(im, "pesel", "is not the PESEL of the person with the id in column person");
	else {
		*id = found;
		return restricted_check(im, r, found);
	}
	return rc ? rc : CUS__IMPORT_ROW_REJECTED;
}

void cus__person_ref_free(cus__person_ref *r)
{
	cus__pesel_cache_free(r->cache);
	r->cache = NULL;
	cus__u64map_free(&r->restricted);
	r->restrictions_loaded = 0;
}
