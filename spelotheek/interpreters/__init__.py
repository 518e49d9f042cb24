"""Requests for a (social) interpreter at a meeting date, a group session or a handover."""
