"""The command layer: every `jisr` subcommand lives here and drives the wings' Python APIs.

The wings (corpus/, curation/, catalog/, annotation/, training/, evaluation/) are libraries: they never import
the screen (`jisr.display`) or click. `jisr/cli.py` is the root group and imports each of these when it runs;
heavy libraries are imported inside the commands that need them. `home.py` says where a command reads and writes.
"""
