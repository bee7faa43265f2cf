"""cus demo: the demonstration centre, usable at once by the usual commands."""
import json
import os
import tempfile
import unittest

from test_cli import PASS, run

SRC = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MILANOWEK = os.path.join(SRC, "policies", "milanowek.yaml")
STAFF = ("ous", "kipus", "kipus2", "social_worker", "finance", "director", "iod", "archivist")


class DemoCli(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls._base = tempfile.TemporaryDirectory()
        cls.db = os.path.join(cls._base.name, "demo.db")
        r = run("--db", cls.db, "demo", "--persons", "80", "--seed", "5", "--policy", MILANOWEK, "--json",
                env={"TMPDIR": cls._base.name})
        assert r.returncode == 0, r.stderr
        cls.out = json.loads(r.stdout)

    @classmethod
    def tearDownClass(cls):
        cls._base.cleanup()

    def test_summary_json(self):
        s = self.out["summary"]
        self.assertEqual(self.out["admin"], "admin")
        self.assertEqual(self.out["seed"], 5)
        self.assertEqual(s["service_users"], 80)
        self.assertEqual([u["login"] for u in self.out["staff"]], list(STAFF))
        self.assertEqual(s["applications"], s["qualified"] + s["refused"] + s["pending"] + s["withdrawn"])
        self.assertGreater(s["deliveries"], 0)
        # no temporary files left behind, the database's files there
        names = os.listdir(self._base.name)
        self.assertFalse([n for n in names if n.startswith("cus-demo-")], names)
        for suffix in ("", ".keys", ".checkpoints"):
            self.assertIn("demo.db" + suffix, names)

    def test_usual_commands_work(self):
        r = run("--db", self.db, "--user", "admin", "user", "list", "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(sorted(u["login"] for u in json.loads(r.stdout)), sorted(STAFF + ("admin",)))
        r = run("--db", self.db, "--user", "iod", "audit", "verify")
        self.assertEqual(r.returncode, 0, r.stderr)
        r = run("--db", self.db, "--user", "director", "indicators", "--period", "2022", "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        r = run("--db", self.db, "--user", "director", "budget", "--period", "2022", "--by", "project")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("RUS2", r.stdout)
        r = run("--db", self.db, "--user", "kipus", "--purpose", "qualification", "person", "find", "--name", "a",
                "--json")
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_same_seed_same_summary(self):
        with tempfile.TemporaryDirectory() as d:
            db = os.path.join(d, "again.db")
            r = run("--db", db, "demo", "--persons", "80", "--seed", "5", "--policy", MILANOWEK, "--json",
                    env={"TMPDIR": d})
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(json.loads(r.stdout)["summary"], self.out["summary"])

    def test_text_output_and_staff_passphrase(self):
        with tempfile.TemporaryDirectory() as d:
            db = os.path.join(d, "s.db")
            pf = os.path.join(d, "staff.pass")
            with open(pf, "w") as f:
                f.write("the staff passphrase\n")
            r = run("--db", db, "--user", "boss", "demo", "--persons", "12", "--staff-passphrase-file", pf,
                    "--policy", MILANOWEK, env={"TMPDIR": d})
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("service users", r.stdout)
            self.assertIn("deliveries", r.stdout)
            self.assertEqual(run("--db", db, "--user", "boss", "info").returncode, 0)
            self.assertEqual(run("--db", db, "--user", "iod", "info").returncode, 5)
            self.assertEqual(run("--db", db, "--user", "iod", "info", passphrase="the staff passphrase").returncode, 0)
            r = run("--db", db, "--user", "iod", "info", passphrase=None,
                    env={"CUS_PASSPHRASE": "x", "CUS_STAFF_PASSPHRASE": "ignored"})
            self.assertEqual(r.returncode, 5)

    def test_errors(self):
        with tempfile.TemporaryDirectory() as d:
            db = os.path.join(d, "x.db")
            self.assertEqual(run("--db", db, "demo", "--persons", "3").returncode, 2)
            self.assertEqual(run("--db", db, "demo", "--persons", "ten").returncode, 2)
            self.assertEqual(run("--db", db, "demo", "--seed", "-4").returncode, 2)
            self.assertEqual(run("demo").returncode, 2)  # no database
            r = run("--db", db, "--user", "kipus", "demo", "--persons", "12", "--json")
            self.assertEqual(r.returncode, 3)
            self.assertEqual(json.loads(r.stderr)["error"]["field"], "admin")
            self.assertEqual(os.listdir(d), [])
            # an existing database is never touched
            r = run("--db", self.db, "demo", "--persons", "12")
            self.assertEqual(r.returncode, 3)
            self.assertEqual(run("--db", self.db, "--user", "iod", "audit", "verify").returncode, 0)

    def test_help(self):
        r = run("help", "demo")
        self.assertEqual(r.returncode, 0)
        self.assertIn("--persons", r.stdout)
        self.assertIn("--staff-passphrase-file", r.stdout)


if __name__ == "__main__":
    unittest.main()
