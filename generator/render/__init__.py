"""Render machinery: the Jinja environment and the fast paths that render once and fill many.

Three mechanisms, each measured in bench/README.md: ``shell`` (the theme around an incident
page, rendered once per build), ``stamps``/``views`` (page templates rendered once per shape of
their values), ``macros`` (macro calls remembered by their arguments). ``verify`` renders
every page the plain way too when ``STATUSKIT_VERIFY=1`` and fails on any difference.
"""
