/* cus project add | import | list | show; cus budget-line add | import | list;
 * cus expenditure add | import | list; cus budget --period PERIOD.
 *
 * Finance data is not personal data, but every access runs in a session: the
 * purpose defaults to "reporting" (the finance role may also use benefits or
 * service_delivery; the director reads for reporting). */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define DEFAULT_PURPOSE "reporting"

static int money_arg(const cli_ctx *ctx, const char *field, const char *arg, int64_t *out)
{
	if (cus_money_parse(arg, out) != 0)
		return cli_input_error(ctx, field, "%s: %s: not an amount in złoty (e.g. 1234,56 or '1 234,56 zł')",
			cli_command_name, field);
	return 0;
}

static void money_json(int64_t v)
{
	printf("%" PRId64, v);
}

static const char *money(char *buf, int64_t v)
{
	cus_money_format(buf, CUS_MONEY_FORMAT_MAX, v);
	return buf;
}

static const char *pct(char *buf, size_t n, int64_t bp)
{
	if (bp < 0)
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%" PRId64 ",%02" PRId64 " %%", bp / 100, bp % 100);
	return buf;
}

/* ---- reports of imports and checked adds ---- */

static void report_json(const cus_finance_report *r, int ok, const char *file)
{
	char delim[2] = { r->delimiter, 0 };
	printf("{\"ok\":%s,\"file\":", ok ? "true" : "false");
	json_str(stdout, file);
	printf(",\"rows\":%" PRId64 ",\"imported\":%" PRId64 ",\"encoding\":", r->rows, r->imported);
	json_str(stdout, file ? r->encoding : NULL);
	printf(",\"delimiter\":");
	json_str(stdout, r->delimiter ? delim : NULL);
	printf(",\"strict\":%s,\"error_count\":%zu,\"error_total\":%zu,\"errors\":[", r->strict ? "true" : "false",
		r->error_count, r->error_total);
	for (size_t i = 0; i < r->error_count; i++) {
		printf("%s{\"line\":%" PRId64 ",\"field\":", i ? "," : "", r->errors[i].line);
		json_str(stdout, r->errors[i].field);
		printf(",\"message\":");
		json_str(stdout, r->errors[i].message);
		putchar('}');
	}
	printf("],\"mismatches\":[");
	for (size_t i = 0; i < r->mismatch_count; i++) {
		const cus_finance_mismatch *m = &r->mismatches[i];
		printf("%s{\"line\":%" PRId64 ",\"field\":", i ? "," : "", m->line);
		json_str(stdout, m->field);
		printf(",\"project\":");
		json_str(stdout, m->project);
		printf(",\"expected\":%" PRId64 ",\"actual\":%" PRId64 ",\"difference\":%" PRId64 ",\"message\":",
			m->expected, m->actual, m->difference);
		json_str(stdout, m->message);
		printf(",\"error\":%s}", m->error ? "true" : "false");
	}
	printf("]");
}

/* Warnings (and errors) of a report on stderr, as FILE:line N: field: message. */
static void report_text(const cus_finance_report *r, const char *file)
{
	const char *f = file ? file : "cus";
	for (size_t i = 0; i < r->error_count; i++) {
		if (r->errors[i].line)
			fprintf(stderr, "%s:line %" PRId64 ": %s: %s\n", f, r->errors[i].line, cli_or_dash(r->errors[i].field),
				cli_or_dash(r->errors[i].message));
	}
	if (r->error_total > r->error_count)
		fprintf(stderr, "%s: and %zu more errors\n", f, r->error_total - r->error_count);
	for (size_t i = 0; i < r->mismatch_count; i++) {
		const cus_finance_mismatch *m = &r->mismatches[i];
		if (m->error)
			continue; /* listed with the errors */
		if (m->line)
			fprintf(stderr, "%s:line %" PRId64 ": warning: %s: %s\n", f, m->line, m->field, m->message);
		else
			fprintf(stderr, "cus: warning: %s: %s\n", m->field, m->message);
	}
}

/* Print the outcome of a call that returns a report; returns the exit code. */
static int report_done(const cli_ctx *ctx, int code, const cus_finance_report *r, const char *file, int64_t id)
{
	if (ctx->json && r) {
		report_json(r, code == 0, file);
		if (id)
			printf(",\"id\":%" PRId64, id);
		printf("}\n");
	} else if (r) {
		report_text(r, file);
	}
	if (code)
		return cli_fail(ctx, code);
	if (!ctx->json) {
		if (file && r)
			printf("imported %" PRId64 " of %" PRId64 " rows from %s%s\n", r->imported, r->rows, file,
				r->mismatch_count ? " (with warnings)" : "");
		else if (id)
			printf("%" PRId64 "\n", id);
	}
	return EXIT_OK;
}

/* ---- shared option parsing ---- */

static int open_session(cli_ctx *ctx, cus_db **db, cus_session **s)
{
	return cli_open_session(ctx, db, s, DEFAULT_PURPOSE);
}

