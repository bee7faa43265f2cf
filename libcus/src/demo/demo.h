/* The demonstration centre: the generator's model (internal to src/demo). */
#ifndef CUS_DEMO_DEMO_H
#define CUS_DEMO_DEMO_H

#include <stdint.h>
#include <stdio.h>

#include "cus/cus.h"
#include "util/util.h"

/* ---- random numbers: xoshiro256** seeded through splitmix64 ---- */

typedef struct {
	uint64_t s[4];
} dm_rng;

CUS__HIDDEN void dm_rng_seed(dm_rng *r, uint64_t seed, uint64_t stream);
CUS__HIDDEN uint64_t dm_next(dm_rng *r);
/* lo..hi inclusive */
CUS__HIDDEN int dm_int(dm_rng *r, int lo, int hi);
/* true with probability permille / 1000 */
CUS__HIDDEN int dm_chance(dm_rng *r, int permille);

/* ---- dates as day numbers (days since 1970-01-01) ---- */

CUS__HIDDEN int dm_day(int y, int m, int d);
CUS__HIDDEN void dm_ymd(int day, int *y, int *m, int *d);
/* "YYYY-MM-DD" into out (11 bytes) */
CUS__HIDDEN void dm_date(char out[11], int day);
CUS__HIDDEN int dm_parse(const char *s);
CUS__HIDDEN int dm_add_months(int day, int months);
CUS__HIDDEN int dm_month_last(int y, int m);
CUS__HIDDEN int dm_weekday(int day); /* 0 Monday ... 6 Sunday */
/* completed years on a date (art. 112: the anniversary's beginning) */
CUS__HIDDEN int dm_age(int birth, int on);

/* ---- the model ---- */

enum { DM_H_SENIOR_SINGLE, DM_H_SENIOR_COUPLE, DM_H_FAMILY, DM_H_SINGLE_PARENT, DM_H_ADULT_SINGLE,
	DM_H_ADULT_COUPLE, DM_H_MULTIGEN, DM_H_KINDS };

/* The services the generator knows (the Milanówek policy's codes). */
enum {
	S_FAMILY_CLUB, S_MEDIATION, S_PARENTING, S_CHILD_PSYCHIATRIST, S_CHILD_NEUROLOGIST, S_ADULT_PSYCH,
	S_CHILD_PSYCH, S_CHILD_DIAG, S_CHILD_ADDICTION, S_CHILD_ATTENTION, S_CHILD_AGGRESSION, S_LEGAL,
	S_PREVENTION_CLASSES, S_FAMILY_ASSISTANT, S_BENEFITS, S_HOME_CARE, S_SPECIALIST_MENTAL, S_OPIEKA75,
	S_PSYCHIATRIC, S_ADDICTION, S_CODEPENDENCY, S_EXAMINATIONS, S_CAMPAIGNS, S_DIETARY, S_HOME_PHYSIO,
	S_CLINIC_REHAB, S_NEIGHBOURHOOD, S_TRANSPORT, S_LAUNDRY, S_HAIRDRESSING, S_SENIOR_CLUB, S_TELECARE,
	S_EQUIPMENT, S_DIAG_POINT, S_VOCATIONAL, S_CAREER, S_JOB_COUNSELLING, S_BUDGET_WORKSHOPS,
	S_MOTIVATION, S_RAP_SOCIAL_WORK, S_LOCAL_ACTIVITY, DM_NSERVICES
};

/* How a service is delivered. */
enum { DM_P_WEEKLY, DM_P_VISITS, DM_P_MONTHLY, DM_P_ONCE };

typedef struct {
	const char *code;
	int pattern;
	int lo, hi;             /* weekly: hours per week; visits: occurrences per month */
	int units_lo, units_hi; /* hundredths per occurrence (weekly: ignored) */
	int64_t unit_cost;      /* grosze per unit in 2022 */
	int months_lo, months_hi; /* expected duration */
	int provider;           /* index into dm_providers */
} dm_service_spec;

