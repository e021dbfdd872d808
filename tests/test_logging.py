"""Where the log goes, and that the CLI writes its crashes there too. Headless: no Qt imported."""

from __future__ import annotations

import logging

import pytest

from gptstudio import cli, logs
from gptstudio.projects import paths


@pytest.fixture
def log_to_file(monkeypatch):
    """Lets a test call setup_logging(); takes its file handler off the root logger afterwards."""
    monkeypatch.setattr(logs, "_handler", None)
    monkeypatch.setattr(logs, "_problem", None)
    root = logging.getLogger()
    level = root.level
    yield
    if logs._handler is not None:
        root.removeHandler(logs._handler)
        logs._handler.close()
    root.setLevel(level)


def test_log_home_is_the_platform_log_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("GPTSTUDIO_HOME")
    calls = []

    def user_log_dir(appname, appauthor=None):
        calls.append((appname, appauthor))
        return str(tmp_path / "platform-logs")

    monkeypatch.setattr(paths.platformdirs, "user_log_dir", user_log_dir)
    assert paths.log_home() == tmp_path / "platform-logs"
    assert calls == [("gptstudio", False)]  # as data_home() names the app


def test_log_home_is_inside_gptstudio_home_when_set(_isolated_home):
    assert paths.log_home() == _isolated_home / "logs"


def test_setup_logging_writes_to_log_home_once(log_to_file, _isolated_home):
    first = logs.setup_logging()
    second = logs.setup_logging()  # again (the CLI after the app, say): still one handler
    logging.getLogger("gptstudio.test").warning("hello log")
    assert first == second == _isolated_home / "logs" / "gptstudio.log"
    assert second.read_text(encoding="utf-8").count("hello log") == 1


def test_setup_logging_that_cannot_write_says_why(log_to_file, _isolated_home):
    _isolated_home.mkdir()
    (_isolated_home / "logs").write_text("a file where the folder should be")
    assert logs.setup_logging() is None
    assert str(_isolated_home / "logs") in logs._problem


def test_an_unexpected_cli_error_is_logged_with_its_traceback(log_to_file, monkeypatch, _isolated_home):
    def broken(args):
        raise ZeroDivisionError("boom in list")

    monkeypatch.setitem(cli.COMMANDS, "list", broken)
    with pytest.raises(ZeroDivisionError):
        cli.main(["list"])
    text = (_isolated_home / "logs" / "gptstudio.log").read_text(encoding="utf-8")
    assert "Unexpected error in `gptstudio list`" in text
    assert "Traceback" in text and "ZeroDivisionError: boom in list" in text


def test_the_cli_logs_a_crash_without_importing_the_app(tmp_path):
    """Only starting the app imports gptstudio.ui: a headless command stays Qt-free."""
    import os
    import subprocess
    import sys

    code = ("import sys; from gptstudio import cli; cli.log_crash('list'); "
            "assert not [m for m in sys.modules if m.startswith(('gptstudio.ui', 'PySide6'))]")
    env = {**os.environ, "GPTSTUDIO_HOME": str(tmp_path)}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, timeout=120)
    assert (tmp_path / "logs" / "gptstudio.log").is_file()