static int import_options(const char *delimiter, cus_finance_import_options *o, cli_ctx *ctx)
{
	if (!delimiter)
		return 0;
	if (!strcmp(delimiter, ";") || !strcmp(delimiter, "semicolon"))
		o->delimiter = ';';
	else if (!strcmp(delimiter, ",") || !strcmp(delimiter, "comma"))
		o->delimiter = ',';
	else
		return cli_usage_error(ctx, "%s: --delimiter must be ';' or ','", cli_command_name);
	return 0;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcasecmp(s + n - m, suffix);
}

/* One CSV (or YAML card) import: kind 0 projects, 1 plan lines, 2 expenditures. */
static int run_import(cli_ctx *ctx, int kind)
{
	static const struct option opts[] = {
		{ "encoding", required_argument, NULL, 'e' },
		{ "delimiter", required_argument, NULL, 'd' },
		{ "strict", no_argument, NULL, 's' },
		{ "card", no_argument, NULL, 'c' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	cus_finance_import_options o = CUS_FINANCE_IMPORT_OPTIONS_INIT;
	const char *delimiter = NULL;
	int card = 0, c;
	cli_getopt_reset();
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		if (c == 'e')
			o.encoding = optarg;
		else if (c == 'd')
			delimiter = optarg;
		else if (c == 's')
			o.flags |= CUS_FINANCE_STRICT;
		else if (c == 'c' && kind == 0)
			card = 1;
		else if (!cli_global_option(ctx, c, optarg))
			return cli_bad_option(ctx, c);
	}
	if (optind + 1 != ctx->argc)
		return cli_usage_error(ctx, "%s: give exactly one FILE", cli_command_name);
	const char *file = ctx->argv[optind];
	int rc = import_options(delimiter, &o, ctx);
	if (rc)
		return rc;
	if (kind == 0 && (ends_with(file, ".yaml") || ends_with(file, ".yml")))
		card = 1;
	cus_db *db = NULL;
	cus_session *s = NULL;
	if ((rc = open_session(ctx, &db, &s)))
		return rc;
	cus_finance_report *r = NULL;
	int code;
	if (card)
		code = cus_project_import_card(&r, s, file, o.flags);
	else if (kind == 0)
		code = cus_project_import(&r, s, file, &o);
	else if (kind == 1)
		code = cus_budget_line_import(&r, s, file, &o);
	else
		code = cus_expenditure_import(&r, s, file, &o);
	rc = report_done(ctx, code, r, file, 0);
	cus_finance_report_free(r);
	cus_session_close(s);
	cus_db_close(db);
	return rc;
}

/* ---- projects ---- */

static void project_json(const cus_project *p)
{
	printf("{\"id\":%" PRId64 ",\"code\":", p->id);
	json_str(stdout, p->code);
	printf(",\"name\":");
	json_str(stdout, p->name);
	printf(",\"programme\":");
	json_str(stdout, p->programme);
	printf(",\"measure\":");
	json_str(stdout, p->measure);
	printf(",\"period_from\":");
	json_str(stdout, p->period_from);
	printf(",\"period_to\":");
	json_str(stdout, p->period_to);
	printf(",\"total_cost\":%" PRId64 ",\"co_financing\":%" PRId64 ",\"own_contribution\":%" PRId64
	       ",\"co_financing_bp\":%" PRId64 ",\"sources\":[",
		p->total_cost, p->co_financing, p->own_contribution, p->co_financing_bp);
	for (size_t i = 0; i < p->nsources; i++) {
		printf("%s{\"source\":", i ? "," : "");
		json_str(stdout, p->sources[i].source);
		printf(",\"amount\":%" PRId64 "}", p->sources[i].amount);
	}
	printf("],\"planned\":%" PRId64 ",\"spent\":%" PRId64 ",\"created_by\":", p->planned, p->spent);
	json_str(stdout, p->created_by);
	printf(",\"created\":");
	json_str(stdout, p->created);
	putchar('}');
}

static void project_text(const cus_project *p)
{
	char a[CUS_MONEY_FORMAT_MAX], b[CUS_MONEY_FORMAT_MAX], c[CUS_MONEY_FORMAT_MAX], q[24];
	printf("code:             %s\nname:             %s\n", p->code, p->name);
	printf("programme:        %s\nmeasure:          %s\n", cli_or_dash(p->programme), cli_or_dash(p->measure));
	printf("period:           %s .. %s\n", cli_or_dash(p->period_from), cli_or_dash(p->period_to));
	printf("total cost:       %s\n", money(a, p->total_cost));
	printf("co-financing:     %s (%s)\n", money(b, p->co_financing), pct(q, sizeof q, p->co_financing_bp));
	printf("own contribution: %s\n", money(c, p->own_contribution));
	for (size_t i = 0; i < p->nsources; i++)
		printf("  source %-16s %s\n", p->sources[i].source, money(a, p->sources[i].amount));
	printf("planned:          %s\nspent:            %s\n", money(a, p->planned), money(b, p->spent));
}

static int parse_source_amount(cli_ctx *ctx, const char *arg, cus_project_source *out, char *buf, size_t n)
{
	const char *eq = strchr(arg, '=');
	if (!eq || eq == arg || (size_t)(eq - arg) >= n)
		return cli_usage_error(ctx, "%s: --source takes CODE=AMOUNT", cli_command_name);
	memcpy(buf, arg, (size_t)(eq - arg));
	buf[eq - arg] = '\0';
	out->source = buf;
	return money_arg(ctx, "sources", eq + 1, &out->amount);
}

static int project_add(cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "code", required_argument, NULL, 'c' },
		{ "name", required_argument, NULL, 'n' },
		{ "programme", required_argument, NULL, 'p' },
		{ "measure", required_argument, NULL, 'm' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "total-cost", required_argument, NULL, 'T' },
		{ "co-financing", required_argument, NULL, 'C' },
		{ "own-contribution", required_argument, NULL, 'O' },
		{ "source", required_argument, NULL, 'S' },
		{ "strict", no_argument, NULL, 's' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	cus_project_input in = CUS_PROJECT_INPUT_INIT;
	cus_project_source src[32];
	char names[32][72];
	size_t nsrc = 0;
	unsigned flags = 0;
	int c, rc = 0, total = 0;
	cli_getopt_reset();
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'c': in.code = optarg; break;
		case 'n': in.name = optarg; break;
		case 'p': in.programme = optarg; break;
		case 'm': in.measure = optarg; break;
		case 'f': in.period_from = optarg; break;
		case 't': in.period_to = optarg; break;
		case 'T': rc = money_arg(ctx, "total_cost", optarg, &in.total_cost); total = 1; break;
		case 'C': rc = money_arg(ctx, "co_financing", optarg, &in.co_financing); break;
		case 'O': rc = money_arg(ctx, "own_contribution", optarg, &in.own_contribution); break;
		case 'S':
			if (nsrc == 32)
				return cli_usage_error(ctx, "%s: at most 32 --source", cli_command_name);
			rc = parse_source_amount(ctx, optarg, &src[nsrc], names[nsrc], sizeof names[nsrc]);
			nsrc++;
			break;
		case 's': flags |= CUS_FINANCE_STRICT; break;
		default:
			if (!cli_global_option(ctx, c, optarg))
				return cli_bad_option(ctx, c);
		}
		if (rc)
			return rc;
	}
	if (optind < ctx->argc)
		return cli_usage_error(ctx, "%s: unexpected argument '%s'", cli_command_name, ctx->argv[optind]);
	if (!in.code || !in.name || !total)
		return cli_usage_error(ctx, "%s: give --code, --name and --total-cost", cli_command_name);
	in.sources = nsrc ? src : NULL;
	in.nsources = nsrc;
	cus_db *db = NULL;
	cus_session *s = NULL;
	if ((rc = open_session(ctx, &db, &s)))
		return rc;
	cus_finance_report *r = NULL;
	int64_t id = 0;
	int code = cus_project_add(&r, s, &in, flags, &id);
	rc = report_done(ctx, code, r, NULL, id);
	cus_finance_report_free(r);
	cus_session_close(s);
	cus_db_close(db);
	return rc;
}

