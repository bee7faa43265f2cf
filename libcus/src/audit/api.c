/* The session-facing audit functions: reading the log and writing a
 * checkpoint on demand, each an audited operation on the "audit" category.
 * (cus_audit_verify needs the master key only, not a session: verify.c.) */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "../access/access.h"
#include "internal.h"

int cus_audit_log(cus_audit_iter **out, cus_session *s, const cus_audit_filter *filter)
{
	if (!out)
		return cus__error(CUS_EINVAL, "audit", NULL, "out is NULL");
	*out = NULL;
	if (!s)
		return cus__error(CUS_EINVAL, "audit", NULL, "no session given");
	/* Bad input is refused before anything is read (and so not audited). */
	int rc = cus__audit_filter_check(filter);
	if (rc)
		return rc;
	char detail[160] = "";
	if (filter) {
		size_t n = 0;
		if (filter->user)
			n += (size_t)snprintf(detail + n, sizeof detail - n, "user %s", filter->user);
		if (filter->from && n < sizeof detail)
			n += (size_t)snprintf(detail + n, sizeof detail - n, "%sfrom %s", n ? ", " : "", filter->from);
		if (filter->to && n < sizeof detail)
			snprintf(detail + n, sizeof detail - n, "%sto %s", n ? ", " : "", filter->to);
	}
	rc = cus__access_begin(s, "audit.read", "audit", filter ? filter->subject : NULL, "audit", CUS_OP_READ,
		detail[0] ? detail : NULL);
	if (rc)
		return rc;
	/* Read everything inside the transaction: cus__access_end commits. */
	cus_audit_iter *it = NULL;
	rc = cus__audit_query(&it, s->db, filter);
	rc = cus__access_end(s, rc);
	if (rc) {
		cus_audit_iter_free(it);
		return rc;
	}
	*out = it;
	return 0;
}

int cus_audit_checkpoint(cus_session *s, const char *checkpoints, int64_t *seq)
{
	if (seq)
		*seq = 0;
	if (!s)
		return cus__error(CUS_EINVAL, "audit", NULL, "no session given");
	if (checkpoints && !*checkpoints)
		return cus__error(CUS_EINVAL, "audit", "checkpoints", "the checkpoint file path is empty");
	int rc = cus__access_begin(s, "audit.checkpoint", "audit", NULL, "audit", CUS_OP_WRITE,
		checkpoints ? "to a named checkpoint file" : NULL);
	if (rc)
		return rc;
	int64_t at = 0;
	rc = cus__audit_checkpoint_now(s->db, &at);
	/* commits, then exports to the database's own checkpoint file */
	rc = cus__access_end(s, rc);
	if (!rc && checkpoints && strcmp(checkpoints, s->db->checkpoints_path) != 0)
		rc = cus__audit_export(s->db, checkpoints);
	if (!rc && seq)
		*seq = at;
	return rc;
}
