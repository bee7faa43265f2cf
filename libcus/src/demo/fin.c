/*
 * The demonstration centre's money: the three EU projects of the
 * Programme's Tabela 6, the annual plan by dział / rozdział / paragraf and
 * the expenditures that execute it. Services are planned from what their
 * deliveries cost (plus a margin) and booked month by month as invoiced;
 * benefits and upkeep follow the structure of seed 002 (about 50 % benefits,
 * 30 % services, 20 % upkeep of a 30 million zł budget for 2,000 service
 * users, scaled to the number of persons).
 */
#include <stdlib.h>
#include <string.h>

#include "demo/demo.h"
#include "demo/fin.h"

const dm_project dm_projects[DM_NPROJECTS] = {
	{ "MCUS", "Milanowskie Centrum Usług Społecznych",
	  "Program Operacyjny Wiedza Edukacja Rozwój 2014-2020",
	  "Oś priorytetowa II, Działanie 2.8 Rozwój usług społecznych świadczonych w środowisku lokalnym",
	  "2021-01-01", "2023-12-31", "853", "85395",
	  { { "eu_mcus", 309108500, '7' } }, 1 },
	{ "RUS2", "Rozwój usług społecznych w Gminie Milanówek – edycja 2",
	  "Regionalny Program Operacyjny Województwa Mazowieckiego 2014-2020",
	  "Oś priorytetowa IX, Działanie 9.2 Usługi społeczne i usługi opieki zdrowotnej",
	  "2021-01-01", "2023-09-30", "852", "85295",
	  { { "eu_rus2", 156561869, '7' }, { "state_funds", 25430467, '8' }, { "own_tasks", 13710000, '9' } }, 3 },
	{ "RAP", "Rozwój-Aktywność-Praca",
	  "Regionalny Program Operacyjny Województwa Mazowieckiego 2014-2020",
	  "Oś priorytetowa IX, Działanie 9.1 Aktywizacja społeczno-zawodowa osób wykluczonych i przeciwdziałanie "
	  "wykluczeniu społecznemu",
	  "2021-07-01", "2023-09-30", "853", "85395",
	  { { "eu_rap", 79419000, '7' }, { "own_tasks", 20895000, '9' } }, 2 },
};

int dm_project_of_source(const char *source)
{
	for (int p = 0; p < DM_NPROJECTS; p++)
		if (strcmp(dm_projects[p].src[0].source, source) == 0)
			return p;
	return -1;
}

int64_t dm_project_total(int p)
{
	int64_t t = 0;
	for (int i = 0; i < dm_projects[p].nsrc; i++)
		t += dm_projects[p].src[i].amount;
	return t;
}

/* The statutory lines without a service (2022 amounts in zł for 2,000 service users). */
static const struct {
	const char *dzial, *rozdzial, *paragraf, *source, *note;
	int64_t zl;
	int day; /* day of the month it is paid (0: the last) */
} fixed[] = {
	{ "855", "85501", "3110", "commissioned_tasks", "Świadczenie wychowawcze", 6400000, 10 },
	{ "855", "85502", "3110", "commissioned_tasks", "Świadczenia rodzinne i z funduszu alimentacyjnego", 3900000,
	  10 },
	{ "852", "85214", "3110", "own_tasks", "Zasiłki okresowe, celowe i w naturze", 420000, 10 },
	{ "852", "85216", "3110", "commissioned_tasks", "Zasiłki stałe", 560000, 10 },
	{ "852", "85215", "3110", "own_tasks", "Dodatki mieszkaniowe", 300000, 10 },
	{ "852", "85230", "3110", "own_tasks", "Pomoc w zakresie dożywiania", 210000, 10 },
	{ "854", "85415", "3240", "own_tasks", "Stypendia socjalne dla uczniów", 120000, 10 },
	{ "852", "85219", "4010", "own_tasks", "Wynagrodzenia osobowe pracowników", 2900000, 25 },
	{ "852", "85219", "4040", "own_tasks", "Dodatkowe wynagrodzenie roczne", 230000, -3 },
	{ "852", "85219", "4110", "own_tasks", "Składki na ubezpieczenia społeczne", 520000, 25 },
	{ "852", "85219", "4120", "own_tasks", "Składki na Fundusz Pracy", 70000, 25 },
	{ "852", "85219", "4210", "own_tasks", "Zakup materiałów i wyposażenia", 110000, 0 },
	{ "852", "85219", "4260", "own_tasks", "Zakup energii", 85000, 0 },
	{ "852", "85219", "4300", "own_tasks", "Zakup usług pozostałych", 260000, 0 },
	{ "852", "85219", "4360", "own_tasks", "Opłaty z tytułu zakupu usług telekomunikacyjnych", 28000, 0 },
	{ "852", "85219", "4410", "own_tasks", "Podróże służbowe krajowe", 14000, 0 },
	{ "852", "85219", "4700", "own_tasks", "Szkolenia pracowników", 22000, 0 },
	{ "852", "85219", "4010", "commissioned_tasks", "Wynagrodzenia – zadania zlecone", 160000, 25 },
	{ "855", "85502", "4010", "commissioned_tasks", "Obsługa świadczeń rodzinnych – wynagrodzenia", 240000, 25 },
	{ "855", "85502", "4110", "commissioned_tasks", "Obsługa świadczeń rodzinnych – składki", 42000, 25 },
	{ "851", "85154", "4170", "alcohol_fees", "Gminna Komisja Rozwiązywania Problemów Alkoholowych", 48000, 0 },
	{ "852", "85202", "4330", "own_tasks", "Opłaty za pobyt mieszkańców w domach pomocy społecznej", 1650000, 0 },
};
#define NFIXED (sizeof fixed / sizeof fixed[0])

