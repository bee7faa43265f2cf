/*
 * cus_demo_create(): the demonstration centre, written through the public
 * API as the centre's staff would write it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "demo/demo.h"
#include "demo/fin.h"

static const struct {
	const char *login, *role, *name;
} staff[] = {
	{ "ous", "ous", "Małgorzata Zielińska" },
	{ "kipus", "kipus", "Agnieszka Wójcik" },
	{ "kipus2", "kipus", "Tomasz Lewandowski" },
	{ "social_worker", "social_worker", "Joanna Kamińska" },
	{ "finance", "finance", "Beata Krawczyk" },
	{ "director", "director", "Krystyna Kowalska" },
	{ "iod", "iod", "Piotr Mazur" },
	{ "archivist", "archivist", "Halina Wieczorek" },
};
#define NSTAFF (sizeof staff / sizeof staff[0])

int cus_demo_staff(size_t i, const char **login, const char **role, const char **name)
{
	if (i >= NSTAFF)
		return CUS_ITEROVER;
	if (login)
		*login = staff[i].login;
	if (role)
		*role = staff[i].role;
	if (name)
		*name = staff[i].name;
	return 0;
}

int cus_demo_options_init(cus_demo_options *o, unsigned int version)
{
	if (!o || version != CUS_DEMO_OPTIONS_VERSION)
		return cus__error(CUS_EINVAL, "demo", "version", "unsupported cus_demo_options version");
	cus_demo_options d = CUS_DEMO_OPTIONS_INIT;
	*o = d;
	return 0;
}

/* ---- the run ---- */

typedef struct {
	const char *path;
	char tmp[4096];
	const cus_demo_options *o;
	const cus_key *staff_key;
	cus_db *admin, *ous, *kipus, *sw, *fin, *iod;
	cus_session *s_ous, *s_kipus, *s_ipus, *s_deliv, *s_sw, *s_fin;
	dm_model m;
	int64_t *app_by_id;     /* id -> index into m.apps */
	int64_t next_app_id;
	cus_demo_summary sum;
} run;

static void stage(run *r, const char *name)
{
	if (r->o->progress)
		r->o->progress(r->o->progress_ctx, name);
}

/* Prefix the last error's message with the step that failed. */
static int fail(int rc, const char *step)
{
	const cus_error *e = cus_error_last();
	char msg[600];
	snprintf(msg, sizeof msg, "%s", e->code == rc && e->message ? e->message : cus_strerror(rc));
	char field[64] = "";
	if (e->code == rc && e->field)
		snprintf(field, sizeof field, "%s", e->field);
	return cus__error(rc, "demo", *field ? field : NULL, "demo: %s: %s", step, msg);
}

static int import_fail(int rc, const char *step, const cus_import_report *rep)
{
	if (rep && rep->error_count) {
		const cus_import_error *e = &rep->errors[0];
		return cus__error(rc, "demo", e->field, "demo: %s: line %lld: %s: %s (%zu bad rows)", step,
			(long long)e->line, e->field, e->message, rep->error_total);
	}
	return fail(rc, step);
}

static int fin_fail(int rc, const char *step, const cus_finance_report *rep)
{
	if (rep && rep->error_count) {
		const cus_import_error *e = &rep->errors[0];
		return cus__error(rc, "demo", e->field, "demo: %s: line %lld: %s: %s (%zu bad rows)", step,
			(long long)e->line, e->field, e->message, rep->error_total);
	}
	if (rep && rep->mismatch_count)
		return cus__error(rc, "demo", rep->mismatches[0].field, "demo: %s: %s", step, rep->mismatches[0].message);
	return fail(rc, step);
}

static const char *tmpfile_path(run *r, const char *name)
{
	static char buf[4][4200];
	static int k;
	char *b = buf[k++ & 3];
	snprintf(b, sizeof buf[0], "%s/%s", r->tmp, name);
	return b;
}

static FILE *open_tmp(run *r, const char *name)
{
	FILE *f = fopen(tmpfile_path(r, name), "w");
	if (!f)
		cus__error(CUS_EIO, "demo", NULL, "demo: cannot write a file in the temporary directory");
	return f;
}

static void remove_tmp(run *r, const char *name)
{
	unlink(tmpfile_path(r, name));
}

static int open_as(run *r, const char *login, cus_db **db)
{
	int rc = cus_db_open(db, r->path, login, r->staff_key, r->o->db_options);
	return rc ? fail(rc, "opening the database as a member of staff") : 0;
}

static int session(cus_db *db, const char *purpose, cus_session **s)
{
	int rc = cus_session_open(s, db, purpose);
	return rc ? fail(rc, "opening a session") : 0;
}

/* ---- staff ---- */

static int make_staff(run *r)
{
	cus_session *s = NULL;
	int rc = session(r->admin, "administration", &s);
	for (size_t i = 0; !rc && i < NSTAFF; i++) {
		rc = cus_user_add(s, staff[i].login, staff[i].role, staff[i].name, r->staff_key, r->o->db_options);
		if (rc)
			rc = fail(rc, "adding the staff accounts");
		else
			r->sum.staff++;
	}
	cus_session_close(s);
	return rc;
}

/* ---- persons ---- */

