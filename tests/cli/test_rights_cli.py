"""Data-subject rights and the IOD's tools through the cus command: rights
export (read back with openpyxl by /usr/bin/python3), rectify and person
history, restrict / lift, register, audit report | anomalies | break-glass |
acknowledge, and --break-glass.

Synthetic people only."""
import json
import os
import subprocess
import tempfile
import unittest

from test_cli import CliTest, run
from test_registry_cli import MILANOWEK, pesel

STAFF = (("akowalska", "kipus", "Anna Kowalska"), ("iodmil", "iod", "Inspektor Danych"),
         ("archiw", "archivist", "Archiwista"))

READ_XLSX = r"""
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
out = {}
for ws in wb.worksheets:
    out[ws.title] = [[c for c in row] for row in ws.iter_rows(values_only=True)]
print(json.dumps(out, default=str))
"""


def have_openpyxl():
    try:
        return subprocess.run(["/usr/bin/python3", "-c", "import openpyxl"], capture_output=True).returncode == 0
    except OSError:
        return False


class RightsCli(CliTest):
    @classmethod
    def setUpClass(cls):
        cls._base = tempfile.TemporaryDirectory()
        db = os.path.join(cls._base.name, "centre.db")
        r = run("--db", db, "init", "--admin", "admin", "--policy", MILANOWEK)
        assert r.returncode == 0, r.stderr
        for login, role, name in STAFF:
            r = run("--db", db, "--user", "admin", "user", "add", login, "--role", role, "--name", name,
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
            os.chmod(os.path.join(self.dir, name), 0o600)
        self.pesel = pesel(1950, 3, 15, 211, True)
        r = self.kipus("person", "add", "--pesel", self.pesel, "--first-name", "Zofia", "--last-name",
                       "Wiśniewska", "--phone", "600 100 200", "--address", "ul. Kościuszki 12, Milanówek")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.pid = int(r.stdout.strip())
        r = self.kipus("record", "add", str(self.pid), "--category", "disability", "--kind", "degree",
                       "--degree", "moderate", "--date", "2022-01-15", "--source", "orzeczenie PZON 7/2022")
        self.assertEqual(r.returncode, 0, r.stderr)

    def as_user(self, login, *args, **kw):
        return run("--db", self.db, "--user", login, *args, passphrase=login + " passphrase", **kw)

    def kipus(self, *args, **kw):
        return self.as_user("akowalska", "--purpose", "qualification", *args, **kw)

    def iod(self, *args, **kw):
        return self.as_user("iodmil", *args, **kw)

    def test_export_json_and_xlsx(self):
        out = os.path.join(self.dir, "copy.json")
        r = self.iod("rights", "export", str(self.pid), "--out", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(out, encoding="utf-8") as f:
            doc = json.load(f)
        self.assertEqual(doc["person"]["last_name"], "Wiśniewska")
        self.assertEqual(doc["person"]["pesel"], self.pesel)
        self.assertEqual(doc["records"][0]["source_document"], "orzeczenie PZON 7/2022")
        self.assertTrue(any(c["operation"] == "rights.export" for c in doc["consultations"]))
        self.assertTrue(any(p["purpose"] == "qualification" for p in doc["purposes"]))
        with open(out, encoding="utf-8") as f:
            text = f.read()
        for staff in ("akowalska", "iodmil", "Anna Kowalska"):
            self.assertNotIn(staff, text)
        # by PESEL, as XLSX; read back with openpyxl
        xl = os.path.join(self.dir, "copy.xlsx")
        r = self.iod("rights", "export", "--pesel", self.pesel, "--out", xl)
        self.assertEqual(r.returncode, 0, r.stderr)
        if not have_openpyxl():
            self.skipTest("openpyxl is not installed for /usr/bin/python3")
        r = subprocess.run(["/usr/bin/python3", "-c", READ_XLSX, xl], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        sheets = json.loads(r.stdout)
        for title in ("Dane osobowe", "Dane szczególne", "Wnioski", "Decyzje", "IPUS", "Usługi zrealizowane",
                      "Cele i podstawy prawne", "Kategorie danych", "Odbiorcy danych", "Okres przechowywania",
                      "Źródła danych", "Odczyty i udostępnienia", "Historia zmian (art. 16)"):
            self.assertIn(title, sheets)
        person = {row[0]: row[1] for row in sheets["Dane osobowe"]}
        self.assertEqual(person["Nazwisko"], "Wiśniewska")
        self.assertEqual(person["PESEL"], self.pesel)
        self.assertEqual(sheets["Dane szczególne"][1][1], "disability")
        flat = json.dumps(sheets, ensure_ascii=False)
        for staff in ("akowalska", "iodmil", "Anna Kowalska"):
            self.assertNotIn(staff, flat)
        # a KIPUS may not export: exit 4
        r = self.kipus("rights", "export", str(self.pid), "--out", os.path.join(self.dir, "k.json"))
        self.assertEqual(r.returncode, 4)
        r = self.iod("rights", "export", str(self.pid))
        self.assertEqual(r.returncode, 2)

    def test_rectify_and_history(self):
        r = self.kipus("rights", "rectify", str(self.pid), "--field", "last_name", "--value", "Nowak",
                       "--reason", "akt małżeństwa")
        self.assertEqual(r.returncode, 0, r.stderr)
        r = self.kipus("person", "history", str(self.pid), "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        h = json.loads(r.stdout)
        self.assertEqual(h[0]["field"], "last_name")
        self.assertEqual(h[0]["old_value"], "Wiśniewska")
        self.assertEqual(h[0]["reason"], "akt małżeństwa")
        r = self.kipus("rights", "rectify", str(self.pid), "--field", "colour", "--value", "x", "--reason", "y")
        self.assertEqual(r.returncode, 3)

    def test_restrict_and_lift(self):
        r = self.iod("rights", "restrict", str(self.pid), "--reason", "art. 18 ust. 1 lit. a")
        self.assertEqual(r.returncode, 0, r.stderr)
        r = self.kipus("person", "show", str(self.pid), "--json")
        self.assertEqual(r.returncode, 4)
        self.assertIn("restricted under art. 18", r.stderr)
        self.assertNotIn("Wiśniewska", r.stderr)
        r = self.iod("rights", "restrict", str(self.pid), "--reason", "again")
        self.assertEqual(r.returncode, 3)
        r = self.iod("rights", "lift", str(self.pid), "--reason", "potwierdzono")
        self.assertEqual(r.returncode, 0, r.stderr)
        r = self.kipus("person", "show", str(self.pid))
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_erase_refused_while_kept(self):
        # a person with a decided application: the case file is kept (art. 17(3) lit. b)
        r = self.kipus("apply", "--person", str(self.pid), "--service", "family_mediation", "--date", "2022-03-01")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.kipus("qualify", r.stdout.strip()).returncode, 0)
        r = self.as_user("archiw", "--purpose", "data_subject_request", "rights", "erase", str(self.pid),
                         "--reason", "wniosek osoby z 2026-11-30", "--json")
        self.assertEqual(r.returncode, 11, r.stdout + r.stderr)
        out = json.loads(r.stdout)
        self.assertFalse(out["erased"])
        self.assertIn("17", out["ground"])
        self.assertRegex(out["retained_until"], r"^\d{4}-01-01$")
        # the person is still there
        self.assertEqual(self.kipus("person", "show", str(self.pid)).returncode, 0)
        # the refusal is recorded: asking again gives a new request, the same ground and date
        r = self.as_user("archiw", "--purpose", "data_subject_request", "rights", "erase", str(self.pid),
                         "--reason", "ponowny wniosek osoby", "--json")
        again = json.loads(r.stdout)
        self.assertEqual((again["ground"], again["retained_until"]), (out["ground"], out["retained_until"]))
        self.assertGreater(again["request"], out["request"])
        other = str(self.pid)
        # the IOD may not erase (no write permission); without --reason it is a usage error
        r = self.iod("--purpose", "data_subject_request", "rights", "erase", other, "--reason", "x" * 30)
        self.assertEqual(r.returncode, 4, r.stderr)
        r = self.as_user("archiw", "--purpose", "data_subject_request", "rights", "erase", other)
        self.assertEqual(r.returncode, 2)

    def test_register(self):
        r = self.iod("rights", "register")
        self.assertEqual(r.returncode, 0, r.stderr)
        reg = json.loads(r.stdout)
        self.assertIn("controller", reg)
        self.assertIn("data_subject_request", [a["purpose"] for a in reg["activities"]])
        out = os.path.join(self.dir, "register.xlsx")
        r = self.iod("rights", "register", "--out", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(os.path.getsize(out) > 0)

    def test_break_glass_and_reports(self):
        r = self.kipus("--break-glass", "too short", "record", "list", str(self.pid), "--category", "judgment")
        self.assertEqual(r.returncode, 3)
        r = self.kipus("record", "list", str(self.pid), "--category", "judgment")
        self.assertEqual(r.returncode, 4)
        r = self.kipus("--break-glass", "wezwanie pogotowia, potrzebne orzeczenie sądu", "record", "list",
                       str(self.pid), "--category", "judgment", "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        r = self.iod("audit", "break-glass", "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        bg = json.loads(r.stdout)
        self.assertEqual(len(bg), 1)
        self.assertEqual(bg[0]["user"], "akowalska")
        self.assertEqual(bg[0]["reads"], 1)
        self.assertEqual(bg[0]["end_reason"], "closed")
        r = self.iod("audit", "acknowledge", str(bg[0]["id"]), "--note", "zasadne")
        self.assertEqual(r.returncode, 0, r.stderr)
        r = self.iod("audit", "break-glass", "--json")
        self.assertEqual(json.loads(r.stdout), [])
        r = self.iod("audit", "anomalies", "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        anomalies = json.loads(r.stdout)
        self.assertIsInstance(anomalies, list)  # which kinds depends on the hour the test runs
        for a in anomalies:
            self.assertNotIn("Wiśniewska", a["detail"])
        out = os.path.join(self.dir, "report.json")
        r = self.iod("audit", "report", "--person", str(self.pid), "--out", out, "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertGreater(json.loads(r.stdout)["entries"], 2)
        with open(out, encoding="utf-8") as f:
            rep = json.load(f)
        self.assertTrue(any(e["user"] == "akowalska" for e in rep["entries"]))
        self.assertTrue(all(e["subject"] == "p-%d" % self.pid for e in rep["entries"]))


if __name__ == "__main__":
    unittest.main()
