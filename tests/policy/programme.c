/* The Programme sections of a policy (libcus/src/policy/programme.c): what
 * the Milanówek file holds (resolution 443/L/21, Tabela 2-4 and section 3),
 * and every kind of bad input, each with its line, column and key path. */
#include <stdio.h>
#include <stdlib.h>

#include "common.h"

static cus__policy *parse_ok(const char *yaml, size_t len)
{
	cus__policy *p = NULL;
	int rc = cus__policy_parse(&p, "t.yaml", yaml, len);
	ck_assert_msg(rc == 0, "%s", cus_error_last()->message);
	ck_assert_ptr_nonnull(p);
	return p;
}

static cus__policy *load_milanowek(void)
{
	size_t len = 0;
	unsigned char *yaml = file_read(source_path("policies/milanowek.yaml"), &len);
	ck_assert_ptr_nonnull(yaml);
	cus__policy *p = parse_ok((const char *)yaml, len);
	free(yaml);
	return p;
}

static int has_funding(const cus__service *s, const char *code)
{
	for (size_t i = 0; i < s->nfunding; i++)
		if (strcmp(s->funding[i]->code, code) == 0)
			return 1;
	return 0;
}

static const cus__condition *condition_of(const cus__service *s, cus__condition_kind kind)
{
	for (size_t i = 0; i < s->nconditions; i++)
		if (s->conditions[i].kind == kind)
			return &s->conditions[i];
	return NULL;
}

/* ---- the Milanówek file ---- */

START_TEST(test_policy_programme__milanowek_areas)
{
	static const char *const codes[] = {
		"family_support", "foster_care", "social_assistance", "health_promotion", "disability_support",
		"unemployment", "civic_activity",
	};
	cus__policy *p = load_milanowek();
	ck_assert_uint_eq(cus__policy_area_count(p), 7);
	for (size_t i = 0; i < 7; i++) {
		ck_assert_str_eq(cus__policy_area(p, i)->code, codes[i]);
		ck_assert_ptr_eq(cus__policy_area_find(p, codes[i]), cus__policy_area(p, i));
	}
	ck_assert_ptr_null(cus__policy_area(p, 7));
	ck_assert_ptr_null(cus__policy_area_find(p, "culture"));
	ck_assert_str_eq(cus__policy_area_find(p, "foster_care")->name, "System pieczy zastępczej");
	ck_assert_str_eq(cus__policy_area_find(p, "civic_activity")->name, "Pobudzanie aktywności obywatelskiej");
	cus__policy_free(p);
}
END_TEST

START_TEST(test_policy_programme__milanowek_funding_sources)
{
	cus__policy *p = load_milanowek();
	ck_assert_uint_eq(cus__policy_funding_count(p), 9);
	const cus__funding_source *f = cus__policy_funding_find(p, "eu_mcus");
	ck_assert_int_eq(f->kind, CUS__FUNDING_EU_PROJECT);
	ck_assert_str_eq(f->kind_name, "eu_project");
	ck_assert_str_eq(f->project, "Milanowskie Centrum Usług Społecznych");
	ck_assert_str_eq(cus__policy_funding_find(p, "eu_rus2")->project,
		"Rozwój usług społecznych w Gminie Milanówek – edycja 2");
	ck_assert_str_eq(cus__policy_funding_find(p, "eu_rap")->project, "Rozwój-Aktywność-Praca");
	f = cus__policy_funding_find(p, "opieka_75");
	ck_assert_int_eq(f->kind, CUS__FUNDING_GOVERNMENT_PROGRAMME);
	ck_assert_str_eq(f->programme, "Opieka 75+");
	ck_assert_ptr_null(f->project);
	ck_assert_int_eq(cus__policy_funding_find(p, "alcohol_fees")->kind, CUS__FUNDING_ALCOHOL_FEES);
	ck_assert_ptr_nonnull(strstr(cus__policy_funding_find(p, "alcohol_fees")->name, "art. 18²"));
	ck_assert_int_eq(cus__policy_funding_find(p, "own_tasks")->kind, CUS__FUNDING_OWN_TASK);
	ck_assert_int_eq(cus__policy_funding_find(p, "commissioned_tasks")->kind, CUS__FUNDING_COMMISSIONED_TASK);
	ck_assert_int_eq(cus__policy_funding_find(p, "state_funds")->kind, CUS__FUNDING_STATE_BUDGET);
	/* every source is used by some service */
	for (size_t i = 0; i < cus__policy_funding_count(p); i++) {
		int used = 0;
		for (size_t s = 0; s < cus__policy_service_count(p); s++)
			used |= has_funding(cus__policy_service(p, s), cus__policy_funding(p, i)->code);
		ck_assert_msg(used, "no service is funded by %s", cus__policy_funding(p, i)->code);
	}
	cus__policy_free(p);
}
END_TEST

/* The services of Tabela 2 (names exactly as there; the two listed twice
 * once), and "Konsultacje neurologiczne dla dzieci" of Tabela 3. */