static int project_import(cli_ctx *ctx)
{
	return run_import(ctx, 0);
}

static int project_list_or_show(cli_ctx *ctx, int show)
{
	int rc = cli_global_args(ctx);
	if (rc)
		return rc;
	if (show ? optind + 1 != ctx->argc : optind != ctx->argc)
		return cli_usage_error(ctx, show ? "%s: give exactly one project CODE" : "%s: no arguments expected",
			cli_command_name);
	cus_db *db = NULL;
	cus_session *s = NULL;
	if ((rc = open_session(ctx, &db, &s)))
		return rc;
	if (show) {
		cus_project *p = NULL;
		int code = cus_project_get(&p, s, ctx->argv[optind]);
		if (code)
			rc = cli_fail(ctx, code);
		else if (ctx->json) {
			project_json(p);
			putchar('\n');
		} else
			project_text(p);
		cus_project_free(p);
	} else {
		cus_project_iter *it = NULL;
		int code = cus_project_list(&it, s);
		if (code) {
			rc = cli_fail(ctx, code);
		} else {
			const cus_project *p;
			int first = 1;
			if (ctx->json)
				putchar('[');
			else
				printf("%-16s %22s %22s %8s  %s\n", "CODE", "TOTAL", "CO-FINANCING", "SHARE", "NAME");
			while (cus_project_next(&p, it) == 0) {
				if (ctx->json) {
					if (!first)
						putchar(',');
					project_json(p);
				} else {
					char a[CUS_MONEY_FORMAT_MAX], b[CUS_MONEY_FORMAT_MAX], q[24];
					printf("%-16s %22s %22s %8s  %s\n", p->code, money(a, p->total_cost),
						money(b, p->co_financing), pct(q, sizeof q, p->co_financing_bp), p->name);
				}
				first = 0;
			}
			if (ctx->json)
				printf("]\n");
		}
		cus_project_iter_free(it);
	}
	cus_session_close(s);
	cus_db_close(db);
	return rc;
}

