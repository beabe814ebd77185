"""The roadmap's data model and rendering, free of MkDocs.

Data flows one way: ``data/objectives.yml`` → :mod:`roadmap.yaml_reader` (read, with positions)
→ :mod:`roadmap.validation` (every problem, :mod:`roadmap.problems`) → :mod:`roadmap.model`
(typed, read-only objects) → :mod:`roadmap.render` (Jinja templates) → the thin MkDocs layer in
``macros/``.
"""
