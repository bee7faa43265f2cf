/* cus rights export | rectify | restrict | lift | register | erase;
 * cus audit anomalies | break-glass | acknowledge | report (dispatched from
 * cmd_audit.c); cus person history (from cmd_person.c). */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static int parse_id(cli_ctx *ctx, const char *cmd, const char *arg, int64_t *id)
{
	char *end = NULL;
	errno = 0;
	long long v = (arg && *arg) ? strtoll(arg, &end, 10) : 0;
	if (!arg || !*arg || errno || *end || v <= 0)
		return cli_usage_error(ctx, "%s: the ID must be a positive number, not '%s'", cmd, arg ? arg : "");
	*id = (int64_t)v;
	return 0;
}

static int parse_format(cli_ctx *ctx, const char *cmd, const char *arg, int *fmt)
{
	*fmt = CUS_FORMAT_AUTO;
	if (!arg)
		return 0;
	if (strcmp(arg, "json") == 0)
		*fmt = CUS_FORMAT_JSON;
	else if (strcmp(arg, "xlsx") == 0)
		*fmt = CUS_FORMAT_XLSX;
	else
		return cli_usage_error(ctx, "%s: --format must be json or xlsx, not '%s'", cmd, arg);
	return 0;
}

static void done(cus_session *s, cus_db *db)
{
	cus_session_close(s);
	cus_db_close(db);
}

/* ---- rights export ---- */

static int rights_export(cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "pesel", required_argument, NULL, 'e' },
		{ "out", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *pesel = NULL, *out = NULL, *format = NULL;
	int c, rc, fmt;
	cli_getopt_reset();
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		if (c == 'e')
			pesel = optarg;
		else if (c == 'o')
			out = optarg;
		else if (c == 'f')
			format = optarg;
		else if (!cli_global_option(ctx, c, optarg))
			return cli_bad_option(ctx, c);
	}
	int64_t id = 0;
	if (pesel ? optind != ctx->argc : optind + 1 != ctx->argc)
		return cli_usage_error(ctx, "rights export: give one person ID or --pesel PESEL");
	if (!pesel && (rc = parse_id(ctx, "rights export", ctx->argv[optind], &id)))
		return rc;
	if (!out)
		return cli_usage_error(ctx, "rights export: give --out FILE (.json or .xlsx)");
	if ((rc = parse_format(ctx, "rights export", format, &fmt)))
		return rc;
	cus_db *db = NULL;
	cus_session *s = NULL;
	if ((rc = cli_open_session(ctx, &db, &s, "data_subject_request")))
		return rc;
	int r = pesel ? cus_rights_export_pesel(s, pesel, out, fmt) : cus_rights_export(s, id, out, fmt);
	if (r)
		rc = cli_fail(ctx, r);
	else if (ctx->json) {
		printf("{\"out\":");
		json_str(stdout, out);
		printf("}\n");
	} else
		printf("The copy of the person's data (art. 15) is in %s.\n", out);
	done(s, db);
	return rc;
}

/* ---- rectify, restrict, lift ---- */

static int rights_rectify(cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "field", required_argument, NULL, 'F' },
		{ "value", required_argument, NULL, 'v' },
		{ "reason", required_argument, NULL, 'r' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *field = NULL, *value = NULL, *reason = NULL;
	int c, rc;
	cli_getopt_reset();
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		if (c == 'F')
			field = optarg;
		else if (c == 'v')
			value = optarg;
		else if (c == 'r')
			reason = optarg;
		else if (!cli_global_option(ctx, c, optarg))
			return cli_bad_option(ctx, c);
	}
	int64_t id = 0;
	if (optind + 1 != ctx->argc)
		return cli_usage_error(ctx, "rights rectify: give exactly one person ID");
	if ((rc = parse_id(ctx, "rights rectify", ctx->argv[optind], &id)))
		return rc;
	if (!field || !value || !reason)
		return cli_usage_error(ctx, "rights rectify: give --field F --value V --reason TEXT");
	if (!ctx->purpose)
		return cli_usage_error(ctx, "rights rectify: name the purpose of processing with --purpose CODE (a"
			" rectification is a change of the person's data)");
	cus_db *db = NULL;
	cus_session *s = NULL;
	if ((rc = cli_open_session(ctx, &db, &s, NULL)))
		return rc;
	int r = cus_rights_rectify(s, id, field, value, reason);
	if (r)
		rc = cli_fail(ctx, r);
	else if (ctx->json)
		printf("{\"id\":%" PRId64 ",\"field\":\"%s\"}\n", id, field);
	else
		printf("Rectified %s of person %" PRId64 " (the previous value is kept in its history).\n", field, id);
	done(s, db);
	return rc;
}

