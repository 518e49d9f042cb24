"""Reach statistics: pages."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("reach", __name__)
