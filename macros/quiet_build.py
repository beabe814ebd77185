"""Hook: the quiet build and ``make serve``. Only what needs attention reaches the terminal, and
in ``mkdocs serve`` a failed rebuild's errors reach the browser too.

Events: none for the quiet build, which is set when MkDocs loads this file with the
configuration, before any plugin runs (the plugins' loggers); ``on_serve``, to wrap the
live-reload server's build and request handling (MkDocs 1.6 internals, named where used) and poll
the watched folders more often.
"""

from __future__ import annotations

import html as html_lib
import logging
import time
from typing import Any, Callable, Iterable

from mkdocs.config.defaults import MkDocsConfig

from macros import parallel, serve

# A build prints only what needs attention: warnings, errors and MkDocs's few progress lines.
# mkdocs-macros (logger mkdocs.plugins.mkdocs_macros) announces its module, variables and macros,
# and mkdocs-static-i18n (mkdocs.plugins.mkdocs_static_i18n) each language it builds, at INFO,
# on every build: their warnings and errors still show. Set here because MkDocs loads the hooks
# with the configuration, before any plugin runs.
for _chatty in ("mkdocs.plugins.mkdocs_macros", "mkdocs.plugins.mkdocs_static_i18n"):
    logging.getLogger(_chatty).setLevel(logging.WARNING)

log = logging.getLogger("mkdocs.hooks.roadmap")