static int project_list(cli_ctx *ctx)
{
	return project_list_or_show(ctx, 0);
}

static int project_show(cli_ctx *ctx)
{
	return project_list_or_show(ctx, 1);
}

static int cmd_project(cli_ctx *ctx)
{
	static const cli_subcommand subs[] = { { "add", project_add }, { "import", project_import },
		{ "list", project_list }, { "show", project_show } };
	return cli_dispatch(ctx, subs, sizeof subs / sizeof subs[0], "add, import, list, show");
}

/* ---- plan lines and expenditures ---- */

#define ENTRY_OPTIONS \
	{ "classification", required_argument, NULL, 'k' }, \
	{ "source", required_argument, NULL, 'S' }, \
	{ "project", required_argument, NULL, 'P' }, \
	{ "service", required_argument, NULL, 'V' }, \
	{ "amount", required_argument, NULL, 'A' }

static int classification_arg(cli_ctx *ctx, const char *arg, cus_classification *cls)
{
	if (cus_classification_parse(cls, arg) != 0)
		return cli_fail(ctx, CUS_EINVAL);
	return 0;
}

static int line_add(cli_ctx *ctx)
{
	static const struct option opts[] = {
		ENTRY_OPTIONS,
		{ "year", required_argument, NULL, 'y' },
		{ "note", required_argument, NULL, 'n' },
		{ "strict", no_argument, NULL, 's' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	cus_budget_line_input in = CUS_BUDGET_LINE_INPUT_INIT;
	cus_classification cls;
	const char *kl = NULL, *year = NULL, *amount = NULL;
	unsigned flags = 0;
	int c, rc;
	cli_getopt_reset();
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'k': kl = optarg; break;
		case 'S': in.source = optarg; break;
		case 'P': in.project = optarg; break;
		case 'V': in.service = optarg; break;
		case 'A': amount = optarg; break;
		case 'y': year = optarg; break;
		case 'n': in.note = optarg; break;
		case 's': flags |= CUS_FINANCE_STRICT; break;
		default:
			if (!cli_global_option(ctx, c, optarg))
				return cli_bad_option(ctx, c);
		}
	}
	if (optind < ctx->argc)
		return cli_usage_error(ctx, "%s: unexpected argument '%s'", cli_command_name, ctx->argv[optind]);
	if (!kl || !year || !in.source || !amount)
		return cli_usage_error(ctx, "%s: give --year, --classification, --source and --amount", cli_command_name);
	char *end = NULL;
	errno = 0;
	long y = strtol(year, &end, 10);
	if (errno || !*year || *end || y < 1 || y > 9999)
		return cli_input_error(ctx, "year", "%s: year: must be a year such as 2022", cli_command_name);
	in.year = (int)y;
	if ((rc = classification_arg(ctx, kl, &cls)) || (rc = money_arg(ctx, "amount", amount, &in.amount)))
		return rc;
	in.dzial = cls.dzial;
	in.rozdzial = cls.rozdzial;
	in.paragraf = cls.paragraf;
	cus_db *db = NULL;
	cus_session *s = NULL;
	if ((rc = open_session(ctx, &db, &s)))
		return rc;
	cus_finance_report *r = NULL;
	int64_t id = 0;
	int code = cus_budget_line_add(&r, s, &in, flags, &id);
	rc = report_done(ctx, code, r, NULL, id);
	cus_finance_report_free(r);
	cus_session_close(s);
	cus_db_close(db);
	return rc;
}

static int exp_add(cli_ctx *ctx)
{
	static const struct option opts[] = {
		ENTRY_OPTIONS,
		{ "date", required_argument, NULL, 'D' },
		{ "document", required_argument, NULL, 'd' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	cus_expenditure_input in = CUS_EXPENDITURE_INPUT_INIT;
	cus_classification cls;
	const char *kl = NULL, *amount = NULL;
	int c, rc;
	cli_getopt_reset();
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'k': kl = optarg; break;
		case 'S': in.source = optarg; break;
		case 'P': in.project = optarg; break;
		case 'V': in.service = optarg; break;
		case 'A': amount = optarg; break;
		case 'D': in.date = optarg; break;
		case 'd': in.document = optarg; break;
		default:
			if (!cli_global_option(ctx, c, optarg))
				return cli_bad_option(ctx, c);
		}
	}
	if (optind < ctx->argc)
		return cli_usage_error(ctx, "%s: unexpected argument '%s'", cli_command_name, ctx->argv[optind]);
	if (!kl || !in.date || !in.source || !amount)
		return cli_usage_error(ctx, "%s: give --date, --classification, --source and --amount", cli_command_name);
	if ((rc = classification_arg(ctx, kl, &cls)) || (rc = money_arg(ctx, "amount", amount, &in.amount)))
		return rc;
	in.dzial = cls.dzial;
	in.rozdzial = cls.rozdzial;
	in.paragraf = cls.paragraf;
	cus_db *db = NULL;
	cus_session *s = NULL;
	if ((rc = open_session(ctx, &db, &s)))
		return rc;
	int64_t id = 0;
	int code = cus_expenditure_add(s, &in, &id);
	if (code)
		rc = cli_fail(ctx, code);
	else if (ctx->json)
		printf("{\"id\":%" PRId64 "}\n", id);
	else
		printf("%" PRId64 "\n", id);
	cus_session_close(s);
	cus_db_close(db);
	return rc;
}