static int restrict_or_lift(cli_ctx *ctx, int lift)
{
	const char *cmd = lift ? "rights lift" : "rights restrict";
	static const struct option opts[] = {
		{ "reason", required_argument, NULL, 'r' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *reason = NULL;
	int c, rc;
	cli_getopt_reset();
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		if (c == 'r')
			reason = optarg;
		else if (!cli_global_option(ctx, c, optarg))
			return cli_bad_option(ctx, c);
	}
	int64_t id = 0;
	if (optind + 1 != ctx->argc)
		return cli_usage_error(ctx, "%s: give exactly one person ID", cmd);
	if ((rc = parse_id(ctx, cmd, ctx->argv[optind], &id)))
		return rc;
	if (!reason)
		return cli_usage_error(ctx, "%s: give --reason TEXT", cmd);
	cus_db *db = NULL;
	cus_session *s = NULL;
	if ((rc = cli_open_session(ctx, &db, &s, "data_subject_request")))
		return rc;
	int r = lift ? cus_rights_lift(s, id, reason) : cus_rights_restrict(s, id, reason);
	if (r)
		rc = cli_fail(ctx, r);
	else if (ctx->json)
		printf("{\"id\":%" PRId64 ",\"restricted\":%s}\n", id, lift ? "false" : "true");
	else
		printf(lift ? "The restriction of person %" PRId64 " is lifted.\n"
			    : "Person %" PRId64 " is restricted (art. 18): only storage and the IOD's operations are allowed.\n",
			id);
	done(s, db);
	return rc;
}

static int rights_restrict(cli_ctx *ctx) { return restrict_or_lift(ctx, 0); }
static int rights_lift(cli_ctx *ctx) { return restrict_or_lift(ctx, 1); }

/* ---- register ---- */

static int print_file(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		fwrite(buf, 1, n, stdout);
	fclose(f);
	return 0;
}

static int rights_register(cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *out = NULL, *format = NULL;
	int c, rc, fmt;
	cli_getopt_reset();
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		if (c == 'o')
			out = optarg;
		else if (c == 'f')
			format = optarg;
		else if (!cli_global_option(ctx, c, optarg))
			return cli_bad_option(ctx, c);
	}
	if (optind != ctx->argc)
		return cli_usage_error(ctx, "rights register: unexpected argument '%s'", ctx->argv[optind]);
	if ((rc = parse_format(ctx, "rights register", format, &fmt)))
		return rc;
	cus_db *db = NULL;
	if ((rc = cli_open_db(ctx, &db)))
		return rc;
	char tmp[64] = "";
	if (!out) { /* to standard output, as JSON */
		snprintf(tmp, sizeof tmp, "/tmp/cus-register-%ld.json", (long)getpid());
		unlink(tmp);
		fmt = CUS_FORMAT_JSON;
	}
	int r = cus_rights_register(db, out ? out : tmp, fmt);
	if (r)
		rc = cli_fail(ctx, r);
	else if (!out)
		print_file(tmp);
	else if (ctx->json) {
		printf("{\"out\":");
		json_str(stdout, out);
		printf("}\n");
	} else
		printf("The register of processing activities (art. 30) is in %s.\n", out);
	if (tmp[0])
		unlink(tmp);
	cus_db_close(db);
	return rc;
}

/* ---- erase (art. 17: the retention module) ---- */

