/* The cus command: shared conventions (options, keys, output, exit codes). */
#ifndef CUS_CLI_H
#define CUS_CLI_H

#include <stdint.h>
#include <stdio.h>

#include <cus/cus.h>

/* Exit codes, the same for every command. */
enum {
	EXIT_OK = 0,
	EXIT_INTERNAL = 1,
	EXIT_USAGE = 2,
	EXIT_INPUT = 3,     /* invalid input; nothing was changed */
	EXIT_DENIED = 4,
	EXIT_KEY = 5,       /* wrong passphrase or key, or not a libcus database */
	EXIT_INTEGRITY = 6,
	/* retention refusals (cmd_retention.c) */
	EXIT_NOT_APPROVED = 7,  /* the disposal is not approved */
	EXIT_HOLD = 8,          /* a legal hold blocks it */
	EXIT_ARCHIVAL = 9,      /* category A: never destroyed */
	EXIT_APPRAISAL = 10,    /* category BE: appraisal first */
	EXIT_RETAINED = 11      /* the retention period has not ended (also an erasure refused) */
};

typedef struct {
	const char *db_path;
	const char *user;
	const char *passphrase_file;
	const char *key_file;
	const char *purpose;   /* --purpose CODE (or env CUS_PURPOSE) */
	const char *break_glass; /* --break-glass REASON: open sessions with cus_session_open_break_glass() */
	int json;
	int argc;          /* the command's arguments, argv[0] is the command */
	char **argv;
} cli_ctx;

typedef struct {
	const char *name;
	int (*run)(cli_ctx *ctx);
	const char *summary;
	const char *usage;  /* full help text */
} cli_command;

