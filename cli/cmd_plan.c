/* cus plan add | show | list | close | review | schedule | due; cus deliver;
 * cus delivery list: individual service plans (IPUS) and the services
 * delivered (<cus/cases.h>).
 *
 * Case records are personal data: every command needs --purpose CODE (or env
 * CUS_PURPOSE); there is no default (usage error otherwise). */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* ---- plans ---- */

static void plan_json(const cus_plan *p)
{
	printf("{\"id\":%" PRId64 ",\"person_id\":%" PRId64 ",\"start\":", p->id, p->person_id);
	json_str(stdout, p->start);
	printf(",\"end\":");
	json_str(stdout, p->end);
	printf(",\"coordinator\":");
	json_str(stdout, p->coordinator);
	printf(",\"services\":[");
	for (size_t i = 0; i < p->nservices; i++) {
		if (i)
			putchar(',');
		json_str(stdout, p->services[i]);
	}
	printf("],\"goals\":");
	json_str(stdout, p->goals);
	printf(",\"status\":");
	json_str(stdout, p->status);
	printf(",\"closed\":");
	json_str(stdout, p->closed);
	printf(",\"created\":");
	json_str(stdout, p->created);
	putchar('}');
}

static void plan_text(const cus_plan *p)
{
	printf("id:          %" PRId64 "\n", p->id);
	printf("person:      %" PRId64 "\n", p->person_id);
	printf("period:      %s to %s\n", cli_or_dash(p->start), cli_or_dash(p->end));
	printf("coordinator: %s\n", cli_or_dash(p->coordinator));
	printf("services:   ");
	for (size_t i = 0; i < p->nservices; i++)
		printf(" %s", p->services[i]);
	putchar('\n');
	printf("goals:       %s\n", cli_or_dash(p->goals));
	printf("status:      %s\n", cli_or_dash(p->status));
	printf("closed:      %s\n", cli_or_dash(p->closed));
	printf("created:     %s\n", cli_or_dash(p->created));
}

static int plan_add(cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "person", required_argument, NULL, 'p' },
		{ "start", required_argument, NULL, 's' },
		{ "end", required_argument, NULL, 'e' },
		{ "service", required_argument, NULL, 'S' },
		{ "coordinator", required_argument, NULL, 'c' },
		{ "goals", required_argument, NULL, 'g' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	cus_plan_input in = CUS_PLAN_INPUT_INIT;
	const char *person = NULL;
	const char **services = calloc((size_t)ctx->argc + 1, sizeof *services);
	size_t nservices = 0;
	int c, rc;
	if (!services)
		return EXIT_INTERNAL;
	cli_getopt_reset();
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'p': person = optarg; break;
		case 's': in.start = optarg; break;
		case 'e': in.end = optarg; break;
		case 'S': services[nservices++] = optarg; break;
		case 'c': in.coordinator = optarg; break;
		case 'g': in.goals = optarg; break;
		default:
			if (!cli_global_option(ctx, c, optarg)) {
				free(services);
				return cli_bad_option(ctx, c);
			}
		}
	}
	if (optind < ctx->argc)
		rc = cli_usage_error(ctx, "plan add: unexpected argument '%s'", ctx->argv[optind]);
	else if (!person || !in.start || !in.end || !nservices)
		rc = cli_usage_error(ctx, "plan add: give --person ID, --start and --end YYYY-MM-DD and at least "
			"one --service CODE");
	else
		rc = cli_parse_id(ctx, "--person", person, &in.person);
	if (rc) {
		free(services);
		return rc;
	}
	in.services = services;
	in.nservices = nservices;
	cus_db *db = NULL;
	cus_session *s = NULL;
	if ((rc = cli_open_purpose_session(ctx, &db, &s))) {
		free(services);
		return rc;
	}
	int64_t id = 0;
	int r = cus_plan_add(s, &in, &id);
	if (r)
		rc = cli_fail(ctx, r);
	else
		cli_print_id(ctx, id);
	cli_close_session(db, s);
	free(services);
	return rc;
}