/* The classification of a service paid from a source outside the projects. */
static void service_class(int service, const char *source, const char **dz, const char **rz, const char **pg)
{
	*pg = "4300";
	if (strcmp(source, "alcohol_fees") == 0) {
		*dz = "851";
		*rz = "85154";
	} else if (strcmp(source, "protective_programmes") == 0 || strcmp(source, "state_funds") == 0) {
		*dz = "851";
		*rz = "85195";
	} else if (service == S_BENEFITS) {
		*dz = "852";
		*rz = strcmp(source, "commissioned_tasks") == 0 ? "85216" : "85214";
		*pg = "3110";
	} else if (service == S_FAMILY_CLUB || service == S_FAMILY_ASSISTANT) {
		*dz = "855";
		*rz = "85504";
		if (service == S_FAMILY_ASSISTANT)
			*pg = "4010";
	} else if (service == S_EXAMINATIONS || service == S_DIETARY || service == S_CAMPAIGNS) {
		*dz = "851";
		*rz = "85195";
	} else if (service == S_HOME_CARE || service == S_SPECIALIST_MENTAL || service == S_OPIEKA75) {
		*dz = "852";
		*rz = "85228";
	} else {
		*dz = "852";
		*rz = "85295";
	}
}

#define YEAR0 2021
#define NYEARS 3
#define NMONTHS (NYEARS * 12)

static int64_t round_up_100zl(int64_t gr)
{
	return (gr + 9999) / 10000 * 10000;
}

static void money(FILE *f, int64_t gr)
{
	if (gr < 0) {
		fputc('-', f);
		gr = -gr;
	}
	fprintf(f, "%lld.%02lld", (long long)(gr / 100), (long long)(gr % 100));
}

static void line(FILE *f, int year, const char *dz, const char *rz, const char *pg, const char *source,
	const char *project, const char *service, int64_t amount, const char *note, dm_fin_totals *t)
{
	fprintf(f, "%d,%s,%s,%s,%s,%s,%s,", year, dz, rz, pg, source, project ? project : "", service ? service : "");
	money(f, amount);
	fputc(',', f);
	dm_csv(f, note);
	fputc('\n', f);
	t->lines++;
	t->plan += amount;
}

static void expense(FILE *f, int day, const char *dz, const char *rz, const char *pg, const char *source,
	const char *project, const char *service, int64_t amount, const char *doc, dm_fin_totals *t)
{
	if (amount == 0)
		return;
	char date[11];
	dm_date(date, day);
	fprintf(f, "%s,%s,%s,%s,%s,%s,%s,", date, dz, rz, pg, source, project ? project : "", service ? service : "");
	money(f, amount);
	fputc(',', f);
	dm_csv(f, doc);
	fputc('\n', f);
	t->expenditures++;
	t->spent += amount;
}

static int month_index(int day)
{
	int y, m, d;
	dm_ymd(day, &y, &m, &d);
	return (y - YEAR0) * 12 + (m - 1);
}

static int month_end(int mi, int p1)
{
	int y = YEAR0 + mi / 12, m = mi % 12 + 1;
	int e = dm_day(y, m, dm_month_last(y, m));
	return e > p1 ? p1 : e;
}

/* Split amount by the project's shares; the first source takes the rest. */
static void split(int p, int64_t amount, int64_t *parts)
{
	int64_t total = dm_project_total(p), rest = amount;
	for (int i = 1; i < dm_projects[p].nsrc; i++) {
		parts[i] = amount * dm_projects[p].src[i].amount / total;
		rest -= parts[i];
	}
	parts[0] = rest;
}