static int write_persons(run *r)
{
	FILE *f = open_tmp(r, "persons.csv");
	if (!f)
		return CUS_EIO;
	dm_rng g;
	dm_rng_seed(&g, r->m.seed, 4);
	fputs("pesel,first_names,last_name,address,phone,email,financial,teryt,registered\n", f);
	for (size_t i = 0; i < r->m.npersons; i++) {
		const dm_person *p = &r->m.persons[i];
		const dm_household *h = &r->m.households[p->household];
		char names[2 * CUS_NAME_MAX], address[300], phone[32] = "", email[160] = "", financial[200] = "", reg[11];
		if (p->second)
			snprintf(names, sizeof names, "%s %s", p->first, p->second);
		else
			snprintf(names, sizeof names, "%s", p->first);
		dm_person_address(&r->m, p, address, sizeof address);
		int age = dm_age(p->birth, dm_day(2022, 1, 1));
		if (age >= 16 && dm_chance(&g, 880))
			snprintf(phone, sizeof phone, "%d%02d %03d %03d", dm_int(&g, 5, 8), dm_int(&g, 0, 99),
				dm_int(&g, 0, 999), dm_int(&g, 0, 999));
		if (age >= 18 && age < 75 && dm_chance(&g, 350)) {
			char *a = NULL, *b = NULL;
			if (cus_text_search_key(&a, p->first) == 0 && cus_text_search_key(&b, p->last) == 0) {
				for (char *c = b; *c; c++)
					if (*c == ' ')
						*c = '-';
				snprintf(email, sizeof email, "%s.%s%d@poczta.example", a, b, dm_int(&g, 1, 99));
			}
			cus_free(a);
			cus_free(b);
		}
		if (p->applicant && (p->employment || h->kind == DM_H_SINGLE_PARENT || dm_chance(&g, 250))) {
			char amount[CUS_MONEY_FORMAT_MAX];
			cus_money_format(amount, sizeof amount, (int64_t)dm_int(&g, 600, 2600) * 100);
			snprintf(financial, sizeof financial, "Dochód na osobę w rodzinie: %s miesięcznie%s", amount,
				p->employment == 1 ? "; zasiłek dla bezrobotnych" : age >= 65 ? "; emerytura" : "");
		}
		dm_date(reg, p->registered);
		fprintf(f, "%s,", p->pesel);
		dm_csv(f, names);
		fputc(',', f);
		dm_csv(f, p->last);
		fputc(',', f);
		dm_csv(f, address);
		fprintf(f, ",%s,%s,", phone, email);
		if (*financial)
			dm_csv(f, financial);
		fprintf(f, ",%s,%s\n", h->resident ? "" : dm_place_teryt(h->place), reg);
	}
	if (fclose(f) != 0)
		return cus__error(CUS_EIO, "demo", NULL, "demo: cannot write the persons file");
	return 0;
}

static int import_persons(run *r)
{
	int rc = write_persons(r);
	if (rc)
		return rc;
	cus_import_report *rep = NULL;
	rc = cus_import_persons(&rep, r->s_ous, tmpfile_path(r, "persons.csv"), NULL);
	if (rc)
		rc = import_fail(rc, "importing the persons", rep);
	cus_import_report_free(rep);
	remove_tmp(r, "persons.csv");
	if (rc)
		return rc;
	/* a new register numbers the persons in the file's order: check both ends */
	int64_t ends[2] = { 1, (int64_t)r->m.npersons };
	for (int k = 0; k < 2; k++) {
		cus_person *p = NULL;
		rc = cus_person_get(&p, r->s_kipus, ends[k]);
		if (rc)
			return fail(rc, "reading the persons back");
		int same = p->pesel && strcmp(p->pesel, r->m.persons[ends[k] - 1].pesel) == 0;
		cus_person_free(p);
		if (!same)
			return cus__error(CUS_ERROR, "demo", NULL, "demo: the persons were not numbered in file order");
	}
	r->sum.persons = (int64_t)r->m.npersons;
	r->sum.households = (int64_t)r->m.nhouseholds;
	for (size_t i = 0; i < r->m.npersons; i++)
		r->sum.residents += r->m.households[r->m.persons[i].household].resident;
	return 0;
}

#define PID(i) ((int64_t)(i) + 1)

static int hh_link(run *r, int a, int b, const char *rel)
{
	int rc = cus_household_link(r->s_kipus, PID(a), PID(b), rel);
	return rc ? fail(rc, "linking household members") : 0;
}