static int plan_show(cli_ctx *ctx)
{
	int rc = cli_global_args(ctx);
	if (rc)
		return rc;
	if (optind + 1 != ctx->argc)
		return cli_usage_error(ctx, "plan show: give exactly one plan ID");
	int64_t id;
	if ((rc = cli_parse_id(ctx, "the plan ID", ctx->argv[optind], &id)))
		return rc;
	cus_db *db = NULL;
	cus_session *s = NULL;
	if ((rc = cli_open_purpose_session(ctx, &db, &s)))
		return rc;
	cus_plan *p = NULL;
	int r = cus_plan_get(&p, s, id);
	if (r) {
		rc = cli_fail(ctx, r);
	} else if (ctx->json) {
		plan_json(p);
		putchar('\n');
	} else {
		plan_text(p);
	}
	cus_plan_free(p);
	cli_close_session(db, s);
	return rc;
}

static int plan_list(cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "person", required_argument, NULL, 'p' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *person_arg = NULL;
	int c, rc;
	cli_getopt_reset();
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		if (c == 'p')
			person_arg = optarg;
		else if (!cli_global_option(ctx, c, optarg))
			return cli_bad_option(ctx, c);
	}
	if (optind < ctx->argc)
		return cli_usage_error(ctx, "plan list: unexpected argument '%s'", ctx->argv[optind]);
	int64_t person = 0;
	if (person_arg && (rc = cli_parse_id(ctx, "--person", person_arg, &person)))
		return rc;
	cus_db *db = NULL;
	cus_session *s = NULL;
	if ((rc = cli_open_purpose_session(ctx, &db, &s)))
		return rc;
	cus_plan_iter *it = NULL;
	int code = cus_plan_list(&it, s, person);
	if (code) {
		rc = cli_fail(ctx, code);
	} else {
		const cus_plan *p;
		int64_t n = 0;
		if (ctx->json)
			putchar('[');
		else
			printf("%-8s %-8s %-10s %-10s %-7s %-16s %s\n", "ID", "PERSON", "START", "END", "STATUS",
				"COORDINATOR", "SERVICES");
		while ((code = cus_plan_next(&p, it)) == 0) {
			if (ctx->json) {
				if (n)
					putchar(',');
				plan_json(p);
			} else {
				printf("%-8" PRId64 " %-8" PRId64 " %-10s %-10s %-7s %-16s ", p->id, p->person_id,
					cli_or_dash(p->start), cli_or_dash(p->end), cli_or_dash(p->status), cli_or_dash(p->coordinator));
				for (size_t i = 0; i < p->nservices; i++)
					printf("%s%s", i ? "," : "", p->services[i]);
				putchar('\n');
			}
			n++;
		}
		if (ctx->json)
			printf("]\n");
		else if (code == CUS_ITEROVER)
			printf("%" PRId64 " plan%s\n", n, n == 1 ? "" : "s");
		rc = code == CUS_ITEROVER ? EXIT_OK : cli_fail(ctx, code);
	}
	cus_plan_iter_free(it);
	cli_close_session(db, s);
	return rc;
}

static int plan_close(cli_ctx *ctx)
{
	const char *date = NULL;
	int64_t id;
	int rc = cli_id_and_date(ctx, "plan", &id, &date);
	if (rc)
		return rc;
	cus_db *db = NULL;
	cus_session *s = NULL;
	if ((rc = cli_open_purpose_session(ctx, &db, &s)))
		return rc;
	int r = cus_plan_close(s, id, date);
	if (r) {
		rc = cli_fail(ctx, r);
	} else if (ctx->json) {
		printf("{\"id\":%" PRId64 ",\"status\":\"closed\",\"date\":", id);
		json_str(stdout, date);
		printf("}\n");
	} else {
		printf("Plan %" PRId64 " closed.\n", id);
	}
	cli_close_session(db, s);
	return rc;
}

