/* cus retention: what is due, disposal proposals, approval, execution,
 * legal holds. Never prints personal data: persons are p-<id>. */
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define PURPOSE "retention"

/* Options shared by the subcommands. */
typedef struct {
	const char *as_of, *out, *decision, *reason, *until;
	int all;
} ropts;

static int parse(cli_ctx *ctx, ropts *o, const char *allowed)
{
	enum { O_AS_OF = 1, O_OUT, O_DECISION, O_REASON, O_UNTIL, O_ALL };
	static const struct option opts[] = {
		CLI_GLOBAL_OPTIONS,
		{ "as-of", required_argument, NULL, O_AS_OF },
		{ "out", required_argument, NULL, O_OUT },
		{ "decision", required_argument, NULL, O_DECISION },
		{ "reason", required_argument, NULL, O_REASON },
		{ "until", required_argument, NULL, O_UNTIL },
		{ "all", no_argument, NULL, O_ALL },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const names[] = { NULL, "as-of", "out", "decision", "reason", "until", "all" };
	memset(o, 0, sizeof *o);
	cli_getopt_reset();
	int c;
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		if (cli_global_option(ctx, c, optarg))
			continue;
		if (c < O_AS_OF || c > O_ALL)
			return cli_bad_option(ctx, c);
		char key[24];
		snprintf(key, sizeof key, ",%s,", names[c]);
		if (!strstr(allowed, key))
			return cli_usage_error(ctx, "%s: --%s does not apply here", cli_command_name, names[c]);
		switch (c) {
		case O_AS_OF: o->as_of = optarg; break;
		case O_OUT: o->out = optarg; break;
		case O_DECISION: o->decision = optarg; break;
		case O_REASON: o->reason = optarg; break;
		case O_UNTIL: o->until = optarg; break;
		case O_ALL: o->all = 1; break;
		}
	}
	return 0;
}

static int one_arg(cli_ctx *ctx, const char *what)
{
	if (optind + 1 != ctx->argc)
		return cli_usage_error(ctx, "%s: give one %s", cli_command_name, what);
	return 0;
}

static int open_s(cli_ctx *ctx, cus_db **db, cus_session **s)
{
	return cli_open_session(ctx, db, s, PURPOSE);
}

static void close_s(cus_db *db, cus_session *s)
{
	cus_session_close(s);
	cus_db_close(db);
}

static void print_counts_json(const int64_t *counts)
{
	fputc('{', stdout);
	int first = 1;
	for (int k = 0; k < cus_retention_kind_count(); k++) {
		if (!counts[k])
			continue;
		printf("%s\"%s\":%" PRId64, first ? "" : ",", cus_retention_kind_name(k), counts[k]);
		first = 0;
	}
	fputc('}', stdout);
}

static int r_due(cli_ctx *ctx)
{
	ropts o;
	int rc = parse(ctx, &o, ",as-of,");
	if (rc)
		return rc;
	if (optind != ctx->argc)
		return cli_usage_error(ctx, "%s: takes no arguments", cli_command_name);
	cus_db *db = NULL;
	cus_session *s = NULL;
	if ((rc = open_s(ctx, &db, &s)))
		return rc;
	cus_retention_iter *it = NULL;
	rc = cus_retention_due(&it, s, o.as_of);
	if (rc) {
		rc = cli_fail(ctx, rc);
		close_s(db, s);
		return rc;
	}
	int64_t by_action[5] = { 0 }, records[CUS_RETENTION_KIND_COUNT] = { 0 };
	const cus_retention_item *x;
	size_t n = cus_retention_count(it);
	if (ctx->json) {
		printf("{\"as_of\":");
		char today[11];
		cli_today(today);
		json_str(stdout, o.as_of ? o.as_of : today);
		printf(",\"items\":[");
	} else if (n) {
		printf("%-22s %-9s %-14s %-12s %-10s %-10s %-10s %s\n", "subject", "action", "categories", "symbols", "from",
			"event", "due", "records");
	}
	size_t i = 0;
	while (cus_retention_next(&x, it) == 0) {
		by_action[x->action]++;
		for (int k = 0; k < CUS_RETENTION_KIND_COUNT; k++)
			records[k] += x->counts[k];
		if (ctx->json) {
			printf("%s{\"subject\":", i++ ? "," : "");
			json_str(stdout, x->subject);
			printf(",\"kind\":");
			json_str(stdout, x->kind);
			printf(",\"id\":%" PRId64 ",\"action\":", x->id);
			json_str(stdout, x->action_name);
			printf(",\"categories\":");
			json_str(stdout, x->categories);
			printf(",\"symbols\":");
			json_str(stdout, x->symbols);
			printf(",\"first_date\":");
			json_str(stdout, *x->first_date ? x->first_date : NULL);
			printf(",\"event_date\":");
			json_str(stdout, *x->event_date ? x->event_date : NULL);
			printf(",\"due\":");
			json_str(stdout, x->due);
			printf(",\"counts\":");
			print_counts_json(x->counts);
			fputc('}', stdout);
		} else {
			char counts[300] = "";
			for (int k = 0; k < CUS_RETENTION_KIND_COUNT; k++)
				if (x->counts[k]) {
					size_t l = strlen(counts);
					snprintf(counts + l, sizeof counts - l, "%s%s=%" PRId64, l ? "," : "", cus_retention_kind_name(k),
						x->counts[k]);
				}
			printf("%-22s %-9s %-14s %-12s %-10s %-10s %-10s %s\n", x->subject, x->action_name, x->categories,
				x->symbols, x->first_date, x->event_date, x->due, counts);
		}
	}
	if (ctx->json) {
		printf("],\"summary\":{\"items\":%zu,\"destroy\":%" PRId64 ",\"transfer\":%" PRId64 ",\"appraisal\":%" PRId64
			",\"held\":%" PRId64 ",\"records\":", n, by_action[1], by_action[2], by_action[3], by_action[4]);
		print_counts_json(records);
		printf("}}\n");
	} else {
		printf("%zu due: %" PRId64 " to destroy, %" PRId64 " to transfer (A), %" PRId64 " to appraisal (BE), %" PRId64
			" held\n", n, by_action[1], by_action[2], by_action[3], by_action[4]);
	}
	cus_retention_iter_free(it);
	close_s(db, s);
	return EXIT_OK;
}

