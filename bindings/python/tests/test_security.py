"""Sessions, users, policies and the audit log through the Python binding."""
import os
import tempfile
import unittest

import cus

HERE = os.path.dirname(os.path.abspath(__file__))
MILANOWEK = os.path.join(HERE, "..", "..", "..", "policies", "milanowek.yaml")


class CentreTest(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.path = os.path.join(self._tmp.name, "c.db")
        with cus.Database.init(self.path, "admin", passphrase="admin passphrase", policy=MILANOWEK):
            pass

    def tearDown(self):
        self._tmp.cleanup()

    def admin(self):
        return cus.Database.open(self.path, "admin", passphrase="admin passphrase")

    def add(self, login, role):
        with self.admin() as db, db.session("administration") as s:
            s.add_user(login, role, name="Test User", passphrase=login + " passphrase")


class InitTest(CentreTest):
    def test_init_loads_policy_and_admin(self):
        with self.admin() as db:
            info = db.policy()
            self.assertEqual(info["version"], 1)
            self.assertEqual(info["loaded_by"], "admin")
            self.assertEqual(len(info["hash"]), 64)
            codes = {p["code"] for p in db.purposes()}
            for c in ("qualification", "ipus", "service_delivery", "benefits", "reporting", "audit",
                      "retention", "data_subject_request"):
                self.assertIn(c, codes)
            roles = {r["code"] for r in db.roles()}
            for r in ("admin", "director", "ous", "kipus", "social_worker", "finance", "iod", "archivist"):
                self.assertIn(r, roles)
            with open(MILANOWEK, encoding="utf-8") as f:
                self.assertEqual(db.policy_text(), f.read())
            self.assertEqual(db.info()["policy_version"], 1)
            with db.session("administration") as s:
                self.assertEqual(s.role, "admin")
                self.assertEqual(len(s.id), 32)

    def test_init_with_bad_policy_leaves_nothing(self):
        bad = os.path.join(self._tmp.name, "bad.yaml")
        with open(bad, "w") as f:
            f.write("policy:\n  id: x\n  bogus: 1\n")
        p = os.path.join(self._tmp.name, "d.db")
        with self.assertRaises(cus.InvalidInputError) as cm:
            cus.Database.init(p, "admin", passphrase="x" * 12, policy=bad)
        self.assertGreater(cm.exception.line, 0)
        self.assertFalse(os.path.exists(p))


class PolicyTest(CentreTest):
    def test_check_policy(self):
        cus.check_policy(MILANOWEK)
        with self.assertRaises(cus.InvalidInputError) as cm:
            cus.check_policy_text("roles:\n  - code: a\n    code: b\n", name="dup.yaml")
        self.assertGreater(cm.exception.line, 0)
        with self.assertRaises(cus.NotFoundError):
            cus.check_policy(os.path.join(self._tmp.name, "none.yaml"))

    def test_load_and_history(self):
        with self.admin() as db, db.session("administration") as s:
            self.assertEqual(s.load_policy(MILANOWEK), 2)
            hist = db.policy_history()
            self.assertEqual([h["version"] for h in hist], [1, 2])
            self.assertEqual(hist[0]["hash"], hist[1]["hash"])

    def test_services(self):
        with self.admin() as db:
            services = db.services()
            self.assertEqual(len(services), 41)
            by_code = {s["code"]: s for s in services}
            self.assertEqual(len(by_code), 41)
            for s in services:
                self.assertTrue(s["conditions"], s["code"])
                self.assertTrue(s["funding"], s["code"])
            kinds = {c["kind"] for s in services for c in s["conditions"]}
            self.assertTrue({"residence", "identity", "child_under", "age_min", "manual"} <= kinds)
            ages = [c["value"] for s in services for c in s["conditions"] if c["kind"] == "age_min"]
            self.assertEqual(ages, [55])

    def test_allows(self):
        with self.admin() as db:
            self.assertTrue(db.policy_allows("kipus", "health", "read", "qualification"))
            self.assertFalse(db.policy_allows("admin", "health", "read", "administration"))
            with self.assertRaises(cus.InvalidInputError):
                db.policy_allows("kipus", "helth", "read", "qualification")
        self.assertEqual(len(cus.categories()), 13)
        self.assertIn("judgment", cus.categories())


class UsersTest(CentreTest):
    def test_add_list_disable(self):
        self.add("akowalska", "kipus")
        with cus.Database.open(self.path, "akowalska", passphrase="akowalska passphrase") as db:
            with db.session("qualification") as s:
                self.assertEqual(s.role, "kipus")
                self.assertTrue(s.allows("health", "read"))
                self.assertFalse(s.allows("users", ["write"]))
        with self.admin() as db, db.session("administration") as s:
            users = s.users()
            self.assertEqual([u["login"] for u in users], ["admin", "akowalska"])
            self.assertEqual(users[1]["role"], "kipus")
            s.disable_user("akowalska")
            with self.assertRaises(cus.ExistsError):
                s.add_user("akowalska", "kipus", passphrase="again passphrase")
        with self.assertRaises(cus.WrongKeyError):
            cus.Database.open(self.path, "akowalska", passphrase="akowalska passphrase")

    def test_denied_for_other_roles(self):
        self.add("kipus1", "kipus")
        with cus.Database.open(self.path, "kipus1", passphrase="kipus1 passphrase") as db:
            with self.assertRaises(cus.AccessDeniedError):
                db.session("administration")
            with self.assertRaises(cus.InvalidInputError) as cm:
                db.session("no_such_purpose")
            self.assertEqual(cm.exception.field, "purpose")
            with db.session("qualification") as s:
                with self.assertRaises(cus.AccessDeniedError):
                    s.add_user("x", "kipus", passphrase="some passphrase")
                with self.assertRaises(cus.AccessDeniedError):
                    s.audit_log()

    def test_bad_role(self):
        with self.admin() as db, db.session("administration") as s:
            with self.assertRaises(cus.InvalidInputError) as cm:
                s.add_user("nowak", "wizard", passphrase="some passphrase")
            self.assertEqual(cm.exception.field, "role")


class AuditTest(CentreTest):
    def test_log_checkpoint_verify(self):
        self.add("iod", "iod")
        self.add("kipus1", "kipus")
        with cus.Database.open(self.path, "iod", passphrase="iod passphrase") as db:
            with db.session("audit") as s:
                entries = s.audit_log()
                actions = [e["action"] for e in entries]
                self.assertIn("policy.load", actions)
                self.assertEqual(actions.count("user.add"), 3)
                self.assertEqual([e["seq"] for e in entries], list(range(1, len(entries) + 1)))
                self.assertEqual(entries[1]["prev_hash"], entries[0]["hash"])
                only = s.audit_log(subject="kipus1")
                self.assertTrue(only and all(e["subject"] == "kipus1" for e in only))
                with self.assertRaises(cus.InvalidInputError):
                    s.audit_log(from_date="2026-13-01")
                seq = s.audit_checkpoint()
                self.assertGreater(seq, 0)
            report = db.audit_verify()
            self.assertIsNone(report["problem"])
            self.assertGreater(report["entries"], 0)
            self.assertGreater(report["checkpoints"], 0)
        self.assertTrue(os.path.exists(self.path + ".checkpoints"))


if __name__ == "__main__":
    unittest.main()