static int rights_erase(cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "pesel", required_argument, NULL, 'e' },
		{ "reason", required_argument, NULL, 'r' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *pesel = NULL, *reason = NULL;
	int c, rc;
	cli_getopt_reset();
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		if (c == 'e')
			pesel = optarg;
		else if (c == 'r')
			reason = optarg;
		else if (!cli_global_option(ctx, c, optarg))
			return cli_bad_option(ctx, c);
	}
	int64_t id = 0;
	if (pesel ? optind != ctx->argc : optind + 1 != ctx->argc)
		return cli_usage_error(ctx, "rights erase: give one person ID or --pesel PESEL");
	if (!pesel && (rc = parse_id(ctx, "rights erase", ctx->argv[optind], &id)))
		return rc;
	if (!reason)
		return cli_usage_error(ctx, "rights erase: give --reason TEXT");
	cus_db *db = NULL;
	cus_session *s = NULL;
	if ((rc = cli_open_session(ctx, &db, &s, "data_subject_request")))
		return rc;
	cus_erasure e;
	memset(&e, 0, sizeof e);
	int r = pesel ? cus_rights_erase_pesel(&e, s, pesel, reason) : cus_rights_erase(&e, s, id, reason);
	if (ctx->json && (r == 0 || e.request)) {
		printf("{\"request\":%" PRId64 ",\"erased\":%s,\"ground\":", e.request, e.erased ? "true" : "false");
		json_str(stdout, e.ground[0] ? e.ground : NULL);
		printf(",\"retained_until\":");
		json_str(stdout, e.retained_until[0] ? e.retained_until : NULL);
		printf(",\"reason_code\":");
		json_str(stdout, e.reason_code[0] ? e.reason_code : NULL);
		printf("}\n");
	} else if (r == 0) {
		printf("Erased (request %" PRId64 ").\n", e.request);
	} else if (e.request) {
		printf("Refused (request %" PRId64 "): %s%s%s\n", e.request, e.ground,
			e.retained_until[0] ? "; kept until " : "", e.retained_until);
	}
	rc = r ? cli_fail(ctx, r) : EXIT_OK;
	done(s, db);
	return rc;
}

/* ---- person history ---- */

int cli_person_history(cli_ctx *ctx)
{
	int rc = cli_global_args(ctx);
	if (rc)
		return rc;
	int64_t id = 0;
	if (optind + 1 != ctx->argc)
		return cli_usage_error(ctx, "person history: give exactly one person ID");
	if ((rc = parse_id(ctx, "person history", ctx->argv[optind], &id)))
		return rc;
	if (!ctx->purpose)
		return cli_usage_error(ctx, "person history: name the purpose of processing with --purpose CODE");
	cus_db *db = NULL;
	cus_session *s = NULL;
	if ((rc = cli_open_session(ctx, &db, &s, NULL)))
		return rc;
	cus_history_iter *it = NULL;
	int r = cus_person_history(&it, s, id);
	if (r) {
		rc = cli_fail(ctx, r);
		done(s, db);
		return rc;
	}
	const cus_history_entry *e;
	int n = 0;
	if (ctx->json)
		putchar('[');
	while ((r = cus_history_next(&e, it)) == 0) {
		if (ctx->json) {
			printf("%s{\"id\":%" PRId64 ",\"version\":%" PRId64 ",\"field\":", n ? "," : "", e->id, e->version);
			json_str(stdout, e->field);
			printf(",\"category\":");
			json_str(stdout, e->category);
			printf(",\"old_value\":");
			json_str(stdout, e->old_value);
			printf(",\"readable\":%s,\"reason\":", e->readable ? "true" : "false");
			json_str(stdout, e->reason);
			printf(",\"changed_by\":");
			json_str(stdout, e->changed_by);
			printf(",\"changed\":");
			json_str(stdout, e->changed);
			putchar('}');
		} else {
			printf("%s  %-12s %-12s was: %s%s%s\n", e->changed, e->changed_by, e->field,
				e->readable ? (e->old_value ? e->old_value : "(empty)") : "(not readable)",
				e->reason ? "  reason: " : "", e->reason ? e->reason : "");
		}
		n++;
	}
	if (ctx->json)
		printf("]\n");
	else if (!n)
		printf("No change recorded.\n");
	cus_history_iter_free(it);
	done(s, db);
	return r == CUS_ITEROVER ? EXIT_OK : cli_fail(ctx, r);
}

/* ---- audit anomalies | break-glass | acknowledge | report ---- */

int cli_audit_anomalies(cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *from = NULL, *to = NULL;
	int c, rc;
	cli_getopt_reset();
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		if (c == 'f')
			from = optarg;
		else if (c == 't')
			to = optarg;
		else if (!cli_global_option(ctx, c, optarg))
			return cli_bad_option(ctx, c);
	}
	if (optind != ctx->argc)
		return cli_usage_error(ctx, "audit anomalies: unexpected argument '%s'", ctx->argv[optind]);
	cus_db *db = NULL;
	cus_session *s = NULL;
	if ((rc = cli_open_session(ctx, &db, &s, "audit")))
		return rc;
	cus_anomaly_iter *it = NULL;
	int r = cus_anomalies(&it, s, from, to);
	if (r) {
		rc = cli_fail(ctx, r);
		done(s, db);
		return rc;
	}
	const cus_anomaly *a;
	int n = 0;
	if (ctx->json)
		putchar('[');
	while ((r = cus_anomaly_next(&a, it)) == 0) {
		if (ctx->json) {
			printf("%s{\"kind\":", n ? "," : "");
			json_str(stdout, cus_anomaly_kind_name(a->kind));
			printf(",\"user\":");
			json_str(stdout, a->user);
			printf(",\"subject\":");
			json_str(stdout, a->subject);
			printf(",\"time\":");
			json_str(stdout, a->time);
			printf(",\"period\":");
			json_str(stdout, a->period);
			printf(",\"count\":%" PRId64 ",\"seq\":%" PRId64 ",\"detail\":", a->count, a->seq);
			json_str(stdout, a->detail);
			putchar('}');
		} else {
			printf("%-13s %-14s %-10s entry %-7" PRId64 " %s\n", cus_anomaly_kind_name(a->kind), a->user,
				a->subject ? a->subject : "-", a->seq, a->detail);
		}
		n++;
	}
	if (ctx->json)
		printf("]\n");
	else
		printf("%d anomal%s\n", n, n == 1 ? "y" : "ies");
	cus_anomaly_iter_free(it);
	done(s, db);
	return r == CUS_ITEROVER ? EXIT_OK : cli_fail(ctx, r);
}

