"""Muon for the blocks' matrices, AdamW for the rest (engine/muon.py), and its place in training."""

import copy
import dataclasses

import pytest
import torch

from gptstudio.engine import precision
from gptstudio.engine.checkpoint import latest_checkpoint, read_meta
from gptstudio.engine.config import ModelConfig, TrainConfig
from gptstudio.engine.control import RunControl
from gptstudio.engine.events import EvalEvent, StartedEvent
from gptstudio.engine.model import GPT
from gptstudio.engine.muon import MuonAdamW, optimizer_groups, orthogonalise

from .test_trainer import MODEL, TRAIN, Recorder, make_trainer

MUON = dataclasses.replace(TRAIN, optimizer="muon")


def small_model(bias=False):
    torch.manual_seed(0)
    return GPT(ModelConfig(vocab_size=40, block_size=16, n_layer=2, n_head=2, n_embd=32, bias=bias))


def test_groups_give_muon_exactly_the_blocks_matrices():
    model = small_model(bias=True)
    groups = optimizer_groups(model, 0.1, muon=True)
    names = {id(p): n for n, p in model.named_parameters()}
    muon = [names[id(p)] for g in groups if g.get("muon") for p in g["params"]]
    adam = [names[id(p)] for g in groups if not g.get("muon") for p in g["params"]]
    assert sorted(muon + adam) == sorted(names.values())  # each parameter once
    assert muon and all(".h." in n and n.endswith("weight") and "ln_" not in n for n in muon)
    assert "transformer.wte.weight" in adam and "transformer.wpe.weight" in adam
    assert all(dict(model.named_parameters())[n].dim() == 2 for n in muon)
    assert not any(g.get("muon") for g in optimizer_groups(model, 0.1, muon=False))


def test_orthogonalise_evens_out_the_singular_values_and_batches_like_one_at_a_time():
    torch.manual_seed(1)
    u = torch.linalg.qr(torch.randn(3, 24, 24))[0]
    v = torch.linalg.qr(torch.randn(3, 64, 24))[0]
    spread = torch.logspace(1, -1, 24)  # singular values from 10 down to 0.1
    stack = u @ torch.diag_embed(spread.expand(3, 24)) @ v.mT
    for dtype in (torch.float32, torch.bfloat16):
        out = orthogonalise(stack, dtype=dtype)
        assert out.dtype == dtype
        singular = torch.linalg.svdvals(out.float())
        # Keller Jordan's coefficients trade exactness for speed: the values land near 1
        # (here 0.68-1.14), not at exactly 1, from a spread of a hundredfold.
        assert singular.min() > 0.6 and singular.max() < 1.2
        # The same directions: U V^T of the input, up to that spread.
        assert torch.nn.functional.cosine_similarity(
            out.float().flatten(1), (u @ v.mT).flatten(1)).min() > 0.95
    out = orthogonalise(stack, dtype=torch.float32)
    for k in range(3):
        torch.testing.assert_close(orthogonalise(stack[k:k + 1], dtype=torch.float32), out[k:k + 1])


