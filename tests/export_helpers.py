"""Small trained models for the export tests: each tokenizer kind on English, Chinese with emoji,
and Python code, trained briefly so that they write something better than noise."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROGRAM = ROOT / "gptstudio" / "engine" / "program"


def corpus(name: str) -> str:
    if name == "english":
        return (ROOT / "corpora" / "tech_blog.txt").read_text(encoding="utf-8")
    if name == "chinese":  # Chinese sentences with emoji between them
        return (ROOT / "corpora" / "chinese.txt").read_text(encoding="utf-8")
    if name == "code":
        return "".join(p.read_text(encoding="utf-8") for p in sorted(PROGRAM.glob("*.py")))
    if name == "names":
        return (ROOT / "corpora" / "names.txt").read_text(encoding="utf-8")
    if name == "poems":  # blocks of four sentences between "%" lines, as fortune files have them
        lines = [line for line in corpus("chinese").split("\n") if line.strip()]
        return "\n%\n".join("\n".join(lines[i:i + 4]) for i in range(0, len(lines), 4)) + "\n"
    raise KeyError(name)


def tiny_settings(kind: str, mode: str = "continuous", optimizer: str = "adamw", steps: int = 150,
                  bias: bool = True):
    from gptstudio.engine.config import DataConfig, ModelConfig, TrainConfig

    data = DataConfig(tokenizer=kind, mode=mode, bpe_vocab_size=400)
    # n_embd 32: q8_0 stores rows in blocks of 32.
    model = ModelConfig(block_size=32, n_layer=2, n_head=4, n_embd=32, bias=bias)
    train = TrainConfig(batch_size=16, max_iters=steps, warmup_iters=10, eval_interval=steps,
                        eval_iters=2, optimizer=optimizer, precision="fp32", device="cpu",
                        sample_tokens=0, num_threads=1)
    return data, model, train


def train_checkpoint(folder: Path, kind: str, text: str, mode: str = "continuous",
                     steps: int = 150) -> Path:
    """Train a tiny model on `text` into `folder`; returns its checkpoint folder."""
    from gptstudio.engine.checkpoint import require_checkpoint
    from gptstudio.engine.tokenizers import train_tokenizer
    from gptstudio.engine.trainer import Trainer

    data, model, train = tiny_settings(kind, mode, steps=steps)
    tokenizer = train_tokenizer(kind, text, data.bpe_vocab_size)
    Trainer(corpus=text, tokenizer=tokenizer, data=data, model=model, train=train,
            checkpoint_dir=folder).run(lambda _event: None)
    return require_checkpoint(folder)


def trained_project(name: str, text: str, kind: str = "char", mode: str = "continuous",
                    steps: int = 60):
    """A project in the current GPTSTUDIO_HOME with a tiny model trained for `steps` steps."""
    from gptstudio.engine.config import DataConfig
    from gptstudio.engine.trainer import Trainer
    from gptstudio.projects.store import ProjectStore

    data, model, train = tiny_settings(kind, mode, steps=steps)
    project = ProjectStore().create(name, text, data=DataConfig(
        tokenizer=kind, mode=mode, bpe_vocab_size=data.bpe_vocab_size))
    project.model, project.train = model, train
    project.save()
    Trainer(corpus=text, tokenizer=project.load_tokenizer(), data=project.data,
            model=project.model, train=project.train,
            checkpoint_dir=project.checkpoint_dir).run(lambda _event: None)
    return ProjectStore().open(name)


def copy_home(source: Path) -> None:
    """Put the projects of a home made once (a module fixture) into this test's home."""
    import shutil

    from gptstudio.projects.paths import projects_root

    shutil.copytree(source, projects_root(), dirs_exist_ok=True)
