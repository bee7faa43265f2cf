/* cus person add | show | find | list | update; cus household link | members;
 * cus record add | list. (cus import is in cmd_import.c.)
 *
 * Every command here works on personal data, so none has a default purpose:
 * --purpose CODE (or env CUS_PURPOSE) is required (usage error otherwise). */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* The running command and subcommand ("person show"), for messages. */
static char command_name[64] = "cus";

/* A person or record id given on the command line: a positive integer. */
static int parse_id(cli_ctx *ctx, const char *what, const char *arg, int64_t *id)
{
	char *end = NULL;
	errno = 0;
	long long v = (arg && *arg) ? strtoll(arg, &end, 10) : 0;
	if (!arg || !*arg || errno || *end || v <= 0)
		return cli_usage_error(ctx, "%s: %s must be a positive number, not '%s'", command_name, what,
			arg ? arg : "");
	*id = (int64_t)v;
	return 0;
}

/* A session for --purpose: personal data has no default purpose. */
static int open_session(cli_ctx *ctx, cus_db **db, cus_session **s)
{
	*db = NULL;
	*s = NULL;
	if (!ctx->purpose)
		return cli_usage_error(ctx, "%s: name the purpose of processing with --purpose CODE (personal data "
			"has no default purpose)", command_name);
	return cli_open_session(ctx, db, s, NULL);
}

/* --sex M|F: one character, checked by the library (which names the field). */
static char parse_sex(const char *arg)
{
	return (arg && strlen(arg) == 1) ? arg[0] : '?';
}

static void sex_json(FILE *f, char sex)
{
	if (sex) {
		char s[2] = { sex, 0 };
		json_str(f, s);
	} else {
		fputs("null", f);
	}
}

static const char *or_dash(const char *s)
{
	return s ? s : "-";
}

/* ---- persons ---- */

static void person_json(const cus_person *p)
{
	printf("{\"id\":%" PRId64 ",\"version\":%" PRId64 ",\"pesel\":", p->id, p->version);
	json_str(stdout, p->pesel);
	/* first_names as in the API; first_name as named in the CLI's spec. */
	printf(",\"first_names\":");
	json_str(stdout, p->first_names);
	printf(",\"first_name\":");
	json_str(stdout, p->first_names);
	printf(",\"last_name\":");
	json_str(stdout, p->last_name);
	printf(",\"birth_date\":");
	json_str(stdout, p->birth_date);
	printf(",\"sex\":");
	sex_json(stdout, p->sex);
	static const char *const names[] = { "address", "phone", "email", "financial", "teryt", "registered",
		"changed" };
	const char *values[] = { p->address, p->phone, p->email, p->financial, p->teryt, p->registered,
		p->changed };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		printf(",\"%s\":", names[i]);
		json_str(stdout, values[i]);
	}
	putchar('}');
}

static void person_text(const cus_person *p)
{
	char sex[2] = { p->sex, 0 };
	printf("id:          %" PRId64 "\n", p->id);
	printf("version:     %" PRId64 "\n", p->version);
	printf("pesel:       %s\n", or_dash(p->pesel));
	printf("first names: %s\n", or_dash(p->first_names));
	printf("last name:   %s\n", or_dash(p->last_name));
	printf("birth date:  %s\n", or_dash(p->birth_date));
	printf("sex:         %s\n", p->sex ? sex : "-");
	printf("address:     %s\n", or_dash(p->address));
	printf("phone:       %s\n", or_dash(p->phone));
	printf("email:       %s\n", or_dash(p->email));
	printf("financial:   %s\n", or_dash(p->financial));
	printf("teryt:       %s\n", or_dash(p->teryt));
	printf("registered:  %s\n", or_dash(p->registered));
	printf("changed:     %s\n", or_dash(p->changed));
}

