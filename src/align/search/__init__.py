"""Search over the store: full-text queries of both sides, word alignment inside links, renderings.

Sits above ``align.store`` (it reads the store's models and sessions) and below the app and CLI,
which call ``search_sentences``, ``renderings``, ``align_words`` and the Pharaoh helpers.
"""
