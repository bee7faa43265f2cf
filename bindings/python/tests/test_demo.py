"""The demonstration centre through the Python binding."""
import os
import tempfile
import unittest

import cus

HERE = os.path.dirname(os.path.abspath(__file__))
MILANOWEK = os.path.join(HERE, "..", "..", "..", "policies", "milanowek.yaml")
PASS = "demo passphrase"


class DemoTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls._base = tempfile.TemporaryDirectory()
        cls.path = os.path.join(cls._base.name, "demo.db")
        cls.summary = cus.demo_create(cls.path, "admin", passphrase=PASS, persons=60, seed=11, policy=MILANOWEK,
                                      tmpdir=cls._base.name)

    @classmethod
    def tearDownClass(cls):
        cls._base.cleanup()

    def test_summary(self):
        s = self.summary
        self.assertEqual(set(s), set(cus.DEMO_SUMMARY_KEYS))
        self.assertEqual(s["service_users"], 60)
        self.assertEqual(s["staff"], len(cus.DEMO_STAFF))
        self.assertGreater(s["persons"], 60)
        self.assertEqual(s["applications"], s["qualified"] + s["refused"] + s["pending"] + s["withdrawn"])
        self.assertGreater(s["deliveries"], 0)
        self.assertEqual(s["projects"], 3)

    def test_staff_roles(self):
        roles = {role for _, role, _ in cus.DEMO_STAFF}
        self.assertEqual(roles, {"ous", "kipus", "social_worker", "finance", "director", "iod", "archivist"})
        for login, _, _ in cus.DEMO_STAFF:
            with cus.Database.open(self.path, login, passphrase=PASS) as db:
                self.assertEqual(db.user, login)

    def test_usable_at_once(self):
        with cus.Database.open(self.path, "director", passphrase=PASS) as db, db.session("reporting") as s:
            cells = list(s.indicators("2022", indicator="persons_served"))
            self.assertTrue(cells)
            b = s.budget("2022", by="project")
            self.assertGreater(b["total"]["plan"], 0)
        with cus.Database.open(self.path, "iod", passphrase=PASS) as db:
            report = db.audit_verify()
            self.assertGreaterEqual(report["entries"], self.summary["audit_entries"])

    def test_deterministic_and_open(self):
        path = os.path.join(self._base.name, "again.db")
        with cus.Database.demo(path, "admin", passphrase=PASS, persons=60, seed=11, policy=MILANOWEK,
                               tmpdir=self._base.name) as db:
            self.assertEqual(db.user, "admin")
            self.assertEqual(db.demo_summary, self.summary)

    def test_staff_passphrase(self):
        path = os.path.join(self._base.name, "staff.db")
        cus.demo_create(path, "root", passphrase=PASS, staff_passphrase="staff passphrase", persons=15, seed=1,
                        policy=MILANOWEK, tmpdir=self._base.name)
        with self.assertRaises(cus.WrongKeyError):
            cus.Database.open(path, "kipus", passphrase=PASS)
        with cus.Database.open(path, "kipus", passphrase="staff passphrase") as db:
            self.assertEqual(db.user, "kipus")

    def test_refusals(self):
        path = os.path.join(self._base.name, "bad.db")
        with self.assertRaises(cus.InvalidInputError):
            cus.demo_create(path, "admin", passphrase=PASS, persons=3, policy=MILANOWEK)
        with self.assertRaises(cus.InvalidInputError):
            cus.demo_create(path, "director", passphrase=PASS, persons=20, policy=MILANOWEK)
        with self.assertRaises(cus.ExistsError):
            cus.demo_create(self.path, "admin", passphrase=PASS, persons=20, policy=MILANOWEK)
        self.assertFalse(os.path.exists(path))
        with self.assertRaises(ValueError):
            cus.demo_create(path, "admin", passphrase=PASS, seed=-1)


if __name__ == "__main__":
    unittest.main()
