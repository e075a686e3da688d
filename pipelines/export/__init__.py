"""Exports for other platforms: automation candidates as bot intents.

Other packages import only the names below (``__all__``).
"""

from __future__ import annotations

from pipelines.export.bot_formats import FORMATS, write_bot_export
from pipelines.export.bot_intents import BotExportError, BotIntent, load_bot_intents

__all__ = ["FORMATS", "BotExportError", "BotIntent", "load_bot_intents", "write_bot_export"]
