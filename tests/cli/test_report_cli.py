"""cus report: the three workbooks, read back with openpyxl (/usr/bin/python3).

The centre is made by report_fixture.py through the Python binding; every
person in it is synthetic (PESELs generated, invented names)."""
import json
import os
import subprocess
import tempfile
import unittest
import zipfile

from test_cli import run
import report_fixture

SYSTEM_PYTHON = "/usr/bin/python3"

# Read a workbook with openpyxl in the system Python (the default python3
# cannot see Debian's packages) and print what the tests compare as JSON.
READER = r"""
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = {"sheets": wb.sheetnames, "title": wb.properties.title, "creator": wb.properties.creator,
       "cells": {}, "formats": {}, "charts": {}, "frozen": {}, "landscape": {}}
for ws in wb.worksheets:
    cells = []
    for row in ws.iter_rows():
        for c in row:
            if c.value is not None:
                cells.append([c.coordinate, c.value if isinstance(c.value, (int, float, str)) else str(c.value),
                              c.number_format, c.data_type])
    out["cells"][ws.title] = cells
    out["charts"][ws.title] = len(ws._charts)
    out["frozen"][ws.title] = ws.freeze_panes
    out["landscape"][ws.title] = ws.page_setup.orientation
print(json.dumps(out))
"""


def have_openpyxl():
    return os.path.exists(SYSTEM_PYTHON) and subprocess.run(
        [SYSTEM_PYTHON, "-c", "import openpyxl"], capture_output=True).returncode == 0


