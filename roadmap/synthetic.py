"""Synthetic roadmap data for benchmarks and scale tests: valid, bilingual, deterministic.

The real data is small; the site must stay fast as it grows. ``synthetic_data(1000)`` returns a
roadmap with 1,000 objectives that passes :mod:`roadmap.validation`, with every optional
field used, so builds and searches can be measured at realistic sizes. Never published.
"""

from __future__ import annotations

import copy
import random
from typing import Any

import yaml

# LibYAML's writer when PyYAML has it: the same text as PyYAML's own (compared at 0 to 1,000
# objectives), four times quicker (a second at 1,000 objectives, issue #21)
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

COUNTRY_CODES = ("CL", "CO", "MX", "PE", "EC", "CR", "PA", "UY", "AR", "BR", "GT", "DO", "PY", "BO", "HN")
SECTORS = ("public", "private", "multilateral")
STATUSES = ("proposed", "agreed", "in_progress", "achieved", "paused")
# A little vocabulary so titles differ and search has real words, accents and plurals to index.
WORDS_ES = ("exportaciones", "financiación", "pymes", "comercio", "crédito", "digitalización", "mercados",
            "regulación", "innovación", "capacitación", "garantías", "aduanas", "emprendimiento", "logística")
WORDS_EN = ("exports", "financing", "SMEs", "trade", "credit", "digitalisation", "markets", "regulation",
            "innovation", "training", "guarantees", "customs", "entrepreneurship", "logistics")


def _text(es: str, en: str) -> dict[str, str]:
    return {"es": es, "en": en}


def synthetic_data(objectives: int, countries: int = 10, actors: int = 50, seed: int = 7,
                   base: dict[str, Any] | None = None) -> dict[str, Any]:
    """A roadmap with ``objectives`` objectives, ``countries`` countries and ``actors`` actors.

    With ``base`` (the parsed real data), its entries are kept and synthetic ones added up to
    the sizes asked, so the real pages, whose macros name real themes and countries, still build.
    """
    data: dict[str, Any] = copy.deepcopy(base) if base else _skeleton()
    rng = random.Random(seed)
    sources = [s["id"] for s in data["sources"]]
    themes = [t["id"] for t in data["themes"]]
    statuses = [s["id"] for s in data["statuses"]]
    known = {c["code"] for c in data["countries"]}
    for code in COUNTRY_CODES:
        if len(data["countries"]) >= countries:
            break
        if code not in known:
            data["countries"].append({"code": code, "name": _text(f"País {code}", f"Country {code}"),
                                      "facts": [{"text": _text(f"Dato de {code}.", f"Fact about {code}."), "source": sources[0]}]})
    if len(data["countries"]) < countries:
        raise ValueError(f"countries must be at most {len(COUNTRY_CODES)}")
    codes = [c["code"] for c in data["countries"]]
    for i in range(len(data["actors"]), actors):
        w = i % len(WORDS_ES)
        data["actors"].append({"id": f"actor-{i}", "sector": SECTORS[i % 3],
                               "name": _text(f"Institución {i} de {WORDS_ES[w]}", f"Institution {i} for {WORDS_EN[w]}"),
                               "abbr": _text(f"INS{i}", f"INS{i}"), "sources": [sources[i % len(sources)]],
                               **({"country": codes[i % len(codes)]} if i % 2 else {})})
    actor_list = data["actors"]
    for n in range(len(data["objectives"]), objectives):
        status = statuses[n % len(statuses)]
        w = n % len(WORDS_ES)
        history = [{"date": "2024-06-27", "status": statuses[0], "note": _text("Propuesto.", "Proposed.")}]
        if status != statuses[0]:
            history.append({"date": f"2025-{n % 12 + 1:02d}-10", "status": status,
                            "note": _text(f"Pasa a {status}.", f"Moves to {status}.")})
        pick = rng.sample(range(len(actor_list)), k=min(3, len(actor_list)))
        lead, support = actor_list[pick[0]], [actor_list[p] for p in pick[1:]]
        data["objectives"].append({
            "id": f"objective-{n:05d}",
            "title": _text(f"Objetivo {n}: mejorar {WORDS_ES[w]} y {WORDS_ES[(w + 3) % len(WORDS_ES)]}",
                           f"Objective {n}: improve {WORDS_EN[w]} and {WORDS_EN[(w + 3) % len(WORDS_EN)]}"),
            "summary": _text(f"Resumen del objetivo {n} sobre **{WORDS_ES[w]}** para las MIPYMES de la región.",
                             f"Summary of objective {n} about **{WORDS_EN[w]}** for the region's MSMEs."),
            **({"horizon": ("short", "medium", "long")[n % 3]} if n % 7 else {}),
            "theme": themes[n % len(themes)],
            "countries": "all" if n % 4 == 0 else sorted(rng.sample(codes, k=min(2, len(codes)))),
            "status": status,
            "lead": {lead["sector"]: [lead["id"]]},
            "support": {a["sector"]: [a["id"]] for a in support},
            "milestones": [{"date": f"{2025 + n % 3}-{n % 12 + 1:02d}-01", "text": _text(f"Hito {n}", f"Milestone {n}"),
                            "done": n % 2 == 0}],
            "indicators": [{"name": _text("Crédito a pymes", "Credit to SMEs"), "baseline": float(n % 50),
                            "target": float(n % 50 + 10), "unit": _text("%", "%"), "year": 2030,
                            "source": sources[n % len(sources)]}] if n % 3 == 0 else [],
            "sources": [sources[n % len(sources)]],
            "history": history,
        })
    return data


