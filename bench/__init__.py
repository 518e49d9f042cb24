"""The performance bench (issue 10): dataset generator, floor endpoint, load driver, budgets.

Run with `make bench` (sizes spelotheek and city) or `make bench-all` (adds flanders).
"""
