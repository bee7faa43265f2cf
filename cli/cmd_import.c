/* cus import persons | applications | deliveries FILE: CSV imports, one
 * command for every kind (the same options, output and exit codes).
 *
 * Every import writes personal data, so none has a default purpose:
 * --purpose CODE (or env CUS_PURPOSE) is required (usage error otherwise). */
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

typedef int (*import_fn)(cus_import_report **report, cus_session *s, const char *path,
	const cus_import_options *opts);

static const struct {
	const char *kind;
	import_fn run;
} kinds[] = {
	{ "persons", cus_import_persons },
	{ "applications", cus_import_applications },
	{ "deliveries", cus_import_deliveries },
};
#define KINDS "persons, applications, deliveries"

/* Progress on a terminal's stderr: a bar redrawn in place. The library
 * counts the rows checked, then (done starting again) the rows stored. */
typedef struct {
	uint64_t last;
	int storing;
} progress_state;

static void progress_bar(void *ctx, uint64_t done, uint64_t total)
{
	progress_state *st = ctx;
	if (done < st->last)
		st->storing = 1;
	st->last = done;
	enum { WIDTH = 40 };
	unsigned fill = total ? (unsigned)(done * WIDTH / total) : 0;
	if (fill > WIDTH)
		fill = WIDTH;
	char bar[WIDTH + 1];
	memset(bar, '#', fill);
	memset(bar + fill, '.', WIDTH - fill);
	bar[WIDTH] = 0;
	fprintf(stderr, "\r%s [%s] %" PRIu64 "/%" PRIu64, st->storing ? "storing: " : "checking:", bar, done,
		total);
	fflush(stderr);
}

static void report_json(const cus_import_report *r, int ok, const char *file)
{
	char delim[2] = { r->delimiter, 0 };
	printf("{\"ok\":%s,\"file\":", ok ? "true" : "false");
	json_str(stdout, file);
	printf(",\"rows\":%" PRId64 ",\"imported\":%" PRId64 ",\"encoding\":", r->rows, r->imported);
	json_str(stdout, r->encoding);
	printf(",\"delimiter\":");
	json_str(stdout, r->delimiter ? delim : NULL);
	printf(",\"error_count\":%zu,\"error_total\":%zu,\"errors\":[", r->error_count, r->error_total);
	for (size_t i = 0; i < r->error_count; i++) {
		const cus_import_error *e = &r->errors[i];
		printf("%s{\"line\":%" PRId64 ",\"field\":", i ? "," : "", e->line);
		json_str(stdout, e->field);
		printf(",\"message\":");
		json_str(stdout, e->message);
		putchar('}');
	}
	printf("]}\n");
}