static const char *const tabela2[] = {
	"Środowiskowy Klub Wsparcia dla Dzieci i ich Rodzin", "Mediacje Rodzinne",
	"Warsztaty umiejętności wychowawczych", "Konsultacje specjalistyczne psychiatry dziecięcego",
	"Konsultacje neurologiczne dla dzieci", "Indywidualne poradnictwo psychologiczne dla osób dorosłych",
	"Indywidualne poradnictwo psychologiczne dla dzieci", "Punkty diagnostyczne e-usługi dla dzieci",
	"Terapia uzależnień dla dzieci", "Trening koncentracji uwagi dla dzieci",
	"Trening zastępowania agresji dla dzieci", "Indywidualne poradnictwo prawne", "Zajęcia profilaktyczne",
	"Asystentura rodzinna", "Świadczenia pieniężne, praca socjalna", "Usługi opiekuńcze w miejscu zamieszkania",
	"Specjalistyczne usługi opiekuńcze dla osób z zaburzeniami psychicznymi", "Program rządowy „Opieka 75+”",
	"Konsultacje psychiatryczne", "Indywidualne konsultacje dla osób uzależnionych i współuzależnionych",
	"Grupa wsparcia dla osób współuzależnionych", "Badania profilaktyczne",
	"Udział w krajowych i regionalnych kampaniach/programach profilaktycznych",
	"Indywidualne poradnictwo dietetyczne", "Usługi usprawniające w miejscu zamieszkania",
	"Usługi rehabilitacyjne w gabinecie", "Sąsiedzkie usługi opiekuńcze", "Usługi transportowe",
	"Usługi pralnicze", "Usługi kosmetyczno-fryzjerskie w miejscu zamieszkania", "Milanowski Klub Seniora",
	"Teleopieka", "Wypożyczalnia sprzętu rehabilitacyjnego", "Punkt diagnostyczny e-usługi", "Kursy zawodowe",
	"Indywidualne doradztwo zawodowe", "Indywidualne poradnictwo pracy", "Warsztaty zarządzania budżetem domowym",
	"Warsztaty motywacyjne", "Praca socjalna", "Miejsce Aktywności Lokalnej",
};
#define NSERVICES (sizeof tabela2 / sizeof tabela2[0])

START_TEST(test_policy_programme__milanowek_services)
{
	cus__policy *p = load_milanowek();
	ck_assert_uint_eq(NSERVICES, 41);
	ck_assert_uint_eq(cus__policy_service_count(p), NSERVICES);
	size_t conditions = 0, per_area[7] = { 0 };
	for (size_t i = 0; i < NSERVICES; i++) {
		const cus__service *s = cus__policy_service(p, i);
		ck_assert_msg(strcmp(s->name, tabela2[i]) == 0, "services[%zu] is '%s', not '%s'", i, s->name,
			tabela2[i]);
		ck_assert_ptr_eq(cus__policy_service_find(p, s->code), s);
		ck_assert_msg(s->nconditions >= 1, "%s has no condition", s->code);
		ck_assert_msg(s->nfunding >= 1, "%s has no funding", s->code);
		ck_assert_ptr_nonnull(s->unit);
		for (size_t a = 0; a < 7; a++)
			if (s->area == cus__policy_area(p, a))
				per_area[a]++;
		for (size_t c = 0; c < s->nconditions; c++) {
			const cus__condition *k = &s->conditions[c];
			ck_assert(k->text && k->text[0]);
			ck_assert_int_eq(k->has_value, k->kind == CUS__COND_CHILD_UNDER || k->kind == CUS__COND_AGE_MIN);
		}
		conditions += s->nconditions;
	}
	ck_assert_uint_eq(conditions, 84);
	/* Tabela 2 by area: 13 + 1 + 4 + 6 + 10 + 6 + 1 (one of them from Tabela 3) */
	static const size_t expected[7] = { 13, 1, 4, 6, 10, 6, 1 };
	for (size_t a = 0; a < 7; a++)
		ck_assert_uint_eq(per_area[a], expected[a]);
	ck_assert_ptr_null(cus__policy_service(p, NSERVICES));
	ck_assert_ptr_null(cus__policy_service_find(p, "nothing"));

	const cus__service *s = cus__policy_service_find(p, "senior_club");
	ck_assert_str_eq(s->name, "Milanowski Klub Seniora");
	ck_assert_str_eq(s->area->code, "disability_support");
	ck_assert(has_funding(s, "eu_mcus") && has_funding(s, "eu_rus2") && s->nfunding == 2);
	ck_assert_int_eq(condition_of(s, CUS__COND_AGE_MIN)->value, 55);
	ck_assert_ptr_nonnull(condition_of(s, CUS__COND_IDENTITY));
	ck_assert_ptr_nonnull(condition_of(s, CUS__COND_RESIDENCE));

	s = cus__policy_service_find(p, "child_psychiatrist");
	ck_assert_str_eq(s->area->code, "family_support");
	ck_assert(has_funding(s, "eu_mcus") && s->nfunding == 1);
	ck_assert_int_eq(condition_of(s, CUS__COND_CHILD_UNDER)->value, 18);
	ck_assert_str_eq(condition_of(s, CUS__COND_CHILD_UNDER)->text, "Posiadanie małoletniego dziecka do 18 roku życia");

	s = cus__policy_service_find(p, "home_physiotherapy");
	ck_assert_uint_eq(s->nconditions, 4);
	ck_assert_ptr_nonnull(condition_of(s, CUS__COND_MEDICAL_INDICATION));
	ck_assert_ptr_nonnull(condition_of(s, CUS__COND_MOBILITY_LIMITATION));

	s = cus__policy_service_find(p, "vocational_courses");
	ck_assert_str_eq(s->area->code, "unemployment");
	ck_assert(has_funding(s, "eu_rap"));
	ck_assert_ptr_nonnull(condition_of(s, CUS__COND_UNEMPLOYED));

	s = cus__policy_service_find(p, "benefits_social_work");
	ck_assert(has_funding(s, "own_tasks") && has_funding(s, "commissioned_tasks"));
	ck_assert_uint_eq(s->nconditions, 1);
	ck_assert_int_eq(s->conditions[0].kind, CUS__COND_MANUAL);
	ck_assert_ptr_nonnull(strstr(s->conditions[0].text, "ustawą z dnia 12 marca 2004 r. o pomocy społecznej"));

	s = cus__policy_service_find(p, "family_mediation");
	ck_assert_str_eq(s->funding[0]->kind_name, "alcohol_fees");
	s = cus__policy_service_find(p, "opieka_75");
	ck_assert(has_funding(s, "opieka_75"));
	s = cus__policy_service_find(p, "family_assistant");
	ck_assert_str_eq(s->area->code, "foster_care");
	ck_assert_ptr_nonnull(strstr(s->conditions[0].text, "o wspieraniu rodziny i systemie pieczy zastępczej"));
	s = cus__policy_service_find(p, "family_support_club");
	ck_assert_str_eq(s->conditions[1].text, "Warunki określone w Regulaminie Klubu");
	ck_assert_str_eq(cus__policy_service_find(p, "local_activity_centre")->area->code, "civic_activity");
	cus__policy_free(p);
}
END_TEST

