"""Individual service plans (IPUS) and service deliveries (cases.h).

Methods of cus.Session (through PlansMixin). The Milanówek policy lets the
KIPUS draw up and review plans in an "ipus" session and OUS staff record
deliveries in a "service_delivery" session.

    with db.session("ipus") as s:
        plan = s.add_plan(pid, "2022-03-01", "2023-02-28", ["family_mediation"])
        s.review_plan(plan, "2022-05-30")            # fulfils review 1
        s.plans_due("2022-09-01", within=14)          # what is due, no names

    with db.session("service_delivery") as s:
        s.deliver(pid, "family_mediation", "2022-03-10", units="1,5", cost="120,00")

Units and money. The library stores units as int hundredths of the service's
unit and money as int grosze. This binding always takes and gives them in
the natural unit, never in hundredths or grosze:

  units: a number of the service's units -- an int (2 is 2 sessions), a
         decimal.Decimal (Decimal("1.5")), a float (1.5, taken as the decimal
         it prints as) or a str as cus.units_parse() reads it ("1,5", "1.5");
  cost:  złoty -- an int (120 is 120,00 zł), a decimal.Decimal
         (Decimal("120.50")) or a str as the library's cus_money_parse()
         reads it ("120,50", "1 234,50 zł"); a float raises TypeError.

Either is converted exactly; more than two decimals raises InvalidInputError
naming the field ("units" or "cost") and nothing is stored. deliveries()
returns units and cost as Decimal with two decimals (Decimal("1.50"),
Decimal("120.50")), which deliver() accepts back unchanged, and the raw
integers as units_hundredths and cost_grosze.
"""

import ctypes

from . import _cases_lib as _C
from .cases import _units, _grosze, _from_hundredths, _int_arg, _id, _opt_id
from .errors import check, clear
from .registry import _b, _s

__all__ = ["PlansMixin", "PLAN_KEYS", "CHECKPOINT_KEYS", "DELIVERY_KEYS", "REVIEW_KINDS",
           "CHECKPOINT_STATUSES"]

_L = _C.lib

#: The kinds of a plan's checkpoints (review_plan kind).
REVIEW_KINDS = ("review", "summary")

#: The statuses of a checkpoint: "done", "open" (not yet due), "due" (due
#: within the window) and "overdue".
CHECKPOINT_STATUSES = ("done", "open", "due", "overdue")

#: The keys of a plan dict.
PLAN_KEYS = ("id", "person_id", "start", "end", "coordinator", "services", "goals", "status", "closed",
             "created")

#: The keys of a checkpoint dict (plan_schedule, plans_due).
CHECKPOINT_KEYS = ("plan", "person", "coordinator", "kind", "number", "due", "done", "on_time", "status",
                   "days")

#: The keys of a delivery dict.
DELIVERY_KEYS = ("id", "person_id", "application_id", "service", "date", "units", "cost", "provider",
                 "funding", "created", "units_hundredths", "cost_grosze")


def _plan_dict(p):
    return {
        "id": p.id,
        "person_id": p.person_id,
        "start": _s(p.start),
        "end": _s(p.end),
        "coordinator": _s(p.coordinator),
        "services": [_s(p.services[i]) for i in range(p.nservices)] if p.services else [],
        "goals": _s(p.goals),
        "status": _s(p.status),
        "closed": _s(p.closed),
        "created": _s(p.created),
    }


def _checkpoint_dict(c):
    return {
        "plan": c.plan_id,
        "person": c.person_id,
        "coordinator": _s(c.coordinator),
        "kind": _s(c.kind),
        "number": c.number,
        "due": _s(c.due),
        "done": _s(c.done),
        "on_time": bool(c.on_time),
        "status": _s(c.status),
        "days": c.days,
    }


def _delivery_dict(d):
    return {
        "id": d.id,
        "person_id": d.person_id,
        "application_id": d.application_id,
        "service": _s(d.service),
        "date": _s(d.date),
        "units": _from_hundredths(d.units),
        "cost": _from_hundredths(d.cost),
        "provider": _s(d.provider),
        "funding": _s(d.funding),
        "created": _s(d.created),
        "units_hundredths": d.units,
        "cost_grosze": d.cost,
    }


