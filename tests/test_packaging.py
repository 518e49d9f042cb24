"""The package metadata builds without deprecation warnings (`make run` prints none)."""

from __future__ import annotations

import warnings

from spelotheek.config import ROOT


def test_pyproject_builds_without_deprecation_warnings() -> None:
    from setuptools.config.pyprojecttoml import apply_configuration
    from setuptools.dist import Distribution

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a SetuptoolsDeprecationWarning fails the test
        dist = apply_configuration(Distribution(), ROOT / "pyproject.toml")
    assert dist.get_name() == "spelotheek"
