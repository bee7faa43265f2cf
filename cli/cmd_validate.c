/* cus validate pesel|nip|regon VALUE: the registry's identifier checks, no database needed. */
#include <getopt.h>
#include <string.h>

#include "cli.h"

static int cmd_validate(cli_ctx *ctx)
{
	int bad = cli_global_args(ctx);
	if (bad)
		return bad;
	if (optind + 2 != ctx->argc)
		return cli_usage_error(ctx, "validate: give a kind (pesel, nip, regon) and one VALUE");
	const char *kind = ctx->argv[optind], *value = ctx->argv[optind + 1];
	char norm[16] = "";
	cus_pesel_info info = { "", 0 };
	int rc;
	if (strcmp(kind, "pesel") == 0) {
		rc = cus_pesel_check(value, &info);
		if (!rc)
			memcpy(norm, value, 11);
	} else if (strcmp(kind, "nip") == 0) {
		rc = cus_nip_check(value, norm);
	} else if (strcmp(kind, "regon") == 0) {
		rc = cus_regon_check(value, norm);
	} else {
		return cli_usage_error(ctx, "validate: unknown kind '%s' (pesel, nip, regon)", kind);
	}
	if (rc)
		return cli_fail(ctx, rc);
	if (ctx->json) {
		printf("{\"kind\":\"%s\",\"valid\":true,\"value\":\"%s\"", kind, norm);
		if (info.sex)
			printf(",\"birth_date\":\"%s\",\"sex\":\"%c\"", info.birth_date, info.sex);
		printf("}\n");
	} else if (info.sex) {
		printf("valid PESEL: born %s, sex %c\n", info.birth_date, info.sex);
	} else {
		printf("valid %s: %s\n", strcmp(kind, "nip") == 0 ? "NIP" : "REGON", norm);
	}
	return EXIT_OK;
}

const cli_command cli_validate_commands[] = {
	{ "validate", cmd_validate, "check a PESEL, NIP or REGON",
	  "usage: cus validate pesel|nip|regon VALUE [--json]\n"
	  "\n"
	  "Check an identifier as the register does: a PESEL's length, digits, check\n"
	  "digit and birth date (with the century from the month field; birth date and\n"
	  "sex are printed), a NIP's or REGON's (9 or 14 digits) check digit. NIP and\n"
	  "REGON may hold single spaces or dashes between digits; the normalised value\n"
	  "is printed. Exit 0 when valid, 3 with the reason when not. No database is\n"
	  "opened.\n" },
	{ NULL, NULL, NULL, NULL },
};
