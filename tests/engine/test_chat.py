"""The chat template, the loss mask, replies that end at the end of the turn, and the exact-answer
check that runs after each evaluation."""

from types import SimpleNamespace

import numpy as np
import pytest
import torch

from gptstudio.engine.chat import ChatSession, context_used, reply_prompt, stream_reply
from gptstudio.engine.chat_template import (
    ChatTemplate,
    encode_conversation,
    prompt_ids,
    transcript,
    transcript_turns,
    turn_ids,
    turns_from_ids,
)
from gptstudio.engine.checkpoint import load_history
from gptstudio.engine.config import ModelConfig, SampleConfig
from gptstudio.engine.conversations import Turn
from gptstudio.engine.data import IGNORE, build_dataset, drop_unknown, model_text
from gptstudio.engine.errors import CorpusError, UnknownCharacters
from gptstudio.engine.model import GPT
from gptstudio.engine.model_service import load_generator
from gptstudio.engine.sampling import TextGenerator
from gptstudio.engine.tokenizers import load_tokenizer, save_tokenizer, train_tokenizer

CHATS = "\n\n".join(f"User: What is {a} plus {b}?\nAssistant: {a + b}.\nUser: Thanks!\n"
                    f"Assistant: You are welcome." for a in range(6) for b in range(5)) + "\n"
CONVERSATION = (Turn("system", "Be brief."), Turn("user", "What is 2 plus 3?"),
                Turn("assistant", "5."), Turn("user", "Thanks!"), Turn("assistant", "Bye."))


@pytest.fixture(params=["char", "word", "bpe"])
def tokenizer(request):
    extra = "System: Be brief.\nUser: Hi\nAssistant: Bye. By <|user|> hi <|end|>\n"
    return train_tokenizer(request.param, CHATS + extra, 300, mode="chat")


# -- the template ---------------------------------------------------------------------------------------


def test_the_template_round_trips_through_the_tokenizer_file(tokenizer, tmp_path):
    assert tokenizer.chat == ChatTemplate.from_dict(tokenizer.chat.to_dict())
    ids, _ = encode_conversation(tokenizer, CONVERSATION)
    save_tokenizer(tokenizer, tmp_path / "tokenizer.json")
    loaded = load_tokenizer(tmp_path / "tokenizer.json")
    assert loaded.chat == tokenizer.chat and loaded.vocab_size == tokenizer.vocab_size
    assert turn_ids(loaded) == turn_ids(tokenizer)
    assert encode_conversation(loaded, CONVERSATION)[0] == ids
    assert turns_from_ids(loaded, ids) == list(CONVERSATION)  # ids -> the same conversation back


def test_the_turn_markers_are_special_tokens_after_the_vocabulary(tokenizer):
    markers = turn_ids(tokenizer)
    text = "<|user|> hi <|end|>"
    assert set(tokenizer.encode(text)).isdisjoint({*markers.markers(), markers.end})
    assert sorted([*markers.markers(), markers.end]) == list(range(tokenizer.vocab_size - 4,
                                                                   tokenizer.vocab_size))
    assert tokenizer.decode([markers.user, *tokenizer.encode("hi"), markers.end]) == "hi"
    assert tokenizer.token_text(markers.end) == "<|end|>"


def test_the_layout_and_what_is_learned(tokenizer):
    m = turn_ids(tokenizer)
    ids, learned = encode_conversation(tokenizer, CONVERSATION[1:3])
    question, answer = tokenizer.encode("What is 2 plus 3?"), tokenizer.encode("5.")
    assert ids == [tokenizer.sos_id, m.user, *question, m.end, m.assistant, *answer, m.end]
    # The assistant's words and the end of its turn; nothing of the question or the template.
    assert learned == [False] * (3 + len(question) + 1) + [True] * (len(answer) + 1)


def test_a_prompt_opens_the_assistants_turn_or_continues_it(tokenizer):
    m = turn_ids(tokenizer)
    ids = prompt_ids(tokenizer, [Turn("user", "Hi")], system="Be brief.")
    assert ids == [tokenizer.sos_id, m.system, *tokenizer.encode("Be brief."), m.end, m.user,
                   *tokenizer.encode("Hi"), m.end, m.assistant]
    partial = prompt_ids(tokenizer, [Turn("user", "Hi"), Turn("assistant", "By")])
    by = tokenizer.encode("By")
    assert partial[-len(by) - 1:] == [m.assistant, *by]  # no end: the reply goes on from there


