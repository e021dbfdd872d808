"""How many held-out questions a chat model answers exactly right: a number that means something
beside the loss (a loss of 0.4 says little; "31 of 40 answers right" says what the model can do).

The answers are the held-out conversations' short replies (chat_data.py). A reply counts as right
when greedy decoding (temperature 0, the banned tokens left out as generation leaves them out)
would write it exactly and then end its turn. That is checked in one batched forward pass per
batch of conversations instead of writing each reply token by token: greedy decoding writes the
reply exactly if and only if, at each of its positions, the likeliest token given everything before
it (the reply so far being the right one) is the right next token, and after it the end of the
turn (tests/engine/test_chat.py compares this with replies really written).
"""

from __future__ import annotations

import numpy as np
import torch

from gptstudio.engine.sampling import NEG_INF

MAX_ANSWERS = 100  # checked at each evaluation: the first of the held-out replies, always the same


@torch.no_grad()
def exact_answers(model, dataset, banned, device, batch_size: int = 32) -> tuple[int, int] | None:
    """(answered exactly right, asked), or None for a text without short held-out replies.

    Runs in full precision and without autocast, as generation does, so that a near tie is decided
    as generation would decide it."""
    from gptstudio.engine.data import IGNORE

    answers = dataset.answers[:MAX_ANSWERS]
    if not answers:
        return None
    rows = dataset.splits["val"]
    lengths = dataset.lengths["val"]
    needed = sorted({r for r, _, _ in answers})
    banned = torch.tensor(list(banned), dtype=torch.long, device=device)
    was_training = model.training
    model.eval()
    right = 0
    try:
        for first in range(0, len(needed), batch_size):
            chunk = needed[first:first + batch_size]
            width = int(lengths[chunk].max())
            x = rows[chunk, :width - 1].astype(np.int64)
            x[x == IGNORE] = dataset.pad_id
            logits, _ = model(torch.from_numpy(x).to(device))  # (B, T, V)
            logits = logits.float()
            logits[..., banned] = NEG_INF
            guess = logits.argmax(dim=-1).cpu().numpy()  # (B, T): the likeliest next token
            place = {r: i for i, r in enumerate(chunk)}
            for r, start, end in answers:
                if r in place:
                    # The token at position p is predicted at p - 1.
                    right += bool(np.array_equal(guess[place[r], start - 1:end - 1], rows[r, start:end]))
    finally:
        model.train(was_training)
    return right, len(answers)
