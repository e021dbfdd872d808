import subprocess
import sys

HEADLESS_MODULES = [
    "gptstudio.engine", "gptstudio.engine.model", "gptstudio.engine.trainer",
    "gptstudio.engine.sampling", "gptstudio.engine.tokenizers", "gptstudio.engine.data",
    "gptstudio.engine.checkpoint", "gptstudio.projects.store", "gptstudio.projects.archive",
    "gptstudio.cli", "gptstudio.engine.next_token", "gptstudio.engine.attention_maps",
    "gptstudio.engine.token_spans", "gptstudio.engine.memorisation",
    "gptstudio.engine.gguf_export", "gptstudio.engine.code_export", "gptstudio.projects.exports",
    "gptstudio.projects.hub", "gptstudio.projects.model_card", "gptstudio.app.session",
    "gptstudio.app.recent",
]


def test_engine_projects_and_cli_import_no_qt():
    code = (
        f"import {', '.join(HEADLESS_MODULES)}; import sys; "
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph', 'PyQt')));"
        "print(bad); assert not bad"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_light_engine_modules_do_not_import_torch():
    # The app imports these at start-up; torch must load later, in the background.
    code = (
        "import gptstudio.engine, gptstudio.engine.config, gptstudio.engine.presets, "
        "gptstudio.engine.events, gptstudio.engine.control, gptstudio.engine.errors; import sys; "
        "assert 'torch' not in sys.modules, 'torch imported'"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_main_window_module_does_not_import_torch():
    # The window is shown first and torch (1 s or more) is imported in the background.
    code = ("import gptstudio.ui.main.main_window; import sys; "
            "assert 'torch' not in sys.modules, 'torch imported'")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stdout + result.stderr
