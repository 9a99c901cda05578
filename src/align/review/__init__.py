"""Review: every edit and every read of review state that the web app and the CLI make.

Edits take an ``EditContext`` (store, document, the version the client saw, user) and run as one
transaction with the optimistic version check (``context.run_edit``): a stale edit raises
ConflictError with the current links, never overwrites. Reads return plain frozen values shaped
for pages and terminals. The web layer and the CLI reach the store only through this package.
"""

from align.alignment import FLAG_STATUSES, LINK_STATUSES, MQM_CATEGORIES, SEVERITIES
from align.errors import ConflictError, ReviewError
from align.review.citing import cite, cite_document, find_pair
from align.review.context import Edit, EditContext
from align.review.flags import add_flag, edit_flag, resolve_flag
from align.review.history import redo, undo
from align.review.imports import Upload, document_name, import_pair, unique_name
from align.review.operations import (
    confirm,
    dispute,
    merge,
    relink,
    set_status,
    shift,
    split,
    unconfirm,
    unlink,
)
from align.review.realign import realign
from align.review.rows import Row, RowBuilder
from align.review.views import (
    DocView,
    FlagView,
    ReviewView,
    document_version,
    edited_rows,
    find_document,
    join_text,
    list_documents,
    list_flags,
    review_rows,
    speaker_options,
)
from align.store import (
    ROLES,
    Store,
    User,
    add_user,
    authenticate,
    backup,
    get_user,
    load_alignment,
    make_session_factory,
    save_alignment,
    set_password,
    upgrade_schema,
)
from align.store.queries import (
    LOW_CONFIDENCE,
    DocumentSummary,
    DocumentView,
    LinkView,
    SentenceView,
    document_view,
    find_link,
    get_document,
)

__all__ = [
    "FLAG_STATUSES",
    "LINK_STATUSES",
    "LOW_CONFIDENCE",
    "MQM_CATEGORIES",
    "ROLES",
    "SEVERITIES",
    "ConflictError",
    "DocView",
    "DocumentSummary",
    "DocumentView",
    "Edit",
    "EditContext",
    "FlagView",
    "LinkView",
    "ReviewError",
    "ReviewView",
    "Row",
    "RowBuilder",
    "SentenceView",
    "Store",
    "Upload",
    "User",
    "add_flag",
    "add_user",
    "authenticate",
    "backup",
    "cite",
    "cite_document",
    "confirm",
    "dispute",
    "document_name",
    "document_version",
    "document_view",
    "edit_flag",
    "edited_rows",
    "find_document",
    "find_link",
    "find_pair",
    "get_document",
    "get_user",
    "import_pair",
    "join_text",
    "list_documents",
    "list_flags",
    "load_alignment",
    "make_session_factory",
    "merge",
    "realign",
    "redo",
    "relink",
    "resolve_flag",
    "review_rows",
    "save_alignment",
    "set_password",
    "set_status",
    "shift",
    "speaker_options",
    "split",
    "unconfirm",
    "undo",
    "unique_name",
    "unlink",
    "upgrade_schema",
]  # fmt: skip
