"""The engine's version, written in every Log row, is the installed package's version: setuptools
builds the metadata from ``lkjip_xl.versi.VERSI``, which the engine reads without
importlib.metadata (a click is a fresh process: that import and its search cost 15 ms)."""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

from setuptools.config.pyprojecttoml import read_configuration

import lkjip_xl
from lkjip_xl.versi import VERSI
from lkjip_xl.workbook.recompute import engine_version

ROOT = Path(__file__).resolve().parents[1]


def test_the_built_version_is_the_engines():
    project = read_configuration(ROOT / "pyproject.toml", expand=True)["project"]
    assert project["version"] == VERSI == lkjip_xl.__version__


def test_engine_version_is_the_installed_version():
    assert engine_version() == importlib.metadata.version("lkjip_xl")
