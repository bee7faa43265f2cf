/* cus report: the director's, the mayor's and the council's workbooks. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

typedef struct {
	int tty;
	int last;
} bar;

static void progress(void *ctx, size_t done, size_t total, const char *what)
{
	bar *b = ctx;
	if (!b->tty || !total)
		return;
	int width = 30, fill = (int)(done * (size_t)width / total);
	if (fill == b->last && done != total)
		return;
	b->last = fill;
	fprintf(stderr, "\r[%.*s%*s] %3d%% %-36.36s", fill, "##############################", width - fill, "",
		(int)(done * 100 / total), what);
	if (done == total)
		fputc('\n', stderr);
	fflush(stderr);
}

static int check(cli_ctx *ctx)
{
	int rc = cli_global_args(ctx);
	if (rc)
		return rc;
	if (optind >= ctx->argc)
		return cli_usage_error(ctx, "report check: name a definition file");
	for (int i = optind; i < ctx->argc; i++) {
		cus_report_def *d = NULL;
		int e = cus_report_def_load(&d, ctx->argv[i]);
		if (e)
			return cli_fail(ctx, e);
		if (ctx->json) {
			printf("{\"file\":");
			json_str(stdout, ctx->argv[i]);
			printf(",\"code\":");
			json_str(stdout, cus_report_def_code(d));
			printf(",\"audience\":\"%s\",\"sheets\":%zu}\n", cus_report_def_audience(d),
				cus_report_def_sheet_count(d));
		} else {
			printf("%s: ok (%s, %s, %zu sheets)\n", ctx->argv[i], cus_report_def_code(d),
				cus_report_def_audience(d), cus_report_def_sheet_count(d));
		}
		cus_report_def_free(d);
	}
	return EXIT_OK;
}

static int cmd_report(cli_ctx *ctx)
{
	if (ctx->argc > 1 && strcmp(ctx->argv[1], "check") == 0) {
		ctx->argc--;
		ctx->argv++;
		return check(ctx);
	}
	enum { O_PERIOD = 1, O_OUT, O_DEF, O_NO_CM };
	static const struct option opts[] = {
		{ "period", required_argument, NULL, O_PERIOD },
		{ "out", required_argument, NULL, O_OUT },
		{ "definition", required_argument, NULL, O_DEF },
		{ "no-constant-memory", no_argument, NULL, O_NO_CM },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	cus_report_options o = CUS_REPORT_OPTIONS_INIT;
	const char *period = NULL, *out = NULL;
	int c;
	cli_getopt_reset();
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		switch (c) {
		case O_PERIOD: period = optarg; break;
		case O_OUT: out = optarg; break;
		case O_DEF: o.definition = optarg; break;
		case O_NO_CM: o.constant_memory = 0; break;
		default:
			if (!cli_global_option(ctx, c, optarg))
				return cli_bad_option(ctx, c);
		}
	}
	const char *name = optind < ctx->argc ? ctx->argv[optind++] : NULL;
	if (optind < ctx->argc)
		return cli_usage_error(ctx, "report: unexpected argument '%s'", ctx->argv[optind]);
	if (!name && !o.definition)
		return cli_usage_error(ctx, "report: name a report (director-semiannual, mayor-annual, council-public)"
			" or give --definition FILE");
	if (!period)
		return cli_usage_error(ctx, "report: --period PERIOD is required (2022H1, 2022, ...)");
	if (!out)
		return cli_usage_error(ctx, "report: --out FILE.xlsx is required");
	cus_db *db = NULL;
	cus_session *s = NULL;
	int rc = cli_open_session(ctx, &db, &s, "reporting");
	if (rc)
		return rc;
	bar b = { isatty(STDERR_FILENO) && !ctx->json, -1 };
	o.progress = progress;
	o.progress_ctx = &b;
	cus_report_result r;
	int e = cus_report_generate(&r, s, name, period, out, &o);
	if (e) {
		if (b.tty && b.last >= 0)
			fputc('\n', stderr);
		rc = cli_fail(ctx, e);
	} else if (ctx->json) {
		printf("{\"report\":");
		json_str(stdout, r.code);
		printf(",\"period\":\"%s\",\"file\":", r.period);
		json_str(stdout, out);
		printf(",\"snapshot_sha256\":\"%s\",\"generated\":\"%s\",\"policy_version\":%lld,\"sheets\":%zu,"
			"\"tables\":%zu,\"charts\":%zu,\"cells\":%zu,\"suppressed\":%zu,\"bytes\":%lld}\n",
			r.snapshot_sha256, r.generated, (long long)r.policy_version, r.sheets, r.tables, r.charts, r.cells,
			r.suppressed, (long long)r.bytes);
	} else {
		printf("%s %s -> %s (%zu sheets, %zu tables, %zu charts, %zu cells%s%zu suppressed, %lld bytes)\n"
			"snapshot sha256 %s\n", r.code, r.period, out, r.sheets, r.tables, r.charts, r.cells, ", ",
			r.suppressed, (long long)r.bytes, r.snapshot_sha256);
	}
	cus_session_close(s);
	cus_db_close(db);
	return rc;
}

const cli_command cli_report_commands[] = {
	{ "report", cmd_report, "XLSX reports: director, mayor, council (BIP)",
	  "usage: cus [global options] report NAME --period PERIOD --out FILE.xlsx [--definition FILE]\n"
	  "       cus [global options] report --definition FILE --period PERIOD --out FILE.xlsx\n"
	  "       cus report check FILE...\n"
	  "\n"
	  "Writes the report NAME (a definition in reports/NAME.yaml: director-semiannual\n"
	  "for a half-year such as 2022H1, mayor-annual and council-public for a year) as\n"
	  "an XLSX workbook: a cover with the period, generation time, policy version and\n"
	  "the SHA-256 of the data snapshot, the definition's sheets (tables, budget,\n"
	  "charts) and a Metodologia sheet. --definition FILE uses another definition.\n"
	  "The public report suppresses small counts (shown as x). Each report is\n"
	  "audited (report.export); the purpose defaults to reporting and needs read and\n"
	  "export on reports (and read on finance for the budget). A progress bar is\n"
	  "drawn when stderr is a terminal. --json prints the result as one object.\n"
	  "`cus report check FILE` validates definitions (FILE:LINE:COLUMN errors).\n"
	  "See docs/REPORTS.md.\n" },
	{ NULL, NULL, NULL, NULL },
};
