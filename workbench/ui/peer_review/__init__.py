"""Peer review and team work in the window: package, unpack, send back, merge, agreement."""
