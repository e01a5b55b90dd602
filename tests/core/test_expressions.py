"""Specification of the XLSForm expression evaluator (workbench.core.expressions)."""

from __future__ import annotations

import math

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from workbench.core.errors import ExpressionError
from workbench.core.expressions import MAX_DEPTH, MAX_LENGTH, Expression, is_true_literal, parse

ANSWERS = {
    "discloses_crime": "yes",
    "recorded": "no",
    "timely": "yes",
    "flags": "hate_crime domestic",
    "n": "7",
    "empty": "",
    "date": "2024-03-01",
    "other_date": "2024-02-28",
}


def lookup(name: str) -> str | None:
    return ANSWERS.get(name)


def value(text: str, current: str | None = None) -> object:
    return parse(text).evaluate(lookup, current)


def error_of(text: str, **kwargs: object) -> ExpressionError:
    with pytest.raises(ExpressionError) as info:
        parse(text).evaluate(lookup, **kwargs)
    return info.value


# -- operators and precedence --------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 + 2", 3),
        ("5 - 7", -2),
        ("3 * 4", 12),
        ("7 div 2", 3.5),
        ("7 mod 3", 1),
        ("-7 mod 3", -1),
        ("7 mod -3", 1),
        ("2.5 * 2", 5),
        ("0.5 + .25", 0.75),
        ("-3", -3),
        ("--3", 3),
        ("- - -3", -3),
        ("'4' + 1", 5),
        ("true() + 1", 2),
        ("${n} * 2 + 1", 15),
    ],
)
def test_arithmetic_operators(text, expected):
    assert value(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 + 2 * 3", 7),
        ("(1 + 2) * 3", 9),
        ("10 - 4 - 3", 3),
        ("16 div 4 div 2", 2),
        ("7 mod 4 * 2", 6),
        ("-2 * 3", -6),
        ("-(2 + 3)", -5),
        ("1 + 2 = 3", True),
        ("1 < 2 = 2 < 3", True),
        ("1 = 1 and 2 = 3 or 4 = 4", True),
        ("true() or false() and false()", True),
        ("(true() or false()) and false()", False),
        ("not(true()) or true()", True),
        ("${n} * 2 + 1 > 10 div 2", True),
    ],
)
def test_precedence_follows_xpath(text, expected):
    assert value(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("${discloses_crime} = 'yes'", True),
        ("${recorded} = 'no' and ${timely} != 'unable'", True),
        ("not(${discloses_crime} = 'yes') or ${recorded} = 'no'", True),
        ("${recorded} = \"yes\"", False),
        ("${missing} = ''", True),
    ],
)
def test_checklist_conditions(text, expected):
    assert value(text) is expected


def test_and_or_short_circuit_so_later_operands_are_never_evaluated():
    assert value("true() or nosuch()") is True
    assert value("false() and nosuch()") is False


def test_keywords_are_lower_case_only():
    assert error_of("1 = 1 AND 2 = 2").message == "operator 'AND' must be lower case"


# -- XPath comparison corner cases ----------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("'' = 0", False),
        ("'' != 0", True),
        ("${empty} = 0", False),
        ("${missing} != 0", True),
        ("'abc' = 'abc'", True),
        ("'1.0' = 1", True),
        ("'1.0' = '1'", False),
        ("' 5 ' = 5", True),
        ("'1e3' = 1000", False),
        ("'inf' = 1 div 0", False),
        ("true() = 'x'", True),
        ("false() = ''", True),
        ("true() = 2", True),
        ("false() = 0", True),
        ("'abc' < 'abd'", False),
        ("'abc' >= 'abc'", False),
        ("'10' > '9'", True),
        ("0 div 0 = 0 div 0", False),
        ("0 div 0 != 0 div 0", True),
    ],
)
def test_comparisons_follow_xpath(text, expected):
    assert value(text) is expected


@pytest.mark.parametrize(
    ("text", "check"),
    [
        ("1 div 0", lambda v: v == math.inf),
        ("-1 div 0", lambda v: v == -math.inf),
        ("1 div -0", lambda v: v == -math.inf),
        ("0 div 0", math.isnan),
        ("5 mod 0", math.isnan),
        ("(1 div 0) mod 2", math.isnan),
        ("5 mod (1 div 0)", lambda v: v == 5),
        ("'x' + 1", math.isnan),
        ("99999999999999999999999999 * 99999999999999999999999999", lambda v: v > 1e51),
    ],
)
def test_arithmetic_never_raises_and_gives_ieee_results(text, check):
    assert check(value(text))


# -- dates ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("${date} > ${other_date}", True),
        ("${date} <= ${other_date}", False),
        ("'2023-12-31' < '2024-01-01'", True),
        ("'2024-03-01' <= '2024-03-01'", True),
        ("${date} = '2024-03-01'", True),
        ("${date} < ${empty}", False),
        ("${date} >= ${empty}", False),
        ("'2024-03-01' > 5", False),
    ],
)
def test_iso_dates_compare_as_dates(text, expected):
    assert value(text) is expected


