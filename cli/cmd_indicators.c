/* cus indicators: the Programme's evaluation indicators for a period. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Split "a,b,c" into at most max codes (in place). */
static size_t split_codes(char *s, const char **out, size_t max)
{
	size_t n = 0;
	for (char *tok = strtok(s, ","); tok && n <= max; tok = strtok(NULL, ","))
		out[n++] = tok;
	return n;
}

static void value_json(const cus_indicator_value *v)
{
	printf("{\"indicator\":");
	json_str(stdout, v->indicator);
	printf(",\"name\":");
	json_str(stdout, v->name);
	printf(",\"criterion\":");
	if (v->criterion)
		json_str(stdout, v->criterion);
	else
		printf("null");
	printf(",\"period\":");
	json_str(stdout, v->period);
	printf(",\"first\":");
	json_str(stdout, v->first);
	printf(",\"last\":");
	json_str(stdout, v->last);
	printf(",\"dims\":{");
	for (size_t d = 0; d < v->ndims; d++) {
		if (d)
			putchar(',');
		json_str(stdout, v->dims[d]);
		putchar(':');
		if (v->values[d])
			json_str(stdout, v->values[d]);
		else
			printf("null");
	}
	printf("},\"numerator\":%lld,\"denominator\":", (long long)v->numerator);
	if (v->has_denominator)
		printf("%lld", (long long)v->denominator);
	else
		printf("null");
	printf(",\"factor\":%lld,\"value\":", (long long)v->factor);
	if (v->has_value)
		printf("%.10g", v->value);
	else
		printf("null");
	printf(",\"unit\":");
	json_str(stdout, v->unit);
	putchar('}');
}

static void value_text(const cus_indicator_value *v)
{
	char cellname[256] = "";
	for (size_t d = 0; d < v->ndims; d++) {
		size_t used = strlen(cellname);
		snprintf(cellname + used, sizeof cellname - used, "%s%s=%s", d ? " " : "", v->dims[d],
			v->values[d] ? v->values[d] : "(all)");
	}
	if (!v->ndims)
		snprintf(cellname, sizeof cellname, "(all)");
	if (v->has_denominator)
		printf("  %-48s %12lld / %-10lld × %-4lld = %s%.2f\n", cellname, (long long)v->numerator,
			(long long)v->denominator, (long long)v->factor, v->has_value ? "" : "n/a ",
			v->has_value ? v->value : 0.0);
	else
		printf("  %-48s %12lld\n", cellname, (long long)v->numerator);
}

static int list_defs(cli_ctx *ctx)
{
	cus_db *db = NULL;
	int rc = cli_open_db(ctx, &db);
	if (rc)
		return rc;
	const cus_indicator *d = NULL;
	int n = cus_indicator_list(&d, db);
	if (n < 0) {
		rc = cli_fail(ctx, n);
	} else if (ctx->json) {
		putchar('[');
		for (int i = 0; i < n; i++) {
			printf("%s{\"code\":", i ? "," : "");
			json_str(stdout, d[i].code);
			printf(",\"name\":");
			json_str(stdout, d[i].name);
			printf(",\"criterion\":");
			json_str(stdout, d[i].criterion);
			printf(",\"measure\":");
			json_str(stdout, d[i].measure);
			printf(",\"denominator\":");
			if (d[i].denominator)
				json_str(stdout, d[i].denominator);
			else
				printf("null");
			printf(",\"factor\":%lld,\"target\":", (long long)d[i].factor);
			if (d[i].target)
				json_str(stdout, d[i].target);
			else
				printf("null");
			printf(",\"cumulative\":%s,\"by\":[", d[i].cumulative ? "true" : "false");
			for (size_t k = 0; k < d[i].nby; k++) {
				if (k)
					putchar(',');
				json_str(stdout, d[i].by[k]);
			}
			printf("]}");
		}
		printf("]\n");
	} else {
		printf("%-32s %-15s %-16s %s\n", "CODE", "CRITERION", "MEASURE", "NAME");
		for (int i = 0; i < n; i++)
			printf("%-32s %-15s %-16s %s\n", d[i].code, d[i].criterion, d[i].measure, d[i].name);
	}
	cus_db_close(db);
	return rc;
}