static int households(run *r)
{
	for (size_t k = 0; k < r->m.nhouseholds; k++) {
		const dm_household *h = &r->m.households[k];
		int rc = 0;
		int head = h->first;
		for (int i = h->first + 1; !rc && i < h->first + h->count; i++) {
			const dm_person *p = &r->m.persons[i];
			if (p->member == 1)
				rc = hh_link(r, head, i, "spouse");
			else if (p->member == 3)
				rc = hh_link(r, head, i, "parent");
			else if (p->member == 2) {
				rc = hh_link(r, head, i, "child");
				/* the other parent */
				if (!rc && h->kind == DM_H_FAMILY)
					rc = hh_link(r, head + 1, i, "child");
			}
		}
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- records ---- */

static int record(run *r, cus_session *s, int person, const char *category, const char *kind, const char *text,
	const char *degree, int valid_until, const char *indications, const char *source, int date)
{
	char d[11], v[11];
	cus_record_input in = CUS_RECORD_INPUT_INIT;
	in.category = category;
	in.kind = kind;
	in.text = text;
	in.degree = degree;
	if (valid_until) {
		dm_date(v, valid_until);
		in.valid_until = v;
	}
	in.indications = indications;
	in.source_document = source;
	dm_date(d, date);
	in.date = d;
	int rc = cus_record_add(s, PID(person), &in, NULL);
	if (rc)
		return fail(rc, "adding a record");
	r->sum.records++;
	return 0;
}

static int records(run *r)
{
	dm_rng g;
	dm_rng_seed(&g, r->m.seed, 5);
	static const char *const degrees[] = { NULL, "light", "moderate", "severe" };
	static const char *const degree_pl[] = { NULL, "lekki", "umiarkowany", "znaczny" };
	for (size_t i = 0; i < r->m.npersons; i++) {
		const dm_person *p = &r->m.persons[i];
		const dm_household *h = &r->m.households[p->household];
		if (!p->applicant)
			continue;
		int rc = 0;
		char text[300], src[120];
		if (p->disability) {
			int date = p->first_app - dm_int(&g, 60, 1500);
			snprintf(text, sizeof text, "Orzeczenie o %s stopniu niepełnosprawności", degree_pl[p->disability]);
			snprintf(src, sizeof src, "orzeczenie PZON w Grodzisku Mazowieckim nr %d/%d", dm_int(&g, 10, 2400),
				dm_age(dm_day(2000, 1, 1), date) + 2000);
			rc = record(r, r->s_kipus, (int)i, "disability", "degree", text, degrees[p->disability],
				p->disability_permanent ? 0 : date + 5 * 365 + 1, NULL, src, date);
			r->sum.records_disability += !rc;
		}
		if (!rc && (p->medical || p->mobility)) {
			char ind[200] = "";
			if (p->mobility)
				strcat(ind, "mobility_limitation");
			if (p->medical_wrong) {
				strcat(ind, *ind ? ",dietary_counselling" : "dietary_counselling");
			} else {
				static const char *const codes[] = { "home_physiotherapy", "clinic_rehabilitation", "equipment_loan" };
				for (int b = 0; b < 3; b++)
					if (p->medical & (1u << b)) {
						if (*ind)
							strcat(ind, ",");
						strcat(ind, codes[b]);
					}
			}
			int date = p->first_app - dm_int(&g, 5, 120);
			rc = record(r, r->s_kipus, (int)i, "health", "indication",
				p->mobility ? "Zaświadczenie lekarskie: ograniczenie sprawności ruchowej; wskazania do usług"
					: "Zaświadczenie lekarskie: wskazania do rehabilitacji",
				NULL, date + 2 * 365, ind, "zaświadczenie lekarza POZ", date);
			r->sum.records_health += !rc;
		}
		if (!rc && p->member == 0) {
			const char *situation = NULL;
			if (h->kind == DM_H_FAMILY && h->children >= 3)
				situation = "Rodzina wielodzietna (Karta Dużej Rodziny)";
			else if (h->kind == DM_H_SINGLE_PARENT)
				situation = "Samotne wychowywanie dziecka";
			else if (h->kind == DM_H_SENIOR_SINGLE && dm_chance(&g, 450))
				situation = "Osoba samotnie gospodarująca, bez wsparcia rodziny";
			if (situation) {
				rc = record(r, r->s_kipus, (int)i, "family", "situation", situation, NULL, 0, NULL,
					"wywiad koordynatora (karta usług społecznych)", p->first_app - dm_int(&g, 0, 30));
				r->sum.records_family += !rc;
			}
		}
		if (!rc && p->member == 3) {
			rc = record(r, r->s_kipus, (int)i, "family", "situation",
				"Pozostaje pod opieką faktyczną dziecka, z którym wspólnie gospodaruje", NULL, 0, NULL,
				"wywiad koordynatora (karta usług społecznych)", p->first_app - dm_int(&g, 0, 30));
			r->sum.records_family += !rc;
		}
		if (!rc && p->judgment) {
			int date = p->first_app - dm_int(&g, 30, 900);
			if (p->judgment == 1 && h->children)
				rc = record(r, r->s_sw, (int)i, "judgment", "court",
					"Postanowienie sądu rodzinnego o ograniczeniu władzy rodzicielskiej (nadzór kuratora)", NULL, 0,
					NULL, "Sąd Rejonowy w Grodzisku Mazowieckim, III Wydział Rodzinny", date);
			else
				rc = record(r, r->s_sw, (int)i, "judgment", "zus",
					dm_age(p->birth, date) >= 60 ? "Decyzja ZUS o przyznaniu emerytury i dodatku pielęgnacyjnego"
						: "Decyzja ZUS o przyznaniu renty z tytułu niezdolności do pracy",
					NULL, 0, NULL, "decyzja ZUS Oddział w Warszawie", date);
			r->sum.records_judgment += !rc;
		}
		if (rc)
			return rc;
	}
	return 0;
}

static int employment(run *r, const dm_person *p, int idx)
{
	char since[11];
	dm_date(since, p->employment_since);
	int rc = cus_employment_add(r->s_kipus, PID(idx), p->employment == 1 ? "unemployed" : "employed", since,
		p->employment == 1 ? "zaświadczenie Powiatowego Urzędu Pracy w Grodzisku Mazowieckim"
			: "zaświadczenie o zatrudnieniu", NULL);
	if (rc)
		return fail(rc, "recording an employment status");
	r->sum.employment++;
	return 0;
}

/* The wave in which a person's employment status is recorded late: the one
 * after the wave of their first application for an unemployment service. */
static int late_employment_wave(const run *r, int idx)
{
	int w = -1;
	for (size_t i = 0; i < r->m.napps; i++) {
		const dm_app *a = &r->m.apps[i];
		if (a->person == idx && r->m.svc[a->service] && strcmp(r->m.svc[a->service]->area, "unemployment") == 0 &&
			(w < 0 || a->wave < w))
			w = a->wave;
	}
	return w < 0 ? 0 : w + 1;
}

/* ---- applications, confirmations, qualification ---- */

static int confirm_all(run *r, dm_app *a, int met)
{
	const cus_service *s = r->m.svc[a->service];
	const dm_person *p = &r->m.persons[a->person];
	for (size_t i = 0; i < s->nconditions; i++) {
		const char *k = s->conditions[i].kind;
		int manual = strcmp(k, "manual") == 0;
		int mob = strcmp(k, "mobility_limitation") == 0 && !p->mobility && p->disability >= 2;
		if (!manual && !mob)
			continue;
		char code[32];
		int rc = cus_service_condition_code(code, sizeof code, s, i);
		if (rc)
			return fail(rc, "naming a condition");
		const char *note = !met ? "Nie spełnia warunków regulaminu usługi (wywiad koordynatora)"
			: mob ? "Ograniczenie ruchowe potwierdzone w wywiadzie środowiskowym (orzeczenie o niepełnosprawności)"
			: "Spełnia warunki – dokumenty sprawdzone przez koordynatora";
		rc = cus_condition_confirm(r->s_kipus, a->id, code, met, note);
		if (rc == CUS_EINVAL && cus_error_last()->field && strcmp(cus_error_last()->field, "status") == 0)
			return 0; /* decided meanwhile (e.g. refused for residence): nothing to confirm */
		if (rc)
			return fail(rc, "confirming a condition");
		r->sum.confirmations++;
		if (!met)
			break; /* one rejected condition refuses the application */
	}
	return 0;
}

static int wave(run *r, int w, int nwaves)
{
	char name[40];
	snprintf(name, sizeof name, "applications-%03d.csv", w);
	FILE *f = open_tmp(r, name);
	if (!f)
		return CUS_EIO;
	fputs("person,service,date,applicant,representative,duration_months\n", f);
	int64_t first = r->next_app_id, n = 0;
	for (size_t i = 0; i < r->m.napps; i++) {
		dm_app *a = &r->m.apps[i];
		if (a->wave != w)
			continue;
		char d[11];
		dm_date(d, a->date);
		fprintf(f, "%lld,%s,%s,", (long long)PID(a->person), r->m.svc[a->service]->code, d);
		if (a->carer >= 0)
			fprintf(f, "carer,%lld,", (long long)PID(a->carer));
		else
			fputs("self,,", f);
		fprintf(f, "%d\n", a->duration);
		a->id = r->next_app_id++;
		r->app_by_id[a->id] = (int64_t)i;
		n++;
	}
	if (fclose(f) != 0)
		return cus__error(CUS_EIO, "demo", NULL, "demo: cannot write the applications file");
	int rc = 0;
	if (n) {
		cus_import_report *rep = NULL;
		rc = cus_import_applications(&rep, r->s_ous, tmpfile_path(r, name), NULL);
		if (rc)
			rc = import_fail(rc, "importing the applications", rep);
		cus_import_report_free(rep);
	}
	remove_tmp(r, name);
	if (rc)
		return rc;
	r->sum.applications += n;
	if (n) {
		/* numbered in the file's order: check both ends */
		int64_t ends[2] = { first, first + n - 1 };
		for (int k = 0; k < 2; k++) {
			cus_application *a = NULL;
			rc = cus_application_get(&a, r->s_ous, ends[k]);
			if (rc)
				return fail(rc, "reading an application back");
			const dm_app *m = &r->m.apps[r->app_by_id[ends[k]]];
			int same = a->person_id == PID(m->person) && strcmp(a->service, r->m.svc[m->service]->code) == 0;
			cus_application_free(a);
			if (!same)
				return cus__error(CUS_ERROR, "demo", NULL, "demo: the applications were not numbered in order");
		}
	}
	/* documents brought in late: employment statuses */
	for (size_t i = 0; i < r->m.npersons; i++) {
		const dm_person *p = &r->m.persons[i];
		if (p->employment && p->employment_late && late_employment_wave(r, (int)i) == w &&
			(rc = employment(r, p, (int)i)))
			return rc;
	}
	/* the coordinator's confirmations */
	for (size_t i = 0; i < r->m.napps; i++) {
		dm_app *a = &r->m.apps[i];
		int now = (a->fate == DM_F_CONFIRM && a->wave == w) ||
			(a->fate == DM_F_CONFIRM_LATE && (a->wave == w - 1 || (a->wave == w && w == nwaves - 1)));
		if (now)
			rc = confirm_all(r, a, 1);
		else if (a->fate == DM_F_REJECT && a->wave == w)
			rc = confirm_all(r, a, 0);
		if (rc)
			return rc;
	}
	/* the decisions of the wave, dated its last day */
	char end[11];
	dm_date(end, dm_wave_end(w, r->m.p0, r->m.p1));
	cus_qualify_options qo = CUS_QUALIFY_OPTIONS_INIT;
	qo.decision_date = end;
	cus_qualify_summary qs;
	rc = cus_qualify_pending(&qs, r->s_kipus, NULL, &qo);
	return rc ? fail(rc, "qualifying the applications") : 0;
}

static int read_outcomes(run *r)
{
	cus_application_iter *it = NULL;
	int rc = cus_application_list(&it, r->s_kipus, 0, NULL);
	if (rc)
		return fail(rc, "listing the applications");
	const cus_application *a;
	while ((rc = cus_application_next(&a, it)) == 0) {
		if (a->id <= 0 || a->id >= r->next_app_id)
			continue;
		dm_app *m = &r->m.apps[r->app_by_id[a->id]];
		m->status = strcmp(a->status, "qualified") == 0 ? 1 : strcmp(a->status, "refused") == 0 ? 2
			: strcmp(a->status, "submitted") == 0 ? 3 : 4;
		m->decision = a->decision_date ? dm_parse(a->decision_date) : 0;
		m->withdrawn = a->withdrawn_date ? dm_parse(a->withdrawn_date) : 0;
	}
	cus_application_iter_free(it);
	return rc == CUS_ITEROVER ? 0 : fail(rc, "listing the applications");
}

static int withdrawals(run *r)
{
	for (size_t i = 0; i < r->m.napps; i++) {
		dm_app *a = &r->m.apps[i];
		if (!a->withdraw)
			continue;
		int day;
		if (a->status == 3 && a->fate == DM_F_NEVER_WITHDRAW)
			day = a->withdraw;
		else if (a->status == 1 && a->fate != DM_F_NEVER_WITHDRAW) {
			day = a->withdraw < a->decision + 30 ? a->decision + 30 : a->withdraw;
			if (day > r->m.p1)
				continue;
		} else
			continue;
		if (day < a->date)
			day = a->date;
		char d[11];
		dm_date(d, day);
		int rc = cus_application_withdraw(r->s_ous, a->id, d);
		if (rc)
			return fail(rc, "withdrawing an application");
		a->status = 4;
		a->withdrawn = day;
	}
	return 0;
}

static int telecare_records(run *r)
{
	for (size_t i = 0; i < r->m.napps; i++) {
		const dm_app *a = &r->m.apps[i];
		if (a->service != S_TELECARE || !a->decision || (a->status != 1 && a->status != 4))
			continue;
		int rc = record(r, r->s_kipus, a->person, "location", "telecare",
			"Opaska bezpieczeństwa z przyciskiem SOS i lokalizatorem GPS; lokalizacja przekazywana centrum "
			"teleopieki tylko przy wezwaniu pomocy",
			NULL, 0, NULL, "umowa o świadczenie usługi teleopieki", a->decision + 3);
		if (rc)
			return rc;
		r->sum.records_location++;
	}
	return 0;
}

/* ---- plans ---- */

/* The days a qualified application's services run (as the deliveries will). */
static void app_window(const run *r, const dm_app *a, int *from, int *to)
{
	*from = a->decision;
	int end = dm_add_months(a->decision, a->duration > 0 ? a->duration : 1);
	if (end > r->m.p1)
		end = r->m.p1;
	if (a->withdrawn && a->withdrawn < end)
		end = a->withdrawn;
	*to = end;
}

static int plan_one(run *r, dm_rng *g, int person, int start, int end, const int *apps, size_t napps)
{
	const char *codes[8];
	size_t n = 0;
	int last_use = start;
	for (size_t k = 0; k < napps && n < 8; k++) {
		const dm_app *a = &r->m.apps[apps[k]];
		int from, to;
		app_window(r, a, &from, &to);
		if (from > end || to < start)
			continue;
		const char *code = r->m.svc[a->service]->code;
		int dup = 0;
		for (size_t j = 0; j < n; j++)
			dup |= strcmp(codes[j], code) == 0;
		if (!dup)
			codes[n++] = code;
		if (to > last_use)
			last_use = to;
	}
	if (!n)
		return 0;
	char s[11], e[11];
	dm_date(s, start);
	dm_date(e, end);
	static const char *const goals[] = {
		"Utrzymanie samodzielności w miejscu zamieszkania i bezpieczeństwa w codziennym funkcjonowaniu",
		"Poprawa sprawności ruchowej i ograniczenie poczucia osamotnienia",
		"Wzmocnienie kompetencji wychowawczych rodzica i wsparcie rozwoju dziecka",
		"Powrót na rynek pracy: podniesienie kwalifikacji i motywacji do zatrudnienia",
		"Stabilizacja sytuacji zdrowotnej i rodzinnej; aktywizacja społeczna",
	};
	cus_plan_input in = CUS_PLAN_INPUT_INIT;
	in.person = PID(person);
	in.start = s;
	in.end = e;
	in.coordinator = person % 3 ? "kipus" : "kipus2";
	in.services = codes;
	in.nservices = n;
	in.goals = goals[dm_int(g, 0, 4)];
	int64_t plan = 0;
	int rc = cus_plan_add(r->s_ipus, &in, &plan);
	if (rc)
		return fail(rc, "drawing up a plan");
	r->sum.plans++;

	/* closed early when every service ended before the plan's end */
	int close = last_use < end - 14 ? last_use : 0;
	if (close < start)
		close = close ? start : 0;

	/* the schedule, then the coordinator's diligence */
	cus_checkpoint_iter *it = NULL;
	rc = cus_plan_schedule(&it, r->s_ipus, plan, "2023-09-30", 0);
	if (rc)
		return fail(rc, "reading a plan's schedule");
	struct {
		char kind[8];
		int due;
	} cp[16];
	size_t ncp = 0;
	const cus_plan_checkpoint *c;
	while (ncp < 16 && cus_checkpoint_next(&c, it) == 0) {
		snprintf(cp[ncp].kind, sizeof cp[ncp].kind, "%s", c->kind);
		cp[ncp].due = dm_parse(c->due);
		ncp++;
	}
	cus_checkpoint_iter_free(it);
	int x = dm_int(g, 0, 999);
	int diligence = x < 780 ? 0 : x < 930 ? 1 : 2; /* on time, sometimes late, stops */
	size_t stop = diligence == 2 ? (size_t)dm_int(g, 0, 2) : ncp;
	int prev[2] = { start, start };
	for (size_t k = 0; k < ncp; k++) {
		int due = cp[k].due;
		if (close && due > close)
			break;
		if (due > r->m.p1)
			break;
		if (k >= stop) {
			r->sum.reviews_missing++;
			continue;
		}
		int kind = strcmp(cp[k].kind, "summary") == 0;
		int late = diligence == 1 && dm_chance(g, 350);
		int day = late ? due + dm_int(g, 3, 40) : due - dm_int(g, 0, 7);
		if (day < prev[kind])
			day = prev[kind];
		if (day < start)
			day = start;
		int limit = dm_add_months(end, 1);
		if (day > limit)
			day = limit;
		char d[11];
		dm_date(d, day);
		static const char *const notes[] = {
			"Usługi realizowane zgodnie z planem; sytuacja osoby stabilna",
			"Omówiono postępy z osobą; plan bez zmian",
			"Zwiększono częstotliwość wsparcia na wniosek osoby",
			"Cele częściowo osiągnięte; kontynuacja usług",
		};
		rc = cus_plan_review(r->s_ipus, plan, cp[k].kind, d, notes[dm_int(g, 0, 3)], NULL);
		if (rc)
			return fail(rc, "recording a plan review");
		prev[kind] = day;
		r->sum.reviews++;
		r->sum.reviews_late += day > due;
	}
	if (close || end < r->m.p1) {
		char d[11];
		dm_date(d, close ? close : end);
		rc = cus_plan_close(r->s_ipus, plan, d);
		if (rc)
			return fail(rc, "closing a plan");
	}
	return 0;
}

static int plans(run *r)
{
	dm_rng g;
	dm_rng_seed(&g, r->m.seed, 6);
	int *apps = malloc(sizeof *apps * (r->m.napps + 1));
	if (!apps)
		return cus__error(CUS_ENOMEM, "demo", NULL, "out of memory");
	int rc = 0;
	size_t i = 0;
	/* the applications are grouped by person, in the persons' order */
	while (!rc && i < r->m.napps) {
		int person = r->m.apps[i].person;
		size_t n = 0;
		int first = 0, last = 0;
		for (; i < r->m.napps && r->m.apps[i].person == person; i++) {
			const dm_app *a = &r->m.apps[i];
			if (!a->decision || (a->status != 1 && a->status != 4) || a->duration < 3)
				continue;
			int from, to;
			app_window(r, a, &from, &to);
			if (to - from < 60)
				continue;
			apps[n++] = (int)i;
			if (!first || from < first)
				first = from;
			if (to > last)
				last = to;
		}
		if (!n || dm_chance(&g, 40))
			continue; /* no plan needed, or none drawn up (a few) */
		int start = first + dm_int(&g, 3, 21);
		while (!rc && start <= r->m.p1 - 30 && start < last) {
			int end = dm_add_months(start, 12) - 1;
			if (end > r->m.p1)
				end = r->m.p1;
			rc = plan_one(r, &g, person, start, end, apps, n);
			start = end + 1;
		}
	}
	free(apps);
	return rc;
}

/* ---- deliveries ---- */

static int deliveries(run *r)
{
	int rc = dm_generate_deliveries(&r->m);
	if (rc)
		return rc ? rc : CUS_ENOMEM;
	dm_scale_project_costs(&r->m);
	FILE *f = open_tmp(r, "deliveries.csv");
	if (!f)
		return CUS_EIO;
	fputs("person,service,date,units,cost,provider,funding\n", f);
	for (size_t i = 0; i < r->m.ndeliveries; i++) {
		const dm_delivery *d = &r->m.deliveries[i];
		char day[11];
		dm_date(day, d->date);
		fprintf(f, "%lld,%s,%s,%d.%02d,%lld.%02lld,", (long long)PID(d->person), r->m.svc[d->service]->code, day,
			d->units / 100, d->units % 100, (long long)(d->cost / 100), (long long)(d->cost % 100));
		dm_csv(f, dm_providers[dm_services[d->service].provider]);
		fprintf(f, ",%s\n", dm_delivery_funding(&r->m, d));
		r->sum.delivery_cost += d->cost;
	}
	if (fclose(f) != 0)
		return cus__error(CUS_EIO, "demo", NULL, "demo: cannot write the deliveries file");
	cus_import_report *rep = NULL;
	rc = cus_import_deliveries(&rep, r->s_deliv, tmpfile_path(r, "deliveries.csv"), NULL);
	if (rc)
		rc = import_fail(rc, "importing the deliveries", rep);
	else
		r->sum.deliveries = rep->imported;
	cus_import_report_free(rep);
	remove_tmp(r, "deliveries.csv");
	return rc;
}

/* ---- finance ---- */

static int finance(run *r)
{
	for (int p = 0; p < DM_NPROJECTS; p++) {
		const dm_project *pj = &dm_projects[p];
		cus_project_source src[3];
		int64_t own = 0, co = 0;
		for (int i = 0; i < pj->nsrc; i++) {
			src[i].source = pj->src[i].source;
			src[i].amount = pj->src[i].amount;
			if (pj->src[i].digit == '9')
				own += pj->src[i].amount;
			else
				co += pj->src[i].amount;
		}
		cus_project_input in = CUS_PROJECT_INPUT_INIT;
		in.code = pj->code;
		in.name = pj->name;
		in.programme = pj->programme;
		in.measure = pj->measure;
		in.period_from = pj->from;
		in.period_to = pj->to;
		in.total_cost = own + co;
		in.co_financing = co;
		in.own_contribution = own;
		in.sources = src;
		in.nsources = (size_t)pj->nsrc;
		cus_finance_report *rep = NULL;
		int rc = cus_project_add(&rep, r->s_fin, &in, CUS_FINANCE_STRICT, NULL);
		if (rc)
			rc = fin_fail(rc, "adding a project", rep);
		cus_finance_report_free(rep);
		if (rc)
			return rc;
		r->sum.projects++;
	}
	FILE *lines = open_tmp(r, "plan.csv");
	FILE *exps = lines ? open_tmp(r, "expenditures.csv") : NULL;
	if (!lines || !exps) {
		if (lines)
			fclose(lines);
		return CUS_EIO;
	}
	dm_fin_totals t;
	int rc = dm_write_finance(&r->m, lines, exps, &t);
	int bad = fclose(lines) != 0;
	bad |= fclose(exps) != 0;
	if (!rc && bad)
		rc = cus__error(CUS_EIO, "demo", NULL, "demo: cannot write the finance files");
	cus_finance_import_options fo = CUS_FINANCE_IMPORT_OPTIONS_INIT;
	fo.flags = CUS_FINANCE_STRICT;
	cus_finance_report *rep = NULL;
	if (!rc) {
		rc = cus_budget_line_import(&rep, r->s_fin, tmpfile_path(r, "plan.csv"), &fo);
		if (rc)
			rc = fin_fail(rc, "importing the financial plan", rep);
		cus_finance_report_free(rep);
		rep = NULL;
	}
	if (!rc) {
		rc = cus_expenditure_import(&rep, r->s_fin, tmpfile_path(r, "expenditures.csv"), &fo);
		if (rc)
			rc = fin_fail(rc, "importing the expenditures", rep);
		cus_finance_report_free(rep);
	}
	remove_tmp(r, "plan.csv");
	remove_tmp(r, "expenditures.csv");
	if (!rc) {
		r->sum.budget_lines = t.lines;
		r->sum.plan_amount = t.plan;
		r->sum.expenditures = t.expenditures;
		r->sum.expenditure_amount = t.spent;
	}
	return rc;
}

/* ---- the end ---- */

static int final_counts(run *r)
{
	cus_application_iter *it = NULL;
	int rc = cus_application_list(&it, r->s_kipus, 0, NULL);
	if (rc)
		return fail(rc, "listing the applications");
	const cus_application *a;
	while ((rc = cus_application_next(&a, it)) == 0) {
		if (strcmp(a->status, "qualified") == 0)
			r->sum.qualified++;
		else if (strcmp(a->status, "refused") == 0)
			r->sum.refused++;
		else if (strcmp(a->status, "submitted") == 0)
			r->sum.pending++;
		else
			r->sum.withdrawn++;
	}
	cus_application_iter_free(it);
	if (rc != CUS_ITEROVER)
		return fail(rc, "listing the applications");
	r->sum.service_users = r->m.service_users;

	/* the IOD's signed checkpoint, exported to PATH.checkpoints */
	cus_session *s = NULL;
	if ((rc = open_as(r, "iod", &r->iod)) || (rc = session(r->iod, "audit", &s)))
		return rc;
	rc = cus_audit_checkpoint(s, NULL, NULL);
	cus_session_close(s);
	if (rc)
		return fail(rc, "writing the audit checkpoint");
	cus_audit_report *ar = NULL;
	rc = cus_audit_verify(&ar, r->iod, NULL);
	if (!rc)
		r->sum.audit_entries = ar->entries;
	cus_audit_report_free(ar);
	return rc ? fail(rc, "verifying the audit log") : 0;
}

static void close_all(run *r)
{
	cus_session *ss[] = { r->s_ous, r->s_kipus, r->s_ipus, r->s_deliv, r->s_sw, r->s_fin };
	for (size_t i = 0; i < sizeof ss / sizeof ss[0]; i++)
		cus_session_close(ss[i]);
	r->s_ous = r->s_kipus = r->s_ipus = r->s_deliv = r->s_sw = r->s_fin = NULL;
	cus_db *dbs[] = { r->ous, r->kipus, r->sw, r->fin, r->iod };
	for (size_t i = 0; i < sizeof dbs / sizeof dbs[0]; i++)
		cus_db_close(dbs[i]);
	r->ous = r->kipus = r->sw = r->fin = r->iod = NULL;
}

static void remove_files(const char *path)
{
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal", ".keys", ".keys-wal", ".keys-shm",
		".keys-journal", ".checkpoints" };
	char buf[4200];
	for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		snprintf(buf, sizeof buf, "%s%s", path, suffix[i]);
		unlink(buf);
	}
}

