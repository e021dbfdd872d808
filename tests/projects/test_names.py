"""What a project may be called (projects/names.py): the sentence for each refused name, and a
name from a file or an archive trimmed to fit."""

from __future__ import annotations

import pytest

from gptstudio.projects.names import MAX_NAME_CHARS, check_name, fit_name
from gptstudio.projects.project import ProjectError


def test_a_name_is_normalised_and_stripped():
    assert check_name("  Cafe\u0301 ") == "Caf\u00e9"  # NFC: one character, as typed on a Mac


@pytest.mark.parametrize(("name", "said"), [
    (3, "must be text"),
    ("   ", "give the project a name"),
    ("x" * (MAX_NAME_CHARS + 1), f"at most {MAX_NAME_CHARS} characters"),
    ("two\nlines", "control characters"),
    ("abc\u202edef", "direction of the text"),
])
def test_a_refused_name_says_why(name, said):
    with pytest.raises(ProjectError, match=said):
        check_name(name)


def test_fit_name_drops_what_a_name_may_not_hold_and_trims_it():
    assert fit_name("\u202ePoems\n") == "Poems"
    assert fit_name(" " + "y" * (MAX_NAME_CHARS + 10)) == "y" * MAX_NAME_CHARS
    assert check_name(fit_name("a\tb\u2066c")) == "abc"