static void entry_json(const char *first_name, const char *first, int year, const char *dz, const char *rz,
	const char *pg, const char *src, const char *proj, const char *svc, int64_t amount, const char *note_name,
	const char *note, int64_t id)
{
	printf("{\"id\":%" PRId64 ",\"%s\":", id, first_name);
	if (first)
		json_str(stdout, first);
	else
		printf("%d", year);
	printf(",\"dzial\":");
	json_str(stdout, dz);
	printf(",\"rozdzial\":");
	json_str(stdout, rz);
	printf(",\"paragraf\":");
	json_str(stdout, pg);
	printf(",\"source\":");
	json_str(stdout, src);
	printf(",\"project\":");
	json_str(stdout, proj);
	printf(",\"service\":");
	json_str(stdout, svc);
	printf(",\"amount\":");
	money_json(amount);
	printf(",\"%s\":", note_name);
	json_str(stdout, note);
	putchar('}');
}

static int line_list(cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "year", required_argument, NULL, 'y' },
		{ "project", required_argument, NULL, 'P' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	int year = 0, c, rc;
	const char *project = NULL;
	cli_getopt_reset();
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		if (c == 'y') {
			char *end = NULL;
			long y = strtol(optarg, &end, 10);
			if (!*optarg || *end || y < 1 || y > 9999)
				return cli_input_error(ctx, "year", "%s: year: must be a year such as 2022", cli_command_name);
			year = (int)y;
		} else if (c == 'P') {
			project = optarg;
		} else if (!cli_global_option(ctx, c, optarg)) {
			return cli_bad_option(ctx, c);
		}
	}
	if (optind < ctx->argc)
		return cli_usage_error(ctx, "%s: unexpected argument '%s'", cli_command_name, ctx->argv[optind]);
	cus_db *db = NULL;
	cus_session *s = NULL;
	if ((rc = open_session(ctx, &db, &s)))
		return rc;
	cus_budget_line_iter *it = NULL;
	int code = cus_budget_line_list(&it, s, year, project);
	if (code) {
		rc = cli_fail(ctx, code);
	} else {
		const cus_budget_line *l;
		int first = 1;
		if (ctx->json)
			putchar('[');
		else
			printf("%-4s %-16s %-20s %-12s %-28s %20s\n", "YEAR", "CLASSIFICATION", "SOURCE", "PROJECT", "SERVICE",
				"AMOUNT");
		while (cus_budget_line_next(&l, it) == 0) {
			if (ctx->json) {
				if (!first)
					putchar(',');
				entry_json("year", NULL, l->year, l->dzial, l->rozdzial, l->paragraf, l->source, l->project,
					l->service, l->amount, "note", l->note, l->id);
			} else {
				char a[CUS_MONEY_FORMAT_MAX], k[24];
				snprintf(k, sizeof k, "%s/%s/%s", l->dzial, l->rozdzial, l->paragraf);
				printf("%-4d %-16s %-20s %-12s %-28s %20s\n", l->year, k, l->source, cli_or_dash(l->project),
					cli_or_dash(l->service), money(a, l->amount));
			}
			first = 0;
		}
		if (ctx->json)
			printf("]\n");
	}
	cus_budget_line_iter_free(it);
	cus_session_close(s);
	cus_db_close(db);
	return rc;
}

