/* cus demo: the demonstration centre. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static const char demo_usage[] =
	"usage: cus demo --db PATH [--persons N] [--seed S] [--staff-passphrase-file FILE]\n"
	"                [--kdf PRESET] [--policy FILE]\n"
	"\n"
	"Create a demonstration centre at PATH (a new database and key store): a\n"
	"synthetic population the size of Milanówek for the Programme period\n"
	"2021-08-01 - 2023-09-30 — households, special-category records,\n"
	"applications qualified month by month, individual service plans with\n"
	"their reviews, about three years of service deliveries, the EU projects of\n"
	"the Programme and the budget with its execution — all through the library's\n"
	"API and audited. The same seed gives the same data.\n"
	"\n"
	"  --persons N   service users (persons with an application), default 2000;\n"
	"                their household members are registered besides\n"
	"  --seed S      the generator's seed (an unsigned number), default 2021\n"
	"  --staff-passphrase-file FILE\n"
	"                the staff accounts' passphrase (first line of FILE); else\n"
	"                env CUS_STAFF_PASSPHRASE; else the administrator's passphrase\n"
	"  --kdf PRESET  interactive (default), moderate or sensitive, for every key slot\n"
	"  --policy FILE the policy set (default: the Milanówek policy)\n"
	"\n"
	"The administrator is --user LOGIN (or env CUS_USER; default admin) with the\n"
	"passphrase given the usual way (--passphrase-file, CUS_PASSPHRASE or a prompt).\n"
	"The staff accounts, one per role of the policy, are ous, kipus, kipus2,\n"
	"social_worker, finance, director, iod and archivist; so, with the default,\n"
	"  CUS_PASSPHRASE=... cus --db PATH --user director indicators --period 2022\n"
	"works at once. A summary of what was made is printed at the end (--json: as\n"
	"JSON). Exit 3 when PATH or PATH.keys exists.\n";

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void on_stage(void *ctx, const char *stage)
{
	const double *t0 = ctx;
	if (strcmp(stage, "done") != 0)
		fprintf(stderr, "  %6.1f s  %s\n", now_s() - *t0, stage);
}

/* The staff passphrase: a file's first line, or env CUS_STAFF_PASSPHRASE. */
static int staff_key(const cli_ctx *ctx, const char *file, cus_key **out)
{
	*out = NULL;
	char buf[CUS_PASSPHRASE_MAX + 2];
	size_t len = 0;
	if (file) {
		int fd = open(file, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			cus_error_clear();
			fprintf(stderr, "cus: demo: cannot read the staff passphrase file: %s\n", strerror(errno));
			return EXIT_INPUT;
		}
		ssize_t n;
		while (len < sizeof buf && (n = read(fd, buf + len, sizeof buf - len)) > 0)
			len += (size_t)n;
		close(fd);
		size_t end = 0;
		while (end < len && buf[end] != '\n' && buf[end] != '\r')
			end++;
		len = end;
		if (!len) {
			fprintf(stderr, "cus: demo: the staff passphrase file is empty\n");
			return EXIT_INPUT;
		}
	} else {
		const char *v = getenv("CUS_STAFF_PASSPHRASE");
		if (!v || !*v)
			return 0;
		len = strlen(v);
		if (len > CUS_PASSPHRASE_MAX)
			len = CUS_PASSPHRASE_MAX + 1;
		memcpy(buf, v, len < sizeof buf ? len : sizeof buf);
	}
	int rc = cus_key_from_passphrase(out, buf, len);
	memset(buf, 0, sizeof buf);
	return rc ? cli_fail(ctx, rc) : 0;
}

static void zl(char *buf, size_t size, int64_t gr)
{
	if (cus_money_format(buf, size, gr) < 0)
		snprintf(buf, size, "%" PRId64 " gr", gr);
}

