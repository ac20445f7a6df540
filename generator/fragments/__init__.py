"""Page fragments: the HTML statuskit puts into pages (home, history, incidents, head tags).

Each reads the model and returns markup through ``generator.render``; the artefacts
(feeds, API, calendar, badges, cards) live in ``generator.outputs``.
"""
