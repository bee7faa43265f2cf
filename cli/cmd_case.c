/* cus apply | qualify | confirm; cus application show | list | withdraw;
 * cus employment add | show: applications for the Programme's services and
 * their qualification (<cus/cases.h>).
 *
 * Case records are personal data: every command needs --purpose CODE (or env
 * CUS_PURPOSE); there is no default (usage error otherwise). */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

/* ---- apply ---- */

static int cmd_apply(cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "person", required_argument, NULL, 'p' },
		{ "service", required_argument, NULL, 's' },
		{ "date", required_argument, NULL, 'd' },
		{ "applicant", required_argument, NULL, 'a' },
		{ "representative", required_argument, NULL, 'r' },
		{ "declaration-date", required_argument, NULL, 'D' },
		{ "duration-months", required_argument, NULL, 'm' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	snprintf(cli_command_name, sizeof cli_command_name, "apply");
	cus_application_input in = CUS_APPLICATION_INPUT_INIT;
	const char *person = NULL, *representative = NULL, *duration = NULL;
	int c, rc;
	cli_getopt_reset();
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'p': person = optarg; break;
		case 's': in.service = optarg; break;
		case 'd': in.date = optarg; break;
		case 'a': in.applicant = optarg; break;
		case 'r': representative = optarg; break;
		case 'D': in.declaration_date = optarg; break;
		case 'm': duration = optarg; break;
		default:
			if (!cli_global_option(ctx, c, optarg))
				return cli_bad_option(ctx, c);
		}
	}
	if (optind < ctx->argc)
		return cli_usage_error(ctx, "apply: unexpected argument '%s'", ctx->argv[optind]);
	if (!person || !in.service || !in.date)
		return cli_usage_error(ctx, "apply: give --person ID, --service CODE and --date YYYY-MM-DD");
	if ((rc = cli_parse_id(ctx, "--person", person, &in.person)))
		return rc;
	if (representative && (rc = cli_parse_id(ctx, "--representative", representative, &in.representative)))
		return rc;
	if (duration && (rc = cli_parse_int(ctx, "duration_months", "--duration-months", duration, &in.duration_months)))
		return rc;
	cus_db *db = NULL;
	cus_session *s = NULL;
	if ((rc = cli_open_purpose_session(ctx, &db, &s)))
		return rc;
	int64_t id = 0;
	int r = cus_application_add(s, &in, &id);
	if (r)
		rc = cli_fail(ctx, r);
	else
		cli_print_id(ctx, id);
	cli_close_session(db, s);
	return rc;
}

/* ---- qualify ---- */

static void qualification_json(const cus_qualification *q, int dry_run)
{
	printf("{\"application\":%" PRId64 ",\"person\":%" PRId64 ",\"service\":", q->application_id, q->person_id);
	json_str(stdout, q->service);
	printf(",\"as_of\":");
	json_str(stdout, q->as_of);
	printf(",\"result\":");
	json_str(stdout, q->result_name ? q->result_name : cus_qualification_result_name(q->result));
	printf(",\"conditions\":[");
	for (size_t i = 0; i < q->nconditions; i++) {
		const cus_condition_eval *e = &q->conditions[i];
		printf("%s{\"code\":", i ? "," : "");
		json_str(stdout, e->code);
		printf(",\"kind\":");
		json_str(stdout, e->kind);
		if (e->value)
			printf(",\"value\":%d", e->value);
		else
			printf(",\"value\":null");
		printf(",\"text\":");
		json_str(stdout, e->text);
		printf(",\"result\":");
		json_str(stdout, e->result_name ? e->result_name : cus_condition_result_name(e->result));
		printf(",\"explanation\":");
		json_str(stdout, e->explanation);
		printf(",\"confirmed_by\":");
		json_str(stdout, e->confirmed_by);
		putchar('}');
	}
	printf("],\"policy_version\":%" PRId64 ",\"decided_by\":", q->policy_version);
	json_str(stdout, q->decided_by);
	printf(",\"decision_date\":");
	json_str(stdout, q->decision_date);
	printf(",\"plan_required\":%s,\"status\":", q->plan_required ? "true" : "false");
	json_str(stdout, q->status);
	printf(",\"run\":%" PRId64 ",\"dry_run\":%s}\n", q->run, dry_run ? "true" : "false");
}

