"""Tests of the cus Python binding over the store (db.h).

Run from the repository root:
    CUS_LIBRARY=build/libcus.so PYTHONPATH=bindings/python \
        python3 -m unittest discover -s bindings/python/tests -t bindings/python
"""

import ctypes
import gc
import os
import re
import sqlite3
import stat
import tempfile
import unittest
from unittest import mock

import cus
import cus.errors

PASS = "correct horse battery staple"


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


class TempDirTestCase(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="cus-py-")
        self.dir = self._tmp.name
        self.addCleanup(self._tmp.cleanup)

    def p(self, name):
        return os.path.join(self.dir, name)

    def make_db(self, name="centre.db", user="admin", **kw):
        """Create a database, close it, return its path."""
        path = self.p(name)
        if "passphrase" not in kw and "key_file" not in kw:
            kw["passphrase"] = PASS
        with cus.Database.create(path, user=user, **kw) as db:
            self.assertEqual(db.user, user)
        return path


class TestLibrary(unittest.TestCase):
    def test_version(self):
        v = cus.version()
        self.assertIsInstance(v, str)
        m = re.fullmatch(r"(\d+)\.(\d+)\.(\d+)", v)
        self.assertIsNotNone(m, v)
        major, minor, patch = map(int, m.groups())
        self.assertEqual(cus.version_number(), major * 10000 + minor * 100 + patch)

    def test_error_mapping_matches_library_names(self):
        expected = {
            -1: ("CUS_ERROR", cus.InternalError),
            -2: ("CUS_EINVAL", cus.InvalidInputError),
            -3: ("CUS_ENOMEM", cus.OutOfMemoryError),
            -4: ("CUS_EIO", cus.FileError),
            -5: ("CUS_ENOTFOUND", cus.NotFoundError),
            -6: ("CUS_EEXISTS", cus.ExistsError),
            -7: ("CUS_EKEY", cus.WrongKeyError),
            -8: ("CUS_ENOTDB", cus.NotADatabaseError),
            -9: ("CUS_EKEYSTORE", cus.KeyStoreError),
            -10: ("CUS_EVERSION", cus.VersionError),
            -11: ("CUS_EDENIED", cus.AccessDeniedError),
            -12: ("CUS_EINTEGRITY", cus.IntegrityError),
            -13: ("CUS_ESHREDDED", cus.ShreddedError),
            -14: ("CUS_EBUSY", cus.BusyError),
            -15: ("CUS_ECRYPTO", cus.CryptoError),
        }
        for code, (name, cls) in expected.items():
            with self.subTest(code=code):
                self.assertEqual(cus.error_name(code), name)
                self.assertIs(cus.errors.exception_for(code), cls)
                self.assertTrue(issubclass(cls, cus.Error))
                self.assertTrue(cus.strerror(code))
        self.assertEqual(cus.error_name(-999), "CUS_UNKNOWN")
        self.assertIs(cus.errors.exception_for(-999), cus.Error)
        with self.assertRaises(cus.Error) as cm:
            cus.errors.check(-999)
        self.assertIs(type(cm.exception), cus.Error)
        self.assertEqual(cm.exception.code, -999)
        self.assertEqual(cus.errors.check(0), 0)
        self.assertEqual(cus.errors.check(3), 3)

    def test_kdf_limits(self):
        i, m, s = (cus.kdf_limits(k) for k in ("interactive", "moderate", "sensitive"))
        self.assertEqual(i, (2, 64 << 20))
        self.assertEqual(m, (3, 256 << 20))
        self.assertEqual(s, (4, 1 << 30))
        with self.assertRaises(ValueError):
            cus.kdf_limits("fast")


