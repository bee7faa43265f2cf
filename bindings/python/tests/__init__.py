"""Tests of the cus Python binding (unittest)."""
