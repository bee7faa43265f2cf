/* The tables of data-subject rights and of break-glass access (migration
 * "rights: rectification history, restrictions, break-glass").
 * docs/FORMAT.md, "Data-subject rights", specifies every column. Sealed
 * columns hold nonce || AEAD ciphertext under the person's data key (the
 * field key of the category named in the row, or "basic"), bound to
 * (table, column, row id, version 1). */
#include "../store/store.h"

const char cus__schema_rights[] =
	/* art. 16: every value a change replaced */
	"CREATE TABLE person_history ("
	"  id INTEGER PRIMARY KEY,"
	"  person_id INTEGER NOT NULL REFERENCES persons (id),"
	"  version INTEGER NOT NULL CHECK (version >= 1),"   /* the person's version the old value belonged to */
	"  field TEXT NOT NULL,"
	"  category TEXT NOT NULL,"
	"  old_value BLOB,"                                  /* sealed, category; NULL: the field was empty */
	"  reason BLOB,"                                     /* sealed, basic; NULL: none given */
	"  changed_by TEXT NOT NULL,"
	"  changed TEXT NOT NULL);"
	"CREATE INDEX person_history_person ON person_history (person_id, id);"
	"CREATE TRIGGER person_history_no_update BEFORE UPDATE ON person_history"
	"  BEGIN SELECT RAISE(ABORT, 'person_history is append-only'); END;"
	/* art. 18: restrictions of processing */
	"CREATE TABLE restrictions ("
	"  id INTEGER PRIMARY KEY,"
	"  person_id INTEGER NOT NULL REFERENCES persons (id),"
	"  since TEXT NOT NULL,"
	"  by_user TEXT NOT NULL,"
	"  reason BLOB,"                                     /* sealed, basic */
	"  lifted TEXT,"
	"  lifted_by TEXT,"
	"  lift_reason BLOB,"                                /* sealed, basic */
	"  CHECK ((lifted IS NULL) = (lifted_by IS NULL)));"
	"CREATE UNIQUE INDEX restrictions_active ON restrictions (person_id) WHERE lifted IS NULL;"
	"CREATE TRIGGER restrictions_keep BEFORE UPDATE ON restrictions"
	"  WHEN OLD.lifted IS NOT NULL OR NEW.person_id IS NOT OLD.person_id OR NEW.since IS NOT OLD.since"
	"    OR NEW.by_user IS NOT OLD.by_user OR NEW.reason IS NOT OLD.reason"
	"  BEGIN SELECT RAISE(ABORT, 'a restriction is only ever lifted'); END;"
	/* break-glass sessions, until the data protection officer acknowledges them */
	"CREATE TABLE break_glass ("
	"  id INTEGER PRIMARY KEY,"
	"  session TEXT NOT NULL UNIQUE,"
	"  user TEXT NOT NULL,"
	"  role TEXT NOT NULL,"
	"  purpose TEXT NOT NULL,"
	"  reason TEXT NOT NULL,"
	"  started TEXT NOT NULL,"
	"  expires TEXT NOT NULL,"
	"  ended TEXT,"
	"  end_reason TEXT CHECK (end_reason IN ('closed', 'expired')),"
	"  acknowledged TEXT,"
	"  acknowledged_by TEXT,"
	"  note TEXT,"
	"  CHECK ((acknowledged IS NULL) = (acknowledged_by IS NULL)));"
	"CREATE INDEX break_glass_open ON break_glass (acknowledged, id);"
	"CREATE TRIGGER break_glass_no_delete BEFORE DELETE ON break_glass"
	"  BEGIN SELECT RAISE(ABORT, 'break-glass records are kept'); END;"
	"CREATE TRIGGER break_glass_keep BEFORE UPDATE ON break_glass"
	"  WHEN NEW.session IS NOT OLD.session OR NEW.user IS NOT OLD.user OR NEW.role IS NOT OLD.role"
	"    OR NEW.purpose IS NOT OLD.purpose OR NEW.reason IS NOT OLD.reason OR NEW.started IS NOT OLD.started"
	"    OR NEW.expires IS NOT OLD.expires OR (OLD.ended IS NOT NULL AND NEW.ended IS NOT OLD.ended)"
	"    OR (OLD.acknowledged IS NOT NULL AND (NEW.acknowledged IS NOT OLD.acknowledged"
	"      OR NEW.acknowledged_by IS NOT OLD.acknowledged_by OR NEW.note IS NOT OLD.note))"
	"  BEGIN SELECT RAISE(ABORT, 'a break-glass record is only ever ended and acknowledged'); END;";
