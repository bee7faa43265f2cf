/* cus audit commands. */
#include "cli.h"

const cli_command cli_audit_commands[] = {
	{ NULL, NULL, NULL, NULL },
};
