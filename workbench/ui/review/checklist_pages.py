"""Building one checklist layout: a page of question cards for a checklist and instance counts.

``build_page`` renders a checklist's survey as cards in a scroll area: groups as
headed sections, a repeat as its instances ("Crime 2 of 3", with Remove below each
and Add after the last). It wires each card to the view's callbacks and returns
what the view needs to show a record with it (``Page``). Building costs tens of
milliseconds (every widget is polished against the style sheet), so the view keeps
the pages it built, and builds the likely ones while the window is idle.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QPixmap, QRegion
from PySide6.QtWidgets import QFrame, QLabel, QLayout, QPushButton, QScrollArea, QVBoxLayout, QWidget

from workbench.core.forms import Form, SurveyRow
from workbench.ui.common import style
from workbench.ui.common.text import instance_noun
from workbench.ui.review.question_cards import QuestionCard, card_for
from workbench.ui.review.wrap_label import WrapLabel

Key = tuple[str, int | None]


@dataclass
class Page:
    """One built checklist layout: its scroll area, cards by key, the widgets shown or hidden
    with their questions, the Tab order of its controls, and its layouts, the deepest first."""

    scroll: QScrollArea
    cards: dict[Key, QuestionCard]
    groups: list[tuple[QWidget, list[Key]]]
    order: list[QWidget]
    layouts: list[QLayout] = field(default_factory=list)
    deferred: list[QWidget] = field(default_factory=list)   # outside what it shows first: shown once idle


@dataclass
class Wiring:
    """What the cards and buttons call back in the view."""

    answered: Callable[[QuestionCard, object], None]
    move: Callable[[Key, int], None]
    add_instance: Callable[[str], None]
    remove_instance: Callable[[str, int], None]


@dataclass
class _Node:
    """A survey row with the rows it encloses (groups and repeats)."""

    row: SurveyRow
    children: list[_Node] = field(default_factory=list)


def _tree(form: Form) -> list[_Node]:
    root = _Node(SurveyRow(type="root"))
    stack = [root]
    for row in form.survey:
        if row.type in ("end_group", "end_repeat"):
            if len(stack) > 1:
                stack.pop()
            continue
        node = _Node(row)
        stack[-1].children.append(node)
        if row.type in ("begin_group", "begin_repeat"):
            stack.append(node)
    return root.children


def build_page(form: Form, instances: dict[str, int], wiring: Wiring, tips: str) -> Page:
    """The cards of ``form`` with ``instances`` of each repeat, wired, with ``tips`` at the foot."""
    return _Builder(form, instances, wiring).page(tips)


class _Builder:
    def __init__(self, form: Form, instances: dict[str, int], wiring: Wiring):
        self.form, self.instances, self.wiring = form, instances, wiring
        self.cards: dict[Key, QuestionCard] = {}
        self.groups: list[tuple[QWidget, list[Key]]] = []
        self.order: list[QWidget] = []

    def page(self, tips: str) -> Page:
        body = QWidget(objectName="checklistBody")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(2 * style.SPACING, 2 * style.SPACING, 2 * style.SPACING, 2 * style.SPACING)
        layout.setSpacing(style.SPACING)
        for node in _tree(self.form):
            self._render(node, None, layout)
        hint = WrapLabel(tips, objectName="hint")
        hint.setContentsMargins(0, style.SPACING, 0, 0)
        layout.addWidget(hint)
        layout.addStretch(1)
        # Deepest first: a card's layout before its section's, the body's last (``settle``).
        nested = [w.layout() for w in reversed(body.findChildren(QWidget)) if w.layout() is not None]
        return Page(scroll_area(body), self.cards, self.groups, self.order, [*nested, layout])

    def _render(self, node: _Node, instance: int | None, layout: QVBoxLayout) -> list[Key]:
        row = node.row
        if row.takes_answer:
            card = card_for(self.form, self.form.question(row.name), instance)
            card.answered.connect(lambda value, c=card: self.wiring.answered(c, value))
            card.move.connect(lambda step, c=card: self.wiring.move(c.key, step))
            layout.addWidget(card)
            self.cards[card.key] = card
            self.order.append(card.focus_target())
            return [card.key]
        if row.type == "note":
            note = WrapLabel(row.label, objectName="hint")
            note.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(note)
            return []
        if row.type == "begin_repeat":
            return self._render_repeat(node, layout)
        section, inner = _section(row.label, row.hint)
        keys = [k for child in node.children for k in self._render(child, instance, inner)]
        layout.addWidget(section)
        self.groups.append((section, keys))
        return keys

    def _render_repeat(self, node: _Node, layout: QVBoxLayout) -> list[Key]:
        row = node.row
        count = self.instances.get(row.name, 1)
        noun = instance_noun(row.name)
        section, inner = _section(row.label, row.hint)
        keys: list[Key] = []
        for number in range(1, count + 1):
            frame = QFrame(objectName="instance")
            box = QVBoxLayout(frame)
            box.setContentsMargins(style.SPACING + 4, 0, 0, 0)
            box.setSpacing(style.SPACING)
            box.addWidget(_plain(WrapLabel(f"{noun} {number} of {count}", objectName="instanceTitle")))
            instance_keys = [k for child in node.children for k in self._render(child, number, box)]
            # Below its questions, so that Tab meets it where it is read: after them.
            remove = QPushButton(f"Remove {noun.lower()} {number}", objectName="link")
            remove.setAccessibleName(f"Remove {noun.lower()} {number} of {count}")
            remove.clicked.connect(lambda _c=False, r=row.name, n=number: self.wiring.remove_instance(r, n))
            box.addWidget(remove, 0, Qt.AlignmentFlag.AlignRight)
            self.order.append(remove)
            inner.addWidget(frame)
            self.groups.append((frame, instance_keys))
            keys += instance_keys
        add = QPushButton(f"+ Add {noun.lower()}", objectName="link")
        add.setAccessibleName(f"Add {noun.lower()}")
        add.clicked.connect(lambda _c=False, r=row.name: self.wiring.add_instance(r))
        inner.addWidget(add, 0, Qt.AlignmentFlag.AlignLeft)
        self.order.append(add)
        layout.addWidget(section)
        self.groups.append((section, keys))
        return keys


def settle(page: Page, size: QSize) -> None:
    """Lay out a page not shown yet, once, as its scroll area will show it in ``size``.

    Its cards were just brought up to date for another record (questions shown or hidden,
    badges, messages). Shown as they are, each layout is worked out as Qt shows it, from the
    body down, and each card laid out again invalidates its section and the body above it:
    laid out again one more time, and once more when the scroll area fits the body to its
    new height. Here each layout is worked out once, the deepest first, the body sized as the
    scroll area sizes it (its scroll range too), and each widget given its new size from the
    body down; a page whose size is not yet ``size`` (first shown, or the window resized
    meanwhile) is left to Qt.
    """
    scroll = page.scroll
    if scroll.size() != size:
        return
    for layout in page.layouts[:-1]:
        layout.activate()
    body = scroll.widget()
    # The viewport as the scroll area will make it: with its scroll bar only if the body needs one.
    # (A page hidden keeps the bar of the record it last showed, and the scroll area works out the
    # new one only later: a short checklist after a long one kept the bar's width free on its right.)
    frame = 2 * scroll.frameWidth()
    room = QSize(scroll.width() - frame, scroll.height() - frame)
    floor = body.minimumSizeHint().height()

    def height_at(width: int) -> int:   # as QScrollArea sizes a resizable widget: its height at that width
        return max(floor, body.heightForWidth(width) if body.hasHeightForWidth() else body.sizeHint().height())

    width = room.width()
    if height_at(width) > room.height():
        width -= scroll.verticalScrollBar().sizeHint().width()
    body.resize(width, max(room.height(), height_at(width)))
    bar = scroll.verticalScrollBar()   # the range it will have (a hidden scroll area sets it only as it shows)
    bar.setRange(0, body.height() - room.height())
    bar.setPageStep(room.height())
    # Resized while hidden, a widget is not laid out again (its resize event waits until it shows):
    # each layout, from the body down, is given its widget's new size here.
    for layout in reversed(page.layouts):
        layout.activate()
        if layout.geometry() != layout.parentWidget().rect():
            layout.setGeometry(layout.parentWidget().rect())


def lay_out_hidden(page: Page, size: QSize) -> None:
    """Polish and lay out a page built ahead, so that showing it first costs no more than later."""
    body = page.scroll.widget()
    for widget in (body, *body.findChildren(QWidget)):
        widget.ensurePolished()
    page.scroll.resize(size)
    settle(page, size)
    # Shown and hidden again before anything is painted (nothing is seen, the focus stays where
    # it is): the first showing of a hundred widgets (their first move, resize and show events,
    # each card laid out) cost 20-30 ms more than any later one, on the record it was first used for.
    page.scroll.show()
    page.scroll.hide()
    paint_ahead(page)


def defer_outside(page: Page, top: int, bottom: int) -> None:
    """Hide, keeping their places, the cards and labels of a page not shown that lie wholly
    outside what it will show first (``top`` to ``bottom`` of its body), until ``reveal``.

    Showing a page shows each widget of it: a checklist with three crimes has some 250, and
    showing them (and painting the page) took 5 ms of a move to its record, though a screen
    holds a fifth of them. Each keeps its place (``retainSizeWhenHidden``), so the page lays
    out and scrolls as it will once they show.
    """
    body = page.scroll.widget()

    def visit(layout: QLayout) -> None:
        for n in range(layout.count()):
            widget = layout.itemAt(n).widget()
            if widget is None or widget.isHidden():
                continue
            y = widget.mapTo(body, QPoint()).y()
            if top <= y and y + widget.height() <= bottom:
                continue   # shown first, whole
            if widget.layout() is not None and not isinstance(widget, QuestionCard):
                visit(widget.layout())   # a section or crime: its questions, each where it lies
            elif y >= bottom or y + widget.height() <= top:
                _keep_place(widget, True)
                widget.hide()
                page.deferred.append(widget)

    visit(body.layout())


def reveal(page: Page, top: int | None = None, bottom: int | None = None) -> None:
    """Show what ``defer_outside`` hid, each in the place it kept: all of it, or what of it lies
    between ``top`` and ``bottom`` (in the page's body)."""
    body, kept = page.scroll.widget(), []
    for widget in page.deferred:
        y = widget.mapTo(body, QPoint()).y()
        if top is None or (y < bottom and y + widget.height() > top):
            widget.show()
            _keep_place(widget, False)
        else:
            kept.append(widget)
    page.deferred = kept


def _keep_place(widget: QWidget, keep: bool) -> None:
    policy = widget.sizePolicy()
    policy.setRetainSizeWhenHidden(keep)
    widget.setSizePolicy(policy)


def paint_ahead(page: Page) -> None:
    """Paint what a page not shown will show, once, where nobody sees it: the looks its buttons and
    labels keep (``ChoiceButton``, ``WrapLabel``) are drawn now rather than as it first shows."""
    area = page.scroll.viewport().rect().translated(0, page.scroll.verticalScrollBar().value())
    page.scroll.widget().render(QPixmap(area.size()), QPoint(), QRegion(area))


def scroll_area(body: QWidget) -> QScrollArea:
    scroll = QScrollArea(objectName="checklist")
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    scroll.setWidget(body)
    return scroll


def _section(title: str, hint: str) -> tuple[QWidget, QVBoxLayout]:
    section = QWidget()
    layout = QVBoxLayout(section)
    layout.setContentsMargins(0, style.SPACING, 0, 0)
    layout.setSpacing(style.SPACING)
    if title:
        layout.addWidget(_plain(WrapLabel(title, objectName="sectionTitle")))
    if hint:
        layout.addWidget(_plain(WrapLabel(hint, objectName="hint")))
    return section, layout


def _plain(label: QLabel) -> QLabel:
    """Checklist text is shown as written: ``<b>`` in a label is not bold."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label
