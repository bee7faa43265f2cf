/* cus service list | show: the Programme's service catalogue from the active policy. */
#include <getopt.h>
#include <string.h>

#include "cli.h"

/* A condition's code within its service (the library's: its kind, numbered
 * when the service has several of that kind, "manual_2"). */
static void condition_code(char *buf, size_t size, const cus_service *sv, size_t i)
{
	if (cus_service_condition_code(buf, size, sv, i) != 0)
		snprintf(buf, size, "%s", sv->conditions[i].kind);
}

static void service_json(const cus_service *sv)
{
	printf("{\"code\":");
	json_str(stdout, sv->code);
	printf(",\"name\":");
	json_str(stdout, sv->name);
	printf(",\"area\":");
	json_str(stdout, sv->area);
	printf(",\"area_name\":");
	json_str(stdout, sv->area_name);
	printf(",\"unit\":");
	json_str(stdout, sv->unit);
	printf(",\"funding\":[");
	for (size_t f = 0; f < sv->nfunding; f++) {
		if (f)
			putchar(',');
		json_str(stdout, sv->funding[f]);
	}
	printf("],\"conditions\":[");
	for (size_t k = 0; k < sv->nconditions; k++) {
		char code[48];
		condition_code(code, sizeof code, sv, k);
		printf("%s{\"code\":", k ? "," : "");
		json_str(stdout, code);
		printf(",\"kind\":");
		json_str(stdout, sv->conditions[k].kind);
		if (sv->conditions[k].value)
			printf(",\"value\":%d", sv->conditions[k].value);
		else
			printf(",\"value\":null");
		printf(",\"text\":");
		json_str(stdout, sv->conditions[k].text);
		putchar('}');
	}
	printf("]}");
}

static void service_text(const cus_service *sv)
{
	printf("%s — %s\n  area %s (%s), unit %s, funding:", sv->code, sv->name, sv->area, sv->area_name, sv->unit);
	for (size_t f = 0; f < sv->nfunding; f++)
		printf(" %s", sv->funding[f]);
	putchar('\n');
	for (size_t k = 0; k < sv->nconditions; k++) {
		char code[48];
		condition_code(code, sizeof code, sv, k);
		printf("  - %s: %s\n", code, sv->conditions[k].text);
	}
}

static int cmd_service(cli_ctx *ctx)
{
	int bad = cli_global_args(ctx);
	if (bad)
		return bad;
	if (optind >= ctx->argc)
		return cli_usage_error(ctx, "service: give a subcommand: list or show CODE");
	const char *sub = ctx->argv[optind];
	const char *code = NULL;
	if (strcmp(sub, "list") == 0) {
		if (optind + 1 != ctx->argc)
			return cli_usage_error(ctx, "service list: unexpected argument '%s'", ctx->argv[optind + 1]);
	} else if (strcmp(sub, "show") == 0) {
		if (optind + 2 != ctx->argc)
			return cli_usage_error(ctx, "service show: give exactly one service CODE");
		code = ctx->argv[optind + 1];
	} else {
		return cli_usage_error(ctx, "service: unknown subcommand '%s' (list, show)", sub);
	}
	cus_db *db = NULL;
	int rc = cli_open_db(ctx, &db);
	if (rc)
		return rc;
	const cus_service *sv = NULL;
	int n = cus_policy_services(&sv, db);
	if (n < 0) {
		rc = cli_fail(ctx, n);
	} else if (code) {
		int found = -1;
		for (int i = 0; i < n; i++)
			if (strcmp(sv[i].code, code) == 0)
				found = i;
		if (found < 0) {
			fprintf(stderr, "cus: the active policy has no service '%s' [service]\n", code);
			rc = EXIT_INPUT;
		} else if (ctx->json) {
			service_json(&sv[found]);
			putchar('\n');
		} else {
			service_text(&sv[found]);
		}
	} else if (ctx->json) {
		putchar('[');
		for (int i = 0; i < n; i++) {
			if (i)
				putchar(',');
			service_json(&sv[i]);
		}
		printf("]\n");
	} else {
		printf("%-34s %-22s %-8s %s\n", "CODE", "AREA", "UNIT", "NAME");
		for (int i = 0; i < n; i++)
			printf("%-34s %-22s %-8s %s\n", sv[i].code, sv[i].area, sv[i].unit, sv[i].name);
	}
	cus_db_close(db);
	return rc;
}

const cli_command cli_service_commands[] = {
	{ "service", cmd_service, "the Programme's service catalogue",
	  "usage: cus [global options] service list [--json]\n"
	  "       cus [global options] service show CODE [--json]\n"
	  "\n"
	  "The services of the active policy (the Programme's Tabela 2 and 3): code,\n"
	  "name, area, unit, funding sources and qualification conditions. With --json\n"
	  "list prints an array of {code, name, area, area_name, unit, funding: [codes],\n"
	  "conditions: [{code, kind, value, text}]}; a condition's code is its kind,\n"
	  "numbered when a service has several of one kind (manual_1, manual_2).\n"
	  "Services are not personal data: no purpose is needed.\n" },
	{ NULL, NULL, NULL, NULL },
};