/* Print a usage error and return EXIT_USAGE. */
int cli_usage_error(const cli_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Print the last libcus error and return the exit code for code. */
int cli_fail(const cli_ctx *ctx, int code);

/* Exit code for a libcus error code. */
int cli_exit_code(int code);

/* True when argv of the command holds --help or -h. */
int cli_wants_help(const cli_ctx *ctx);

/* The database path (--db or CUS_DB), or NULL after printing a usage error. */
const char *cli_db_path(const cli_ctx *ctx);

/* The key that opens the database: --key-file, --passphrase-file,
 * CUS_PASSPHRASE or a prompt. confirm: ask twice (new secrets). Returns 0 or
 * an exit code (error printed). */
int cli_open_key(const cli_ctx *ctx, cus_key **out, int confirm);

/* A new key: --new-key-file, --new-passphrase-file, CUS_NEW_PASSPHRASE or a
 * prompt asked twice. */
int cli_new_key(const cli_ctx *ctx, const char *key_file, const char *pass_file, cus_key **out);

/* Open the database named by the global options. 0 or an exit code. */
int cli_open_db(const cli_ctx *ctx, cus_db **out);

/* Open the database and a session for --purpose (or default_purpose when
 * none was given and default_purpose is not NULL). 0 or an exit code; on
 * success close with cus_session_close() then cus_db_close(). */
int cli_open_session(const cli_ctx *ctx, cus_db **db, cus_session **s, const char *default_purpose);

/* JSON output. */
void json_str(FILE *f, const char *s);

/* Options with the Argon2id preset named by --kdf (NULL: the default).
 * 0, or a usage error's exit code for an unknown name. */
int cli_kdf_options(const cli_ctx *ctx, const char *name, cus_db_options *o);

/* Each cli/cmd_*.c file defines one table, ending with a NULL name; main.c
 * lists the tables. */
extern const cli_command cli_db_commands[];
extern const cli_command cli_policy_commands[];
extern const cli_command cli_user_commands[];
extern const cli_command cli_audit_commands[];
extern const cli_command cli_validate_commands[];
extern const cli_command cli_service_commands[];
extern const cli_command cli_person_commands[];
extern const cli_command cli_import_commands[]; /* cmd_import.c: import persons | applications | deliveries */
extern const cli_command cli_case_commands[];   /* cmd_case.c: apply, qualify, confirm, application, employment */
extern const cli_command cli_plan_commands[];   /* cmd_plan.c: plan, deliver, delivery */
extern const cli_command cli_finance_commands[];  /* cmd_finance.c: project, budget-line, expenditure, budget */
extern const cli_command cli_indicators_commands[]; /* cmd_indicators.c */
extern const cli_command cli_sdc_commands[];    /* cmd_sdc.c: suppress */
extern const cli_command cli_retention_commands[]; /* cmd_retention.c: retention */
extern const cli_command cli_report_commands[]; /* cmd_report.c: report, report check */
extern const cli_command cli_rights_commands[]; /* cmd_rights.c: rights export | rectify | restrict | lift | register | erase */
extern const cli_command cli_demo_commands[];   /* cmd_demo.c: demo */

/* cmd_rights.c: cus person history; cus audit anomalies | break-glass | acknowledge | report. */
int cli_person_history(cli_ctx *ctx);
int cli_audit_anomalies(cli_ctx *ctx);
int cli_audit_break_glass(cli_ctx *ctx);
int cli_audit_acknowledge(cli_ctx *ctx);
int cli_audit_report(cli_ctx *ctx);

/* Global options are accepted after the command too (cus info --json). Put
 * CLI_GLOBAL_OPTIONS in a command's getopt_long table and pass every option
 * it does not know to cli_global_option(), which returns 1 when it used it. */
#define CLI_OPT_DB 1001
#define CLI_OPT_USER 1002
#define CLI_OPT_PASSFILE 1003
#define CLI_OPT_KEYFILE 1004
#define CLI_OPT_JSON 1005
#define CLI_OPT_PURPOSE 1006
#define CLI_OPT_BREAK_GLASS 1007
#define CLI_GLOBAL_OPTIONS \
	{ "db", required_argument, NULL, CLI_OPT_DB }, \
	{ "user", required_argument, NULL, CLI_OPT_USER }, \
	{ "passphrase-file", required_argument, NULL, CLI_OPT_PASSFILE }, \
	{ "key-file", required_argument, NULL, CLI_OPT_KEYFILE }, \
	{ "json", no_argument, NULL, CLI_OPT_JSON }, \
	{ "purpose", required_argument, NULL, CLI_OPT_PURPOSE }, \
	{ "break-glass", required_argument, NULL, CLI_OPT_BREAK_GLASS }

int cli_global_option(cli_ctx *ctx, int c, const char *arg);

/* Parse a command that takes only the global options; positional arguments
 * start at optind. 0, or the exit code of a usage error (printed). */
int cli_global_args(cli_ctx *ctx);

/* Start option parsing of a command's arguments. */
void cli_getopt_reset(void);

/* A usage error for the option getopt_long could not parse. */
int cli_bad_option(cli_ctx *ctx, int c);

/* ---- shared by the command files (common.c) ---- */

/* The running command and subcommand ("plan add"), for messages. */
extern char cli_command_name[64];

/* s, or "-" for NULL (text output). */
const char *cli_or_dash(const char *s);

/* A subcommand: "cus plan add" runs the "add" entry of the plan table. */
typedef struct {
	const char *name;
	int (*run)(cli_ctx *ctx);
} cli_subcommand;

/* Run the subcommand named by argv[1] with argv shifted by one (names lists
 * them for the usage error); sets cli_command_name. */
int cli_dispatch(cli_ctx *ctx, const cli_subcommand *subs, size_t n, const char *names);

/* An id given on the command line: a positive integer, else a usage error. */
int cli_parse_id(cli_ctx *ctx, const char *what, const char *arg, int64_t *id);

/* Invalid input the command finds itself: printed as cli_fail() prints a
 * library error naming field (JSON on stderr with --json); returns exit 3. */
int cli_input_error(const cli_ctx *ctx, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A whole number from -1000000 to 1000000 given as an option's value
 * (invalid input naming field otherwise). */
int cli_parse_int(const cli_ctx *ctx, const char *field, const char *option, const char *arg, int *out);

/* A subcommand taking one ID (of a what: "plan", "person") and an optional
 * --date besides the global options. 0, or the exit code of a usage error. */
int cli_id_and_date(cli_ctx *ctx, const char *what, int64_t *id, const char **date);

/* Today's date, YYYY-MM-DD (local time). */
void cli_today(char out[11]);

/* A session for --purpose, which personal data requires (a usage error
 * without one); close with cli_close_session(). */
int cli_open_purpose_session(cli_ctx *ctx, cus_db **db, cus_session **s);
void cli_close_session(cus_db *db, cus_session *s);

/* {"id":N} with --json, else N, and a line break. */
void cli_print_id(const cli_ctx *ctx, int64_t id);
/* An id, or null for 0 (JSON). */
void cli_json_id_or_null(int64_t id);

/* Hundredths as a decimal with sep: 150 -> "1.5" or "1,5", 125 -> "1,25". */
void cli_hundredths(char *buf, size_t size, int64_t v, char sep);

#endif
