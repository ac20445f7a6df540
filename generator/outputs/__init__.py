"""One module per output artefact. Each reads the model and returns bytes or HTML.

Machine outputs (feeds, API, calendar, badges) expose ``render(site) -> dict[str, bytes]``
mapping site-relative paths to file contents; the plugin writes them after the build.
Outputs import the core (model, paths, richtext, ...) but never another output.
"""

# Modules with render(site) -> dict[str, bytes], written by the plugin in on_post_build.
MACHINE_OUTPUTS: tuple[str, ...] = ("feeds", "calendar", "api", "badges", "cards")
