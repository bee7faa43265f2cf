/* cus_report_generate: a definition and a period, computed in one audited
 * operation ("report.export": read and export on "reports"; read on
 * "finance" for budget blocks) and written as a workbook. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report.h"
#include "../access/access.h"

#define M MODULE_REPORT

static const char *kind_name(int kind)
{
	switch (kind) {
	case CUS_PERIOD_YEAR: return "a year (2022)";
	case CUS_PERIOD_HALF_YEAR: return "a half-year (2022H1)";
	case CUS_PERIOD_QUARTER: return "a quarter (2022Q3)";
	default: return "a month (2022-03)";
	}
}

static int needs_finance(const cus_report_def *d)
{
	for (size_t i = 0; i < d->nsheets; i++)
		for (size_t j = 0; j < d->sheets[i].nblocks; j++)
			if (d->sheets[i].blocks[j].kind == REP_BUDGET || d->sheets[i].blocks[j].kind == REP_STRUCTURE)
				return 1;
	return 0;
}

int cus_report_generate(cus_report_result *result, cus_session *s, const char *name, const char *period,
	const char *out_path, const cus_report_options *opts)
{
	if (result)
		memset(result, 0, sizeof *result);
	if (!s)
		return cus__error(CUS_EINVAL, M, "session", "no session");
	if (!out_path || !*out_path)
		return cus__error(CUS_EINVAL, M, "out", "no output file");
	cus_report_options o = CUS_REPORT_OPTIONS_INIT;
	if (opts) {
		if (opts->version != CUS_REPORT_OPTIONS_VERSION)
			return cus__error(CUS_EINVAL, M, "options", "unsupported cus_report_options version %u", opts->version);
		o = *opts;
	}
	char path[4096];
	int rc = 0;
	if (o.definition)
		snprintf(path, sizeof path, "%s", o.definition);
	else if (!name)
		return cus__error(CUS_EINVAL, M, "name", "name a report or a definition file");
	else if ((rc = cus_report_path(path, sizeof path, name)))
		return rc;
	{
		/* the directory must be writable before anything is computed */
		char dirbuf[4096];
		snprintf(dirbuf, sizeof dirbuf, "%s", out_path);
		char *slash = strrchr(dirbuf, '/');
		if (slash == dirbuf)
			slash[1] = 0;
		else if (slash)
			*slash = 0;
		else
			snprintf(dirbuf, sizeof dirbuf, ".");
		if (access(dirbuf, W_OK) != 0)
			return cus__error(CUS_EIO, M, "out", "cannot write the workbook: the directory is missing or not "
				"writable");
	}
	cus_period per;
	if (!period || cus_period_parse(period, &per) != 0)
		return cus__error(CUS_EINVAL, M, "period", "period: must be YYYY, YYYYH1, YYYYQ1 or YYYY-MM");
	cus_report_def *d = NULL;
	if ((rc = cus_report_def_load(&d, path))) {
		if (rc == CUS_ENOTFOUND && !o.definition)
			rc = cus__error(CUS_ENOTFOUND, M, "name", "there is no report '%s' (%s)", name, path);
		return rc;
	}
	if (!(d->periods & (1u << per.kind))) {
		int first = 1;
		while (first <= 4 && !(d->periods & (1u << first)))
			first++;
		rc = cus__error(CUS_EINVAL, M, "period", "period: the report %s is for %s, not %s", d->code,
			kind_name(first), per.name);
		cus_report_def_free(d);
		return rc;
	}
	size_t steps = 6 + d->nsheets, step = 0;
	if (o.progress)
		o.progress(o.progress_ctx, 0, steps, "starting");
	char detail[300];
	snprintf(detail, sizeof detail, "report %s, period %s, audience %s, definition sha256 %.16s", d->code,
		per.name, d->is_public ? "public" : "internal", d->sha256);
	/* budget blocks need read on finance: a refusal is audited as such */
	if (needs_finance(d) && cus_session_allows(s, "finance", CUS_OP_READ) != 1) {
		rc = cus__access_begin(s, "report.export", "report", NULL, "reports,finance", CUS_OP_READ, detail);
		if (!rc)
			rc = cus__access_end(s, cus__error(CUS_EDENIED, M, "finance", "the report needs read on finance"));
		cus_report_def_free(d);
		return rc;
	}
	rc = cus__access_begin(s, "report.export", "report", NULL, "reports", CUS_OP_READ | CUS_OP_EXPORT, detail);
	if (rc) {
		cus_report_def_free(d);
		return rc;
	}
	rep_model m;
	memset(&m, 0, sizeof m);
	size_t charts = 0;
	int work = cus__rep_compute(&m, s, d, &per, o.progress, o.progress_ctx, &step, steps);
	if (!work) {
		unlink(out_path);
		work = cus__rep_write(&m, out_path, o.constant_memory, &charts);
		if (work)
			unlink(out_path);
	}
	if (o.progress)
		o.progress(o.progress_ctx, steps - 1, steps, "written");
	rc = cus__access_end(s, work);
	if (rc && !work)
		unlink(out_path);
	if (!rc && result) {
		snprintf(result->code, sizeof result->code, "%s", d->code);
		snprintf(result->period, sizeof result->period, "%s", per.name);
		snprintf(result->snapshot_sha256, sizeof result->snapshot_sha256, "%s", m.snapshot);
		snprintf(result->generated, sizeof result->generated, "%s", m.generated);
		result->policy_version = m.policy_version;
		result->sheets = m.nsheets + 2;
		for (size_t i = 0; i < m.nsheets; i++)
			for (size_t j = 0; j < m.sheets[i].ntables; j++)
				result->tables += m.sheets[i].tables[j].blk->kind != REP_TEXT;
		result->charts = charts;
		result->cells = m.cells;
		result->suppressed = m.suppressed;
		struct stat st;
		if (stat(out_path, &st) == 0)
			result->bytes = (int64_t)st.st_size;
	}
	if (o.progress && !rc)
		o.progress(o.progress_ctx, steps, steps, "done");
	cus__rep_model_free(&m);
	cus_report_def_free(d);
	return rc;
}
