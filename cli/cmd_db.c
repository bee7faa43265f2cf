/* cus init, info, passwd, keygen. */
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* ---- init ---- */

static int cmd_init(cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "admin", required_argument, NULL, 'a' },
		{ "kdf", required_argument, NULL, 'K' },
		{ "policy", required_argument, NULL, 'p' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *admin = NULL, *kdf = NULL, *policy = NULL;
	int c;
	cli_getopt_reset();
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		if (c == 'a')
			admin = optarg;
		else if (c == 'K')
			kdf = optarg;
		else if (c == 'p')
			policy = optarg;
		else if (!cli_global_option(ctx, c, optarg))
			return cli_bad_option(ctx, c);
	}
	if (optind < ctx->argc)
		return cli_usage_error(ctx, "init: unexpected argument '%s'", ctx->argv[optind]);
	if (!admin)
		admin = ctx->user;
	if (!admin)
		return cli_usage_error(ctx, "init: name the administrator with --admin LOGIN");
	const char *path = cli_db_path(ctx);
	if (!path)
		return EXIT_USAGE;
	cus_db_options o;
	int rc = cli_kdf_options(ctx, kdf, &o);
	if (rc)
		return rc;
	cus_key *key = NULL;
	rc = cli_open_key(ctx, &key, 1);
	if (rc)
		return rc;
	cus_db *db = NULL;
	rc = cus_db_init(&db, path, admin, key, policy, &o);
	cus_key_free(key);
	if (rc)
		return cli_fail(ctx, rc);
	if (ctx->json) {
		printf("{\"db\":");
		json_str(stdout, path);
		printf(",\"keystore\":\"%s.keys\",\"admin\":", path);
		json_str(stdout, admin);
		printf(",\"format_version\":%d,\"policy\":", cus_db_format_version());
		json_str(stdout, policy ? policy : cus_policy_default_path());
		printf("}\n");
	} else {
		printf("Created %s (key store %s.keys) with administrator %s (role admin).\n", path, path, admin);
		printf("Loaded the policy %s as version 1.\n", policy ? policy : cus_policy_default_path());
	}
	cus_db_close(db);
	return EXIT_OK;
}

/* ---- info ---- */

static int cmd_info(cli_ctx *ctx)
{
	int bad = cli_global_args(ctx);
	if (bad)
		return bad;
	if (optind < ctx->argc)
		return cli_usage_error(ctx, "info: unexpected argument '%s'", ctx->argv[optind]);
	cus_db *db = NULL;
	int rc = cli_open_db(ctx, &db);
	if (rc)
		return rc;
	cus_db_info *i = NULL;
	rc = cus_db_info_get(&i, db);
	if (rc) {
		rc = cli_fail(ctx, rc);
		cus_db_close(db);
		return rc;
	}
	if (ctx->json) {
		printf("{\"format_version\":%d,\"library_format_version\":%d,\"library_version\":",
			i->format_version, i->library_format_version);
		json_str(stdout, i->library_version);
		printf(",\"sqlcipher_version\":");
		json_str(stdout, i->sqlcipher_version);
		printf(",\"sqlite_version\":");
		json_str(stdout, i->sqlite_version);
		printf(",\"cipher_page_size\":%d,\"journal_mode\":", i->cipher_page_size);
		json_str(stdout, i->journal_mode);
		printf(",\"database_id\":");
		json_str(stdout, i->database_id);
		printf(",\"created\":");
		json_str(stdout, i->created);
		printf(",\"user\":");
		json_str(stdout, i->user);
		printf(",\"kdf\":{\"algorithm\":");
		json_str(stdout, i->kdf);
		printf(",\"opslimit\":%llu,\"memlimit\":%zu,\"min_opslimit\":%llu,\"min_memlimit\":%zu}",
			i->kdf_opslimit, i->kdf_memlimit, i->kdf_min_opslimit, i->kdf_min_memlimit);
		printf(",\"key_slots\":%d,\"policy_version\":", i->key_slots);
		if (i->policy_version)
			printf("%" PRId64, i->policy_version);
		else
			printf("null");
		printf(",\"tables\":{");
		for (size_t t = 0; t < i->table_count; t++) {
			if (t)
				putchar(',');
			json_str(stdout, i->tables[t].name);
			printf(":%" PRId64, i->tables[t].rows);
		}
		printf("}}\n");
	} else {
		printf("database          %s\n", cli_db_path(ctx));
		printf("format version    %d (this library writes %d)\n", i->format_version,
			i->library_format_version);
		printf("libcus            %s\n", i->library_version);
		printf("SQLCipher         %s (SQLite %s), page size %d, journal %s\n", i->sqlcipher_version,
			i->sqlite_version, i->cipher_page_size, i->journal_mode);
		printf("database id       %s\n", i->database_id);
		printf("created           %s\n", i->created);
		printf("user              %s\n", i->user);
		printf("key derivation    %s, %llu passes, %zu MiB (minimum %llu passes, %zu MiB)\n", i->kdf,
			i->kdf_opslimit, i->kdf_memlimit >> 20, i->kdf_min_opslimit, i->kdf_min_memlimit >> 20);
		printf("key slots         %d\n", i->key_slots);
		if (i->policy_version)
			printf("policy version    %" PRId64 "\n", i->policy_version);
		else
			printf("policy version    none loaded\n");
		printf("tables            %zu\n", i->table_count);
		for (size_t t = 0; t < i->table_count; t++)
			printf("  %-24s %" PRId64 " rows\n", i->tables[t].name, i->tables[t].rows);
	}
	cus_db_info_free(i);
	cus_db_close(db);
	return EXIT_OK;
}

