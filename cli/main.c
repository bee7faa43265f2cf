/* cus — the command-line tool of libcus. Written only against <cus/cus.h>. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"

static const char global_usage[] =
	"usage: cus [global options] COMMAND [args]\n"
	"\n"
	"Global options:\n"
	"  --db PATH               the database (or env CUS_DB); its key store is PATH.keys\n"
	"  --user LOGIN            the user whose key slot opens it (or env CUS_USER)\n"
	"  --passphrase-file FILE  read the passphrase from FILE (first line)\n"
	"  --key-file FILE         open with a service account's 32-byte key file\n"
	"  --purpose CODE          the purpose of processing of the session (or env CUS_PURPOSE)\n"
	"  --break-glass REASON    emergency access: read what the role may not, with a written\n"
	"                          justification (20+ characters); audited, expires, and listed\n"
	"                          for the data protection officer to acknowledge\n"
	"  --json                  machine-readable output (and errors as JSON on stderr)\n"
	"  --help                  this help; COMMAND --help for a command's\n"
	"  --version               print the version\n"
	"The passphrase comes from --passphrase-file, else env CUS_PASSPHRASE, else a prompt\n"
	"on the terminal (no echo).\n"
	"\n"
	"Exit codes: 0 success; 1 internal error; 2 usage error; 3 invalid input (nothing\n"
	"was changed); 4 access denied; 5 wrong passphrase or key, or not a libcus\n"
	"database; 6 integrity violation detected; 7-11 a disposal or erasure refused\n"
	"(7 not approved, 8 legal hold, 9 category A, 10 category BE, 11 retention not ended).\n"
	"\n"
	"Commands:\n";

int cli_exit_code(int code)
{
	switch (code) {
	case CUS_OK: return EXIT_OK;
	case CUS_EINVAL:
	case CUS_ENOTFOUND:
	case CUS_EEXISTS: return EXIT_INPUT;
	case CUS_EDENIED: return EXIT_DENIED;
	case CUS_EKEY:
	case CUS_ENOTDB:
	case CUS_EVERSION: return EXIT_KEY;
	case CUS_EKEYSTORE:
	case CUS_EINTEGRITY:
	case CUS_ESHREDDED: return EXIT_INTEGRITY;
	case CUS_ENOTAPPROVED: return EXIT_NOT_APPROVED;
	case CUS_EHOLD: return EXIT_HOLD;
	case CUS_EARCHIVAL: return EXIT_ARCHIVAL;
	case CUS_EAPPRAISAL: return EXIT_APPRAISAL;
	case CUS_ERETAINED: return EXIT_RETAINED;
	default: return EXIT_INTERNAL;
	}
}

void json_str(FILE *f, const char *s)
{
	if (!s) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		default:
			if (*p < 0x20)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

static void print_error(const cli_ctx *ctx, int code, const char *message, const char *field, int exit_code)
{
	if (ctx && ctx->json) {
		fprintf(stderr, "{\"error\":{\"code\":%d,\"name\":", code);
		json_str(stderr, cus_error_name(code));
		fputs(",\"message\":", stderr);
		json_str(stderr, message);
		fputs(",\"field\":", stderr);
		json_str(stderr, field);
		fprintf(stderr, ",\"exit\":%d}}\n", exit_code);
	} else {
		fprintf(stderr, "cus: %s", message);
		if (field)
			fprintf(stderr, " [%s]", field);
		fputc('\n', stderr);
	}
}

int cli_usage_error(const cli_ctx *ctx, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	print_error(ctx, CUS_EINVAL, msg, NULL, EXIT_USAGE);
	if (!(ctx && ctx->json))
		fputs("Try 'cus --help' or 'cus COMMAND --help'.\n", stderr);
	return EXIT_USAGE;
}

int cli_fail(const cli_ctx *ctx, int code)
{
	const cus_error *e = cus_error_last();
	const char *msg = (e->code == code && e->message && *e->message) ? e->message : cus_strerror(code);
	int exit_code = cli_exit_code(code);
	print_error(ctx, code, msg, e->code == code ? e->field : NULL, exit_code);
	return exit_code;
}

int cli_wants_help(const cli_ctx *ctx)
{
	for (int i = 1; i < ctx->argc; i++) {
		if (strcmp(ctx->argv[i], "--") == 0)
			break;
		if (strcmp(ctx->argv[i], "--help") == 0 || strcmp(ctx->argv[i], "-h") == 0)
			return 1;
	}
	return 0;
}

const char *cli_db_path(const cli_ctx *ctx)
{
	if (ctx->db_path && *ctx->db_path)
		return ctx->db_path;
	cli_usage_error(ctx, "no database: give --db PATH or set CUS_DB");
	return NULL;
}

int cli_kdf_options(const cli_ctx *ctx, const char *name, cus_db_options *o)
{
	cus_db_options_init(o, CUS_DB_OPTIONS_VERSION);
	if (!name)
		return 0;
	cus_kdf_preset preset;
	if (strcmp(name, "interactive") == 0)
		preset = CUS_KDF_INTERACTIVE;
	else if (strcmp(name, "moderate") == 0)
		preset = CUS_KDF_MODERATE;
	else if (strcmp(name, "sensitive") == 0)
		preset = CUS_KDF_SENSITIVE;
	else
		return cli_usage_error(ctx, "--kdf must be interactive, moderate or sensitive, not '%s'", name);
	o->kdf_opslimit = cus_kdf_opslimit(preset);
	o->kdf_memlimit = cus_kdf_memlimit(preset);
	return 0;
}

/* ---- secrets ---- */

