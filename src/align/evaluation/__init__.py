"""Evaluation against hand-aligned gold: link files (``links``), scores (``metrics``), memory
(``memory``) and the bench runner (``bench``), each in its own module."""
