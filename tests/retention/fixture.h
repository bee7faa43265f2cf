/* The case files of the workflow, disposal and erasure tests (today is after
 * 2024, so files closed in 2012 are due). */
#ifndef CUS_TEST_RETENTION_FIXTURE_H
#define CUS_TEST_RETENTION_FIXTURE_H

#include "common.h"

typedef struct {
	int64_t p1;     /* closed in 2012: application, decision, 2 deliveries, a health record -> destroy */
	int64_t p2;     /* closed in 2012 with an IPUS (BE10) -> appraisal */
	int64_t p3;     /* applied in 2022: B10 until 2033-01-01 */
	int64_t p4, p5; /* a household, both closed in 2012 -> destroy */
	int64_t p6;     /* registered in 2012, an application still awaiting its decision -> open */
	int64_t p7;     /* registered in 2010, nothing else -> B10 ended 2021-01-01 */
	int64_t a1;     /* p1's application */
} rfiles;

extern rfiles F;

void rfiles_setup(void);

/* Can the IOD read the person (0), or the error. */
int rread(int64_t person);

#endif
