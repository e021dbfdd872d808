"""Fixtures for the projects tests."""

import pytest

from gptstudio.projects.store import ProjectStore


@pytest.fixture
def store() -> ProjectStore:
    return ProjectStore()


@pytest.fixture
def project(store, tiny_corpus):
    return store.create("Hamlet", tiny_corpus)