static int cmd_indicators(cli_ctx *ctx)
{
	enum { O_PERIOD = 1, O_INDICATOR, O_MEASURE, O_DEN, O_FACTOR, O_BY, O_NO_TOTALS, O_LIST };
	static const struct option opts[] = {
		{ "period", required_argument, NULL, O_PERIOD },
		{ "indicator", required_argument, NULL, O_INDICATOR },
		{ "measure", required_argument, NULL, O_MEASURE },
		{ "denominator", required_argument, NULL, O_DEN },
		{ "factor", required_argument, NULL, O_FACTOR },
		{ "by", required_argument, NULL, O_BY },
		{ "no-totals", no_argument, NULL, O_NO_TOTALS },
		{ "list", no_argument, NULL, O_LIST },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	cus_indicator_query q = CUS_INDICATOR_QUERY_INIT;
	char *by_text = NULL;
	const char *by[CUS_INDICATOR_MAX_DIMS + 1];
	int list = 0, c;
	cli_getopt_reset();
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		switch (c) {
		case O_PERIOD: q.period = optarg; break;
		case O_INDICATOR: q.indicator = optarg; break;
		case O_MEASURE: q.measure = optarg; break;
		case O_DEN: q.denominator = optarg; break;
		case O_FACTOR: {
			char *end = NULL;
			long long f = strtoll(optarg, &end, 10);
			if (!*optarg || *end || f < 1)
				return cli_usage_error(ctx, "indicators: --factor needs a whole number of 1 or more");
			q.factor = f;
			break;
		}
		case O_BY: by_text = optarg; break;
		case O_NO_TOTALS: q.totals = 0; break;
		case O_LIST: list = 1; break;
		default:
			if (!cli_global_option(ctx, c, optarg))
				return cli_bad_option(ctx, c);
		}
	}
	if (optind < ctx->argc)
		return cli_usage_error(ctx, "indicators: unexpected argument '%s'", ctx->argv[optind]);
	if (list)
		return list_defs(ctx);
	if (!q.period)
		return cli_usage_error(ctx, "indicators: --period PERIOD is required (2022, 2022H1, 2022Q3, 2022-03)");
	if (q.indicator && q.measure)
		return cli_usage_error(ctx, "indicators: give --indicator or --measure, not both");
	if ((q.denominator || q.factor) && !q.measure)
		return cli_usage_error(ctx, "indicators: --denominator and --factor go with --measure");
	char *copy = NULL;
	if (by_text) {
		copy = strdup(by_text);
		if (!copy)
			return EXIT_INTERNAL;
		q.nby = split_codes(copy, by, CUS_INDICATOR_MAX_DIMS);
		q.by = by;
	}
	cus_db *db = NULL;
	cus_session *s = NULL;
	int rc = cli_open_session(ctx, &db, &s, "reporting");
	if (rc) {
		free(copy);
		return rc;
	}
	cus_indicator_iter *it = NULL;
	int e = cus_indicators_compute(&it, s, &q);
	if (e) {
		rc = cli_fail(ctx, e);
	} else {
		const cus_indicator_value *v;
		const char *current = NULL;
		size_t i = 0;
		if (ctx->json)
			putchar('[');
		while (cus_indicator_next(&v, it) == 0) {
			if (ctx->json) {
				if (i++)
					putchar(',');
				value_json(v);
				continue;
			}
			if (!current || strcmp(current, v->indicator) != 0) {
				printf("%s%s — %s (%s, %s to %s)\n", current ? "\n" : "", v->indicator, v->name,
					v->criterion ? v->criterion : "ad hoc", v->first, v->last);
				current = v->indicator;
			}
			value_text(v);
		}
		if (ctx->json)
			printf("]\n");
	}
	cus_indicator_iter_free(it);
	cus_session_close(s);
	cus_db_close(db);
	free(copy);
	return rc;
}

const cli_command cli_indicators_commands[] = {
	{ "indicators", cmd_indicators, "the Programme's evaluation indicators for a period",
	  "usage: cus [global options] indicators --period PERIOD [--indicator CODE] [--by DIM,...]\n"
	  "           [--no-totals] [--json]\n"
	  "       cus [global options] indicators --period PERIOD --measure M [--denominator M]\n"
	  "           [--factor N] [--by DIM,...]\n"
	  "       cus [global options] indicators --list [--json]\n"
	  "\n"
	  "Computes the indicators of the active policy (section indicators) for PERIOD\n"
	  "(2022, 2022H1, 2022Q3 or 2022-03), or one of them, or an ad hoc measure, broken\n"
	  "down by the indicator's dimensions or by --by (month, quarter, half_year, year,\n"
	  "service, area, funding, project, sex, age_band, family_type). Every cell holds\n"
	  "its numerator, denominator and factor; value = numerator / denominator x factor.\n"
	  "Persons and families are counted once per cell (distinct), and the totals\n"
	  "(dimension (all), null in JSON) are computed, not summed.\n"
	  "Measures: persons, families, deliveries, units (hundredths), cost (grosze),\n"
	  "services, applications, applicants, qualified, refused, decided, withdrawn,\n"
	  "plans_active, reviews_due, reviews_on_time.\n"
	  "The purpose defaults to reporting; it needs read on reports (the director).\n"
	  "With --json: an array of {indicator, name, criterion, period, first, last,\n"
	  "dims: {dim: value|null}, numerator, denominator|null, factor, value|null, unit}.\n" },
	{ NULL, NULL, NULL, NULL },
};
