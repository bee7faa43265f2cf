/* The retention tables (migration 8, "retention: rules in force, holds,
 * disposal proposals, protocols, statistical facts"). docs/RETENTION.md
 * specifies every column. None holds personal data in the clear: persons are
 * referred to by id, and a hold's reason is staff text that must not name
 * the person. */
#include "retention.h"

const char cus__schema_retention[] =
	/* the rules in force when a proposal was made: a copy of the policy's
	 * section, so a protocol can always show what it rested on */
	"CREATE TABLE retention_rules ("
	"  policy_version INTEGER NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  category TEXT NOT NULL,"
	"  years INTEGER NOT NULL,"
	"  event TEXT NOT NULL,"
	"  symbol TEXT NOT NULL,"
	"  title TEXT NOT NULL,"
	"  PRIMARY KEY (policy_version, kind)) WITHOUT ROWID;"
	/* legal holds on a person's file or a record */
	"CREATE TABLE retention_holds ("
	"  id INTEGER PRIMARY KEY,"
	"  target_kind TEXT NOT NULL,"              /* a kind code */
	"  target_id INTEGER NOT NULL,"
	"  person_id INTEGER,"                      /* the file it holds; NULL for finance records */
	"  reason TEXT NOT NULL,"
	"  until TEXT,"
	"  placed TEXT NOT NULL,"
	"  placed_by TEXT NOT NULL,"
	"  released TEXT,"
	"  released_by TEXT,"
	"  CHECK ((released IS NULL) = (released_by IS NULL)));"
	"CREATE INDEX retention_holds_active ON retention_holds (person_id) WHERE released IS NULL;"
	"CREATE TRIGGER retention_holds_keep BEFORE UPDATE ON retention_holds"
	"  WHEN OLD.released IS NOT NULL OR NEW.target_kind IS NOT OLD.target_kind"
	"    OR NEW.target_id IS NOT OLD.target_id OR NEW.person_id IS NOT OLD.person_id"
	"    OR NEW.reason IS NOT OLD.reason OR NEW.until IS NOT OLD.until OR NEW.placed IS NOT OLD.placed"
	"    OR NEW.placed_by IS NOT OLD.placed_by"
	"  BEGIN SELECT RAISE(ABORT, 'a legal hold is only ever released'); END;"
	"CREATE TRIGGER retention_holds_no_delete BEFORE DELETE ON retention_holds"
	"  BEGIN SELECT RAISE(ABORT, 'legal holds are kept'); END;"
	/* disposal proposals and their items */
	"CREATE TABLE retention_proposals ("
	"  id INTEGER PRIMARY KEY,"
	"  state TEXT NOT NULL CHECK (state IN ('proposed', 'approved', 'executed', 'withdrawn')),"
	"  as_of TEXT NOT NULL,"
	"  policy_version INTEGER NOT NULL,"
	"  created TEXT NOT NULL,"
	"  created_by TEXT NOT NULL,"
	"  decision TEXT,"
	"  approved TEXT,"
	"  approved_by TEXT,"
	"  executed TEXT,"
	"  executed_by TEXT,"
	"  CHECK ((state IN ('approved', 'executed')) <= (decision IS NOT NULL)));"
	"CREATE TRIGGER retention_proposals_no_delete BEFORE DELETE ON retention_proposals"
	"  BEGIN SELECT RAISE(ABORT, 'disposal proposals are kept'); END;"
	"CREATE TRIGGER retention_proposals_forward BEFORE UPDATE ON retention_proposals"
	"  WHEN NOT ((OLD.state = 'proposed' AND NEW.state IN ('approved', 'withdrawn'))"
	"    OR (OLD.state = 'approved' AND NEW.state IN ('executed', 'withdrawn')))"
	"    OR NEW.as_of IS NOT OLD.as_of OR NEW.created IS NOT OLD.created"
	"  BEGIN SELECT RAISE(ABORT, 'a proposal only moves forward'); END;"
	"CREATE TABLE retention_items ("
	"  proposal_id INTEGER NOT NULL REFERENCES retention_proposals (id),"
	"  position INTEGER NOT NULL,"
	"  kind TEXT NOT NULL,"                     /* person, budget, expenditure, project */
	"  object_id INTEGER NOT NULL,"
	"  action TEXT NOT NULL CHECK (action IN ('destroy', 'transfer', 'appraisal')),"
	"  categories TEXT NOT NULL,"
	"  symbols TEXT NOT NULL,"
	"  first_date TEXT,"
	"  event_date TEXT,"
	"  due TEXT NOT NULL,"
	"  counts TEXT NOT NULL,"                   /* "application=2,delivery=14" */
	"  outcome TEXT CHECK (outcome IN ('destroyed', 'transfer', 'appraisal', 'gone')),"
	"  PRIMARY KEY (proposal_id, position)) WITHOUT ROWID;"
	/* disposal protocols (protokół brakowania) */
	"CREATE TABLE retention_protocols ("
	"  id INTEGER PRIMARY KEY,"
	"  proposal_id INTEGER NOT NULL UNIQUE REFERENCES retention_proposals (id),"
	"  number TEXT NOT NULL UNIQUE,"
	"  executed TEXT NOT NULL,"
	"  executed_by TEXT NOT NULL,"
	"  decision TEXT NOT NULL,"
	"  persons INTEGER NOT NULL,"
	"  keys INTEGER NOT NULL,"
	"  records TEXT NOT NULL,"                  /* destroyed by kind: "application=2,delivery=14" */
	"  transferred INTEGER NOT NULL,"
	"  appraisal INTEGER NOT NULL);"
	"CREATE TRIGGER retention_protocols_keep BEFORE UPDATE ON retention_protocols"
	"  BEGIN SELECT RAISE(ABORT, 'a disposal protocol is never changed'); END;"
	"CREATE TRIGGER retention_protocols_no_delete BEFORE DELETE ON retention_protocols"
	"  BEGIN SELECT RAISE(ABORT, 'disposal protocols are kept'); END;"
	/* the statistical subjects: persons rows without identity that carry the
	 * anonymous facts of disposed files (state 'statistical'), and disposed
	 * persons whose row had to stay because another record still refers to
	 * it (state 'tombstone') */
	"CREATE TABLE retention_subjects ("
	"  person_id INTEGER PRIMARY KEY REFERENCES persons (id),"
	"  state TEXT NOT NULL CHECK (state IN ('statistical', 'tombstone')),"
	"  since TEXT NOT NULL);"
	/* erasure requests (art. 17), granted or refused */
	"CREATE TABLE retention_erasures ("
	"  id INTEGER PRIMARY KEY,"
	"  person_id INTEGER NOT NULL,"             /* not a foreign key: the person may be gone */
	"  requested TEXT NOT NULL,"
	"  requested_by TEXT NOT NULL,"
	"  reason TEXT NOT NULL,"
	"  outcome TEXT NOT NULL CHECK (outcome IN ('erased', 'refused')),"
	"  ground TEXT,"
	"  reason_code TEXT,"
	"  retained_until TEXT);"
	"CREATE TRIGGER retention_erasures_keep BEFORE UPDATE ON retention_erasures"
	"  BEGIN SELECT RAISE(ABORT, 'erasure requests are never changed'); END;";