static int r_propose(cli_ctx *ctx)
{
	ropts o;
	int rc = parse(ctx, &o, ",as-of,out,");
	if (rc)
		return rc;
	if (optind != ctx->argc)
		return cli_usage_error(ctx, "%s: takes no arguments", cli_command_name);
	if (!o.out)
		return cli_usage_error(ctx, "%s: name the disposal list with --out FILE.xlsx", cli_command_name);
	cus_db *db = NULL;
	cus_session *s = NULL;
	if ((rc = open_s(ctx, &db, &s)))
		return rc;
	int64_t id = 0;
	rc = cus_retention_propose(&id, s, o.as_of, o.out);
	if (rc)
		rc = cli_fail(ctx, rc);
	else
		cli_print_id(ctx, id);
	close_s(db, s);
	return rc;
}

static int with_proposal(cli_ctx *ctx, const char *allowed, ropts *o, int64_t *id)
{
	int rc = parse(ctx, o, allowed);
	if (!rc)
		rc = one_arg(ctx, "PROPOSAL (its id)");
	if (!rc)
		rc = cli_parse_id(ctx, "PROPOSAL", ctx->argv[optind], id);
	return rc;
}

static int r_approve(cli_ctx *ctx)
{
	ropts o;
	int64_t id = 0;
	int rc = with_proposal(ctx, ",decision,", &o, &id);
	if (rc)
		return rc;
	if (!o.decision)
		return cli_usage_error(ctx, "%s: give --decision \"number and date of the state archive's consent\"",
			cli_command_name);
	cus_db *db = NULL;
	cus_session *s = NULL;
	if ((rc = open_s(ctx, &db, &s)))
		return rc;
	rc = cus_retention_approve(s, id, o.decision);
	if (rc)
		rc = cli_fail(ctx, rc);
	else if (ctx->json)
		printf("{\"proposal\":%" PRId64 ",\"state\":\"approved\"}\n", id);
	else
		printf("proposal %" PRId64 " approved\n", id);
	close_s(db, s);
	return rc;
}

static int r_withdraw(cli_ctx *ctx)
{
	ropts o;
	int64_t id = 0;
	int rc = with_proposal(ctx, ",", &o, &id);
	if (rc)
		return rc;
	cus_db *db = NULL;
	cus_session *s = NULL;
	if ((rc = open_s(ctx, &db, &s)))
		return rc;
	rc = cus_retention_withdraw(s, id);
	if (rc)
		rc = cli_fail(ctx, rc);
	else if (ctx->json)
		printf("{\"proposal\":%" PRId64 ",\"state\":\"withdrawn\"}\n", id);
	else
		printf("proposal %" PRId64 " withdrawn\n", id);
	close_s(db, s);
	return rc;
}