/* The options that set a person's fields (add and update). */
#define PERSON_FIELD_OPTIONS \
	{ "pesel", required_argument, NULL, 'e' }, \
	{ "first-name", required_argument, NULL, 'f' }, \
	{ "first-names", required_argument, NULL, 'f' }, \
	{ "last-name", required_argument, NULL, 'l' }, \
	{ "address", required_argument, NULL, 'a' }, \
	{ "teryt", required_argument, NULL, 't' }, \
	{ "phone", required_argument, NULL, 'p' }, \
	{ "email", required_argument, NULL, 'm' }, \
	{ "financial", required_argument, NULL, 'F' }, \
	{ "birth-date", required_argument, NULL, 'b' }, \
	{ "sex", required_argument, NULL, 's' }, \
	{ "registered", required_argument, NULL, 'r' }

/* Parse the options of add / update into in. Returns 0, or an exit code. */
static int person_options(cli_ctx *ctx, cus_person_input *in, int *given)
{
	static const struct option opts[] = { PERSON_FIELD_OPTIONS, CLI_GLOBAL_OPTIONS, { NULL, 0, NULL, 0 } };
	int c;
	*given = 0;
	cli_getopt_reset();
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'e': in->pesel = optarg; break;
		case 'f': in->first_names = optarg; break;
		case 'l': in->last_name = optarg; break;
		case 'a': in->address = optarg; break;
		case 't': in->teryt = optarg; break;
		case 'p': in->phone = optarg; break;
		case 'm': in->email = optarg; break;
		case 'F': in->financial = optarg; break;
		case 'b': in->birth_date = optarg; break;
		case 's': in->sex = parse_sex(optarg); break;
		case 'r': in->registered = optarg; break;
		default:
			if (!cli_global_option(ctx, c, optarg))
				return cli_bad_option(ctx, c);
			continue;
		}
		(*given)++;
	}
	return 0;
}

static int person_add(cli_ctx *ctx)
{
	cus_person_input in = CUS_PERSON_INPUT_INIT;
	int given;
	int rc = person_options(ctx, &in, &given);
	if (rc)
		return rc;
	if (optind < ctx->argc)
		return cli_usage_error(ctx, "person add: unexpected argument '%s'", ctx->argv[optind]);
	if (!in.first_names || !in.last_name)
		return cli_usage_error(ctx, "person add: give --first-name and --last-name");
	if (!in.pesel && (!in.birth_date || !in.sex))
		return cli_usage_error(ctx, "person add: give --pesel, or --birth-date and --sex for a person "
			"without one");
	cus_db *db = NULL;
	cus_session *s = NULL;
	rc = open_session(ctx, &db, &s);
	if (rc)
		return rc;
	int64_t id = 0;
	int r = cus_person_add(s, &in, &id);
	if (r)
		rc = cli_fail(ctx, r);
	else if (ctx->json)
		printf("{\"id\":%" PRId64 "}\n", id);
	else
		printf("%" PRId64 "\n", id);
	cus_session_close(s);
	cus_db_close(db);
	return rc;
}

static int person_update(cli_ctx *ctx)
{
	cus_person_input in = CUS_PERSON_INPUT_INIT;
	int given;
	int rc = person_options(ctx, &in, &given);
	if (rc)
		return rc;
	if (optind + 1 != ctx->argc)
		return cli_usage_error(ctx, "person update: give exactly one person ID");
	int64_t id;
	if ((rc = parse_id(ctx, "the person ID", ctx->argv[optind], &id)))
		return rc;
	if (!given)
		return cli_usage_error(ctx, "person update: give at least one field to change");
	cus_db *db = NULL;
	cus_session *s = NULL;
	rc = open_session(ctx, &db, &s);
	if (rc)
		return rc;
	int r = cus_person_update(s, id, &in);
	if (r)
		rc = cli_fail(ctx, r);
	else if (ctx->json)
		printf("{\"id\":%" PRId64 "}\n", id);
	else
		printf("Updated person %" PRId64 ".\n", id);
	cus_session_close(s);
	cus_db_close(db);
	return rc;
}

