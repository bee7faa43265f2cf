/* The demonstration centre's projects, plan and expenditures (internal). */
#ifndef CUS_DEMO_FIN_H
#define CUS_DEMO_FIN_H

#include "demo/demo.h"

#define DM_NPROJECTS 3

typedef struct {
	const char *code, *name, *programme, *measure, *from, *to;
	const char *dzial, *rozdzial;   /* where the project is booked */
	struct {
		const char *source;
		int64_t amount;             /* grosze */
		char digit;                 /* the paragraph's fourth digit: 7 EU, 8 state, 9 own */
	} src[3];
	int nsrc;
} dm_project;

CUS__HIDDEN extern const dm_project dm_projects[DM_NPROJECTS];

/* The project whose EU source is source, or -1. */
CUS__HIDDEN int dm_project_of_source(const char *source);
CUS__HIDDEN int64_t dm_project_total(int p);

typedef struct {
	int64_t lines, plan, expenditures, spent;
} dm_fin_totals;

/* Keep what a project's services cost within 65 % of its budget (the rest is
 * its staff and management). */
CUS__HIDDEN void dm_scale_project_costs(dm_model *m);

/* Write the plan lines and expenditures as CSV (the finance imports' columns). */
CUS__HIDDEN int dm_write_finance(const dm_model *m, FILE *lines, FILE *exps, dm_fin_totals *t);

#endif
