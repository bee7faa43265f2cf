/* cus policy check | load | show | history. */
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char policy_usage[] =
	"usage: cus policy check FILE [--json]\n"
	"       cus [--db PATH] policy load FILE [--json]\n"
	"       cus [--db PATH] policy show [--version N] [--json]\n"
	"       cus [--db PATH] policy history [--json]\n"
	"\n"
	"Policy sets (docs/POLICY.md): the purposes of processing, their legal bases\n"
	"and what each role may do.\n"
	"\n"
	"  check FILE     validate FILE without a database: prints\n"
	"                 \"FILE: valid, N purposes, M roles\"; on the first problem\n"
	"                 prints \"FILE:LINE:COLUMN: KEY: message\" and exits 3\n"
	"  load FILE      validate FILE and store it as the next version, which\n"
	"                 becomes the active policy (session purpose: --purpose, by\n"
	"                 default administration; needs write on 'policy', exit 4\n"
	"                 when denied; audited)\n"
	"  show           the active version (or --version N): its details and text;\n"
	"                 with --json its details with its purposes and roles\n"
	"  history        every stored version, oldest first\n";

/* Print a validation error: "FILE:LINE:COLUMN: KEY: message" (the library's
 * message has this form whenever it has a position), or a JSON object on
 * stderr with the position as numbers. Returns the exit code. */
static int policy_fail(const cli_ctx *ctx, int code)
{
	const cus_error *e = cus_error_last();
	if (e->code != code || e->line <= 0)
		return cli_fail(ctx, code);
	int exit_code = cli_exit_code(code);
	if (ctx->json) {
		fprintf(stderr, "{\"error\":{\"code\":%d,\"name\":", code);
		json_str(stderr, cus_error_name(code));
		fputs(",\"message\":", stderr);
		json_str(stderr, e->message);
		fputs(",\"field\":", stderr);
		json_str(stderr, e->field);
		fprintf(stderr, ",\"line\":%d,\"column\":%d,\"exit\":%d}}\n", e->line, e->column, exit_code);
	} else {
		fprintf(stderr, "%s\n", e->message);
	}
	return exit_code;
}

static void json_info_fields(FILE *f, const cus_policy_info *i)
{
	fprintf(f, "\"version\":%" PRId64 ",\"policy_id\":", i->version);
	json_str(f, i->policy_id);
	fputs(",\"name\":", f);
	json_str(f, i->name);
	fputs(",\"valid_from\":", f);
	json_str(f, i->valid_from);
	fputs(",\"valid_to\":", f);
	json_str(f, i->valid_to);
	fputs(",\"municipality\":", f);
	json_str(f, i->municipality);
	fputs(",\"teryt\":", f);
	json_str(f, i->teryt);
	fputs(",\"hash\":", f);
	json_str(f, i->hash);
	fputs(",\"loaded_by\":", f);
	json_str(f, i->loaded_by);
	fputs(",\"loaded_at\":", f);
	json_str(f, i->loaded_at);
	fputs(",\"source\":", f);
	json_str(f, i->source);
	fprintf(f, ",\"purposes_count\":%d,\"roles_count\":%d", i->purposes, i->roles);
}

/* Options of a subcommand: the globals, plus --version N for show. */
static int parse_options(cli_ctx *ctx, int argc, char **argv, int64_t *version, int nargs, char **args)
{
	static const struct option opts[] = {
		{ "version", required_argument, NULL, 'v' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	int c;
	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'v' && version) {
			char *end = NULL;
			long long v = strtoll(optarg, &end, 10);
			if (!*optarg || *end || v < 1)
				return cli_usage_error(ctx, "policy %s: --version takes a version number (1, 2, ...), not '%s'",
					argv[0], optarg);
			*version = v;
		} else if (c == 'v' || !cli_global_option(ctx, c, optarg)) {
			cli_ctx sub = *ctx;
			sub.argc = argc;
			sub.argv = argv;
			return cli_bad_option(&sub, c);
		}
	}
	if (argc - optind != nargs) {
		if (argc - optind > nargs)
			return cli_usage_error(ctx, "policy %s: unexpected argument '%s'", argv[0], argv[optind + nargs]);
		return cli_usage_error(ctx, "policy %s: give the policy FILE", argv[0]);
	}
	for (int i = 0; i < nargs; i++)
		args[i] = argv[optind + i];
	return 0;
}

