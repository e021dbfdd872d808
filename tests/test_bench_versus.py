"""The comparison suite's parts that need no long run: nanoGPT's log read back, the shape handed to
its train.py, the three ratios, the peak's products, and the sampling race at a tiny shape."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from bench import peak, sampling_hf, versus

# nanoGPT's train.py prints these lines (its published log format: model.py's optimizer report,
# then "step N: train loss ..., val loss ..." at each evaluation and "iter N: loss ..., time ...ms,
# mfu ...%" each log_interval); a run of max_iters=3 on the 0.8M shape looks like this.
NANOGPT_LOG = """\
tokens per iteration will be: 768
found vocab_size = 65 (inside data/bench_char/meta.pkl)
Initializing a new model from scratch
number of parameters: 0.79M
num decayed parameter tensors: 18, with 803,456 parameters
num non-decayed parameter tensors: 9, with 1,152 parameters
using fused AdamW: False
step 0: train loss 4.1774, val loss 4.1760
iter 0: loss 4.1820, time 912.47ms, mfu -100.00%
iter 1: loss 3.9611, time 35.02ms, mfu -100.00%
iter 2: loss 3.7342, time 33.80ms, mfu -100.00%
iter 3: loss 3.5503, time 34.41ms, mfu -100.00%
"""


def test_nanogpt_log_is_read_per_iteration():
    iters = versus.parse_nanogpt_log(NANOGPT_LOG)
    assert [n for n, _, _ in iters] == [0, 1, 2, 3]
    assert iters[1] == (1, 3.9611, pytest.approx(0.03502))
    assert iters[-1][1] == 3.5503
    assert versus.parse_nanogpt_log("step 0: train loss 4.1, val loss 4.2\n") == []


def test_every_shape_reaches_nanogpts_train_py_as_its_settings():
    settings = versus.nanogpt_flags(versus.SHAPES["10.7M"][0])
    assert settings == {"n_layer": "6", "n_head": "6", "n_embd": "384", "block_size": "256",
                        "batch_size": "64"}
    assert versus.SHAPES["124M"][1] == "hf" and "--vocab-size 50257" in versus.SHAPES["124M"][0]


def test_three_ratios_per_round():
    runs = {"studio_auto": {"tokens_per_s": 300}, "studio_fp32": {"tokens_per_s": 120},
            "studio_bf16": {"tokens_per_s": 300}, "reference_fp32": {"tokens_per_s": 100},
            "reference_bf16": {"tokens_per_s": 200}}
    assert versus.ratios(runs) == {"as_shipped": 3.0, "fp32": 1.2, "bf16": 1.5}
    runs["nanogpt_original"] = {"tokens_per_s": 80}
    assert versus.ratios(runs)["fp32_vs_original"] == 1.5
    assert versus.ratios(runs)["reference_vs_original"] == 1.25


@pytest.mark.skipif(not os.environ.get("NANOGPT_DIR"), reason="NANOGPT_DIR: a nanoGPT checkout")
def test_nanogpts_own_train_py_runs_and_is_timed(corpus_file):
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    row = versus.run_nanogpt(Path(os.environ["NANOGPT_DIR"]), Path(corpus_file),
                             versus.SHAPES["quick"][0], steps=2, warmup=1, env=env, timeout=300)
    assert row["tokens_per_s"] > 0 and row["precision"] == "fp32" and row["final_loss"] > 0


def test_peak_times_square_and_model_products():
    products = peak.linear_products(16384, 384, 65)
    assert products["mlp_up"] == (16384, 384, 1536) and products["head"] == (16384, 384, 65)
    result = peak.measure([32, 64], [], rounds=2)
    assert set(result["square"]) == {"fp32", "bf16"}
    for precision, by_size in result["square"].items():
        assert set(by_size) == {"32", "64"}
        assert result["peak_tflops"][precision] == max(by_size.values()) > 0


def test_sampling_race_writes_the_same_tokens_both_ways(capsys, corpus_file):
    assert sampling_hf.main(["--n-layer", "1", "--n-head", "2", "--n-embd", "16", "--block-size",
                             "40", "--tokens", "8", "--samples", "2", "--rounds", "1",
                             "--corpus", str(corpus_file)]) == 0
    row = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    for way in ("studio", "hf", "studio_n", "hf_n"):
        assert row[f"{way}_tokens_per_s"] > 0
    assert row["new_tokens"] == 8 and row["samples"] == 2 and row["rounds"] == 1
    assert len(sampling_hf.made_up_text(3000)) == len(set(sampling_hf.made_up_text(3000))) == 3000