class TestCreateOpen(TempDirTestCase):
    def test_create_then_open(self):
        path = self.make_db()
        self.assertTrue(os.path.isfile(path))
        self.assertTrue(os.path.isfile(path + ".keys"))
        with cus.Database.open(path, user="admin", passphrase=PASS) as db:
            self.assertEqual(db.user, "admin")
        # login None: the only slot
        with cus.Database.open(path, passphrase=PASS) as db:
            self.assertEqual(db.user, "admin")

    def test_open_pathlike_and_read_only(self):
        import pathlib
        path = pathlib.Path(self.make_db())
        with cus.Database.open(path, passphrase=PASS, read_only=True) as db:
            self.assertEqual(db.user, "admin")
            self.assertEqual(db.info()["user"], "admin")

    def test_context_manager_closes(self):
        path = self.make_db()
        with cus.Database.open(path, passphrase=PASS) as db:
            self.assertFalse(db.closed)
        self.assertTrue(db.closed)
        with self.assertRaises(ValueError):
            db.info()
        with self.assertRaises(ValueError):
            db.user
        db.close()  # idempotent
        # also on an exception, which propagates
        with self.assertRaises(KeyError):
            with cus.Database.open(path, passphrase=PASS) as db2:
                raise KeyError("boom")
        self.assertTrue(db2.closed)

    def test_close_frees_handle_once_and_on_gc(self):
        path = self.make_db()
        real = cus.Database._close_fn
        calls = []

        def spy(handle):
            calls.append(bool(handle))
            real(handle)

        with mock.patch.object(cus.Database, "_close_fn", staticmethod(spy)):
            db = cus.Database.open(path, passphrase=PASS)
            db.close()
            db.close()
            self.assertEqual(calls, [True])
            db = cus.Database.open(path, passphrase=PASS)
            del db
            gc.collect()
            self.assertEqual(calls, [True, True])

    def test_keys_are_freed(self):
        lib = cus._lib.lib
        made, freed = [], []
        real_pass, real_file, real_free = (lib.cus_key_from_passphrase,
                                           lib.cus_key_from_file, lib.cus_key_free)

        def from_passphrase(out, p, n):
            rc = real_pass(out, p, n)
            made.append(ctypes.addressof(out._obj.contents) if out._obj else None)
            return rc

        def from_file(out, path):
            rc = real_file(out, path)
            made.append(ctypes.addressof(out._obj.contents) if out._obj else None)
            return rc

        def free(key):
            freed.append(ctypes.addressof(key.contents) if key else None)
            real_free(key)

        kf = self.p("svc.key")
        cus.generate_key_file(kf)
        with mock.patch.object(lib, "cus_key_from_passphrase", from_passphrase), \
                mock.patch.object(lib, "cus_key_from_file", from_file), \
                mock.patch.object(lib, "cus_key_free", free):
            path = self.make_db()
            with self.assertRaises(cus.WrongKeyError):
                cus.Database.open(path, passphrase="wrong passphrase")
            with cus.Database.open(path, passphrase=PASS) as db:
                db.change_passphrase(key_file=kf)
            with cus.Database.open(path, key_file=kf):
                pass
        made = [m for m in made if m]
        self.assertEqual(len(made), 5)
        self.assertEqual(sorted(made), sorted(f for f in freed if f))

    def test_wrong_passphrase(self):
        path = self.make_db()
        before = (read_bytes(path), read_bytes(path + ".keys"))
        with self.assertRaises(cus.WrongKeyError) as cm:
            cus.Database.open(path, passphrase="not the passphrase")
        # db.h: a failed open changes no byte of any file
        self.assertEqual((read_bytes(path), read_bytes(path + ".keys")), before)
        e = cm.exception
        self.assertIsInstance(e, cus.Error)
        self.assertEqual(e.code, -7)
        self.assertEqual(e.name, "CUS_EKEY")
        self.assertIsInstance(e.message, str)
        self.assertTrue(e.message)
        self.assertIn("CUS_EKEY", str(e))
        self.assertNotIn("not the passphrase", str(e))

    def test_missing_file_and_unknown_user(self):
        with self.assertRaises(cus.NotFoundError):
            cus.Database.open(self.p("nothing.db"), passphrase=PASS)
        self.assertFalse(os.path.exists(self.p("nothing.db")))
        path = self.make_db()
        with self.assertRaises(cus.NotFoundError):
            cus.Database.open(path, user="nobody", passphrase=PASS)

    def test_random_bytes_is_not_a_database(self):
        path = self.p("random.db")
        with open(path, "wb") as f:
            f.write(os.urandom(8192))
        with self.assertRaises(cus.NotADatabaseError):
            cus.Database.open(path, passphrase=PASS)

    def test_plain_sqlite_is_not_a_database(self):
        path = self.p("plain.db")
        con = sqlite3.connect(path)
        con.execute("CREATE TABLE t (x INTEGER)")
        con.execute("INSERT INTO t VALUES (1)")
        con.commit()
        con.close()
        before = read_bytes(path)
        with self.assertRaises(cus.NotADatabaseError):
            cus.Database.open(path, passphrase=PASS)
        self.assertEqual(read_bytes(path), before)

    def test_key_store_of_another_database(self):
        a = self.make_db("a.db")
        b = self.make_db("b.db")
        os.replace(b + ".keys", a + ".keys")
        with self.assertRaises(cus.NotADatabaseError):
            cus.Database.open(a, passphrase=PASS)

    def test_missing_key_store(self):
        path = self.make_db()
        os.remove(path + ".keys")
        # db.h: CUS_ENOTDB for "a missing key store"
        with self.assertRaises(cus.NotADatabaseError):
            cus.Database.open(path, passphrase=PASS)

    def test_damaged_key_store(self):
        path = self.make_db()
        with open(path + ".keys", "wb") as f:
            f.write(os.urandom(4096))
        # db.h: CUS_EKEYSTORE for a damaged key store
        before = read_bytes(path)
        with self.assertRaises(cus.KeyStoreError) as cm:
            cus.Database.open(path, passphrase=PASS)
        self.assertEqual(cm.exception.code, -9)
        self.assertEqual(read_bytes(path), before)

    def test_separate_key_store_path(self):
        path = self.p("centre.db")
        ks = self.p("elsewhere.keys")
        with cus.Database.create(path, user="admin", passphrase=PASS, keystore=ks):
            pass
        self.assertTrue(os.path.isfile(ks))
        self.assertFalse(os.path.exists(path + ".keys"))
        with cus.Database.open(path, passphrase=PASS, keystore=ks) as db:
            self.assertEqual(db.user, "admin")

    def test_create_over_existing_file(self):
        path = self.p("exists.db")
        with open(path, "wb") as f:
            f.write(b"precious")
        with self.assertRaises(cus.ExistsError):
            cus.Database.create(path, user="admin", passphrase=PASS)
        with open(path, "rb") as f:
            self.assertEqual(f.read(), b"precious")
        self.assertFalse(os.path.exists(path + ".keys"))
        # an existing database too
        db = self.make_db()
        with self.assertRaises(cus.ExistsError):
            cus.Database.create(db, user="admin", passphrase="another one")
        with cus.Database.open(db, passphrase=PASS):
            pass
        # an existing key store alone
        lone = self.p("lone.db")
        with open(lone + ".keys", "wb") as f:
            f.write(b"x")
        with self.assertRaises(cus.ExistsError):
            cus.Database.create(lone, user="admin", passphrase=PASS)
        self.assertFalse(os.path.exists(lone))

    def test_bad_login(self):
        with self.assertRaises(cus.InvalidInputError):
            cus.Database.create(self.p("x.db"), user="Bad Login!", passphrase=PASS)
        self.assertFalse(os.path.exists(self.p("x.db")))

    def test_bytes_passphrase(self):
        raw = b"\xff\xfe\x01 not utf-8 \x80"
        path = self.make_db(passphrase=raw)
        with cus.Database.open(path, passphrase=raw) as db:
            self.assertEqual(db.user, "admin")
        with self.assertRaises(cus.WrongKeyError):
            cus.Database.open(path, passphrase=raw[:-1])
        # a str passphrase is its UTF-8 encoding
        path2 = self.make_db("pl.db", passphrase="zażółć gęślą jaźń")
        with cus.Database.open(path2, passphrase="zażółć gęślą jaźń".encode("utf-8")):
            pass
        with self.assertRaises(cus.WrongKeyError):
            cus.Database.open(path2, passphrase="zażółć gęślą jaźń".encode("cp1250"))

    def test_passphrase_length(self):
        path = self.make_db()
        with self.assertRaises(cus.InvalidInputError):
            cus.Database.open(path, passphrase="")
        with self.assertRaises(cus.InvalidInputError):
            cus.Database.open(path, passphrase=b"x" * 4097)
        with self.assertRaises(cus.InvalidInputError) as cm:
            cus.Database.open(path, passphrase=b"with\0nul")
        self.assertEqual(cm.exception.field, "passphrase")
        self.assertEqual(cm.exception.code, -2)
        # 4096 bytes is accepted as a key (and is simply wrong here)
        with self.assertRaises(cus.WrongKeyError):
            cus.Database.open(path, passphrase=b"x" * 4096)

    def test_exactly_one_of_passphrase_or_key_file(self):
        kf = self.p("svc.key")
        cus.generate_key_file(kf)
        new = self.p("new.db")
        for kw in ({}, {"passphrase": PASS, "key_file": kf}):
            with self.subTest(kw=kw):
                with self.assertRaises((TypeError, ValueError)):
                    cus.Database.create(new, user="admin", **kw)
                self.assertFalse(os.path.exists(new))
                self.assertFalse(os.path.exists(new + ".keys"))
        path = self.make_db()
        for kw in ({}, {"passphrase": PASS, "key_file": kf}):
            with self.subTest(kw=kw):
                with self.assertRaises((TypeError, ValueError)):
                    cus.Database.open(path, **kw)
        with cus.Database.open(path, passphrase=PASS) as db:
            for kw in ({}, {"passphrase": "x" * 12, "key_file": kf}):
                with self.subTest(kw=kw):
                    with self.assertRaises((TypeError, ValueError)):
                        db.change_passphrase(**kw)
        with cus.Database.open(path, passphrase=PASS):
            pass  # unchanged
        with self.assertRaises(TypeError):
            cus.Database.open(path, passphrase=1234)

    def test_bad_kdf_name(self):
        with self.assertRaises(ValueError):
            cus.Database.create(self.p("k.db"), user="admin", passphrase=PASS, kdf="fast")
        self.assertFalse(os.path.exists(self.p("k.db")))