static int exists(const char *path, const char *suffix)
{
	char buf[4200];
	struct stat st;
	snprintf(buf, sizeof buf, "%s%s", path, suffix);
	return lstat(buf, &st) == 0;
}

static int make_tmpdir(run *r)
{
	const char *base = r->o->tmpdir;
	if (!base || !*base)
		base = getenv("TMPDIR");
	if (!base || !*base)
		base = "/tmp";
	if ((size_t)snprintf(r->tmp, sizeof r->tmp, "%s/cus-demo-XXXXXX", base) >= sizeof r->tmp - 64)
		return cus__error(CUS_EINVAL, "demo", "tmpdir", "demo: the temporary directory's path is too long");
	if (!mkdtemp(r->tmp)) {
		r->tmp[0] = 0;
		return cus__error(CUS_EIO, "demo", "tmpdir", "demo: cannot make a temporary directory: %s",
			strerror(errno));
	}
	return 0;
}

static int load_services(run *r)
{
	const cus_service *svcs = NULL;
	int n = cus_policy_services(&svcs, r->admin);
	if (n < 0)
		return fail(n, "reading the policy's services");
	int found = 0;
	for (int k = 0; k < DM_NSERVICES; k++)
		for (int i = 0; i < n; i++)
			if (strcmp(svcs[i].code, dm_services[k].code) == 0) {
				r->m.svc[k] = &svcs[i];
				found++;
			}
	if (found < 10)
		return cus__error(CUS_EINVAL, "demo", "policy",
			"demo: the policy has too few of the Milanówek Programme's services for a demo");
	/* the EU projects' sources must be those of the policy */
	return 0;
}