/* ---- passwd ---- */

static int cmd_passwd(cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "new-key-file", required_argument, NULL, 'k' },
		{ "new-passphrase-file", required_argument, NULL, 'p' },
		{ "kdf", required_argument, NULL, 'K' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *new_key_file = NULL, *new_pass_file = NULL, *kdf = NULL;
	int c;
	cli_getopt_reset();
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		if (c == 'k')
			new_key_file = optarg;
		else if (c == 'p')
			new_pass_file = optarg;
		else if (c == 'K')
			kdf = optarg;
		else if (!cli_global_option(ctx, c, optarg))
			return cli_bad_option(ctx, c);
	}
	if (optind < ctx->argc)
		return cli_usage_error(ctx, "passwd: unexpected argument '%s'", ctx->argv[optind]);
	cus_db_options o;
	int rc = cli_kdf_options(ctx, kdf, &o);
	if (rc)
		return rc;
	cus_db *db = NULL;
	rc = cli_open_db(ctx, &db);
	if (rc)
		return rc;
	cus_key *key = NULL;
	rc = cli_new_key(ctx, new_key_file, new_pass_file, &key);
	if (!rc) {
		int r = cus_db_change_passphrase(db, key, &o);
		if (r)
			rc = cli_fail(ctx, r);
	}
	cus_key_free(key);
	if (!rc) {
		if (ctx->json) {
			printf("{\"user\":");
			json_str(stdout, cus_db_user(db));
			printf(",\"changed\":true,\"kind\":\"%s\"}\n", new_key_file ? "keyfile" : "passphrase");
		} else {
			printf("The %s of %s was changed; other users are unaffected.\n",
				new_key_file ? "key (now a key file)" : "passphrase", cus_db_user(db));
		}
	}
	cus_db_close(db);
	return rc;
}

/* ---- keygen ---- */

static int cmd_keygen(cli_ctx *ctx)
{
	int bad = cli_global_args(ctx);
	if (bad)
		return bad;
	if (optind + 1 != ctx->argc)
		return cli_usage_error(ctx, "keygen: give exactly one FILE");
	int rc = cus_key_file_generate(ctx->argv[optind]);
	if (rc)
		return cli_fail(ctx, rc);
	if (ctx->json) {
		printf("{\"key_file\":");
		json_str(stdout, ctx->argv[optind]);
		printf(",\"bytes\":%d}\n", CUS_KEY_FILE_BYTES);
	} else {
		printf("Wrote a new %d-byte key file %s (mode 0600). Keep it secret.\n", CUS_KEY_FILE_BYTES,
			ctx->argv[optind]);
	}
	return EXIT_OK;
}

const cli_command cli_db_commands[] = {
	{ "init", cmd_init, "create a new encrypted database and its key store",
	  "usage: cus --db PATH init --admin LOGIN [--policy FILE] [--kdf interactive|moderate|sensitive]\n"
	  "\n"
	  "Create PATH (SQLCipher) and its key store PATH.keys, with one key slot for\n"
	  "the administrator LOGIN, who gets an account with the role admin. The\n"
	  "policy set FILE (default: the installed Milanowek policy) is validated\n"
	  "first and stored as policy version 1. The administrator's passphrase comes from\n"
	  "--passphrase-file, env CUS_PASSPHRASE or a prompt (asked twice); with\n"
	  "--key-file FILE the administrator opens with that 32-byte key file instead.\n"
	  "--kdf sets the Argon2id cost of the slot (default interactive: 2 passes,\n"
	  "64 MiB). An existing file is never touched: exit 3.\n" },
	{ "info", cmd_info, "show format, versions, key derivation and row counts",
	  "usage: cus --db PATH [--user LOGIN] info [--json]\n"
	  "\n"
	  "Print the database's format version, the library, SQLCipher and SQLite\n"
	  "versions, the key derivation limits of your key slot, the number of key\n"
	  "slots, the active policy version and each table's row count. Never prints\n"
	  "personal data.\n" },
	{ "passwd", cmd_passwd, "change your passphrase (or switch to a key file)",
	  "usage: cus --db PATH [--user LOGIN] passwd [--new-passphrase-file FILE | --new-key-file FILE]\n"
	  "                                            [--kdf interactive|moderate|sensitive]\n"
	  "\n"
	  "Rewrap the master key in your key slot under a new passphrase: from\n"
	  "--new-passphrase-file, env CUS_NEW_PASSPHRASE or a prompt (asked twice);\n"
	  "or under a key file (--new-key-file). The current passphrase opens the\n"
	  "database as usual. Other users' slots are not touched.\n" },
	{ "keygen", cmd_keygen, "write a new random key file for a service account",
	  "usage: cus keygen FILE\n"
	  "\n"
	  "Write 32 random bytes to FILE (created with mode 0600, never overwritten),\n"
	  "for a service account to open the database with --key-file FILE.\n" },
	{ NULL, NULL, NULL, NULL },
};