def test_transcripts_in_the_corpus_labels_round_trip():
    template = ChatTemplate(user_label="用户：", assistant_label="助手：")
    turns = [Turn("user", "你好"), Turn("assistant", "你好！\n想买点什么？")]
    text = transcript(template, turns)
    assert text == "用户：你好\n助手：你好！\n想买点什么？"
    assert transcript_turns(text) == turns
    english = transcript(ChatTemplate(), [Turn("user", "Hi"), Turn("assistant", " a")])
    assert english == "User: Hi\nAssistant:  a" and transcript_turns(english)[-1].text == " a"
    assert transcript_turns("How much?") == [Turn("user", "How much?")]  # a plain question


def test_the_template_of_a_corpus_follows_its_labels_and_system_lines():
    tok = train_tokenizer("char", "系统：简短。\n用户：你好\n助手：你好！\n\n用户：谢谢\n助手：不客气", mode="chat")
    assert (tok.chat.user_label, tok.chat.assistant_label, tok.chat.system_label) == ("用户：", "助手：", "系统：")
    assert tok.chat.has_system and tok.chat.default_system == "简短。"
    assert not train_tokenizer("char", CHATS, mode="chat").chat.has_system


def test_a_chat_tokenizer_learns_what_the_turns_say_not_the_json():
    jsonl = '{"messages": [{"role": "user", "content": "ab"}, {"role": "assistant", "content": "c"}]}\n'
    tok = train_tokenizer("char", jsonl * 3, mode="chat")
    assert tok.chars == ["\n", "a", "b", "c"]
    assert model_text(jsonl, "chat") == "ab\nc"
    with pytest.raises(CorpusError, match="^Line 2 is not valid JSON"):
        train_tokenizer("char", jsonl + "{oops\n", mode="chat")


# -- the loss mask -------------------------------------------------------------------------------------


def test_batches_learn_the_assistants_words_only():
    tok = train_tokenizer("char", CHATS, mode="chat")
    dataset = build_dataset(CHATS, tok, "chat", 64, 0.1)
    m = turn_ids(tok)
    rows, targets = dataset.splits["train"], dataset.targets["train"]
    for row, target in zip(rows, targets, strict=True):
        turns = turns_from_ids(tok, [int(i) for i in row if i != IGNORE])
        expected = [i for t in turns if t.role == "assistant" for i in (*tok.encode(t.text), m.end)]
        assert [int(i) for i in target if i != IGNORE] == expected
    x, y = dataset.get_batch("train", 8, np.random.default_rng(0))
    picked = np.random.default_rng(0).integers(0, len(rows), size=8)
    width = x.shape[1] + 1
    assert np.array_equal(y, targets[picked, 1:width])  # the targets, one position on
    assert np.array_equal(x[:, 0], np.full(8, tok.sos_id))


def test_user_tokens_contribute_zero_gradient():
    tok = train_tokenizer("char", CHATS, mode="chat")
    dataset = build_dataset(CHATS, tok, "chat", 64, 0.1)
    torch.manual_seed(0)
    model = GPT(ModelConfig(vocab_size=tok.vocab_size, block_size=64, n_layer=1, n_head=2, n_embd=32))
    x, y = (torch.from_numpy(a) for a in dataset.get_batch("train", 4, np.random.default_rng(1)))
    logits = {}

    def keep(_module, _inputs, out) -> None:
        out.retain_grad()
        logits["v"] = out

    model.lm_head.register_forward_hook(keep)
    _, loss = model(x, y)
    loss.backward()
    grad = logits["v"].grad  # (B, T, V): how the loss pulls on each position's prediction
    m = turn_ids(tok)
    user_words = torch.zeros_like(x, dtype=torch.bool)  # predicting a word of the user's turn
    for b in range(x.shape[0]):
        role = None
        for t in range(x.shape[1] - 1):
            role = {m.user: "user", m.assistant: "assistant", m.system: "system"}.get(int(x[b, t]), role)
            user_words[b, t] = role == "user" and int(x[b, t + 1]) not in (m.end, tok.pad_id)
    assert user_words.any() and (y != IGNORE).any()
    assert torch.count_nonzero(grad[user_words]) == 0
    assert torch.count_nonzero(grad[y == IGNORE]) == 0  # nor the markers or the padding
    assert torch.all(grad[y != IGNORE].abs().sum(dim=-1) > 0)  # the assistant's words pull


