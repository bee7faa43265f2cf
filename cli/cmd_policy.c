/* cus policy commands. */
#include "cli.h"

const cli_command cli_policy_commands[] = {
	{ NULL, NULL, NULL, NULL },
};
