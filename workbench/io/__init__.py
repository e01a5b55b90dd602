"""Files in and out: spreadsheets, checklists as files, exports.

openpyxl, python-calamine and reportlab are imported here only, and lazily inside
the functions that use them, to keep start-up fast.
"""
