/* The policy section `monitoring` (docs/POLICY.md): the working hours and
 * thresholds of the data protection officer's anomaly report, break-glass
 * limits and the purposes an art. 18 restriction does not block. Parsed by
 * the access module (break-glass and restrictions are enforced there); the
 * rights module reads it for the anomaly report. */
#ifndef CUS_ACCESS_MONITORING_H
#define CUS_ACCESS_MONITORING_H

#include "../policy/policy.h"
#include "../policy/yaml.h"

typedef struct {
	int from_minute, to_minute;      /* working hours, minutes after local midnight: [from, to) */
	unsigned days;                   /* working days: bit 0 Monday ... bit 6 Sunday */
	const char *time_zone;           /* IANA name, e.g. "Europe/Warsaw" */
	int bulk_reads_per_hour;         /* more person reads than this by one user in a clock hour: anomaly */
	int denials_per_day;             /* at least this many denials of one user in a day: anomaly */
	int break_glass_minutes;         /* how long a break-glass session lasts */
	int break_glass_min_reason;      /* characters a justification needs (>= 20) */
	const char *const *exempt;       /* purposes a restriction does not block */
	size_t nexempt;
} cus__monitoring;

/* The policy's settings, or the defaults (07:00-18:00 Monday to Friday,
 * Europe/Warsaw, 50 reads an hour, 5 denials a day, 30 minutes, 20
 * characters, exempt: data_subject_request and audit) when the policy has no
 * section `monitoring`. Never NULL. */
CUS__HIDDEN const cus__monitoring *cus__policy_monitoring(const cus__policy *p);

CUS__HIDDEN int cus__monitoring_section(cus__policy *p, const cus__ynode *node, cus__ypath *path, void **data);
CUS__HIDDEN void cus__monitoring_section_free(void *data);

#endif
