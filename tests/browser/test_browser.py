"""The browser tests run in Chromium's headless shell (issue #21: a third less CPU than the full
browser headless), the one scripts/ensure-chromium installs, of the version Debian ships."""

from __future__ import annotations

import os
import re
import subprocess

import pytest
from playwright.sync_api import Browser

from ..conftest import ROOT
from .conftest import CHROMIUM

pytestmark = pytest.mark.browser


@pytest.mark.skipif("CHROMIUM" in os.environ, reason="CHROMIUM names another browser")
def test_the_tests_drive_the_headless_shell_that_ensure_chromium_installs(browser: Browser) -> None:
    script = (ROOT / "scripts" / "ensure-chromium").read_text(encoding="utf-8")
    default = re.search(r'^CHROMIUM="\$\{CHROMIUM:-(\S+)\}"$', script, re.M)
    assert default and default.group(1) == CHROMIUM == "/usr/bin/chromium-headless-shell"
    assert "install -y -qq chromium-headless-shell " in script
    package = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", "chromium-headless-shell"],
                             capture_output=True, text=True, check=False)
    if package.returncode == 0:  # a Debian install: the browser is the package's own
        assert package.stdout.startswith(browser.version + "-"), (browser.version, package.stdout)
