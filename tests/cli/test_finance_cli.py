"""cus project | budget-line | expenditure | budget: the finance commands.

The golden figures are those of tests/finance (Q-współPRACY: co-financing
442 025,00 zł + own contribution 110 506,25 zł = 552 531,25 zł)."""
import json
import os
import tempfile
import unittest

from test_cli import CliTest, run

SRC = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MILANOWEK = os.path.join(SRC, "policies", "milanowek.yaml")

LINES = ("rok;klasyfikacja;źródło;projekt;usługa;kwota\n"
         "2022;852/85214/3110;own_tasks;;;200 000,00\n"
         "2022;852/85228/4300;own_tasks;;home_care;80 000,00\n"
         "2022;852/85219/4010;own_tasks;;;50 000,00\n"
         "2022;853/85395/4307;eu_rap;QWSP;vocational_courses;442 025,00\n"
         "2022;853/85395/4309;own_tasks;QWSP;vocational_courses;110 506,25\n"
         "2022;852/85228/4300;commissioned_tasks;;specialist_care_mental;30 000,00\n")
EXPENDITURES = ("data;klasyfikacja;źródło;projekt;usługa;kwota;dokument\n"
                "15.01.2022;852/85214/3110;own_tasks;;;15 000,00;LW 1\n"
                "2022-02-10;852/85228/4300;own_tasks;;home_care;6 543,21;FV 1\n"
                "2022-03-31;852/85219/4010;own_tasks;;;12 345,67;LP 3\n"
                "2022-04-05;853/85395/4307;eu_rap;QWSP;vocational_courses;100 000,00;FV 2\n"
                "2022-04-05;853/85395/4309;own_tasks;QWSP;vocational_courses;25 000,00;FV 2\n"
                "2022-07-01;852/85228/4300;commissioned_tasks;;specialist_care_mental;10 000,01;FV 3\n"
                "2022-08-20;852/85228/4300;own_tasks;;home_care;3 456,79;FV 4\n"
                "2021-12-31;852/85214/3110;own_tasks;;;999,99;LW 0\n")


