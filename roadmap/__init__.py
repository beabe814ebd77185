"""The roadmap's data model and rendering, free of MkDocs.

Data flows one way: ``data/objectives.yml`` → :mod:`roadmap.model` (load and validate) →
:mod:`roadmap.render` (Jinja templates) → the thin MkDocs layer in ``macros/``.
"""
