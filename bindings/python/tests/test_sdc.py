"""Statistical disclosure control through the binding: cus.suppress and
cus.suppress_periods, checked against an exact rational-arithmetic checker
written here (fractions.Fraction), independent of libcus."""
import random
import unittest
from fractions import Fraction

import cus


def equations(rows, cols, row_totals, col_totals):
    """The additivity equations on the extended grid, as {cell: coefficient}."""
    er, ec = rows + (1 if col_totals else 0), cols + (1 if row_totals else 0)
    eqs = []
    if row_totals:
        for r in range(er):
            eqs.append({(r, c): (-1 if c == cols else 1) for c in range(ec)})
    if col_totals:
        for c in range(ec):
            eqs.append({(r, c): (-1 if r == rows else 1) for r in range(er)})
    return eqs


def determined(p):
    """The suppressed cells of a pattern that the published cells and totals
    determine: e_u in the row space of the equations restricted to the
    suppressed cells, by rank: rank(A_U) - rank(A_U without u) == 1."""
    unknown = sorted(p.suppressed)
    eqs = equations(p.rows, p.cols, p.row_totals is not None, p.column_totals is not None)

    def rank(cells):
        m = [[Fraction(e.get(u, 0)) for u in cells] for e in eqs]
        m = [row for row in m if any(row)]
        rk, col = 0, 0
        while rk < len(m) and col < len(cells):
            piv = next((i for i in range(rk, len(m)) if m[i][col] != 0), None)
            if piv is None:
                col += 1
                continue
            m[rk], m[piv] = m[piv], m[rk]
            for i in range(len(m)):
                if i != rk and m[i][col] != 0:
                    f = m[i][col] / m[rk][col]
                    m[i] = [a - f * b for a, b in zip(m[i], m[rk])]
            rk += 1
            col += 1
        return rk

    full = rank(unknown)
    return [u for u in unknown if full - rank([v for v in unknown if v != u]) == 1]


