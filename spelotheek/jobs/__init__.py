"""Periodic jobs that run once: a table of jobs (work.py), the slots each is due in (rules.py),
a record per run in the database (runs.py), and the queue with its scheduler (queue.py)."""