#define SECRET_MAX (CUS_PASSPHRASE_MAX + 2)

static void wipe(void *p, size_t n)
{
	volatile unsigned char *v = p;
	while (n--)
		*v++ = 0;
}

/* Read a passphrase file: its first line, without the line end. */
static int read_secret_file(const cli_ctx *ctx, const char *path, char *buf, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		print_error(ctx, errno == ENOENT ? CUS_ENOTFOUND : CUS_EIO,
			errno == ENOENT ? "the passphrase file does not exist" : "cannot read the passphrase file",
			"passphrase_file", EXIT_INPUT);
		return EXIT_INPUT;
	}
	size_t got = 0;
	ssize_t n;
	while (got < SECRET_MAX && (n = read(fd, buf + got, SECRET_MAX - got)) > 0)
		got += (size_t)n;
	close(fd);
	size_t end = 0;
	while (end < got && buf[end] != '\n' && buf[end] != '\r')
		end++;
	*len = end;
	if (end == 0) {
		print_error(ctx, CUS_EINVAL, "the passphrase file is empty", "passphrase_file", EXIT_INPUT);
		return EXIT_INPUT;
	}
	return 0;
}

/* Prompt on the terminal without echo. Returns 0, or -1 with no terminal. */
static int prompt_secret(const char *prompt, char *buf, size_t *len)
{
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -1;
	struct termios old, quiet;
	int have_term = tcgetattr(fd, &old) == 0;
	if (have_term) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
		quiet.c_lflag |= ICANON;
		tcsetattr(fd, TCSAFLUSH, &quiet);
	}
	if (write(fd, prompt, strlen(prompt)) < 0) {
		/* the prompt is a courtesy; reading still works */
	}
	size_t got = 0;
	char c;
	ssize_t n;
	while ((n = read(fd, &c, 1)) == 1 && c != '\n' && c != '\r') {
		if (got < SECRET_MAX)
			buf[got++] = c;
	}
	if (have_term)
		tcsetattr(fd, TCSADRAIN, &old);
	if (write(fd, "\n", 1) < 0) {
		/* ignore */
	}
	close(fd);
	*len = got;
	return 0;
}

static int key_from_bytes(const cli_ctx *ctx, const char *buf, size_t len, const char *field, cus_key **out)
{
	int rc = cus_key_from_passphrase(out, buf, len);
	if (rc) {
		const cus_error *e = cus_error_last();
		print_error(ctx, rc, e->message, field, EXIT_INPUT);
		return EXIT_INPUT;
	}
	return 0;
}

static void warn_short(const cli_ctx *ctx, size_t len)
{
	if (len < 12 && !ctx->json)
		fprintf(stderr, "cus: warning: a passphrase shorter than 12 characters is easy to guess\n");
}

/* Prompt (twice when confirming) and make a key. */
static int prompt_key(const cli_ctx *ctx, const char *what, int confirm, cus_key **out)
{
	char *a = calloc(1, SECRET_MAX), *b = calloc(1, SECRET_MAX);
	size_t la = 0, lb = 0;
	int rc = 0;
	char prompt[128];
	if (!a || !b) {
		rc = EXIT_INTERNAL;
		goto done;
	}
	snprintf(prompt, sizeof prompt, "%s: ", what);
	if (prompt_secret(prompt, a, &la) != 0) {
		rc = cli_usage_error(ctx, "no %s: set the environment variable, give a file, or run on a terminal",
			what);
		goto done;
	}
	if (confirm) {
		snprintf(prompt, sizeof prompt, "%s (again): ", what);
		prompt_secret(prompt, b, &lb);
		if (la != lb || memcmp(a, b, la) != 0) {
			print_error(ctx, CUS_EINVAL, "the two passphrases differ", "passphrase", EXIT_INPUT);
			rc = EXIT_INPUT;
			goto done;
		}
		warn_short(ctx, la);
	}
	rc = key_from_bytes(ctx, a, la, "passphrase", out);
done:
	if (a) {
		wipe(a, SECRET_MAX);
		free(a);
	}
	if (b) {
		wipe(b, SECRET_MAX);
		free(b);
	}
	return rc;
}