/* ---- check ---- */

static int policy_check(cli_ctx *ctx, int argc, char **argv)
{
	char *file = NULL;
	int rc = parse_options(ctx, argc, argv, NULL, 1, &file);
	if (rc)
		return rc;
	cus_policy_info *i = NULL;
	rc = cus_policy_inspect_file(&i, file);
	if (rc)
		return policy_fail(ctx, rc);
	if (ctx->json) {
		fputs("{\"file\":", stdout);
		json_str(stdout, file);
		fputs(",\"valid\":true,", stdout);
		json_info_fields(stdout, i);
		fputs("}\n", stdout);
	} else {
		printf("%s: valid, %d purposes, %d roles\n", file, i->purposes, i->roles);
	}
	cus_policy_info_free(i);
	return EXIT_OK;
}

/* ---- load ---- */

static int policy_load(cli_ctx *ctx, int argc, char **argv)
{
	char *file = NULL;
	int rc = parse_options(ctx, argc, argv, NULL, 1, &file);
	if (rc)
		return rc;
	cus_db *db = NULL;
	cus_session *s = NULL;
	rc = cli_open_session(ctx, &db, &s, "administration");
	if (rc)
		return rc;
	int64_t version = 0;
	int r = cus_policy_load_file(s, file, &version);
	cus_policy_info *i = NULL;
	if (!r)
		r = cus_policy_info_get(&i, db, version);
	if (r) {
		rc = policy_fail(ctx, r);
	} else if (ctx->json) {
		fputs("{\"file\":", stdout);
		json_str(stdout, file);
		fputc(',', stdout);
		json_info_fields(stdout, i);
		fputs("}\n", stdout);
	} else {
		printf("Loaded %s as policy version %" PRId64 " (%d purposes, %d roles; BLAKE2b %s).\n", file, version,
			i->purposes, i->roles, i->hash);
	}
	cus_policy_info_free(i);
	cus_session_close(s);
	cus_db_close(db);
	return rc;
}

/* ---- show ---- */

static void print_info(const cus_policy_info *i)
{
	printf("version           %" PRId64 "\n", i->version);
	printf("policy            %s\n", i->policy_id);
	printf("name              %s\n", i->name);
	printf("valid             from %s to %s\n", i->valid_from, i->valid_to ? i->valid_to : "(open)");
	printf("municipality      %s (TERYT %s)\n", i->municipality, i->teryt);
	printf("purposes, roles   %d, %d\n", i->purposes, i->roles);
	printf("hash (BLAKE2b)    %s\n", i->hash);
	printf("loaded            %s by %s from %s\n", i->loaded_at, i->loaded_by, i->source);
}

static int show_json(cus_db *db, const cus_policy_info *i)
{
	const cus_purpose *purposes = NULL;
	const cus_role *roles = NULL;
	int np = cus_policy_version_purposes(&purposes, db, i->version);
	if (np < 0)
		return np;
	int nr = cus_policy_version_roles(&roles, db, i->version);
	if (nr < 0)
		return nr;
	fputc('{', stdout);
	json_info_fields(stdout, i);
	fputs(",\"purposes\":[", stdout);
	for (int k = 0; k < np; k++) {
		fputs(k ? ",{\"code\":" : "{\"code\":", stdout);
		json_str(stdout, purposes[k].code);
		fputs(",\"name\":", stdout);
		json_str(stdout, purposes[k].name);
		fputs(",\"legal_basis\":", stdout);
		json_str(stdout, purposes[k].legal_basis);
		fputc('}', stdout);
	}
	fputs("],\"roles\":[", stdout);
	for (int k = 0; k < nr; k++) {
		fputs(k ? ",{\"code\":" : "{\"code\":", stdout);
		json_str(stdout, roles[k].code);
		fputs(",\"name\":", stdout);
		json_str(stdout, roles[k].name);
		fputc('}', stdout);
	}
	fputs("]}\n", stdout);
	return 0;
}

