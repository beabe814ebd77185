"""Hook: the data is validated before anything is built, so nothing half-built is published; its
problems are said as ``make check`` says them, in the contributor's language, at file:line:col
(a crash while rendering an entry names its line too: :mod:`macros.data_lines`).

Events: ``on_config``, the first event of each build that has the configuration, after
mkdocs-static-i18n's (which every hook reading the data follows) and before the hooks that read
the data: it also reads the translations' state once per build (:func:`macros.site`).
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from macros import site
from roadmap.messages import message, terminal_language
from roadmap.problems import DataError
from roadmap.progress import SettingError


# after mkdocs-static-i18n's on_config (-100); before the other hooks' (-110), which read the data
@event_priority(-105)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    try:
        site(config.config_file_path, refresh_translations=True)
    except DataError as exc:  # in the contributor's language, as `make check` says it
        raise PluginError(exc.text(terminal_language())) from None
    except (OSError, UnicodeDecodeError) as exc:  # e.g. `mkdocs serve` caught a file half-saved
        raise PluginError(message("check_unreadable", reason=exc).get(terminal_language())) from None
    except SettingError as exc:  # ROADMAP_TODAY that is not a date
        raise PluginError(exc.text.get(terminal_language())) from None
    return config
