"""cus validate: PESEL, NIP and REGON checks without a database (synthetic numbers)."""
import json
import unittest

from test_cli import run
from test_registry_cli import pesel


def with_check(digits, weights):
    return digits + str(sum(int(d) * w for d, w in zip(digits, weights)) % 11 % 10)


class ValidateCli(unittest.TestCase):
    def test_pesel(self):
        p = pesel(2004, 2, 29, 412, True)
        r = run("--json", "validate", "pesel", p, passphrase=None)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout), {"kind": "pesel", "valid": True, "value": p,
                                                "birth_date": "2004-02-29", "sex": "F"})
        bad = p[:-1] + str((int(p[-1]) + 1) % 10)
        r = run("validate", "pesel", bad, passphrase=None)
        self.assertEqual(r.returncode, 3)
        self.assertIn("check digit", r.stderr)
        self.assertNotIn(bad, r.stderr)   # a PESEL is personal data: never echoed

    def test_nip_regon(self):
        nip = with_check("123456321", (6, 5, 7, 2, 3, 4, 5, 6, 7))
        r = run("validate", "nip", nip[:3] + "-" + nip[3:], passphrase=None)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(nip, r.stdout)
        self.assertEqual(run("validate", "nip", nip[:-1] + str((int(nip[-1]) + 1) % 10)).returncode, 3)
        regon = with_check("12345678", (8, 9, 2, 3, 4, 5, 6, 7))
        self.assertEqual(run("validate", "regon", regon).returncode, 0)
        self.assertEqual(run("validate", "regon", "1234").returncode, 3)

    def test_usage(self):
        self.assertEqual(run("validate", "iban", "x").returncode, 2)
        self.assertEqual(run("validate", "pesel").returncode, 2)


if __name__ == "__main__":
    unittest.main()