static int exp_list(cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "period", required_argument, NULL, 'p' },
		{ "project", required_argument, NULL, 'P' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *period = NULL, *project = NULL;
	int c, rc;
	cli_getopt_reset();
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		if (c == 'p')
			period = optarg;
		else if (c == 'P')
			project = optarg;
		else if (!cli_global_option(ctx, c, optarg))
			return cli_bad_option(ctx, c);
	}
	if (optind < ctx->argc)
		return cli_usage_error(ctx, "%s: unexpected argument '%s'", cli_command_name, ctx->argv[optind]);
	cus_db *db = NULL;
	cus_session *s = NULL;
	if ((rc = open_session(ctx, &db, &s)))
		return rc;
	cus_expenditure_iter *it = NULL;
	int code = cus_expenditure_list(&it, s, period, project);
	if (code) {
		rc = cli_fail(ctx, code);
	} else {
		const cus_expenditure *x;
		int first = 1;
		if (ctx->json)
			putchar('[');
		else
			printf("%-10s %-16s %-20s %-12s %-28s %20s\n", "DATE", "CLASSIFICATION", "SOURCE", "PROJECT",
				"SERVICE", "AMOUNT");
		while (cus_expenditure_next(&x, it) == 0) {
			if (ctx->json) {
				if (!first)
					putchar(',');
				entry_json("date", x->date, 0, x->dzial, x->rozdzial, x->paragraf, x->source, x->project,
					x->service, x->amount, "document", x->document, x->id);
			} else {
				char a[CUS_MONEY_FORMAT_MAX], k[24];
				snprintf(k, sizeof k, "%s/%s/%s", x->dzial, x->rozdzial, x->paragraf);
				printf("%-10s %-16s %-20s %-12s %-28s %20s\n", x->date, k, x->source, cli_or_dash(x->project),
					cli_or_dash(x->service), money(a, x->amount));
			}
			first = 0;
		}
		if (ctx->json)
			printf("]\n");
	}
	cus_expenditure_iter_free(it);
	cus_session_close(s);
	cus_db_close(db);
	return rc;
}

static int line_import(cli_ctx *ctx)
{
	return run_import(ctx, 1);
}

static int exp_import(cli_ctx *ctx)
{
	return run_import(ctx, 2);
}

static int cmd_budget_line(cli_ctx *ctx)
{
	static const cli_subcommand subs[] = { { "add", line_add }, { "import", line_import }, { "list", line_list } };
	return cli_dispatch(ctx, subs, sizeof subs / sizeof subs[0], "add, import, list");
}

static int cmd_expenditure(cli_ctx *ctx)
{
	static const cli_subcommand subs[] = { { "add", exp_add }, { "import", exp_import }, { "list", exp_list } };
	return cli_dispatch(ctx, subs, sizeof subs / sizeof subs[0], "add, import, list");
}

/* ---- the breakdown ---- */

static void row_json(const cus_budget_row *r)
{
	printf("{\"key\":");
	json_str(stdout, r->key);
	printf(",\"name\":");
	json_str(stdout, r->name);
	printf(",\"level\":%d,\"parent\":", r->level);
	json_str(stdout, r->parent);
	printf(",\"plan\":%" PRId64 ",\"executed\":%" PRId64 ",\"executed_bp\":", r->plan, r->executed);
	if (r->executed_bp < 0)
		printf("null");
	else
		printf("%" PRId64, r->executed_bp);
	const char *names[] = { "beneficiaries", "units", "cost_per_beneficiary", "cost_per_unit" };
	int64_t vals[] = { r->beneficiaries, r->units, r->cost_per_beneficiary, r->cost_per_unit };
	for (int i = 0; i < 4; i++) {
		printf(",\"%s\":", names[i]);
		if (vals[i] < 0)
			printf("null");
		else
			printf("%" PRId64, vals[i]);
	}
	putchar('}');
}

static void parts_json(const char *name, const cus_budget_part *p, int n)
{
	printf(",\"%s\":[", name);
	for (int i = 0; i < n; i++) {
		printf("%s{\"key\":", i ? "," : "");
		json_str(stdout, p[i].key);
		printf(",\"plan\":%" PRId64 ",\"executed\":%" PRId64 ",\"plan_share_bp\":", p[i].plan, p[i].executed);
		if (p[i].plan_share_bp < 0)
			printf("null");
		else
			printf("%" PRId64, p[i].plan_share_bp);
		printf(",\"executed_share_bp\":");
		if (p[i].executed_share_bp < 0)
			printf("null");
		else
			printf("%" PRId64, p[i].executed_share_bp);
		putchar('}');
	}
	putchar(']');
}

static void row_text(const cus_budget_row *r, int people)
{
	char a[CUS_MONEY_FORMAT_MAX], b[CUS_MONEY_FORMAT_MAX], q[24], key[40];
	snprintf(key, sizeof key, "%*s%s", r->level > 1 ? 2 * (r->level - 1) : 0, "", r->key[0] ? r->key : "(none)");
	printf("%-34s %20s %20s %9s", key, money(a, r->plan), money(b, r->executed), pct(q, sizeof q, r->executed_bp));
	if (people) {
		char c[CUS_MONEY_FORMAT_MAX], d[CUS_MONEY_FORMAT_MAX];
		printf(" %6s %8s %16s %14s", "", "", r->cost_per_beneficiary >= 0 ? money(c, r->cost_per_beneficiary) : "-",
			r->cost_per_unit >= 0 ? money(d, r->cost_per_unit) : "-");
		if (r->beneficiaries >= 0)
			printf("  persons %" PRId64 ", units %" PRId64, r->beneficiaries, r->units);
	}
	if (r->name)
		printf("  %s", r->name);
	putchar('\n');
}

