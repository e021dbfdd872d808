"""Write text with the model train.py saved (model.pt).

    python sample.py
    python sample.py --prompt "Once upon a time" --tokens 300 --temperature 0.8

The model gives a score (logit) to every token it could write next. Softmax turns the scores into
chances, and one token is drawn; then the model reads its own choice and goes on.
"""

import argparse

import torch
from torch.nn import functional as F

from model import GPT, GPTConfig
from tokenizer import Tokenizer
from train import BIAS, BLOCK_SIZE, DROPOUT, GELU, MODE, N_EMBD, N_HEAD, N_LAYER

# --- settings (written by GPT Studio) ---
PROMPT = ""
TEMPERATURE = 0.8  # below 1: safer choices; above 1: more surprising ones; 0: always the likeliest
TOP_K = 0  # draw only among the k likeliest tokens (0 = all)
TOP_P = 1.0  # draw only among the likeliest tokens whose chances add up to p (1 = all)
MAX_NEW_TOKENS = 200
SEED = 1337
# --- end of settings ---


def never_written(tokenizer):
    """<pad> and <sos> only ever go into the model. <eos> ends an example (a line or a block); in
    "lines" mode an example is one line, so no token with a line break in it; in continuous text
    <eos> never comes at all."""
    banned = [tokenizer.pad_id, tokenizer.sos_id]
    if MODE == "lines":
        banned += [i for i in range(tokenizer.vocab_size)
                   if i >= len(tokenizer.specials) and "\n" in tokenizer.decode([i])]
    elif MODE != "blocks":
        banned.append(tokenizer.eos_id)
    return banned


@torch.no_grad()
def generate(model, tokenizer, prompt, max_new_tokens, temperature, top_k, top_p):
    ids = tokenizer.encode(prompt)
    if MODE in ("lines", "blocks"):
        ids = [tokenizer.sos_id, *ids]  # every example starts with <sos>
    elif not ids:
        ids = tokenizer.encode("\n")  # nothing to go on: start as after a line break
    banned = never_written(tokenizer)
    new = []
    for _ in range(max_new_tokens):
        context = torch.tensor([ids[-BLOCK_SIZE:]])  # the model sees at most BLOCK_SIZE tokens
        logits, _ = model(context)
        logits = logits[0, -1].float()  # (V,): the scores for the next token
        logits[banned] = float("-inf")
        if temperature == 0:
            token = int(torch.argmax(logits))
        else:
            logits = logits / temperature
            if 0 < top_k < logits.numel():
                logits[logits < torch.topk(logits, top_k).values[-1]] = float("-inf")
            if top_p < 1.0:
                sorted_logits, order = torch.sort(logits, descending=True)
                probs = F.softmax(sorted_logits, dim=-1)
                drop = torch.cumsum(probs, dim=-1) - probs >= top_p  # the rest reaches p already
                logits[order[drop]] = float("-inf")
            token = int(torch.multinomial(F.softmax(logits, dim=-1), 1))
        if MODE in ("lines", "blocks") and token == tokenizer.eos_id:
            break  # the end of the example
        ids.append(token)
        new.append(token)
    return tokenizer.decode(new)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prompt", default=PROMPT)
    parser.add_argument("--tokens", type=int, default=MAX_NEW_TOKENS)
    parser.add_argument("--temperature", type=float, default=TEMPERATURE)
    parser.add_argument("--top-k", type=int, default=TOP_K)
    parser.add_argument("--top-p", type=float, default=TOP_P)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()

    tokenizer = Tokenizer("tokenizer.json")
    config = GPTConfig(tokenizer.vocab_size, BLOCK_SIZE, N_LAYER, N_HEAD, N_EMBD, DROPOUT, BIAS, GELU)
    model = GPT(config)
    model.load_state_dict(torch.load("model.pt", map_location="cpu", weights_only=True))
    model.eval()
    torch.manual_seed(args.seed)
    text = generate(model, tokenizer, args.prompt, args.tokens, args.temperature, args.top_k,
                    args.top_p)
    print(args.prompt + text)


if __name__ == "__main__":
    main()