static int r_execute(cli_ctx *ctx)
{
	ropts o;
	int64_t id = 0;
	int rc = with_proposal(ctx, ",", &o, &id);
	if (rc)
		return rc;
	cus_db *db = NULL;
	cus_session *s = NULL;
	if ((rc = open_s(ctx, &db, &s)))
		return rc;
	cus_retention_protocol p;
	rc = cus_retention_execute(&p, s, id);
	if (rc) {
		rc = cli_fail(ctx, rc);
	} else if (ctx->json) {
		printf("{\"protocol\":%" PRId64 ",\"number\":", p.protocol);
		json_str(stdout, p.number);
		printf(",\"proposal\":%" PRId64 ",\"executed\":", p.proposal);
		json_str(stdout, p.executed);
		printf(",\"persons\":%" PRId64 ",\"keys\":%" PRId64 ",\"transferred\":%" PRId64 ",\"appraisal\":%" PRId64
			",\"records\":", p.persons, p.keys, p.transferred, p.appraisal);
		print_counts_json(p.records);
		printf("}\n");
	} else {
		printf("protocol %s: %" PRId64 " case files destroyed (%" PRId64 " data keys), %" PRId64
			" marked for transfer, %" PRId64 " sent to appraisal\n", p.number, p.persons, p.keys, p.transferred,
			p.appraisal);
	}
	close_s(db, s);
	return rc;
}

static int r_show(cli_ctx *ctx)
{
	ropts o;
	int64_t id = 0;
	int rc = with_proposal(ctx, ",", &o, &id);
	if (rc)
		return rc;
	cus_db *db = NULL;
	cus_session *s = NULL;
	if ((rc = open_s(ctx, &db, &s)))
		return rc;
	cus_retention_proposal p;
	rc = cus_retention_proposal_get(&p, s, id);
	if (rc) {
		rc = cli_fail(ctx, rc);
	} else if (ctx->json) {
		printf("{\"id\":%" PRId64 ",\"state\":", p.id);
		json_str(stdout, p.state);
		printf(",\"as_of\":");
		json_str(stdout, p.as_of);
		printf(",\"created\":");
		json_str(stdout, p.created);
		printf(",\"created_by\":");
		json_str(stdout, p.created_by);
		printf(",\"decision\":");
		json_str(stdout, *p.decision ? p.decision : NULL);
		printf(",\"approved_by\":");
		json_str(stdout, *p.approved_by ? p.approved_by : NULL);
		printf(",\"approved\":");
		json_str(stdout, *p.approved ? p.approved : NULL);
		printf(",\"executed\":");
		json_str(stdout, *p.executed ? p.executed : NULL);
		printf(",\"policy_version\":%" PRId64 ",\"destroy\":%" PRId64 ",\"transfer\":%" PRId64 ",\"appraisal\":%" PRId64
			"}\n", p.policy_version, p.items[1], p.items[2], p.items[3]);
	} else {
		printf("proposal %" PRId64 ": %s, as of %s, by %s on %s\n", p.id, p.state, p.as_of, p.created_by, p.created);
		printf("  items: %" PRId64 " to destroy, %" PRId64 " to transfer, %" PRId64 " to appraisal\n", p.items[1],
			p.items[2], p.items[3]);
		if (*p.decision)
			printf("  approved by %s on %s: %s\n", p.approved_by, p.approved, p.decision);
		if (*p.executed)
			printf("  executed on %s\n", p.executed);
	}
	close_s(db, s);
	return rc;
}

static int r_hold(cli_ctx *ctx)
{
	ropts o;
	int rc = parse(ctx, &o, ",reason,until,");
	if (!rc)
		rc = one_arg(ctx, "PERSON (12, p-12) or RECORD (application:17)");
	if (rc)
		return rc;
	if (!o.reason)
		return cli_usage_error(ctx, "%s: give --reason TEXT (the case or request; not the person's data)",
			cli_command_name);
	cus_db *db = NULL;
	cus_session *s = NULL;
	if ((rc = open_s(ctx, &db, &s)))
		return rc;
	int64_t id = 0;
	rc = cus_retention_hold(&id, s, ctx->argv[optind], o.reason, o.until);
	if (rc)
		rc = cli_fail(ctx, rc);
	else
		cli_print_id(ctx, id);
	close_s(db, s);
	return rc;
}

static int r_release(cli_ctx *ctx)
{
	ropts o;
	int rc = parse(ctx, &o, ",");
	if (!rc)
		rc = one_arg(ctx, "HOLD (its id)");
	int64_t id = 0;
	if (!rc)
		rc = cli_parse_id(ctx, "HOLD", ctx->argv[optind], &id);
	if (rc)
		return rc;
	cus_db *db = NULL;
	cus_session *s = NULL;
	if ((rc = open_s(ctx, &db, &s)))
		return rc;
	rc = cus_retention_release(s, id);
	if (rc)
		rc = cli_fail(ctx, rc);
	else if (ctx->json)
		printf("{\"hold\":%" PRId64 ",\"released\":true}\n", id);
	else
		printf("hold %" PRId64 " released\n", id);
	close_s(db, s);
	return rc;
}

