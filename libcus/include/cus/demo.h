/*
 * libcus — the demonstration centre.
 *
 * cus_demo_create() makes a new centre (cus_db_init) and fills it with a
 * synthetic, realistic population of the size of Milanówek (about 15,400
 * residents, of whom about 2,000 use the centre's services) for the period of
 * the Programme of social services 2021-2023 (1 Aug 2021 - 30 Sep 2023):
 *
 *  - staff accounts of every role of the Milanówek policy (cus_demo_staff());
 *  - households (single seniors, couples, families with children, single
 *    parents, adults living alone, several generations) with their relations;
 *    every person has a valid synthetic PESEL (cus_pesel_make()) and a Polish
 *    name; a few households live outside the municipality;
 *  - special-category records: disability degrees, health indications naming
 *    the services' codes (and "mobility_limitation"), telecare location
 *    records, family situation, and a few art. 10 records (court, ZUS);
 *  - employment statuses for the unemployment services;
 *  - applications chosen to fit each person (the senior club from 55, the
 *    children's services for parents of minors, home services for disabled
 *    and older people, the unemployment services for the unemployed, ...),
 *    qualified month by month with cus_qualify_pending(): manual conditions
 *    confirmed by a coordinator (some a month late, some rejected, some never:
 *    those applications stay pending or are withdrawn), some refusals
 *    (residence, age, employment, medical indication), some withdrawals;
 *  - individual service plans (IPUS) for services of three months or more,
 *    at most one year each, with their reviews and summaries (most on time,
 *    some late, some missing), closed at their end;
 *  - about three years of deliveries (2021-08 to 2023-09) with plausible
 *    volumes per service, costs from unit costs of the period, and the
 *    service's funding source;
 *  - the three EU projects of Tabela 6 with their amounts per source, the
 *    annual financial plan by dział / rozdział / paragraf (benefits, services,
 *    upkeep; own, commissioned and EU funds) and expenditures executing it
 *    (services: what their deliveries cost, month by month).
 *
 * Everything is written through the public API, as the staff would write it
 * (the OUS files applications and records deliveries, the KIPUS records
 * needs, qualifies and keeps the plans, the social worker the art. 10
 * records, the accounts department the budget), so every step is audited.
 * Bulk data goes through the CSV imports from files in a private temporary
 * directory (mode 0700), removed before the call returns.
 *
 * Deterministic: the same seed and number of persons give the same data, so
 * every query (persons, applications, indicators, budget breakdowns) returns
 * the same results; only what is random by design differs (keys, session
 * ids, creation times).
 */
#ifndef CUS_DEMO_H
#define CUS_DEMO_H

#include "common.h"
#include "db.h"
#include "access.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The default number of service users and the default seed. */
#define CUS_DEMO_PERSONS_DEFAULT 2000
#define CUS_DEMO_SEED_DEFAULT 2021u
/** The range of persons accepted. */
#define CUS_DEMO_PERSONS_MIN 10
#define CUS_DEMO_PERSONS_MAX 200000

#define CUS_DEMO_OPTIONS_VERSION 1

typedef struct {
	unsigned int version;       /**< CUS_DEMO_OPTIONS_VERSION */
	/** service users (persons with at least one application); 0: the
	 * default; else CUS_DEMO_PERSONS_MIN to CUS_DEMO_PERSONS_MAX (field
	 * "persons"). Their household members are registered besides. */
	int persons;
	/** the seed of the generator (any value) */
	uint64_t seed;
	/** every staff account's passphrase or key; NULL: the administrator's */
	const cus_key *staff_key;
	/** the policy set (NULL: cus_policy_default_path()); the demo is made for
	 * the Milanówek policy's services, roles and funding sources */
	const char *policy_path;
	/** where the temporary directory is made; NULL: $TMPDIR, else /tmp */
	const char *tmpdir;
	/** options of the new database and of the staff's key slots, or NULL */
	const cus_db_options *db_options;
	/** called at the start of each stage (stage: "staff", "persons",
	 * "records", "applications", "plans", "deliveries", "finance", "audit",
	 * "done"), may be NULL */
	void (*progress)(void *ctx, const char *stage);
	void *progress_ctx;
} cus_demo_options;

