"""PLACEHOLDER: being written; replace the whole file."""

__all__ = ["CasesMixin"]


class CasesMixin:
    pass