def test_steps_equal_torch_muon_plus_adamw():
    """The same arithmetic as torch.optim.Muon (RMS-matched learning rate) on the matrices and
    torch.optim.AdamW on the rest, only batched."""
    ours, theirs = small_model(), small_model()
    start = [p.detach().clone() for p in ours.parameters()]
    # torch.optim.Muon orthogonalises in bf16 on every device; ours then must too (on a CPU
    # without native bf16 it would pick fp32).
    opt = MuonAdamW(optimizer_groups(ours, 0.1, muon=True), lr=2e-3, betas=(0.9, 0.99),
                    ns_dtype=torch.bfloat16)
    groups = optimizer_groups(theirs, 0.1, muon=True)
    matrices = [g for g in groups if g.get("muon")][0]["params"]
    muon = torch.optim.Muon(matrices, lr=2e-3, weight_decay=0.1, adjust_lr_fn="match_rms_adamw")
    adam = torch.optim.AdamW([{k: v for k, v in g.items() if k != "muon"}
                              for g in groups if not g.get("muon")], lr=2e-3, betas=(0.9, 0.99))
    torch.manual_seed(2)
    for _ in range(3):
        for p, q in zip(ours.parameters(), theirs.parameters(), strict=True):
            p.grad = torch.randn_like(p)
            q.grad = p.grad.clone()
        opt.step()
        muon.step()
        adam.step()
    # Both orthogonalise in bf16, but bf16 matrix products round differently from one kernel to
    # the next (batched or not, a CPU with native bf16 or without): the parameters must have moved
    # the same way to within bf16's precision (2^-8 = 0.4%) of how far they moved.
    for p, q, p0 in zip(ours.parameters(), theirs.parameters(), start, strict=True):
        assert (p - q).norm() <= 0.01 * (q - p0).norm()
    assert all("momentum_buffer" in opt.state[p] for p in matrices_of(opt))
    assert all("exp_avg" in opt.state[p] for g in opt.param_groups if not g.get("muon")
               for p in g["params"])


def matrices_of(opt):
    return [p for g in opt.param_groups if g.get("muon") for p in g["params"]]


def test_state_dict_round_trip_continues_identically():
    a = small_model()
    opt_a = MuonAdamW(optimizer_groups(a, 0.1, muon=True), lr=1e-3, betas=(0.9, 0.99))
    torch.manual_seed(3)
    grads = [[torch.randn_like(p) for p in a.parameters()] for _ in range(4)]

    def step(model, opt, k):
        for p, g in zip(model.parameters(), grads[k], strict=True):
            p.grad = g.clone()
        opt.step()

    step(a, opt_a, 0)
    step(a, opt_a, 1)
    b = copy.deepcopy(a)
    opt_b = MuonAdamW(optimizer_groups(b, 0.1, muon=True), lr=1e-3, betas=(0.9, 0.99))
    opt_b.load_state_dict(copy.deepcopy(opt_a.state_dict()))  # as saved to disk: not shared
    for k in (2, 3):
        step(a, opt_a, k)
        step(b, opt_b, k)
    for p, q in zip(a.parameters(), b.parameters(), strict=True):
        assert torch.equal(p, q)


def test_rejects_a_group_of_vectors():
    model = small_model(bias=True)
    with pytest.raises(ValueError, match="2-D"):
        MuonAdamW([{"params": list(model.parameters()), "muon": True}], lr=1e-3, betas=(0.9, 0.99))


def test_config_accepts_adamw_and_muon_only():
    assert TrainConfig(optimizer="muon").validate() == []
    problems = TrainConfig(optimizer="sgd").validate()
    assert len(problems) == 1 and "adamw, muon" in str(problems[0])


def test_a_run_with_muon_learns(tiny_corpus):
    """Whether it learns more per step than AdamW shows at the small preset's shape, in minutes
    (docs/performance.md); here: it trains, and from a loss near chance to far below it."""
    model = dataclasses.replace(MODEL, dropout=0.0)
    train = dataclasses.replace(MUON, max_iters=100, eval_interval=100, eval_iters=4,
                                sample_tokens=0, learning_rate=1e-2)
    rec = Recorder()
    result = make_trainer(tiny_corpus, None, model, train).run(rec)
    assert result.reason == "finished"
    assert rec.losses()[0][1] > 3.0
    assert rec.of(EvalEvent)[-1].val_loss < 1.9


def test_stop_and_resume_with_muon_equals_uninterrupted_run(tiny_corpus, tmp_path):
    straight = Recorder()
    make_trainer(tiny_corpus, tmp_path / "a", train=MUON).run(straight)
    control = RunControl()
    first = Recorder(stop_at=13, control=control)
    make_trainer(tiny_corpus, tmp_path / "b", train=MUON).run(first, control)
    second = Recorder()
    make_trainer(tiny_corpus, tmp_path / "b", train=MUON).run(second)
    assert second.of(StartedEvent)[0].step == 13
    assert first.losses() + second.losses() == straight.losses()