class TestChangePassphrase(TempDirTestCase):
    def test_old_fails_new_works(self):
        path = self.make_db()
        with cus.Database.open(path, passphrase=PASS) as db:
            db.change_passphrase(passphrase="a brand new passphrase")
        with self.assertRaises(cus.WrongKeyError):
            cus.Database.open(path, passphrase=PASS)
        with cus.Database.open(path, passphrase="a brand new passphrase") as db:
            self.assertEqual(db.user, "admin")

    def test_to_key_file_and_kdf(self):
        path = self.make_db()
        kf = self.p("svc.key")
        cus.generate_key_file(kf)
        with cus.Database.open(path, passphrase=PASS) as db:
            db.change_passphrase(key_file=kf, kdf="moderate")
        with self.assertRaises(cus.WrongKeyError):
            cus.Database.open(path, passphrase=PASS)
        with cus.Database.open(path, key_file=kf) as db:
            info = db.info()
        self.assertEqual((info["kdf_opslimit"], info["kdf_memlimit"]), cus.kdf_limits("moderate"))

    def test_on_closed_database(self):
        path = self.make_db()
        db = cus.Database.open(path, passphrase=PASS)
        db.close()
        with self.assertRaises(ValueError):
            db.change_passphrase(passphrase="whatever it is")