def test_a_plain_text_tokenizer_cannot_learn_conversations():
    with pytest.raises(CorpusError, match="no markers for the turns"):
        build_dataset(CHATS, train_tokenizer("char", CHATS), "chat", 64, 0.1)


def test_too_few_conversations_is_a_sentence():
    with pytest.raises(CorpusError, match="^The corpus has 3 conversations with an assistant's reply"):
        build_dataset(CHATS[:200], train_tokenizer("char", CHATS, mode="chat"), "chat", 64, 0.1)


# -- replies end at the end of the turn -------------------------------------------------------------------


class ScriptedModel(torch.nn.Module):
    """Always sure of the next token of its script (nanochat's MockModel, in spirit)."""

    def __init__(self, vocab_size: int, script: list[int]):
        super().__init__()
        self.config = ModelConfig(vocab_size=vocab_size, block_size=64, n_layer=1, n_head=1, n_embd=4)
        self.weight = torch.nn.Parameter(torch.zeros(1))
        self.script, self.calls, self.prompts = script, 0, []

    def _next(self) -> torch.Tensor:
        logits = torch.full((self.config.vocab_size,), -10.0)
        logits[self.script[min(self.calls, len(self.script) - 1)]] = 10.0
        self.calls += 1
        return logits

    def forward(self, idx, targets=None, kv_cache=None, last_only=False):
        self.prompts.append(idx[0].tolist())
        if kv_cache is not None:
            kv_cache.pos += idx.shape[1]
        return self._next().view(1, 1, -1), None

    def new_cache(self, batch=1, length=None):
        cache = SimpleNamespace(pos=0, capacity=length)
        cache.reset = lambda: setattr(cache, "pos", 0)
        cache.repeat_rows = cache.keep_rows = lambda rows: None  # one sample: one row
        return cache


def test_a_reply_ends_at_the_end_of_turn():
    tok = train_tokenizer("char", CHATS, mode="chat")
    m = turn_ids(tok)
    a, b = tok.encode("42")
    model = ScriptedModel(tok.vocab_size, [a, b, m.end, a, a, a])
    generator = TextGenerator(model, tok, "chat")
    events = list(stream_reply(generator, [Turn("user", "What is 2 plus 3?")],
                               SampleConfig(temperature=0, max_new_tokens=50)))
    assert [e.text for e in events] == ["4", "2", ""]
    assert events[-1].token_id == m.end and events[-1].finished
    assert model.prompts[0] == prompt_ids(tok, [Turn("user", "What is 2 plus 3?")])


def test_a_reply_never_writes_a_turn_marker_or_the_end_of_text():
    tok = train_tokenizer("char", CHATS, mode="chat")
    m = turn_ids(tok)
    model = ScriptedModel(tok.vocab_size, [m.user, m.assistant, m.system, tok.eos_id, m.end])
    events = list(TextGenerator(model, tok, "chat").stream("What?", SampleConfig(temperature=0)))
    written = {e.token_id for e in events}
    assert written.isdisjoint({m.user, m.assistant, m.system, tok.eos_id, tok.sos_id, tok.pad_id})
    assert events[-1].token_id == m.end and len(events) == 5


def test_the_session_keeps_the_conversation_and_regenerates():
    tok = train_tokenizer("char", CHATS, mode="chat")
    m = turn_ids(tok)
    script = [*tok.encode("5."), m.end]
    session = ChatSession(TextGenerator(ScriptedModel(tok.vocab_size, script * 4), tok, "chat"))
    config = SampleConfig(temperature=0)
    assert "".join(e.text for e in session.say("What is 2 plus 3?", config)) == "5."
    assert session.turns == [Turn("user", "What is 2 plus 3?"), Turn("assistant", "5.")]
    list(session.regenerate(config))
    assert session.turns == [Turn("user", "What is 2 plus 3?"), Turn("assistant", "5.")]
    with pytest.raises(UnknownCharacters):
        list(session.say("Qué?", config))
    assert len(session.turns) == 2  # a refused question adds nothing
    session.clear()
    assert session.turns == []


