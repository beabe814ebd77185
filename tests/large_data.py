"""The large data file of issue #18's scale test: 5,000 institutions and 500 references to ones
that do not exist, about 0.94 MB, on top of the real data (so its pages, sources and themes stay).
Two unknown references per synthetic objective (its lead and one supporter)."""

from __future__ import annotations

from typing import Any

import yaml

from roadmap import synthetic
from roadmap.synthetic import yaml_text

from .conftest import ROOT


def large_data(institutions: int = 5000, unknown: int = 500) -> dict[str, Any]:
    base = yaml.safe_load((ROOT / "data" / "objectives.yml").read_text(encoding="utf-8"))
    objectives = len(base["objectives"]) + (unknown + 1) // 2
    data = synthetic.synthetic_data(objectives, actors=institutions, base=base)
    for number, actor in enumerate(data["actors"][len(base["actors"]):]):
        actor.pop("abbr", None)  # optional: a plainer institution, as many would be
        actor.pop("country", None)
        actor["name"] = {"es": f"Cámara de comercio {number}", "en": f"Chamber of commerce {number}"}
    wrong = 0
    for objective in data["objectives"][len(base["objectives"]):]:
        objective.pop("indicators", None)  # optional: the file's size is in its institutions
        for role in ("lead", "support"):
            if wrong < unknown and objective.get(role):
                side = next(iter(objective[role]))
                objective[role][side] = [f"institucion-inexistente-{wrong:04d}"]
                wrong += 1
    assert wrong == unknown, f"{wrong} unknown references, not {unknown}"
    return data


def large_yaml(institutions: int = 5000, unknown: int = 500) -> str:
    # leaf mappings and lists in flow style ({es: …, en: …}), as much of the real file writes them
    return yaml_text(large_data(institutions, unknown), width=120, default_flow_style=None)