class _Collect(logging.Handler):
    """Keeps the warnings and errors logged during one build, to show them in the browser."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if not record.name.startswith("mkdocs.livereload"):  # the server's request log, not the build's
            self.messages.append(record.getMessage())


def error_page(messages: Iterable[str]) -> str:
    """The page `mkdocs serve` shows in place of every page while the last rebuild failed."""
    items = "".join(f"<li><pre>{html_lib.escape(message)}</pre></li>" for message in messages)
    return ('<!doctype html><html lang="es"><head><meta charset="utf-8"><title>Error · build failed</title>'
            '<meta name="viewport" content="width=device-width,initial-scale=1"><style>body{font:16px/1.5 system-ui,'
            'sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}h1{font-size:1.5rem}pre{white-space:pre-wrap;background:#fdecea;'
            'padding:.75rem;border-radius:4px}</style></head><body><h1>La compilación falló '
            '<span lang="en">· The build failed</span></h1><p>Corrija lo siguiente y guarde: la página se recarga sola. '
            '<span lang="en">Fix the following and save: the page reloads by itself.</span></p>'
            f"<ol>{items}</ol></body></html>")


# MkDocs polls the watched folders every 0.5 s (LiveReloadServer's ``polling_interval``, which
# `mkdocs serve` does not let one set), so a save waited 0.25 s on average, and up to 0.5 s, before
# the rebuild even started: a quarter of the time from save to reloaded page at the real size.
# One poll of this project's watched folders (docs, data, roadmap, macros, overrides) takes about
# 2 ms, so polling every 0.1 s costs 2 % of a core while serving.
POLL_SECONDS = 0.1


def poll_every(observer: Any, seconds: float) -> None:
    """Make watchdog's polling observer look for changes every ``seconds``. Relies on watchdog 6
    internals: each emitter polls, then waits its ``timeout`` (``_timeout``, read on every round),
    and emitters scheduled later (mkdocs.yml's ``watch:`` folders, after on_serve) take the
    observer's."""
    observer._timeout = seconds
    for emitter in observer.emitters:
        emitter._timeout = seconds


def _requests_at_info(record: logging.LogRecord) -> bool:
    """The server logs each request not answered 200 (the error page's 500, a missing file's 404)
    as a WARNING of the "mkdocs" logger, which --strict counts: a browser showing the error page
    while the fixed page rebuilt made that rebuild fail too ("Aborted with 4 warnings"), and the
    page stayed broken. A request is not the build's: it is logged at INFO."""
    if record.levelno == logging.WARNING and '" code ' in record.getMessage():
        record.levelno, record.levelname = logging.INFO, "INFO"
    return True


def on_startup(command: str, dirty: bool) -> None:
    """`mkdocs serve` builds once before it serves, and a failure there (a page's macro error, the
    data's) ended it at once, before any page or the error could be seen: that first build's
    failure is kept (:data:`macros.serve.first_build_errors`) and shown by :func:`on_serve` as
    every later one is. Relies on MkDocs 1.6's ``mkdocs.commands.serve`` calling its module's
    ``build`` from its ``builder``, first before ``on_serve`` and then from the server's loop."""
    if command != "serve":  # before the import: a build never loads the live-reload server (0.01 s)
        return
    import mkdocs.commands.serve as serve_command

    if getattr(serve_command.build, "roadmap_first_build", False):
        return
    real_build = serve_command.build

    def build(*args: Any, **kwargs: Any) -> None:
        if serve.first_build_done:
            return real_build(*args, **kwargs)
        serve.first_build_done = True
        collect = _Collect()
        logging.getLogger("mkdocs").addHandler(collect)
        try:
            real_build(*args, **kwargs)
        except (Exception, SystemExit) as exc:  # noqa: BLE001 - shown in the browser, not the end of serve
            parallel.abort()
            messages = [m for m in collect.messages if not m.startswith("Aborted with")]
            serve.first_build_errors[:] = messages or [f"{type(exc).__name__}: {exc}"]
            log.error("The build failed: the browser shows why until a save fixes it")
        finally:
            logging.getLogger("mkdocs").removeHandler(collect)

    build.roadmap_first_build = True  # type: ignore[attr-defined]
    serve_command.build = build


def on_serve(server: Any, config: MkDocsConfig, builder: Callable[..., None]) -> Any:
    """When a rebuild fails, say why once, without a traceback, in the terminal and in the browser.

    Relies on MkDocs 1.6's LiveReloadServer internals: its build loop calls ``server.builder`` and
    prints a traceback when it raises, then leaves every page waiting for a good build ("the
    server will appear stuck"); ``_serve_request`` serves the files, ``_inject_js_into_html``
    adds the reload script, ``_want_rebuild`` says a file changed again. A file saved in two quick
    steps (an editor writing then renaming, or a YAML file caught half-written) fails the first
    build: when another change is already waiting, that failure is not reported at all."""
    build = server.builder
    logging.getLogger("mkdocs.livereload").addFilter(_requests_at_info)
    errors: list[str] = list(serve.first_build_errors)  # the first build's, if it failed (on_startup)
    poll_every(server.observer, POLL_SECONDS)

    def build_and_report() -> None:
        # MkDocs's command line drops a message already logged once in the process
        # (utils.DuplicateFilter on the build logger): a rebuild that fails again for the same
        # reason would then say nothing. Each rebuild starts with a clean memory.
        for log_filter in logging.getLogger("mkdocs.commands.build").filters:
            if hasattr(log_filter, "msgs"):
                log_filter.msgs.clear()
        collect = _Collect()
        logging.getLogger("mkdocs").addHandler(collect)
        try:
            build()
        except (Exception, SystemExit) as exc:  # noqa: BLE001 - any failure is reported, never raised into the loop
            # SystemExit too: mkdocs-macros calls exit() on a macro error ({{ nope }}), which
            # ended `mkdocs serve` itself (the build loop runs in its main thread). MkDocs runs no
            # on_build_error for it: the process building the other languages is stopped here.
            parallel.abort()
            time.sleep(3 * POLL_SECONDS)  # three polls of the file watcher: a second save is seen by then
            if getattr(server, "_want_rebuild", False):
                log.info("A file changed again while the site was building: building again")
                return
            messages = [m for m in collect.messages if not m.startswith("Aborted with")]
            if not isinstance(exc, SystemExit):  # MkDocs logged its own errors; not this one
                messages.append(f"{type(exc).__name__}: {exc}")
                log.error(messages[-1])
            errors[:] = messages or [str(exc)]
            log.error("The build failed: the browser shows why until a save fixes it")
        else:
            errors.clear()
        finally:
            logging.getLogger("mkdocs").removeHandler(collect)

    serve_files = server._serve_request

    def serve_request(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        path = environ.get("PATH_INFO", "")
        if errors and not path.startswith("/livereload/") and (path.endswith("/") or path.endswith(".html")):
            content = server._inject_js_into_html(error_page(errors).encode("utf-8"), server._visible_epoch)
            start_response("500 Internal Server Error", [("Content-Type", "text/html; charset=utf-8"),
                                                         ("Content-Length", str(len(content)))])
            return [content]
        return serve_files(environ, start_response)

    server.builder = build_and_report
    server._serve_request = serve_request
    return server
