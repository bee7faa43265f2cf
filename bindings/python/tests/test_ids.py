"""PESEL, NIP and REGON checks through the binding (synthetic numbers only)."""
import unittest

import cus


def pesel(year, month, day, serial=123, female=False):
    """A synthetic PESEL with a valid check digit."""
    m = month + {18: 80, 19: 0, 20: 20, 21: 40, 22: 60}[year // 100]
    sex = serial % 10 // 2 * 2 + (0 if female else 1)
    digits = "%02d%02d%02d%03d%d" % (year % 100, m, day, serial // 10 % 1000, sex)
    w = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
    return digits + str((10 - sum(int(d) * k for d, k in zip(digits, w)) % 10) % 10)


def with_check(digits, weights, mod10=False):
    s = sum(int(d) * w for d, w in zip(digits, weights)) % 11
    return digits + str(s % 10)


class IdsTest(unittest.TestCase):
    def test_pesel(self):
        p = pesel(2004, 2, 29, 412, female=True)
        self.assertEqual(cus.check_pesel(p), {"birth_date": "2004-02-29", "sex": "F"})
        self.assertEqual(cus.check_pesel(pesel(1899, 12, 31, 7))["birth_date"], "1899-12-31")
        bad = p[:-1] + str((int(p[-1]) + 1) % 10)
        with self.assertRaises(cus.InvalidInputError) as cm:
            cus.check_pesel(bad)
        self.assertEqual(cm.exception.field, "pesel")
        self.assertNotIn(bad, str(cm.exception))
        with self.assertRaises(cus.InvalidInputError):
            cus.check_pesel(pesel(2001, 2, 28)[:4] + "29" + "00000")   # 29 Feb 2001 does not exist
        with self.assertRaises(TypeError):
            cus.check_pesel(12345678901)

    def test_nip_and_regon(self):
        nip = with_check("123456321", (6, 5, 7, 2, 3, 4, 5, 6, 7))
        self.assertEqual(cus.check_nip(nip[:3] + "-" + nip[3:6] + "-" + nip[6:8] + "-" + nip[8:]), nip)
        with self.assertRaises(cus.InvalidInputError) as cm:
            cus.check_nip(nip[:-1] + str((int(nip[-1]) + 1) % 10))
        self.assertEqual(cm.exception.field, "nip")
        regon = with_check("12345678", (8, 9, 2, 3, 4, 5, 6, 7))
        self.assertEqual(cus.check_regon(regon), regon)
        with self.assertRaises(cus.InvalidInputError):
            cus.check_regon("12345")


if __name__ == "__main__":
    unittest.main()