START_TEST(test_policy_programme__milanowek_targets)
{
	static const struct {
		const char *code;
		int64_t number;
	} targets[] = {
		{ "families_with_children", 25 },
		{ "comprehensive_support", 250 },
		{ "disabled_at_home", 15 },
		{ "local_community", 50 },
	};
	cus__policy *p = load_milanowek();
	ck_assert_uint_eq(cus__policy_target_count(p), 4);
	for (size_t i = 0; i < 4; i++) {
		const cus__target *t = cus__policy_target(p, i);
		ck_assert_str_eq(t->code, targets[i].code);
		ck_assert_int_eq(t->number, targets[i].number);
		ck_assert_ptr_eq(cus__policy_target_find(p, t->code), t);
		for (size_t s = 0; s < t->nservices; s++)
			ck_assert_ptr_eq(cus__policy_service_find(p, t->services[s]->code), t->services[s]);
	}
	ck_assert_str_eq(cus__policy_target(p, 0)->description, "Rodziny z małoletnimi dziećmi");
	ck_assert_uint_eq(cus__policy_target(p, 1)->nservices, 0); /* every service counts */
	ck_assert_str_eq(cus__policy_target(p, 3)->services[0]->code, "local_activity_centre");
	cus__policy_free(p);
}
END_TEST

START_TEST(test_policy_programme__milanowek_stages)
{
	static const char *const dates[][2] = {
		{ "2021-08-01", "2021-09-30" },
		{ "2021-08-01", "2022-04-30" },
		{ "2022-05-01", "2023-05-31" },
		{ "2023-06-01", "2023-09-30" },
	};
	cus__policy *p = load_milanowek();
	ck_assert_str_eq(cus__policy_programme_from(p), "2021-08-01");
	ck_assert_str_eq(cus__policy_programme_to(p), "2023-09-30");
	ck_assert_str_eq(cus__policy_programme_name(p), "Program usług społecznych w Gminie Milanówek na lata 2021-2023");
	ck_assert_uint_eq(cus__policy_stage_count(p), 4);
	for (size_t i = 0; i < 4; i++) {
		const cus__stage *s = cus__policy_stage(p, i);
		ck_assert_str_eq(s->from, dates[i][0]);
		ck_assert_str_eq(s->to, dates[i][1]);
		ck_assert(strcmp(s->from, cus__policy_programme_from(p)) >= 0);
		ck_assert(strcmp(s->to, cus__policy_programme_to(p)) <= 0);
		ck_assert_ptr_nonnull(s->description);
		ck_assert_ptr_eq(cus__policy_stage_find(p, s->code), s);
	}
	ck_assert_ptr_nonnull(strstr(cus__policy_stage_find(p, "final_review")->description, "art. 6"));
	ck_assert_ptr_null(cus__policy_stage(p, 4));
	cus__policy_free(p);
}
END_TEST