class FinanceCli(CliTest):
    USERS = (("ksiegowa", "finance"), ("dyrektor", "director"), ("kipus1", "kipus"))

    @classmethod
    def setUpClass(cls):
        cls._base = tempfile.TemporaryDirectory()
        db = os.path.join(cls._base.name, "centre.db")
        r = run("--db", db, "init", "--admin", "admin", "--policy", MILANOWEK)
        assert r.returncode == 0, r.stderr
        for login, role in cls.USERS:
            r = run("--db", db, "--user", "admin", "user", "add", login, "--role", role,
                    env={"CUS_NEW_PASSPHRASE": login + " passphrase"})
            assert r.returncode == 0, r.stderr

    @classmethod
    def tearDownClass(cls):
        cls._base.cleanup()

    def setUp(self):
        super().setUp()
        for name in os.listdir(self._base.name):
            with open(os.path.join(self._base.name, name), "rb") as src, \
                    open(os.path.join(self.dir, name), "wb") as dst:
                dst.write(src.read())

    def as_user(self, login, *args):
        return run("--db", self.db, "--user", login, *args, passphrase=login + " passphrase")

    def fin(self, *args):
        return self.as_user("ksiegowa", *args)

    def file(self, name, text):
        p = os.path.join(self.dir, name)
        with open(p, "w", encoding="utf-8") as f:
            f.write(text)
        return p

    def qwsp(self, *extra):
        return self.fin("project", "add", "--code", "QWSP", "--name", "Q-współPRACY",
                        "--total-cost", "552 531,25 zł", "--co-financing", "442 025,00",
                        "--own-contribution", "110506.25", "--source", "eu_rap=442 025,00",
                        "--source", "own_tasks=110 506,25", "--from", "2022-01-01", "--to", "2022-12-31", *extra)

    def golden(self):
        self.assertEqual(self.qwsp("--strict").returncode, 0)
        r = self.fin("budget-line", "import", self.file("l.csv", LINES), "--strict")
        self.assertEqual(r.returncode, 0, r.stderr)
        r = self.fin("expenditure", "import", self.file("e.csv", EXPENDITURES))
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_budget_golden_json(self):
        self.golden()
        r = self.fin("budget", "--period", "2022", "--by", "source", "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        b = json.loads(r.stdout)
        self.assertEqual(b["total"]["plan"], 91253125)
        self.assertEqual(b["total"]["executed"], 17234568)
        self.assertEqual(b["total"]["executed_bp"], 1889)
        self.assertEqual(sum(x["plan"] for x in b["rows"]), b["total"]["plan"])
        self.assertEqual(sum(x["executed"] for x in b["rows"]), b["total"]["executed"])
        rows = {x["key"]: x for x in b["rows"]}
        self.assertEqual(rows["own_tasks"]["executed"], 6234567)
        self.assertEqual(rows["eu_rap"]["executed_bp"], 2262)
        self.assertEqual([p["executed"] for p in b["spending"]], [1500000, 14500001, 1234567])
        self.assertEqual([p["key"] for p in b["financing"]], ["own", "commissioned", "external", "other"])
        r = self.fin("budget", "--period", "2022Q1", "--by", "classification", "--json")
        b = json.loads(r.stdout)
        self.assertEqual(b["total"]["plan"], 91253125)
        self.assertEqual(b["total"]["executed"], 3388888)
        for level in (1, 2, 3):
            self.assertEqual(sum(x["executed"] for x in b["rows"] if x["level"] == level), 3388888)
        r = self.fin("budget", "--period", "2022-04", "--by", "project")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("QWSP", r.stdout)
        self.assertIn("125\u00a0000,00\u00a0zł", r.stdout)

    def test_project_mismatch_warning_and_strict(self):
        r = self.fin("project", "add", "--code", "QWSP", "--name", "Q", "--total-cost", "552 531,26",
                     "--co-financing", "442 025,00", "--own-contribution", "110 506,25")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("warning", r.stderr)
        self.assertIn("552\u00a0531,26\u00a0zł", r.stderr)
        self.assertIn("0,01\u00a0zł", r.stderr)
        r = self.fin("project", "add", "--code", "Q2", "--name", "Q", "--total-cost", "552 531,26",
                     "--co-financing", "442 025,00", "--own-contribution", "110 506,25", "--strict", "--json")
        self.assertEqual(r.returncode, 3)
        out = json.loads(r.stdout)
        self.assertEqual(out["mismatches"][0]["difference"], 1)
        self.assertTrue(out["mismatches"][0]["error"])
        self.assertEqual(json.loads(r.stderr)["error"]["field"], "total_cost")
        r = self.fin("project", "list", "--json")
        self.assertEqual([p["code"] for p in json.loads(r.stdout)], ["QWSP"])

    def test_import_errors_nothing_stored(self):
        self.assertEqual(self.qwsp().returncode, 0)
        bad = self.file("bad.csv", "year;classification;source;project;service;amount\n"
                                   "2022;852/85228/4300;own_tasks;;;100\n"
                                   "2022;85/85228/4300;own_tasks;;;100\n"
                                   "2022;852/85228/4300;nope;;;100\n"
                                   "2022;853/85395/4309;own_tasks;NOPE;;100\n"
                                   "2022;852/85228/4300;own_tasks;;nope;100\n")
        r = self.fin("budget-line", "import", bad)
        self.assertEqual(r.returncode, 3)
        for line, field in ((3, "classification"), (4, "source"), (5, "project"), (6, "service")):
            self.assertIn("%s:line %d: %s:" % (bad, line, field), r.stderr)
        r = self.fin("budget-line", "list", "--json")
        self.assertEqual(json.loads(r.stdout), [])
        r = self.fin("budget-line", "add", "--year", "2022", "--classification", "852/85328/4300",
                     "--source", "own_tasks", "--amount", "1")
        self.assertEqual(r.returncode, 3)
        self.assertIn("[rozdzial]", r.stderr)
        r = self.fin("budget-line", "add", "--year", "2022", "--classification", "852/85228/4300",
                     "--source", "own_tasks", "--amount", "12.345")
        self.assertEqual(r.returncode, 3)
        self.assertIn("[amount]", r.stderr)
        # the plan lines above the project's total: --strict refuses them
        more = self.file("more.csv", "year;classification;source;project;amount\n"
                                     "2022;853/85395/4307;eu_rap;QWSP;442 025,01\n")
        r = self.fin("budget-line", "import", more, "--strict")
        self.assertEqual(r.returncode, 3)
        self.assertIn("line 2: plan:", r.stderr)
        self.assertEqual(json.loads(self.fin("budget-line", "list", "--json").stdout), [])

    def test_card(self):
        card = self.file("rus2.yaml",
                         "code: RUS2\n"
                         "name: Rozwój usług społecznych w Gminie Milanówek – edycja 2\n"
                         "total_cost: 1 957 023,36 zł\n"
                         "co_financing: 1 819 923,36 zł\n"
                         "own_contribution: 137 100,00 zł\n"
                         "sources:\n"
                         "  eu_rus2: 1 565 618,69\n"
                         "  state_funds: 254 304,67\n"
                         "  own_tasks: 137 100,01\n")
        r = self.fin("project", "import", card, "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        out = json.loads(r.stdout)
        self.assertEqual(out["imported"], 1)
        self.assertEqual({m["field"] for m in out["mismatches"]}, {"total_cost", "own_contribution"})
        r = self.fin("project", "show", "RUS2", "--json")
        p = json.loads(r.stdout)
        self.assertEqual(p["sources"][0], {"source": "eu_rus2", "amount": 156561869})
        bad = self.file("bad.yaml", "code: X\nname: X\ntotal_cost: 1\nkolor: 2\n")
        r = self.fin("project", "import", bad)
        self.assertEqual(r.returncode, 3)
        self.assertIn("line 4: kolor:", r.stderr)

    def test_denied(self):
        r = self.as_user("dyrektor", "project", "add", "--code", "X", "--name", "X", "--total-cost", "1")
        self.assertEqual(r.returncode, 4)
        r = self.as_user("dyrektor", "budget", "--period", "2022")
        self.assertEqual(r.returncode, 0, r.stderr)
        r = self.as_user("kipus1", "--purpose", "qualification", "budget", "--period", "2022")
        self.assertEqual(r.returncode, 4)
        r = self.fin("budget", "--period", "2022Q5")
        self.assertEqual(r.returncode, 3)
        self.assertIn("[period]", r.stderr)
        self.assertEqual(self.fin("budget").returncode, 2)
        self.assertEqual(self.fin("budget", "--period", "2022", "--by", "colour").returncode, 2)


if __name__ == "__main__":
    unittest.main()
