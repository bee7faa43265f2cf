/* Helpers every command file shares: subcommands, ids and numbers given on
 * the command line, errors the command finds itself, sessions for a purpose,
 * small output conventions. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

char cli_command_name[64] = "cus";

const char *cli_or_dash(const char *s)
{
	return s ? s : "-";
}

int cli_dispatch(cli_ctx *ctx, const cli_subcommand *subs, size_t n, const char *names)
{
	if (ctx->argc < 2)
		return cli_usage_error(ctx, "%s: give a subcommand: %s", ctx->argv[0], names);
	for (size_t i = 0; i < n; i++)
		if (strcmp(ctx->argv[1], subs[i].name) == 0) {
			cli_ctx sub = *ctx;
			snprintf(cli_command_name, sizeof cli_command_name, "%s %s", ctx->argv[0], subs[i].name);
			sub.argc = ctx->argc - 1;
			sub.argv = ctx->argv + 1;
			int rc = subs[i].run(&sub);
			ctx->json = sub.json;   /* --json after the subcommand shapes the error output too */
			return rc;
		}
	return cli_usage_error(ctx, "%s: unknown subcommand '%s' (%s)", ctx->argv[0], ctx->argv[1], names);
}

int cli_parse_id(cli_ctx *ctx, const char *what, const char *arg, int64_t *id)
{
	char *end = NULL;
	errno = 0;
	long long v = (arg && *arg) ? strtoll(arg, &end, 10) : 0;
	if (!arg || !*arg || errno || *end || v <= 0)
		return cli_usage_error(ctx, "%s: %s must be a positive number, not '%s'", cli_command_name, what,
			arg ? arg : "");
	*id = (int64_t)v;
	return 0;
}

int cli_input_error(const cli_ctx *ctx, const char *field, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (ctx->json) {
		fprintf(stderr, "{\"error\":{\"code\":%d,\"name\":", CUS_EINVAL);
		json_str(stderr, cus_error_name(CUS_EINVAL));
		fputs(",\"message\":", stderr);
		json_str(stderr, msg);
		fputs(",\"field\":", stderr);
		json_str(stderr, field);
		fprintf(stderr, ",\"exit\":%d}}\n", EXIT_INPUT);
	} else {
		fprintf(stderr, "cus: %s [%s]\n", msg, field);
	}
	return EXIT_INPUT;
}

int cli_parse_int(const cli_ctx *ctx, const char *field, const char *option, const char *arg, int *out)
{
	char *end = NULL;
	errno = 0;
	long v = (arg && *arg) ? strtol(arg, &end, 10) : 0;
	if (!arg || !*arg || errno || *end || v < -1000000 || v > 1000000)
		return cli_input_error(ctx, field, "%s: %s must be a whole number from -1000000 to 1000000",
			cli_command_name, option);
	*out = (int)v;
	return 0;
}

void cli_today(char out[11])
{
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

int cli_open_purpose_session(cli_ctx *ctx, cus_db **db, cus_session **s)
{
	*db = NULL;
	*s = NULL;
	if (!ctx->purpose)
		return cli_usage_error(ctx, "%s: name the purpose of processing with --purpose CODE (personal data "
			"has no default purpose)", cli_command_name);
	return cli_open_session(ctx, db, s, NULL);
}

void cli_close_session(cus_db *db, cus_session *s)
{
	cus_session_close(s);
	cus_db_close(db);
}

void cli_print_id(const cli_ctx *ctx, int64_t id)
{
	if (ctx->json)
		printf("{\"id\":%" PRId64 "}\n", id);
	else
		printf("%" PRId64 "\n", id);
}

void cli_json_id_or_null(int64_t id)
{
	if (id)
		printf("%" PRId64, id);
	else
		fputs("null", stdout);
}

void cli_hundredths(char *buf, size_t size, int64_t v, char sep)
{
	const char *sign = v < 0 ? "-" : "";
	uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	uint64_t whole = a / 100, frac = a % 100;
	if (frac == 0)
		snprintf(buf, size, "%s%" PRIu64, sign, whole);
	else if (frac % 10 == 0)
		snprintf(buf, size, "%s%" PRIu64 "%c%" PRIu64, sign, whole, sep, frac / 10);
	else
		snprintf(buf, size, "%s%" PRIu64 "%c%02" PRIu64, sign, whole, sep, frac);
}

int cli_id_and_date(cli_ctx *ctx, const char *what, int64_t *id, const char **date)
{
	static const struct option opts[] = {
		{ "date", required_argument, NULL, 'd' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	*date = NULL;
	int c;
	cli_getopt_reset();
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		if (c == 'd')
			*date = optarg;
		else if (!cli_global_option(ctx, c, optarg))
			return cli_bad_option(ctx, c);
	}
	if (optind + 1 != ctx->argc)
		return cli_usage_error(ctx, "%s: give exactly one %s ID", cli_command_name, what);
	char label[64];
	snprintf(label, sizeof label, "the %s ID", what);
	return cli_parse_id(ctx, label, ctx->argv[optind], id);
}
