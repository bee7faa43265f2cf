/* PLACEHOLDER: being written; replace the whole file. */
#include "cli.h"

const cli_command cli_case_commands[] = {
	{ NULL, NULL, NULL, NULL }
};