static void qualification_text(const cus_qualification *q, int dry_run)
{
	const char *result = q->result_name ? q->result_name : cus_qualification_result_name(q->result);
	printf("application %" PRId64 " (%s, person %" PRId64 ", as of %s): %s\n", q->application_id,
		cli_or_dash(q->service), q->person_id, cli_or_dash(q->as_of), cli_or_dash(result));
	for (size_t i = 0; i < q->nconditions; i++) {
		const cus_condition_eval *e = &q->conditions[i];
		const char *name = e->result_name ? e->result_name : cus_condition_result_name(e->result);
		printf("  %-22s %-18s %s", cli_or_dash(e->code), cli_or_dash(name), cli_or_dash(e->explanation));
		if (e->confirmed_by)
			printf(" (confirmed by %s)", e->confirmed_by);
		putchar('\n');
	}
	if (q->decision_date)
		printf("decided %s by %s under policy version %" PRId64 "; ", q->decision_date, cli_or_dash(q->decided_by),
			q->policy_version);
	printf("status %s, run %" PRId64 "%s%s\n", cli_or_dash(q->status), q->run,
		q->plan_required ? ", an individual service plan is required" : "",
		dry_run ? " (dry run: nothing was recorded)" : "");
}

static int cmd_qualify(cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "decision-date", required_argument, NULL, 'd' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "pending", no_argument, NULL, 'P' },
		{ "service", required_argument, NULL, 's' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	snprintf(cli_command_name, sizeof cli_command_name, "qualify");
	cus_qualify_options o = CUS_QUALIFY_OPTIONS_INIT;
	int pending = 0;
	const char *service = NULL;
	int c, rc;
	cli_getopt_reset();
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': o.decision_date = optarg; break;
		case 'n': o.dry_run = 1; break;
		case 'P': pending = 1; break;
		case 's': service = optarg; break;
		default:
			if (!cli_global_option(ctx, c, optarg))
				return cli_bad_option(ctx, c);
		}
	}
	int64_t app = 0;
	if (pending) {
		if (optind < ctx->argc)
			return cli_usage_error(ctx, "qualify --pending: give no application ID");
	} else {
		if (service)
			return cli_usage_error(ctx, "qualify: --service goes with --pending");
		if (optind + 1 != ctx->argc)
			return cli_usage_error(ctx, "qualify: give exactly one application ID, or --pending");
		if ((rc = cli_parse_id(ctx, "the application ID", ctx->argv[optind], &app)))
			return rc;
	}
	cus_db *db = NULL;
	cus_session *s = NULL;
	if ((rc = cli_open_purpose_session(ctx, &db, &s)))
		return rc;
	if (pending) {
		cus_qualify_summary sum = { 0, 0, 0, 0 };
		int r = cus_qualify_pending(&sum, s, service, &o);
		if (r) {
			rc = cli_fail(ctx, r);
		} else if (ctx->json) {
			printf("{\"evaluated\":%" PRId64 ",\"qualified\":%" PRId64 ",\"refused\":%" PRId64
			       ",\"pending\":%" PRId64 ",\"dry_run\":%s}\n",
				sum.evaluated, sum.qualified, sum.refused, sum.pending, o.dry_run ? "true" : "false");
		} else {
			printf("evaluated %" PRId64 " application%s: %" PRId64 " qualified, %" PRId64 " refused, %" PRId64
			       " pending%s\n",
				sum.evaluated, sum.evaluated == 1 ? "" : "s", sum.qualified, sum.refused, sum.pending,
				o.dry_run ? " (dry run: nothing was recorded)" : "");
		}
	} else {
		cus_qualification *q = NULL;
		int r = cus_qualify(&q, s, app, &o);
		if (r)
			rc = cli_fail(ctx, r);
		else if (ctx->json)
			qualification_json(q, o.dry_run);
		else
			qualification_text(q, o.dry_run);
		cus_qualification_free(q);
	}
	cli_close_session(db, s);
	return rc;
}

/* ---- confirm ---- */

