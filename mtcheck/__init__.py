"""mtcheck: find machine-translation artifacts and leftover web junk in English news
articles, and suggest corrections."""
from __future__ import annotations

__version__ = "0.1.0"

from .api import Report, check_file, check_text
from .config import Config
from .model import Applicability, Edit, Finding, Fix, Severity

__all__ = ["Applicability", "Config", "Edit", "Finding", "Fix", "Report", "Severity", "check_file",
           "check_text", "__version__"]
