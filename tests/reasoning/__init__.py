"""Tests of the reasoning: the rule book, its engine and conditions, one module per table.

A package (unlike the rest of ``tests/``) so that its shared helpers import as
``reasoning.scenarios`` and ``reasoning.strategies_interpret`` from any test module.
"""
