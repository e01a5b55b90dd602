"""What the workbench remembers between runs: the only module that touches QSettings.

Recent audits, the last audit, who the user is, window layout and where the user
left off in each audit. Audit data never goes here; the audit file holds that.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from workbench.core.audit import Actor, Role
from workbench.core.errors import WorkbenchError

def data_folder() -> Path:
    """The user's data folder for the workbench (demo copies and signing keys live here)."""
    from PySide6.QtCore import QStandardPaths

    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base) if base else Path.home() / ".cdi-workbench"


def default_key_path(name: str) -> Path:
    """Where the window keeps a person's signing key unless they choose another file."""
    slug = "".join(c if c.isalnum() else "-" for c in name.strip().lower()).strip("-") or "fcr"
    return data_folder() / "keys" / f"{slug}.key"


ORGANISATION = "cdi-workbench"
APPLICATION = "workbench"
MAX_RECENT = 8

_RECENT = "audits/recent"
_LAST = "audits/last"
_FOLDER = "audits/folder"
_IDENTITY = "identity"
_GEOMETRY = "window/geometry"
_STATE = "window/state"
_SPLITTER = "window/splitter/"
_RESUME = "resume/"


@dataclass(frozen=True)
class RecentAudit:
    """An audit in the recent list: where it is and its title when last opened."""

    path: Path
    title: str = ""