/* The public API: the services of the active policy. */
START_TEST(test_policy_programme__public_services)
{
	char *dir = tmpdir_new();
	cus_db *db = db_new(path_in(dir, "c.db"), "admin", "a passphrase");
	const cus_service *sv = (const cus_service *)1;
	ck_assert_cus(cus_policy_services(&sv, db), CUS_ENOTFOUND);
	ck_assert_ptr_null(sv);
	ck_assert_cus(cus_policy_services(NULL, db), CUS_EINVAL);
	/* an older policy: no services */
	store_policy(db, "base.yaml", base_policy, strlen(base_policy));
	ck_assert_int_eq(cus_policy_services(&sv, db), 0);
	ck_assert_ptr_null(sv);
	/* the Milanówek file */
	size_t len = 0;
	unsigned char *yaml = file_read(source_path("policies/milanowek.yaml"), &len);
	ck_assert_ptr_nonnull(yaml);
	store_policy(db, "milanowek.yaml", (const char *)yaml, len);
	free(yaml);
	ck_assert_int_eq(cus_policy_services(&sv, db), (int)NSERVICES);
	size_t conditions = 0;
	for (size_t i = 0; i < NSERVICES; i++) {
		ck_assert_str_eq(sv[i].name, tabela2[i]);
		ck_assert(sv[i].nfunding >= 1 && sv[i].nconditions >= 1);
		conditions += sv[i].nconditions;
	}
	ck_assert_uint_eq(conditions, 84);
	const cus_service *club = NULL;
	for (size_t i = 0; i < NSERVICES; i++)
		if (strcmp(sv[i].code, "senior_club") == 0)
			club = &sv[i];
	ck_assert_ptr_nonnull(club);
	ck_assert_str_eq(club->area, "disability_support");
	ck_assert_str_eq(club->area_name, "Wspieranie osób niepełnosprawnych (i starszych)");
	ck_assert_str_eq(club->unit, "day");
	ck_assert_uint_eq(club->nfunding, 2);
	ck_assert_str_eq(club->funding[0], "eu_mcus");
	ck_assert_str_eq(club->funding[1], "eu_rus2");
	ck_assert_uint_eq(club->nconditions, 3);
	ck_assert_str_eq(club->conditions[0].kind, "identity");
	ck_assert_int_eq(club->conditions[0].value, 0);
	ck_assert_str_eq(club->conditions[2].kind, "age_min");
	ck_assert_int_eq(club->conditions[2].value, 55);
	ck_assert_str_eq(club->conditions[2].text, "Wiek 55+");
	/* the array outlives a later load */
	store_policy(db, "base.yaml", base_policy, strlen(base_policy));
	const cus_service *none = NULL;
	ck_assert_int_eq(cus_policy_services(&none, db), 0);
	ck_assert_str_eq(club->conditions[2].text, "Wiek 55+");
	ck_assert_str_eq(sv[0].code, "family_support_club");
	cus_db_close(db);
	tmpdir_remove(dir);
}
END_TEST

/* ---- a small programme ---- */

/* base_policy and the Programme sections, small. */
static const char programme_sections[] =
	"areas:\n"
	"  - code: family\n"
	"    name: Rodzina\n"
	"  - code: health\n"
	"    name: Zdrowie\n"
	"funding_sources:\n"
	"  - code: own\n"
	"    name: Zadania własne\n"
	"    kind: own_task\n"
	"  - code: mcus\n"
	"    name: MCUS\n"
	"    kind: eu_project\n"
	"    project: Milanowskie Centrum Usług Społecznych\n"
	"services:\n"
	"  - code: club\n"
	"    name: Klub\n"
	"    area: family\n"
	"    unit: day\n"
	"    funding: [own]\n"
	"    conditions:\n"
	"      - kind: residence\n"
	"        text: Zamieszkiwanie na terenie gminy\n"
	"      - kind: child_under\n"
	"        value: 18\n"
	"        text: Dziecko do 18 lat\n"
	"  - code: psych\n"
	"    name: Konsultacje\n"
	"    area: health\n"
	"    unit: visit\n"
	"    funding: [mcus, own]\n"
	"    conditions:\n"
	"      - kind: identity\n"
	"        text: Tożsamość\n"
	"      - kind: age_min\n"
	"        value: 55\n"
	"        text: Wiek 55+\n"
	"targets:\n"
	"  - code: families\n"
	"    description: Rodziny\n"
	"    number: 25\n"
	"    services: [club]\n"
	"programme:\n"
	"  period:\n"
	"    from: 2021-08-01\n"
	"    to: 2023-09-30\n"
	"  stages:\n"
	"    - code: one\n"
	"      name: Etap I\n"
	"      from: 2021-08-01\n"
	"      to: 2021-09-30\n"
	"    - code: two\n"
	"      name: Etap II\n"
	"      from: 2021-10-01\n"
	"      to: 2023-09-30\n";

static char *full(void)
{
	size_t a = strlen(base_policy), b = strlen(programme_sections);
	char *s = malloc(a + b + 1);
	ck_assert_ptr_nonnull(s);
	memcpy(s, base_policy, a);
	memcpy(s + a, programme_sections, b + 1);
	return s;
}