# -- functions ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("selected(${flags}, 'hate_crime')", True),
        ("selected(${flags}, 'hate')", False),
        ("selected(${flags}, ' domestic ')", True),
        ("selected(${empty}, 'x')", False),
        ("selected(${missing}, '')", False),
        ("count-selected(${flags})", 2),
        ("count-selected(${empty})", 0),
        ("count-selected(${flags}) <= 3", True),
        ("string-length('abc')", 3),
        ("string-length(${missing})", 0),
        ("if(${n} > 5, 'big', 'small')", "big"),
        ("if(false(), nosuch(), 'lazy')", "lazy"),
        ("coalesce(${empty}, 'fallback')", "fallback"),
        ("coalesce(${recorded}, nosuch())", "no"),
        ("number('12')", 12),
        ("number(true())", 1),
        ("string(3)", "3"),
        ("string(-0.5)", "-0.5"),
        ("string(0.0000001)", "0.0000001"),
        ("string(1 div 0)", "Infinity"),
        ("string(-1 div 0)", "-Infinity"),
        ("string(0 div 0)", "NaN"),
        ("string(false())", "false"),
        ("boolean('')", False),
        ("boolean('0')", True),
        ("boolean(0)", False),
        ("boolean(0 div 0)", False),
        ("not(${empty})", True),
        ("true()", True),
        ("false()", False),
    ],
)
def test_builtin_functions(text, expected):
    assert value(text) == expected


def test_number_of_non_numeric_text_is_nan():
    assert math.isnan(value("number('12abc')"))


def test_extra_functions_are_supplied_per_call():
    expression = parse("noncompliant()")
    assert expression.truthy(lookup, functions={"noncompliant": lambda: True}) is True


def test_extra_functions_receive_evaluated_arguments():
    seen = []
    parse("log(${n} + 1, ${recorded})").evaluate(lookup, functions={"log": lambda *a: seen.extend(a)})
    assert seen == [8.0, "no"]


def test_extra_function_results_are_normalised():
    functions = {"none": lambda: None, "int": lambda: 3, "huge": lambda: 10**400}
    assert value_with("none()", functions) == ""
    assert value_with("int()", functions) == 3.0 and isinstance(value_with("int()", functions), float)
    assert value_with("huge()", functions) == math.inf


def value_with(text, functions):
    return parse(text).evaluate(lookup, functions=functions)


def test_built_in_names_cannot_be_overridden():
    assert value_with("not(true())", {"not": lambda x: x}) is False


def test_unknown_function_is_allowed_at_parse_and_fails_at_evaluation():
    expression = parse("${n} > 1 and noncompliant()")
    error = error_of("${n} > 1 and noncompliant()")
    assert expression.functions() == {"noncompliant"}
    assert (error.message, error.position) == ("unknown function 'noncompliant'", 13)


def test_failing_extra_function_becomes_expression_error_without_its_message():
    def broken(_):
        raise ValueError("secret personal data")

    with pytest.raises(ExpressionError) as info:
        value_with("check(${n})", {"check": broken})
    assert info.value.message == "function 'check' failed (ValueError)"
    assert isinstance(info.value.__cause__, ValueError)


def test_extra_function_returning_an_object_is_an_error():
    with pytest.raises(ExpressionError, match="returned list"):
        value_with("f()", {"f": lambda: []})


# -- the current value and answers ------------------------------------------------------
@pytest.mark.parametrize(
    ("current", "expected"), [("50", True), ("0", True), ("150", False), ("", False), (None, False)]
)
def test_dot_is_the_current_answer(current, expected):
    assert parse(". >= 0 and . <= 120").truthy(lookup, current) is expected


def test_lookup_error_means_no_such_question():
    def strict(name):
        raise KeyError(name)

    with pytest.raises(ExpressionError) as info:
        parse("1 = 1 and ${ghost} = 'x'").evaluate(strict)
    assert (info.value.message, info.value.position) == ("no question named 'ghost'", 10)


def test_an_answer_that_is_not_text_is_an_error():
    with pytest.raises(ExpressionError, match="not text"):
        parse("${n} = 1").evaluate(lambda name: 1)


# -- introspection --------------------------------------------------------------------
def test_references_lists_the_names_used():
    expression = parse("${a} = 'x' or selected(${b-c.d}, 'y') and ${a} != ${_e}")
    assert expression.references() == {"a", "b-c.d", "_e"}
    assert expression.functions() == {"selected"}
    assert not expression.uses_current()


