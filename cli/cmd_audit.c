/* cus audit verify | checkpoint | log. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* ---- verify ---- */

static int audit_verify(cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "checkpoints", required_argument, NULL, 'c' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *checkpoints = NULL;
	int c;
	cli_getopt_reset();
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		if (c == 'c')
			checkpoints = optarg;
		else if (!cli_global_option(ctx, c, optarg))
			return cli_bad_option(ctx, c);
	}
	if (optind < ctx->argc)
		return cli_usage_error(ctx, "audit verify: unexpected argument '%s'", ctx->argv[optind]);
	cus_db *db = NULL;
	int rc = cli_open_db(ctx, &db);
	if (rc)
		return rc;
	cus_audit_report *r = NULL;
	int code = cus_audit_verify(&r, db, checkpoints);
	if (code && !r) {
		rc = cli_fail(ctx, code);
		cus_db_close(db);
		return rc;
	}
	if (ctx->json) {
		printf("{\"ok\":%s,\"entries\":%" PRId64 ",\"checkpoints\":%" PRId64 ",\"db_checkpoints\":%" PRId64
		       ",\"file_checkpoints\":%" PRId64 ",\"first_bad_seq\":",
			code ? "false" : "true", r->entries, r->checkpoints, r->db_checkpoints, r->file_checkpoints);
		if (r->first_bad_seq)
			printf("%" PRId64, r->first_bad_seq);
		else
			printf("null");
		printf(",\"problem\":");
		json_str(stdout, r->problem);
		printf("}\n");
	} else if (!code) {
		printf("audit log holds: %" PRId64 " entr%s, %" PRId64 " checkpoint%s (%" PRId64
		       " in the checkpoint file)\n", r->entries, r->entries == 1 ? "y" : "ies", r->db_checkpoints,
			r->db_checkpoints == 1 ? "" : "s", r->file_checkpoints);
	} else {
		printf("audit log does NOT hold: the first bad entry is %" PRId64 " (%" PRId64 " entries and %" PRId64
		       " checkpoints checked)\n", r->first_bad_seq, r->entries, r->checkpoints);
	}
	if (!code && !ctx->json && r->db_checkpoints > 0 && r->file_checkpoints == 0)
		fprintf(stderr, "cus: warning: no checkpoint file was checked (%s is missing): a restored older copy"
				" of the database cannot be detected without it; give the officer's copy with"
				" --checkpoints FILE\n", checkpoints ? checkpoints : "the default file");
	rc = code ? cli_fail(ctx, code) : EXIT_OK;
	cus_audit_report_free(r);
	cus_db_close(db);
	return rc;
}

/* ---- checkpoint ---- */

static int audit_checkpoint(cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "checkpoints", required_argument, NULL, 'c' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *checkpoints = NULL;
	int c;
	cli_getopt_reset();
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		if (c == 'c')
			checkpoints = optarg;
		else if (!cli_global_option(ctx, c, optarg))
			return cli_bad_option(ctx, c);
	}
	if (optind < ctx->argc)
		return cli_usage_error(ctx, "audit checkpoint: unexpected argument '%s'", ctx->argv[optind]);
	cus_db *db = NULL;
	cus_session *s = NULL;
	int rc = cli_open_session(ctx, &db, &s, "audit");
	if (rc)
		return rc;
	int64_t seq = 0;
	int code = cus_audit_checkpoint(s, checkpoints, &seq);
	if (code) {
		rc = cli_fail(ctx, code);
	} else if (ctx->json) {
		printf("{\"seq\":%" PRId64 ",\"checkpoints\":", seq);
		json_str(stdout, checkpoints);
		printf("}\n");
	} else {
		printf("checkpoint at entry %" PRId64 " signed and written to %s\n", seq,
			checkpoints ? checkpoints : "the database's checkpoint file");
	}
	cus_session_close(s);
	cus_db_close(db);
	return rc;
}

/* ---- log ---- */

static void entry_json(const cus_audit_entry *e)
{
	printf("{\"seq\":%" PRId64 ",\"time\":", e->seq);
	json_str(stdout, e->time);
	static const char *const names[] = { "user", "role", "session", "action", "object_type", "subject",
		"categories", "purpose", "legal_basis", "outcome" };
	const char *values[] = { e->user, e->role, e->session, e->action, e->object_type, e->subject,
		e->categories, e->purpose, e->legal_basis, e->outcome };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		printf(",\"%s\":", names[i]);
		json_str(stdout, values[i]);
	}
	printf(",\"policy_version\":%" PRId64 ",\"detail\":", e->policy_version);
	json_str(stdout, e->detail);
	printf(",\"prev_hash\":");
	json_str(stdout, e->prev_hash);
	printf(",\"hash\":");
	json_str(stdout, e->hash);
	putchar('}');
}

