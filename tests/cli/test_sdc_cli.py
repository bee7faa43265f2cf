"""cus suppress: statistical disclosure control of a CSV table, no database."""
import json
import os
import tempfile
import unittest

from test_cli import run

TABLE = ("Usługa;Kobiety;Mężczyźni;Razem\r\n"
         "Asystent;12;4;16\r\n"
         "Opieka;30;25;55\r\n"
         "Porady;40;38;78\r\n"
         "Razem;82;67;149\r\n")


class SuppressCli(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.dir = self._tmp.name

    def tearDown(self):
        self._tmp.cleanup()

    def write(self, name, text, encoding="utf-8"):
        path = os.path.join(self.dir, name)
        with open(path, "w", encoding=encoding, newline="") as f:
            f.write(text)
        return path

    def test_csv_out(self):
        src = self.write("t.csv", TABLE)
        r = run("suppress", src, passphrase=None)
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.splitlines()
        self.assertEqual(lines[0], "Usługa;Kobiety;Mężczyźni;Razem")
        self.assertEqual(lines[1], "Asystent;x;x;16")          # the 4 and its complement
        self.assertEqual(lines[2], "Opieka;x;x;55")
        self.assertEqual(lines[3], "Porady;40;38;78")
        self.assertEqual(lines[4], "Razem;82;67;149")
        out = os.path.join(self.dir, "pub.csv")
        r = run("suppress", src, "--out", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("4 cells suppressed (1 primary, 3 secondary)", r.stdout)
        with open(out, encoding="utf-8", newline="") as f:
            self.assertEqual(f.read().splitlines()[1], "Asystent;x;x;16")

    def test_json(self):
        src = self.write("t.csv", TABLE)
        r = run("suppress", src, "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        doc = json.loads(r.stdout)
        self.assertEqual(doc["k"], 10)
        self.assertEqual(doc["columns"], ["Kobiety", "Mężczyźni", "Razem"])
        self.assertTrue(doc["row_totals"] and doc["column_totals"])
        first = doc["rows"][0]
        self.assertEqual(first["label"], "Asystent")
        self.assertEqual(first["cells"][1], {"status": "small_count", "suppressed": True, "value": None})
        self.assertEqual(first["cells"][0]["status"], "secondary")
        self.assertIsNone(first["cells"][0]["value"])          # never shown, not even as 0
        self.assertEqual(first["cells"][2], {"status": "published", "suppressed": False, "value": 16})
        self.assertTrue(doc["rows"][-1]["total"])
        self.assertEqual((doc["suppressed"], doc["primary"], doc["secondary"]), (4, 1, 3))

    def test_list_k_and_cp1250(self):
        text = "Wiek;Osoby\n0-17;3\n18-64;20\n65+;30\nOgółem;53\n"
        src = self.write("l.csv", text, encoding="cp1250")
        r = run("suppress", src, "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        doc = json.loads(r.stdout)
        self.assertEqual([row["cells"][0]["status"] for row in doc["rows"]],
                         ["small_count", "secondary", "published", "published"])
        self.assertEqual(doc["rows"][3]["label"], "Ogółem")
        r = run("suppress", src, "--k", "3")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("x", r.stdout.replace("\r", ""))
        r = run("suppress", src, "--k", "2", "--json")
        self.assertEqual(r.returncode, 3)
        self.assertEqual(json.loads(r.stderr)["error"]["field"], "k")

    def test_amounts(self):
        text = ("Rodzaj;Kwota\n"
                "Zasiłek;\"1 000,00/3/800,00\"\n"      # one contributor has 80 %
                "Posiłki;1000,00/4/300,00\n"
                "Opał;5000,00/10/600,00\n"
                "Razem;7000,00\n")
        src = self.write("a.csv", text)
        r = run("suppress", src, "--amounts")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.splitlines(), ["Rodzaj;Kwota", "Zasiłek;x", "Posiłki;x", "Opał;5000,00",
                                                 "Razem;7000,00"])
        self.assertNotIn("800", r.stdout)                       # contributions are never published
        r = run("suppress", src, "--amounts", "--json")
        doc = json.loads(r.stdout)
        self.assertEqual(doc["rows"][0]["cells"][0]["status"], "dominance")
        self.assertEqual(doc["rows"][3]["cells"][0]["value"], 700000)   # grosze
        bad = self.write("b.csv", "Rodzaj;Kwota\nZasiłek;1000,00\n")
        r = run("suppress", bad, "--amounts")
        self.assertEqual(r.returncode, 3)
        self.assertIn("line 2", r.stderr)
        self.assertIn("AMOUNT/CONTRIBUTORS/LARGEST", r.stderr)

    def test_bad_input(self):
        src = self.write("t.csv", "a;b;Razem\nx;3;3\ny;20;21\n")
        r = run("suppress", src)
        self.assertEqual(r.returncode, 3)
        self.assertIn("line 3", r.stderr)
        self.assertIn("is 21 but its cells sum to 20 (difference 1)", r.stderr)
        r = run("suppress", src, "--nonadditive")
        self.assertEqual(r.returncode, 0, r.stderr)
        src = self.write("u.csv", "a;b\nx;3\ny;lots\n")
        r = run("suppress", src)
        self.assertEqual(r.returncode, 3)
        self.assertIn("line 3", r.stderr)
        src = self.write("v.csv", "a;b\nx;x\n")
        self.assertIn("already suppressed", run("suppress", src).stderr)
        r = run("suppress", os.path.join(self.dir, "missing.csv"))
        self.assertEqual(r.returncode, 3)
        self.assertEqual(run("suppress").returncode, 2)
        self.assertEqual(run("suppress", src, "--k").returncode, 2)
        self.assertEqual(run("suppress", src, "--k", "ten").returncode, 2)
        self.assertEqual(run("suppress", src, "--bogus").returncode, 2)

    def test_help(self):
        r = run("suppress", "--help")
        self.assertEqual(r.returncode, 0)
        self.assertIn("usage: cus suppress", r.stdout)


if __name__ == "__main__":
    unittest.main()