#define CUS_DEMO_OPTIONS_INIT { CUS_DEMO_OPTIONS_VERSION, CUS_DEMO_PERSONS_DEFAULT, CUS_DEMO_SEED_DEFAULT, \
	NULL, NULL, NULL, NULL, NULL, NULL }

/** Initialise options to CUS_DEMO_OPTIONS_INIT. @return 0; CUS_EINVAL (field "version") */
CUS_EXTERN(int) cus_demo_options_init(cus_demo_options *o, unsigned int version);

#define CUS_DEMO_SUMMARY_VERSION 1

/** What the demo holds. */
typedef struct {
	unsigned int version;       /**< CUS_DEMO_SUMMARY_VERSION (set by cus_demo_create()) */
	int64_t staff;              /**< staff accounts (besides the administrator) */
	int64_t persons;            /**< registered persons: service users and their household members */
	int64_t residents;          /**< of them living in the municipality (the policy's TERYT) */
	int64_t households;         /**< households (of one person or more) */
	int64_t service_users;      /**< persons with at least one application */
	int64_t records;            /**< special-category and art. 10 records, all categories */
	int64_t records_disability, records_health, records_location, records_family, records_judgment;
	int64_t employment;         /**< employment status entries */
	int64_t applications;       /**< filed */
	int64_t qualified;          /**< status qualified at the end */
	int64_t refused;
	int64_t pending;            /**< still submitted (pending) at the end */
	int64_t withdrawn;          /**< withdrawn (before or after a decision) */
	int64_t confirmations;      /**< conditions confirmed or rejected by a coordinator */
	int64_t plans;              /**< individual service plans */
	int64_t reviews;            /**< reviews and summaries recorded */
	int64_t reviews_late;       /**< of them recorded after their due date */
	int64_t reviews_missing;    /**< due by the end of the Programme and never recorded */
	int64_t deliveries;
	int64_t delivery_cost;      /**< grosze */
	int64_t projects;
	int64_t budget_lines;
	int64_t plan_amount;        /**< the sum of the plan lines, all years, grosze */
	int64_t expenditures;
	int64_t expenditure_amount; /**< grosze */
	int64_t audit_entries;      /**< entries in the audit log at the end */
} cus_demo_summary;

/**
 * Create the demonstration centre at path: a new database and key store
 * (neither may exist) whose administrator is admin with admin_key, the
 * policy loaded as version 1, the staff accounts of cus_demo_staff() with
 * opts->staff_key (or admin_key), and the data described at the top of this
 * file; a signed audit checkpoint is written at the end (PATH.checkpoints).
 * On failure the files made are removed.
 *
 * @param[out] out     the database open as admin, or NULL to close it
 * @param opts         NULL: the defaults
 * @param[out] summary what was made, or NULL
 * @return 0; CUS_EINVAL (field "persons", "admin" — a login that is also a
 *         staff login —, "options"); CUS_EEXISTS; CUS_EIO (the temporary
 *         directory); or the error of the step that failed (its message says
 *         which), e.g. a policy without the Milanówek roles (CUS_EINVAL)
 */
CUS_EXTERN(int) cus_demo_create(cus_db **out, const char *path, const char *admin, const cus_key *admin_key,
	const cus_demo_options *opts, cus_demo_summary *summary);

/**
 * The staff accounts cus_demo_create() makes, i = 0, 1, ...: login, role and
 * display name (static strings; any may be NULL).
 * @return 0; CUS_ITEROVER when i is past the last
 */
CUS_EXTERN(int) cus_demo_staff(size_t i, const char **login, const char **role, const char **name);

#ifdef __cplusplus
}
#endif
#endif