static int person_show(cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "pesel", required_argument, NULL, 'e' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *pesel = NULL;
	int c;
	cli_getopt_reset();
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		if (c == 'e')
			pesel = optarg;
		else if (!cli_global_option(ctx, c, optarg))
			return cli_bad_option(ctx, c);
	}
	int64_t id = 0;
	int rc;
	if (pesel) {
		if (optind < ctx->argc)
			return cli_usage_error(ctx, "person show: give an ID or --pesel, not both");
	} else {
		if (optind + 1 != ctx->argc)
			return cli_usage_error(ctx, "person show: give exactly one person ID, or --pesel PESEL");
		if ((rc = parse_id(ctx, "the person ID", ctx->argv[optind], &id)))
			return rc;
	}
	cus_db *db = NULL;
	cus_session *s = NULL;
	rc = open_session(ctx, &db, &s);
	if (rc)
		return rc;
	cus_person *p = NULL;
	int r = pesel ? cus_person_by_pesel(&p, s, pesel) : cus_person_get(&p, s, id);
	if (r) {
		rc = cli_fail(ctx, r);
	} else if (ctx->json) {
		person_json(p);
		putchar('\n');
	} else {
		person_text(p);
	}
	cus_person_free(p);
	cus_session_close(s);
	cus_db_close(db);
	return rc;
}

/* Print an iterator's persons; close with the iterator's first error. */
static int print_persons(cli_ctx *ctx, cus_person_iter *it)
{
	const cus_person *p;
	int64_t n = 0;
	int code;
	if (ctx->json)
		putchar('[');
	else
		printf("%-8s %-11s %-10s %-3s %s\n", "ID", "PESEL", "BORN", "SEX", "NAME");
	while ((code = cus_person_next(&p, it)) == 0) {
		if (ctx->json) {
			if (n)
				putchar(',');
			person_json(p);
		} else {
			char sex[2] = { p->sex, 0 };
			printf("%-8" PRId64 " %-11s %-10s %-3s %s %s\n", p->id, or_dash(p->pesel),
				or_dash(p->birth_date), p->sex ? sex : "-", or_dash(p->last_name),
				or_dash(p->first_names));
		}
		n++;
	}
	if (ctx->json)
		printf("]\n");
	else if (code == CUS_ITEROVER)
		printf("%" PRId64 " person%s\n", n, n == 1 ? "" : "s");
	return code == CUS_ITEROVER ? EXIT_OK : cli_fail(ctx, code);
}

static int person_find_or_list(cli_ctx *ctx, int find)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *name = NULL;
	int c;
	cli_getopt_reset();
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		if (c == 'n' && find)
			name = optarg;
		else if (!cli_global_option(ctx, c, optarg))
			return cli_bad_option(ctx, c);
	}
	if (optind < ctx->argc)
		return cli_usage_error(ctx, "person %s: unexpected argument '%s'", find ? "find" : "list",
			ctx->argv[optind]);
	if (find && !name)
		return cli_usage_error(ctx, "person find: give the name to look for with --name TEXT");
	cus_db *db = NULL;
	cus_session *s = NULL;
	int rc = open_session(ctx, &db, &s);
	if (rc)
		return rc;
	cus_person_iter *it = NULL;
	int r = find ? cus_person_find(&it, s, name) : cus_person_list(&it, s);
	rc = r ? cli_fail(ctx, r) : print_persons(ctx, it);
	cus_person_iter_free(it);
	cus_session_close(s);
	cus_db_close(db);
	return rc;
}

static int person_find(cli_ctx *ctx)
{
	return person_find_or_list(ctx, 1);
}

static int person_list(cli_ctx *ctx)
{
	return person_find_or_list(ctx, 0);
}

/* ---- households ---- */

