"""The GPT engine: pure PyTorch and numpy, no Qt.

Only the light modules are re-exported here so that importing the package never imports torch.
"""

from gptstudio.engine.config import DataConfig, ModelConfig, SampleConfig, TrainConfig
from gptstudio.engine.control import RunControl
from gptstudio.engine.errors import EngineError

__all__ = ["DataConfig", "EngineError", "ModelConfig", "RunControl", "SampleConfig", "TrainConfig"]