@unittest.skipUnless(have_openpyxl(), "needs /usr/bin/python3 with openpyxl (python3-openpyxl)")
class ReportCli(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls._dir = tempfile.TemporaryDirectory()
        cls.db = os.path.join(cls._dir.name, "centre.db")
        cls.persons = report_fixture.build(cls.db)
        cls.books = {}
        for name, period in (("director-semiannual", "2022H1"), ("mayor-annual", "2022"),
                             ("council-public", "2022")):
            out = os.path.join(cls._dir.name, name + ".xlsx")
            r = cls.director("report", name, "--period", period, "--out", out, "--json")
            assert r.returncode == 0, r.stderr
            res = json.loads(r.stdout)
            p = subprocess.run([SYSTEM_PYTHON, "-c", READER, out], capture_output=True, text=True)
            assert p.returncode == 0, p.stderr
            cls.books[name] = (out, res, json.loads(p.stdout))

    @classmethod
    def tearDownClass(cls):
        cls._dir.cleanup()

    @classmethod
    def director(cls, *args):
        return run("--db", cls.db, "--user", "dyrektor", *args, passphrase="dyrektor passphrase")

    def indicator(self, period, *args):
        r = self.director("indicators", "--period", period, *args, "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        return json.loads(r.stdout)

    def cells(self, name, sheet):
        return self.books[name][2]["cells"][sheet]

    def row_of(self, name, sheet, label, after=None):
        """The cells of the first row whose column A is label (after the row holding `after`)."""
        cells = self.cells(name, sheet)
        start = 0
        if after:
            start = next(i for i, c in enumerate(cells) if c[1] == after)
        for c in cells[start:]:
            if c[0].startswith("A") and c[0][1:].isdigit() and isinstance(c[1], str) and c[1].strip() == label:
                row = c[0][1:]
                return {x[0].rstrip("0123456789"): x for x in cells if x[0][len(x[0].rstrip("0123456789")):] == row}
        self.fail("no row %r in %s/%s" % (label, name, sheet))

    def test_sheets_and_properties(self):
        _, res, book = self.books["director-semiannual"]
        self.assertEqual(book["sheets"], ["Okładka", "Osoby i rodziny", "Wnioski i decyzje", "IPUS", "Świadczenia",
                                          "Budżet", "Cele", "Metodologia"])
        self.assertEqual(book["creator"], "Centrum Usług Społecznych w Milanówku")
        self.assertIn("Sprawozdanie półroczne", book["title"])
        self.assertEqual(self.books["mayor-annual"][2]["sheets"][0], "Okładka")
        self.assertEqual(self.books["council-public"][2]["sheets"][-1], "Metodologia")
        for name, (_, res, book) in self.books.items():
            cover = {c[0]: c[1] for c in book["cells"]["Okładka"]}
            self.assertIn(res["snapshot_sha256"], cover.values(), name)
            self.assertEqual(book["landscape"]["Osoby" if name == "council-public" else "Osoby i rodziny"],
                             "landscape")
            self.assertEqual(len(res["snapshot_sha256"]), 64)
        cover = self.books["director-semiannual"][2]["cells"]["Okładka"]
        dates = [c for c in cover if c[2] == "dd.mm.yyyy"]
        self.assertEqual([d[1][:10] for d in dates], ["2022-01-01", "2022-06-30"])

    def test_values_equal_the_engine(self):
        # persons by area, director 2022H1
        engine = {c["dims"]["area"]: c["numerator"]
                  for c in self.indicator("2022H1", "--measure", "persons", "--by", "area")}
        for label, area in (("Wspieranie rodziny i polityka prorodzinna", "family_support"),
                            ("Wspieranie osób niepełnosprawnych (i starszych)", "disability_support"),
                            ("Ogółem", None)):
            row = self.row_of("director-semiannual", "Osoby i rodziny", label)
            self.assertEqual(row["B"][1], engine[area], label)
            self.assertEqual(row["B"][2], "#,##0")
        # the grand total of a table of two row dimensions (groups with subtotals)
        row = self.row_of("director-semiannual", "Osoby i rodziny", "Ogółem", after="Osoby i rodziny według usług")
        self.assertEqual(row["B"][1], engine[None])
        row = self.row_of("director-semiannual", "Osoby i rodziny", "Razem: Wspieranie rodziny i polityka prorodzinna")
        self.assertEqual(row["B"][1], engine["family_support"])
        # qualification rate (a percentage stored as a fraction)
        rate = [c for c in self.indicator("2022H1", "--indicator", "qualification_rate", "--by", "area")
                if c["dims"]["area"] is None][0]
        row = self.row_of("director-semiannual", "Wnioski i decyzje", "Ogółem")
        self.assertAlmostEqual(row["F"][1], rate["value"] / 100, places=9)
        self.assertEqual(row["F"][2], "0.0%")
        # the mayor's comparison with the previous year
        prev = {c["dims"]["area"]: c["numerator"] for c in self.indicator("2021", "--measure", "persons", "--by",
                                                                            "area")}
        row = self.row_of("mayor-annual", "Podsumowanie", "Ogółem")
        self.assertEqual(row["C"][1], prev[None])

    def test_money_from_grosze(self):
        r = self.director("budget", "--period", "2022H1", "--by", "source", "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        total = json.loads(r.stdout)["total"]
        row = self.row_of("director-semiannual", "Budżet", "Ogółem")
        self.assertAlmostEqual(row["B"][1], total["plan"] / 100, places=2)
        self.assertAlmostEqual(row["C"][1], total["executed"] / 100, places=2)
        self.assertIn("zł", row["B"][2])
        self.assertTrue(row["B"][2].startswith("#,##0.00"), row["B"][2])

    def test_charts_present(self):
        for name, minimum in (("director-semiannual", 5), ("mayor-annual", 4), ("council-public", 2)):
            out, res, book = self.books[name]
            self.assertGreaterEqual(sum(book["charts"].values()), minimum, name)
            self.assertEqual(res["charts"], sum(book["charts"].values()))
            with zipfile.ZipFile(out) as z:
                self.assertEqual(len([n for n in z.namelist() if n.startswith("xl/charts/chart")]), res["charts"])
        self.assertIsNotNone(self.books["director-semiannual"][2]["frozen"]["Wnioski i decyzje"])

    def test_public_report_suppressed_and_anonymous(self):
        out, res, book = self.books["council-public"]
        self.assertGreater(res["suppressed"], 0)
        k = 10
        xs = 0
        for sheet, cells in book["cells"].items():
            if sheet in ("Okładka", "Metodologia", "Budżet"):
                continue
            for coord, value, fmt, kind in cells:
                if value == "x":
                    xs += 1
                if isinstance(value, (int, float)) and fmt == "#,##0":
                    self.assertFalse(0 < value < k, "%s!%s = %s is below the threshold" % (sheet, coord, value))
        self.assertGreater(xs, 0)
        self.assertTrue(any("tajemnic" in str(c[1]) for c in book["cells"]["Osoby"]))
        with zipfile.ZipFile(out) as z:
            text = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
        self.assertNotIn("<f>", text)
        for first in report_fixture.FIRST_NAMES + report_fixture.LAST_NAMES + ["Zmyślona", "Aniela"]:
            self.assertNotIn(first, text)
        for pid, service, funding, serial, female in self.persons:
            r = run("--db", self.db, "--user", "ous1", "--purpose", "qualification", "person", "show", str(pid),
                    "--json", passphrase="ous1 passphrase")
            self.assertNotIn(json.loads(r.stdout)["pesel"], text)

    def test_reproducible(self):
        out = os.path.join(self._dir.name, "again.xlsx")
        r = self.director("report", "mayor-annual", "--period", "2022", "--out", out, "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)["snapshot_sha256"], self.books["mayor-annual"][1]["snapshot_sha256"])

    def test_errors_and_audit(self):
        out = os.path.join(self._dir.name, "x.xlsx")
        r = self.director("report", "mayor-annual", "--period", "2022H1", "--out", out, "--json")
        self.assertEqual(r.returncode, 3)
        self.assertEqual(json.loads(r.stderr)["error"]["field"], "period")
        self.assertEqual(self.director("report", "mayor-annual", "--out", out).returncode, 2)
        r = run("--db", self.db, "--user", "ous1", "--purpose", "qualification", "report", "mayor-annual",
                "--period", "2022", "--out", out, passphrase="ous1 passphrase")
        self.assertEqual(r.returncode, 4)
        self.assertFalse(os.path.exists(out))
        bad = os.path.join(self._dir.name, "bad.yaml")
        with open(bad, "w") as f:
            f.write("report:\n  code: b\n  title: B\n  audience: secret\n  periods: [year]\nsheets: []\n")
        r = run("report", "check", bad, "--json")
        self.assertEqual(r.returncode, 3)
        err = json.loads(r.stderr)["error"]
        self.assertIn("bad.yaml:4:13", err["message"])
        for f in ("director-semiannual", "mayor-annual", "council-public"):
            self.assertEqual(run("report", "check", os.path.join(report_fixture.SRC, "reports", f + ".yaml")).returncode,
                             0)


if __name__ == "__main__":
    unittest.main()
