"""Data-subject rights and the IOD's tools through the Python binding."""
import os
import shutil
import subprocess
import tempfile
import unittest

import cus
from tests.test_registry import MILANOWEK, pesel


class RightsTest(unittest.TestCase):
    USERS = (("akowalska", "kipus", "Anna Kowalska"), ("iodmil", "iod", "Inspektor Danych"))

    @classmethod
    def setUpClass(cls):
        cls._base = tempfile.TemporaryDirectory()
        path = os.path.join(cls._base.name, "c.db")
        with cus.Database.init(path, "admin", passphrase="admin passphrase", policy=MILANOWEK) as db, \
                db.session("administration") as s:
            for login, role, name in cls.USERS:
                s.add_user(login, role, name=name, passphrase=login + " passphrase")

    @classmethod
    def tearDownClass(cls):
        cls._base.cleanup()

    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        for name in os.listdir(self._base.name):
            shutil.copy(os.path.join(self._base.name, name), self._tmp.name)
        self.path = os.path.join(self._tmp.name, "c.db")
        s = self.session()
        self.pesel = pesel(1950, 3, 15, 311, True)
        self.pid = s.add_person(pesel=self.pesel, first_names="Zofia", last_name="Wiśniewska",
                                phone="600 100 200")
        s.add_record(self.pid, category="disability", kind="degree", degree="moderate", date="2022-01-15",
                     source_document="orzeczenie PZON 9/2022")

    def tearDown(self):
        self._tmp.cleanup()

    def db(self, login):
        db = cus.Database.open(self.path, login, passphrase=login + " passphrase")
        self.addCleanup(db.close)
        return db

    def session(self, login="akowalska", purpose="qualification"):
        s = self.db(login).session(purpose)
        self.addCleanup(s.close)
        return s

    def test_export_as_dict_and_xlsx(self):
        s = self.session("iodmil", "data_subject_request")
        copy = s.export_person(self.pid)
        self.assertEqual(copy["person"]["last_name"], "Wiśniewska")
        self.assertEqual(copy["records"][0]["degree"], "moderate")
        self.assertTrue(any(c["operation"] == "record.add" for c in copy["consultations"]))
        self.assertNotIn("akowalska", repr(copy))
        self.assertEqual(s.export_person(pesel=self.pesel)["person"]["id"], self.pid)
        xl = os.path.join(self._tmp.name, "copy.xlsx")
        s.export_person(self.pid, path=xl)
        r = subprocess.run(["/usr/bin/python3", "-c",
                            "import sys, openpyxl; wb = openpyxl.load_workbook(sys.argv[1]);"
                            " print('|'.join(wb.sheetnames))", xl], capture_output=True, text=True)
        if r.returncode == 0:
            self.assertIn("Dane osobowe", r.stdout)
            self.assertIn("Odczyty i udostępnienia", r.stdout)
        with self.assertRaises(cus.AccessDeniedError):
            self.session().export_person(self.pid)

    def test_rectify_history_restrict(self):
        s = self.session()
        s.rectify(self.pid, "last_name", "Nowak", reason="akt małżeństwa")
        h = s.person_history(self.pid)
        self.assertEqual((h[0]["field"], h[0]["old_value"], h[0]["reason"]),
                         ("last_name", "Wiśniewska", "akt małżeństwa"))
        with self.assertRaises(cus.InvalidInputError):
            s.rectify(self.pid, "colour", "x", reason="y")
        iod = self.session("iodmil", "data_subject_request")
        iod.restrict(self.pid, "art. 18 ust. 1 lit. a")
        self.assertTrue(iod.is_restricted(self.pid))
        with self.assertRaises(cus.AccessDeniedError) as e:
            s.person(self.pid)
        self.assertIn("art. 18", str(e.exception))
        iod.lift(self.pid, "potwierdzono")
        self.assertEqual(s.person(self.pid)["last_name"], "Nowak")

    def test_register_reports_break_glass(self):
        reg = cus.rights.register(self.db("iodmil"))
        self.assertIn("activities", reg)
        with self.assertRaises(cus.InvalidInputError):
            cus.open_break_glass(self.db("akowalska"), "qualification", "short")
        bg = cus.open_break_glass(self.db("akowalska"), "qualification",
                                  "wezwanie pogotowia, potrzebne orzeczenie sądu")
        self.assertGreater(bg.break_glass_id, 0)
        self.assertEqual(bg.records(self.pid, "judgment"), [])
        bg.close()
        a = self.session("iodmil", "audit")
        lst = a.break_glass_list()
        self.assertEqual(len(lst), 1)
        self.assertEqual(lst[0]["reads"], 1)
        a.acknowledge_break_glass(lst[0]["id"], "zasadne")
        self.assertEqual(a.break_glass_list(), [])
        self.assertEqual(len(a.break_glass_list(all=True)), 1)
        rep = a.access_report(person=self.pid)
        self.assertTrue(all(e["subject"] == "p-%d" % self.pid for e in rep["entries"]))
        for an in a.anomalies():
            self.assertIn(an["kind"], cus.ANOMALY_KINDS)


if __name__ == "__main__":
    unittest.main()
