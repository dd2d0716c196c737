"""The only code that touches TinyDB and the file system."""

from .errors import StoreError
from .storage import Store, default_path, resolve_path

__all__ = ["Store", "StoreError", "default_path", "resolve_path"]
