"""The desktop app (PySide6). Imports no torch at module level: the window must show first."""