static int policy_show(cli_ctx *ctx, int argc, char **argv)
{
	int64_t version = 0;
	int rc = parse_options(ctx, argc, argv, &version, 0, NULL);
	if (rc)
		return rc;
	cus_db *db = NULL;
	rc = cli_open_db(ctx, &db);
	if (rc)
		return rc;
	cus_policy_info *i = NULL;
	char *yaml = NULL;
	size_t len = 0;
	int r = cus_policy_info_get(&i, db, version);
	if (!r && ctx->json) {
		r = show_json(db, i);
	} else if (!r && !(r = cus_policy_text(&yaml, &len, db, i->version))) {
		print_info(i);
		putchar('\n');
		fwrite(yaml, 1, len, stdout);
		if (len && yaml[len - 1] != '\n')
			putchar('\n');
	}
	if (r)
		rc = cli_fail(ctx, r);
	cus_free(yaml);
	cus_policy_info_free(i);
	cus_db_close(db);
	return rc;
}

/* ---- history ---- */

static int policy_history(cli_ctx *ctx, int argc, char **argv)
{
	int rc = parse_options(ctx, argc, argv, NULL, 0, NULL);
	if (rc)
		return rc;
	cus_db *db = NULL;
	rc = cli_open_db(ctx, &db);
	if (rc)
		return rc;
	cus_policy_iter *it = NULL;
	int r = cus_policy_history(&it, db);
	if (r) {
		rc = cli_fail(ctx, r);
	} else {
		const cus_policy_info *i;
		int n = 0;
		if (ctx->json)
			fputc('[', stdout);
		else
			printf("%-8s %-20s %-16s %-16s %s\n", "VERSION", "LOADED (UTC)", "BY", "HASH", "POLICY / SOURCE");
		while ((r = cus_policy_next(&i, it)) == 0) {
			if (ctx->json) {
				fputs(n ? ",{" : "{", stdout);
				json_info_fields(stdout, i);
				fputc('}', stdout);
			} else {
				printf("%-8" PRId64 " %-20s %-16s %.16s %s (%s)\n", i->version, i->loaded_at, i->loaded_by,
					i->hash, i->policy_id, i->source);
			}
			n++;
		}
		if (ctx->json)
			fputs("]\n", stdout);
		else if (n == 0)
			printf("(no policy loaded)\n");
		if (r != CUS_ITEROVER)
			rc = cli_fail(ctx, r);
	}
	cus_policy_iter_free(it);
	cus_db_close(db);
	return rc;
}

/* ---- dispatch ---- */

static int cmd_policy(cli_ctx *ctx)
{
	static const struct {
		const char *name;
		int (*run)(cli_ctx *ctx, int argc, char **argv);
	} subs[] = {
		{ "check", policy_check },
		{ "load", policy_load },
		{ "show", policy_show },
		{ "history", policy_history },
	};
	/* The subcommand is the first argument that is not a global option
	 * (cus policy --json check FILE works too). */
	int at = 1;
	while (at < ctx->argc && ctx->argv[at][0] == '-' && strcmp(ctx->argv[at], "--") != 0) {
		const char *a = ctx->argv[at];
		int takes_value = strcmp(a, "--db") == 0 || strcmp(a, "--user") == 0 ||
			strcmp(a, "--passphrase-file") == 0 || strcmp(a, "--key-file") == 0 ||
			strcmp(a, "--purpose") == 0 || strcmp(a, "--version") == 0;
		at += takes_value && !strchr(a, '=') ? 2 : 1;
	}
	if (at >= ctx->argc)
		return cli_usage_error(ctx, "policy: name a subcommand: check, load, show or history");
	const char *name = ctx->argv[at];
	for (size_t k = 0; k < sizeof subs / sizeof subs[0]; k++) {
		if (strcmp(subs[k].name, name) != 0)
			continue;
		/* argv for the subcommand: its name first, then every other argument */
		char **argv = malloc((size_t)ctx->argc * sizeof *argv);
		if (!argv)
			return EXIT_INTERNAL;
		int argc = 0;
		argv[argc++] = ctx->argv[at];
		for (int i = 1; i < ctx->argc; i++)
			if (i != at)
				argv[argc++] = ctx->argv[i];
		int rc = subs[k].run(ctx, argc, argv);
		free(argv);
		return rc;
	}
	return cli_usage_error(ctx, "policy: unknown subcommand '%s' (check, load, show or history)", name);
}

const cli_command cli_policy_commands[] = {
	{ "policy", cmd_policy, "check, load, show and list policy sets", policy_usage },
	{ NULL, NULL, NULL, NULL },
};
