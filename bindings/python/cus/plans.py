"""PLACEHOLDER: being written; replace the whole file."""

__all__ = ["PlansMixin"]


class PlansMixin:
    pass
