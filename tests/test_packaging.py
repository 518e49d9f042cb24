"""The package metadata builds without deprecation warnings (`make run` prints none)."""

from __future__ import annotations

import warnings

from spelotheek.paths import ROOT


def test_pyproject_builds_without_deprecation_warnings() -> None:
    from setuptools.config.pyprojecttoml import apply_configuration
    from setuptools.dist import Distribution

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a SetuptoolsDeprecationWarning fails the test
        dist = apply_configuration(Distribution(), ROOT / "pyproject.toml")
    assert dist.get_name() == "spelotheek"


def test_the_editable_install_is_a_plain_path_without_a_banner(tmp_path) -> None:
    """`make run` installs in editable mode: setuptools prints a screen of warnings unless the
    layout lets it use a plain path entry (its `_StaticPth` strategy, which prints nothing)."""
    from setuptools.command import editable_wheel as editable
    from setuptools.config.pyprojecttoml import apply_configuration
    from setuptools.dist import Distribution

    dist = apply_configuration(Distribution(), ROOT / "pyproject.toml")
    dist.script_name = str(ROOT / "setup.py")
    command = editable.editable_wheel(dist)
    command.initialize_options()
    command.project_dir = str(ROOT)
    command.finalize_options()
    strategy = command._select_strategy("spelotheek", "py3-none-any", str(tmp_path))
    assert type(strategy) is editable._StaticPth