static int household_link(cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "member", required_argument, NULL, 'm' },
		{ "relation", required_argument, NULL, 'r' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *member_arg = NULL, *relation = NULL;
	int c, rc;
	cli_getopt_reset();
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		if (c == 'm')
			member_arg = optarg;
		else if (c == 'r')
			relation = optarg;
		else if (!cli_global_option(ctx, c, optarg))
			return cli_bad_option(ctx, c);
	}
	if (optind + 1 != ctx->argc)
		return cli_usage_error(ctx, "household link: give exactly one person ID");
	if (!member_arg || !relation)
		return cli_usage_error(ctx, "household link: give --member ID2 and --relation "
			"child|spouse|parent|sibling|other");
	int64_t person, member;
	if ((rc = parse_id(ctx, "the person ID", ctx->argv[optind], &person)) ||
	    (rc = parse_id(ctx, "--member", member_arg, &member)))
		return rc;
	cus_db *db = NULL;
	cus_session *s = NULL;
	rc = open_session(ctx, &db, &s);
	if (rc)
		return rc;
	int r = cus_household_link(s, person, member, relation);
	if (r) {
		rc = cli_fail(ctx, r);
	} else if (ctx->json) {
		printf("{\"person\":%" PRId64 ",\"member\":%" PRId64 ",\"relation\":", person, member);
		json_str(stdout, relation);
		printf("}\n");
	} else {
		printf("Person %" PRId64 " is now in the household of person %" PRId64 " (%s).\n", member, person,
			relation);
	}
	cus_session_close(s);
	cus_db_close(db);
	return rc;
}

static int household_members(cli_ctx *ctx)
{
	int rc = cli_global_args(ctx);
	if (rc)
		return rc;
	if (optind + 1 != ctx->argc)
		return cli_usage_error(ctx, "household members: give exactly one person ID");
	int64_t person;
	if ((rc = parse_id(ctx, "the person ID", ctx->argv[optind], &person)))
		return rc;
	cus_db *db = NULL;
	cus_session *s = NULL;
	rc = open_session(ctx, &db, &s);
	if (rc)
		return rc;
	cus_member_iter *it = NULL;
	int code = cus_household_members(&it, s, person);
	if (code) {
		rc = cli_fail(ctx, code);
	} else {
		const cus_member *m;
		int64_t n = 0;
		if (ctx->json)
			putchar('[');
		else
			printf("%-8s %-9s %-10s %s\n", "ID", "RELATION", "BORN", "SEX");
		while ((code = cus_member_next(&m, it)) == 0) {
			if (ctx->json) {
				printf("%s{\"person_id\":%" PRId64 ",\"relation\":", n ? "," : "", m->person_id);
				json_str(stdout, m->relation);
				printf(",\"birth_date\":");
				json_str(stdout, m->birth_date);
				printf(",\"sex\":");
				sex_json(stdout, m->sex);
				putchar('}');
			} else {
				char sex[2] = { m->sex, 0 };
				printf("%-8" PRId64 " %-9s %-10s %s\n", m->person_id, or_dash(m->relation),
					or_dash(m->birth_date), m->sex ? sex : "-");
			}
			n++;
		}
		if (ctx->json)
			printf("]\n");
		rc = code == CUS_ITEROVER ? EXIT_OK : cli_fail(ctx, code);
	}
	cus_member_iter_free(it);
	cus_session_close(s);
	cus_db_close(db);
	return rc;
}

/* ---- records ---- */

static void record_json(const cus_record *r)
{
	printf("{\"id\":%" PRId64 ",\"person_id\":%" PRId64, r->id, r->person_id);
	static const char *const names[] = { "category", "kind", "date", "text", "degree", "valid_until",
		"indications", "source_document", "legal_basis", "created" };
	const char *values[] = { r->category, r->kind, r->date, r->text, r->degree, r->valid_until,
		r->indications, r->source_document, r->legal_basis, r->created };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		printf(",\"%s\":", names[i]);
		json_str(stdout, values[i]);
	}
	putchar('}');
}

