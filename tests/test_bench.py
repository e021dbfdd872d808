"""The benchmark suite runs end to end (its --quick mode: tiny shapes, figures meaningless) and
writes the table's figures to its JSON file, so bench/ cannot rot unnoticed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_suite_runs_and_writes_every_figure(tmp_path, tiny_corpus):
    output = tmp_path / "latest.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--only", "training,quality,sampling",
         "--rounds", "2", "--output", str(output)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(output.read_text())
    row = results["training"][0]
    for engine in ("studio", "studio_fp32", "reference"):
        assert row[engine]["tokens_per_s"] > 0 and row[engine]["peak_rss_mb"] > 0
        assert row[engine]["model_tflops"] > 0 and row[engine]["mfu"] is None  # no peak for a CPU
    assert row["studio_fp32"]["precision"] == "fp32" and row["reference"]["precision"] == "fp32"
    assert len(row["speed_ratio_each_round"]) == 2 and row["speed_ratio"] in row["speed_ratio_each_round"]
    assert row["speed_ratio"] == round(row["studio"]["tokens_per_s"] / row["reference"]["tokens_per_s"], 2)
    quality = results["quality"]
    assert set(quality["seconds_to"]) == {"2.0", "1.8", "1.6", "1.5"}
    assert quality["steps"] > 0 and quality["last_val_loss"] > 0
    sampling = results["sampling"][0]
    assert sampling["cache_tokens_per_s"] > 0 and sampling["no_cache_tokens_per_s"] > 0
    assert sampling["rounds"] == 2 and len(sampling["cache_vs_no_cache_each_round"]) == 2
    assert "Training (tokens/s" in done.stdout and "Time to quality" in done.stdout


def test_attention_benchmark_times_every_kernel():
    done = subprocess.run(
        [sys.executable, "-m", "bench.attention", "--batch", "2", "--heads", "2", "--context", "16",
         "--head-size", "8", "--rounds", "2"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    assert result["shape"] == {"batch": 2, "heads": 2, "context": 16, "head_size": 8}
    for kernel in ("fused_bf16", "chunked_bf16", "fused_fp32"):
        assert 0 < result[kernel]["best_ms"] <= result[kernel]["median_ms"]


def test_step_variants_times_each_variant_side_by_side():
    done = subprocess.run(
        [sys.executable, "-m", "bench.step_variants", "--n-layer", "1", "--n-head", "2", "--n-embd", "16",
         "--block-size", "16", "--batch-size", "2", "--rounds", "2",
         "--variants", "bias", "no-bias", "fp32-residual", "dropout=0.1", "dropout=0.1:torch",
         "muon"],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    rows = {r["variant"]: r for r in map(json.loads, done.stdout.splitlines())}
    assert list(rows) == ["bias", "no-bias", "fp32-residual", "dropout=0.1", "dropout=0.1:torch",
                          "muon"]
    assert rows["bias"]["params"] == rows["fp32-residual"]["params"] > rows["no-bias"]["params"] \
        == rows["dropout=0.1"]["params"] == rows["muon"]["params"]
    for row in rows.values():
        assert 0 < row["ms_fastest"] <= row["ms_median"] and row["rounds"] == 2


def test_step_variants_runs_torchs_dropout_only_inside_its_own_steps():
    import torch

    from bench import step_variants
    from gptstudio.engine import model as model_module

    before = model_module._dropped, model_module.use_chunked_attention
    with step_variants._torch_dropout():
        patched = model_module.use_chunked_attention
        bf = torch.zeros(1, 1, 8, 1, requires_grad=True, dtype=torch.bfloat16)
        assert not patched(bf, True, 0.1) and patched(bf, True, 0.0)
    assert (model_module._dropped, model_module.use_chunked_attention) == before


def test_model_flops_and_mfu():
    from bench import mfu

    # nanoGPT's Shakespeare model: 10.7M parameters, 98,304 of them the 256 x 384 position table.
    per_token = mfu.flops_per_token(10_771_968, n_layer=6, n_embd=384, block_size=256)
    assert per_token == 6 * (10_771_968 - 256 * 384) + 12 * 6 * 256 * 384
    assert mfu.peak_tflops("cuda (NVIDIA H100 80GB HBM3)") == 989.4
    assert mfu.peak_tflops("cuda (NVIDIA H100 PCIe)") == 756.0
    assert mfu.peak_tflops("cuda (NVIDIA L40)") == 181.0 and mfu.peak_tflops("cuda (NVIDIA L4)") == 121.0
    assert mfu.peak_tflops("cuda (NVIDIA GH200 480GB)") == 989.4
    assert mfu.peak_tflops("cpu") is None and mfu.peak_tflops("cuda (Some New GPU)") is None
    assert mfu.mfu(1_000_000, per_token, 989.4) == round(1e6 * per_token / 989.4e12, 4)
    assert mfu.mfu(1_000_000, per_token, None) is None


def test_forward_ab_compares_two_trees_on_the_same_weights():
    # This tree against itself: the logits match (the script checks), and it prints the ratio.
    done = subprocess.run(
        [sys.executable, "-m", "bench.forward_ab", "--other", str(ROOT), "--rounds", "2",
         "--tokens", "8", "--n-layer", "1", "--n-head", "2", "--n-embd", "16"],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "ratio" in done.stdout and done.stdout.count(",") >= 3


def test_auto_quality_checks_the_model_a_run_stopped_by_the_clock_left(tmp_path, corpus_file, capsys):
    """A run the time budget stops between two checks is scored on its last checkpoint."""
    from bench import auto_quality

    job = {"name": "tiny", "kind": "preset", "preset": "tiny", "dropout": 0.0, "mode": "continuous",
           "corpus": str(corpus_file), "minutes": 0.05, "device": "cpu", "round": 0}
    assert auto_quality.one_run(job) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["reason"] == "stopped" and result["best_val"] > 0


def test_draw_benchmark_times_both_ways_of_drawing(capsys):
    from bench import draw

    assert draw.main(["--vocab-sizes", "10", "300", "--draws", "5", "--rounds", "1"]) == 0
    rows = json.loads(capsys.readouterr().out)["draws"]
    assert [row["vocab_size"] for row in rows] == [10, 300]
    assert all(row["draw_us"] > 0 and row["multinomial_us"] > 0 for row in rows)