static int key_from_file_or_env(const cli_ctx *ctx, const char *key_file, const char *pass_file,
	const char *env, const char *what, int confirm, cus_key **out)
{
	*out = NULL;
	if (key_file && pass_file)
		return cli_usage_error(ctx, "give a key file or a passphrase file, not both");
	if (key_file) {
		int rc = cus_key_from_file(out, key_file);
		return rc ? cli_fail(ctx, rc) : 0;
	}
	if (pass_file) {
		char *buf = calloc(1, SECRET_MAX);
		size_t len = 0;
		if (!buf)
			return EXIT_INTERNAL;
		int rc = read_secret_file(ctx, pass_file, buf, &len);
		if (!rc) {
			if (confirm)
				warn_short(ctx, len);
			rc = key_from_bytes(ctx, buf, len, "passphrase_file", out);
		}
		wipe(buf, SECRET_MAX);
		free(buf);
		return rc;
	}
	const char *v = getenv(env);
	if (v && *v) {
		if (confirm)
			warn_short(ctx, strlen(v));
		return key_from_bytes(ctx, v, strlen(v), env, out);
	}
	return prompt_key(ctx, what, confirm, out);
}

int cli_open_key(const cli_ctx *ctx, cus_key **out, int confirm)
{
	return key_from_file_or_env(ctx, ctx->key_file, ctx->passphrase_file, "CUS_PASSPHRASE", "Passphrase",
		confirm, out);
}

int cli_new_key(const cli_ctx *ctx, const char *key_file, const char *pass_file, cus_key **out)
{
	return key_from_file_or_env(ctx, key_file, pass_file, "CUS_NEW_PASSPHRASE", "New passphrase", 1, out);
}

int cli_open_db(const cli_ctx *ctx, cus_db **out)
{
	const char *path = cli_db_path(ctx);
	if (!path)
		return EXIT_USAGE;
	cus_key *key = NULL;
	int rc = cli_open_key(ctx, &key, 0);
	if (rc)
		return rc;
	rc = cus_db_open(out, path, ctx->user, key, NULL);
	cus_key_free(key);
	if (rc == CUS_EINVAL && cus_error_last()->field && strcmp(cus_error_last()->field, "user") == 0 &&
	    !ctx->user)
		return cli_usage_error(ctx, "the database has several users: give --user LOGIN or set CUS_USER");
	return rc ? cli_fail(ctx, rc) : 0;
}

int cli_global_option(cli_ctx *ctx, int c, const char *arg)
{
	switch (c) {
	case CLI_OPT_DB: ctx->db_path = arg; return 1;
	case CLI_OPT_USER: ctx->user = arg; return 1;
	case CLI_OPT_PASSFILE: ctx->passphrase_file = arg; return 1;
	case CLI_OPT_KEYFILE: ctx->key_file = arg; return 1;
	case CLI_OPT_JSON: ctx->json = 1; return 1;
	case CLI_OPT_PURPOSE: ctx->purpose = arg; return 1;
	case CLI_OPT_BREAK_GLASS: ctx->break_glass = arg; return 1;
	default: return 0;
	}
}

int cli_global_args(cli_ctx *ctx)
{
	static const struct option opts[] = { CLI_GLOBAL_OPTIONS, { NULL, 0, NULL, 0 } };
	int c;
	cli_getopt_reset();
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1)
		if (!cli_global_option(ctx, c, optarg))
			return cli_bad_option(ctx, c);
	return 0;
}

void cli_getopt_reset(void)
{
	optind = 0; /* GNU: full reinitialisation */
	opterr = 0;
}

int cli_bad_option(cli_ctx *ctx, int c)
{
	(void)c;
	const char *arg = (optind > 0 && optind <= ctx->argc) ? ctx->argv[optind - 1] : "?";
	if (optopt && optopt < 256)
		return cli_usage_error(ctx, "%s: unknown option or missing value: -%c", ctx->argv[0], optopt);
	return cli_usage_error(ctx, "%s: unknown option or missing value: %s", ctx->argv[0], arg);
}