int cli_audit_break_glass(cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "all", no_argument, NULL, 'a' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	int c, rc, all = 0;
	cli_getopt_reset();
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		if (c == 'a')
			all = 1;
		else if (!cli_global_option(ctx, c, optarg))
			return cli_bad_option(ctx, c);
	}
	if (optind != ctx->argc)
		return cli_usage_error(ctx, "audit break-glass: unexpected argument '%s'", ctx->argv[optind]);
	cus_db *db = NULL;
	cus_session *s = NULL;
	if ((rc = cli_open_session(ctx, &db, &s, "audit")))
		return rc;
	cus_break_glass_iter *it = NULL;
	int r = cus_break_glass_list(&it, s, all);
	if (r) {
		rc = cli_fail(ctx, r);
		done(s, db);
		return rc;
	}
	const cus_break_glass *b;
	int n = 0;
	if (ctx->json)
		putchar('[');
	while ((r = cus_break_glass_next(&b, it)) == 0) {
		if (ctx->json) {
			printf("%s{\"id\":%" PRId64, n ? "," : "", b->id);
			const char *names[] = { "user", "role", "purpose", "session", "reason", "started", "expires", "ended",
				"end_reason", "acknowledged", "acknowledged_by", "note" };
			const char *vals[] = { b->user, b->role, b->purpose, b->session, b->reason, b->started, b->expires,
				b->ended, b->end_reason, b->acknowledged, b->acknowledged_by, b->note };
			for (int i = 0; i < 12; i++) {
				printf(",\"%s\":", names[i]);
				json_str(stdout, vals[i]);
			}
			printf(",\"reads\":%" PRId64 "}", b->reads);
		} else {
			printf("#%-5" PRId64 " %-14s %-14s %-18s %s – %s, %" PRId64 " read%s beyond the role%s\n      %s\n",
				b->id, b->user, b->role, b->purpose, b->started, b->ended ? b->ended : "open", b->reads,
				b->reads == 1 ? "" : "s", b->acknowledged ? ", acknowledged" : "", b->reason);
		}
		n++;
	}
	if (ctx->json)
		printf("]\n");
	else
		printf("%d break-glass session%s%s\n", n, n == 1 ? "" : "s", all ? "" : " to acknowledge");
	cus_break_glass_iter_free(it);
	done(s, db);
	return r == CUS_ITEROVER ? EXIT_OK : cli_fail(ctx, r);
}

int cli_audit_acknowledge(cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "note", required_argument, NULL, 'n' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *note = NULL;
	int c, rc;
	cli_getopt_reset();
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		if (c == 'n')
			note = optarg;
		else if (!cli_global_option(ctx, c, optarg))
			return cli_bad_option(ctx, c);
	}
	int64_t id = 0;
	if (optind + 1 != ctx->argc)
		return cli_usage_error(ctx, "audit acknowledge: give exactly one break-glass ID");
	if ((rc = parse_id(ctx, "audit acknowledge", ctx->argv[optind], &id)))
		return rc;
	cus_db *db = NULL;
	cus_session *s = NULL;
	if ((rc = cli_open_session(ctx, &db, &s, "audit")))
		return rc;
	int r = cus_break_glass_acknowledge(s, id, note);
	if (r)
		rc = cli_fail(ctx, r);
	else if (ctx->json)
		printf("{\"id\":%" PRId64 ",\"acknowledged\":true}\n", id);
	else
		printf("Break-glass session #%" PRId64 " acknowledged.\n", id);
	done(s, db);
	return rc;
}

