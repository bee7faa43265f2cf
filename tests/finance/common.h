/* Fixtures of the finance suite: a centre with the Milanówek policy, the
 * users who work with its budget, and a small hand-computed data set. */
#ifndef TEST_FINANCE_COMMON_H
#define TEST_FINANCE_COMMON_H

#include <string.h>

#include "finance/finance.h"
#include "helpers.h"

/* A new centre in dir with admin and the users "fin" (finance), "dir"
 * (director), "kipus" (kipus); passphrase "<login> passphrase". */
void fin_centre_make(const char *dir);

/* The projects of the golden data set: QWSP (Q-współPRACY: co-financing
 * 442 025,00 zł + own 110 506,25 zł = 552 531,25 zł, period 2022) and RUS2
 * (Tabela 6: EU 1 565 618,69, state 254 304,67, own 137 100,00). */
void golden_projects(cus_session *s);
/* Its plan lines for 2022 (total 912 531,25 zł) and expenditures (2022:
 * 172 345,68 zł; one on 2021-12-31 and one on 2023-01-01 outside). */
void golden_ledger(cus_session *s);
/* Deliveries (persons A, B, C) for the cost per beneficiary: home_care A
 * 10+5 units, B 8; vocational_courses A 1, C 1; B once in 2021. */
void golden_deliveries(cus_db *db, cus_session *kipus);

int64_t line_add(cus_session *s, int year, const char *cls, const char *source, const char *project,
	const char *service, int64_t amount);
int64_t exp_add(cus_session *s, const char *date, const char *cls, const char *source, const char *project,
	const char *service, int64_t amount);

/* Rows of a table (raw SQL count). */
int64_t table_rows(cus_db *db, const char *table);
void raw_exec(cus_db *db, const char *sql);
/* Write a text file into dir; returns its path (static rotating buffer). */
const char *text_file(const char *dir, const char *name, const char *text);

#define SETUP(login, purpose) \
	char *dir = tmpdir_new(); \
	fin_centre_make(dir); \
	cus_db *db = centre_open_as(dir, login); \
	cus_session *s = session_for(db, purpose)
#define TEARDOWN() do { cus_session_close(s); cus_db_close(db); tmpdir_remove(dir); } while (0)

#endif
