/*
 * libcus — records, eligibility, audit and reporting for a municipal
 * Social Services Centre (Centrum Usług Społecznych).
 *
 * The umbrella header: include this one.
 */
#ifndef CUS_CUS_H
#define CUS_CUS_H

#include "common.h"
#include "util.h"
#include "db.h"
#include "access.h"
#include "policy.h"
#include "audit.h"
#include "registry.h"
#include "import.h"
#include "cases.h"
#include "indicators.h"
#include "finance.h"
#include "sdc.h"
#include "rights.h"
#include "demo.h"
#include "report.h"
#include "retention.h"

#endif
