"""Privacy: loading each page kind and searching, the browser asks nothing of any host but the
site's own, and nothing that is not there. Every request is recorded."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from .conftest import DATA, KINDS, LANGS, OpenPage, lang_path, search
from .server import SiteServer

pytestmark = pytest.mark.browser


def foreign(requests: list[str], server: SiteServer) -> list[str]:
    own = urlsplit(server.origin).netloc
    return [url for url in requests if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).netloc != own]


@pytest.mark.parametrize("lang", LANGS)
def test_pages_and_search_request_nothing_from_other_hosts(fresh_page: OpenPage, server: SiteServer, lang: str) -> None:
    seen = 0
    # every kind opened before any is waited for: each waits for half a second without a request
    # (networkidle), and the pages go quiet side by side rather than one after the other (issue #21)
    visits = {kind: fresh_page(lang_path(lang, path)) for kind, path in KINDS.items()}
    for kind, visit in visits.items():
        visit.page.wait_for_load_state("networkidle")
        if kind == "objective":  # a search downloads its index and result texts
            assert search(visit.page, next(iter(DATA.countries.values())).name(lang))
            assert any("/pagefind/" in url for url in visit.requests), "the search did not run"
            visit.page.wait_for_load_state("networkidle")
        assert not foreign(visit.requests, server), f"{kind} {lang}: {foreign(visit.requests, server)}"
        assert not visit.errors, f"{kind} {lang}: script errors {visit.errors}"
        assert not visit.failed, f"{kind} {lang}: requests for missing files {visit.failed}"
        seen += len(visit.requests)
    assert seen > 10 * len(KINDS)  # the recording worked
