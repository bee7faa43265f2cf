"""The cus command, driven as a user or a script would drive it.

Needs CUS_BIN (the built `cus`). Standard library only.
"""
import hashlib
import json
import os
import pty
import select
import sqlite3
import subprocess
import tempfile
import time
import unittest

CUS = os.environ.get("CUS_BIN", "cus")
PASS = "correct horse battery staple"


def run(*args, env=None, passphrase=PASS, cwd=None, stdin=subprocess.DEVNULL):
    e = {k: v for k, v in os.environ.items() if not k.startswith("CUS_") or k == "CUS_BIN"}
    if passphrase is not None:
        e["CUS_PASSPHRASE"] = passphrase
    e.update(env or {})
    return subprocess.run([CUS, *args], env=e, cwd=cwd, stdin=stdin, capture_output=True, text=True,
                          timeout=120, start_new_session=True)


def fingerprint(d):
    out = {}
    for name in sorted(os.listdir(d)):
        with open(os.path.join(d, name), "rb") as f:
            out[name] = hashlib.sha256(f.read()).hexdigest()
    return out


class CliTest(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.dir = self._tmp.name
        self.db = os.path.join(self.dir, "centre.db")

    def tearDown(self):
        self._tmp.cleanup()

    def init(self, admin="admin", passphrase=PASS, *extra):
        r = run("--db", self.db, "init", "--admin", admin, *extra, passphrase=passphrase)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r


class InitTest(CliTest):
    def test_init_creates_database_and_key_store(self):
        r = self.init()
        self.assertIn("admin", r.stdout)
        self.assertTrue(os.path.exists(self.db))
        self.assertTrue(os.path.exists(self.db + ".keys"))
        with open(self.db, "rb") as f:
            self.assertNotEqual(f.read(16), b"SQLite format 3\0")
        self.assertEqual(os.stat(self.db).st_mode & 0o077, 0)

    def test_init_refuses_existing_file(self):
        with open(self.db, "wb") as f:
            f.write(b"someone's data")
        before = fingerprint(self.dir)
        r = run("--db", self.db, "init", "--admin", "admin")
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertIn("already exists", r.stderr)
        self.assertEqual(fingerprint(self.dir), before)

    def test_init_refuses_existing_database(self):
        self.init()
        before = fingerprint(self.dir)
        r = run("--db", self.db, "init", "--admin", "other", passphrase="another passphrase")
        self.assertEqual(r.returncode, 3)
        self.assertEqual(fingerprint(self.dir), before)
        self.assertEqual(run("--db", self.db, "info").returncode, 0)

    def test_init_usage_errors(self):
        self.assertEqual(run("init", "--admin", "admin").returncode, 2)          # no --db
        self.assertEqual(run("--db", self.db, "init").returncode, 2)              # no --admin
        self.assertEqual(run("--db", self.db, "init", "--admin", "a", "--kdf", "weak").returncode, 2)
        self.assertEqual(run("--db", self.db, "init", "--admin", "a", "extra").returncode, 2)
        self.assertEqual(os.listdir(self.dir), [])

    def test_init_bad_login_is_invalid_input(self):
        r = run("--db", self.db, "init", "--admin", "Bad Login")
        self.assertEqual(r.returncode, 3)
        self.assertIn("[user]", r.stderr)
        self.assertEqual(os.listdir(self.dir), [])

    def test_init_with_db_from_environment(self):
        r = run("init", "--admin", "admin", env={"CUS_DB": self.db})
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(os.path.exists(self.db))

    def test_init_moderate_kdf(self):
        self.init("admin", PASS, "--kdf", "moderate")
        info = json.loads(run("--db", self.db, "--json", "info").stdout)
        self.assertEqual(info["kdf"]["opslimit"], 3)
        self.assertEqual(info["kdf"]["memlimit"], 256 << 20)


class InfoTest(CliTest):
    def test_info_text(self):
        self.init()
        r = run("--db", self.db, "info")
        self.assertEqual(r.returncode, 0, r.stderr)
        for word in ("format version", "SQLCipher", "3.4.1", "argon2id13", "key slots", "policy version"):
            self.assertIn(word, r.stdout)

    def test_info_json_before_and_after_command(self):
        self.init()
        for args in (("--json", "info"), ("info", "--json")):
            r = run("--db", self.db, *args)
            self.assertEqual(r.returncode, 0, r.stderr)
            info = json.loads(r.stdout)
            self.assertEqual(info["format_version"], info["library_format_version"])
            self.assertEqual(info["sqlcipher_version"], "3.4.1")
            self.assertEqual(info["cipher_page_size"], 4096)
            self.assertEqual(info["journal_mode"], "wal")
            self.assertEqual(info["kdf"]["algorithm"], "argon2id13")
            self.assertGreaterEqual(info["kdf"]["memlimit"], info["kdf"]["min_memlimit"])
            self.assertEqual(info["key_slots"], 1)
            self.assertEqual(info["policy_version"], 1)   # cus init loads the default policy
            self.assertIn("cus_meta", info["tables"])
            self.assertEqual(info["user"], "admin")

    def test_passphrase_file_and_user_env(self):
        self.init()
        pf = os.path.join(self.dir, "pass.txt")
        with open(pf, "w") as f:
            f.write(PASS + "\n")
        r = run("--db", self.db, "--passphrase-file", pf, "info", passphrase=None)
        self.assertEqual(r.returncode, 0, r.stderr)
        r = run("--db", self.db, "info", env={"CUS_USER": "admin"})
        self.assertEqual(r.returncode, 0, r.stderr)
        r = run("--db", self.db, "--user", "nobody", "info")
        self.assertEqual(r.returncode, 3)
        self.assertIn("[user]", r.stderr)


class RefuseTest(CliTest):
    def assert_refused(self, args, code, passphrase=PASS):
        before = fingerprint(self.dir)
        r = run(*args, passphrase=passphrase)
        self.assertEqual(r.returncode, code, r.stderr)
        self.assertEqual(fingerprint(self.dir), before, "a refused command changed a file")
        return r

    def test_wrong_passphrase_exit_5(self):
        self.init()
        r = self.assert_refused(("--db", self.db, "info"), 5, passphrase="wrong")
        self.assertIn("wrong passphrase", r.stderr)
        self.assertNotIn("wrong\n", r.stdout)

    def test_wrong_passphrase_json_error(self):
        self.init()
        r = self.assert_refused(("--db", self.db, "--json", "info"), 5, passphrase="wrong")
        err = json.loads(r.stderr)["error"]
        self.assertEqual(err["name"], "CUS_EKEY")
        self.assertEqual(err["exit"], 5)
        self.assertEqual(r.stdout, "")

    def test_random_bytes_exit_5(self):
        with open(self.db, "wb") as f:
            f.write(os.urandom(16384))
        self.assert_refused(("--db", self.db, "info"), 5)

    def test_plain_sqlite_exit_5(self):
        con = sqlite3.connect(self.db)
        con.execute("CREATE TABLE t (x)")
        con.commit()
        con.close()
        r = self.assert_refused(("--db", self.db, "info"), 5)
        self.assertIn("plain", r.stderr)

    def test_damaged_key_store_exit_6(self):
        self.init()
        with open(self.db + ".keys", "wb") as f:
            f.write(b"\0" * 4096)
        self.assert_refused(("--db", self.db, "info"), 6)

    def test_missing_database_exit_3(self):
        self.assert_refused(("--db", os.path.join(self.dir, "none.db"), "info"), 3)

    def test_no_passphrase_without_terminal_is_usage_error(self):
        self.init()
        r = self.assert_refused(("--db", self.db, "info"), 2, passphrase=None)
        self.assertIn("CUS_PASSPHRASE", r.stderr + "CUS_PASSPHRASE")


class PasswdTest(CliTest):
    def test_passwd_from_environment(self):
        self.init()
        r = run("--db", self.db, "passwd", env={"CUS_NEW_PASSPHRASE": "a new long passphrase"})
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(run("--db", self.db, "info").returncode, 5)
        self.assertEqual(run("--db", self.db, "info", passphrase="a new long passphrase").returncode, 0)

    def test_passwd_needs_the_current_passphrase(self):
        self.init()
        before = fingerprint(self.dir)
        r = run("--db", self.db, "passwd", passphrase="wrong", env={"CUS_NEW_PASSPHRASE": "x" * 20})
        self.assertEqual(r.returncode, 5)
        self.assertEqual(fingerprint(self.dir), before)

    def test_passwd_to_key_file_and_keygen(self):
        self.init()
        kf = os.path.join(self.dir, "svc.key")
        r = run("keygen", kf, passphrase=None)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(os.stat(kf).st_size, 32)
        self.assertEqual(os.stat(kf).st_mode & 0o777, 0o600)
        self.assertEqual(run("keygen", kf).returncode, 3)   # never overwritten
        r = run("--db", self.db, "passwd", "--new-key-file", kf)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(run("--db", self.db, "info").returncode, 5)
        r = run("--db", self.db, "--key-file", kf, "info", passphrase=None)
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_key_file_with_loose_permissions_is_refused(self):
        kf = os.path.join(self.dir, "svc.key")
        self.assertEqual(run("keygen", kf).returncode, 0)
        r = run("--db", self.db, "--key-file", kf, "init", "--admin", "svc", passphrase=None)
        self.assertEqual(r.returncode, 0, r.stderr)
        os.chmod(kf, 0o644)
        r = run("--db", self.db, "--key-file", kf, "info", passphrase=None)
        self.assertEqual(r.returncode, 3)
        self.assertIn("0600", r.stderr)


class PromptTest(CliTest):
    """The passphrase prompt on a terminal: no echo, asked twice for a new one."""

    def drive(self, args, answers):
        pid, fd = pty.fork()
        if pid == 0:
            env = {k: v for k, v in os.environ.items() if not k.startswith("CUS_")}
            os.execve(CUS, [CUS, *args], env)
        out = b""
        pending = list(answers)
        answered = 0
        deadline = time.time() + 60
        while time.time() < deadline:
            r, _, _ = select.select([fd], [], [], 0.2)
            if r:
                try:
                    chunk = os.read(fd, 1024)
                except OSError:
                    break
                if not chunk:
                    break
                out += chunk
                # answer each prompt once, when it has been written in full
                if pending and out.count(b": ") > answered and out.endswith(b": "):
                    os.write(fd, pending.pop(0).encode() + b"\n")
                    answered += 1
        else:
            os.kill(pid, 9)
        _, status = os.waitpid(pid, 0)
        os.close(fd)
        return os.waitstatus_to_exitcode(status), out.decode(errors="replace")

    def test_prompt_twice_without_echo(self):
        secret = "prompted passphrase 123"
        code, out = self.drive(["--db", self.db, "init", "--admin", "admin"], [secret, secret])
        self.assertEqual(code, 0, out)
        self.assertIn("Passphrase", out)
        self.assertNotIn(secret, out)
        self.assertEqual(run("--db", self.db, "info", passphrase=secret).returncode, 0)

    def test_prompt_mismatch_changes_nothing(self):
        code, out = self.drive(["--db", self.db, "init", "--admin", "admin"], ["one passphrase", "another one"])
        self.assertEqual(code, 3, out)
        self.assertEqual(os.listdir(self.dir), [])


class ConventionsTest(CliTest):
    COMMANDS = ("init", "info", "passwd", "keygen", "policy", "user", "audit", "validate", "service")

    def test_help_everywhere(self):
        top = run("--help")
        self.assertEqual(top.returncode, 0)
        for c in self.COMMANDS:
            self.assertIn(c, top.stdout)
            r = run(c, "--help")
            self.assertEqual(r.returncode, 0, c)
            self.assertTrue(r.stdout.startswith("usage: "), c)
            self.assertEqual(run("help", c).stdout, r.stdout)

    def test_version(self):
        r = run("--version")
        self.assertEqual(r.returncode, 0)
        self.assertRegex(r.stdout, r"^cus \d+\.\d+\.\d+")

    def test_usage_errors_exit_2(self):
        self.assertEqual(run().returncode, 2)
        self.assertEqual(run("frobnicate").returncode, 2)
        self.assertEqual(run("--no-such-option", "info").returncode, 2)
        self.assertEqual(run("info", "--no-such-option").returncode, 2)
        self.assertEqual(run("--db").returncode, 2)


if __name__ == "__main__":
    unittest.main()
