"""MkDocs hook (``mkdocs.yml`` ``hooks``): the site's Content-Security-Policy for the templates.

``overrides/partials/csp.html`` writes it first in every page's ``<head>``; the policy itself lives
in ``roadmap/audit_policy.py`` (``POLICY``), where the site audit compares each page's with it.
"""

from __future__ import annotations

from typing import Any

from roadmap.audit_policy import POLICY


def on_env(env: Any, **kwargs: Any) -> Any:
    env.globals["content_security_policy"] = POLICY
    return env
