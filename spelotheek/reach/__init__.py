"""Reach statistics."""