static int cmd_budget(cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "period", required_argument, NULL, 'p' },
		{ "by", required_argument, NULL, 'b' },
		{ "strict", no_argument, NULL, 's' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *period = NULL, *by_name = "source";
	unsigned flags = 0;
	int c, rc;
	snprintf(cli_command_name, sizeof cli_command_name, "budget");
	cli_getopt_reset();
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		if (c == 'p')
			period = optarg;
		else if (c == 'b')
			by_name = optarg;
		else if (c == 's')
			flags |= CUS_FINANCE_STRICT;
		else if (!cli_global_option(ctx, c, optarg))
			return cli_bad_option(ctx, c);
	}
	if (optind < ctx->argc)
		return cli_usage_error(ctx, "budget: unexpected argument '%s'", ctx->argv[optind]);
	if (!period)
		return cli_usage_error(ctx, "budget: give --period PERIOD (2022, 2022H1, 2022Q3, 2022-03)");
	int by = cus_budget_by_parse(by_name);
	if (by < 0)
		return cli_usage_error(ctx, "budget: --by must be source, project, classification, area, service, dzial,"
			" rozdzial or paragraf");
	cus_db *db = NULL;
	cus_session *s = NULL;
	if ((rc = open_session(ctx, &db, &s)))
		return rc;
	cus_budget_report *r = NULL;
	int code = cus_budget_report_get(&r, s, period, by, flags);
	if (r && ctx->json) {
		printf("{\"ok\":%s,\"period\":", code ? "false" : "true");
		json_str(stdout, r->period.name);
		printf(",\"first\":");
		json_str(stdout, r->period.first);
		printf(",\"last\":");
		json_str(stdout, r->period.last);
		printf(",\"by\":");
		json_str(stdout, cus_budget_by_name(r->by));
		printf(",\"rows\":[");
		for (size_t i = 0; i < r->nrows; i++) {
			if (i)
				putchar(',');
			row_json(&r->rows[i]);
		}
		printf("],\"total\":");
		row_json(&r->total);
		parts_json("spending", r->spending, 3);
		parts_json("financing", r->financing, 4);
		printf(",\"mismatches\":[");
		for (size_t i = 0; i < r->mismatch_count; i++) {
			const cus_finance_mismatch *m = &r->mismatches[i];
			printf("%s{\"field\":", i ? "," : "");
			json_str(stdout, m->field);
			printf(",\"project\":");
			json_str(stdout, m->project);
			printf(",\"expected\":%" PRId64 ",\"actual\":%" PRId64 ",\"difference\":%" PRId64 ",\"message\":",
				m->expected, m->actual, m->difference);
			json_str(stdout, m->message);
			printf(",\"error\":%s}", m->error ? "true" : "false");
		}
		printf("]}\n");
	} else if (r) {
		int people = by == CUS_BUDGET_BY_SERVICE || by == CUS_BUDGET_BY_AREA;
		printf("budget %s (%s .. %s) by %s; plan: the year %d\n", r->period.name, r->period.first, r->period.last,
			cus_budget_by_name(r->by), r->period.year);
		printf("%-34s %20s %20s %9s", "KEY", "PLAN", "EXECUTED", "%");
		if (people)
			printf(" %6s %8s %16s %14s", "", "", "PER PERSON", "PER UNIT");
		putchar('\n');
		for (size_t i = 0; i < r->nrows; i++)
			row_text(&r->rows[i], people);
		cus_budget_row t = r->total;
		t.key = "TOTAL";
		row_text(&t, people);
		char a[CUS_MONEY_FORMAT_MAX], b[CUS_MONEY_FORMAT_MAX], q1[24], q2[24];
		printf("\nspending:\n");
		for (int i = 0; i < 3; i++)
			printf("  %-14s %20s %9s %20s %9s\n", r->spending[i].key, money(a, r->spending[i].plan),
				pct(q1, sizeof q1, r->spending[i].plan_share_bp), money(b, r->spending[i].executed),
				pct(q2, sizeof q2, r->spending[i].executed_share_bp));
		printf("financing:\n");
		for (int i = 0; i < 4; i++)
			printf("  %-14s %20s %9s %20s %9s\n", r->financing[i].key, money(a, r->financing[i].plan),
				pct(q1, sizeof q1, r->financing[i].plan_share_bp), money(b, r->financing[i].executed),
				pct(q2, sizeof q2, r->financing[i].executed_share_bp));
		for (size_t i = 0; i < r->mismatch_count; i++)
			fprintf(stderr, "cus: %s: %s: %s\n", r->mismatches[i].error ? "error" : "warning",
				r->mismatches[i].field, r->mismatches[i].message);
	}
	if (code)
		rc = cli_fail(ctx, code);
	cus_budget_report_free(r);
	cus_session_close(s);
	cus_db_close(db);
	return rc;
}

