"""What every feature's forms share on a page."""

from __future__ import annotations

from flask import flash
from flask_wtf import FlaskForm


def flash_errors(form: FlaskForm) -> None:
    """Show each of the form's errors as an error message at the top of the next page."""
    for errors in form.errors.values():
        for error in errors:
            flash(str(error), "error")
