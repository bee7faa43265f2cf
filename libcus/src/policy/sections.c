/* The sections a policy file may hold, in the order they are parsed.
 *
 * To add a section: write
 *     int cus__<module>_policy_section(cus__policy *p, const cus__ynode *node,
 *             cus__ypath *path, void **data);
 * in libcus/src/<module>/ (see sections.h), declare it below and add its line
 * to the table. Keys not in the table are errors, so a misspelt section never
 * passes silently. */
#include "sections.h"

/* The Programme (programme.c). */
CUS__HIDDEN int cus__programme_areas_section(cus__policy *p, const cus__ynode *node, cus__ypath *path, void **data);
CUS__HIDDEN int cus__programme_funding_section(cus__policy *p, const cus__ynode *node, cus__ypath *path,
	void **data);
CUS__HIDDEN int cus__programme_services_section(cus__policy *p, const cus__ynode *node, cus__ypath *path,
	void **data);
CUS__HIDDEN int cus__programme_targets_section(cus__policy *p, const cus__ynode *node, cus__ypath *path,
	void **data);
CUS__HIDDEN int cus__programme_section(cus__policy *p, const cus__ynode *node, cus__ypath *path, void **data);
CUS__HIDDEN void cus__programme_areas_free(void *data);
CUS__HIDDEN void cus__programme_funding_free(void *data);
CUS__HIDDEN void cus__programme_services_free(void *data);
CUS__HIDDEN void cus__programme_targets_free(void *data);
CUS__HIDDEN void cus__programme_free(void *data);
/* Indicators and disclosure control (indicators/section.c). */
CUS__HIDDEN int cus__indicators_section(cus__policy *p, const cus__ynode *node, cus__ypath *path, void **data);
CUS__HIDDEN void cus__indicators_section_free(void *data);
CUS__HIDDEN int cus__disclosure_section(cus__policy *p, const cus__ynode *node, cus__ypath *path, void **data);
CUS__HIDDEN void cus__disclosure_section_free(void *data);

/* Monitoring, break-glass, restriction exemptions (access/monitoring.c) and
 * the recipients of personal data (rights/recipients.c). */
CUS__HIDDEN int cus__monitoring_section(cus__policy *p, const cus__ynode *node, cus__ypath *path, void **data);
CUS__HIDDEN void cus__monitoring_section_free(void *data);
CUS__HIDDEN int cus__recipients_section(cus__policy *p, const cus__ynode *node, cus__ypath *path, void **data);
CUS__HIDDEN void cus__recipients_section_free(void *data);

/* Retention rules (retention/section.c). */
CUS__HIDDEN int cus__retention_section(cus__policy *p, const cus__ynode *node, cus__ypath *path, void **data);
CUS__HIDDEN void cus__retention_section_free(void *data);

const cus__policy_section cus__policy_sections[] = {
	{ "policy", 1, cus__policy_parse_meta, NULL },
	{ "purposes", 1, cus__policy_parse_purposes, NULL },
	{ "roles", 1, cus__policy_parse_roles, NULL },
	/* the Programme: services need areas and funding_sources, targets need services */
	{ "areas", 0, cus__programme_areas_section, cus__programme_areas_free },
	{ "funding_sources", 0, cus__programme_funding_section, cus__programme_funding_free },
	{ "services", 0, cus__programme_services_section, cus__programme_services_free },
	{ "targets", 0, cus__programme_targets_section, cus__programme_targets_free },
	{ "programme", 0, cus__programme_section, cus__programme_free },
	/* indicators need services, areas, funding sources and targets */
	{ "indicators", 0, cus__indicators_section, cus__indicators_section_free },
	{ "disclosure", 0, cus__disclosure_section, cus__disclosure_section_free },
	/* rights and the data protection officer's tools: need purposes and categories */
	{ "monitoring", 0, cus__monitoring_section, cus__monitoring_section_free },
	{ "recipients", 0, cus__recipients_section, cus__recipients_section_free },
	/* retention rules: need roles */
	{ "retention", 0, cus__retention_section, cus__retention_section_free },
};

const size_t cus__policy_section_count = sizeof cus__policy_sections / sizeof cus__policy_sections[0];