static int cmd_demo(cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "persons", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "staff-passphrase-file", required_argument, NULL, 'f' },
		{ "kdf", required_argument, NULL, 'K' },
		{ "policy", required_argument, NULL, 'p' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *persons = NULL, *seed = NULL, *staff_file = NULL, *kdf = NULL, *policy = NULL;
	int c;
	cli_getopt_reset();
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		if (c == 'n')
			persons = optarg;
		else if (c == 's')
			seed = optarg;
		else if (c == 'f')
			staff_file = optarg;
		else if (c == 'K')
			kdf = optarg;
		else if (c == 'p')
			policy = optarg;
		else if (!cli_global_option(ctx, c, optarg))
			return cli_bad_option(ctx, c);
	}
	if (optind < ctx->argc)
		return cli_usage_error(ctx, "demo: unexpected argument '%s'", ctx->argv[optind]);
	cus_demo_options o;
	cus_demo_options_init(&o, CUS_DEMO_OPTIONS_VERSION);
	if (persons) {
		char *end = NULL;
		errno = 0;
		long n = strtol(persons, &end, 10);
		if (errno || !*persons || *end || n < CUS_DEMO_PERSONS_MIN || n > CUS_DEMO_PERSONS_MAX)
			return cli_usage_error(ctx, "demo: --persons must be a number from %d to %d", CUS_DEMO_PERSONS_MIN,
				CUS_DEMO_PERSONS_MAX);
		o.persons = (int)n;
	}
	if (seed) {
		char *end = NULL;
		errno = 0;
		unsigned long long s = strtoull(seed, &end, 10);
		if (errno || !*seed || *end || *seed == '-')
			return cli_usage_error(ctx, "demo: --seed must be an unsigned number");
		o.seed = (uint64_t)s;
	}
	const char *admin = ctx->user ? ctx->user : "admin";
	const char *path = cli_db_path(ctx);
	if (!path)
		return EXIT_USAGE;
	cus_db_options dbo;
	int rc = cli_kdf_options(ctx, kdf, &dbo);
	if (rc)
		return rc;
	o.db_options = &dbo;
	o.policy_path = policy;
	cus_key *key = NULL, *skey = NULL;
	rc = cli_open_key(ctx, &key, 1);
	if (rc)
		return rc;
	rc = staff_key(ctx, staff_file, &skey);
	if (rc) {
		cus_key_free(key);
		return rc;
	}
	o.staff_key = skey;
	double t0 = now_s();
	int tty = !ctx->json && isatty(STDERR_FILENO);
	if (tty) {
		o.progress = on_stage;
		o.progress_ctx = &t0;
		fprintf(stderr, "Creating the demonstration centre %s (%d service users, seed %" PRIu64 "):\n", path,
			o.persons, o.seed);
	}
	cus_demo_summary s;
	int own_staff = skey != NULL;
	rc = cus_demo_create(NULL, path, admin, key, &o, &s);
	cus_key_free(key);
	cus_key_free(skey);
	if (rc)
		return cli_fail(ctx, rc);
	double secs = now_s() - t0;
	if (ctx->json) {
		printf("{\"db\":");
		json_str(stdout, path);
		printf(",\"admin\":");
		json_str(stdout, admin);
		printf(",\"persons_requested\":%d,\"seed\":%" PRIu64 ",\"seconds\":%.2f,\"staff\":[", o.persons, o.seed,
			secs);
		const char *login, *role, *name;
		for (size_t i = 0; cus_demo_staff(i, &login, &role, &name) == 0; i++) {
			printf("%s{\"login\":", i ? "," : "");
			json_str(stdout, login);
			printf(",\"role\":");
			json_str(stdout, role);
			printf(",\"name\":");
			json_str(stdout, name);
			printf("}");
		}
		printf("],\"summary\":{");
#define F(name, last) printf("\"%s\":%" PRId64 "%s", #name, s.name, last ? "" : ",")
		F(staff, 0); F(persons, 0); F(residents, 0); F(households, 0); F(service_users, 0); F(records, 0);
		F(records_disability, 0); F(records_health, 0); F(records_location, 0); F(records_family, 0);
		F(records_judgment, 0); F(employment, 0); F(applications, 0); F(qualified, 0); F(refused, 0);
		F(pending, 0); F(withdrawn, 0); F(confirmations, 0); F(plans, 0); F(reviews, 0); F(reviews_late, 0);
		F(reviews_missing, 0); F(deliveries, 0); F(delivery_cost, 0); F(projects, 0); F(budget_lines, 0);
		F(plan_amount, 0); F(expenditures, 0); F(expenditure_amount, 0); F(audit_entries, 1);
#undef F
		printf("}}\n");
		return EXIT_OK;
	}
	char a[CUS_MONEY_FORMAT_MAX], b[CUS_MONEY_FORMAT_MAX], d[CUS_MONEY_FORMAT_MAX];
	zl(a, sizeof a, s.delivery_cost);
	zl(b, sizeof b, s.plan_amount);
	zl(d, sizeof d, s.expenditure_amount);
	printf("Created the demonstration centre %s (key store %s.keys, checkpoints %s.checkpoints)\n", path, path,
		path);
	printf("in %.1f s, seed %" PRIu64 ", for the Programme period 2021-08-01 - 2023-09-30:\n", secs, o.seed);
	printf("  persons            %8" PRId64 "  (%" PRId64 " living in the municipality, %" PRId64 " households)\n",
		s.persons, s.residents, s.households);
	printf("  service users      %8" PRId64 "  (persons with an application)\n", s.service_users);
	printf("  records            %8" PRId64 "  (disability %" PRId64 ", health %" PRId64 ", location %" PRId64
		", family %" PRId64 ", judgment %" PRId64 ")\n", s.records, s.records_disability, s.records_health,
		s.records_location, s.records_family, s.records_judgment);
	printf("  employment status  %8" PRId64 "\n", s.employment);
	printf("  applications       %8" PRId64 "  (qualified %" PRId64 ", refused %" PRId64 ", pending %" PRId64
		", withdrawn %" PRId64 "; %" PRId64 " conditions confirmed by a coordinator)\n", s.applications, s.qualified,
		s.refused, s.pending, s.withdrawn, s.confirmations);
	printf("  service plans      %8" PRId64 "  (%" PRId64 " reviews and summaries, %" PRId64 " late, %" PRId64
		" missing)\n", s.plans, s.reviews, s.reviews_late, s.reviews_missing);
	printf("  deliveries         %8" PRId64 "  (%s)\n", s.deliveries, a);
	printf("  projects           %8" PRId64 "\n", s.projects);
	printf("  plan lines         %8" PRId64 "  (%s, 2021-2023)\n", s.budget_lines, b);
	printf("  expenditures       %8" PRId64 "  (%s)\n", s.expenditures, d);
	printf("  audit entries      %8" PRId64 "  (verified; checkpoint written)\n", s.audit_entries);
	printf("Accounts: %s (administrator) and the staff", admin);
	const char *login, *role;
	for (size_t i = 0; cus_demo_staff(i, &login, &role, NULL) == 0; i++)
		printf("%s %s (%s)", i ? "," : "", login, role);
	printf(";\nthe staff's passphrase is %s.\n", own_staff ? "the one given for the staff"
		: "the administrator's");
	return EXIT_OK;
}

const cli_command cli_demo_commands[] = {
	{ "demo", cmd_demo, "create a demonstration centre with synthetic data", demo_usage },
	{ NULL, NULL, NULL, NULL },
};
