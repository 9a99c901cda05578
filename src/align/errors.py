"""Domain errors. Only the CLI and web layers turn these into messages for people."""


class AlignError(Exception):
    """Base of every error the workbench raises on purpose; its message says what to do."""


class IngestError(AlignError):
    """A file could not be read as a document (empty, binary, undecodable, not a transcript)."""


class ModelError(AlignError):
    """No embedding model could be loaded, or the bundled model failed its conversion check."""


class FormatError(AlignError):
    """A links/gold/exchange file is malformed; the message names the file and line."""
