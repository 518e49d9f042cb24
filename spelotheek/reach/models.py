"""Reach statistics: models."""
