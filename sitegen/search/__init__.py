"""Client-side search: per-document records and the static index the search page loads."""
from .records import SearchRecord, search_record
from .writer import INDEX_DIR, write_search_index

__all__ = ["SearchRecord", "search_record", "write_search_index", "INDEX_DIR"]
