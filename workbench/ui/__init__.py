"""The PySide6 desktop application: the only place Qt is imported."""
