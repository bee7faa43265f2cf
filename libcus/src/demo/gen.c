/*
 * The demonstration centre: the synthetic population, its households,
 * needs and applications, and the deliveries of the services it was
 * qualified for. Everything here is computed in memory from the seed;
 * demo.c writes it through the public API.
 */
#include <stdlib.h>
#include <string.h>

#include "demo/demo.h"

/* ---- random numbers ---- */

static uint64_t splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

void dm_rng_seed(dm_rng *r, uint64_t seed, uint64_t stream)
{
	uint64_t x = seed ^ (stream * 0xD1B54A32D192ED03ull);
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t dm_next(dm_rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

int dm_int(dm_rng *r, int lo, int hi)
{
	if (hi <= lo)
		return lo;
	uint64_t span = (uint64_t)((int64_t)hi - lo + 1);
	return lo + (int)(dm_next(r) % span);
}

int dm_chance(dm_rng *r, int permille)
{
	return (int)(dm_next(r) % 1000) < permille;
}

/* ---- dates ---- */

int dm_day(int y, int m, int d)
{
	/* days from civil (H. Hinnant) */
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int)doe - 719468;
}

void dm_ymd(int z, int *y, int *m, int *d)
{
	z += 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int yy = (int)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yy + (*m <= 2);
}

void dm_date(char out[11], int day)
{
	int y, m, d;
	dm_ymd(day, &y, &m, &d);
	out[0] = (char)('0' + y / 1000 % 10);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = 0;
}

int dm_parse(const char *s)
{
	int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	return dm_day(y, m, d);
}

static int leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int dm_month_last(int y, int m)
{
	static const int len[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return len[m - 1] + (m == 2 && leap(y));
}

int dm_add_months(int day, int months)
{
	int y, m, d;
	dm_ymd(day, &y, &m, &d);
	int t = y * 12 + (m - 1) + months;
	y = t / 12;
	m = t % 12 + 1;
	int last = dm_month_last(y, m);
	return dm_day(y, m, d > last ? last : d);
}

int dm_weekday(int day)
{
	/* 1970-01-01 was a Thursday (3) */
	int w = (day + 3) % 7;
	return w < 0 ? w + 7 : w;
}

int dm_age(int birth, int on)
{
	int by, bm, bd, y, m, d;
	dm_ymd(birth, &by, &bm, &bd);
	dm_ymd(on, &y, &m, &d);
	/* born on 29 February: the anniversary in a common year is 28 February */
	if (bm == 2 && bd == 29 && !leap(y))
		bd = 28;
	int age = y - by;
	if (m < bm || (m == bm && d < bd))
		age--;
	return age;
}

/* Semi-monthly waves of qualification: wave 2k covers the 1st to the 15th of
 * the k-th month of the Programme, wave 2k + 1 the 16th to its end. */
int dm_wave_of(int day, int p0)
{
	int y0, m0, d0, y, m, d;
	dm_ymd(p0, &y0, &m0, &d0);
	dm_ymd(day, &y, &m, &d);
	int k = (y - y0) * 12 + (m - m0);
	return 2 * k + (d > 15);
}

int dm_wave_end(int wave, int p0, int p1)
{
	int y, m, d;
	dm_ymd(p0, &y, &m, &d);
	int t = y * 12 + (m - 1) + wave / 2;
	y = t / 12;
	m = t % 12 + 1;
	int end = wave % 2 ? dm_day(y, m, dm_month_last(y, m)) : dm_day(y, m, 15);
	return end > p1 ? p1 : end;
}

int dm_waves(int p0, int p1)
{
	return dm_wave_of(p1, p0) + 1;
}

/* ---- the catalogue: how each service is delivered ---- */

const char *const dm_providers[] = {
	"Centrum Usług Społecznych w Milanówku",                         /* 0 */
	"Stowarzyszenie „Wspólnota Milanówek”",                          /* 1 */
	"Fundacja „Razem dla Seniora”",                                  /* 2 */
	"Niepubliczny ZOZ „Medica Milanówek”",                           /* 3 */
	"Gabinet Rehabilitacji „Ruch”",                                  /* 4 */
	"Poradnia Psychologiczno-Terapeutyczna „Most”",                  /* 5 */
	"Punkt nieodpłatnej pomocy prawnej",                             /* 6 */
	"Centrum Teleopieki „Bezpieczny Senior”",                        /* 7 */
	"Ośrodek Szkoleniowy „Kompetencje”",                             /* 8 */
	"Przewozy „Door-to-door” sp. z o.o.",                            /* 9 */
	"Pralnia „Biała Dama”",                                          /* 10 */
	"Salon „Uroda u Ciebie”",                                        /* 11 */
	"Milanowski Klub Seniora",                                       /* 12 */
	"Miejsce Aktywności Lokalnej „Turczynek”",                       /* 13 */
	NULL
};

/* code, pattern, lo, hi, units lo, units hi, cost per unit (gr, 2022),
 * months lo, hi, provider */
const dm_service_spec dm_services[DM_NSERVICES] = {
	[S_FAMILY_CLUB] = { "family_support_club", DM_P_VISITS, 4, 10, 100, 100, 5500, 4, 10, 0 },
	[S_MEDIATION] = { "family_mediation", DM_P_VISITS, 1, 2, 100, 100, 16000, 1, 4, 5 },
	[S_PARENTING] = { "parenting_workshops", DM_P_VISITS, 2, 4, 100, 100, 7000, 2, 3, 5 },
	[S_CHILD_PSYCHIATRIST] = { "child_psychiatrist", DM_P_VISITS, 1, 1, 100, 100, 26000, 2, 6, 3 },
	[S_CHILD_NEUROLOGIST] = { "child_neurologist", DM_P_VISITS, 1, 1, 100, 100, 22000, 1, 3, 3 },
	[S_ADULT_PSYCH] = { "adult_psychological_counselling", DM_P_VISITS, 2, 4, 100, 100, 15000, 2, 6, 5 },
	[S_CHILD_PSYCH] = { "child_psychological_counselling", DM_P_VISITS, 2, 4, 100, 100, 15000, 3, 8, 5 },
	[S_CHILD_DIAG] = { "child_diagnostic_point", DM_P_VISITS, 1, 1, 100, 100, 12000, 1, 2, 3 },
	[S_CHILD_ADDICTION] = { "child_addiction_therapy", DM_P_VISITS, 2, 4, 100, 100, 16000, 3, 8, 5 },
	[S_CHILD_ATTENTION] = { "child_attention_training", DM_P_VISITS, 2, 4, 100, 100, 12000, 3, 6, 5 },
	[S_CHILD_AGGRESSION] = { "child_aggression_replacement", DM_P_VISITS, 2, 4, 100, 100, 12000, 3, 6, 5 },
	[S_LEGAL] = { "legal_counselling", DM_P_VISITS, 1, 1, 100, 200, 12000, 1, 2, 6 },
	[S_PREVENTION_CLASSES] = { "prevention_classes", DM_P_VISITS, 2, 4, 100, 200, 3000, 3, 9, 1 },
	[S_FAMILY_ASSISTANT] = { "family_assistant", DM_P_WEEKLY, 3, 8, 0, 0, 5600, 6, 12, 0 },
	[S_BENEFITS] = { "benefits_social_work", DM_P_MONTHLY, 1, 1, 100, 100, 0, 3, 12, 0 },
	[S_HOME_CARE] = { "home_care", DM_P_WEEKLY, 5, 14, 0, 0, 3600, 6, 12, 2 },
	[S_SPECIALIST_MENTAL] = { "specialist_care_mental", DM_P_WEEKLY, 3, 8, 0, 0, 6200, 6, 12, 5 },
	[S_OPIEKA75] = { "opieka_75", DM_P_WEEKLY, 4, 10, 0, 0, 3600, 6, 12, 2 },
	[S_PSYCHIATRIC] = { "psychiatric_consultations", DM_P_VISITS, 1, 1, 100, 100, 26000, 2, 6, 3 },
	[S_ADDICTION] = { "addiction_consultations", DM_P_VISITS, 2, 4, 100, 100, 12000, 3, 6, 5 },
	[S_CODEPENDENCY] = { "codependency_support_group", DM_P_VISITS, 2, 4, 100, 200, 5000, 3, 9, 5 },
	[S_EXAMINATIONS] = { "preventive_examinations", DM_P_ONCE, 1, 1, 100, 300, 18000, 0, 1, 3 },
	[S_CAMPAIGNS] = { "prevention_campaigns", DM_P_ONCE, 1, 1, 100, 100, 4000, 0, 1, 0 },
	[S_DIETARY] = { "dietary_counselling", DM_P_VISITS, 1, 2, 100, 100, 12000, 2, 4, 3 },
	[S_HOME_PHYSIO] = { "home_physiotherapy", DM_P_VISITS, 4, 8, 100, 100, 13000, 3, 6, 4 },
	[S_CLINIC_REHAB] = { "clinic_rehabilitation", DM_P_VISITS, 6, 10, 100, 100, 9000, 2, 4, 4 },
	[S_NEIGHBOURHOOD] = { "neighbourhood_care", DM_P_WEEKLY, 4, 10, 0, 0, 3200, 6, 12, 2 },
	[S_TRANSPORT] = { "transport", DM_P_VISITS, 1, 4, 100, 100, 7000, 3, 12, 9 },
	[S_LAUNDRY] = { "laundry", DM_P_VISITS, 2, 4, 100, 100, 3500, 6, 12, 10 },
	[S_HAIRDRESSING] = { "home_hairdressing", DM_P_VISITS, 1, 1, 100, 100, 8000, 3, 12, 11 },
	[S_SENIOR_CLUB] = { "senior_club", DM_P_VISITS, 4, 10, 100, 100, 5200, 6, 24, 12 },
	[S_TELECARE] = { "telecare", DM_P_MONTHLY, 1, 1, 100, 100, 6500, 6, 24, 7 },
	[S_EQUIPMENT] = { "equipment_loan", DM_P_MONTHLY, 1, 1, 100, 200, 4500, 3, 12, 4 },
	[S_DIAG_POINT] = { "diagnostic_point", DM_P_VISITS, 1, 1, 100, 100, 12000, 1, 3, 3 },
	[S_VOCATIONAL] = { "vocational_courses", DM_P_ONCE, 1, 1, 100, 100, 380000, 0, 2, 8 },
	[S_CAREER] = { "career_guidance", DM_P_VISITS, 1, 3, 100, 200, 12000, 2, 4, 8 },
	[S_JOB_COUNSELLING] = { "job_counselling", DM_P_VISITS, 1, 3, 100, 200, 10000, 2, 4, 8 },
	[S_BUDGET_WORKSHOPS] = { "budget_workshops", DM_P_VISITS, 1, 2, 100, 100, 6000, 2, 3, 8 },
	[S_MOTIVATION] = { "motivation_workshops", DM_P_VISITS, 1, 2, 100, 100, 6000, 2, 3, 8 },
	[S_RAP_SOCIAL_WORK] = { "rap_social_work", DM_P_MONTHLY, 1, 1, 100, 100, 24000, 6, 12, 0 },
	[S_LOCAL_ACTIVITY] = { "local_activity_centre", DM_P_VISITS, 2, 8, 100, 100, 2500, 3, 12, 13 },
};

/* ---- names and places ---- */

static const char *const female_old[] = { "Halina", "Krystyna", "Danuta", "Teresa", "Irena", "Barbara", "Janina",
	"Zofia", "Stanisława", "Jadwiga", "Elżbieta", "Maria", "Wanda", "Henryka", "Genowefa", "Czesława", "Bożena",
	"Grażyna", "Jolanta", "Urszula", "Alicja", "Lucyna" };
static const char *const female_mid[] = { "Anna", "Katarzyna", "Małgorzata", "Agnieszka", "Joanna", "Magdalena",
	"Monika", "Ewa", "Beata", "Aleksandra", "Marta", "Dorota", "Justyna", "Karolina", "Paulina", "Natalia", "Iwona",
	"Sylwia", "Żaneta", "Łucja" };
static const char *const female_young[] = { "Zuzanna", "Julia", "Maja", "Zofia", "Hanna", "Lena", "Alicja",
	"Oliwia", "Amelia", "Laura", "Pola", "Łucja", "Wiktoria", "Liliana", "Antonina", "Gabriela", "Marcelina" };
static const char *const male_old[] = { "Stanisław", "Józef", "Tadeusz", "Jerzy", "Zbigniew", "Ryszard", "Kazimierz",
	"Henryk", "Zdzisław", "Władysław", "Czesław", "Bogdan", "Wiesław", "Leszek", "Edward", "Mieczysław", "Bolesław" };
static const char *const male_mid[] = { "Piotr", "Krzysztof", "Tomasz", "Paweł", "Michał", "Marcin", "Grzegorz",
	"Łukasz", "Adam", "Marek", "Rafał", "Dariusz", "Jacek", "Mariusz", "Sławomir", "Wojciech", "Przemysław",
	"Bartłomiej" };
static const char *const male_young[] = { "Antoni", "Jan", "Aleksander", "Franciszek", "Szymon", "Filip", "Jakub",
	"Mikołaj", "Stanisław", "Wojciech", "Kacper", "Leon", "Ignacy", "Tymon", "Maciej", "Józef", "Oskar" };

static const char *const surnames[][2] = {
	{ "Nowak", "Nowak" }, { "Kowalski", "Kowalska" }, { "Wiśniewski", "Wiśniewska" }, { "Wójcik", "Wójcik" },
	{ "Kowalczyk", "Kowalczyk" }, { "Kamiński", "Kamińska" }, { "Lewandowski", "Lewandowska" },
	{ "Zieliński", "Zielińska" }, { "Szymański", "Szymańska" }, { "Woźniak", "Woźniak" },
	{ "Dąbrowski", "Dąbrowska" }, { "Kozłowski", "Kozłowska" }, { "Jankowski", "Jankowska" }, { "Mazur", "Mazur" },
	{ "Wojciechowski", "Wojciechowska" }, { "Kwiatkowski", "Kwiatkowska" }, { "Krawczyk", "Krawczyk" },
	{ "Kaczmarek", "Kaczmarek" }, { "Piotrowski", "Piotrowska" }, { "Grabowski", "Grabowska" },
	{ "Zając", "Zając" }, { "Pawłowski", "Pawłowska" }, { "Michalski", "Michalska" }, { "Król", "Król" },
	{ "Wieczorek", "Wieczorek" }, { "Jabłoński", "Jabłońska" }, { "Wróbel", "Wróbel" },
	{ "Nowakowski", "Nowakowska" }, { "Majewski", "Majewska" }, { "Olszewski", "Olszewska" },
	{ "Stępień", "Stępień" }, { "Malinowski", "Malinowska" }, { "Jaworski", "Jaworska" },
	{ "Adamczyk", "Adamczyk" }, { "Dudek", "Dudek" }, { "Nowicki", "Nowicka" }, { "Pawlak", "Pawlak" },
	{ "Górski", "Górska" }, { "Witkowski", "Witkowska" }, { "Walczak", "Walczak" }, { "Sikora", "Sikora" },
	{ "Baran", "Baran" }, { "Rutkowski", "Rutkowska" }, { "Michalak", "Michalak" }, { "Szewczyk", "Szewczyk" },
	{ "Ostrowski", "Ostrowska" }, { "Tomaszewski", "Tomaszewska" }, { "Pietrzak", "Pietrzak" },
	{ "Zalewski", "Zalewska" }, { "Wróblewski", "Wróblewska" }, { "Jasiński", "Jasińska" },
	{ "Marciniak", "Marciniak" }, { "Bąk", "Bąk" }, { "Zawadzki", "Zawadzka" }, { "Sadowski", "Sadowska" },
	{ "Jakubowski", "Jakubowska" }, { "Duda", "Duda" }, { "Włodarczyk", "Włodarczyk" },
	{ "Chmielewski", "Chmielewska" }, { "Borkowski", "Borkowska" }, { "Sokołowski", "Sokołowska" },
	{ "Szczepański", "Szczepańska" }, { "Sawicki", "Sawicka" }, { "Lis", "Lis" }, { "Kucharski", "Kucharska" },
	{ "Kalinowski", "Kalinowska" }, { "Wysocki", "Wysocka" }, { "Mazurek", "Mazurek" }, { "Kubiak", "Kubiak" },
	{ "Kołodziej", "Kołodziej" }, { "Czarnecki", "Czarnecka" }, { "Sobczak", "Sobczak" },
	{ "Konieczny", "Konieczna" }, { "Urbański", "Urbańska" }, { "Głowacki", "Głowacka" }, { "Żak", "Żak" },
	{ "Ślusarczyk", "Ślusarczyk" }, { "Łukasiewicz", "Łukasiewicz" }, { "Źródlewski", "Źródlewska" },
	{ "Śliwiński", "Śliwińska" }, { "Łęcki", "Łęcka" }, { "Żmuda", "Żmuda" }, { "Ćwikliński", "Ćwiklińska" },
	{ "Brzęczyszczykiewicz", "Brzęczyszczykiewicz" }, { "Gołębiowski", "Gołębiowska" }, { "Ożóg", "Ożóg" },
};
#define NSURNAMES (sizeof surnames / sizeof surnames[0])

static const char *const streets[] = { "Kościuszki", "Królewska", "Warszawska", "Spacerowa", "Wojska Polskiego",
	"Piasta", "Brzozowa", "Literacka", "Grudowska", "Mickiewicza", "Okólna", "Smoleńskiego", "Dębowa", "Wylot",
	"Zielona", "Szkolna", "Fiderkiewicza", "Podwiejska", "Krakowska", "Brwinowska", "Kazimierzowska", "Łąkowa",
	"Żółwińska", "Średnia", "Sportowa", "Chrzanowska", "Ludna", "Cicha", "Parkowa", "Jasna" };
#define NSTREETS (sizeof streets / sizeof streets[0])

static const struct {
	const char *teryt, *postcode, *town;
	const char *const *streets;
	size_t nstreets;
} places[] = {
	{ NULL, "05-822", "Milanówek", streets, NSTREETS },
	{ "1405033", "05-825", "Grodzisk Mazowiecki", streets + 2, 6 },
	{ "1405021", "05-807", "Podkowa Leśna", streets + 10, 5 },
};

const char *dm_place_teryt(int place)
{
	return places[place].teryt;
}

void dm_person_address(const dm_model *m, const dm_person *p, char *buf, size_t size)
{
	const dm_household *h = &m->households[p->household];
	const char *street = places[h->place].streets[h->street % places[h->place].nstreets];
	if (h->flat)
		snprintf(buf, size, "ul. %s %d m. %d, %s %s", street, h->number, h->flat, places[h->place].postcode,
			places[h->place].town);
	else
		snprintf(buf, size, "ul. %s %d, %s %s", street, h->number, places[h->place].postcode,
			places[h->place].town);
}

#define PICK(r, arr) ((arr)[dm_int((r), 0, (int)(sizeof(arr) / sizeof((arr)[0])) - 1)])

static const char *first_name(dm_rng *r, char sex, int birth)
{
	int y, mo, d;
	dm_ymd(birth, &y, &mo, &d);
	if (sex == 'F')
		return y < 1962 ? PICK(r, female_old) : y < 2004 ? PICK(r, female_mid) : PICK(r, female_young);
	return y < 1962 ? PICK(r, male_old) : y < 2004 ? PICK(r, male_mid) : PICK(r, male_young);
}

/* ---- growing arrays ---- */

static int grow(void **arr, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return 0;
	size_t n = *cap ? *cap * 2 : 256;
	while (n < need)
		n *= 2;
	void *p = realloc(*arr, n * elem);
	if (!p)
		return cus__error(CUS_ENOMEM, "demo", NULL, "out of memory");
	memset((char *)p + *cap * elem, 0, (n - *cap) * elem);
	*arr = p;
	*cap = n;
	return 0;
}

/* ---- PESEL serials: unique per birth date and sex ---- */

typedef struct {
	int *next;     /* per (day - base) * 2 + sex */
	int base, span;
} serials;

static int pesel_for(serials *sr, dm_rng *r, dm_person *p)
{
	int i = (p->birth - sr->base) * 2 + (p->sex == 'M');
	if (i < 0 || i >= sr->span * 2)
		return cus__error(CUS_ERROR, "demo", NULL, "birth date out of the generator's range");
	if (sr->next[i] == 0)
		sr->next[i] = 1 + dm_int(r, 0, 1500);
	int serial = sr->next[i]++;
	if (serial > cus_pesel_serial_max())
		return cus__error(CUS_ERROR, "demo", NULL, "too many persons born on one day");
	char date[11];
	dm_date(date, p->birth);
	return cus_pesel_make(p->pesel, date, p->sex, serial);
}

/* ---- persons and households ---- */

static int add_person(dm_model *m, dm_rng *r, serials *sr, int hh, int member, char sex, int birth,
	const char *const *surname)
{
	if (grow((void **)&m->persons, &m->cap_persons, m->npersons + 1, sizeof *m->persons))
		return -1;
	dm_person *p = &m->persons[m->npersons];
	memset(p, 0, sizeof *p);
	p->household = hh;
	p->member = member;
	p->sex = sex;
	p->birth = birth;
	p->first = first_name(r, sex, birth);
	if (dm_chance(r, 350)) {
		p->second = first_name(r, sex, birth);
		if (strcmp(p->second, p->first) == 0)
			p->second = NULL;
	}
	p->last = surname[sex == 'F'];
	p->hash = (uint32_t)dm_next(r);
	if (pesel_for(sr, r, p))
		return -1;
	m->npersons++;
	return (int)m->npersons - 1;
}

static int birth_at_age(dm_rng *r, int ref, int age_lo, int age_hi)
{
	int age = dm_int(r, age_lo, age_hi);
	return ref - age * 365 - dm_int(r, 0, 364) - age / 4;
}

/* ---- what a person may apply for ---- */

typedef struct {
	int service;
	int weight;
} pool_item;

static int minor_child_on(const dm_model *m, const dm_person *p, int day)
{
	if (p->member > 1)
		return 0;
	const dm_household *h = &m->households[p->household];
	if (h->kind != DM_H_FAMILY && h->kind != DM_H_SINGLE_PARENT)
		return 0;
	for (int i = h->first; i < h->first + h->count; i++) {
		const dm_person *c = &m->persons[i];
		if (c->member == 2 && c->birth <= day && dm_age(c->birth, day) < 18)
			return 1;
	}
	return 0;
}

static size_t pool_for(const dm_model *m, const dm_person *p, int day, pool_item *pool)
{
	size_t n = 0;
#define ADD(s, w) do { if ((w) > 0 && m->svc[(s)]) { pool[n].service = (s); pool[n].weight = (w); n++; } } while (0)
	int age = dm_age(p->birth, day);
	const dm_household *h = &m->households[p->household];
	int single = h->count == 1;
	int minors = minor_child_on(m, p, day);
	int dis = p->disability;
	if (age >= 60) {
		ADD(S_SENIOR_CLUB, 30);
		ADD(S_TELECARE, 10 + (age >= 75 ? 8 : 0) + (single ? 6 : 0));
		ADD(S_HOME_CARE, (dis >= 2 || age >= 80) ? 10 : 0);
		ADD(S_OPIEKA75, age >= 75 ? 6 : 0);
		ADD(S_NEIGHBOURHOOD, (dis >= 2 || age >= 78) ? 8 : 0);
		ADD(S_TRANSPORT, (dis >= 2 || p->mobility) ? 6 : 0);
		ADD(S_LAUNDRY, (dis == 3 || age >= 85) ? 3 : 0);
		ADD(S_HAIRDRESSING, (p->mobility || dis >= 2) ? 4 : 0);
		ADD(S_HOME_PHYSIO, (p->medical & (1u << 0)) ? 12 : 0);
		ADD(S_CLINIC_REHAB, (p->medical & (1u << 1)) ? 12 : 0);
		ADD(S_EQUIPMENT, (p->medical & (1u << 2)) ? 10 : 0);
		ADD(S_EXAMINATIONS, 12);
		ADD(S_CAMPAIGNS, 8);
		ADD(S_DIAG_POINT, 9);
		ADD(S_DIETARY, 4);
		ADD(S_LOCAL_ACTIVITY, 5);
		ADD(S_PSYCHIATRIC, 2);
		ADD(S_LEGAL, 3);
		ADD(S_BENEFITS, 3);
		ADD(S_SPECIALIST_MENTAL, 1);
		ADD(S_ADULT_PSYCH, 2);
	} else if (minors) {
		int sp = h->kind == DM_H_SINGLE_PARENT;
		ADD(S_CHILD_PSYCH, 12);
		ADD(S_CHILD_DIAG, 12);
		ADD(S_CHILD_PSYCHIATRIST, 6);
		ADD(S_CHILD_NEUROLOGIST, 5);
		ADD(S_CHILD_ATTENTION, 6);
		ADD(S_CHILD_AGGRESSION, 3);
		ADD(S_CHILD_ADDICTION, 1);
		ADD(S_PARENTING, 8);
		ADD(S_FAMILY_CLUB, 8);
		ADD(S_MEDIATION, 4);
		ADD(S_FAMILY_ASSISTANT, sp ? 6 : 2);
		ADD(S_PREVENTION_CLASSES, 5);
		ADD(S_ADULT_PSYCH, 5);
		ADD(S_LEGAL, 4);
		ADD(S_EXAMINATIONS, 4);
		ADD(S_CAMPAIGNS, 6);
		ADD(S_LOCAL_ACTIVITY, 4);
		ADD(S_BENEFITS, sp ? 5 : 1);
		ADD(S_DIETARY, 3);
		if (p->employment) {
			ADD(S_VOCATIONAL, 6);
			ADD(S_CAREER, 6);
			ADD(S_JOB_COUNSELLING, 5);
			ADD(S_MOTIVATION, 4);
			ADD(S_BUDGET_WORKSHOPS, 3);
			ADD(S_RAP_SOCIAL_WORK, 3);
		}
	} else if (age >= 18) {
		if (p->employment) {
			ADD(S_VOCATIONAL, 12);
			ADD(S_CAREER, 12);
			ADD(S_JOB_COUNSELLING, 10);
			ADD(S_BUDGET_WORKSHOPS, 6);
			ADD(S_MOTIVATION, 9);
			ADD(S_RAP_SOCIAL_WORK, 7);
		}
		ADD(S_ADULT_PSYCH, 8);
		ADD(S_LEGAL, 6);
		ADD(S_ADDICTION, 5);
		ADD(S_CODEPENDENCY, 4);
		ADD(S_PSYCHIATRIC, 5);
		ADD(S_SPECIALIST_MENTAL, 2);
		ADD(S_BENEFITS, 6);
		ADD(S_EXAMINATIONS, 7);
		ADD(S_CAMPAIGNS, 10);
		ADD(S_DIAG_POINT, 5);
		ADD(S_LOCAL_ACTIVITY, 6);
		ADD(S_DIETARY, 4);
		ADD(S_CLINIC_REHAB, (p->medical & (1u << 1)) ? 10 : 0);
		ADD(S_EQUIPMENT, (p->medical & (1u << 2)) ? 6 : 0);
		ADD(S_TRANSPORT, dis >= 2 ? 4 : 0);
		/* the senior club from 55; a few younger ones apply anyway (refused) */
		ADD(S_SENIOR_CLUB, age >= 55 ? 10 : age >= 50 ? 1 : 0);
	}
#undef ADD
	return n;
}

static int draw(dm_rng *r, const pool_item *pool, size_t n, const int *taken, int ntaken)
{
	int total = 0;
	for (size_t i = 0; i < n; i++) {
		int used = 0;
		for (int k = 0; k < ntaken; k++)
			used |= taken[k] == pool[i].service;
		if (!used)
			total += pool[i].weight;
	}
	if (total == 0)
		return -1;
	int x = dm_int(r, 0, total - 1);
	for (size_t i = 0; i < n; i++) {
		int used = 0;
		for (int k = 0; k < ntaken; k++)
			used |= taken[k] == pool[i].service;
		if (used)
			continue;
		if (x < pool[i].weight)
			return pool[i].service;
		x -= pool[i].weight;
	}
	return -1;
}

/* Does the service have a condition the coordinator decides for this person? */
static int coordinator_decides(const dm_model *m, const dm_person *p, int service)
{
	const cus_service *s = m->svc[service];
	for (size_t i = 0; i < s->nconditions; i++) {
		const char *k = s->conditions[i].kind;
		if (strcmp(k, "manual") == 0)
			return 1;
		if (strcmp(k, "mobility_limitation") == 0 && !p->mobility && p->disability >= 2)
			return 1;
	}
	return 0;
}

static int add_app(dm_model *m, dm_rng *r, int person, int service, int date, int carer)
{
	if (grow((void **)&m->apps, &m->cap_apps, m->napps + 1, sizeof *m->apps))
		return -1;
	dm_app *a = &m->apps[m->napps++];
	memset(a, 0, sizeof *a);
	const dm_service_spec *sp = &dm_services[service];
	a->person = person;
	a->service = service;
	a->date = date;
	a->wave = dm_wave_of(date, m->p0);
	a->carer = carer;
	a->duration = dm_int(r, sp->months_lo, sp->months_hi);
	if (coordinator_decides(m, &m->persons[person], service)) {
		int x = dm_int(r, 0, 999);
		a->fate = x < 840 ? DM_F_CONFIRM : x < 910 ? DM_F_CONFIRM_LATE : x < 950 ? DM_F_REJECT
			: x < 985 ? DM_F_NEVER_WITHDRAW : DM_F_NEVER_PENDING;
	}
	if (a->fate == DM_F_NEVER_WITHDRAW) {
		a->withdraw = date + dm_int(r, 20, 75);
		if (a->withdraw > m->p1)
			a->withdraw = m->p1;
	} else if (a->duration >= 3 && dm_chance(r, 60)) {
		/* resigns during the services (if qualified) */
		a->withdraw = date + dm_int(r, 45, a->duration * 30);
		if (a->withdraw > m->p1)
			a->withdraw = 0;
	}
	return 0;
}

/* A person's needs (records, employment) before their applications. */
static void needs(dm_model *m, dm_rng *r, dm_person *p, int ref)
{
	int age = dm_age(p->birth, ref);
	const dm_household *h = &m->households[p->household];
	if (p->member == 2)
		return; /* children: no records of their own */
	int dis_permille = age >= 75 ? 450 : age >= 60 ? 300 : 90;
	if (dm_chance(r, dis_permille)) {
		int x = dm_int(r, 0, 99);
		p->disability = x < 30 ? 1 : x < 75 ? 2 : 3;
		p->disability_permanent = dm_chance(r, 400);
		if (p->disability >= 2 && dm_chance(r, 550))
			p->mobility = 1;
	}
	if (age >= 60) {
		if (dm_chance(r, 420)) {
			if ((p->mobility || p->disability >= 2) && dm_chance(r, 750))
				p->medical |= 1u << 0;
			if (dm_chance(r, 700))
				p->medical |= 1u << 1;
			if (dm_chance(r, 400))
				p->medical |= 1u << 2;
		}
	} else if (p->disability) {
		if (dm_chance(r, 600))
			p->medical |= 1u << 1;
		if (dm_chance(r, 300))
			p->medical |= 1u << 2;
	} else if (dm_chance(r, 60)) {
		p->medical |= 1u << 1;
	}
	if (p->medical && dm_chance(r, 70))
		p->medical_wrong = 1;
	if (age >= 18 && age < 65) {
		int permille = (h->kind == DM_H_ADULT_SINGLE) ? 480 : (h->kind == DM_H_SINGLE_PARENT) ? 320 : 180;
		if (dm_chance(r, permille)) {
			p->employment = dm_chance(r, 120) ? 2 : 1;
			p->employment_late = dm_chance(r, 60);
		}
	}
}

/* The applications of an applicant. */
static int apply(dm_model *m, dm_rng *r, int idx, int carer)
{
	dm_person *p = &m->persons[idx];
	int first;
	if (dm_chance(r, 280))
		first = m->p0 + dm_int(r, 0, 91);          /* clients of the former OPS, moved in */
	else
		first = m->p0 + dm_int(r, 0, m->p1 - m->p0 - 45);
	int napps = 1 + dm_chance(r, 450) + dm_chance(r, 180);
	pool_item pool[DM_NSERVICES];
	int taken[4], ntaken = 0;
	for (int k = 0; k < napps; k++) {
		int date = k == 0 ? first : first + dm_int(r, 0, 400);
		if (date > m->p1 - 15)
			date = m->p1 - 15 - dm_int(r, 0, 30);
		if (date < first)
			date = first;
		size_t n = pool_for(m, p, date, pool);
		int s = draw(r, pool, n, taken, ntaken);
		if (s < 0)
			break;
		taken[ntaken++] = s;
		if (add_app(m, r, idx, s, date, carer))
			return -1;
	}
	if (ntaken == 0)
		return 0;
	p->applicant = 1;
	p->first_app = first;
	for (size_t i = 0; i < m->napps; i++)
		if (m->apps[m->napps - 1 - i].person != idx)
			break;
		else if (m->apps[m->napps - 1 - i].date < p->first_app)
			p->first_app = m->apps[m->napps - 1 - i].date;
	if (p->employment)
		p->employment_since = p->first_app - dm_int(r, 30, 700);
	if (dm_chance(r, 300))
		p->registered = dm_day(2015, 1, 1) + dm_int(r, 0, p->first_app - dm_day(2015, 1, 1) - 30);
	else
		p->registered = p->first_app - dm_int(r, 0, 30);
	m->service_users++;
	return 1;
}

static int make_household(dm_model *m, dm_rng *r, serials *sr, int ref)
{
	static const int weights[DM_H_KINDS] = { 24, 14, 26, 9, 17, 5, 5 };
	int x = dm_int(r, 0, 99), kind = 0;
	while (x >= weights[kind]) {
		x -= weights[kind];
		kind++;
	}
	if (grow((void **)&m->households, &m->cap_households, m->nhouseholds + 1, sizeof *m->households))
		return -1;
	int hh = (int)m->nhouseholds++;
	dm_household *h = &m->households[hh];
	memset(h, 0, sizeof *h);
	h->kind = kind;
	h->first = (int)m->npersons;
	int y = dm_int(r, 0, 999);
	h->place = y < 970 ? 0 : y < 985 ? 1 : 2;
	h->resident = h->place == 0;
	h->street = dm_int(r, 0, 1000);
	h->number = dm_int(r, 1, 80);
	h->flat = dm_chance(r, 350) ? dm_int(r, 1, 40) : 0;
	const char *const *sn = surnames[dm_int(r, 0, NSURNAMES - 1)];
	int a = -1, b = -1, c;
	switch (kind) {
	case DM_H_SENIOR_SINGLE:
		a = add_person(m, r, sr, hh, 0, dm_chance(r, 720) ? 'F' : 'M', birth_at_age(r, ref, 62, 95), sn);
		break;
	case DM_H_SENIOR_COUPLE: {
		int hb = birth_at_age(r, ref, 64, 92);
		a = add_person(m, r, sr, hh, 0, 'M', hb, sn);
		int wb = hb + dm_int(r, 0, 6 * 365);
		if (dm_age(wb, ref) < 60)
			wb = birth_at_age(r, ref, 60, 62);
		b = add_person(m, r, sr, hh, 1, 'F', wb, sn);
		break;
	}
	case DM_H_FAMILY:
	case DM_H_SINGLE_PARENT: {
		int single = kind == DM_H_SINGLE_PARENT;
		char ps = single ? (dm_chance(r, 820) ? 'F' : 'M') : 'F';
		int mb = birth_at_age(r, ref, single ? 22 : 24, single ? 50 : 48);
		a = add_person(m, r, sr, hh, 0, ps, mb, sn);
		if (!single) {
			int fb = mb - dm_int(r, -2 * 365, 6 * 365);
			b = add_person(m, r, sr, hh, 1, 'M', fb, sn);
		}
		int z = dm_int(r, 0, 99);
		int kids = single ? 1 + (z >= 55) + (z >= 88) : 1 + (z >= 45) + (z >= 83) + (z >= 96);
		int mother_age = dm_age(mb, ref);
		for (int k = 0; k < kids; k++) {
			int max_age = mother_age - 20 < 17 ? mother_age - 20 : 17;
			if (max_age < 0)
				max_age = 0;
			int cb = birth_at_age(r, ref, 0, max_age);
			if (cb > ref - 10)
				cb = ref - 10 - dm_int(r, 0, 200);
			c = add_person(m, r, sr, hh, 2, dm_chance(r, 500) ? 'F' : 'M', cb, sn);
			if (c < 0)
				return -1;
			h->children++;
		}
		break;
	}
	case DM_H_ADULT_SINGLE:
		a = add_person(m, r, sr, hh, 0, dm_chance(r, 480) ? 'F' : 'M', birth_at_age(r, ref, 19, 64), sn);
		break;
	case DM_H_ADULT_COUPLE: {
		int hb = birth_at_age(r, ref, 30, 64);
		a = add_person(m, r, sr, hh, 0, 'M', hb, sn);
		b = add_person(m, r, sr, hh, 1, 'F', hb + dm_int(r, -3 * 365, 6 * 365), sn);
		break;
	}
	case DM_H_MULTIGEN: {
		/* a senior parent (member 3) living with an adult child (head) */
		int cb = birth_at_age(r, ref, 42, 66);
		char cs = dm_chance(r, 550) ? 'F' : 'M';
		a = add_person(m, r, sr, hh, 0, cs, cb, sn);
		int pb = cb - dm_int(r, 20, 36) * 365 - dm_int(r, 0, 364);
		if (dm_age(pb, ref) < 74)
			pb = birth_at_age(r, ref, 74, 80);
		if (dm_age(pb, ref) > 100)
			pb = birth_at_age(r, ref, 90, 98);
		b = add_person(m, r, sr, hh, 3, dm_chance(r, 700) ? 'F' : 'M', pb, sn);
		if (dm_chance(r, 400)) {
			int sb = cb + dm_int(r, -4 * 365, 4 * 365);
			if (add_person(m, r, sr, hh, 1, cs == 'F' ? 'M' : 'F', sb, sn) < 0)
				return -1;
		}
		break;
	}
	}
	if (a < 0 || (b < 0 && (kind == DM_H_SENIOR_COUPLE || kind == DM_H_FAMILY || kind == DM_H_ADULT_COUPLE ||
		kind == DM_H_MULTIGEN)))
		return -1;
	h = &m->households[hh];
	h->count = (int)m->npersons - h->first;

	/* needs, then who applies */
	for (int i = h->first; i < h->first + h->count; i++)
		needs(m, r, &m->persons[i], ref);
	int applied = 0;
	for (int i = h->first; i < h->first + h->count && m->service_users < m->persons_target; i++) {
		dm_person *p = &m->persons[i];
		if (p->member == 2)
			continue;
		int chance;
		switch (kind) {
		case DM_H_SENIOR_COUPLE: chance = p->member == 0 ? 700 : 550; break;
		case DM_H_FAMILY: chance = p->member == 0 ? 900 : 200; break;
		case DM_H_ADULT_COUPLE: chance = p->member == 0 ? 800 : 350; break;
		case DM_H_MULTIGEN: chance = p->member == 3 ? 950 : 250; break;
		default: chance = 1000;
		}
		if (!applied && i == h->first + h->count - 1)
			chance = 1000;
		if (p->member == 1 && kind == DM_H_MULTIGEN)
			chance = 100;
		if (!dm_chance(r, chance))
			continue;
		int carer = -1;
		if (p->member == 3 && (dm_age(p->birth, ref) >= 80 || p->disability == 3) && dm_chance(r, 600))
			carer = h->first; /* the adult child files it as de facto carer */
		int rc = apply(m, r, i, carer);
		if (rc < 0)
			return -1;
		applied += rc;
	}
	/* registration of those who did not apply: with the household */
	int reg = 0;
	for (int i = h->first; i < h->first + h->count; i++)
		if (m->persons[i].applicant && (!reg || m->persons[i].registered < reg))
			reg = m->persons[i].registered;
	if (!reg)
		reg = m->p0 + dm_int(r, 0, m->p1 - m->p0 - 30);
	for (int i = h->first; i < h->first + h->count; i++) {
		dm_person *p = &m->persons[i];
		if (!p->applicant) {
			p->registered = reg;
			p->employment = 0; /* recorded only for applicants */
		}
		if (p->applicant && dm_chance(r, 25) && p->member != 2)
			p->judgment = dm_age(p->birth, ref) >= 60 ? 2 : 1;
	}
	return 0;
}

int dm_generate(dm_model *m)
{
	dm_rng r;
	dm_rng_seed(&r, m->seed, 1);
	m->p0 = dm_day(2021, 8, 1);
	m->p1 = dm_day(2023, 9, 30);
	int ref = dm_day(2022, 1, 1);
	serials sr;
	sr.base = dm_day(1900, 1, 1);
	sr.span = dm_day(2024, 1, 1) - sr.base;
	sr.next = calloc((size_t)sr.span * 2, sizeof *sr.next);
	if (!sr.next)
		return cus__error(CUS_ENOMEM, "demo", NULL, "out of memory");
	int rc = 0;
	int guard = 0;
	while (m->service_users < m->persons_target) {
		if (make_household(m, &r, &sr, ref) < 0) {
			rc = cus_error_last()->code ? cus_error_last()->code : CUS_ERROR;
			break;
		}
		if (++guard > m->persons_target * 20) {
			rc = cus__error(CUS_ERROR, "demo", NULL, "the policy offers too few of the demo's services");
			break;
		}
	}
	free(sr.next);
	return rc;
}

void dm_model_free(dm_model *m)
{
	free(m->persons);
	free(m->households);
	free(m->apps);
	free(m->deliveries);
	memset(m, 0, sizeof *m);
}

/* ---- deliveries ---- */

static int64_t unit_cost(const dm_service_spec *sp, int day)
{
	int y, mo, d;
	dm_ymd(day, &y, &mo, &d);
	int permille = y <= 2021 ? 950 : y == 2022 ? 1000 : 1080;
	return (sp->unit_cost * permille / 1000 + 5) / 10 * 10;
}

static int funding_index(const dm_model *m, int service, const dm_person *p)
{
	const cus_service *s = m->svc[service];
	if (s->nfunding <= 1)
		return 0;
	/* the first source gets this many permille of the persons */
	int first = 500;
	if (strcmp(s->funding[0], "eu_mcus") == 0 && strcmp(s->funding[1], "eu_rus2") == 0)
		first = 450;
	else if (strcmp(s->funding[0], "eu_mcus") == 0)
		first = 700;
	else if (strcmp(s->funding[1], "opieka_75") == 0)
		first = 200;
	int x = (int)(p->hash % 1000);
	if (s->nfunding == 2)
		return x < first ? 0 : 1;
	return (int)(p->hash % s->nfunding);
}

const char *dm_delivery_funding(const dm_model *m, const dm_delivery *d)
{
	return m->svc[d->service]->funding[d->funding];
}

static int emit(dm_model *m, const dm_app *a, int day, int units, int funding)
{
	if (grow((void **)&m->deliveries, &m->cap_deliveries, m->ndeliveries + 1, sizeof *m->deliveries))
		return -1;
	dm_delivery *d = &m->deliveries[m->ndeliveries++];
	const dm_service_spec *sp = &dm_services[a->service];
	d->person = a->person;
	d->date = day;
	d->units = units;
	d->service = (int16_t)a->service;
	d->funding = (int16_t)funding;
	d->cost = ((int64_t)units * unit_cost(sp, day) + 50) / 100;
	return 0;
}

/* A working day near day (Sunday moves to Monday, Saturday to Friday). */
static int workday(int day)
{
	int w = dm_weekday(day);
	return w == 6 ? day + 1 : w == 5 ? day - 1 : day;
}

int dm_generate_deliveries(dm_model *m)
{
	dm_rng r;
	dm_rng_seed(&r, m->seed, 2);
	for (size_t i = 0; i < m->napps; i++) {
		const dm_app *a = &m->apps[i];
		if (!a->decision || (a->status != 1 && a->status != 4))
			continue;
		const dm_service_spec *sp = &dm_services[a->service];
		const dm_person *p = &m->persons[a->person];
		int funding = funding_index(m, a->service, p);
		int start = a->decision + dm_int(&r, 2, 16);
		int months = a->duration > 0 ? a->duration : 1;
		int end = dm_add_months(start, months) - 1;
		if (end > m->p1)
			end = m->p1;
		if (a->withdrawn && a->withdrawn < end)
			end = a->withdrawn;
		if (start > end)
			continue;
		switch (sp->pattern) {
		case DM_P_ONCE:
			if (emit(m, a, start, dm_int(&r, sp->units_lo / 100, sp->units_hi / 100) * 100, funding))
				return -1;
			break;
		case DM_P_MONTHLY:
			for (int k = 0;; k++) {
				int day = dm_add_months(start, k);
				if (day > end)
					break;
				int units = dm_int(&r, sp->units_lo / 100, sp->units_hi / 100) * 100;
				if (emit(m, a, day, units, funding))
					return -1;
				if (a->service == S_BENEFITS) {
					/* a benefit: its amount is the cost (300-900 zł) */
					m->deliveries[m->ndeliveries - 1].cost = (int64_t)dm_int(&r, 30, 90) * 1000;
				}
			}
			break;
		case DM_P_WEEKLY:
			for (int day = start; day <= end; day += 7) {
				int d = workday(day + dm_int(&r, 0, 4));
				if (d < start || d > end)
					continue;
				int units = dm_int(&r, sp->lo * 2, sp->hi * 2) * 50;
				if (emit(m, a, d, units, funding))
					return -1;
			}
			break;
		case DM_P_VISITS: {
			int y, mo, dd;
			dm_ymd(start, &y, &mo, &dd);
			for (int ms = dm_day(y, mo, 1); ms <= end; ms = dm_add_months(ms, 1)) {
				int my, mm, md;
				dm_ymd(ms, &my, &mm, &md);
				int me = dm_day(my, mm, dm_month_last(my, mm));
				int lo = ms < start ? start : ms, hi = me > end ? end : me;
				if (lo > hi)
					continue;
				int n = dm_int(&r, sp->lo, sp->hi);
				/* a part of a month: fewer */
				n = (n * (hi - lo + 1) + 15) / (me - ms + 1);
				if (n < 1 && hi - lo >= 3)
					n = 1;
				for (int k = 0; k < n; k++) {
					int d = workday(lo + dm_int(&r, 0, hi - lo));
					if (d < lo || d > hi)
						d = lo;
					int units = dm_int(&r, sp->units_lo / 50, sp->units_hi / 50) * 50;
					if (emit(m, a, d, units, funding))
						return -1;
				}
			}
			break;
		}
		}
	}
	return 0;
}

void dm_csv(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}
