"""On Linux, the system libraries Qt's platform plugin needs and lacks, and the packages that have them.

PySide6 brings Qt itself but not the desktop's own libraries (X11's xcb family, EGL, fontconfig).
When one is missing, Qt says only "could not load the Qt platform plugin". `ldd` on the plugin
names the missing library files; a table and Debian's naming rule turn them into packages to
install. Stdlib only and Qt-free: `gptstudio doctor`, the app's start and scripts/test.py use it,
and it must work exactly when Qt cannot.

    python -m gptstudio.system_libraries [PLATFORM...]   exit 1 and a sentence when some are missing
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

# Library file -> Debian/Ubuntu package, where Debian's rule (name + soversion) does not give it.
DEBIAN = {
    "libglib-2.0.so.0": "libglib2.0-0", "libgobject-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0", "libgio-2.0.so.0": "libglib2.0-0",
    "libGL.so.1": "libgl1", "libEGL.so.1": "libegl1", "libOpenGL.so.0": "libopengl0",
    "libGLX.so.0": "libglx0", "libX11-xcb.so.1": "libx11-xcb1", "libX11.so.6": "libx11-6",
}
# Library file -> Fedora package, for the libraries Qt's Linux plugins use.
FEDORA = {
    "libxcb-cursor.so.0": "xcb-util-cursor", "libxkbcommon-x11.so.0": "libxkbcommon-x11",
    "libxkbcommon.so.0": "libxkbcommon", "libEGL.so.1": "libglvnd-egl",
    "libGL.so.1": "libglvnd-glx", "libOpenGL.so.0": "libglvnd-opengl",
    "libfontconfig.so.1": "fontconfig", "libfreetype.so.6": "freetype",
    "libdbus-1.so.3": "dbus-libs", "libglib-2.0.so.0": "glib2", "libgthread-2.0.so.0": "glib2",
    "libxcb-icccm.so.4": "xcb-util-wm", "libxcb-image.so.0": "xcb-util-image",
    "libxcb-keysyms.so.1": "xcb-util-keysyms", "libxcb-render-util.so.0": "xcb-util-renderutil",
    "libxcb-util.so.1": "xcb-util", "libX11-xcb.so.1": "libX11-xcb",
    "libwayland-cursor.so.0": "libwayland-cursor", "libwayland-client.so.0": "libwayland-client",
    "libwayland-egl.so.1": "libwayland-egl",
}
INSTALL = {"debian": "sudo apt install", "fedora": "sudo dnf install"}


def platform_plugin(name: str) -> Path | None:
    """PySide6's plugin file for a Qt platform ("xcb", "wayland", "offscreen"), if it has one."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "Qt" / "plugins" / "platforms"
    exact = folder / f"libq{name}.so"
    if exact.is_file():
        return exact
    return next(iter(sorted(folder.glob(f"libq{name}*.so"))), None)


def missing_libraries(path: Path) -> list[str]:
    """The library files `path` needs (directly or through others) that cannot be found."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return []
    try:
        out = subprocess.run([ldd, str(path)], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return []
    found = re.findall(r"^\s*(\S+) => not found", out.stdout, flags=re.MULTILINE)
    return list(dict.fromkeys(found))  # ldd lists a library once per library that needs it


def distribution(os_release: str | None = None) -> str:
    """"debian" (Debian, Ubuntu, Mint...), "fedora" (Fedora, RHEL...), or "" when unknown."""
    if os_release is None:
        try:
            os_release = Path("/etc/os-release").read_text(encoding="utf-8")
        except OSError:
            return ""
    words = set()
    for key in ("ID", "ID_LIKE"):
        m = re.search(rf"^{key}=\"?([^\"\n]*)", os_release, flags=re.MULTILINE)
        words.update(m.group(1).split() if m else ())
    if words & {"debian", "ubuntu"}:
        return "debian"
    if words & {"fedora", "rhel", "centos"}:
        return "fedora"
    return ""


def debian_package(library: str) -> str:
    """Debian's rule: libfoo.so.1 is in libfoo1, libfoo-2.so.0 (a name ending in a digit) in
    libfoo-2-0."""
    if library in DEBIAN:
        return DEBIAN[library]
    stem, _, version = library.partition(".so.")
    stem = stem.lower()
    version = version.split(".")[0]
    return f"{stem}-{version}" if stem[-1:].isdigit() else f"{stem}{version}"


def packages(libraries: list[str], distro: str) -> list[str]:
    if distro == "debian":
        names = [debian_package(lib) for lib in libraries]
    elif distro == "fedora":
        names = [FEDORA[lib] for lib in libraries if lib in FEDORA]
        if len(names) < len(libraries):
            return []
    else:
        return []
    return list(dict.fromkeys(names))


def requested_platforms(env=os.environ) -> list[str]:
    """The platforms Qt will try: QT_QPA_PLATFORM's list, else Wayland (in a Wayland session) and
    X11's xcb."""
    chosen = env.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        return [part.split(":")[0] for part in chosen.split(";") if part]
    return ["wayland", "xcb"] if env.get("WAYLAND_DISPLAY") else ["xcb"]


def missing_for(platforms: list[str]) -> dict[str, list[str]]:
    """platform -> the library files its plugin lacks (platforms that lack none are left out)."""
    result = {}
    for name in platforms:
        plugin = platform_plugin(name)
        lacking = missing_libraries(plugin) if plugin is not None else []
        if lacking:
            result[name] = lacking
    return result


def missing_sentence(missing: dict[str, list[str]], distro: str | None = None) -> str:
    """One sentence: the platform, the missing files, and the command that installs them."""
    distro = distribution() if distro is None else distro
    libraries = list(dict.fromkeys(lib for libs in missing.values() for lib in libs))
    names = " and ".join(f'"{name}"' for name in missing)
    text = (f"Qt's {names} display support needs system libraries that are missing "
            f"({', '.join(libraries)}).")
    wanted = packages(libraries, distro)
    if wanted:
        return f"{text} Install them with: {INSTALL[distro]} {' '.join(wanted)}"
    return f"{text} Install the packages of your Linux distribution that contain them."


def explain_no_platform(qt_said: list[str], env=os.environ) -> str:
    """What to tell the user when Qt could load no platform plugin (its messages in qt_said)."""
    start = "GPT Studio cannot open its window: "
    platforms = requested_platforms(env)
    if sys.platform.startswith("linux"):
        missing = missing_for(platforms)
        if missing:
            return start + missing_sentence(missing)
        if any("could not connect to display" in said for said in qt_said) or not (
                env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
            return (start + "no display was found (DISPLAY is not set, or its X server does not "
                    "answer). Start it from a desktop session; the command line works without "
                    "one (gptstudio --help).")
    last = qt_said[-1].strip().splitlines()[0] if qt_said else "no reason given"
    return (start + f"Qt could not start its {' or '.join(platforms)} display support (Qt said: "
            f"{last}). `gptstudio doctor` checks the installation.")


def main(argv: list[str] | None = None) -> int:
    platforms = (sys.argv[1:] if argv is None else argv) or requested_platforms()
    missing = missing_for(platforms) if sys.platform.startswith("linux") else {}
    if missing:
        print(missing_sentence(missing))  # noqa: T201 - this module's command prints its answer
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
