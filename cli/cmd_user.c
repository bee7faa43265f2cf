/* cus user add | list | disable */
#include <getopt.h>
#include <string.h>

#include "cli.h"

static int user_add(cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "role", required_argument, NULL, 'r' },
		{ "name", required_argument, NULL, 'n' },
		{ "new-key-file", required_argument, NULL, 'k' },
		{ "new-passphrase-file", required_argument, NULL, 'p' },
		{ "kdf", required_argument, NULL, 'K' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *role = NULL, *name = NULL, *key_file = NULL, *pass_file = NULL, *kdf = NULL;
	int c;
	cli_getopt_reset();
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'r': role = optarg; break;
		case 'n': name = optarg; break;
		case 'k': key_file = optarg; break;
		case 'p': pass_file = optarg; break;
		case 'K': kdf = optarg; break;
		default:
			if (!cli_global_option(ctx, c, optarg))
				return cli_bad_option(ctx, c);
		}
	}
	if (optind + 1 != ctx->argc)
		return cli_usage_error(ctx, "user add: give exactly one LOGIN");
	const char *login = ctx->argv[optind];
	if (!role)
		return cli_usage_error(ctx, "user add: give the role with --role ROLE");
	cus_db_options o;
	int rc = cli_kdf_options(ctx, kdf, &o);
	if (rc)
		return rc;
	cus_db *db = NULL;
	cus_session *s = NULL;
	rc = cli_open_session(ctx, &db, &s, "administration");
	if (rc)
		return rc;
	cus_key *key = NULL;
	rc = cli_new_key(ctx, key_file, pass_file, &key);
	if (!rc) {
		int r = cus_user_add(s, login, role, name, key, &o);
		if (r)
			rc = cli_fail(ctx, r);
	}
	cus_key_free(key);
	if (!rc) {
		if (ctx->json) {
			printf("{\"login\":");
			json_str(stdout, login);
			printf(",\"role\":");
			json_str(stdout, role);
			printf(",\"state\":\"active\"}\n");
		} else {
			printf("Added user %s with the role %s.\n", login, role);
		}
	}
	cus_session_close(s);
	cus_db_close(db);
	return rc;
}

static int user_list(cli_ctx *ctx)
{
	int bad = cli_global_args(ctx);
	if (bad)
		return bad;
	if (optind < ctx->argc)
		return cli_usage_error(ctx, "user list: unexpected argument '%s'", ctx->argv[optind]);
	cus_db *db = NULL;
	cus_session *s = NULL;
	int rc = cli_open_session(ctx, &db, &s, "administration");
	if (rc)
		return rc;
	cus_user_iter *it = NULL;
	int r = cus_user_list(&it, s);
	if (r) {
		rc = cli_fail(ctx, r);
	} else {
		const cus_user *u;
		int first = 1;
		if (ctx->json)
			putchar('[');
		else
			printf("%-20s %-14s %-9s %-21s %s\n", "LOGIN", "ROLE", "STATE", "CREATED", "NAME");
		while (cus_user_next(&u, it) == 0) {
			if (ctx->json) {
				printf("%s{\"login\":", first ? "" : ",");
				json_str(stdout, u->login);
				printf(",\"name\":");
				json_str(stdout, u->name);
				printf(",\"role\":");
				json_str(stdout, u->role);
				printf(",\"state\":");
				json_str(stdout, u->state);
				printf(",\"created\":");
				json_str(stdout, u->created);
				printf(",\"changed\":");
				json_str(stdout, u->changed);
				printf("}");
			} else {
				printf("%-20s %-14s %-9s %-21s %s\n", u->login, u->role, u->state, u->created, u->name);
			}
			first = 0;
		}
		if (ctx->json)
			printf("]\n");
	}
	cus_user_iter_free(it);
	cus_session_close(s);
	cus_db_close(db);
	return rc;
}

static int user_disable(cli_ctx *ctx)
{
	int bad = cli_global_args(ctx);
	if (bad)
		return bad;
	if (optind + 1 != ctx->argc)
		return cli_usage_error(ctx, "user disable: give exactly one LOGIN");
	const char *login = ctx->argv[optind];
	cus_db *db = NULL;
	cus_session *s = NULL;
	int rc = cli_open_session(ctx, &db, &s, "administration");
	if (rc)
		return rc;
	int r = cus_user_disable(s, login);
	if (r) {
		rc = cli_fail(ctx, r);
	} else if (ctx->json) {
		printf("{\"login\":");
		json_str(stdout, login);
		printf(",\"state\":\"disabled\"}\n");
	} else {
		printf("Disabled user %s; their key slot is destroyed and they can no longer open the database.\n",
			login);
	}
	cus_session_close(s);
	cus_db_close(db);
	return rc;
}

static int cmd_user(cli_ctx *ctx)
{
	if (ctx->argc < 2)
		return cli_usage_error(ctx, "user: give a subcommand: add, list or disable");
	const char *sub = ctx->argv[1];
	cli_ctx sc = *ctx;
	sc.argc = ctx->argc - 1;
	sc.argv = ctx->argv + 1;
	if (strcmp(sub, "add") == 0)
		return user_add(&sc);
	if (strcmp(sub, "list") == 0)
		return user_list(&sc);
	if (strcmp(sub, "disable") == 0)
		return user_disable(&sc);
	return cli_usage_error(ctx, "user: unknown subcommand '%s' (add, list, disable)", sub);
}

const cli_command cli_user_commands[] = {
	{ "user", cmd_user, "add, list and disable users",
	  "usage: cus [global options] user add LOGIN --role ROLE [--name NAME]\n"
	  "                                     [--new-passphrase-file FILE | --new-key-file FILE]\n"
	  "       cus [global options] user list [--json]\n"
	  "       cus [global options] user disable LOGIN\n"
	  "\n"
	  "Manage the accounts. Needs a role the policy lets write (add, disable) or\n"
	  "read (list) the category 'users'; the purpose defaults to 'administration'.\n"
	  "add: the new user's first passphrase comes from --new-passphrase-file, env\n"
	  "CUS_NEW_PASSPHRASE or a prompt (asked twice); a service account gets a key\n"
	  "file instead (--new-key-file, made with cus keygen). A key slot is created.\n"
	  "disable: the account is marked disabled and its key slot destroyed; the user\n"
	  "can no longer open the database (exit 5). Logins are never reused.\n" },
	{ NULL, NULL, NULL, NULL },
};