static int plan_review(cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "date", required_argument, NULL, 'd' },
		{ "kind", required_argument, NULL, 'k' },
		{ "note", required_argument, NULL, 'n' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *date = NULL, *kind = "review", *note = NULL;
	int c, rc;
	cli_getopt_reset();
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': date = optarg; break;
		case 'k': kind = optarg; break;
		case 'n': note = optarg; break;
		default:
			if (!cli_global_option(ctx, c, optarg))
				return cli_bad_option(ctx, c);
		}
	}
	if (optind + 1 != ctx->argc)
		return cli_usage_error(ctx, "plan review: give exactly one plan ID");
	if (!date)
		return cli_usage_error(ctx, "plan review: give the date it was done with --date YYYY-MM-DD");
	int64_t id;
	if ((rc = cli_parse_id(ctx, "the plan ID", ctx->argv[optind], &id)))
		return rc;
	cus_db *db = NULL;
	cus_session *s = NULL;
	if ((rc = cli_open_purpose_session(ctx, &db, &s)))
		return rc;
	int number = 0;
	int r = cus_plan_review(s, id, kind, date, note, &number);
	if (r) {
		rc = cli_fail(ctx, r);
	} else if (ctx->json) {
		printf("{\"plan\":%" PRId64 ",\"kind\":", id);
		json_str(stdout, kind);
		printf(",\"number\":%d,\"date\":", number);
		json_str(stdout, date);
		printf("}\n");
	} else {
		printf("Recorded %s %d of plan %" PRId64 " on %s.\n", kind, number, id, date);
	}
	cli_close_session(db, s);
	return rc;
}

/* Print a schedule or the due list; close with the iterator's first error. */
static int print_checkpoints(cli_ctx *ctx, cus_checkpoint_iter *it, int schedule)
{
	const cus_plan_checkpoint *k;
	int64_t n = 0;
	int code;
	if (ctx->json)
		putchar('[');
	else if (schedule)
		printf("%-7s %-3s %-10s %-10s %-8s %-7s %s\n", "KIND", "NO", "DUE", "DONE", "STATUS", "DAYS", "ON TIME");
	else
		printf("%-10s %-8s %-8s %-16s %-7s %-3s %-8s %s\n", "DUE", "PLAN", "PERSON", "COORDINATOR", "KIND",
			"NO", "STATUS", "DAYS");
	while ((code = cus_checkpoint_next(&k, it)) == 0) {
		if (ctx->json) {
			printf("%s{\"plan\":%" PRId64 ",\"person\":%" PRId64 ",\"coordinator\":", n ? "," : "",
				k->plan_id, k->person_id);
			json_str(stdout, k->coordinator);
			printf(",\"kind\":");
			json_str(stdout, k->kind);
			printf(",\"number\":%d,\"due\":", k->number);
			json_str(stdout, k->due);
			if (schedule) {
				printf(",\"done\":");
				json_str(stdout, k->done);
				printf(",\"on_time\":%s", k->done ? (k->on_time ? "true" : "false") : "null");
			}
			printf(",\"status\":");
			json_str(stdout, k->status);
			printf(",\"days\":%d}", k->days);
		} else if (schedule) {
			printf("%-7s %-3d %-10s %-10s %-8s %-7d %s\n", cli_or_dash(k->kind), k->number, cli_or_dash(k->due),
				cli_or_dash(k->done), cli_or_dash(k->status), k->days,
				k->done ? (k->on_time ? "yes" : "no") : "-");
		} else {
			printf("%-10s %-8" PRId64 " %-8" PRId64 " %-16s %-7s %-3d %-8s %d\n", cli_or_dash(k->due), k->plan_id,
				k->person_id, cli_or_dash(k->coordinator), cli_or_dash(k->kind), k->number, cli_or_dash(k->status),
				k->days);
		}
		n++;
	}
	if (ctx->json)
		printf("]\n");
	else if (code == CUS_ITEROVER && !schedule)
		printf("%" PRId64 " due\n", n);
	return code == CUS_ITEROVER ? EXIT_OK : cli_fail(ctx, code);
}

