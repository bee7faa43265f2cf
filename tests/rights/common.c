#include <stdlib.h>

#include "common.h"

static void add_named(cus_session *admin, const char *login, const char *role, const char *name)
{
	char pass[64];
	snprintf(pass, sizeof pass, "%s passphrase", login);
	cus_key *k = key_pass(pass);
	int rc = cus_user_add(admin, login, role, name, k, NULL);
	ck_assert_msg(rc == 0, "cus_user_add: %s", cus_error_last()->message);
	cus_key_free(k);
}

/* Remove the top-level section key (its line and every line up to the next
 * top-level key) from text, in place. */
static void drop_section(char *text, const char *key)
{
	size_t k = strlen(key);
	char *at = text;
	while ((at = strstr(at, key)) != NULL) {
		if ((at == text || at[-1] == '\n') && at[k] == ':')
			break;
		at++;
	}
	if (!at)
		return;
	char *end = strchr(at, '\n');
	while (end && end[1] && (end[1] == ' ' || end[1] == '\n' || end[1] == '#'))
		end = strchr(end + 1, '\n');
	if (!end) {
		*at = '\0';
		return;
	}
	memmove(at, end + 1, strlen(end + 1) + 1);
}

char *policy_with(const char *yaml)
{
	size_t len = 0;
	unsigned char *base = file_read(TEST_POLICY, &len);
	ck_assert_ptr_nonnull(base);
	char *t = malloc(len + strlen(yaml) + 3);
	memcpy(t, base, len);
	t[len] = '\0';
	free(base);
	/* every top-level key of yaml replaces the policy's own */
	for (const char *l = yaml; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		if (*l >= 'a' && *l <= 'z') {
			char key[64];
			size_t n = strcspn(l, ":");
			if (n < sizeof key) {
				memcpy(key, l, n);
				key[n] = '\0';
				drop_section(t, key);
			}
		}
	}
	strcat(t, "\n");
	strcat(t, yaml);
	strcat(t, "\n");
	return t;
}

void policy_append(centre *c, const char *yaml)
{
	char *t = policy_with(yaml);
	const char *path = path_in(c->dir, "policy.yaml");
	FILE *f = fopen(path, "w");
	fputs(t, f);
	fclose(f);
	free(t);
	cus_db *db = centre_open_as(c->dir, "admin");
	cus_session *s = session_for(db, "administration");
	int rc = cus_policy_load_file(s, path, NULL);
	ck_assert_msg(rc == 0, "cus_policy_load_file: %s", cus_error_last()->message);
	cus_session_close(s);
	cus_db_close(db);
}

int64_t person_add_as(cus_session *s, const char *first, const char *last, int serial)
{
	char pesel[12];
	ck_assert_int_eq(cus_pesel_make(pesel, "1950-03-15", 'F', serial), 0);
	cus_person_input in = CUS_PERSON_INPUT_INIT;
	in.pesel = pesel;
	in.first_names = first;
	in.last_name = last;
	in.address = "ul. Kościuszki 12, Milanówek";
	in.phone = "600 100 200";
	in.financial = "emerytura 2100 zł";
	int64_t id = 0;
	int rc = cus_person_add(s, &in, &id);
	ck_assert_msg(rc == 0, "cus_person_add: %s", cus_error_last()->message);
	return id;
}

int64_t app_add(cus_session *s, int64_t person)
{
	cus_application_input in = CUS_APPLICATION_INPUT_INIT;
	in.person = person;
	in.service = "senior_club";
	in.date = "2022-05-14";
	int64_t id = 0;
	int rc = cus_application_add(s, &in, &id);
	ck_assert_msg(rc == 0, "cus_application_add: %s", cus_error_last()->message);
	return id;
}

void centre_seed(centre *c, const char *monitoring)
{
	memset(c, 0, sizeof *c);
	c->dir = tmpdir_new();
	cus_key *k = key_pass("admin passphrase");
	cus_db *db = NULL;
	int rc = cus_db_init(&db, path_in(c->dir, "c.db"), "admin", k, TEST_POLICY, NULL);
	ck_assert_msg(rc == 0, "cus_db_init: %s", cus_error_last()->message);
	cus_key_free(k);
	cus_session *s = session_for(db, "administration");
	add_named(s, "akowalska", "kipus", "Anna Kowalska");
	add_named(s, "bnowak", "social_worker", "Barbara Nowak");
	add_named(s, "iodmil", "iod", "Inspektor Danych");
	cus_session_close(s);
	cus_db_close(db);
	if (monitoring)
		policy_append(c, monitoring);
	db = centre_open_as(c->dir, "akowalska");
	s = session_for(db, "qualification");
	c->person = person_add_as(s, "Zofia", "Wiśniewska", 11);
	c->member = person_add_as(s, "Jan", "Wiśniewski", 12);
	ck_assert_int_eq(cus_household_link(s, c->person, c->member, "spouse"), 0);
	cus_record_input r = CUS_RECORD_INPUT_INIT;
	r.category = "disability";
	r.kind = "degree";
	r.degree = "moderate";
	r.date = "2022-01-15";
	r.source_document = "orzeczenie PZON 123/2022";
	ck_assert_int_eq(cus_record_add(s, c->person, &r, &c->record), 0);
	c->app = app_add(s, c->person);
	cus_session_close(s);
	cus_db_close(db);
}

void centre_free(centre *c)
{
	tmpdir_remove(c->dir);
}
