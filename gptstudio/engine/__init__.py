"""The GPT engine: pure PyTorch and numpy, no Qt.

Only the light modules are re-exported here so that importing the package never imports torch.
"""

import os

# Apple's MPS backend lacks some operators; with this set *before torch is imported* PyTorch runs
# them on the CPU instead of raising NotImplementedError (pytorch/pytorch#77764). A user's own
# setting (0 to see what is missing) is kept. Every engine module imports this package first.
os.environ.setdefault("PYTORCH_ENABLE_MPS_FALLBACK", "1")

from gptstudio.engine.config import DataConfig, ModelConfig, SampleConfig, TrainConfig  # noqa: E402
from gptstudio.engine.control import RunControl  # noqa: E402
from gptstudio.engine.errors import EngineError  # noqa: E402

__all__ = ["DataConfig", "EngineError", "ModelConfig", "RunControl", "SampleConfig", "TrainConfig"]
