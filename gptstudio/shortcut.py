"""`gptstudio --create-shortcut`: GPT Studio, with its icon, in the desktop's list of applications.

    Linux    ~/.local/share/applications/gptstudio.desktop (the freedesktop.org Desktop Entry
             format every Linux desktop reads) and the icon in ~/.local/share/icons/hicolor
    Windows  "GPT Studio" in the Start menu: a .lnk written by Windows' own WScript.Shell, through
             PowerShell
    macOS    ~/Applications/GPT Studio.app: a small app bundle that starts this Python; its icon
             made by the Mac's own sips and iconutil

Each starts `python -m gptstudio` with the Python running now (the .venv's, or pipx's), so the
entry keeps working for as long as that installation does. Qt-free: the CLI calls it, and the app
offers it on its first start (gptstudio/ui/main/shortcut_offer.py).
"""

from __future__ import annotations

import os
import platform
import plistlib
import shutil
import subprocess
import sys
from pathlib import Path

from gptstudio import __version__
from gptstudio.package_files import resources_dir

APP_NAME = "GPT Studio"
DESKTOP_ID = "gptstudio"  # the .desktop file's name; the app sets it as Qt's desktopFileName
COMMENT = "Train a small GPT on your own text, watch it learn, play with what it writes"


class ShortcutError(Exception):
    """The shortcut could not be made; str() is the sentence for the user."""


def launch_command() -> list[str]:
    """The command the shortcut runs. On Windows pythonw.exe, so that no console window opens."""
    python = Path(sys.executable)
    if os.name == "nt" and python.with_name("pythonw.exe").is_file():
        python = python.with_name("pythonw.exe")
    return [str(python), "-m", "gptstudio"]


def shortcut_path(system: str | None = None, env=os.environ, home: Path | None = None) -> Path:
    """Where the shortcut of this system goes."""
    system = system or platform.system()
    home = home or Path.home()
    if system == "Windows":
        appdata = Path(env.get("APPDATA", home / "AppData" / "Roaming"))
        return appdata / "Microsoft" / "Windows" / "Start Menu" / "Programs" / f"{APP_NAME}.lnk"
    if system == "Darwin":
        return home / "Applications" / f"{APP_NAME}.app"
    return _xdg_data_home(env, home) / "applications" / f"{DESKTOP_ID}.desktop"


def exists(system: str | None = None) -> bool:
    return shortcut_path(system).exists()


def create(system: str | None = None, env=os.environ, home: Path | None = None) -> Path:
    """Make (or remake) the shortcut; returns its path. Raises ShortcutError."""
    system = system or platform.system()
    home = home or Path.home()
    path = shortcut_path(system, env, home)
    try:
        if system == "Windows":
            create_windows(path, launch_command())
        elif system == "Darwin":
            create_macos(path, launch_command())
        else:
            create_linux(path, launch_command(), _xdg_data_home(env, home))
    except OSError as e:
        raise ShortcutError(f"Could not write {e.filename or path}: {e.strerror or e}.") from e
    return path


# ---------------------------------------------------------------------------------------------------
# Linux


def create_linux(path: Path, command: list[str], data_home: Path) -> None:
    icon_folder = data_home / "icons" / "hicolor"
    for source, target in ((resources_dir() / "icons" / "gptstudio.svg", "scalable/apps"),
                           (resources_dir() / "icons" / "gptstudio.png", "512x512/apps")):
        (icon_folder / target).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, icon_folder / target / f"{DESKTOP_ID}{source.suffix}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(desktop_entry(command), encoding="utf-8")
    path.chmod(0o755)  # some desktops (GNOME's "untrusted launcher") want it executable
    # Menus notice a new entry by themselves; these refresh the caches where they exist.
    for tool in (["update-desktop-database", str(path.parent)],
                 ["gtk-update-icon-cache", "-q", "-t", str(icon_folder)]):
        if shutil.which(tool[0]):
            subprocess.run(tool, capture_output=True, timeout=60)


def desktop_entry(command: list[str]) -> str:
    """A Desktop Entry (https://specifications.freedesktop.org/desktop-entry-spec/latest/)."""
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.0",
        f"Name={APP_NAME}",
        "GenericName=Language model trainer",
        f"Comment={COMMENT}",
        f"Exec={' '.join(desktop_quote(arg) for arg in command)}",
        f"TryExec={command[0]}",
        f"Icon={DESKTOP_ID}",
        "Terminal=false",
        "Categories=Education;ArtificialIntelligence;",
        "Keywords=GPT;language model;machine learning;neural network;train;",
        f"StartupWMClass={APP_NAME}",
        "StartupNotify=true",
        "",
    ])


