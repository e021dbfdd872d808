"""Reading conversations: every shape, and one sentence naming the line where one cannot be read."""

import json

import pytest

from gptstudio.engine.conversations import (
    Turn,
    conversation_text,
    looks_like_conversations,
    parse_conversations,
)
from gptstudio.engine.errors import CorpusError
from gptstudio.engine.text_shape import guess_mode


def roles_and_texts(parsed):
    return [[(t.role, t.text) for t in c.turns] for c in parsed.conversations]


@pytest.mark.parametrize(("user", "assistant"), [("User:", "Assistant:"), ("Q:", "A:"),
                                                 ("用户：", "助手："), ("问：", "答："),
                                                 ("user:", "assistant:"), ("用户:", "助手:")])
def test_labelled_text_in_english_and_chinese(user, assistant):
    text = (f"{user} What is 2+3?\n{assistant} 5\n{user} And 4+4?\n{assistant} 8\n\n"
            f"{user} Hello\n{assistant} Hi there!\nHow can I help?\n")
    parsed = parse_conversations(text)
    assert parsed.shape == "labelled"
    assert roles_and_texts(parsed) == [
        [("user", "What is 2+3?"), ("assistant", "5"), ("user", "And 4+4?"), ("assistant", "8")],
        [("user", "Hello"), ("assistant", "Hi there!\nHow can I help?")]]  # a line without a label goes on
    assert parsed.label("user") == user.replace(" ", "") and parsed.conversations[1].line == 6


def test_a_system_line_and_windows_line_ends():
    text = "System: Be brief.\r\nUser: Hi\r\nAssistant: Hello\r\n\r\nSystem: Be brief.\r\nUser: Bye\r\nAssistant: Bye!\r\n"
    parsed = parse_conversations(text)
    assert roles_and_texts(parsed)[0] == [("system", "Be brief."), ("user", "Hi"), ("assistant", "Hello")]
    assert len(parsed.conversations) == 2


def test_a_list_of_questions_without_blank_lines_is_one_conversation_per_exchange():
    text = "Q: 1+1?\nA: 2\nQ: 2+2?\nA: 4\nQ: 3+3?\nA: 6\n"
    assert roles_and_texts(parse_conversations(text)) == [
        [("user", "1+1?"), ("assistant", "2")], [("user", "2+2?"), ("assistant", "4")],
        [("user", "3+3?"), ("assistant", "6")]]


def test_a_conversation_without_a_label_names_its_line():
    text = "User: Hi\nAssistant: Hello\n\nUser: Hi\nAssistant: Hello\n\nJust a sentence.\nUser: x\n"
    with pytest.raises(CorpusError, match=r"^Line 7 starts a conversation without a speaker's label"):
        parse_conversations(text)


def test_a_chat_between_people_is_told_which_labels_make_a_conversation_and_what_to_do_instead():
    """A WhatsApp export ("Ben: Honestly grandma needs fixing") was told each turn starts with a
    label "such as" User: — as if "Ben:" might do — and not what to do with a group chat."""
    text = "Anna: Dinner at 7?\nBen: Honestly grandma needs fixing\nAnna: Ha\n"
    with pytest.raises(CorpusError) as refused:
        parse_conversations(text)
    said = str(refused.value)
    assert "one of “User:”, “Assistant:” and “System:”" in said and "such as “User:”" not in said
    assert "A chat between people" in said and "one example per line or as continuous text" in said


