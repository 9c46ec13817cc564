"""rtmigrate: move code from OpenAI's beta Realtime API to the GA interface."""

from ._version import __version__
from .api import check_source, fix_source
from .core.config import Settings
from .core.diagnostics import Applicability, Diagnostic, Fix

__all__ = ["Applicability", "Diagnostic", "Fix", "Settings", "__version__", "check_source", "fix_source"]