def desktop_quote(arg: str) -> str:
    """An Exec argument: quoted when it has a reserved character, with ", `, $ and \\ escaped;
    a literal % is written %% (the spec's field codes)."""
    arg = arg.replace("%", "%%")
    if not any(c in arg for c in " \t\n\"'\\><~|&;$*?#()`"):
        return arg
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in arg)
    # The Desktop Entry value itself unescapes backslashes once more: double them.
    return '"' + escaped.replace("\\", "\\\\") + '"'


def _xdg_data_home(env, home: Path) -> Path:
    value = env.get("XDG_DATA_HOME", "")
    return Path(value) if os.path.isabs(value) else home / ".local" / "share"


# ---------------------------------------------------------------------------------------------------
# Windows


def create_windows(path: Path, command: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(["powershell", "-NoProfile", "-NonInteractive", "-ExecutionPolicy",
                             "Bypass", "-Command", windows_script(path, command)],
                            capture_output=True, text=True, timeout=120)
    if result.returncode != 0 or not path.exists():
        said = (result.stderr or result.stdout).strip().splitlines()
        raise ShortcutError(f"Windows could not make the Start-menu shortcut "
                            f"({said[-1] if said else 'no reason given'}).")


def windows_script(path: Path, command: list[str]) -> str:
    """PowerShell that writes the .lnk with Windows' WScript.Shell."""
    def quoted(text) -> str:  # a PowerShell single-quoted string: ' is written ''
        return "'" + str(text).replace("'", "''") + "'"

    arguments = subprocess.list2cmdline(command[1:])
    return "\n".join([
        "$shell = New-Object -ComObject WScript.Shell",
        f"$link = $shell.CreateShortcut({quoted(path)})",
        f"$link.TargetPath = {quoted(command[0])}",
        f"$link.Arguments = {quoted(arguments)}",
        f"$link.WorkingDirectory = {quoted(Path.home())}",
        f"$link.IconLocation = {quoted(str(resources_dir() / 'icons' / 'gptstudio.ico') + ',0')}",
        f"$link.Description = {quoted(COMMENT)}",
        "$link.Save()",
    ])


# ---------------------------------------------------------------------------------------------------
# macOS


def create_macos(path: Path, command: list[str], run=subprocess.run) -> list[str]:
    """The bundle; returns what could not be done (the icon, without sips and iconutil)."""
    contents = path / "Contents"
    (contents / "MacOS").mkdir(parents=True, exist_ok=True)
    (contents / "Resources").mkdir(parents=True, exist_ok=True)
    launcher = contents / "MacOS" / APP_NAME
    arguments = " ".join(_sh_quote(arg) for arg in command)
    launcher.write_text(f'#!/bin/sh\nexec {arguments} "$@"\n', encoding="utf-8")
    launcher.chmod(0o755)
    with open(contents / "Info.plist", "wb") as f:
        plistlib.dump(info_plist(), f)
    missing = []
    if not make_icns(resources_dir() / "icons" / "gptstudio.png",
                     contents / "Resources" / "gptstudio.icns", run):
        missing.append("the icon (sips and iconutil, which come with macOS, were not found)")
    return missing


def info_plist() -> dict:
    return {"CFBundleName": APP_NAME, "CFBundleDisplayName": APP_NAME,
            "CFBundleIdentifier": "org.gptstudio.GPTStudio", "CFBundleExecutable": APP_NAME,
            "CFBundleIconFile": "gptstudio", "CFBundlePackageType": "APPL",
            "CFBundleShortVersionString": __version__, "CFBundleVersion": __version__,
            "LSMinimumSystemVersion": "11.0", "NSHighResolutionCapable": True}


def make_icns(png: Path, icns: Path, run=subprocess.run) -> bool:
    """An .icns from the 512-px PNG with the Mac's own tools: sips scales, iconutil packs."""
    if not (shutil.which("sips") and shutil.which("iconutil")):
        return False
    iconset = icns.with_suffix(".iconset")
    iconset.mkdir(exist_ok=True)
    for size in (16, 32, 128, 256, 512):
        for scale in (1, 2):
            pixels = size * scale
            name = f"icon_{size}x{size}{'@2x' if scale == 2 else ''}.png"
            run(["sips", "-z", str(pixels), str(pixels), str(png), "--out", str(iconset / name)],
                capture_output=True, check=True)
    run(["iconutil", "-c", "icns", str(iconset), "-o", str(icns)], capture_output=True, check=True)
    shutil.rmtree(iconset)
    return True


def _sh_quote(arg: str) -> str:
    return "'" + arg.replace("'", "'\\''") + "'"


# ---------------------------------------------------------------------------------------------------
# The command


def main() -> int:
    try:
        path = create()
    except ShortcutError as e:
        print(f"gptstudio: {e}", file=sys.stderr)  # noqa: T201 - a command's answer
        return 1
    where = {"Windows": "the Start menu", "Darwin": "Applications (and Launchpad)"}.get(
        platform.system(), "the applications menu")
    print(f"Added {APP_NAME} to {where}: {path}")  # noqa: T201
    return 0
