"""Batches: many schedules from one file, each at most once, with a journal.

``_journal`` reads the requests and keeps the journal; ``_lock`` lets one run
at a time own a journal; ``_run`` schedules the lines; ``_settle`` decides
lines of unknown outcome from what the provider lists; ``_wait`` waits for
what a batch scheduled.
"""