/* plan schedule ID [--as-of D] [--within N]; plan due --as-of D [--within N]. */
static int plan_checkpoints(cli_ctx *ctx, int schedule)
{
	static const struct option opts[] = {
		{ "as-of", required_argument, NULL, 'a' },
		{ "within", required_argument, NULL, 'w' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *as_of = NULL, *within_arg = NULL;
	int c, rc;
	cli_getopt_reset();
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		if (c == 'a')
			as_of = optarg;
		else if (c == 'w')
			within_arg = optarg;
		else if (!cli_global_option(ctx, c, optarg))
			return cli_bad_option(ctx, c);
	}
	int64_t id = 0;
	if (schedule) {
		if (optind + 1 != ctx->argc)
			return cli_usage_error(ctx, "plan schedule: give exactly one plan ID");
		if ((rc = cli_parse_id(ctx, "the plan ID", ctx->argv[optind], &id)))
			return rc;
	} else {
		if (optind < ctx->argc)
			return cli_usage_error(ctx, "plan due: unexpected argument '%s'", ctx->argv[optind]);
		if (!as_of)
			return cli_usage_error(ctx, "plan due: give the date with --as-of YYYY-MM-DD");
	}
	int within = 0;
	if (within_arg && (rc = cli_parse_int(ctx, "within", "--within", within_arg, &within)))
		return rc;
	cus_db *db = NULL;
	cus_session *s = NULL;
	if ((rc = cli_open_purpose_session(ctx, &db, &s)))
		return rc;
	cus_checkpoint_iter *it = NULL;
	int r = schedule ? cus_plan_schedule(&it, s, id, as_of, within) : cus_plan_due(&it, s, as_of, within);
	rc = r ? cli_fail(ctx, r) : print_checkpoints(ctx, it, schedule);
	cus_checkpoint_iter_free(it);
	cli_close_session(db, s);
	return rc;
}

static int plan_schedule(cli_ctx *ctx)
{
	return plan_checkpoints(ctx, 1);
}

static int plan_due(cli_ctx *ctx)
{
	return plan_checkpoints(ctx, 0);
}

static int cmd_plan(cli_ctx *ctx)
{
	static const cli_subcommand subs[] = {
		{ "add", plan_add }, { "show", plan_show }, { "list", plan_list }, { "close", plan_close },
		{ "review", plan_review }, { "schedule", plan_schedule }, { "due", plan_due },
	};
	return cli_dispatch(ctx, subs, sizeof subs / sizeof subs[0], "add, show, list, close, review, schedule, due");
}

/* ---- deliveries ---- */

static int cmd_deliver(cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "person", required_argument, NULL, 'p' },
		{ "service", required_argument, NULL, 's' },
		{ "date", required_argument, NULL, 'd' },
		{ "units", required_argument, NULL, 'u' },
		{ "cost", required_argument, NULL, 'c' },
		{ "provider", required_argument, NULL, 'P' },
		{ "funding", required_argument, NULL, 'f' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	snprintf(cli_command_name, sizeof cli_command_name, "deliver");
	cus_delivery_input in = CUS_DELIVERY_INPUT_INIT;
	const char *person = NULL, *units = NULL, *cost = NULL;
	int c, rc;
	cli_getopt_reset();
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'p': person = optarg; break;
		case 's': in.service = optarg; break;
		case 'd': in.date = optarg; break;
		case 'u': units = optarg; break;
		case 'c': cost = optarg; break;
		case 'P': in.provider = optarg; break;
		case 'f': in.funding = optarg; break;
		default:
			if (!cli_global_option(ctx, c, optarg))
				return cli_bad_option(ctx, c);
		}
	}
	if (optind < ctx->argc)
		return cli_usage_error(ctx, "deliver: unexpected argument '%s'", ctx->argv[optind]);
	if (!person || !in.service || !in.date || !units)
		return cli_usage_error(ctx, "deliver: give --person ID, --service CODE, --date YYYY-MM-DD and --units U");
	if ((rc = cli_parse_id(ctx, "--person", person, &in.person)))
		return rc;
	int r = cus_units_parse(units, &in.units);
	if (r)
		return cli_input_error(ctx, "units", "deliver: --units must be a positive number of units with at most "
			"two decimals (1,5), at most 1000000");
	if (cost) {
		r = cus_money_parse(cost, &in.cost);
		if (r)
			return cli_input_error(ctx, "cost", "deliver: --cost must be an amount in złoty with at most two "
				"decimals (123,45)");
		if (in.cost < 0)
			return cli_input_error(ctx, "cost", "deliver: --cost must not be negative");
	}
	cus_db *db = NULL;
	cus_session *s = NULL;
	if ((rc = cli_open_purpose_session(ctx, &db, &s)))
		return rc;
	int64_t id = 0;
	r = cus_delivery_add(s, &in, &id);
	if (r)
		rc = cli_fail(ctx, r);
	else
		cli_print_id(ctx, id);
	cli_close_session(db, s);
	return rc;
}