class PlansMixin:
    """Individual service plans and deliveries, as methods of cus.Session."""

    # -- plans

    def add_plan(self, person, start, end, services, coordinator=None, goals=None):
        """Draw up an individual plan of person from start to end inclusive
        (at most one year: end at the latest the day before start + 12
        months) for services (a list of service codes, or one code); returns
        its id (cus_plan_add). coordinator: the KIPUS's login (None: the
        session's user); goals: free text (stored sealed). InvalidInputError
        field "end" for a plan too long, field "start" for one overlapping
        another of the person's plans."""
        if isinstance(services, (str, bytes)):
            services = [services]
        codes = [_b(sv, "services") for sv in services]
        arr = (ctypes.c_char_p * max(len(codes), 1))(*codes)
        inp = _C.cus_plan_input()
        inp.version = _C.PLAN_INPUT_VERSION
        inp.person = _id(person)
        inp.start = _b(start, "start")
        inp.end = _b(end, "end")
        inp.coordinator = _b(coordinator, "coordinator")
        inp.services = ctypes.cast(arr, ctypes.POINTER(ctypes.c_char_p))
        inp.nservices = len(codes)
        inp.goals = _b(goals, "goals")
        pid = ctypes.c_int64()
        clear()
        check(_L.cus_plan_add(self._live(), ctypes.byref(inp), ctypes.byref(pid)))
        del arr
        return pid.value

    def plan(self, plan_id):
        """A plan as a dict with the keys of PLAN_KEYS (services a list;
        status "active" or "closed") (cus_plan_get). NotFoundError."""
        p = ctypes.POINTER(_C.cus_plan)()
        clear()
        check(_L.cus_plan_get(ctypes.byref(p), self._live(), _id(plan_id, "plan")))
        try:
            return _plan_dict(p.contents)
        finally:
            _L.cus_plan_free(p)

    def plans(self, person=None):
        """Plans by id, of one person or everyone's: a list of dicts (goals
        are None in listings) (cus_plan_list)."""
        it = ctypes.POINTER(_C.cus_plan_iter)()
        clear()
        check(_L.cus_plan_list(ctypes.byref(it), self._live(), _opt_id(person, "person")))
        return list(self._iterator(it, _L.cus_plan_next, _L.cus_plan_iter_free, _C.cus_plan, _plan_dict))

    def close_plan(self, plan_id, date=None):
        """Close a plan on date (start <= date <= end; None: its end); later
        reviews and summaries are no longer due (cus_plan_close)."""
        clear()
        check(_L.cus_plan_close(self._live(), _id(plan_id, "plan"), _b(date, "date")))

    def review_plan(self, plan_id, date, kind="review", note=None):
        """Record a review (kind "review") or summary ("summary") of a plan
        done on date, with an optional note (sealed); returns the number of
        the one it fulfilled, the earliest open of its kind (cus_plan_review)."""
        number = ctypes.c_int()
        clear()
        check(_L.cus_plan_review(self._live(), _id(plan_id, "plan"), _b(kind, "kind"), _b(date, "date"),
                                 _b(note, "note"), ctypes.byref(number)))
        return number.value

    def plan_schedule(self, plan_id, as_of=None, within=0):
        """Every review and summary of a plan in due order, with its status
        as of as_of (None: today) and a window of within days: a list of
        dicts with the keys of CHECKPOINT_KEYS (cus_plan_schedule)."""
        it = ctypes.POINTER(_C.cus_checkpoint_iter)()
        clear()
        check(_L.cus_plan_schedule(ctypes.byref(it), self._live(), _id(plan_id, "plan"), _b(as_of, "as_of"),
                                   _int_arg(within, "within")))
        return list(self._iterator(it, _L.cus_checkpoint_next, _L.cus_checkpoint_iter_free,
                                   _C.cus_plan_checkpoint, _checkpoint_dict))

    def plans_due(self, as_of, within=0):
        """The reviews and summaries not done and due on or before as_of +
        within days, over every plan in force, by due date then plan: a list
        of dicts with the keys of CHECKPOINT_KEYS (plan, person, coordinator,
        kind, number, due, done, on_time, status, days) and no names
        (cus_plan_due)."""
        it = ctypes.POINTER(_C.cus_checkpoint_iter)()
        clear()
        check(_L.cus_plan_due(ctypes.byref(it), self._live(), _b(as_of, "as_of"), _int_arg(within, "within")))
        return list(self._iterator(it, _L.cus_checkpoint_next, _L.cus_checkpoint_iter_free,
                                   _C.cus_plan_checkpoint, _checkpoint_dict))

    # -- deliveries

    def deliver(self, person, service, date, units, cost=0, provider=None, funding=None):
        """Record a delivery of a service to person on date; returns its id
        (cus_delivery_add). units: a number of the service's units (int,
        Decimal, float or str "1,5"); cost: złoty (int, Decimal or str
        "120,50"; see the module's documentation); provider: who delivered
        it; funding: one of the service's funding sources (None when it has
        only one). The person must hold a qualified application for the
        service decided on or before date (else InvalidInputError field
        "date")."""
        inp = _C.cus_delivery_input()
        inp.version = _C.DELIVERY_INPUT_VERSION
        inp.person = _id(person)
        inp.service = _b(service, "service")
        inp.date = _b(date, "date")
        inp.units = _units(units)
        inp.cost = _grosze(cost)
        inp.provider = _b(provider, "provider")
        inp.funding = _b(funding, "funding")
        did = ctypes.c_int64()
        clear()
        check(_L.cus_delivery_add(self._live(), ctypes.byref(inp), ctypes.byref(did)))
        return did.value

    def deliveries(self, person=None, service=None, from_=None, to=None):
        """Deliveries by date, then id, filtered by person, service and the
        dates from_ and to (inclusive): a list of dicts with the keys of
        DELIVERY_KEYS (cus_delivery_list)."""
        f = _C.cus_delivery_filter()
        f.version = _C.DELIVERY_FILTER_VERSION
        f.person = _opt_id(person, "person")
        f.service = _b(service, "service")
        f.from_ = _b(from_, "from")
        f.to = _b(to, "to")
        it = ctypes.POINTER(_C.cus_delivery_iter)()
        clear()
        check(_L.cus_delivery_list(ctypes.byref(it), self._live(), ctypes.byref(f)))
        return list(self._iterator(it, _L.cus_delivery_next, _L.cus_delivery_iter_free, _C.cus_delivery,
                                   _delivery_dict))
