/* Checking a policy file without loading it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

size_t cus_policy_max_bytes(void)
{
	return CUS_POLICY_MAX_BYTES;
}

int cus__policy_read_file(const char *path, char **out, size_t *len)
{
	*out = NULL;
	*len = 0;
	if (!path || !*path)
		return cus__error(CUS_EINVAL, "policy", "path", "no policy file given");
	int rc = cus__read_file(path, CUS_POLICY_MAX_BYTES, "policy", out, len);
	if (rc == CUS_EINVAL) { /* too large, or not a regular file: the whole file is at fault */
		char why[300];
		snprintf(why, sizeof why, "%s", cus_error_last()->message);
		rc = cus__error_at(CUS_EINVAL, "policy", "(document)", 1, 1,
			"%s:1:1: (document): %s (a policy file is a regular file of at most %u bytes)", path, why,
			(unsigned)CUS_POLICY_MAX_BYTES);
	}
	return rc;
}

static int parse_file(cus__policy **p, const char *path)
{
	char *yaml = NULL;
	size_t len = 0;
	int rc = cus__policy_read_file(path, &yaml, &len);
	if (!rc)
		rc = cus__policy_parse(p, path, yaml, len);
	free(yaml);
	return rc;
}

int cus_policy_check_file(const char *path)
{
	return parse_file(NULL, path);
}

int cus_policy_check_buffer(const char *name, const char *yaml, size_t len)
{
	return cus__policy_parse(NULL, name, yaml, len);
}

static int inspect(cus_policy_info **out, const char *source, cus__policy *p)
{
	cus_policy_info *i = calloc(1, sizeof *i);
	if (!i) {
		cus__policy_free(p);
		return cus__error(CUS_ENOMEM, "policy", NULL, "out of memory");
	}
	i->policy_id = strdup(p->id);
	i->name = strdup(p->name);
	i->valid_from = strdup(p->valid_from);
	i->valid_to = p->valid_to ? strdup(p->valid_to) : NULL;
	i->municipality = strdup(p->municipality);
	i->teryt = strdup(p->teryt);
	i->hash = strdup(p->hash);
	i->source = strdup(source);
	i->purposes = p->npurposes;
	i->roles = p->nroles;
	int failed = !i->policy_id || !i->name || !i->valid_from || (p->valid_to && !i->valid_to) ||
		!i->municipality || !i->teryt || !i->hash || !i->source;
	cus__policy_free(p);
	if (failed) {
		cus_policy_info_free(i);
		return cus__error(CUS_ENOMEM, "policy", NULL, "out of memory");
	}
	*out = i;
	return 0;
}

int cus_policy_inspect_file(cus_policy_info **out, const char *path)
{
	if (!out)
		return cus__error(CUS_EINVAL, "policy", NULL, "out is NULL");
	*out = NULL;
	cus__policy *p = NULL;
	int rc = parse_file(&p, path);
	return rc ? rc : inspect(out, path, p);
}

int cus_policy_inspect_buffer(cus_policy_info **out, const char *name, const char *yaml, size_t len)
{
	if (!out)
		return cus__error(CUS_EINVAL, "policy", NULL, "out is NULL");
	*out = NULL;
	if (!name)
		name = "(policy)";
	cus__policy *p = NULL;
	int rc = cus__policy_parse(&p, name, yaml, len);
	return rc ? rc : inspect(out, name, p);
}
