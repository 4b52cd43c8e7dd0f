"""Helpers shared by the tests of several apps: plain functions and data, no fixtures.

Fixtures stay in `conftest.py` files; factories stay beside the models they build
(`<app>/tests/factories.py`). Production code never imports this package (an import contract in
`pyproject.toml` checks it).
"""