def test_uses_current_and_functions_of_a_constraint():
    expression = parse("not(. < 0) and string-length(.) < 4")
    assert expression.uses_current()
    assert expression.references() == frozenset()
    assert expression.functions() == {"not", "string-length"}


def test_expressions_are_equal_and_hashed_by_text():
    assert parse("1 = 1") == parse("1 = 1") != parse("1=1")
    assert len({parse("1 = 1"), parse("1 = 1"), parse("1=1")}) == 2
    assert parse("${a} = 1") is parse("${a} = 1")  # cached


def test_expressions_are_immutable():
    with pytest.raises(AttributeError):
        parse("1").text = "2"  # type: ignore[misc]


# -- literals and required cells ---------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"), [("yes", True), (" No ", False), ("TRUE", True), ("false", False)]
)
def test_a_cell_of_one_bare_word_is_a_boolean(text, expected):
    assert parse(text).evaluate(lookup) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("yes", True), ("Yes", True), (" TRUE ", True), ("true()", True), ("True()", True),
     ("", False), ("no", False), ("false", False), ("false()", False), ("${a} = 'x'", False), ("y", False)],
)
def test_is_true_literal(text, expected):
    assert is_true_literal(text) is expected


# -- errors: message and 0-based position ------------------------------------------------
@pytest.mark.parametrize(
    ("text", "message", "position"),
    [
        ("(${a} = 'x'))", "unexpected ')'", 12),
        ("${a} = 'x", "unclosed string starting", 7),
        ('${a} = "x', "unclosed string starting", 7),
        ("selected(${a})", "selected() takes 2 arguments, got 1", 0),
        ("1 and not()", "not() takes 1 argument, got 0", 6),
        ("true(1)", "true() takes no arguments, got 1", 0),
        ("${a} = yes", "unquoted word 'yes'", 7),
        ("${a} = true", "function 'true' needs brackets, as in true()", 7),
        ("${a", "unclosed reference starting", 0),
        ("1 + $a", "'$' must start a reference like ${name}", 4),
        ("${}", "empty reference ${}", 0),
        ("${1a}", "invalid question name '1a'", 0),
        ("${a b}", "invalid question name 'a b'", 0),
        ("1 # 2", "unexpected character '#'", 2),
        ("1 \x00 2", "unexpected character U+0000", 2),
        ("1 ! 2", "unexpected character '!'", 2),
        ("(1 + 2", "unclosed '(' starting", 0),
        ("not(1", "unclosed '(' starting", 3),
        ("1 +", "unexpected end of expression", 3),
        ("${a} ${b}", "unexpected ${b}", 5),
        ("1 2", "unexpected number 2", 2),
        ("'a' 'b'", "unexpected text 'b'", 4),
        ("and 1", "unexpected 'and'", 0),
        ("1 = = 2", "unexpected '='", 4),
        ("f(1,)", "unexpected ')'", 4),
        ("()", "unexpected ')'", 1),
        (".5.", "unexpected '.'", 2),
        ("", "the expression is empty", 0),
        (" \t\n", "the expression is empty", 0),
    ],
)
def test_parse_errors_say_what_and_where(text, message, position):
    with pytest.raises(ExpressionError) as info:
        parse(text)
    assert (info.value.message, info.value.position, info.value.text) == (message, position, text)


def test_error_text_counts_characters_from_one_for_people():
    with pytest.raises(ExpressionError, match=r"^unexpected '\)' at character 13$"):
        parse("(${a} = 'x'))")


def test_long_names_are_shortened_in_messages():
    with pytest.raises(ExpressionError) as info:
        parse("${a} = " + "w" * 500)
    assert len(info.value.message) < 60


# -- limits against hostile input ---------------------------------------------------------
def test_text_longer_than_the_limit_is_rejected():
    with pytest.raises(ExpressionError, match="longer than 2,000 characters") as info:
        parse("1" + " + 1" * MAX_LENGTH)
    assert info.value.position == MAX_LENGTH


def test_long_flat_chains_up_to_the_limit_evaluate():
    text = "1" + " + 1" * 499
    assert len(text) <= MAX_LENGTH and value(text) == 500
    assert value("-" * (MAX_LENGTH - 2) + "1") == 1
    assert value("-" * (MAX_LENGTH - 1) + "1") == -1
    assert value(" or ".join(["false()"] * 150) + " or true()") is True


def test_nesting_up_to_the_limit_is_allowed():
    assert value("(" * MAX_DEPTH + "1" + ")" * MAX_DEPTH) == 1
    assert value("not(" * MAX_DEPTH + "1" + ")" * MAX_DEPTH) is True


@pytest.mark.parametrize("opener", ["(", "not(", "if(true(), 1, "])
def test_nesting_past_the_limit_is_rejected(opener):
    depth = MAX_DEPTH + 1
    with pytest.raises(ExpressionError, match="nested more than 50 deep"):
        parse(opener * depth + "1" + ")" * depth)


