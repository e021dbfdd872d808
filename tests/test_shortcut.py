"""`gptstudio --create-shortcut`: the Linux menu entry for real; the macOS bundle's layout and the
Windows script's text, since neither system's tools run here."""

from __future__ import annotations

import os
import plistlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gptstudio import shortcut

ROOT = Path(__file__).resolve().parent.parent
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a Linux desktop")


def create_shortcut(home: Path, data_home: Path):
    env = dict(os.environ, HOME=str(home), XDG_DATA_HOME=str(data_home),
               PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "gptstudio", "--create-shortcut"],
                          capture_output=True, text=True, env=env, timeout=120)


def desktop_exec(entry: str) -> list[str]:
    """The Exec line as the Desktop Entry spec reads it: the value's escapes (\\\\ is \\) first,
    then the arguments: split at spaces outside double quotes, where \\ escapes " ` $ \\."""
    line = next(ln for ln in entry.splitlines() if ln.startswith("Exec="))[len("Exec="):]
    line = line.replace("\\\\", "\\")
    args, current, quoted, i = [], None, False, 0
    while i < len(line):
        c = line[i]
        if quoted and c == "\\" and line[i + 1] in '"`$\\':
            current, i = (current or "") + line[i + 1], i + 2
            continue
        if c == '"':
            quoted, current = not quoted, current or ""
        elif c == " " and not quoted:
            if current is not None:
                args.append(current)
            current = None
        else:
            current = (current or "") + c
        i += 1
    if current is not None:
        args.append(current)
    return [a.replace("%%", "%") for a in args]


@linux_only
def test_create_shortcut_writes_a_valid_desktop_entry_and_its_icons(tmp_path):
    data_home = tmp_path / "share"
    out = create_shortcut(tmp_path, data_home)
    assert out.returncode == 0, out.stderr
    entry_path = data_home / "applications" / "gptstudio.desktop"
    assert out.stdout == f"Added GPT Studio to the applications menu: {entry_path}\n"
    entry = entry_path.read_text(encoding="utf-8")
    assert "Name=GPT Studio" in entry and "Icon=gptstudio" in entry
    assert desktop_exec(entry) == [sys.executable, "-m", "gptstudio"]
    icons = data_home / "icons" / "hicolor"
    assert (icons / "scalable" / "apps" / "gptstudio.svg").read_bytes() == \
        (ROOT / "resources" / "icons" / "gptstudio.svg").read_bytes()
    assert (icons / "512x512" / "apps" / "gptstudio.png").is_file()
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(entry_path)], capture_output=True,
                               text=True)
        assert check.returncode == 0 and check.stdout == "", check.stdout


@linux_only
def test_the_entrys_command_starts_the_app(tmp_path, _isolated_home):
    data_home = tmp_path / "share"
    assert create_shortcut(tmp_path, data_home).returncode == 0
    command = desktop_exec((data_home / "applications" / "gptstudio.desktop").read_text())
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen",
               GPTSTUDIO_QUIT_AFTER_SHOW="1", GPTSTUDIO_REPORT_STARTUP="1")
    out = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300,
                         cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("window shown ")


def test_exec_arguments_with_spaces_and_specials_survive_the_quoting():
    command = ["/home/Ann Lee/my $apps/.venv/bin/python", "-m", "gptstudio", '50%"off"\\x']
    entry = shortcut.desktop_entry(command)
    assert desktop_exec(entry) == command


def test_an_unwritable_menu_folder_is_one_sentence(tmp_path):
    blocker = tmp_path / "share"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(shortcut.ShortcutError, match=r"^Could not write .*share.*\.$"):
        shortcut.create("Linux", env={"XDG_DATA_HOME": str(blocker)}, home=tmp_path)


def test_the_macos_bundle_starts_this_python_and_names_its_icon(tmp_path):
    app = tmp_path / "Applications" / "GPT Studio.app"
    missing = shortcut.create_macos(app, ["/Users/ann/.venv/bin/python", "-m", "gptstudio"])
    launcher = app / "Contents" / "MacOS" / "GPT Studio"
    assert os.access(launcher, os.X_OK)
    assert launcher.read_text() == \
        "#!/bin/sh\nexec '/Users/ann/.venv/bin/python' '-m' 'gptstudio' \"$@\"\n"
    with open(app / "Contents" / "Info.plist", "rb") as f:
        info = plistlib.load(f)
    assert info["CFBundleExecutable"] == "GPT Studio" and info["CFBundleIconFile"] == "gptstudio"
    has_tools = shutil.which("sips") and shutil.which("iconutil")
    assert (app / "Contents" / "Resources" / "gptstudio.icns").is_file() == bool(has_tools)
    assert bool(missing) != bool(has_tools)


def test_the_macos_icon_is_made_with_sips_and_iconutil(tmp_path, monkeypatch):
    """The calls a Mac would run (recorded here: the tools exist only on macOS)."""
    calls = []
    monkeypatch.setattr(shortcut.shutil, "which", lambda name: f"/usr/bin/{name}")
    png = shortcut.resources_dir() / "icons" / "gptstudio.png"
    assert shortcut.make_icns(png, tmp_path / "gptstudio.icns",
                              run=lambda command, **kw: calls.append(command))
    assert [c[0] for c in calls] == ["sips"] * 10 + ["iconutil"]
    assert calls[-1] == ["iconutil", "-c", "icns", str(tmp_path / "gptstudio.iconset"), "-o",
                         str(tmp_path / "gptstudio.icns")]
    assert calls[-2][-1].endswith("icon_512x512@2x.png") and calls[-2][2] == "1024"


def test_the_windows_shortcut_script_quotes_paths_for_powershell(tmp_path):
    script = shortcut.windows_script(
        Path(r"C:\Users\O'Neil\AppData\Roaming\Microsoft\Windows\Start Menu\Programs\GPT Studio.lnk"),
        [r"C:\Users\O'Neil\gpt studio\.venv\Scripts\pythonw.exe", "-m", "gptstudio"])
    assert "$link = $shell.CreateShortcut('C:\\Users\\O''Neil\\AppData" in script
    assert "$link.TargetPath = 'C:\\Users\\O''Neil\\gpt studio\\.venv\\Scripts\\pythonw.exe'" in script
    assert "$link.Arguments = '-m gptstudio'" in script
    assert "gptstudio.ico,0'" in script and script.endswith("$link.Save()")


def test_each_system_has_its_place(tmp_path):
    env = {"APPDATA": r"C:\Users\ann\AppData\Roaming"}
    assert shortcut.shortcut_path("Windows", env, tmp_path).name == "GPT Studio.lnk"
    assert shortcut.shortcut_path("Darwin", {}, tmp_path) == tmp_path / "Applications" / "GPT Studio.app"
    assert shortcut.shortcut_path("Linux", {}, tmp_path) == \
        tmp_path / ".local" / "share" / "applications" / "gptstudio.desktop"
