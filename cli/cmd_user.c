/* cus user commands. */
#include "cli.h"

const cli_command cli_user_commands[] = {
	{ NULL, NULL, NULL, NULL },
};
