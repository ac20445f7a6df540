"""One module per output artefact. Each reads the model and returns bytes or HTML.

Machine outputs (feeds, API, calendar, badges, cards) expose ``render(site)`` returning a
dict of site-relative paths to file contents, or an iterator of (path, bytes) pairs for
outputs too large to hold at once; the plugin writes them after the build.
Outputs import the core (model, paths, richtext, ...) but never another output.
"""

# Modules with render(site) -> dict[str, bytes], written by the plugin in on_post_build.
MACHINE_OUTPUTS: tuple[str, ...] = ("feeds", "calendar", "api", "badges", "cards")