def test_json_lines_in_the_messages_shape():
    lines = [{"messages": [{"role": "system", "content": "You sell fruit."},
                           {"role": "user", "content": " Apples? "},
                           {"role": "assistant", "content": "Two dollars."}]},
             {"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}]}]
    text = "\n".join(json.dumps(line) for line in lines) + "\n\n"
    parsed = parse_conversations(text)
    assert parsed.shape == "jsonl"
    assert roles_and_texts(parsed) == [
        [("system", "You sell fruit."), ("user", "Apples?"), ("assistant", "Two dollars.")],
        [("user", "Hi"), ("assistant", "Hello")]]


def test_json_lines_in_the_instruction_shape_and_sharegpt():
    text = "\n".join(json.dumps(x, ensure_ascii=False) for x in (
        {"instruction": "Translate to French.", "input": "cat", "output": "chat"},
        {"instruction": "Say hi.", "input": "", "output": "Hi!"},
        {"conversations": [{"from": "human", "value": "你好"}, {"from": "gpt", "value": "你好！"}]}))
    assert roles_and_texts(parse_conversations(text)) == [
        [("user", "Translate to French.\n\ncat"), ("assistant", "chat")],
        [("user", "Say hi."), ("assistant", "Hi!")],
        [("user", "你好"), ("assistant", "你好！")]]


def test_a_json_array_of_instructions():
    text = json.dumps([{"instruction": "Add 2 and 3.", "input": "", "output": "5"}] * 3)
    parsed = parse_conversations(text)
    assert parsed.shape == "json" and len(parsed.conversations) == 3


@pytest.mark.parametrize(("bad", "sentence"), [
    ('{"messages": [{"role": "user", "content": "Hi"}', r"^Line 3 is not valid JSON \(Expecting"),
    ('{"text": "Hello"}', r"^Line 3 is neither a conversation .* nor an instruction"),
    ('{"messages": [{"role": "narrator", "content": "Once"}]}',
     r'^Line 3: message 1 has the role "narrator"; the roles are “system”, “user” and “assistant”\.$'),
    ('{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant"}]}',
     r"^Line 3: message 2 has no text \(its “content”\)\.$"),
    ('{"instruction": "Add", "output": 5}', r"^Line 3: “instruction”, “input” and “output” must be texts\."),
    ('[1, 2]', r"^Line 3 is neither a conversation"),
])
def test_a_malformed_json_line_gets_a_sentence_naming_its_line(bad, sentence):
    good = json.dumps({"messages": [{"role": "user", "content": "Hi"},
                                    {"role": "assistant", "content": "Hello"}]})
    with pytest.raises(CorpusError, match=sentence) as error:
        parse_conversations(f"{good}\n{good}\n{bad}\n{good}\n")
    params = error.value.args[0].params  # a Message: the app shows it translated
    assert params.get("line") == 3 or params["where"].params == {"line": 3}


def test_the_text_a_tokenizer_learns_is_what_the_turns_say():
    parsed = parse_conversations('{"messages": [{"role": "user", "content": "a"}, '
                                 '{"role": "assistant", "content": "b"}]}')
    assert conversation_text(parsed.conversations) == "a\nb"


# -- the guess ---------------------------------------------------------------------------------------


def test_the_guess_says_chat_for_labelled_conversations_and_json():
    labelled = "\n\n".join(f"User: What is {i}+1?\nAssistant: {i + 1}" for i in range(30))
    guess = guess_mode(labelled)
    assert guess.mode == "chat"
    assert guess.reason == ("30 conversations whose turns start with “User:” and “Assistant:”: "
                            "one example per conversation, and the model learns to write the "
                            "assistant's answers.")
    chinese = "\n\n".join(f"问：{i}加1等于几？\n答：{i + 1}" for i in range(30))
    assert guess_mode(chinese).mode == "chat" and "“问：” and “答：”" in guess_mode(chinese).reason
    jsonl = "\n".join(json.dumps({"instruction": f"{i}+1", "output": str(i + 1)}) for i in range(5))
    assert guess_mode(jsonl).mode == "chat"


def test_a_play_is_not_a_conversation():
    play = "\n\n".join(f"HAMLET:\nTo be or not {i}.\n\nOPHELIA:\nMy lord {i}." for i in range(20))
    assert looks_like_conversations(play) is None
    assert guess_mode(play).mode != "chat"
    broken = '{"messages": [}\n' * 3
    assert looks_like_conversations(broken) is None


def test_turn_is_plain_data():
    assert Turn("user", "x") == Turn("user", "x")
