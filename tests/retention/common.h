/* The retention suite's centre: the Milanówek policy, an archivist, a
 * director, a coordinator, the IOD, and old case files inserted with SQL. */
#ifndef CUS_TEST_RETENTION_COMMON_H
#define CUS_TEST_RETENTION_COMMON_H

#include "helpers.h"

extern char *rdir;

/* A fresh centre in rdir with users arch (archivist), dir (director), kip
 * (kipus), iod (iod). */
void rcentre_setup(void);
void rcentre_teardown(void);
/* Close the set-up's coordinator handle. */
void rsetup_done(void);

/* A person registered on registered (PESEL from birth and sex, serial n),
 * with names and an address (sealed); returns the id. */
int64_t rperson(const char *birth, char sex, int n, const char *registered);

/* Plain-SQL case data for person (as the engine and the sweep read them). */
int64_t rapplication(int64_t person, const char *service, const char *date, const char *status);
void rdelivery(int64_t person, int64_t application, const char *service, const char *date, int64_t units,
	int64_t cost);
int64_t rplan(int64_t person, const char *service, const char *start, const char *end);
void rhousehold(int64_t a, int64_t b);

/* A session of login for purpose on rdir/c.db (db returned in *db). */
cus_session *ropen(cus_db **db, const char *login, const char *purpose);
void rclose(cus_db *db, cus_session *s);

/* Load the Milanówek policy with one substring replaced, as admin. */
void rpolicy_variant(const char *from, const char *to);

/* Propose (as arch, as of today) to rdir/list.xlsx and approve (as dir). */
int64_t rpropose_approve(void);

/* Copy a file. */
void rcopy(const char *from, const char *to);

#endif
