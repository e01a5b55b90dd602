"""Guard against PySide6 reference-count faults that abort the interpreter.

PySide6 6.12.0 on Python 3.11 drops a reference to True on every Python-side
``emit()`` (measured: ``sys.getrefcount(True)`` falls by one per emit from about 570)
and to None on queued slot calls, so a session aborts with "bool_dealloc" or
"none_dealloc" after a few hundred signals; pyproject.toml keeps PySide6 below
6.12 there. The check runs in a child process because the fault kills the process.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent('''
    import sys
    from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot

    app = QCoreApplication([])

    class Emitter(QObject):
        report = Signal(str, int, int)
        result = Signal(object)

        @Slot(object)
        def take(self, value):
            return None

    emitter = Emitter()
    emitter.result.connect(emitter.take, Qt.ConnectionType.QueuedConnection)
    app.processEvents()
    before = sys.getrefcount(True), sys.getrefcount(None)
    for i in range(5_000):
        emitter.report.emit("checking", i, 5_000)
        emitter.result.emit(None)
        if i % 500 == 0:
            app.processEvents()
    app.processEvents()
    after = sys.getrefcount(True), sys.getrefcount(None)
    print(before[0] - after[0], before[1] - after[1])
''')


def test_five_thousand_emits_and_queued_calls_leave_true_and_none_referenced():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr[-2000:]   # a fault aborts the interpreter outright
    lost_true, lost_none = (int(n) for n in done.stdout.split())
    assert abs(lost_true) < 100 and abs(lost_none) < 100   # the fault loses one per emit: 5,000