class TestKeyFile(TempDirTestCase):
    def test_generate(self):
        kf = self.p("svc.key")
        cus.generate_key_file(kf)
        st = os.stat(kf)
        self.assertEqual(stat.S_IMODE(st.st_mode), 0o600)
        self.assertEqual(st.st_size, 32)
        before = read_bytes(kf)
        with self.assertRaises(cus.ExistsError):
            cus.generate_key_file(kf)
        self.assertEqual(read_bytes(kf), before)
        kf2 = self.p("svc2.key")
        cus.generate_key_file(kf2)
        self.assertNotEqual(read_bytes(kf2), before)

    def test_create_and_open_with_key_file(self):
        kf = self.p("svc.key")
        cus.generate_key_file(kf)
        path = self.make_db(user="svc.import", key_file=kf)
        with cus.Database.open(path, user="svc.import", key_file=kf) as db:
            self.assertEqual(db.user, "svc.import")
        other = self.p("other.key")
        cus.generate_key_file(other)
        with self.assertRaises(cus.WrongKeyError):
            cus.Database.open(path, key_file=other)
        with self.assertRaises(cus.WrongKeyError):
            cus.Database.open(path, passphrase=PASS)

    def test_bad_key_files(self):
        path = self.make_db()
        with self.assertRaises(cus.NotFoundError):
            cus.Database.open(path, key_file=self.p("missing.key"))
        kf = self.p("svc.key")
        cus.generate_key_file(kf)
        os.chmod(kf, 0o644)
        with self.assertRaises(cus.InvalidInputError):
            cus.Database.open(path, key_file=kf)
        short = self.p("short.key")
        with open(short, "wb") as f:
            f.write(os.urandom(31))
        os.chmod(short, 0o600)
        with self.assertRaises(cus.InvalidInputError):
            cus.Database.open(path, key_file=short)


