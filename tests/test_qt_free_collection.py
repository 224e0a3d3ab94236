"""The Qt-free half of the suite is collected without pytest-qt (as the README says it runs), strict settings and
all: a GUI-only marker or ini key used where pytest-qt is absent fails here, not on a user's machine."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_the_suite_collects_with_pytest_qt_switched_off():
    run = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:pytest-qt",
                          "-p", "no:cacheprovider", "-m", "not gui"], cwd=ROOT, capture_output=True, text=True,
                         timeout=300, check=False)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert "tests collected" in run.stdout and " error" not in run.stdout.splitlines()[-1]
