"""cus import applications | deliveries, driven as a user would: files from
Polish Excel (CP1250, ';') and UTF-8 ',' files, the report on stderr and in
--json, exit 3 for a file with bad rows (nothing stored).

Needs CUS_BIN (the built `cus`). Standard library only.
"""
import json
import os
import unittest

from test_cli import run
from test_registry_cli import RegistryCli, pesel


class CaseImportCli(RegistryCli):
    USERS = (("ous1", "ous"), ("dyrektor", "director"))

    def ous(self, *args, purpose="qualification", **kw):
        extra = ("--purpose", purpose) if purpose else ()
        return self.as_user("ous1", *extra, *args, **kw)

    def file(self, name, text, encoding="utf-8"):
        path = os.path.join(self.dir, name)
        with open(path, "wb") as f:
            f.write(text.encode(encoding))
        return path

    def persons(self, n=3):
        """n persons with PESELs (ids 1..n)."""
        rows = [(pesel(1950 + i, 1 + i, 10 + i, 400 + i, i % 2 == 0)) for i in range(n)]
        path = self.file("persons.csv", "pesel,first_names,last_name\n" +
                         "".join("%s,Ewa,Próbna\n" % p for p in rows))
        self.ok(self.ous("import", "persons", path))
        return rows

    def applications(self):
        r = self.ok(self.ous("application", "list", "--json"))
        return json.loads(r.stdout)

    def test_applications_cp1250_excel(self):
        p = self.persons()
        path = self.file("wnioski.csv", "Osoba;PESEL;Usługa;Data;Data oświadczenia\r\n"
                         "1;;legal_counselling;1.3.2022;2.3.2022\r\n"
                         ";%s;diagnostic_point;14.03.2022;\r\n" % p[2], "cp1250")
        r = self.ok(self.ous("import", "applications", path))
        self.assertIn("imported 2 of 2 rows", r.stdout)
        self.assertIn("cp1250", r.stdout)
        apps = self.applications()
        self.assertEqual(sorted((a["person_id"], a["service"], a["date"]) for a in apps),
                         [(1, "legal_counselling", "2022-03-01"), (3, "diagnostic_point", "2022-03-14")])

    def test_applications_bad_rows_exit_3_listed(self):
        p = self.persons()
        path = self.file("bad.csv", "person,pesel,service,date\n"
                         "1,,legal_counselling,2022-03-01\n"
                         "1,,no_such_service,2022-03-01\n"
                         "99,,legal_counselling,2022-03-01\n"
                         ",%s,legal_counselling,2022-02-30\n" % p[0])
        r = self.ous("import", "applications", path)
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertIn(path + ":line 3: service: ", r.stderr)
        self.assertIn(path + ":line 4: person: ", r.stderr)
        self.assertIn(path + ":line 5: date: ", r.stderr)
        self.assertNotIn(p[0], r.stderr)                  # no personal data in messages
        r = self.ous("--json", "import", "applications", path)
        self.assertEqual(r.returncode, 3)
        report = json.loads(r.stdout)
        self.assertFalse(report["ok"])
        self.assertEqual(report["imported"], 0)
        self.assertEqual(report["rows"], 4)
        self.assertEqual([(e["line"], e["field"]) for e in report["errors"]],
                         [(3, "service"), (4, "person"), (5, "date")])
        self.assertEqual(self.applications(), [])

    def test_deliveries_after_qualification(self):
        p = self.persons()
        apps = self.file("a.csv", "osoba,usluga,data\n1,legal_counselling,2022-03-01\n"
                         "2,diagnostic_point,2022-03-01\n")
        self.ok(self.ous("import", "applications", apps))
        self.ok(self.ous("qualify", "--pending"))
        path = self.file("d.csv", "PESEL,Usługa,Data,Liczba,Koszt,Źródło finansowania\n"
                         "%s,legal_counselling,2022-03-02,1,\"120,00\",\n"
                         "%s,diagnostic_point,2022-03-03,\"1,5\",80,eu_mcus\n" % (p[0], p[1]))
        r = self.ok(self.ous("--json", "import", "deliveries", path, purpose="service_delivery"))
        report = json.loads(r.stdout)
        self.assertTrue(report["ok"])
        self.assertEqual(report["imported"], 2)
        self.assertEqual(report["delimiter"], ",")
        # a file with bad rows: before the qualification, cost not a number, units zero
        bad = self.file("bad.csv", "osoba;usluga;data;jednostki;koszt\n"
                        "1;legal_counselling;2022-02-01;1;10\n"
                        "1;legal_counselling;2022-03-05;1;abc\n"
                        "1;legal_counselling;2022-03-05;0;10\n"
                        "1;legal_counselling;2022-03-05;1;10\n")
        r = self.ous("--json", "import", "deliveries", bad, purpose="service_delivery")
        self.assertEqual(r.returncode, 3, r.stderr)
        report = json.loads(r.stdout)
        self.assertEqual([(e["line"], e["field"]) for e in report["errors"]],
                         [(2, "date"), (3, "cost"), (4, "units")])
        self.assertEqual(report["imported"], 0)

    def test_usage_purpose_and_denied(self):
        path = self.file("x.csv", "person,service,date\n1,legal_counselling,2022-03-01\n")
        for args in (("import", "cases", path), ("import", "applications"),
                     ("import", "deliveries", path, "--delimiter", "|")):
            self.assertEqual(self.ous(*args).returncode, 2, args)
        r = self.ous("import", "deliveries", path, purpose=None)
        self.assertEqual(r.returncode, 2)
        self.assertIn("--purpose", r.stderr)
        r = self.as_user("dyrektor", "--purpose", "reporting", "import", "applications", path)
        self.assertEqual(r.returncode, 4, r.stderr)
        r = self.ous("import", "applications", os.path.join(self.dir, "missing.csv"))
        self.assertEqual(r.returncode, 3, r.stderr)

    def test_help_names_every_kind(self):
        r = run("import", "--help", passphrase=None)
        self.assertEqual(r.returncode, 0)
        for kind in ("persons", "applications", "deliveries"):
            self.assertIn(kind, r.stdout)


if __name__ == "__main__":
    unittest.main()