#define FIN_PURPOSE_NOTE \
	"The session's purpose defaults to reporting (--purpose benefits or\n" \
	"service_delivery for the finance role). Amounts as '1 234,56', '1234.56' or\n" \
	"'1 234,56 zł'; --json prints amounts in grosze. Exit 3 names the invalid\n" \
	"field (or FILE:line), exit 4 when the role may not (audited).\n"

const cli_command cli_finance_commands[] = {
	{ "project", cmd_project, "add, import, list and show co-financed projects",
	  "usage: cus [global options] project add --code CODE --name NAME --total-cost AMOUNT\n"
	  "                 [--co-financing AMOUNT] [--own-contribution AMOUNT] [--source CODE=AMOUNT ...]\n"
	  "                 [--programme P] [--measure M] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--strict]\n"
	  "       cus [global options] project import FILE [--card] [--strict] [--encoding E] [--delimiter D]\n"
	  "       cus [global options] project list [--json]\n"
	  "       cus [global options] project show CODE [--json]\n"
	  "\n"
	  "add: checks total = co-financing + own contribution and, with --source, the\n"
	  "  amounts per funding source (own sources = own contribution, the others =\n"
	  "  co-financing); a mismatch is a warning naming both amounts and the\n"
	  "  difference, or with --strict an error (nothing stored). Prints the id.\n"
	  "import: a CSV file (columns code, name, programme, measure, period_from,\n"
	  "  period_to, total_cost, co_financing, own_contribution, one per source code;\n"
	  "  Polish names kod, nazwa, od, do, koszt całkowity, dofinansowanie, wkład\n"
	  "  własny), or with --card (or a .yaml / .yml file) a YAML project card with\n"
	  "  its sources and plan lines (docs/FORMAT.md, \"Finance\"). Atomic: every bad\n"
	  "  row is listed as 'FILE:line N: field: reason' and nothing is stored.\n" FIN_PURPOSE_NOTE },
	{ "budget-line", cmd_budget_line, "add, import and list budget plan lines",
	  "usage: cus [global options] budget-line add --year YYYY --classification 852/85228/4300\n"
	  "                 --source CODE --amount AMOUNT [--project CODE] [--service CODE] [--note TEXT] [--strict]\n"
	  "       cus [global options] budget-line import FILE [--strict] [--encoding E] [--delimiter D]\n"
	  "       cus [global options] budget-line list [--year YYYY] [--project CODE] [--json]\n"
	  "\n"
	  "A line of the annual plan by budget classification (dział 3 digits, rozdział\n"
	  "5 digits starting with its dział, paragraf 4 digits; a paragraph ending in\n"
	  "7, 8 or 9 is EU funds, state co-financing or own contribution of a project\n"
	  "and must name one, with a source of that kind). The plan lines of a project\n"
	  "are checked against its total (warning, or error with --strict). CSV\n"
	  "columns: year (rok), dzial, rozdzial, paragraf or classification, source\n"
	  "(źródło), project, service (usługa), amount (kwota), note (uwagi).\n" FIN_PURPOSE_NOTE },
	{ "expenditure", cmd_expenditure, "add, import and list expenditures",
	  "usage: cus [global options] expenditure add --date YYYY-MM-DD --classification 852/85228/4300\n"
	  "                 --source CODE --amount AMOUNT [--project CODE] [--service CODE] [--document NO]\n"
	  "       cus [global options] expenditure import FILE [--encoding E] [--delimiter D]\n"
	  "       cus [global options] expenditure list [--period PERIOD] [--project CODE] [--json]\n"
	  "\n"
	  "An expenditure as booked; a negative amount is a correction. --service\n"
	  "attributes it to a service of the Programme (spending on services, cost per\n"
	  "beneficiary). CSV columns: date (data), dzial, rozdzial, paragraf or\n"
	  "classification, source, project, service, amount, document (nr dokumentu).\n" FIN_PURPOSE_NOTE },
	{ "budget", cmd_budget, "plan against execution for a period",
	  "usage: cus [global options] budget --period PERIOD\n"
	  "                 [--by source|project|classification|area|service|dzial|rozdzial|paragraf]\n"
	  "                 [--strict] [--json]\n"
	  "\n"
	  "PERIOD: 2022, 2022H1, 2022Q3 or 2022-03. The plan is the plan of the period's\n"
	  "year (plan lines are annual); execution is the expenditures dated in the\n"
	  "period; % executed in basis points, exact. Rows (default --by source) add up\n"
	  "to the total to the grosz; the total is computed from the stored amounts,\n"
	  "not from the rows. Also: the structure of spending (benefits: paragraphs 3xxx;\n"
	  "services: attributed to a service; upkeep: the rest) and of financing (own,\n"
	  "commissioned, external, other), and with --by service or area the persons\n"
	  "served (distinct), units delivered and the cost per person and per unit.\n"
	  "The stored projects' sums are checked: warnings, or with --strict exit 3.\n"
	  "With --json amounts are grosze, shares basis points (null when undefined).\n" FIN_PURPOSE_NOTE },
	{ NULL, NULL, NULL, NULL },
};