static int record_add(cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "category", required_argument, NULL, 'c' },
		{ "kind", required_argument, NULL, 'k' },
		{ "date", required_argument, NULL, 'D' },
		{ "text", required_argument, NULL, 'T' },
		{ "degree", required_argument, NULL, 'g' },
		{ "valid-until", required_argument, NULL, 'v' },
		{ "indications", required_argument, NULL, 'i' },
		{ "source", required_argument, NULL, 'S' },
		{ "source-document", required_argument, NULL, 'S' },
		{ "legal-basis", required_argument, NULL, 'L' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	cus_record_input in = CUS_RECORD_INPUT_INIT;
	int c, rc;
	cli_getopt_reset();
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'c': in.category = optarg; break;
		case 'k': in.kind = optarg; break;
		case 'D': in.date = optarg; break;
		case 'T': in.text = optarg; break;
		case 'g': in.degree = optarg; break;
		case 'v': in.valid_until = optarg; break;
		case 'i': in.indications = optarg; break;
		case 'S': in.source_document = optarg; break;
		case 'L': in.legal_basis = optarg; break;
		default:
			if (!cli_global_option(ctx, c, optarg))
				return cli_bad_option(ctx, c);
		}
	}
	if (optind + 1 != ctx->argc)
		return cli_usage_error(ctx, "record add: give exactly one person ID");
	int64_t person;
	if ((rc = parse_id(ctx, "the person ID", ctx->argv[optind], &person)))
		return rc;
	if (!in.category || !in.kind || !in.date)
		return cli_usage_error(ctx, "record add: give --category, --kind and --date");
	cus_db *db = NULL;
	cus_session *s = NULL;
	rc = open_session(ctx, &db, &s);
	if (rc)
		return rc;
	int64_t id = 0;
	int r = cus_record_add(s, person, &in, &id);
	if (r)
		rc = cli_fail(ctx, r);
	else if (ctx->json)
		printf("{\"id\":%" PRId64 "}\n", id);
	else
		printf("%" PRId64 "\n", id);
	cus_session_close(s);
	cus_db_close(db);
	return rc;
}

static int record_list(cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "category", required_argument, NULL, 'c' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *category = NULL;
	int c, rc;
	cli_getopt_reset();
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		if (c == 'c')
			category = optarg;
		else if (!cli_global_option(ctx, c, optarg))
			return cli_bad_option(ctx, c);
	}
	if (optind + 1 != ctx->argc)
		return cli_usage_error(ctx, "record list: give exactly one person ID");
	int64_t person;
	if ((rc = parse_id(ctx, "the person ID", ctx->argv[optind], &person)))
		return rc;
	cus_db *db = NULL;
	cus_session *s = NULL;
	rc = open_session(ctx, &db, &s);
	if (rc)
		return rc;
	cus_record_iter *it = NULL;
	int code = cus_record_list(&it, s, person, category);
	if (code) {
		rc = cli_fail(ctx, code);
	} else {
		const cus_record *r;
		int64_t n = 0;
		if (ctx->json)
			putchar('[');
		else
			printf("%-8s %-10s %-10s %-12s %-9s %-11s %s\n", "ID", "DATE", "CATEGORY", "KIND", "DEGREE",
				"VALID UNTIL", "TEXT");
		while ((code = cus_record_next(&r, it)) == 0) {
			if (ctx->json) {
				if (n)
					putchar(',');
				record_json(r);
			} else {
				printf("%-8" PRId64 " %-10s %-10s %-12s %-9s %-11s %s\n", r->id, or_dash(r->date),
					or_dash(r->category), or_dash(r->kind), or_dash(r->degree),
					or_dash(r->valid_until), or_dash(r->text));
			}
			n++;
		}
		if (ctx->json)
			printf("]\n");
		else if (code == CUS_ITEROVER)
			printf("%" PRId64 " record%s\n", n, n == 1 ? "" : "s");
		rc = code == CUS_ITEROVER ? EXIT_OK : cli_fail(ctx, code);
	}
	cus_record_iter_free(it);
	cus_session_close(s);
	cus_db_close(db);
	return rc;
}

/* ---- dispatch ---- */