static int r_holds(cli_ctx *ctx)
{
	ropts o;
	int rc = parse(ctx, &o, ",all,");
	if (rc)
		return rc;
	if (optind != ctx->argc)
		return cli_usage_error(ctx, "%s: takes no arguments", cli_command_name);
	cus_db *db = NULL;
	cus_session *s = NULL;
	if ((rc = open_s(ctx, &db, &s)))
		return rc;
	cus_retention_hold_iter *it = NULL;
	rc = cus_retention_holds(&it, s, !o.all);
	if (rc) {
		rc = cli_fail(ctx, rc);
		close_s(db, s);
		return rc;
	}
	const cus_retention_hold_info *h;
	int i = 0;
	if (ctx->json)
		fputc('[', stdout);
	while (cus_retention_hold_next(&h, it) == 0) {
		if (ctx->json) {
			printf("%s{\"id\":%" PRId64 ",\"target\":", i++ ? "," : "", h->id);
			json_str(stdout, h->target);
			printf(",\"subject\":");
			json_str(stdout, h->subject);
			printf(",\"reason\":");
			json_str(stdout, h->reason);
			printf(",\"until\":");
			json_str(stdout, h->until);
			printf(",\"placed\":");
			json_str(stdout, h->placed);
			printf(",\"placed_by\":");
			json_str(stdout, h->placed_by);
			printf(",\"released\":");
			json_str(stdout, h->released);
			printf(",\"released_by\":");
			json_str(stdout, h->released_by);
			fputc('}', stdout);
		} else {
			printf("%" PRId64 "  %-22s %-10s %-20s %s%s\n", h->id, h->target, cli_or_dash(h->until), h->placed,
				h->reason, h->released ? " (released)" : "");
		}
	}
	if (ctx->json)
		puts("]");
	cus_retention_hold_iter_free(it);
	close_s(db, s);
	return EXIT_OK;
}

static int cmd_retention(cli_ctx *ctx)
{
	static const cli_subcommand subs[] = {
		{ "due", r_due }, { "propose", r_propose }, { "approve", r_approve }, { "withdraw", r_withdraw },
		{ "execute", r_execute }, { "show", r_show }, { "hold", r_hold }, { "release", r_release },
		{ "holds", r_holds },
	};
	return cli_dispatch(ctx, subs, sizeof subs / sizeof subs[0],
		"due, propose, approve, withdraw, execute, show, hold, release, holds");
}

const cli_command cli_retention_commands[] = {
	{ "retention", cmd_retention, "retention: what is due, disposal proposals, approval, execution, legal holds",
	  "usage: cus [global options] retention due [--as-of YYYY-MM-DD] [--json]\n"
	  "       cus [global options] retention propose [--as-of YYYY-MM-DD] --out FILE.xlsx\n"
	  "       cus [global options] retention approve PROPOSAL --decision \"number and date of the consent\"\n"
	  "       cus [global options] retention withdraw PROPOSAL\n"
	  "       cus [global options] retention execute PROPOSAL [--json]\n"
	  "       cus [global options] retention show PROPOSAL [--json]\n"
	  "       cus [global options] retention hold PERSON|RECORD --reason TEXT [--until YYYY-MM-DD]\n"
	  "       cus [global options] retention release HOLD\n"
	  "       cus [global options] retention holds [--all] [--json]\n"
	  "\n"
	  "The purpose defaults to 'retention'. Periods count in whole calendar years from\n"
	  "1 January of the year after the event (policy section 'retention', docs/POLICY.md).\n"
	  "due: the case files (p-<id>) and finance records due on --as-of (default today),\n"
	  "  with their action (destroy; transfer: category A; appraisal: BE; held), archival\n"
	  "  categories, JRWA symbols, dates and record counts; never personal data.\n"
	  "propose: stores a disposal proposal and writes the disposal list (spis akt\n"
	  "  przeznaczonych do brakowania) as XLSX; prints its id.\n"
	  "approve: records the state archive's consent; only the policy's approvers\n"
	  "  (archivist, director).\n"
	  "execute: destroys what an approved proposal lists (records deleted, data keys\n"
	  "  destroyed, anonymous statistical facts kept), marks A for transfer and BE for\n"
	  "  appraisal, and stores the disposal protocol. Refusals, all audited:\n"
	  "  7 not approved, 8 legal hold, 9 category A, 10 category BE, 11 retention not\n"
	  "  ended today; 4 a role that may not.\n"
	  "hold: a legal hold on a person's file (12 or p-12) or a record (application:17,\n"
	  "  plan:3, delivery:99, special_category:4, decision:5, employment:2, budget:8,\n"
	  "  expenditure:7, project:2); the reason must not hold the person's data.\n" },
	{ NULL, NULL, NULL, NULL },
};