class TestInfo(TempDirTestCase):
    def test_info(self):
        path = self.make_db()
        with cus.Database.open(path, passphrase=PASS) as db:
            info = db.info()
        self.assertEqual(info["format_version"], cus.format_version())
        self.assertEqual(info["library_format_version"], cus.format_version())
        self.assertGreaterEqual(info["format_version"], 1)
        self.assertEqual(info["library_version"], cus.version())
        self.assertIsInstance(info["sqlcipher_version"], str)
        self.assertTrue(info["sqlcipher_version"])
        self.assertIsInstance(info["sqlite_version"], str)
        self.assertRegex(info["sqlite_version"], r"^\d+\.\d+")
        self.assertGreater(info["cipher_page_size"], 0)
        self.assertEqual(info["journal_mode"], "wal")
        self.assertRegex(info["database_id"], r"^[0-9a-f]{32}$")
        self.assertRegex(info["created"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")
        self.assertEqual(info["user"], "admin")
        self.assertEqual(info["kdf"], "argon2id13")
        interactive = cus.kdf_limits("interactive")
        self.assertEqual((info["kdf_opslimit"], info["kdf_memlimit"]), interactive)
        self.assertEqual((info["kdf_min_opslimit"], info["kdf_min_memlimit"]), interactive)
        self.assertEqual(info["key_slots"], 1)
        self.assertIsInstance(info["policy_version"], int)
        tables = info["tables"]
        self.assertIsInstance(tables, dict)
        self.assertTrue(tables)
        for name, rows in tables.items():
            self.assertIsInstance(name, str)
            self.assertIsInstance(rows, int)
            self.assertGreaterEqual(rows, 0)
        self.assertNotIn("table_count", info)

    def test_info_kdf_from_create(self):
        path = self.make_db(kdf="moderate")
        with cus.Database.open(path, passphrase=PASS) as db:
            info = db.info()
        self.assertEqual((info["kdf_opslimit"], info["kdf_memlimit"]), cus.kdf_limits("moderate"))

    def test_database_id_differs(self):
        ids = set()
        for name in ("a.db", "b.db"):
            with cus.Database.open(self.make_db(name), passphrase=PASS) as db:
                ids.add(db.info()["database_id"])
        self.assertEqual(len(ids), 2)


if __name__ == "__main__":
    unittest.main()
