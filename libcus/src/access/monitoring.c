/* The policy section `monitoring`: see monitoring.h. */
#include <stdlib.h>
#include <string.h>

#include "monitoring.h"
#include "../policy/sections.h"

static const char *const default_exempt[] = { "data_subject_request", "audit" };

static const cus__monitoring defaults = {
	7 * 60, 18 * 60, 0x1f, "Europe/Warsaw", 50, 5, 30, 20, default_exempt, 2,
};

typedef struct {
	cus__monitoring m;
	const char **exempt;
} monitoring_data;

void cus__monitoring_section_free(void *data)
{
	monitoring_data *d = data;
	if (d)
		free(d->exempt);
	free(d);
}

const cus__monitoring *cus__policy_monitoring(const cus__policy *p)
{
	const monitoring_data *d = p ? cus__policy_section_data(p, "monitoring") : NULL;
	return d ? &d->m : &defaults;
}

#define FIELD(key, call) \
	if (!rc) { \
		at = cus__ypath_key(path, key); \
		rc = call; \
		cus__ypath_restore(path, at); \
	}

static int whole(const cus__ypath *path, const cus__ynode *node, int min, int max, int *out)
{
	const char *s;
	int rc = cus__ystring(path, node, 32, &s);
	if (rc)
		return rc;
	long v = 0;
	size_t i = 0;
	for (; s[i] >= '0' && s[i] <= '9' && v <= max; i++)
		v = v * 10 + (s[i] - '0');
	if (i == 0 || s[i] || v < min || v > max)
		return cus__yerror(path, node, "'%.20s' must be a whole number from %d to %d", s, min, max);
	*out = (int)v;
	return 0;
}

/* "HH:MM", 00:00 to 24:00. */
static int clock(const cus__ypath *path, const cus__ynode *node, int *out)
{
	const char *s;
	int rc = cus__ystring(path, node, 16, &s);
	if (rc)
		return rc;
	int ok = strlen(s) == 5 && s[2] == ':';
	for (int i = 0; ok && i < 5; i++)
		ok = i == 2 || (s[i] >= '0' && s[i] <= '9');
	int h = ok ? (s[0] - '0') * 10 + (s[1] - '0') : 0, m = ok ? (s[3] - '0') * 10 + (s[4] - '0') : 0;
	if (!ok || m > 59 || h > 24 || (h == 24 && m))
		return cus__yerror(path, node, "'%.16s' must be a time HH:MM (quote it: \"07:00\")", s);
	*out = h * 60 + m;
	return 0;
}

