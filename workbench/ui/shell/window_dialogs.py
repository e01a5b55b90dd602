"""The dialogs the main window's menus open: flags, sign-off, adjudication, the log, verify,
help, settings, import, sampling, export, peer review, trend and saving a copy.

A mixin of ``MainWindow`` (which provides ``session``, ``settings``, ``checklist``,
``current_key``, ``guide``, ``_open_dialog`` and the status bar): each method is what
one menu action does, kept apart from the window's layout and record navigation.
Most import their dialog when first used, so the window opens without loading them.
"""

from __future__ import annotations

from pathlib import Path

from workbench.ui.review.flag_dialog import FlagDialog
from workbench.ui.shell.shortcuts import ShortcutsDialog


class WindowDialogs:
    """The main window's menu actions that open a dialog or run a job."""

    def flag(self) -> None:
        if self.current_key is None:
            return
        self._open_dialog(FlagDialog(self.session, self.current_key, self))

    def clear_flag(self) -> None:
        if self.current_key is None:
            return
        if self.session.clear_flag(self.current_key, parent=self):
            self.statusBar().showMessage(f"The flag on {self.current_key} was cleared.", 5000)

    def sign_off(self) -> None:
        """Audit › Sign off the findings… (the FCR)."""
        from workbench.ui.common.ui_settings import default_key_path
        from workbench.ui.signoff.signoff_dialog import SignOffDialog

        self.checklist.commit()
        dialog = SignOffDialog(self.session, default_key_path(self.session.actor.name), self)
        dialog.accepted.connect(lambda: self.statusBar().showMessage(
            "Signed off: the audit is locked. Give your public key (the .pub file beside your key) to anyone who checks it.", 10000))
        self._open_dialog(dialog)

    def reopen(self) -> None:
        """Audit › Reopen… (the FCR)."""
        from workbench.ui.signoff.signoff_dialog import ReopenDialog

        self._open_dialog(ReopenDialog(self.session, self))

    def adjudicate(self) -> None:
        """Record › Adjudicate… (the FCR): the record's sides and its determination."""
        from workbench.ui.adjudication.adjudication_dialog import AdjudicationDialog

        if self.current_key is None:
            return
        self.checklist.commit()
        dialog = AdjudicationDialog(self.session, self.current_key, self)
        dialog.decided.connect(lambda key: self.statusBar().showMessage(f"{key} determined: final for the findings.", 8000))
        self._open_dialog(dialog)

    def show_shortcuts(self) -> None:
        self._open_dialog(ShortcutsDialog(self))

    def show_log(self) -> None:
        """View › Audit log: who did what, when."""
        from workbench.ui.audit_log.log_view import AuditLogDialog

        self.checklist.commit()
        self._open_dialog(AuditLogDialog(self.session.store, self))

    def verify(self) -> None:
        """Audit › Verify: ``workbench verify``'s check, off the UI thread (it only reads)."""
        from workbench.ui.audit_log.verify_check import verify_open_audit

        self.checklist.commit()
        verify_open_audit(self.session, self, said=lambda box: setattr(self, "dialog_result", box))

    def show_about(self) -> None:
        from workbench.ui.shell.help import AboutDialog

        self._open_dialog(AboutDialog(self.session.path if self.session else None, self.settings.file_name, self))

    def show_user_guide(self) -> None:
        from workbench.ui.shell.help import open_user_guide

        if self.guide is not None:   # one guide window, brought forward
            self.guide.raise_()
            self.guide.activateWindow()
            return
        self.guide = open_user_guide(self)
        if self.guide is not None:
            self.guide.destroyed.connect(lambda _obj=None: setattr(self, "guide", None))

    def audit_settings(self) -> None:
        from workbench.ui.common.audit_settings import AuditSettingsDialog

        self._open_dialog(AuditSettingsDialog(self.session, self))

    def import_sample(self) -> None:
        from workbench.ui.importing.import_wizard import ImportWizard

        self._open_dialog(ImportWizard(self.session, self))

    def draw_sample(self) -> None:
        from workbench.ui.sampling.sampling_dialog import SamplingDialog

        self._open_dialog(SamplingDialog(self.session, self))

    def export(self) -> None:
        from workbench.ui.exporting.export_dialog import ExportDialog

        self.checklist.commit()
        dialog = ExportDialog(self.session, self)
        dialog.exported.connect(lambda files: self.statusBar().showMessage(f"Exported {len(files)} file(s).", 8000))
        self._open_dialog(dialog)

    def package_for_review(self) -> None:
        from workbench.ui.peer_review.package_dialog import PackageDialog

        self.checklist.commit()
        self._open_dialog(PackageDialog(self.session, self))

    def send_back(self) -> None:
        from workbench.ui.peer_review.package_dialog import ReturnDialog

        self.checklist.commit()
        self._open_dialog(ReturnDialog(self.session, self))

    def merge_return(self) -> None:
        from workbench.ui.peer_review.merge_dialog import MergeDialog

        self._open_dialog(MergeDialog(self.session, self))   # the views refresh from the runner's Changes

    def show_agreement(self) -> None:
        from workbench.ui.peer_review.agreement_view import AgreementDialog

        self._open_dialog(AgreementDialog(self.session.store, self))

    def show_trend(self) -> None:
        from workbench.ui.trend.trend_dialog import TrendDialog

        self._open_dialog(TrendDialog(self.session.path, self))

    def save_copy(self) -> None:
        """File › Save a copy…: a verified copy, written off the UI thread (the audit is only read)."""
        from PySide6.QtWidgets import QFileDialog

        from workbench.ops.audits import AUDIT_SUFFIX

        suggested = self.session.path.with_name(f"{self.session.path.stem} copy{AUDIT_SUFFIX}")
        name, _ = QFileDialog.getSaveFileName(self, "Save a copy of the audit", str(suggested),
                                              f"Audit files (*{AUDIT_SUFFIX})")
        if name:
            self.copy_audit_to(Path(name))

    def copy_audit_to(self, dest: Path) -> None:
        """Write a verified copy of the open audit to ``dest`` and say where when it is done."""
        from workbench.ops.audits import save_copy, with_audit

        def done(events: int) -> None:
            self.statusBar().showMessage(f"Saved a verified copy ({events:,} events) to {dest}.", 10000)

        self.session.jobs.run(with_audit, self.session.path, save_copy, dest, on_done=done,
                              progress_dialog_parent=self, title="Saving a copy", cancellable=False)