typedef struct {
	const char *name;
	int (*run)(cli_ctx *ctx);
} subcommand;

static int dispatch(cli_ctx *ctx, const subcommand *subs, size_t n, const char *names)
{
	if (ctx->argc < 2)
		return cli_usage_error(ctx, "%s: give a subcommand: %s", ctx->argv[0], names);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(ctx->argv[1], subs[i].name) == 0) {
			cli_ctx sub = *ctx;
			snprintf(command_name, sizeof command_name, "%s %s", ctx->argv[0], subs[i].name);
			sub.argc = ctx->argc - 1;
			sub.argv = ctx->argv + 1;
			return subs[i].run(&sub);
		}
	}
	return cli_usage_error(ctx, "%s: unknown subcommand '%s' (%s)", ctx->argv[0], ctx->argv[1], names);
}

static int cmd_person(cli_ctx *ctx)
{
	static const subcommand subs[] = {
		{ "add", person_add }, { "show", person_show }, { "find", person_find },
		{ "list", person_list }, { "update", person_update }, { "history", cli_person_history },
	};
	return dispatch(ctx, subs, sizeof subs / sizeof subs[0], "add, show, find, list, update, history");
}

static int household_child_under(cli_ctx *ctx)
{
	static const struct option opts[] = {
		{ "age", required_argument, NULL, 'a' },
		{ "date", required_argument, NULL, 'd' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *age_arg = NULL, *date = NULL;
	int c, rc;
	cli_getopt_reset();
	while ((c = getopt_long(ctx->argc, ctx->argv, "", opts, NULL)) != -1) {
		if (c == 'a')
			age_arg = optarg;
		else if (c == 'd')
			date = optarg;
		else if (!cli_global_option(ctx, c, optarg))
			return cli_bad_option(ctx, c);
	}
	if (optind + 1 != ctx->argc)
		return cli_usage_error(ctx, "household child-under: give exactly one person ID");
	if (!age_arg || !date)
		return cli_usage_error(ctx, "household child-under: give --age N and --date YYYY-MM-DD");
	char *end = NULL;
	long age = strtol(age_arg, &end, 10);
	if (!*age_arg || *end || age < 1 || age > 150)
		return cli_usage_error(ctx, "household child-under: --age must be a whole number of years from 1 to 150");
	int64_t person;
	if ((rc = parse_id(ctx, "the person ID", ctx->argv[optind], &person)))
		return rc;
	cus_db *db = NULL;
	cus_session *s = NULL;
	rc = open_session(ctx, &db, &s);
	if (rc)
		return rc;
	int r = cus_person_has_child_under(s, person, (int)age, date);
	if (r < 0)
		rc = cli_fail(ctx, r);
	else if (ctx->json)
		printf("{\"person_id\":%" PRId64 ",\"age\":%ld,\"date\":\"%s\",\"has_child_under\":%s}\n", person, age,
			date, r ? "true" : "false");
	else
		printf("Person %" PRId64 " %s a child under %ld on %s.\n", person, r ? "has" : "has no", age, date);
	cus_session_close(s);
	cus_db_close(db);
	return rc;
}

static int cmd_household(cli_ctx *ctx)
{
	static const subcommand subs[] = { { "link", household_link }, { "members", household_members },
		{ "child-under", household_child_under } };
	return dispatch(ctx, subs, sizeof subs / sizeof subs[0], "link, members, child-under");
}

static int cmd_record(cli_ctx *ctx)
{
	static const subcommand subs[] = { { "add", record_add }, { "list", record_list } };
	return dispatch(ctx, subs, sizeof subs / sizeof subs[0], "add, list");
}

const cli_command cli_person_commands[] = {
	{ "person", cmd_person, "register, show, find, list and update persons",
	  "usage: cus [global options] person add --pesel PESEL --first-name NAMES --last-name NAME\n"
	  "                 [--address A] [--teryt CODE] [--phone T] [--email E] [--financial TEXT]\n"
	  "                 [--registered DATE] --purpose CODE [--json]\n"
	  "       cus [global options] person add --birth-date YYYY-MM-DD --sex M|F --first-name ... (no PESEL)\n"
	  "       cus [global options] person show (ID | --pesel PESEL) --purpose CODE [--json]\n"
	  "       cus [global options] person find --name TEXT --purpose CODE [--json]\n"
	  "       cus [global options] person list --purpose CODE [--json]\n"
	  "       cus [global options] person update ID [--first-name ...] [--last-name ...] [--pesel ...]\n"
	  "       cus [global options] person history ID      (the values changes replaced; art. 16)\n"
	  "                 [--address ...] [--phone ...] [--email ...] [--financial ...] [--teryt ...]\n"
	  "                 [--birth-date ... --sex ...] --purpose CODE\n"
	  "\n"
	  "The register of persons. Every command needs --purpose CODE (or env\n"
	  "CUS_PURPOSE): there is no default purpose for personal data, and the policy\n"
	  "decides per data category what the user's role may read or write for it.\n"
	  "add: prints the new person's id ({\"id\": N} with --json). Birth date and sex\n"
	  "  come from the PESEL; --teryt defaults to the policy's municipality.\n"
	  "show: one person; fields the session may not read are shown as '-' (null).\n"
	  "find: persons whose names contain every word of TEXT, ignoring case and\n"
	  "  Polish diacritics ('lodz' finds 'Łódź'), in Polish alphabetical order.\n"
	  "list: every person in Polish alphabetical order of last name, first names.\n"
	  "update: changes only the fields given; \"\" clears an optional field.\n"
	  "With --json a person is an object with id, version, pesel, first_names (also\n"
	  "as first_name), last_name, birth_date, sex, address, phone, email, financial,\n"
	  "teryt, registered and changed (null when absent or not readable); find and list\n"
	  "print an array of them. An invalid value exits 3 naming the field, and nothing\n"
	  "is stored.\n" },
	{ "household", cmd_household, "link household members and list them",
	  "usage: cus [global options] household link ID --member ID2\n"
	  "                 --relation child|spouse|parent|sibling|other --purpose CODE [--json]\n"
	  "       cus [global options] household members ID --purpose CODE [--json]\n"
	  "       cus [global options] household child-under ID --age N --date YYYY-MM-DD --purpose CODE [--json]\n"
	  "\n"
	  "link: ID2 joins the household of ID with its relation to ID (child: ID2 is\n"
	  "  ID's child). Needs write on the category 'family'.\n"
	  "members: the other members of ID's household with their relation to ID\n"
	  "  ('member' when only indirect), birth date and sex; with --json an array of\n"
	  "  {person_id, relation, birth_date, sex}. Needs read on 'family'.\n"
	  "child-under: whether ID has a child younger than N years on the date (ages\n"
	  "  per art. 112 of the civil code). Needs read on 'family'.\n" },
	{ "record", cmd_record, "add and list special-category and art. 10 records",
	  "usage: cus [global options] record add ID --category health|disability|location|family|judgment\n"
	  "                 --kind KIND --date YYYY-MM-DD [--text TEXT] [--degree light|moderate|severe]\n"
	  "                 [--valid-until YYYY-MM-DD] [--indications CODES] [--source DOCUMENT]\n"
	  "                 [--legal-basis TEXT] --purpose CODE [--json]\n"
	  "       cus [global options] record list ID [--category CATEGORY] --purpose CODE [--json]\n"
	  "\n"
	  "add: prints the new record's id. Needs write on the record's category.\n"
	  "  --legal-basis defaults to the purpose's legal basis.\n"
	  "list: the person's records, oldest first. Without --category, the records\n"
	  "  of every category the session may read; a named category the role may not\n"
	  "  read is refused (exit 4). With --json an array of {id, person_id, category,\n"
	  "  kind, date, text, degree, valid_until, indications, source_document,\n"
	  "  legal_basis, created}.\n" },
	{ NULL, NULL, NULL, NULL },
};