int cus_demo_create(cus_db **out, const char *path, const char *admin, const cus_key *admin_key,
	const cus_demo_options *opts, cus_demo_summary *summary)
{
	if (out)
		*out = NULL;
	cus_demo_options defaults = CUS_DEMO_OPTIONS_INIT;
	if (!opts)
		opts = &defaults;
	if (opts->version != CUS_DEMO_OPTIONS_VERSION)
		return cus__error(CUS_EINVAL, "demo", "options", "unsupported cus_demo_options version %u", opts->version);
	if (!path || !*path)
		return cus__error(CUS_EINVAL, "demo", "path", "no database path given");
	if (!admin || !admin_key)
		return cus__error(CUS_EINVAL, "demo", !admin ? "admin" : "key", "no administrator or key given");
	for (size_t i = 0; i < NSTAFF; i++)
		if (strcmp(admin, staff[i].login) == 0)
			return cus__error(CUS_EINVAL, "demo", "admin",
				"the administrator's login is one of the demo's staff logins; choose another (e.g. admin)");
	int persons = opts->persons ? opts->persons : CUS_DEMO_PERSONS_DEFAULT;
	if (persons < CUS_DEMO_PERSONS_MIN || persons > CUS_DEMO_PERSONS_MAX)
		return cus__error(CUS_EINVAL, "demo", "persons", "persons: must be from %d to %d", CUS_DEMO_PERSONS_MIN,
			CUS_DEMO_PERSONS_MAX);
	if (exists(path, "") || exists(path, ".keys"))
		return cus__error(CUS_EEXISTS, "demo", "path", "the database or its key store exists: %s", path);

	run *r = calloc(1, sizeof *r);
	if (!r)
		return cus__error(CUS_ENOMEM, "demo", NULL, "out of memory");
	r->path = path;
	r->o = opts;
	r->staff_key = opts->staff_key ? opts->staff_key : admin_key;
	r->m.persons_target = persons;
	r->m.seed = opts->seed;
	r->sum.version = CUS_DEMO_SUMMARY_VERSION;
	int rc = make_tmpdir(r);
	int created = 0;
	if (!rc) {
		rc = cus_db_init(&r->admin, path, admin, admin_key, opts->policy_path, opts->db_options);
		if (rc)
			rc = fail(rc, "creating the database");
		else
			created = 1;
	}
	if (!rc)
		rc = load_services(r);
	if (!rc) {
		stage(r, "staff");
		rc = make_staff(r);
	}
	if (!rc) {
		stage(r, "persons");
		rc = dm_generate(&r->m);
	}
	if (!rc && !(r->app_by_id = calloc(r->m.napps + 2, sizeof *r->app_by_id)))
		rc = cus__error(CUS_ENOMEM, "demo", NULL, "out of memory");
	r->next_app_id = 1;
	if (!rc)
		rc = open_as(r, "ous", &r->ous);
	if (!rc)
		rc = open_as(r, "kipus", &r->kipus);
	if (!rc)
		rc = open_as(r, "social_worker", &r->sw);
	if (!rc)
		rc = open_as(r, "finance", &r->fin);
	if (!rc)
		rc = session(r->ous, "qualification", &r->s_ous);
	if (!rc)
		rc = session(r->kipus, "qualification", &r->s_kipus);
	if (!rc)
		rc = session(r->kipus, "ipus", &r->s_ipus);
	if (!rc)
		rc = session(r->ous, "service_delivery", &r->s_deliv);
	if (!rc)
		rc = session(r->sw, "benefits", &r->s_sw);
	if (!rc)
		rc = session(r->fin, "service_delivery", &r->s_fin);
	if (!rc)
		rc = import_persons(r);
	if (!rc) {
		stage(r, "records");
		rc = households(r);
	}
	if (!rc)
		rc = records(r);
	for (size_t i = 0; !rc && i < r->m.npersons; i++) {
		const dm_person *p = &r->m.persons[i];
		if (p->employment && !p->employment_late)
			rc = employment(r, p, (int)i);
	}
	if (!rc) {
		stage(r, "applications");
		int nwaves = dm_waves(r->m.p0, r->m.p1);
		for (int w = 0; !rc && w < nwaves; w++)
			rc = wave(r, w, nwaves);
	}
	if (!rc)
		rc = read_outcomes(r);
	if (!rc)
		rc = withdrawals(r);
	if (!rc)
		rc = telecare_records(r);
	if (!rc) {
		stage(r, "plans");
		rc = plans(r);
	}
	if (!rc) {
		stage(r, "deliveries");
		rc = deliveries(r);
	}
	if (!rc) {
		stage(r, "finance");
		rc = finance(r);
	}
	if (!rc) {
		stage(r, "audit");
		rc = final_counts(r);
	}
	close_all(r);
	if (*r->tmp) {
		/* the files are removed as they are used; anything left by a failure too */
		static const char *const names[] = { "persons.csv", "deliveries.csv", "plan.csv", "expenditures.csv" };
		for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
			remove_tmp(r, names[i]);
		for (int w = 0; w < 120; w++) {
			char name[40];
			snprintf(name, sizeof name, "applications-%03d.csv", w);
			remove_tmp(r, name);
		}
		rmdir(r->tmp);
	}
	if (rc) {
		int code = rc;
		cus_error saved = *cus_error_last();
		char msg[700];
		snprintf(msg, sizeof msg, "%s", saved.message ? saved.message : "");
		char field[64] = "";
		if (saved.field)
			snprintf(field, sizeof field, "%s", saved.field);
		cus_db_close(r->admin);
		if (created)
			remove_files(path);
		dm_model_free(&r->m);
		free(r->app_by_id);
		free(r);
		return cus__error(code, "demo", *field ? field : NULL, "%s", msg);
	}
	stage(r, "done");
	if (summary)
		*summary = r->sum;
	if (out)
		*out = r->admin;
	else
		cus_db_close(r->admin);
	dm_model_free(&r->m);
	free(r->app_by_id);
	free(r);
	return 0;
}