static void delivery_json(const cus_delivery *d)
{
	char units[32], cost[32];
	cli_hundredths(units, sizeof units, d->units, '.');
	cli_hundredths(cost, sizeof cost, d->cost, '.');
	printf("{\"id\":%" PRId64 ",\"person_id\":%" PRId64 ",\"application_id\":%" PRId64 ",\"service\":", d->id,
		d->person_id, d->application_id);
	json_str(stdout, d->service);
	printf(",\"date\":");
	json_str(stdout, d->date);
	printf(",\"units\":%s,\"units_hundredths\":%" PRId64 ",\"cost\":%s,\"cost_grosze\":%" PRId64
	       ",\"provider\":",
		units, d->units, cost, d->cost);
	json_str(stdout, d->provider);
	printf(",\"funding\":");
	json_str(stdout, d->funding);
	printf(",\"created\":");
	json_str(stdout, d->created);
	putchar('}');
}

static int delivery_list(cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "person", required_argument, NULL, 'p' },
		{ "service", required_argument, NULL, 's' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	cus_delivery_filter f = CUS_DELIVERY_FILTER_INIT;
	const char *person_arg = NULL;
	int c, rc;
	cli_getopt_reset();
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'p': person_arg = optarg; break;
		case 's': f.service = optarg; break;
		case 'f': f.from = optarg; break;
		case 't': f.to = optarg; break;
		default:
			if (!cli_global_option(ctx, c, optarg))
				return cli_bad_option(ctx, c);
		}
	}
	if (optind < ctx->argc)
		return cli_usage_error(ctx, "delivery list: unexpected argument '%s'", ctx->argv[optind]);
	if (person_arg && (rc = cli_parse_id(ctx, "--person", person_arg, &f.person)))
		return rc;
	cus_db *db = NULL;
	cus_session *s = NULL;
	if ((rc = cli_open_purpose_session(ctx, &db, &s)))
		return rc;
	cus_delivery_iter *it = NULL;
	int code = cus_delivery_list(&it, s, &f);
	if (code) {
		rc = cli_fail(ctx, code);
	} else {
		const cus_delivery *d;
		int64_t n = 0, cost = 0;
		if (ctx->json)
			putchar('[');
		else
			printf("%-8s %-10s %-8s %-34s %10s %16s %-14s %s\n", "ID", "DATE", "PERSON", "SERVICE", "UNITS",
				"COST", "FUNDING", "PROVIDER");
		while ((code = cus_delivery_next(&d, it)) == 0) {
			if (ctx->json) {
				if (n)
					putchar(',');
				delivery_json(d);
			} else {
				char u[32], money[CUS_MONEY_FORMAT_MAX];
				cli_hundredths(u, sizeof u, d->units, ',');
				if (cus_money_format(money, sizeof money, d->cost) < 0)
					money[0] = 0;
				printf("%-8" PRId64 " %-10s %-8" PRId64 " %-34s %10s %16s %-14s %s\n", d->id, cli_or_dash(d->date),
					d->person_id, cli_or_dash(d->service), u, money, cli_or_dash(d->funding),
					cli_or_dash(d->provider));
			}
			cost += d->cost;
			n++;
		}
		if (ctx->json) {
			printf("]\n");
		} else if (code == CUS_ITEROVER) {
			char money[CUS_MONEY_FORMAT_MAX];
			if (cus_money_format(money, sizeof money, cost) < 0)
				money[0] = 0;
			printf("%" PRId64 " deliver%s, %s in total\n", n, n == 1 ? "y" : "ies", money);
		}
		rc = code == CUS_ITEROVER ? EXIT_OK : cli_fail(ctx, code);
	}
	cus_delivery_iter_free(it);
	cli_close_session(db, s);
	return rc;
}

static int cmd_delivery(cli_ctx *ctx)
{
	static const cli_subcommand subs[] = { { "list", delivery_list } };
	return cli_dispatch(ctx, subs, sizeof subs / sizeof subs[0], "list");
}

