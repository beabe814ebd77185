#!/usr/bin/env python3
"""Draw the picture shared with a link to the site (Open Graph and Twitter cards, issue #19).

One 1200×630 PNG per language, docs/assets/images/social-<lang>.png, from the project's logo,
the roadmap's title (data/objectives.yml) and two lines of roadmap/labels.yml. The page is laid
out in HTML and photographed by headless Chromium (Debian's, as the browser tests use), so the
text is set by a real browser in the system fonts. Nothing is fetched: the logo is inlined.

Run it again after changing the title, the labels or the logo:

    .venv/bin/python scripts/social_cards.py
"""

from __future__ import annotations

import argparse
import html
from pathlib import Path

from playwright.sync_api import sync_playwright

from roadmap import model
from roadmap.render_text import label
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "assets" / "images"
WIDTH, HEIGHT = 1200, 630
ADDRESS = "alianza-pacifico-mipymes.github.io/hoja-de-ruta"

PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><style>
  html, body {{ margin: 0; width: {width}px; height: {height}px; }}
  body {{ box-sizing: border-box; padding: 64px 72px; display: flex; flex-direction: column;
         justify-content: space-between; color: #fff; font-family: "Liberation Sans", "DejaVu Sans", sans-serif;
         background: #283593; border-bottom: 18px solid #ffca28; }}
  .kicker {{ font-size: 28px; letter-spacing: .02em; color: #ffca28; font-weight: 700; }}
  h1 {{ font-size: 54px; line-height: 1.12; margin: 22px 0 0; font-weight: 700; }}
  .tagline {{ font-size: 28px; line-height: 1.35; margin: 26px 0 0; color: #e8eaf6; max-width: 1000px; }}
  footer {{ display: flex; align-items: center; gap: 22px; font-size: 26px; color: #c5cae9; }}
  footer svg {{ width: 84px; height: 84px; flex: none; }}
</style></head><body>
  <div>
    <div class="kicker">{kicker}</div>
    <h1>{title}</h1>
    <p class="tagline">{tagline}</p>
  </div>
  <footer>{logo}<span><strong style="color:#fff">{short}</strong><br>{address}</span></footer>
</body></html>"""


def card(lang: str, roadmap: model.Roadmap, logo: str) -> str:
    return PAGE.format(lang=lang, width=WIDTH, height=HEIGHT, logo=logo, address=ADDRESS,
                       kicker=html.escape(label("social_card_kicker", lang)),
                       tagline=html.escape(label("social_card_tagline", lang)),
                       title=html.escape(roadmap.title(lang)), short=html.escape(roadmap.short_title(lang)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default=CHROMIUM)  # the tests' browser, scripts/ensure-chromium's
    args = parser.parse_args()
    roadmap = model.load(ROOT / "data" / "objectives.yml")
    logo = (IMAGES / "logo.svg").read_text(encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
        for lang in model.LANGS:
            page.set_content(card(lang, roadmap, logo))
            out = IMAGES / f"social-{lang}.png"
            page.screenshot(path=str(out), clip={"x": 0, "y": 0, "width": WIDTH, "height": HEIGHT})
            print(out.relative_to(ROOT))
        browser.close()


if __name__ == "__main__":
    main()
