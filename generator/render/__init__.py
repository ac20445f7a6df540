"""Render machinery: the Jinja environment and the fast paths that render once and fill many.

Two mechanisms, each measured by ``bench/fastpaths.py`` (figures in bench/README.md): ``shell``
(the theme around an incident page, rendered once per build and filled per page) and
``stamps``/``views`` (page templates and macros rendered once per shape of their values with
placeholders, then filled by string joins). ``macros`` gives a template's macros as callables.
``verify`` renders every use the plain way too when ``STATUSKIT_VERIFY=1`` and fails on any
difference.
"""