/* The full text with the nth (1-based) occurrence of old replaced. */
static char *changed(const char *old, int nth, const char *repl)
{
	char *s = full();
	char *at = s;
	for (int i = 0; i < nth; i++) {
		at = strstr(i ? at + 1 : at, old);
		ck_assert_msg(at != NULL, "'%s' does not occur %d times", old, nth);
	}
	size_t pre = (size_t)(at - s), lo = strlen(old), lr = strlen(repl), n = strlen(s);
	char *r = malloc(n - lo + lr + 1);
	ck_assert_ptr_nonnull(r);
	memcpy(r, s, pre);
	memcpy(r + pre, repl, lr);
	memcpy(r + pre + lr, at + lo, n - pre - lo + 1);
	free(s);
	return r;
}

START_TEST(test_policy_programme__small_is_valid)
{
	char *y = full();
	cus__policy *p = parse_ok(y, strlen(y));
	ck_assert_uint_eq(cus__policy_area_count(p), 2);
	ck_assert_uint_eq(cus__policy_funding_count(p), 2);
	ck_assert_uint_eq(cus__policy_service_count(p), 2);
	const cus__service *s = cus__policy_service(p, 1);
	ck_assert_str_eq(s->code, "psych");
	ck_assert_ptr_eq(s->area, cus__policy_area_find(p, "health"));
	ck_assert_uint_eq(s->nfunding, 2);
	ck_assert_ptr_eq(s->funding[0], cus__policy_funding_find(p, "mcus"));
	ck_assert_int_eq(s->conditions[1].kind, CUS__COND_AGE_MIN);
	ck_assert_str_eq(s->conditions[1].kind_name, "age_min");
	ck_assert_int_eq(s->conditions[1].value, 55);
	ck_assert_ptr_null(s->description);
	ck_assert_ptr_eq(cus__policy_target(p, 0)->services[0], cus__policy_service(p, 0));
	ck_assert_uint_eq(cus__policy_stage_count(p), 2);
	ck_assert_ptr_null(cus__policy_programme_name(p));
	cus__policy_free(p);
	ck_assert_cus(cus_policy_check_buffer("t.yaml", y, strlen(y)), 0);
	free(y);
}
END_TEST

/* A policy written before these sections still loads, and has none of them. */
START_TEST(test_policy_programme__older_policy_has_none)
{
	cus__policy *p = parse_ok(base_policy, strlen(base_policy));
	ck_assert_uint_eq(cus__policy_area_count(p), 0);
	ck_assert_uint_eq(cus__policy_funding_count(p), 0);
	ck_assert_uint_eq(cus__policy_service_count(p), 0);
	ck_assert_uint_eq(cus__policy_target_count(p), 0);
	ck_assert_uint_eq(cus__policy_stage_count(p), 0);
	ck_assert_ptr_null(cus__policy_service(p, 0));
	ck_assert_ptr_null(cus__policy_service_find(p, "club"));
	ck_assert_ptr_null(cus__policy_area_find(p, "family"));
	ck_assert_ptr_null(cus__policy_funding_find(p, "own"));
	ck_assert_ptr_null(cus__policy_target_find(p, "families"));
	ck_assert_ptr_null(cus__policy_stage_find(p, "one"));
	ck_assert_ptr_null(cus__policy_programme_from(p));
	cus__policy_free(p);
	/* NULL policies are safe too */
	ck_assert_uint_eq(cus__policy_service_count(NULL), 0);
	ck_assert_ptr_null(cus__policy_service_find(NULL, "club"));
	/* a programme alone, or areas alone, is fine */
	char *y = changed("areas:\n", 1, "xareas:\n");
	char *cut = strstr(y, "xareas:\n");
	char *prog = strstr(y, "programme:\n");
	memmove(cut, prog, strlen(prog) + 1);
	p = parse_ok(y, strlen(y));
	ck_assert_uint_eq(cus__policy_stage_count(p), 2);
	ck_assert_uint_eq(cus__policy_service_count(p), 0);
	cus__policy_free(p);
	free(y);
}
END_TEST

/* ---- bad input: CUS_EINVAL at the right line, column and key path ---- */

static void expect_error(const char *yaml, const char *at, int nth, const char *field, const char *says)
{
	size_t len = strlen(yaml);
	int line, column;
	position_of(yaml, at, nth, &line, &column);
	ck_assert_cus(cus_policy_check_buffer("t.yaml", yaml, len), CUS_EINVAL);
	const cus_error *e = cus_error_last();
	ck_assert_str_eq(e->module, "policy");
	ck_assert_ptr_nonnull(e->field);
	ck_assert_msg(strcmp(e->field, field) == 0 && e->line == line && e->column == column,
		"expected %s at %d:%d, got %s at %d:%d (%s)", field, line, column, e->field, e->line, e->column,
		e->message);
	char prefix[300];
	snprintf(prefix, sizeof prefix, "t.yaml:%d:%d: %s: ", line, column, field);
	ck_assert_msg(strncmp(e->message, prefix, strlen(prefix)) == 0, "message '%s' does not start with '%s'",
		e->message, prefix);
	ck_assert_msg(strstr(e->message, says) != NULL, "message '%s' does not say '%s'", e->message, says);
	cus__policy *p = NULL;
	ck_assert_cus(cus__policy_parse(&p, "t.yaml", yaml, len), CUS_EINVAL);
	ck_assert_ptr_null(p);
	ck_assert_int_eq(cus_error_last()->line, line);
}

