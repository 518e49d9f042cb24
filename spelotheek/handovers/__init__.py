"""Warm handovers: a worker prepares, the family decides what is shared, the partner closes the
loop — and nothing reaches the partner before the family approves or after it withdraws."""