static int days(cus__ypath *path, const cus__ynode *node, unsigned *out)
{
	static const char *const names[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
	int rc = cus__yseq(path, node, 1);
	if (rc)
		return rc;
	*out = 0;
	size_t i = 0;
	for (const cus__ynode *it = node->first; it; it = it->next, i++) {
		size_t at = cus__ypath_index(path, i);
		const char *s;
		rc = cus__ystring(path, it, 8, &s);
		int d = -1;
		for (int k = 0; !rc && k < 7; k++)
			if (strcmp(s, names[k]) == 0)
				d = k;
		if (!rc && d < 0)
			rc = cus__yerror(path, it, "'%.8s' is not a day (mon, tue, wed, thu, fri, sat, sun)", s);
		if (!rc && (*out & (1u << d)))
			rc = cus__yerror(path, it, "day '%s' is listed twice", s);
		cus__ypath_restore(path, at);
		if (rc)
			return rc;
		*out |= 1u << d;
	}
	return 0;
}

static int hours(cus__ypath *path, const cus__ynode *node, cus__monitoring *m)
{
	enum { FROM, TO, DAYS, NKEYS };
	static const cus__ykey keys[] = {
		{ "from", CUS__YKEY_REQUIRED },
		{ "to", CUS__YKEY_REQUIRED },
		{ "days", CUS__YKEY_OPTIONAL },
		{ NULL, 0 },
	};
	const cus__ynode *v[NKEYS];
	size_t at;
	int rc = cus__ymap(path, node, keys, v);
	FIELD("from", clock(path, v[FROM], &m->from_minute));
	FIELD("to", clock(path, v[TO], &m->to_minute));
	if (!rc && v[DAYS])
		FIELD("days", days(path, v[DAYS], &m->days));
	if (!rc && m->to_minute <= m->from_minute)
		rc = cus__yerror_key(path, "to", v[TO], "the working day must end after it starts");
	return rc;
}

int cus__monitoring_section(cus__policy *p, const cus__ynode *node, cus__ypath *path, void **data)
{
	enum { HOURS, TZ, BULK, DENIALS, BG_MIN, BG_REASON, EXEMPT, NKEYS };
	static const cus__ykey keys[] = {
		{ "working_hours", CUS__YKEY_OPTIONAL },
		{ "time_zone", CUS__YKEY_OPTIONAL },
		{ "bulk_reads_per_hour", CUS__YKEY_OPTIONAL },
		{ "denials_per_day", CUS__YKEY_OPTIONAL },
		{ "break_glass_minutes", CUS__YKEY_OPTIONAL },
		{ "break_glass_min_reason", CUS__YKEY_OPTIONAL },
		{ "restriction_exempt_purposes", CUS__YKEY_OPTIONAL },
		{ NULL, 0 },
	};
	monitoring_data *d = calloc(1, sizeof *d);
	if (!d)
		return cus__error(CUS_ENOMEM, "policy", NULL, "out of memory");
	*data = d;
	d->m = defaults;
	const cus__ynode *v[NKEYS];
	size_t at;
	int rc = cus__ymap(path, node, keys, v);
	if (v[HOURS])
		FIELD("working_hours", hours(path, v[HOURS], &d->m));
	if (v[TZ]) {
		FIELD("time_zone", cus__ystring(path, v[TZ], 64, &d->m.time_zone));
		if (!rc && !strchr(d->m.time_zone, '/') && strcmp(d->m.time_zone, "UTC") != 0)
			rc = cus__yerror_key(path, "time_zone", v[TZ], "must be an IANA time zone such as Europe/Warsaw");
	}
	if (v[BULK])
		FIELD("bulk_reads_per_hour", whole(path, v[BULK], 1, 1000000, &d->m.bulk_reads_per_hour));
	if (v[DENIALS])
		FIELD("denials_per_day", whole(path, v[DENIALS], 1, 100000, &d->m.denials_per_day));
	if (v[BG_MIN])
		FIELD("break_glass_minutes", whole(path, v[BG_MIN], 1, 24 * 60, &d->m.break_glass_minutes));
	if (v[BG_REASON])
		FIELD("break_glass_min_reason", whole(path, v[BG_REASON], 20, 2000, &d->m.break_glass_min_reason));
	if (!rc && v[EXEMPT]) {
		at = cus__ypath_key(path, "restriction_exempt_purposes");
		rc = cus__yseq(path, v[EXEMPT], 0);
		if (!rc) {
			d->exempt = calloc(v[EXEMPT]->count + 1, sizeof *d->exempt);
			if (!d->exempt)
				rc = cus__error(CUS_ENOMEM, "policy", NULL, "out of memory");
		}
		size_t i = 0;
		for (const cus__ynode *it = v[EXEMPT]->first; !rc && it; it = it->next, i++) {
			size_t at2 = cus__ypath_index(path, i);
			rc = cus__ycode(path, it, &d->exempt[i]);
			if (!rc && !cus__policy_has_purpose(p, d->exempt[i]))
				rc = cus__yerror(path, it, "unknown purpose '%s'", d->exempt[i]);
			cus__ypath_restore(path, at2);
		}
		if (!rc) {
			d->m.exempt = d->exempt;
			d->m.nexempt = i;
		}
		cus__ypath_restore(path, at);
	}
	return rc;
}