static int cmd_confirm(cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "condition", required_argument, NULL, 'c' },
		{ "not-met", no_argument, NULL, 'n' },
		{ "note", required_argument, NULL, 'N' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	snprintf(cli_command_name, sizeof cli_command_name, "confirm");
	const char *condition = NULL, *note = NULL;
	int met = 1;
	int c, rc;
	cli_getopt_reset();
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'c': condition = optarg; break;
		case 'n': met = 0; break;
		case 'N': note = optarg; break;
		default:
			if (!cli_global_option(ctx, c, optarg))
				return cli_bad_option(ctx, c);
		}
	}
	if (optind + 1 != ctx->argc)
		return cli_usage_error(ctx, "confirm: give exactly one application ID");
	if (!condition)
		return cli_usage_error(ctx, "confirm: name the condition with --condition CODE");
	int64_t app;
	if ((rc = cli_parse_id(ctx, "the application ID", ctx->argv[optind], &app)))
		return rc;
	cus_db *db = NULL;
	cus_session *s = NULL;
	if ((rc = cli_open_purpose_session(ctx, &db, &s)))
		return rc;
	int r = cus_condition_confirm(s, app, condition, met, note);
	if (r) {
		rc = cli_fail(ctx, r);
	} else if (ctx->json) {
		printf("{\"application\":%" PRId64 ",\"condition\":", app);
		json_str(stdout, condition);
		printf(",\"met\":%s,\"confirmed_by\":", met ? "true" : "false");
		json_str(stdout, cus_session_user(s));
		printf("}\n");
	} else {
		printf("Condition %s of application %" PRId64 " %s.\n", condition, app,
			met ? "confirmed as met" : "rejected as not met");
	}
	cli_close_session(db, s);
	return rc;
}

/* ---- application show | list | withdraw ---- */

static void application_json(const cus_application *a)
{
	printf("{\"id\":%" PRId64 ",\"person_id\":%" PRId64 ",\"service\":", a->id, a->person_id);
	json_str(stdout, a->service);
	printf(",\"date\":");
	json_str(stdout, a->date);
	printf(",\"applicant\":");
	json_str(stdout, a->applicant);
	printf(",\"representative_id\":");
	cli_json_id_or_null(a->representative_id);
	printf(",\"declaration_date\":");
	json_str(stdout, a->declaration_date);
	printf(",\"duration_months\":%d,\"plan_required\":%s,\"status\":", a->duration_months,
		a->plan_required ? "true" : "false");
	json_str(stdout, a->status);
	printf(",\"decision_date\":");
	json_str(stdout, a->decision_date);
	printf(",\"decided_by\":");
	json_str(stdout, a->decided_by);
	printf(",\"decision_policy_version\":");
	cli_json_id_or_null(a->decision_policy_version);
	printf(",\"reasons\":");
	json_str(stdout, a->reasons);
	printf(",\"withdrawn_date\":");
	json_str(stdout, a->withdrawn_date);
	printf(",\"created\":");
	json_str(stdout, a->created);
	putchar('}');
}

static void application_text(const cus_application *a)
{
	printf("id:               %" PRId64 "\n", a->id);
	printf("person:           %" PRId64 "\n", a->person_id);
	printf("service:          %s\n", cli_or_dash(a->service));
	printf("date:             %s\n", cli_or_dash(a->date));
	printf("applicant:        %s\n", cli_or_dash(a->applicant));
	if (a->representative_id)
		printf("representative:   %" PRId64 "\n", a->representative_id);
	else
		printf("representative:   -\n");
	printf("declaration date: %s\n", cli_or_dash(a->declaration_date));
	printf("duration months:  %d%s\n", a->duration_months, a->plan_required ? " (an IPUS is required)" : "");
	printf("status:           %s\n", cli_or_dash(a->status));
	printf("decision date:    %s\n", cli_or_dash(a->decision_date));
	printf("decided by:       %s\n", cli_or_dash(a->decided_by));
	if (a->decision_policy_version)
		printf("policy version:   %" PRId64 "\n", a->decision_policy_version);
	else
		printf("policy version:   -\n");
	printf("reasons:          %s\n", cli_or_dash(a->reasons));
	printf("withdrawn:        %s\n", cli_or_dash(a->withdrawn_date));
	printf("created:          %s\n", cli_or_dash(a->created));
}