static int audit_log(cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "subject", required_argument, NULL, 's' },
		{ "user", required_argument, NULL, 'u' }, /* the filter, not the global --user */
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	cus_audit_filter f = CUS_AUDIT_FILTER_INIT;
	int c;
	cli_getopt_reset();
	/* getopt_long takes the first match of a name: "user" here is the filter.
	 * The global --user must come before the command (cus --user iod audit log). */
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		if (c == 's')
			f.subject = optarg;
		else if (c == 'u')
			f.user = optarg;
		else if (c == 'f')
			f.from = optarg;
		else if (c == 't')
			f.to = optarg;
		else if (!cli_global_option(ctx, c, optarg))
			return cli_bad_option(ctx, c);
	}
	if (optind < ctx->argc)
		return cli_usage_error(ctx, "audit log: unexpected argument '%s'", ctx->argv[optind]);
	cus_db *db = NULL;
	cus_session *s = NULL;
	int rc = cli_open_session(ctx, &db, &s, "audit");
	if (rc)
		return rc;
	cus_audit_iter *it = NULL;
	int code = cus_audit_log(&it, s, &f);
	if (code) {
		rc = cli_fail(ctx, code);
		cus_session_close(s);
		cus_db_close(db);
		return rc;
	}
	const cus_audit_entry *e;
	int64_t n = 0;
	if (ctx->json)
		putchar('[');
	else
		printf("%-7s %-24s %-14s %-14s %-18s %-10s %-12s %-22s %-16s %s\n", "seq", "time (UTC)", "user", "role",
			"action", "object", "subject", "categories", "purpose", "outcome");
	while ((code = cus_audit_next(&e, it)) == 0) {
		if (ctx->json) {
			if (n)
				putchar(',');
			entry_json(e);
		} else {
			printf("%-7" PRId64 " %-24s %-14s %-14s %-18s %-10s %-12s %-22s %-16s %s\n", e->seq, e->time,
				e->user, e->role, e->action, e->object_type, e->subject ? e->subject : "-", e->categories,
				e->purpose, e->outcome);
		}
		n++;
	}
	if (ctx->json)
		printf("]\n");
	else
		printf("%" PRId64 " entr%s\n", n, n == 1 ? "y" : "ies");
	cus_audit_iter_free(it);
	cus_session_close(s);
	cus_db_close(db);
	return code == CUS_ITEROVER ? EXIT_OK : cli_fail(ctx, code);
}

/* ---- dispatch ---- */

static const struct {
	const char *name;
	int (*run)(cli_ctx *ctx);
} subcommands[] = {
	{ "verify", audit_verify },
	{ "checkpoint", audit_checkpoint },
	{ "log", audit_log },
	{ "anomalies", cli_audit_anomalies },     /* cmd_rights.c */
	{ "break-glass", cli_audit_break_glass },
	{ "acknowledge", cli_audit_acknowledge },
	{ "report", cli_audit_report },
};

static int cmd_audit(cli_ctx *ctx)
{
	if (ctx->argc < 2)
		return cli_usage_error(ctx, "audit: give a subcommand: verify, checkpoint, log, report, anomalies, break-glass or acknowledge");
	for (size_t i = 0; i < sizeof subcommands / sizeof subcommands[0]; i++) {
		if (strcmp(ctx->argv[1], subcommands[i].name) == 0) {
			cli_ctx sub = *ctx;
			sub.argc = ctx->argc - 1;
			sub.argv = ctx->argv + 1;
			int rc = subcommands[i].run(&sub);
			return rc;
		}
	}
	return cli_usage_error(ctx, "audit: unknown subcommand '%s' (verify, checkpoint, log, report, anomalies, break-glass,"
		" acknowledge)", ctx->argv[1]);
}

const cli_command cli_audit_commands[] = {
	{ "audit", cmd_audit, "verify the audit log, write a checkpoint, read the log",
	  "usage: cus --db PATH [--user LOGIN] audit verify [--checkpoints FILE] [--json]\n"
	  "       cus --db PATH [--user LOGIN] [--purpose CODE] audit checkpoint [--checkpoints FILE]\n"
	  "       cus --db PATH [--user LOGIN] [--purpose CODE] audit log [--subject ID] [--user LOGIN]\n"
	  "                                                    [--from DATE] [--to DATE] [--json]\n"
	  "\n"
	  "verify      Walk the whole hash chain of the audit log, check every signed\n"
	  "            checkpoint in the database and every line of the checkpoint file\n"
	  "            (PATH.checkpoints, or --checkpoints FILE: the copy the data\n"
	  "            protection officer keeps) against the database. Exit 0 when it\n"
	  "            all holds; exit 6 naming the first bad entry and what is wrong: a\n"
	  "            changed, deleted, inserted or reordered entry, a truncated log, a\n"
	  "            forged checkpoint, or an older copy of the database restored in\n"
	  "            place of the current one. Writes nothing.\n"
	  "checkpoint  Sign a checkpoint of the log's head now, store it and append\n"
	  "            every checkpoint the file lacks to PATH.checkpoints (and to\n"
	  "            --checkpoints FILE). Needs write permission on \"audit\"\n"
	  "            (default purpose: audit).\n"
	  "log         Print the log, oldest first, filtered by pseudonymous subject id,\n"
	  "            by user (after the subcommand, --user filters; the global --user\n"
	  "            goes before \"audit\"), and by dates YYYY-MM-DD (inclusive, UTC).\n"
	  "            Needs read permission on \"audit\" (default purpose: audit); the\n"
	  "            reading is itself audited. --json prints an array of entries.\n"
	  "\n"
	  "       cus [--user LOGIN] audit report [--person ID] [--user LOGIN] [--from DATE] [--to DATE]\n"
	  "                                       --out FILE [--format json|xlsx]\n"
	  "       cus [--user LOGIN] audit anomalies [--from DATE] [--to DATE] [--json]\n"
	  "       cus [--user LOGIN] audit break-glass [--all] [--json]\n"
	  "       cus [--user LOGIN] audit acknowledge ID [--note TEXT]\n"
	  "report      The IOD's access report by person, by user and by period (XLSX or\n"
	  "            JSON): every entry about a person's data, with summaries.\n"
	  "anomalies   Accesses outside working hours, bulk reading, reading persons with\n"
	  "            no application or plan of the user, reading a person who shares the\n"
	  "            user's surname, repeated denials (thresholds: policy `monitoring`).\n"
	  "break-glass The break-glass sessions not yet acknowledged (--all: every one).\n"
	  "acknowledge Take a break-glass session off the list (not one's own).\n" },
	{ NULL, NULL, NULL, NULL },
};