/* Replace the nth occurrence of old by repl; the error is at the atn-th
 * occurrence of at in the changed text. */
#define BAD(name, old, nth, repl, at, atn, field, says) \
	START_TEST(test_policy_programme__##name) \
	{ \
		char *y = changed(old, nth, repl); \
		expect_error(y, at, atn, field, says); \
		free(y); \
	} \
	END_TEST

/* keys */
BAD(unknown_key_in_area, "    name: Rodzina\n", 1, "    name: Rodzina\n    colour: red\n", "colour", 1,
	"areas[0].colour", "unknown key 'colour'")
BAD(unknown_key_in_service, "    unit: visit\n", 1, "    unit: visit\n    price: 10\n", "price", 1,
	"services[1].price", "unknown key 'price'")
BAD(unknown_key_in_condition, "        text: Tożsamość\n", 1, "        text: Tożsamość\n        proof: yes\n",
	"proof", 1, "services[1].conditions[0].proof", "unknown key 'proof'")
BAD(unknown_key_in_stage, "      name: Etap II\n", 1, "      name: Etap II\n      owner: CUS\n", "owner", 1,
	"programme.stages[1].owner", "unknown key 'owner'")
BAD(unknown_key_in_target, "    number: 25\n", 1, "    number: 25\n    year: 2022\n", "year", 1,
	"targets[0].year", "unknown key 'year'")
BAD(missing_conditions,
	"    conditions:\n      - kind: identity\n        text: Tożsamość\n      - kind: age_min\n"
	"        value: 55\n        text: Wiek 55+\n", 1, "", "code: psych", 1, "services[1].conditions",
	"the required key 'conditions' is missing")
BAD(empty_conditions,
	"    conditions:\n      - kind: identity\n        text: Tożsamość\n      - kind: age_min\n"
	"        value: 55\n        text: Wiek 55+\n", 1, "    conditions: []\n", "[]", 1, "services[1].conditions",
	"at least one")
BAD(missing_condition_text, "        text: Tożsamość\n", 1, "", "kind: identity", 1,
	"services[1].conditions[0].text", "'text' is missing")
BAD(missing_period, "  period:\n    from: 2021-08-01\n    to: 2023-09-30\n", 1, "", "stages:", 1,
	"programme.period", "'period' is missing")

/* duplicate codes */
BAD(duplicate_area, "code: health", 1, "code: family", "family", 2, "areas[1].code",
	"the area code 'family' is defined twice (first as areas[0])")
BAD(duplicate_funding_source, "code: mcus", 1, "code: own", "own\n    name: MCUS", 1, "funding_sources[1].code",
	"'own' is defined twice")
BAD(duplicate_service, "code: psych", 1, "code: club", "club", 2, "services[1].code",
	"the service code 'club' is defined twice (first as services[0])")
BAD(duplicate_stage, "code: two", 1, "code: one", "one", 2, "programme.stages[1].code",
	"the stage code 'one' is defined twice")
BAD(duplicate_target, "    services: [club]\n", 1,
	"    services: [club]\n  - code: families\n    description: X\n    number: 1\n", "families", 2,
	"targets[1].code", "'families' is defined twice")
BAD(bad_service_code, "code: psych", 1, "code: Psych-1", "Psych-1", 1, "services[1].code", "not a code")

/* references */
BAD(unknown_area, "area: health", 1, "area: culture", "culture", 1, "services[1].area",
	"unknown area 'culture' (not defined under areas)")
BAD(unknown_funding_source, "funding: [mcus, own]", 1, "funding: [mcus, eu_x]", "eu_x", 1, "services[1].funding",
	"unknown funding source 'eu_x'")
BAD(funding_listed_twice, "funding: [mcus, own]", 1, "funding: [mcus, mcus]", "mcus]", 1, "services[1].funding",
	"listed twice")
BAD(funding_not_a_list, "funding: [own]", 1, "funding: own", "own\n    conditions", 1, "services[0].funding",
	"must be a list")
BAD(empty_funding, "funding: [own]", 1, "funding: []", "[]", 1, "services[0].funding", "at least one")
BAD(unknown_target_service, "services: [club]", 1, "services: [club, sauna]", "sauna", 1, "targets[0].services",
	"unknown service 'sauna'")
BAD(target_service_twice, "services: [club]", 1, "services: [club, club]", "club]", 1, "targets[0].services",
	"listed twice")

/* kinds and units */
BAD(unknown_condition_kind, "kind: identity", 1, "kind: income", "income", 1, "services[1].conditions[0].kind",
	"unknown condition kind 'income' (known: identity, residence, child_under, age_min")
BAD(condition_kind_twice, "      - kind: age_min\n        value: 55\n", 1, "      - kind: identity\n", "identity", 2,
	"services[1].conditions[1].kind", "'identity' is listed twice")
BAD(unknown_funding_kind, "kind: own_task", 1, "kind: lottery", "lottery", 1, "funding_sources[0].kind",
	"unknown kind of funding 'lottery'")
BAD(unknown_unit, "unit: visit", 1, "unit: minute", "minute", 1, "services[1].unit", "unknown unit 'minute'")
BAD(eu_project_without_project, "    project: Milanowskie Centrum Usług Społecznych\n", 1, "", "code: mcus", 1,
	"funding_sources[1].project", "needs the key 'project'")
BAD(project_on_own_task, "    kind: own_task\n", 1, "    kind: own_task\n    project: X\n", "X\n", 1,
	"funding_sources[0].project", "only a source of kind eu_project names a project")
BAD(programme_on_eu_project, "    project: Milanowskie", 1, "    programme: Opieka 75+\n    project: Milanowskie",
	"Opieka 75+", 1, "funding_sources[1].programme", "only a source of kind government_programme")

/* values */
BAD(child_under_without_value, "        value: 18\n", 1, "", "kind: child_under", 1,
	"services[0].conditions[1].value", "a condition of kind child_under needs a value")
BAD(age_min_without_value, "        value: 55\n", 1, "", "kind: age_min", 1, "services[1].conditions[1].value",
	"a condition of kind age_min needs a value")
BAD(value_for_residence, "      - kind: residence\n", 1, "      - kind: residence\n        value: 99\n", "99", 1,
	"services[0].conditions[0].value", "a condition of kind residence takes no value")
BAD(negative_age, "value: 55", 1, "value: -55", "-55", 1, "services[1].conditions[1].value", "negative")
BAD(zero_age, "value: 18", 1, "value: 00", "00\n", 1, "services[0].conditions[1].value", "0 years")
BAD(age_not_a_number, "value: 18", 1, "value: osiemnaście", "osiemnaście", 1, "services[0].conditions[1].value",
	"not a whole number")
BAD(age_too_large, "value: 55", 1, "value: 555", "555", 1, "services[1].conditions[1].value", "too large")
BAD(negative_target, "number: 25", 1, "number: -25", "-25", 1, "targets[0].number", "negative")
BAD(fractional_target, "number: 25", 1, "number: 2.5", "2.5", 1, "targets[0].number", "not a whole number")
BAD(empty_name, "    name: Konsultacje\n", 1, "    name: \"\"\n", "\"\"", 1, "services[1].name", "must not be empty")

/* dates */
BAD(bad_stage_date, "to: 2021-09-30", 1, "to: 2021-09-31", "2021-09-31", 1, "programme.stages[0].to",
	"not a calendar date")
BAD(stage_date_format, "from: 2021-10-01", 1, "from: 1.10.2021", "1.10.2021", 1, "programme.stages[1].from",
	"not a date YYYY-MM-DD")
BAD(stage_before_period, "from: 2021-08-01", 3, "from: 2021-07-01", "2021-07-01", 1, "programme.stages[0].from",
	"before the programme's period (2021-08-01 to 2023-09-30)")
BAD(stage_after_period, "to: 2023-09-30", 3, "to: 2023-10-31", "2023-10-31", 1, "programme.stages[1].to",
	"after the programme's period")
BAD(stage_ends_before_it_starts, "to: 2021-09-30", 1, "to: 2021-07-31", "2021-07-31", 1, "programme.stages[0].to",
	"the stage ends (2021-07-31) before it starts")
BAD(period_ends_before_it_starts, "to: 2023-09-30", 2, "to: 2020-09-30", "2020-09-30", 1, "programme.period.to",
	"the period ends (2020-09-30) before it starts")
BAD(bad_period_date, "from: 2021-08-01", 2, "from: 2021-13-01", "2021-13-01", 1, "programme.period.from",
	"not a calendar date")

/* sections that need others */
BAD(services_without_areas, "areas:\n  - code: family\n    name: Rodzina\n  - code: health\n    name: Zdrowie\n", 1, "",
	"- code: club", 1, "areas", "the section 'areas' is missing; the section 'services' needs it")
BAD(services_without_funding_sources,
	"funding_sources:\n  - code: own\n    name: Zadania własne\n    kind: own_task\n  - code: mcus\n"
	"    name: MCUS\n    kind: eu_project\n    project: Milanowskie Centrum Usług Społecznych\n", 1, "",
	"- code: club", 1, "funding_sources", "the section 'funding_sources' is missing")
BAD(areas_not_a_list, "areas:\n  - code: family\n    name: Rodzina\n  - code: health\n    name: Zdrowie\n", 1,
	"areas: family\n", "family", 1, "areas", "must be a list")

START_TEST(test_policy_programme__programme_not_a_mapping)
{
	char *y = full();
	strcpy(strstr(y, "programme:\n"), "programme: 2021\n");
	expect_error(y, "2021\n", 1, "programme", "must be a mapping");
	free(y);
}
END_TEST

START_TEST(test_policy_programme__target_without_services_section)
{
	/* the targets of an older-style file with no services name none */
	char *y = changed("services:\n  - code: club", 1, "xservices:\n  - code: club");
	char *cut = strstr(y, "xservices:\n");
	char *targets = strstr(y, "targets:\n");
	memmove(cut, targets, strlen(targets) + 1);
	expect_error(y, "club]", 1, "targets[0].services", "the file has no section 'services'");
	free(y);
}
END_TEST

START_TEST(test_policy_programme__unknown_section_lists_the_new_ones)
{
	char *y = changed("targets:\n", 1, "target:\n");
	expect_error(y, "target:", 1, "target",
		"unknown section 'target' (known: policy, purposes, roles, areas, funding_sources, services, targets,"
		" programme, indicators, disclosure, monitoring, recipients, retention)");
	free(y);
}
END_TEST

TCase *tcase_policy_programme(void)
{
	TCase *tc = tcase_create("programme");
	tcase_add_test(tc, test_policy_programme__milanowek_areas);
	tcase_add_test(tc, test_policy_programme__milanowek_funding_sources);
	tcase_add_test(tc, test_policy_programme__milanowek_services);
	tcase_add_test(tc, test_policy_programme__milanowek_targets);
	tcase_add_test(tc, test_policy_programme__milanowek_stages);
	tcase_add_test(tc, test_policy_programme__public_services);
	tcase_add_test(tc, test_policy_programme__small_is_valid);
	tcase_add_test(tc, test_policy_programme__older_policy_has_none);
	tcase_add_test(tc, test_policy_programme__unknown_key_in_area);
	tcase_add_test(tc, test_policy_programme__unknown_key_in_service);
	tcase_add_test(tc, test_policy_programme__unknown_key_in_condition);
	tcase_add_test(tc, test_policy_programme__unknown_key_in_stage);
	tcase_add_test(tc, test_policy_programme__unknown_key_in_target);
	tcase_add_test(tc, test_policy_programme__missing_conditions);
	tcase_add_test(tc, test_policy_programme__empty_conditions);
	tcase_add_test(tc, test_policy_programme__missing_condition_text);
	tcase_add_test(tc, test_policy_programme__missing_period);
	tcase_add_test(tc, test_policy_programme__duplicate_area);
	tcase_add_test(tc, test_policy_programme__duplicate_funding_source);
	tcase_add_test(tc, test_policy_programme__duplicate_service);
	tcase_add_test(tc, test_policy_programme__duplicate_stage);
	tcase_add_test(tc, test_policy_programme__duplicate_target);
	tcase_add_test(tc, test_policy_programme__bad_service_code);
	tcase_add_test(tc, test_policy_programme__unknown_area);
	tcase_add_test(tc, test_policy_programme__unknown_funding_source);
	tcase_add_test(tc, test_policy_programme__funding_listed_twice);
	tcase_add_test(tc, test_policy_programme__funding_not_a_list);
	tcase_add_test(tc, test_policy_programme__empty_funding);
	tcase_add_test(tc, test_policy_programme__unknown_target_service);
	tcase_add_test(tc, test_policy_programme__target_service_twice);
	tcase_add_test(tc, test_policy_programme__unknown_condition_kind);
	tcase_add_test(tc, test_policy_programme__condition_kind_twice);
	tcase_add_test(tc, test_policy_programme__unknown_funding_kind);
	tcase_add_test(tc, test_policy_programme__unknown_unit);
	tcase_add_test(tc, test_policy_programme__eu_project_without_project);
	tcase_add_test(tc, test_policy_programme__project_on_own_task);
	tcase_add_test(tc, test_policy_programme__programme_on_eu_project);
	tcase_add_test(tc, test_policy_programme__child_under_without_value);
	tcase_add_test(tc, test_policy_programme__age_min_without_value);
	tcase_add_test(tc, test_policy_programme__value_for_residence);
	tcase_add_test(tc, test_policy_programme__negative_age);
	tcase_add_test(tc, test_policy_programme__zero_age);
	tcase_add_test(tc, test_policy_programme__age_not_a_number);
	tcase_add_test(tc, test_policy_programme__age_too_large);
	tcase_add_test(tc, test_policy_programme__negative_target);
	tcase_add_test(tc, test_policy_programme__fractional_target);
	tcase_add_test(tc, test_policy_programme__empty_name);
	tcase_add_test(tc, test_policy_programme__bad_stage_date);
	tcase_add_test(tc, test_policy_programme__stage_date_format);
	tcase_add_test(tc, test_policy_programme__stage_before_period);
	tcase_add_test(tc, test_policy_programme__stage_after_period);
	tcase_add_test(tc, test_policy_programme__stage_ends_before_it_starts);
	tcase_add_test(tc, test_policy_programme__period_ends_before_it_starts);
	tcase_add_test(tc, test_policy_programme__bad_period_date);
	tcase_add_test(tc, test_policy_programme__services_without_areas);
	tcase_add_test(tc, test_policy_programme__services_without_funding_sources);
	tcase_add_test(tc, test_policy_programme__areas_not_a_list);
	tcase_add_test(tc, test_policy_programme__programme_not_a_mapping);
	tcase_add_test(tc, test_policy_programme__target_without_services_section);
	tcase_add_test(tc, test_policy_programme__unknown_section_lists_the_new_ones);
	return tc;
}