static int application_show(cli_ctx *ctx)
{
	int rc = cli_global_args(ctx);
	if (rc)
		return rc;
	if (optind + 1 != ctx->argc)
		return cli_usage_error(ctx, "application show: give exactly one application ID");
	int64_t id;
	if ((rc = cli_parse_id(ctx, "the application ID", ctx->argv[optind], &id)))
		return rc;
	cus_db *db = NULL;
	cus_session *s = NULL;
	if ((rc = cli_open_purpose_session(ctx, &db, &s)))
		return rc;
	cus_application *a = NULL;
	int r = cus_application_get(&a, s, id);
	if (r) {
		rc = cli_fail(ctx, r);
	} else if (ctx->json) {
		application_json(a);
		putchar('\n');
	} else {
		application_text(a);
	}
	cus_application_free(a);
	cli_close_session(db, s);
	return rc;
}

static int application_list(cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "person", required_argument, NULL, 'p' },
		{ "status", required_argument, NULL, 's' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *person_arg = NULL, *status = NULL;
	int c, rc;
	cli_getopt_reset();
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		if (c == 'p')
			person_arg = optarg;
		else if (c == 's')
			status = optarg;
		else if (!cli_global_option(ctx, c, optarg))
			return cli_bad_option(ctx, c);
	}
	if (optind < ctx->argc)
		return cli_usage_error(ctx, "application list: unexpected argument '%s'", ctx->argv[optind]);
	int64_t person = 0;
	if (person_arg && (rc = cli_parse_id(ctx, "--person", person_arg, &person)))
		return rc;
	cus_db *db = NULL;
	cus_session *s = NULL;
	if ((rc = cli_open_purpose_session(ctx, &db, &s)))
		return rc;
	cus_application_iter *it = NULL;
	int code = cus_application_list(&it, s, person, status);
	if (code) {
		rc = cli_fail(ctx, code);
	} else {
		const cus_application *a;
		int64_t n = 0;
		if (ctx->json)
			putchar('[');
		else
			printf("%-8s %-8s %-34s %-10s %-10s %s\n", "ID", "PERSON", "SERVICE", "DATE", "STATUS", "DECIDED");
		while ((code = cus_application_next(&a, it)) == 0) {
			if (ctx->json) {
				if (n)
					putchar(',');
				application_json(a);
			} else {
				printf("%-8" PRId64 " %-8" PRId64 " %-34s %-10s %-10s %s\n", a->id, a->person_id,
					cli_or_dash(a->service), cli_or_dash(a->date), cli_or_dash(a->status), cli_or_dash(a->decision_date));
			}
			n++;
		}
		if (ctx->json)
			printf("]\n");
		else if (code == CUS_ITEROVER)
			printf("%" PRId64 " application%s\n", n, n == 1 ? "" : "s");
		rc = code == CUS_ITEROVER ? EXIT_OK : cli_fail(ctx, code);
	}
	cus_application_iter_free(it);
	cli_close_session(db, s);
	return rc;
}

static int application_withdraw(cli_ctx *ctx)
{
	const char *date = NULL;
	int64_t id;
	int rc = cli_id_and_date(ctx, "application", &id, &date);
	if (rc)
		return rc;
	cus_db *db = NULL;
	cus_session *s = NULL;
	if ((rc = cli_open_purpose_session(ctx, &db, &s)))
		return rc;
	int r = cus_application_withdraw(s, id, date);
	if (r) {
		rc = cli_fail(ctx, r);
	} else if (ctx->json) {
		printf("{\"id\":%" PRId64 ",\"status\":\"withdrawn\",\"date\":", id);
		json_str(stdout, date);
		printf("}\n");
	} else {
		printf("Application %" PRId64 " withdrawn.\n", id);
	}
	cli_close_session(db, s);
	return rc;
}

static int cmd_application(cli_ctx *ctx)
{
	static const cli_subcommand subs[] = {
		{ "show", application_show }, { "list", application_list }, { "withdraw", application_withdraw },
	};
	return cli_dispatch(ctx, subs, sizeof subs / sizeof subs[0], "show, list, withdraw");
}

