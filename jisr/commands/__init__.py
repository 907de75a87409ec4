"""The command layer: every `jisr` subcommand lives here and drives the wings' Python APIs.

The wings (corpus/, curation/, catalog/, annotation/, training/, evaluation/) are libraries: they never import
the screen (`jisr.display`) or click. `jisr/cli.py` is the root group; it attaches these lazily because some
pull in heavy libraries.
"""
