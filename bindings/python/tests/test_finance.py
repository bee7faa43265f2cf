"""Finance through the Python binding: projects, plan lines, expenditures,
budget breakdowns (golden figures of tests/finance)."""
import os
import shutil
import tempfile
import unittest

import cus

HERE = os.path.dirname(os.path.abspath(__file__))
MILANOWEK = os.path.join(HERE, "..", "..", "..", "policies", "milanowek.yaml")


class FinanceTest(unittest.TestCase):
    USERS = (("ksiegowa", "finance"), ("dyrektor", "director"))

    @classmethod
    def setUpClass(cls):
        cls._base = tempfile.TemporaryDirectory()
        path = os.path.join(cls._base.name, "c.db")
        with cus.Database.init(path, "admin", passphrase="admin passphrase", policy=MILANOWEK) as db, \
                db.session("administration") as s:
            for login, role in cls.USERS:
                s.add_user(login, role, name="Test User", passphrase=login + " passphrase")

    @classmethod
    def tearDownClass(cls):
        cls._base.cleanup()

    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        for name in os.listdir(self._base.name):
            shutil.copy(os.path.join(self._base.name, name), self._tmp.name)
        self.path = os.path.join(self._tmp.name, "c.db")

    def tearDown(self):
        self._tmp.cleanup()

    def session(self, login="ksiegowa", purpose="reporting"):
        db = cus.Database.open(self.path, login, passphrase=login + " passphrase")
        self.addCleanup(db.close)
        s = db.session(purpose)
        self.addCleanup(s.close)
        return s

    def golden(self, s):
        r = s.add_project("QWSP", "Q-współPRACY", total_cost="552 531,25 zł", co_financing="442 025,00",
                          own_contribution=11050625, sources={"eu_rap": 44202500, "own_tasks": "110 506,25"},
                          period_from="2022-01-01", period_to="2022-12-31", strict=True)
        self.assertGreater(r["id"], 0)
        self.assertEqual(r["mismatches"], [])
        s.add_budget_line(2022, "852/85214/3110", "own_tasks", "200 000,00")
        s.add_budget_line(2022, "853/85395/4307", "eu_rap", 44202500, project="QWSP", service="vocational_courses")
        r = s.add_budget_line(2022, "853/85395/4309", "own_tasks", 11050625, project="QWSP",
                              service="vocational_courses", strict=True)
        self.assertEqual(r["mismatches"], [])
        s.add_expenditure("2022-01-15", "852/85214/3110", "own_tasks", "15 000,00", document="LW 1")
        s.add_expenditure("2022-04-05", "853/85395/4307", "eu_rap", 10000000, project="QWSP",
                          service="vocational_courses")
        s.add_expenditure("2022-04-05", "853/85395/4309", "own_tasks", 2500000, project="QWSP",
                          service="vocational_courses")

    def test_golden_budget(self):
        s = self.session()
        self.golden(s)
        b = s.budget("2022", by="classification")
        self.assertEqual(b["total"]["plan"], 20000000 + 55253125)
        self.assertEqual(b["total"]["executed"], 1500000 + 12500000)
        for level in (1, 2, 3):
            self.assertEqual(sum(r["executed"] for r in b["rows"] if r["level"] == level), b["total"]["executed"])
            self.assertEqual(sum(r["plan"] for r in b["rows"] if r["level"] == level), b["total"]["plan"])
        rows = {(r["level"], r["key"]): r for r in b["rows"]}
        self.assertEqual(rows[(3, "4307")]["executed_bp"], 2262)
        self.assertEqual(rows[(2, "85395")]["parent"], "853")
        self.assertEqual(b["spending"][0]["key"], "benefits")
        self.assertEqual(b["spending"][0]["executed"], 1500000)
        self.assertEqual(b["financing"][2]["plan"], 44202500)
        b = s.budget("2022H2")
        self.assertEqual(b["total"]["executed"], 0)
        self.assertEqual(b["total"]["executed_bp"], 0)
        p = s.project("QWSP")
        self.assertEqual(p["co_financing_bp"], 8000)
        self.assertEqual(p["planned"], 55253125)
        self.assertEqual(p["spent"], 12500000)
        self.assertEqual(p["sources"], {"eu_rap": 44202500, "own_tasks": 11050625})
        self.assertEqual([x["amount"] for x in s.expenditures("2022Q2", project="QWSP")], [10000000, 2500000])
        self.assertEqual(len(s.budget_lines(2022)), 3)
        self.assertEqual(cus.money_format(p["total_cost"]), "552\u00a0531,25\u00a0zł")

    def test_mismatch_and_strict(self):
        s = self.session()
        r = s.add_project("Q", "Q", total_cost=55253126, co_financing=44202500, own_contribution=11050625)
        self.assertEqual(len(r["mismatches"]), 1)
        m = r["mismatches"][0]
        self.assertEqual((m["expected"], m["actual"], m["difference"]), (55253126, 55253125, 1))
        with self.assertRaises(cus.InvalidInputError) as cm:
            s.add_project("Q2", "Q", total_cost=55253126, co_financing=44202500, own_contribution=11050625,
                          strict=True)
        self.assertEqual(cm.exception.field, "total_cost")
        self.assertTrue(cm.exception.report["mismatches"][0]["error"])
        self.assertEqual([p["code"] for p in s.projects()], ["Q"])

    def test_bad_codes(self):
        s = self.session()
        with self.assertRaises(cus.InvalidInputError) as cm:
            s.add_budget_line(2022, "852/85328/4300", "own_tasks", 1)
        self.assertEqual(cm.exception.field, "rozdzial")
        for kw, field in (({"source": "nope"}, "source"), ({"service": "nope"}, "service")):
            args = dict(source="own_tasks")
            args.update(kw)
            with self.assertRaises(cus.InvalidInputError) as cm:
                s.add_budget_line(2022, "852/85228/4300", args.pop("source"), 1, **args)
            self.assertEqual(cm.exception.field, field)
        with self.assertRaises(cus.InvalidInputError) as cm:
            s.add_expenditure("2022-01-01", "852/85228/4309", "own_tasks", 1, project="NOPE")
        self.assertEqual(cm.exception.field, "project")
        with self.assertRaises(cus.InvalidInputError):
            s.add_expenditure("2022-01-01", "852/85228/4300", "own_tasks", "12.345")
        self.assertEqual(s.budget_lines(), [])

    def test_imports(self):
        s = self.session()
        self.golden(s)
        p = os.path.join(self._tmp.name, "e.csv")
        with open(p, "w", encoding="cp1250") as f:
            f.write("data;klasyfikacja;źródło;kwota\n01.02.2022;852/85214/3110;own_tasks;1 000,00\n"
                    "2022-02-30;852/85214/3110;own_tasks;1\n")
        with self.assertRaises(cus.InvalidInputError) as cm:
            s.import_expenditures(p)
        rep = cm.exception.report
        self.assertEqual(rep["encoding"], "cp1250")
        self.assertEqual([(e["line"], e["field"]) for e in rep["errors"]], [(3, "date")])
        with open(p, "w", encoding="cp1250") as f:
            f.write("data;klasyfikacja;źródło;kwota\n01.02.2022;852/85214/3110;own_tasks;1 000,00\n")
        self.assertEqual(s.import_expenditures(p)["imported"], 1)
        card = os.path.join(self._tmp.name, "p.yaml")
        with open(card, "w", encoding="utf-8") as f:
            f.write("code: MCUS\nname: Milanowskie Centrum Usług Społecznych\n"
                    "total_cost: 3 091 085,00\nco_financing: 3 091 085,00\nsources:\n  eu_mcus: 3 091 085,00\n")
        r = s.import_projects(card, strict=True)
        self.assertEqual(r["imported"], 1)
        self.assertEqual(s.project("MCUS")["co_financing_bp"], 10000)

    def test_denied(self):
        s = self.session("dyrektor")
        with self.assertRaises(cus.AccessDeniedError):
            s.add_project("X", "X", total_cost=1)
        self.assertEqual(s.budget("2022")["total"]["plan"], 0)


if __name__ == "__main__":
    unittest.main()