@pytest.mark.parametrize(("before", "after"), [("adamw", "muon"), ("muon", "adamw")])
def test_switching_optimizer_keeps_training_from_the_weights(tiny_corpus, tmp_path, before, after):
    control = RunControl()
    first = Recorder(stop_at=12, control=control)
    make_trainer(tiny_corpus, tmp_path, train=dataclasses.replace(TRAIN, optimizer=before)).run(first, control)
    second = Recorder()
    result = make_trainer(tiny_corpus, tmp_path, train=dataclasses.replace(TRAIN, optimizer=after)).run(second)
    assert second.of(StartedEvent)[0].step == 12
    assert result.reason == "finished" and result.step == TRAIN.max_iters
    # It went on from the trained weights, not from scratch.
    assert second.losses()[0][1] < first.losses()[0][1] - 0.3


def test_the_trainer_trains_with_muon_and_saves_its_state(tiny_corpus, tmp_path):
    make_trainer(tiny_corpus, tmp_path, train=dataclasses.replace(MUON, max_iters=10)).run(lambda e: None)
    folder = latest_checkpoint(tmp_path)
    groups = read_meta(folder)["optimizer"]["param_groups"]
    assert [g.get("muon", False) for g in groups] == [False, False, True]
    from safetensors import safe_open

    with safe_open(str(folder / "optimizer.safetensors"), "pt") as f:
        names = [n for n in f.keys() if n.startswith("state.")]  # noqa: SIM118 - not a dict
    assert sum(n.endswith(".momentum_buffer") for n in names) == len(groups[2]["params"]) > 0
    assert not any(n.endswith(".momentum_buffer") for n in names
                   if int(n.split(".")[1]) not in groups[2]["params"])


def test_adamw_checkpoints_from_before_the_setting_resume_with_their_state(tiny_corpus, tmp_path):
    """Checkpoints written before the optimizer setting existed have no "optimizer" key in their
    training settings: they were AdamW's, and go on with their AdamW state."""
    import json

    straight = Recorder()
    make_trainer(tiny_corpus, tmp_path / "a").run(straight)
    control = RunControl()
    first = Recorder(stop_at=13, control=control)
    make_trainer(tiny_corpus, tmp_path / "b").run(first, control)
    meta_file = latest_checkpoint(tmp_path / "b") / "meta.json"
    meta = json.loads(meta_file.read_text())
    del meta["train"]["optimizer"]
    meta_file.write_text(json.dumps(meta))
    second = Recorder()
    make_trainer(tiny_corpus, tmp_path / "b").run(second)
    assert first.losses() + second.losses() == straight.losses()  # the moments were restored


@pytest.mark.parametrize("native", [True, False])
def test_orthogonalises_in_bf16_where_the_device_runs_it_natively(monkeypatch, native):
    monkeypatch.setattr(precision, "bf16_supported", lambda device: native)
    opt = MuonAdamW(optimizer_groups(small_model(), 0.1, muon=True), lr=1e-3, betas=(0.9, 0.99))
    assert opt.ns_dtype == (torch.bfloat16 if native else torch.float32)


def test_step_hooks_run_once_a_step_with_every_group():
    """AdamW's step is wrapped with torch's hooks once any AdamW exists; the Muon half must not
    run them a second time over a subset of the groups."""
    torch.optim.AdamW([torch.nn.Parameter(torch.zeros(2))])  # wraps AdamW.step
    model = small_model()
    opt = MuonAdamW(optimizer_groups(model, 0.1, muon=True), lr=1e-3, betas=(0.9, 0.99))
    seen = []
    opt.register_step_pre_hook(lambda o, args, kwargs: seen.append(len(o.param_groups)))
    for p in model.parameters():
        p.grad = torch.randn_like(p)
    opt.step()
    opt.step()
    assert seen == [3, 3]