CUS__HIDDEN extern const dm_service_spec dm_services[DM_NSERVICES];
CUS__HIDDEN extern const char *const dm_providers[];

typedef struct {
	int household;
	int birth;              /* day */
	char sex;
	char pesel[12];
	const char *first, *second, *last;
	int registered;         /* day */
	int disability;         /* 0 none, 1 light, 2 moderate, 3 severe */
	int disability_permanent;
	int mobility;           /* a health record names mobility_limitation */
	unsigned medical;       /* bit per service (S_HOME_PHYSIO, S_CLINIC_REHAB, S_EQUIPMENT) indicated */
	int medical_wrong;      /* the health record names other services only */
	int employment;         /* 0 none, 1 unemployed, 2 employed (recorded for the unemployment services) */
	int employment_since;
	int employment_late;    /* recorded only in the wave after the application's */
	int applicant;          /* has applications */
	int first_app;          /* day of the first application, 0 none */
	int judgment;           /* 1 court, 2 ZUS */
	int member;             /* 0 head, 1 spouse, 2 child, 3 senior parent */
	uint32_t hash;          /* stable per person (funding choice) */
} dm_person;

typedef struct {
	int kind;
	int first, count;       /* persons[first .. first + count) */
	int resident;
	int place;              /* index into the places (0 Milanówek) */
	int street, number, flat;
	int children;           /* minors on 2022-01-01 */
} dm_household;

/* What happens to an application's conditions that a coordinator decides. */
enum { DM_F_NONE, DM_F_CONFIRM, DM_F_CONFIRM_LATE, DM_F_REJECT, DM_F_NEVER_WITHDRAW, DM_F_NEVER_PENDING };

typedef struct {
	int person;
	int service;            /* DM service index */
	int date;
	int wave;
	int carer;              /* person index of the carer (applicant "carer"), or -1 */
	int duration;
	int fate;
	int withdraw;           /* planned withdrawal (resignation) day after a qualification, 0 none */
	int64_t id;
	/* from the library after the waves */
	int status;             /* 1 qualified, 2 refused, 3 submitted, 4 withdrawn */
	int decision;           /* day, 0 none */
	int withdrawn;          /* day, 0 none */
} dm_app;

typedef struct {
	int32_t person, date, units;
	int16_t service, funding; /* funding: index into the service's funding list */
	int64_t cost;
} dm_delivery;

typedef struct {
	int persons_target;
	uint64_t seed;
	int p0, p1;              /* the Programme's period */
	const char *teryt;       /* the policy's municipality */
	/* the policy's services by DM index (NULL when the policy lacks one) */
	const cus_service *svc[DM_NSERVICES];
	dm_person *persons;
	size_t npersons, cap_persons;
	dm_household *households;
	size_t nhouseholds, cap_households;
	dm_app *apps;
	size_t napps, cap_apps;
	dm_delivery *deliveries;
	size_t ndeliveries, cap_deliveries;
	int service_users;
} dm_model;

CUS__HIDDEN int dm_generate(dm_model *m);
CUS__HIDDEN void dm_model_free(dm_model *m);
/* The address, phone, e-mail and financial text of a person (into bufs). */
CUS__HIDDEN void dm_person_address(const dm_model *m, const dm_person *p, char *buf, size_t size);
CUS__HIDDEN const char *dm_place_teryt(int place);
CUS__HIDDEN int dm_wave_end(int wave, int p0, int p1);
CUS__HIDDEN int dm_wave_of(int day, int p0);
CUS__HIDDEN int dm_waves(int p0, int p1);

/* Deliveries for the qualified applications (after the waves and withdrawals). */
CUS__HIDDEN int dm_generate_deliveries(dm_model *m);

/* The funding source code of a delivery. */
CUS__HIDDEN const char *dm_delivery_funding(const dm_model *m, const dm_delivery *d);

/* Write a CSV field, quoted. */
CUS__HIDDEN void dm_csv(FILE *f, const char *s);

#endif