int cli_open_session(const cli_ctx *ctx, cus_db **db, cus_session **s, const char *default_purpose)
{
	*db = NULL;
	*s = NULL;
	const char *purpose = ctx->purpose ? ctx->purpose : default_purpose;
	if (!purpose)
		return cli_usage_error(ctx, "%s: name the purpose of processing with --purpose CODE",
			ctx->argv ? ctx->argv[0] : "cus");
	int rc = cli_open_db(ctx, db);
	if (rc)
		return rc;
	rc = ctx->break_glass ? cus_session_open_break_glass(s, *db, purpose, ctx->break_glass)
			      : cus_session_open(s, *db, purpose);
	if (rc) {
		rc = cli_fail(ctx, rc);
		cus_db_close(*db);
		*db = NULL;
		return rc;
	}
	return 0;
}

/* ---- main ---- */

static const cli_command *const command_tables[] = {
	cli_db_commands, cli_policy_commands, cli_user_commands, cli_audit_commands, cli_person_commands,
	cli_import_commands,
	cli_validate_commands, cli_service_commands, cli_case_commands, cli_plan_commands, cli_indicators_commands,
	cli_sdc_commands, cli_finance_commands, cli_report_commands, cli_rights_commands, cli_demo_commands,
	cli_retention_commands,
};

static const cli_command *find_command(const char *name)
{
	for (size_t t = 0; t < sizeof command_tables / sizeof command_tables[0]; t++)
		for (const cli_command *c = command_tables[t]; c->name; c++)
			if (strcmp(c->name, name) == 0)
				return c;
	return NULL;
}

static void print_commands(FILE *f)
{
	for (size_t t = 0; t < sizeof command_tables / sizeof command_tables[0]; t++)
		for (const cli_command *c = command_tables[t]; c->name; c++)
			fprintf(f, "  %-10s %s\n", c->name, c->summary);
}

int main(int argc, char **argv)
{
	cli_ctx ctx = { 0 };
	ctx.db_path = getenv("CUS_DB");
	ctx.user = getenv("CUS_USER");
	ctx.purpose = getenv("CUS_PURPOSE");
	if (ctx.purpose && !*ctx.purpose)
		ctx.purpose = NULL;
	if (ctx.user && !*ctx.user)
		ctx.user = NULL;

	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "user", required_argument, NULL, 'u' },
		{ "passphrase-file", required_argument, NULL, 'p' },
		{ "key-file", required_argument, NULL, 'k' },
		{ "json", no_argument, NULL, 'j' },
		{ "purpose", required_argument, NULL, 'P' },
		{ "break-glass", required_argument, NULL, 'B' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': ctx.db_path = optarg; break;
		case 'u': ctx.user = optarg; break;
		case 'p': ctx.passphrase_file = optarg; break;
		case 'k': ctx.key_file = optarg; break;
		case 'j': ctx.json = 1; break;
		case 'P': ctx.purpose = optarg; break;
		case 'B': ctx.break_glass = optarg; break;
		case 'h':
			fputs(global_usage, stdout);
			print_commands(stdout);
			return EXIT_OK;
		case 'V':
			printf("cus %s\n", cus_version());
			return EXIT_OK;
		default:
			if (optopt)
				return cli_usage_error(&ctx, "unknown or incomplete global option -%c", optopt);
			return cli_usage_error(&ctx, "unknown or incomplete global option %s", argv[optind - 1]);
		}
	}
	if (optind >= argc) {
		fputs(global_usage, stderr);
		print_commands(stderr);
		return EXIT_USAGE;
	}
	const char *name = argv[optind];
	if (strcmp(name, "help") == 0) {
		if (optind + 1 < argc) {
			const cli_command *k = find_command(argv[optind + 1]);
			if (!k)
				return cli_usage_error(&ctx, "unknown command '%s'", argv[optind + 1]);
			fputs(k->usage, stdout);
			return EXIT_OK;
		}
		fputs(global_usage, stdout);
		print_commands(stdout);
		return EXIT_OK;
	}
	const cli_command *k = find_command(name);
	if (!k)
		return cli_usage_error(&ctx, "unknown command '%s'", name);
	ctx.argc = argc - optind;
	ctx.argv = argv + optind;
	if (cli_wants_help(&ctx)) {
		fputs(k->usage, stdout);
		return EXIT_OK;
	}
	return k->run(&ctx);
}
