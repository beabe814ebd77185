"""scripts/ensure-chromium waits for the package lock that another apt or dpkg holds."""

from __future__ import annotations

import fcntl
import os
import subprocess
import threading
import time
from pathlib import Path

import pytest

from .conftest import ROOT

SCRIPT = ROOT / "scripts" / "ensure-chromium"

pytestmark = pytest.mark.skipif(os.geteuid() != 0 or not Path("/usr/bin/apt-get").exists(),
                                reason="the install path runs only as root with apt-get")


def run(tmp_path: Path, lock: Path, timeout: int) -> tuple[subprocess.CompletedProcess[str], float]:
    env = {"PATH": os.environ["PATH"], "CHROMIUM": str(tmp_path / "chromium"), "PACKAGE_LOCKS": str(lock),
           "ENSURE_CHROMIUM_LOCK_TIMEOUT": str(timeout)}
    started = time.monotonic()
    result = subprocess.run([str(SCRIPT)], capture_output=True, text=True, env=env, timeout=60)
    return result, time.monotonic() - started


def hold(lock: Path) -> int:
    """Take the lock the way apt and dpkg do (fcntl), in this process."""
    fd = os.open(lock, os.O_RDWR | os.O_CREAT)
    fcntl.lockf(fd, fcntl.LOCK_EX)
    return fd


def test_waits_for_the_lock_then_finds_what_the_other_process_installed(tmp_path: Path) -> None:
    lock = tmp_path / "lock-frontend"
    fd = hold(lock)

    def other_install_finishes() -> None:
        time.sleep(2)
        chromium = tmp_path / "chromium"
        chromium.write_text("#!/bin/sh\n")
        chromium.chmod(0o755)
        os.close(fd)  # releases the lock

    threading.Thread(target=other_install_finishes).start()
    result, elapsed = run(tmp_path, lock, timeout=30)
    assert result.returncode == 0, result.stderr
    assert f"Waiting for another package manager to release {lock}" in result.stderr
    assert "Installing" not in result.stderr
    assert elapsed >= 2


def test_gives_up_after_the_timeout_with_a_message(tmp_path: Path) -> None:
    lock = tmp_path / "lock-frontend"
    fd = hold(lock)
    try:
        result, elapsed = run(tmp_path, lock, timeout=2)
    finally:
        os.close(fd)
    assert result.returncode == 1
    assert f"still holds {lock} after 2 s" in result.stderr and "ENSURE_CHROMIUM_LOCK_TIMEOUT" in result.stderr
    assert 2 <= elapsed < 20


def test_the_lock_is_probed_as_apt_takes_it_not_with_flock(tmp_path: Path) -> None:
    """flock(1) locks are invisible to apt's fcntl locks and the other way round: a probe
    with flock would never see apt holding the lock."""
    lock = tmp_path / "lock-frontend"
    fd = hold(lock)
    try:
        probe = subprocess.run(["flock", "--nonblock", str(lock), "true"], capture_output=True)
        assert probe.returncode == 0  # flock does not see it...
        result, _ = run(tmp_path, lock, timeout=1)
        assert "Waiting for another package manager" in result.stderr  # ...the script does
    finally:
        os.close(fd)
