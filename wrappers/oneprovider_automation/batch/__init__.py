"""Batches: many schedules from one file, each at most once, with a journal.

``_run`` schedules the lines and keeps the journal; ``_settle`` decides lines of unknown
outcome from what the provider lists; ``_wait`` waits for what a batch scheduled.
"""
