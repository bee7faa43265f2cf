/* The registry tables. The registry engineer refines this before it lands. */
#include "registry.h"

const char cus__schema_registry[] =
	"CREATE TABLE persons ("
	"  id INTEGER PRIMARY KEY,"
	"  version INTEGER NOT NULL DEFAULT 1);";