class UiSettings:
    """Typed access to the user's workbench settings.

    Parameters
    ----------
    qsettings
        Where to keep them; by default the user's own settings file. Tests pass a
        ``QSettings`` in IniFormat pointing at a temporary file.
    """

    def __init__(self, qsettings: QSettings | None = None):
        self._s = qsettings if qsettings is not None else QSettings(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION
        )

    @property
    def file_name(self) -> str:
        """Where the settings are stored (for messages and tests)."""
        return self._s.fileName()

    def sync(self) -> None:
        """Write pending changes to disk now."""
        self._s.sync()

    # -- recent audits --------------------------------------------------------------
    def recent_audits(self) -> list[Path]:
        """Up to eight audits, most recent first; files no longer there are dropped."""
        return [entry.path for entry in self.recent_entries()]

    def recent_entries(self) -> list[RecentAudit]:
        """The recent audits with the titles they had when last opened."""
        return [entry for entry in self._recent() if entry.path.is_file()]

    def add_recent(self, path: Path, title: str = "") -> None:
        """Put ``path`` first in the recent list and make it the last audit.

        ``title`` is the audit's title, shown in the list (kept from before if blank).
        """
        path = _absolute(path)
        old = {entry.path: entry.title for entry in self._recent()}
        recent = [RecentAudit(path, title or old.get(path, ""))]
        recent += [entry for entry in self._recent() if entry.path != path]
        self._set_recent(recent[:MAX_RECENT])
        self.last_audit = path

    def remove_recent(self, path: Path) -> None:
        """Forget ``path`` (it was moved or deleted)."""
        path = _absolute(path)
        self._set_recent([entry for entry in self._recent() if entry.path != path])
        if self.last_audit == path:
            self._s.remove(_LAST)

    def _recent(self) -> list[RecentAudit]:
        items = _json_value(self._s.value(_RECENT, ""), [])
        entries = []
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and isinstance(item.get("path"), str) and item["path"]:
                entries.append(RecentAudit(Path(item["path"]), str(item.get("title") or "")))
        return entries[:MAX_RECENT]

    def _set_recent(self, entries: list[RecentAudit]) -> None:
        self._s.setValue(_RECENT, json.dumps([{"path": str(e.path), "title": e.title} for e in entries]))

    @property
    def last_audit(self) -> Path | None:
        """The audit open when the workbench last closed (None if gone or never set)."""
        value = self._s.value(_LAST, "")
        if not isinstance(value, str) or not value:
            return None
        path = Path(value)
        return path if path.is_file() else None

    @last_audit.setter
    def last_audit(self, path: Path | None) -> None:
        if path is None:
            self._s.remove(_LAST)
        else:
            self._s.setValue(_LAST, str(_absolute(path)))

    @property
    def last_folder(self) -> Path | None:
        """The folder an audit was last saved in or opened from (None if gone or never set)."""
        value = self._s.value(_FOLDER, "")
        if not isinstance(value, str) or not value:
            return None
        folder = Path(value)
        return folder if folder.is_dir() else None

    @last_folder.setter
    def last_folder(self, folder: Path | None) -> None:
        if folder is None:
            self._s.remove(_FOLDER)
        else:
            self._s.setValue(_FOLDER, str(_absolute(folder)))

    # -- who the user is --------------------------------------------------------------
    @property
    def identity(self) -> Actor | None:
        """The user's name, role and force, or None until they have said."""
        data = _json_value(self._s.value(_IDENTITY, ""), None)
        if not isinstance(data, dict):
            return None
        try:
            return Actor(str(data.get("name", "")), Role(data.get("role", "auditor")), str(data.get("force", "")))
        except (ValueError, WorkbenchError):
            return None

    @identity.setter
    def identity(self, actor: Actor | None) -> None:
        if actor is None:
            self._s.remove(_IDENTITY)
        else:
            self._s.setValue(_IDENTITY, json.dumps({"name": actor.name, "role": str(actor.role), "force": actor.force}))

    # -- window layout ------------------------------------------------------------------
    @property
    def window_geometry(self) -> bytes | None:
        """``QMainWindow.saveGeometry()`` as last saved."""
        return _bytes_value(self._s.value(_GEOMETRY))

    @window_geometry.setter
    def window_geometry(self, data: bytes | QByteArray) -> None:
        self._s.setValue(_GEOMETRY, QByteArray(bytes(data)))

    @property
    def window_state(self) -> bytes | None:
        """``QMainWindow.saveState()`` as last saved (toolbars and docks)."""
        return _bytes_value(self._s.value(_STATE))

    @window_state.setter
    def window_state(self, data: bytes | QByteArray) -> None:
        self._s.setValue(_STATE, QByteArray(bytes(data)))

    def splitter_state(self, name: str = "main") -> bytes | None:
        """``QSplitter.saveState()`` of the splitter called ``name``."""
        return _bytes_value(self._s.value(_SPLITTER + name))

    def set_splitter_state(self, name: str, data: bytes | QByteArray) -> None:
        self._s.setValue(_SPLITTER + name, QByteArray(bytes(data)))

    # -- where the user left off ------------------------------------------------------------
    def resume_at(self, audit: Path) -> tuple[str, str | None] | None:
        """``(record key, question name or None)`` the user was at in ``audit``."""
        data = _json_value(self._s.value(_RESUME + _audit_id(audit), ""), None)
        if not isinstance(data, dict) or not isinstance(data.get("record"), str):
            return None
        question = data.get("question")
        return data["record"], question if isinstance(question, str) else None

    def set_resume_at(self, audit: Path, record_key: str, question: str | None = None) -> None:
        self._s.setValue(_RESUME + _audit_id(audit), json.dumps({"record": record_key, "question": question}))


def _absolute(path: Path) -> Path:
    return Path(path).expanduser().absolute()


def _audit_id(audit: Path) -> str:
    # QSettings keys cannot hold a path ('/' makes groups); a digest of it can.
    return hashlib.sha256(str(_absolute(audit)).encode()).hexdigest()[:24]


def _json_value(value: object, default: object) -> object:
    if not isinstance(value, str) or not value:
        return default
    try:
        return json.loads(value)
    except ValueError:
        return default


def _bytes_value(value: object) -> bytes | None:
    if isinstance(value, QByteArray):
        return bytes(value.data()) or None
    if isinstance(value, (bytes, bytearray)):
        return bytes(value) or None
    return None