/* ---- employment add | show ---- */

static int employment_add(cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "status", required_argument, NULL, 's' },
		{ "since", required_argument, NULL, 'S' },
		{ "source", required_argument, NULL, 'o' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *status = NULL, *since = NULL, *source = NULL;
	int c, rc;
	cli_getopt_reset();
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 's': status = optarg; break;
		case 'S': since = optarg; break;
		case 'o': source = optarg; break;
		default:
			if (!cli_global_option(ctx, c, optarg))
				return cli_bad_option(ctx, c);
		}
	}
	if (optind + 1 != ctx->argc)
		return cli_usage_error(ctx, "employment add: give exactly one person ID");
	if (!status || !since)
		return cli_usage_error(ctx, "employment add: give --status S and --since YYYY-MM-DD");
	int64_t person;
	if ((rc = cli_parse_id(ctx, "the person ID", ctx->argv[optind], &person)))
		return rc;
	cus_db *db = NULL;
	cus_session *s = NULL;
	if ((rc = cli_open_purpose_session(ctx, &db, &s)))
		return rc;
	int64_t id = 0;
	int r = cus_employment_add(s, person, status, since, source, &id);
	if (r)
		rc = cli_fail(ctx, r);
	else
		cli_print_id(ctx, id);
	cli_close_session(db, s);
	return rc;
}

static int employment_show(cli_ctx *ctx)
{
	const char *date = NULL;
	int64_t person;
	int rc = cli_id_and_date(ctx, "person", &person, &date);
	if (rc)
		return rc;
	char day[11];
	if (!date) {
		cli_today(day);
		date = day;
	}
	cus_db *db = NULL;
	cus_session *s = NULL;
	if ((rc = cli_open_purpose_session(ctx, &db, &s)))
		return rc;
	const char *status = NULL;
	char since[11] = "";
	int r = cus_employment_on(&status, since, s, person, date);
	if (r) {
		rc = cli_fail(ctx, r);
	} else if (ctx->json) {
		printf("{\"person\":%" PRId64 ",\"date\":", person);
		json_str(stdout, date);
		printf(",\"status\":");
		json_str(stdout, status);
		printf(",\"since\":");
		json_str(stdout, status && *since ? since : NULL);
		printf("}\n");
	} else if (status) {
		printf("Person %" PRId64 " on %s: %s (since %s).\n", person, date, status, *since ? since : "-");
	} else {
		printf("Person %" PRId64 " on %s: no employment status recorded.\n", person, date);
	}
	cli_close_session(db, s);
	return rc;
}

static int cmd_employment(cli_ctx *ctx)
{
	static const cli_subcommand subs[] = { { "add", employment_add }, { "show", employment_show } };
	return cli_dispatch(ctx, subs, sizeof subs / sizeof subs[0], "add, show");
}

