"""scripts/social_cards.py, the pictures shared with a link: the script loads (an import it lost
once went unnoticed, as nothing ran it) and its card says the roadmap's title in each language,
escaped."""

from __future__ import annotations

import importlib.util

from roadmap import model

from .conftest import ROOT


def load_script():
    spec = importlib.util.spec_from_file_location("social_cards", ROOT / "scripts" / "social_cards.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_each_languages_card_carries_its_title_escaped() -> None:
    cards = load_script()
    roadmap = model.load(ROOT / "data" / "objectives.yml")
    for lang in model.LANGS:
        page = cards.card(lang, roadmap, "<svg></svg>")
        assert f'<html lang="{lang}">' in page
        assert f"<h1>{cards.html.escape(roadmap.title(lang))}</h1>" in page
    different = {cards.card(lang, roadmap, "") for lang in model.LANGS}
    assert len(different) == len(model.LANGS)
