"""The generator of jisr's bundled sample corpus (corpus/sample/), run as ``python scripts/make_sample_data.py``.

Content lives in banks/*.yaml (see banks/README.md for the template language); the code is small modules:

* text.py, templates.py   similarity measures and distinctness guards; the banks' template language
* banks.py                loading and checking the banks (every placeholder against its field's dialect)
* rows.py, edits.py       rows and planted-case bookkeeping; the edits that make near duplicates
* ahqad_questions.py      composing Arabic patient questions and doctor answers
* ahqad.py, cidar.py, clinic.py, alpaca.py, chat.py, medqa.py, medmcqa.py   one output file each
* files.py                the files in build order and their seeds
* verify.py, documents.py re-reading the bytes against the planted record; planted.json and README.md
"""
