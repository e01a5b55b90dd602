"""Use cases shared by the command line and the GUI. Qt-free.

Each operation takes an open ``AuditStore`` (or a path) and an ``Actor`` and either
completes whole, with its events, or raises a typed error and changes nothing.
"""
