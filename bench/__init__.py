"""Benchmarks of the client, the mock and the contract tests, run by ``make bench``.

Every benchmark runs a contender and its baseline alternately in one run and
reports the ratio of their medians; nothing here runs as a timed test.
"""
