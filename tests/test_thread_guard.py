"""The guard in tests/conftest.py fails a test that leaves a thread running, naming it, and lets a
test whose threads end pass."""

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

LEAKY = textwrap.dedent('''
    import threading

    import conftest

    conftest.THREADS_END_WITHIN_S = 0.5  # the guard's wait, short for this check

    def test_leaves_a_thread_running():
        threading.Thread(target=threading.Event().wait, name="left-behind", daemon=True).start()

    def test_waits_for_its_thread():
        done = threading.Event()
        threading.Thread(target=done.set, name="ends").start()
        done.wait()
''')


def test_a_thread_left_running_fails_its_test_by_name(tmp_path):
    shutil.copy(Path(__file__).with_name("conftest.py"), tmp_path / "conftest.py")
    (tmp_path / "test_leaky.py").write_text(LEAKY, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                          str(tmp_path)], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert "still running after the test: thread 'left-behind'" in run.stdout, run.stdout
    # Both tests pass; the first then errors in its teardown.
    assert "2 passed, 1 error" in run.stdout, run.stdout