void dm_scale_project_costs(dm_model *m)
{
	for (int p = 0; p < DM_NPROJECTS; p++) {
		int64_t sum = 0;
		for (size_t i = 0; i < m->ndeliveries; i++)
			if (dm_project_of_source(dm_delivery_funding(m, &m->deliveries[i])) == p)
				sum += m->deliveries[i].cost;
		int64_t cap = dm_project_total(p) * 65 / 100;
		if (sum <= cap || sum == 0)
			continue;
		for (size_t i = 0; i < m->ndeliveries; i++)
			if (dm_project_of_source(dm_delivery_funding(m, &m->deliveries[i])) == p)
				m->deliveries[i].cost = m->deliveries[i].cost * cap / sum;
	}
}

typedef struct {
	int64_t month[NMONTHS];
} series;

int dm_write_finance(const dm_model *m, FILE *lines, FILE *exps, dm_fin_totals *t)
{
	dm_rng r;
	dm_rng_seed(&r, m->seed, 3);
	memset(t, 0, sizeof *t);
	int last_month = month_index(m->p1);
	fputs("year,dzial,rozdzial,paragraf,source,project,service,amount,note\n", lines);
	fputs("date,dzial,rozdzial,paragraf,source,project,service,amount,document\n", exps);

	/* what each (service, funding) cost month by month */
	series *cost = calloc(DM_NSERVICES * 4, sizeof *cost);
	if (!cost)
		return cus__error(CUS_ENOMEM, "demo", NULL, "out of memory");
	for (size_t i = 0; i < m->ndeliveries; i++) {
		const dm_delivery *d = &m->deliveries[i];
		int mi = month_index(d->date);
		if (mi >= 0 && mi < NMONTHS && d->funding < 4)
			cost[d->service * 4 + d->funding].month[mi] += d->cost;
	}

	/* plan of each project's sources taken by service lines */
	int64_t used[DM_NPROJECTS][3];
	memset(used, 0, sizeof used);
	for (int s = 0; s < DM_NSERVICES; s++) {
		const cus_service *sv = m->svc[s];
		if (!sv)
			continue;
		for (size_t f = 0; f < sv->nfunding && f < 4; f++) {
			const char *src = sv->funding[f];
			int p = dm_project_of_source(src);
			const series *c = &cost[s * 4 + f];
			for (int y = 0; y < NYEARS; y++) {
				int64_t year = 0;
				for (int k = 0; k < 12; k++)
					year += c->month[y * 12 + k];
				if (year == 0)
					continue;
				if (p < 0) {
					const char *dz, *rz, *pg;
					service_class(s, src, &dz, &rz, &pg);
					int64_t plan = round_up_100zl(year * dm_int(&r, 1040, 1100) / 1000);
					line(lines, YEAR0 + y, dz, rz, pg, src, NULL, sv->code, plan, sv->name, t);
					for (int k = 0; k < 12; k++) {
						int mi = y * 12 + k;
						char doc[40];
						snprintf(doc, sizeof doc, "%s/%04d/%02d/%03d", s == S_BENEFITS ? "LW" : "FV",
							YEAR0 + y, k + 1, s + 1);
						expense(exps, month_end(mi, m->p1), dz, rz, pg, src, NULL, sv->code, c->month[mi], doc,
							t);
					}
				} else {
					const dm_project *pj = &dm_projects[p];
					int64_t parts[3];
					split(p, year, parts);
					for (int i = 0; i < pj->nsrc; i++) {
						char pg[5] = { '4', '3', '0', pj->src[i].digit, 0 };
						int64_t plan = round_up_100zl(parts[i] * 105 / 100);
						if (plan == 0)
							continue;
						used[p][i] += plan;
						line(lines, YEAR0 + y, pj->dzial, pj->rozdzial, pg, pj->src[i].source, pj->code, sv->code,
							plan, sv->name, t);
					}
					for (int k = 0; k < 12; k++) {
						int mi = y * 12 + k;
						if (!c->month[mi])
							continue;
						split(p, c->month[mi], parts);
						for (int i = 0; i < pj->nsrc; i++) {
							char pg[5] = { '4', '3', '0', pj->src[i].digit, 0 };
							char doc[40];
							snprintf(doc, sizeof doc, "FV/%04d/%02d/%s/%03d", YEAR0 + y, k + 1, pj->code, s + 1);
							expense(exps, month_end(mi, m->p1), pj->dzial, pj->rozdzial, pg, pj->src[i].source,
								pj->code, sv->code, parts[i], doc, t);
						}
					}
				}
			}
		}
	}
	free(cost);

	/* the rest of each project: its staff and management, by year and source */
	static const struct {
		const char *stem, *note;
		int permille; /* 0: the rest */
		int day;
	} staff[] = {
		{ "401", "Wynagrodzenia personelu projektu", 640, 25 },
		{ "411", "Składki na ubezpieczenia społeczne personelu projektu", 110, 25 },
		{ "421", "Zakup materiałów i wyposażenia", 80, 0 },
		{ "430", "Zakup usług – zarządzanie projektem i promocja", 0, 0 },
	};
	for (int p = 0; p < DM_NPROJECTS; p++) {
		const dm_project *pj = &dm_projects[p];
		int from = dm_parse(pj->from), to = dm_parse(pj->to);
		int months[NYEARS] = { 0 }, allm = 0;
		for (int mi = 0; mi < NMONTHS; mi++) {
			int ms = dm_day(YEAR0 + mi / 12, mi % 12 + 1, 1);
			if (ms >= from - 27 && ms <= to) {
				months[mi / 12]++;
				allm++;
			}
		}
		for (int i = 0; i < pj->nsrc; i++) {
			int64_t rest = pj->src[i].amount - used[p][i];
			if (rest < 0) {
				return cus__error(CUS_ERROR, "demo", NULL,
					"the services of project %s cost more than its budget", pj->code);
			}
			int64_t left = rest;
			int lasty = NYEARS - 1;
			while (lasty > 0 && !months[lasty])
				lasty--;
			for (int y = 0; y < NYEARS; y++) {
				if (!months[y])
					continue;
				int64_t year = y == lasty ? left : rest * months[y] / allm;
				left -= year;
				int64_t yleft = year;
				for (size_t k = 0; k < sizeof staff / sizeof staff[0]; k++) {
					int64_t amt = staff[k].permille ? year * staff[k].permille / 1000 : yleft;
					yleft -= amt;
					if (amt <= 0)
						continue;
					char pg[5];
					snprintf(pg, sizeof pg, "%s%c", staff[k].stem, pj->src[i].digit);
					line(lines, YEAR0 + y, pj->dzial, pj->rozdzial, pg, pj->src[i].source, pj->code, NULL, amt,
						staff[k].note, t);
					/* executed month by month while the project runs (up to the Programme's end) */
					for (int mo = 0; mo < 12; mo++) {
						int mi = y * 12 + mo;
						int ms = dm_day(YEAR0 + y, mo + 1, 1);
						if (mi > last_month || ms < from - 27 || ms > to)
							continue;
						int64_t e = amt / months[y] * dm_int(&r, 900, 1000) / 1000;
						int day = staff[k].day ? dm_day(YEAR0 + y, mo + 1, staff[k].day) : month_end(mi, m->p1);
						if (day > m->p1)
							day = m->p1;
						char doc[40];
						snprintf(doc, sizeof doc, "%s/%04d/%02d/%s", staff[k].day ? "LP" : "FV", YEAR0 + y, mo + 1,
							pj->code);
						expense(exps, day, pj->dzial, pj->rozdzial, pg, pj->src[i].source, pj->code, NULL, e, doc,
							t);
					}
				}
			}
		}
	}

	/* benefits and upkeep, scaled to the size of the demo */
	static const int year_permille[NYEARS] = { 940, 1000, 1090 };
	for (int y = 0; y < NYEARS; y++) {
		for (size_t k = 0; k < NFIXED; k++) {
			int64_t plan = round_up_100zl(fixed[k].zl * 100 * m->persons_target / 2000 * year_permille[y] / 1000);
			if (plan == 0)
				continue;
			line(lines, YEAR0 + y, fixed[k].dzial, fixed[k].rozdzial, fixed[k].paragraf, fixed[k].source, NULL,
				NULL, plan, fixed[k].note, t);
			for (int mo = 0; mo < 12; mo++) {
				int mi = y * 12 + mo;
				if (mi > last_month)
					break;
				int64_t e;
				int day;
				if (fixed[k].day < 0) {
					if (mo + 1 != -fixed[k].day)
						continue;
					e = plan * dm_int(&r, 970, 1000) / 1000;
					day = dm_day(YEAR0 + y, mo + 1, 28);
				} else {
					e = plan / 12 * dm_int(&r, 930, 1010) / 1000;
					day = fixed[k].day ? dm_day(YEAR0 + y, mo + 1, fixed[k].day) : month_end(mi, m->p1);
				}
				if (day > m->p1)
					day = m->p1;
				char doc[40];
				snprintf(doc, sizeof doc, "%s/%04d/%02d/%02zu", fixed[k].paragraf[0] == '3' ? "LW" :
					fixed[k].day > 0 ? "LP" : "FV", YEAR0 + y, mo + 1, k + 1);
				expense(exps, day, fixed[k].dzial, fixed[k].rozdzial, fixed[k].paragraf, fixed[k].source, NULL,
					NULL, e, doc, t);
			}
		}
		/* a corrected invoice at the end of each full year */
		if (y * 12 + 11 <= last_month) {
			int64_t c = -(int64_t)dm_int(&r, 20000, 250000) * m->persons_target / 2000 - 100;
			expense(exps, dm_day(YEAR0 + y, 12, 30), "852", "85219", "4300", "own_tasks", NULL, NULL, c,
				"KOR/FV/korekta", t);
		}
	}
	return 0;
}