int cli_audit_report(cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "person", required_argument, NULL, 'p' },
		{ "user", required_argument, NULL, 'u' }, /* the filter, as in audit log */
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "out", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'F' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	cus_access_report_options o = CUS_ACCESS_REPORT_OPTIONS_INIT;
	const char *out = NULL, *format = NULL;
	int c, rc, fmt;
	cli_getopt_reset();
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		if (c == 'p') {
			if ((rc = parse_id(ctx, "audit report", optarg, &o.person)))
				return rc;
		} else if (c == 'u')
			o.user = optarg;
		else if (c == 'f')
			o.from = optarg;
		else if (c == 't')
			o.to = optarg;
		else if (c == 'o')
			out = optarg;
		else if (c == 'F')
			format = optarg;
		else if (!cli_global_option(ctx, c, optarg))
			return cli_bad_option(ctx, c);
	}
	if (optind != ctx->argc)
		return cli_usage_error(ctx, "audit report: unexpected argument '%s'", ctx->argv[optind]);
	if (!out)
		return cli_usage_error(ctx, "audit report: give --out FILE (.json or .xlsx)");
	if ((rc = parse_format(ctx, "audit report", format, &fmt)))
		return rc;
	cus_db *db = NULL;
	cus_session *s = NULL;
	if ((rc = cli_open_session(ctx, &db, &s, "audit")))
		return rc;
	int64_t n = 0;
	int r = cus_access_report(s, &o, out, fmt, &n);
	if (r)
		rc = cli_fail(ctx, r);
	else if (ctx->json) {
		printf("{\"entries\":%" PRId64 ",\"out\":", n);
		json_str(stdout, out);
		printf("}\n");
	} else
		printf("%" PRId64 " entr%s in %s\n", n, n == 1 ? "y" : "ies", out);
	done(s, db);
	return rc;
}

/* ---- dispatch ---- */

static int cmd_rights(cli_ctx *ctx)
{
	static const struct {
		const char *name;
		int (*run)(cli_ctx *ctx);
	} subs[] = {
		{ "export", rights_export }, { "rectify", rights_rectify }, { "restrict", rights_restrict },
		{ "lift", rights_lift }, { "register", rights_register }, { "erase", rights_erase },
	};
	if (ctx->argc < 2)
		return cli_usage_error(ctx, "rights: give a subcommand: export, rectify, restrict, lift, register or erase");
	for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
		if (strcmp(ctx->argv[1], subs[i].name) == 0) {
			cli_ctx sub = *ctx;
			sub.argc = ctx->argc - 1;
			sub.argv = ctx->argv + 1;
			return subs[i].run(&sub);
		}
	return cli_usage_error(ctx, "rights: unknown subcommand '%s' (export, rectify, restrict, lift, register, erase)",
		ctx->argv[1]);
}

const cli_command cli_rights_commands[] = {
	{ "rights", cmd_rights, "data-subject rights (arts 15-18) and the register of processing (art. 30)",
	  "usage: cus [--purpose CODE] rights export (ID | --pesel PESEL) --out FILE [--format json|xlsx]\n"
	  "       cus --purpose CODE rights rectify ID --field FIELD --value VALUE --reason TEXT\n"
	  "       cus rights restrict ID --reason TEXT\n"
	  "       cus rights lift ID --reason TEXT\n"
	  "       cus rights erase (ID | --pesel PESEL) --reason TEXT\n"
	  "       cus rights register [--out FILE] [--format json|xlsx]\n"
	  "\n"
	  "export    Art. 15: everything held about the person (data, records, household,\n"
	  "          applications, decisions, plans, deliveries, employment, history,\n"
	  "          restrictions; purposes and legal bases, categories, recipients,\n"
	  "          retention, sources, and every consultation of their data from the\n"
	  "          audit log, without naming staff) as JSON or XLSX (by the file's\n"
	  "          ending). Default purpose: data_subject_request (the IOD's).\n"
	  "rectify   Art. 16: change one field; the previous value is kept sealed with\n"
	  "          who, when and why (cus person history ID). Needs --purpose.\n"
	  "restrict  Art. 18: every operation on the person other than storage and the\n"
	  "          IOD's is then refused (exit 4, audited). lift ends it.\n"
	  "erase     Art. 17 (the retention module): erased, or refused with the\n"
	  "          art. 17(3) ground and the date retention ends.\n"
	  "register  Art. 30: the register of processing activities from the policy set\n"
	  "          (JSON on standard output without --out).\n" },
	{ NULL, NULL, NULL, NULL },
};