def test_a_long_conversation_leaves_its_oldest_turns_out_of_the_prompt():
    tok = train_tokenizer("char", CHATS, mode="chat")
    turns = [Turn("user" if i % 2 == 0 else "assistant", "What is 1 plus 2?") for i in range(9)]
    fitted = reply_prompt(tok, 64, turns, system="")
    assert fitted.turns_left_out > 0 and len(fitted.ids) <= 48
    assert fitted.ids == tuple(prompt_ids(tok, turns[fitted.turns_left_out:]))
    assert context_used(tok, turns) > 64


def test_the_oldest_turns_leave_as_whole_exchanges():
    # The prompt that fits must start with a user's turn: a conversation that opens with the
    # assistant's reply is a shape the model never learnt (it made a trained demo write nonsense).
    tok = train_tokenizer("char", CHATS, mode="chat")
    turns = [Turn("user", "What is 1 plus 2?"), Turn("assistant", "3."),
             Turn("user", "What is 2 plus 2?"), Turn("assistant", "4."), Turn("user", "Thanks!")]
    assert len(prompt_ids(tok, turns[1:])) <= 48 < len(prompt_ids(tok, turns))  # one turn would do
    fitted = reply_prompt(tok, 64, turns, system="")
    assert fitted.turns_left_out == 2
    assert fitted.ids == tuple(prompt_ids(tok, turns[2:]))
    assert turns_from_ids(tok, list(fitted.ids))[0] == Turn("user", "What is 2 plus 2?")


def test_a_chat_prompt_loses_unknown_characters_but_keeps_its_labels():
    tok = train_tokenizer("char", CHATS, mode="chat")
    assert drop_unknown(tok, "User: Whé?\nAssistant: 5", "chat") == "User: Wh?\nAssistant: 5"
    assert drop_unknown(tok, "Whé?", "chat") == "Wh?"


# -- the exact-answer check ---------------------------------------------------------------------------------


def test_exact_answers_are_what_greedy_replies_write(tmp_path):
    from gptstudio.engine.chat_eval import exact_answers
    from gptstudio.engine.config import DataConfig, TrainConfig
    from gptstudio.engine.sampling import never_sampled
    from gptstudio.engine.trainer import Trainer

    tok = train_tokenizer("char", CHATS, mode="chat")
    trainer = Trainer(corpus=CHATS, tokenizer=tok, data=DataConfig(mode="chat", val_fraction=0.2),
                      model=ModelConfig(block_size=64, n_layer=2, n_head=2, n_embd=48),
                      train=TrainConfig(batch_size=16, learning_rate=5e-3, warmup_iters=10,
                                        max_iters=160, eval_interval=80, eval_iters=2,
                                        sample_tokens=20, device="cpu"), checkpoint_dir=tmp_path)
    evals = []
    trainer.run(lambda e: evals.append(e) if type(e).__name__ == "EvalEvent" else None)
    dataset = trainer._dataset
    assert [e.answers[1] for e in evals] == [len(dataset.answers)] * 2 and dataset.answers
    assert evals[-1].sample.startswith("User: ") and "\nAssistant: " in evals[-1].sample
    generator = load_generator(tmp_path, "latest", "cpu")  # step 160's model
    right, asked = exact_answers(generator.model, dataset, never_sampled(tok, "chat"), "cpu")
    assert (right, asked) == evals[-1].answers
    written = 0
    for row, start, end in dataset.answers:
        ids = [int(i) for i in dataset.splits["val"][row, :start]]
        reply = [e.token_id for e in generator.stream_ids(
            ids, SampleConfig(temperature=0, max_new_tokens=end - start + 5))]
        written += reply == [int(i) for i in dataset.splits["val"][row, start:end]]
    assert right == written
    assert 0 < right  # the model has learned something: the check is not vacuous
    assert load_history(tmp_path).eval_answers == tuple((e.step, *e.answers) for e in evals)
