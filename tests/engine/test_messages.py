"""Message: the English sentence for the CLI, logs and tests, which keeps its template and values
for the app's translation."""

import pickle

from gptstudio.engine.messages import QT_TRANSLATE_NOOP, Message, joined


def test_a_message_is_its_english_text_and_keeps_template_and_values():
    message = Message(QT_TRANSLATE_NOOP("Engine", "Step {step:,} of {total:,}."), step=1200, total=5000)
    assert message == "Step 1,200 of 5,000." and isinstance(message, str)
    assert message.template == "Step {step:,} of {total:,}."
    assert message.params == {"step": 1200, "total": 5000}


def test_a_message_survives_pickling_with_its_values():
    inner = Message("the disk is full")
    message = Message("Could not save {name}: {problem}.", name="a{b}.txt", problem=inner)
    again = pickle.loads(pickle.dumps(message))
    assert again == message and again.template == message.template
    assert isinstance(again.params["problem"], Message)


def test_joined_keeps_each_item_and_its_separator_even_with_braces():
    items = [Message("space"), "'{'", Message("new line")]
    listed = joined(items, ", ")
    assert listed == "space, '{', new line"
    assert list(listed.params.values()) == items
    assert joined([Message("One."), Message("Two.")]) == "One. Two."
    assert joined(["a", "b"], " {or} ") == "a {or} b"
    assert joined([]) == ""