const cli_command cli_plan_commands[] = {
	{ "plan", cmd_plan, "individual service plans (IPUS): draw up, review, schedule, due",
	  "usage: cus [global options] plan add --person ID --start YYYY-MM-DD --end YYYY-MM-DD\n"
	  "                 --service CODE [--service CODE ...] [--coordinator LOGIN] [--goals TEXT]\n"
	  "                 --purpose CODE [--json]\n"
	  "       cus [global options] plan show ID --purpose CODE [--json]\n"
	  "       cus [global options] plan list [--person ID] --purpose CODE [--json]\n"
	  "       cus [global options] plan close ID [--date YYYY-MM-DD] --purpose CODE [--json]\n"
	  "       cus [global options] plan review ID --date YYYY-MM-DD [--kind review|summary]\n"
	  "                 [--note TEXT] --purpose CODE [--json]\n"
	  "       cus [global options] plan schedule ID [--as-of YYYY-MM-DD] [--within DAYS]\n"
	  "                 --purpose CODE [--json]\n"
	  "       cus [global options] plan due --as-of YYYY-MM-DD [--within DAYS] --purpose CODE [--json]\n"
	  "\n"
	  "add: draws up an individual service plan (IPUS) and prints its id. A plan\n"
	  "  lasts at most one year (it ends at the latest the day before start + 12\n"
	  "  months) and a person has at most one plan in force on any day. The\n"
	  "  coordinator defaults to the session's user; --goals is sealed under the\n"
	  "  person's key. Needs write on 'basic' (purpose ipus for the KIPUS).\n"
	  "show, list: a plan ({id, person_id, start, end, coordinator, services, goals,\n"
	  "  status, closed, created} with --json; listings show no goals).\n"
	  "close: ends a plan on --date (default its end); later reviews are not due.\n"
	  "review: records a review (default) or summary done on --date; it fulfils the\n"
	  "  earliest open one of its kind and prints which.\n"
	  "schedule: every review (start + 3k months) and summary (start + 6k months,\n"
	  "  and a final one on the end) with its status as of --as-of (default today):\n"
	  "  done, open, due (within --within days, default 0) or overdue.\n"
	  "due: the reviews and summaries due on or before --as-of + --within days\n"
	  "  (default 0: due that day or overdue) over every plan in force, by due date;\n"
	  "  a table, or with --json an array of {plan, person, coordinator, kind,\n"
	  "  number, due, status, days} (days left, or days late when overdue). No names.\n" },
	{ "deliver", cmd_deliver, "record a service delivered to a person",
	  "usage: cus [global options] deliver --person ID --service CODE --date YYYY-MM-DD --units U\n"
	  "                 [--cost AMOUNT] [--provider NAME] [--funding SOURCE] --purpose CODE [--json]\n"
	  "\n"
	  "Records one delivery of a service and prints its id. The person must hold a\n"
	  "qualified application for the service decided on or before --date (and not\n"
	  "withdrawn before it). --units counts the service's unit (hours, visits, ...)\n"
	  "with at most two decimals ('1,5' or '1.5'); --cost is in złoty ('123,45',\n"
	  "'1 234,56 zł'; default 0), never negative; --funding is one of the service's\n"
	  "funding sources (needed when it has several). Needs write on 'basic'\n"
	  "(purpose service_delivery for OUS staff). An invalid value exits 3 naming the\n"
	  "field, and nothing is stored.\n" },
	{ "delivery", cmd_delivery, "list the services delivered",
	  "usage: cus [global options] delivery list [--person ID] [--service CODE]\n"
	  "                 [--from YYYY-MM-DD] [--to YYYY-MM-DD] --purpose CODE [--json]\n"
	  "\n"
	  "The deliveries by date, then id, of one person, one service and/or a period\n"
	  "(inclusive). With --json an array of {id, person_id, application_id, service,\n"
	  "date, units, units_hundredths, cost, cost_grosze, provider, funding, created}:\n"
	  "units and cost (złoty) as decimal numbers, and exactly as integers in\n"
	  "hundredths of the unit and grosze.\n" },
	{ NULL, NULL, NULL, NULL },
};