def test_the_worst_nesting_allowed_evaluates_without_exhausting_the_stack():
    # Every precedence level at every bracket level gives the deepest tree parse allows.
    level = "1 or 1 and 1 = 1 < 1 + 1 * -("
    text = level * MAX_DEPTH + "1" + ")" * MAX_DEPTH
    assert len(text) <= MAX_LENGTH
    assert value(text) is True


# -- properties ------------------------------------------------------------------------------
GRAMMAR_CHARACTERS = "()${}ab_1.'\"=!<>+-*, 0123456789divmodnotrueselct\t\x00"


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.text(alphabet=GRAMMAR_CHARACTERS)))
@example("(" * 10000)
@example(")" * 10000)
@example("-" * 10000)
@example("9" * 5000)
@example("9" * 1000 + " div 0." + "0" * 900 + "1")
@example("not(" * 1000)
@example("${" * 1000)
@example("'" * 3)
@example("\ud800")
def test_parse_returns_an_expression_or_raises_expression_error(text):
    try:
        result = parse(text)
    except ExpressionError as error:
        assert error.position is None or 0 <= error.position <= max(len(text), MAX_LENGTH)
    else:
        assert isinstance(result, Expression) and result.text == text


NAMES = ("a", "b", "c_1", "flags")
BINARY_OPERATORS = ("or", "and", "=", "!=", "<", "<=", ">", ">=", "+", "-", "*", "div", "mod")
ONE_ARGUMENT = ("not", "count-selected", "string-length", "number", "string", "boolean")

atoms = st.one_of(
    st.sampled_from(NAMES).map(lambda name: "${" + name + "}"),
    st.just("."),
    st.integers(-(10**6), 10**6).map(str),
    st.decimals(0, 10**6, places=3).map(str),
    st.text(alphabet=st.characters(exclude_characters="'"), max_size=8).map(lambda s: f"'{s}'"),
    st.sampled_from(["true()", "false()", "'2024-01-31'"]),
)


def _compound(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(inner, st.sampled_from(BINARY_OPERATORS), inner).map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
        inner.map(lambda e: f"({e})"),
        inner.map(lambda e: f"-{e}"),
        st.tuples(st.sampled_from(ONE_ARGUMENT), inner).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(inner, inner).map(lambda t: f"selected({t[0]}, {t[1]})"),
        st.tuples(inner, inner).map(lambda t: f"coalesce({t[0]},{t[1]})"),
        st.tuples(inner, inner, inner).map(lambda t: f"if({t[0]}, {t[1]}, {t[2]})"),
    )


expressions = st.recursive(atoms, _compound, max_leaves=12)
answer_values = st.one_of(
    st.none(),
    st.text(),
    st.sampled_from(["", "0", "-2.5", " 7 ", "2024-01-01", "a b c", "NaN", "inf", "1e400", "9" * 400]),
)
answer_sets = st.dictionaries(st.sampled_from(NAMES), answer_values)


@settings(max_examples=300, deadline=None)
@given(expressions, answer_sets, answer_values)
def test_valid_expressions_evaluate_to_a_value_for_any_answers(text, answers, current):
    expression = parse(text)
    assert expression.text == text
    try:
        result = expression.evaluate(answers.get, current)
    except ExpressionError:  # allowed by the contract, though these use only built-ins
        return
    assert isinstance(result, (str, float, bool))


@settings(max_examples=200, deadline=None)
@given(expressions, answer_sets, answer_values)
def test_double_negation_keeps_truthiness(text, answers, current):
    assert parse(f"not(not({text}))").truthy(answers.get, current) == parse(text).truthy(answers.get, current)


SMALL = st.integers(-(2**26), 2**26)  # products stay exact in a double


@settings(max_examples=200, deadline=None)
@given(SMALL, st.sampled_from(["+", "-", "*"]), SMALL)
def test_integer_arithmetic_matches_python(a, op, b):
    expected = {"+": a + b, "-": a - b, "*": a * b}[op]
    assert value(f"{a} {op} {b}") == expected
    answers = {"x": str(a), "y": str(b)}
    assert parse(f"${{x}} {op} ${{y}}").evaluate(answers.get) == expected


def test_a_deep_caller_stack_gets_expression_error_not_recursion_error():
    text = "0 or 1 and 1 = 1 < 1 + 1 * -(" * MAX_DEPTH + "2" + ")" * MAX_DEPTH

    def from_deep_in_the_stack(frames: int) -> object:
        if frames:
            return from_deep_in_the_stack(frames - 1)
        try:
            return parse(text).evaluate(lookup)
        except ExpressionError as error:
            return error

    result = from_deep_in_the_stack(900)
    assert isinstance(result, (bool, ExpressionError))
    assert not isinstance(result, ExpressionError) or "nested too deeply" in result.message