const cli_command cli_case_commands[] = {
	{ "apply", cmd_apply, "file an application for a service of the Programme",
	  "usage: cus [global options] apply --person ID --service CODE --date YYYY-MM-DD\n"
	  "                 [--applicant self|legal_representative|carer] [--representative ID]\n"
	  "                 [--declaration-date YYYY-MM-DD] [--duration-months N] --purpose CODE [--json]\n"
	  "\n"
	  "Files an application (wniosek) of the person for a service of the active\n"
	  "policy (cus service list) and prints its id ({\"id\": N} with --json). It\n"
	  "starts as 'submitted'; cus qualify decides it.\n"
	  "  --date               the application's date: within the Programme period and\n"
	  "                       not after today\n"
	  "  --applicant          who filed it (default self); a legal representative or a\n"
	  "                       de facto carer may be named with --representative ID\n"
	  "  --declaration-date   the date of the declaration that the conditions are met\n"
	  "                       (default: the application's date)\n"
	  "  --duration-months    how long the services are expected to last (0 unknown,\n"
	  "                       at most 120); 3 or more requires an individual plan (IPUS)\n"
	  "Needs write on 'basic' for the purpose (qualification for OUS and KIPUS staff).\n"
	  "An invalid value (an unknown service, a date outside the Programme) exits 3\n"
	  "naming the field, and nothing is stored.\n" },
	{ "qualify", cmd_qualify, "qualify applications: evaluate every condition of the service",
	  "usage: cus [global options] qualify APPLICATION [--decision-date YYYY-MM-DD] [--dry-run]\n"
	  "                 --purpose CODE [--json]\n"
	  "       cus [global options] qualify --pending [--service CODE] [--decision-date YYYY-MM-DD]\n"
	  "                 [--dry-run] --purpose CODE [--json]\n"
	  "\n"
	  "Evaluates each qualification condition of the application's service from the\n"
	  "register as of the application's date. The result is 'qualified' (every\n"
	  "condition met), 'refused' (a condition not met) or 'pending' (some need a\n"
	  "coordinator's confirmation, cus confirm, or data missing from the register).\n"
	  "A submitted application becomes qualified or refused with the decision's date\n"
	  "(--decision-date, default the application's date); --dry-run records nothing.\n"
	  "Text output: the result, then one line per condition (code, result,\n"
	  "explanation). With --json an object {application, person, service, as_of,\n"
	  "result, conditions: [{code, kind, value, text, result (met, not_met,\n"
	  "needs_confirmation, needs_data), explanation, confirmed_by}], policy_version,\n"
	  "decided_by, decision_date, plan_required, status, run, dry_run}. Exits 0\n"
	  "whatever the result.\n"
	  "--pending qualifies every submitted application (of --service only, when\n"
	  "given) in one transaction, all or nothing, and prints the counts ({evaluated,\n"
	  "qualified, refused, pending, dry_run} with --json).\n" },
	{ "confirm", cmd_confirm, "confirm (or reject) a condition of an application by hand",
	  "usage: cus [global options] confirm APPLICATION --condition CODE [--not-met] [--note TEXT]\n"
	  "                 --purpose CODE [--json]\n"
	  "\n"
	  "Records a coordinator's confirmation that a condition is met (or, with\n"
	  "--not-met, that it is not) for an application not yet decided: a manual\n"
	  "condition, or one evaluated as needing confirmation. CODE is the condition's\n"
	  "code as cus service show and cus qualify print it (manual, manual_2, ...).\n"
	  "Run cus qualify again to decide the application. --note records what the\n"
	  "decision rests on (a document seen, the rule applied).\n" },
	{ "application", cmd_application, "show, list and withdraw applications",
	  "usage: cus [global options] application show ID --purpose CODE [--json]\n"
	  "       cus [global options] application list [--person ID]\n"
	  "                 [--status submitted|qualified|refused|withdrawn] --purpose CODE [--json]\n"
	  "       cus [global options] application withdraw ID [--date YYYY-MM-DD] --purpose CODE [--json]\n"
	  "\n"
	  "show: one application; with --json an object {id, person_id, service, date,\n"
	  "  applicant, representative_id, declaration_date, duration_months,\n"
	  "  plan_required, status, decision_date, decided_by, decision_policy_version,\n"
	  "  reasons, withdrawn_date, created} (null when absent).\n"
	  "list: applications by id, of one person and/or one status; --json: an array.\n"
	  "withdraw: a submitted or qualified application, on --date (default today): no\n"
	  "  delivery after that date is accepted for it.\n" },
	{ "employment", cmd_employment, "record and show a person's employment status",
	  "usage: cus [global options] employment add PERSON\n"
	  "                 --status unemployed|employed|self_employed|retired|student|inactive\n"
	  "                 --since YYYY-MM-DD [--source TEXT] --purpose CODE [--json]\n"
	  "       cus [global options] employment show PERSON [--date YYYY-MM-DD] --purpose CODE [--json]\n"
	  "\n"
	  "add: records the person's employment status from a date on (e.g. from a\n"
	  "  certificate of the county labour office, named with --source); prints the\n"
	  "  entry's id. It is what the condition 'unemployed' reads. Needs write on\n"
	  "  'financial'.\n"
	  "show: the status on --date (default today): the latest recorded on or before\n"
	  "  it; with --json {person, date, status, since} (null when none).\n" },
	{ NULL, NULL, NULL, NULL },
};
