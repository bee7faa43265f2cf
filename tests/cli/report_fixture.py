"""A small synthetic centre for the report tests, made through the public API
(the Python binding): persons in households, applications and decisions,
plans with reviews, deliveries over 2021-2022, a project with plan lines and
expenditures. Deterministic. Every PESEL is generated here; every name is
invented and distinctive, so a test can look for it in a workbook."""
import os
import sys

SRC = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(SRC, "bindings", "python"))
import cus  # noqa: E402

MILANOWEK = os.path.join(SRC, "policies", "milanowek.yaml")
_WEIGHTS = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
LAST_NAMES = ["Pseudonimowska", "Wymyślońska", "Testokrzycka", "Fikcyjnowska", "Zmyślakowa", "Próbkiewicz"]
FIRST_NAMES = ["Eleonora", "Kunegunda", "Bonifacy", "Teofil", "Genowefa", "Hieronim"]


def pesel(year, month, day, serial, female):
    mm = month + (20 if year >= 2000 else 0)
    digits = "%02d%02d%02d%03d%d" % (year % 100, mm, day, serial % 1000, (serial % 5) * 2 + (0 if female else 1))
    return digits + str((10 - sum(w * int(d) for w, d in zip(_WEIGHTS, digits)) % 10) % 10)


# (service, how many persons, birth year, funding) — services qualified by identity, residence and age only
GROUPS = [
    ("family_mediation", 14, 1985, None),
    ("senior_club", 12, 1950, "eu_rus2"),
    ("legal_counselling", 4, 1970, None),      # a small group: suppressed in the public report
]


def build(path, passphrase="admin passphrase"):
    """Create the centre at path; users ous1, fin1, dyrektor with '<login> passphrase'."""
    db = cus.Database.init(path, "admin", passphrase=passphrase, policy=MILANOWEK, kdf="interactive")
    with db.session("administration") as s:
        for login, role in (("ous1", "ous"), ("fin1", "finance"), ("dyrektor", "director"),
                            ("kipus1", "kipus")):
            s.add_user(login, role, passphrase=login + " passphrase", kdf="interactive")
    db.close()
    persons = []
    db = cus.Database.open(path, "ous1", passphrase="ous1 passphrase")
    with db.session("qualification") as s:
        serial = 0
        for service, n, year, funding in GROUPS:
            for i in range(n):
                serial += 1
                female = i % 3 != 0
                pid = s.add_person(pesel=pesel(year + i % 7, 1 + i % 12, 1 + i % 27, serial, female),
                                   first_names=FIRST_NAMES[serial % len(FIRST_NAMES)],
                                   last_name=LAST_NAMES[serial % len(LAST_NAMES)],
                                   address="ul. Zmyślona %d, Milanówek" % serial)
                persons.append((pid, service, funding, serial, female))
        # households: a parent with a child under 18 for a few family_mediation users
        for k in range(3):
            serial += 1
            child = s.add_person(pesel=pesel(2015, 3, 10 + k, serial, True), first_names="Aniela",
                                 last_name=LAST_NAMES[0])
            s.link_household(persons[k][0], child, "child")
        for pid, service, funding, serial, female in persons:
            date = "2021-09-01" if serial % 2 else "2022-01-10"
            r = s.qualify(s.apply(pid, service, date), decision_date=date)
            assert r["result"] == "qualified", r
        # a refused and a withdrawn application
        s.withdraw_application(s.apply(persons[0][0], "legal_counselling", "2022-03-01"), "2022-03-05")
    with db.session("service_delivery") as s:
        for pid, service, funding, serial, female in persons:
            start = 2021 if serial % 2 else 2022
            for year in range(start, 2023):
                months = range(9 if year == 2021 else 1, 13)
                for m in months:
                    if (serial + m) % 3 == 0:
                        continue
                    s.deliver(pid, service, "%d-%02d-%02d" % (year, m, 10 + serial % 18), 1 + serial % 3,
                              cost="%d,50" % (40 + serial), funding=funding)
    db.close()
    db = cus.Database.open(path, "kipus1", passphrase="kipus1 passphrase")
    with db.session("ipus") as s:
        for pid, service, funding, serial, female in persons[:6]:
            plan = s.add_plan(pid, "2022-01-15", "2022-12-31", [service])
            if serial % 2:
                s.review_plan(plan, "2022-04-10")
    db.close()
    db = cus.Database.open(path, "fin1", passphrase="fin1 passphrase")
    with db.session("benefits") as s:
        s.add_project("RUS2", "Rozwój usług społecznych w Gminie Milanówek – edycja 2",
                      total_cost="1957023,36", co_financing="1819923,36", own_contribution="137100,00",
                      sources={"eu_rus2": "1565618,69", "state_funds": "254304,67", "own_tasks": "137100,00"})
        for year, scale in ((2021, 1), (2022, 2)):
            s.add_budget_line(year, "852/85228/4300", "own_tasks", "%d0000,00" % (30 * scale),
                              service="family_mediation")
            s.add_budget_line(year, "852/85219/3110", "commissioned_tasks", "%d0000,00" % (20 * scale))
            s.add_budget_line(year, "852/85219/4010", "own_tasks", "%d0000,00" % (15 * scale))
            s.add_budget_line(year, "853/85395/4307", "eu_rus2", "%d0000,00" % (25 * scale), project="RUS2",
                              service="senior_club")
            s.add_budget_line(year, "853/85395/4309", "own_tasks", "%d000,00" % (20 * scale), project="RUS2",
                              service="senior_club")
            for month in (2, 5, 8, 11):
                d = "%d-%02d-15" % (year, month)
                s.add_expenditure(d, "852/85228/4300", "own_tasks", "%d,25" % (61000 + month * 100),
                                  service="family_mediation")
                s.add_expenditure(d, "852/85219/3110", "commissioned_tasks", "%d,00" % (45000 + month))
                s.add_expenditure(d, "852/85219/4010", "own_tasks", "%d,10" % (30000 + month))
                s.add_expenditure(d, "853/85395/4307", "eu_rus2", "%d,99" % (52000 + month), project="RUS2",
                                  service="senior_club")
                s.add_expenditure(d, "853/85395/4309", "own_tasks", "%d,01" % (4000 + month), project="RUS2",
                                  service="senior_club")
    db.close()
    return [p for p in persons]


if __name__ == "__main__":
    build(sys.argv[1])
