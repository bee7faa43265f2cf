"""cus service list | show: the Programme's catalogue from the active policy."""
import json
import os
import unittest

from test_cli import CliTest, run

SRC = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MILANOWEK = os.path.join(SRC, "policies", "milanowek.yaml")


class ServiceCli(CliTest):
    def setUp(self):
        super().setUp()
        r = run("--db", self.db, "init", "--admin", "admin", "--policy", MILANOWEK)
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_list_json(self):
        r = run("--db", self.db, "service", "list", "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        services = json.loads(r.stdout)
        self.assertEqual(len(services), 41)
        areas = {s["area"] for s in services}
        self.assertEqual(len(areas), 7)
        for s in services:
            for key in ("code", "name", "area", "funding", "conditions"):
                self.assertIn(key, s)
            codes = [c["code"] for c in s["conditions"]]
            self.assertEqual(len(codes), len(set(codes)), s["code"])
            for c in s["conditions"]:
                self.assertIn(c["kind"], ("identity", "residence", "child_under", "age_min",
                                          "medical_indication", "mobility_limitation", "unemployed", "manual"))
                self.assertEqual(c["value"] is not None, c["kind"] in ("child_under", "age_min"))

    def test_show_and_unknown(self):
        first = json.loads(run("--db", self.db, "service", "list", "--json").stdout)[0]
        r = run("--db", self.db, "service", "show", first["code"], "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout), first)
        r = run("--db", self.db, "service", "show", "no_such_service")
        self.assertEqual(r.returncode, 3)
        self.assertIn("no_such_service", r.stderr)
        self.assertEqual(run("--db", self.db, "service").returncode, 2)
        self.assertEqual(run("--db", self.db, "service", "frob").returncode, 2)
        r = run("--db", self.db, "service", "list")
        self.assertEqual(r.returncode, 0)
        self.assertIn("CODE", r.stdout)


if __name__ == "__main__":
    unittest.main()