/* cus import KIND FILE [--encoding E] [--delimiter D] */
static int cmd_import(cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "encoding", required_argument, NULL, 'e' },
		{ "delimiter", required_argument, NULL, 'd' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	cus_import_options o = CUS_IMPORT_OPTIONS_INIT;
	const char *delimiter = NULL;
	int c, rc;
	cli_getopt_reset();
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		if (c == 'e')
			o.encoding = optarg;
		else if (c == 'd')
			delimiter = optarg;
		else if (!cli_global_option(ctx, c, optarg))
			return cli_bad_option(ctx, c);
	}
	if (optind >= ctx->argc)
		return cli_usage_error(ctx, "import: give what to import (" KINDS ") and the FILE");
	const char *kind = ctx->argv[optind];
	import_fn run = NULL;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kind, kinds[i].kind) == 0)
			run = kinds[i].run;
	if (!run)
		return cli_usage_error(ctx, "import: unknown kind '%s' (" KINDS ")", kind);
	if (optind + 2 != ctx->argc)
		return cli_usage_error(ctx, "import %s: give exactly one FILE", kind);
	const char *file = ctx->argv[optind + 1];
	if (delimiter) {
		if (strcmp(delimiter, ";") == 0 || strcmp(delimiter, "semicolon") == 0)
			o.delimiter = ';';
		else if (strcmp(delimiter, ",") == 0 || strcmp(delimiter, "comma") == 0)
			o.delimiter = ',';
		else
			return cli_usage_error(ctx, "import %s: --delimiter must be ';' or ','", kind);
	}
	if (!ctx->purpose)
		return cli_usage_error(ctx, "import %s: name the purpose of processing with --purpose CODE (personal"
			" data has no default purpose)", kind);
	progress_state state = { 0, 0 };
	int bar = !ctx->json && isatty(STDERR_FILENO);
	if (bar) {
		o.progress = progress_bar;
		o.progress_ctx = &state;
	}
	cus_db *db = NULL;
	cus_session *s = NULL;
	rc = cli_open_session(ctx, &db, &s, NULL);
	if (rc)
		return rc;
	cus_import_report *r = NULL;
	int code = run(&r, s, file, &o);
	if (bar)
		fputc('\n', stderr);
	if (!code && r) {
		if (ctx->json)
			report_json(r, 1, file);
		else
			printf("imported %" PRId64 " of %" PRId64 " rows from %s (%s, '%c')\n", r->imported, r->rows,
				file, r->encoding ? r->encoding : "?", r->delimiter ? r->delimiter : '?');
		rc = EXIT_OK;
	} else if (!code) {
		printf("imported\n");
		rc = EXIT_OK;
	} else {
		if (r && ctx->json) {
			report_json(r, 0, file);
		} else if (r) {
			for (size_t i = 0; i < r->error_count; i++)
				fprintf(stderr, "%s:line %" PRId64 ": %s: %s\n", file, r->errors[i].line,
					cli_or_dash(r->errors[i].field), cli_or_dash(r->errors[i].message));
			if (r->error_total > r->error_count)
				fprintf(stderr, "%s: and %zu more errors\n", file, r->error_total - r->error_count);
		}
		rc = cli_fail(ctx, code);
	}
	cus_import_report_free(r);
	cus_session_close(s);
	cus_db_close(db);
	return rc;
}

const cli_command cli_import_commands[] = {
	{ "import", cmd_import, "import persons, applications or deliveries from a CSV file",
	  "usage: cus [global options] import persons|applications|deliveries FILE --purpose CODE\n"
	  "                 [--encoding utf-8|cp1250] [--delimiter ';'|','] [--json]\n"
	  "\n"
	  "The first row names the columns, in any order, case and Polish accents\n"
	  "ignored (a space or '-' counts as '_'); dates may be written D.M.YYYY.\n"
	  "persons: pesel, first_names (or first_name), last_name, birth_date, sex,\n"
	  "  address, phone, email, financial, teryt, registered, or their Polish names\n"
	  "  (imiona, nazwisko, data urodzenia, płeć, adres, telefon, e-mail, sytuacja\n"
	  "  finansowa, data rejestracji). Needs write on basic, contact and financial.\n"
	  "applications: person (an id) or pesel, service, date, applicant (self,\n"
	  "  legal_representative, carer), representative (an id), declaration_date,\n"
	  "  duration_months (osoba, usługa, data, wnioskodawca, przedstawiciel, data\n"
	  "  oświadczenia, okres miesiące). Each row as 'cus apply' checks it.\n"
	  "deliveries: person or pesel, service, date, units (1,5 is 1.5), cost (in zł,\n"
	  "  123,45; empty is 0), provider, funding (osoba, usługa, data, jednostki or\n"
	  "  liczba, koszt, wykonawca, źródło finansowania). Each row needs a qualified\n"
	  "  application covering its date.\n"
	  "Files exported by Polish Excel (CP1250, ';') and UTF-8 files with ',' both\n"
	  "work; encoding and delimiter are detected when not given.\n"
	  "The import is atomic: when any row is bad nothing is stored, every bad value\n"
	  "is listed on stderr as 'FILE:line N: field: reason' and the exit status is 3.\n"
	  "On success prints the number of rows imported. With --json prints a report\n"
	  "{ok, file, rows, imported, encoding, delimiter, error_count, error_total,\n"
	  "errors: [{line, field, message}]} on stdout, also for a rejected file (at most\n"
	  "1000 errors are listed; error_total counts them all). A progress bar (rows\n"
	  "checked, then rows stored) is drawn on stderr when it is a terminal.\n" },
	{ NULL, NULL, NULL, NULL },
};