class SuppressTest(unittest.TestCase):
    def test_list_one_small_cell(self):
        p = cus.suppress([3, 20, 30])
        self.assertEqual(p.table(), [["x"], ["x"], [30], [53]])
        self.assertEqual([row[0] for row in p.cells], ["small_count", "secondary", "published"])
        self.assertEqual(p.column_totals, ["published"])
        self.assertIsNone(p.row_totals)
        self.assertEqual((p.primary, p.secondary), (1, 1))
        self.assertEqual(determined(p), [])

    def test_two_by_two(self):
        p = cus.suppress([[4, 20], [30, 40]])
        self.assertEqual(p.table(), [["x", "x", 24], ["x", "x", 70], [34, 60, 94]])
        self.assertEqual(p.status(0, 0), "small_count")
        self.assertTrue(p.is_suppressed(1, 1))
        self.assertEqual(p.grand_total, "published")
        self.assertEqual(p.table(marker=None)[0][:2], [None, None])

    def test_suppressed_never_zero(self):
        p = cus.suppress([[0, 5], [30, 40]])
        self.assertEqual(p.status(0, 0), "published")      # a structural zero is published
        for r, c in p.suppressed:
            self.assertEqual(p.table()[r][c], "x")

    def test_threshold(self):
        self.assertEqual(cus.SDC_K_DEFAULT, 10)
        self.assertEqual(cus.SDC_K_MIN, 3)
        with self.assertRaises(cus.InvalidInputError) as cm:
            cus.suppress([1, 50, 60], k=2)
        self.assertEqual(cm.exception.field, "k")
        self.assertEqual(cus.suppress([3, 50, 60], k=3).suppressed, frozenset())
        self.assertEqual(cus.suppress([3, 50, 60], k=4).status(0, 0), "small_count")

    def test_amounts(self):
        p = cus.suppress([(100000, 3, 80000), (100000, 4, 75000), (500000, 10, 60000)], amounts=True)
        self.assertEqual(p.status(0, 0), "dominance")
        self.assertEqual(p.status(1, 0), "secondary")
        self.assertEqual(p.table(), [["x"], ["x"], [500000], [700000]])
        p = cus.suppress([(250000, 2, 150000), 0, (400000, 5, 100000), (300000, 3, 100000)], amounts=True)
        self.assertEqual([p.status(i, 0) for i in range(4)],
                         ["few_contributors", "published", "published", "secondary"])
        with self.assertRaises(cus.InvalidInputError) as cm:
            cus.suppress([(100, 0, 0)], amounts=True)
        self.assertEqual(cm.exception.field, "contributors")
        with self.assertRaises(cus.InvalidInputError) as cm:
            cus.suppress([(100, 3, 40)], amounts=True, dominance=80)
        self.assertEqual(cm.exception.field, "dominance_percent")

    def test_costs_and_totals(self):
        p = cus.suppress([3, 20, 30], costs=[None, 1000, None])
        self.assertEqual(p.table(), [["x"], [20], ["x"], [53]])
        p = cus.suppress([[12, 4], [30, 25]], totals="rows")
        self.assertIsNone(p.column_totals)
        self.assertEqual(p.table(), [["x", "x", 16], [30, 25, 55]])
        self.assertEqual(cus.suppress([[12, 4]], totals=False).table(), [[12, "x"]])
        # distinct persons: the total is not the sum
        with self.assertRaises(cus.InvalidInputError) as cm:
            cus.suppress([[12, 15]], totals="rows", row_totals=[20])
        self.assertEqual(cm.exception.field, "total")
        p = cus.suppress([[12, 15]], totals="rows", row_totals=[20], nonadditive=True)
        self.assertEqual(p.table(), [[12, 15, 20]])
        with self.assertRaises(cus.InvalidInputError) as cm:
            cus.suppress([[1, 2], [3]])
        self.assertEqual(cm.exception.field, "rows")
        with self.assertRaises(cus.InvalidInputError):
            cus.suppress([-1, 5])
        with self.assertRaises(TypeError):
            cus.suppress([1.5, 5])

    def test_periods(self):
        a, b = cus.suppress_periods([[3, 40, 50, 60], [45, 40, 50, 6]])
        self.assertEqual(a.suppressed, b.suppressed)
        self.assertEqual(a.status(0, 0), "small_count")
        self.assertEqual(a.status(3, 0), "secondary")
        self.assertEqual(b.status(3, 0), "small_count")
        self.assertEqual(b.status(0, 0), "secondary")
        with self.assertRaises(cus.InvalidInputError) as cm:
            cus.suppress_periods([[1, 2], [1, 2, 3]])
        self.assertEqual(cm.exception.field, "tables")

    def test_random_tables(self):
        rnd = random.Random(7)
        secondary = 0
        for _ in range(120):
            rows, cols, k = rnd.randint(1, 5), rnd.randint(1, 4), rnd.choice([3, 5, 10])
            totals = rnd.choice([True, True, "rows", "columns", False])
            grid = [[rnd.choice([0, rnd.randint(1, k - 1), rnd.randint(k, 100), rnd.randint(k, 100)])
                     for _ in range(cols)] for _ in range(rows)]
            p = cus.suppress(grid, k=k, totals=totals)
            secondary += p.secondary
            self.assertEqual(determined(p), [], (grid, k, totals, sorted(p.suppressed)))
            for r, row in enumerate(p.table()):
                for c, v in enumerate(row):
                    if v != "x":
                        self.assertFalse(0 < v < k)
                    self.assertEqual(p.values[r][c] == 0 and v == "x", False)
        self.assertGreater(secondary, 30)
        # periods: one pattern protecting each
        for _ in range(30):
            rows, cols = rnd.randint(1, 4), rnd.randint(1, 4)
            tables = [[[rnd.choice([0, rnd.randint(1, 9), rnd.randint(10, 80)]) for _ in range(cols)]
                       for _ in range(rows)] for _ in range(3)]
            ps = cus.suppress_periods(tables)
            for p, t in zip(ps, tables):
                self.assertEqual(p.suppressed, ps[0].suppressed)
                self.assertEqual(determined(p), [])
                for r in range(rows):
                    for c in range(cols):
                        if 0 < t[r][c] < 10:
                            self.assertEqual(p.status(r, c), "small_count")


if __name__ == "__main__":
    unittest.main()