def _skeleton() -> dict[str, Any]:
    """The smallest valid roadmap, for synthetic data without a base."""
    return {
        "roadmap": {"title": _text("Hoja de ruta sintética", "Synthetic roadmap"),
                    "short_title": _text("Ruta sintética", "Synthetic roadmap"), "last_reviewed": "2026-01-01",
                    "sources": ["source-0"]},
        "settings": {"missing_translations": "error"},
        "sources": [{"id": f"source-{i}", "publisher": _text("Editor sintético", "Synthetic publisher"),
                     "date": f"2024-0{i + 1}-15", "title": _text(f"Fuente sintética {i}", f"Synthetic source {i}"),
                     "url": f"https://example.org/source-{i}"} for i in range(3)],
        "horizons": [{"id": h, "label": _text(es, en)} for h, es, en in
                     (("short", "Corto plazo", "Short term"), ("medium", "Mediano plazo", "Medium term"),
                      ("long", "Largo plazo", "Long term"))],
        "statuses": [{"id": s, "label": _text(s.replace("_", " ").capitalize(), s.replace("_", " ").capitalize()),
                      "description": _text(f"Estado {s}.", f"Status {s}.")} for s in STATUSES],
        "themes": [{"id": f"theme-{i}", "rank": i + 1, "name": _text(f"Desafío {WORDS_ES[i]}", f"Challenge {WORDS_EN[i]}"),
                    "description": _text(f"Descripción del desafío {i}.", f"Description of challenge {i}."),
                    "sources": ["source-0"]} for i in range(8)],
        "countries": [],
        "actors": [],
        "objectives": [],
        "glossary": [{"term": _text("MIPYME", "MSME"),
                      "definition": _text("Micro, pequeña y mediana empresa.", "Micro, small and medium-sized enterprise.")}],
    }


def synthetic_yaml(objectives: int, countries: int = 10, actors: int = 50, base: dict[str, Any] | None = None) -> str:
    return yaml_text(synthetic_data(objectives, countries, actors, base=base), width=120)


def yaml_text(data: Any, **options: Any) -> str:
    """``data`` (plain dicts, lists, strings, numbers) as the YAML text of a data file: Unicode
    written as is, keys in their order; ``options`` go to ``yaml.dump`` (``width``,
    ``default_flow_style``)."""
    return yaml.dump(data, Dumper=DUMPER, allow_unicode=True, sort_keys=False, **options)
