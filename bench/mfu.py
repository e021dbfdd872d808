"""Model FLOPs utilisation: the share of a device's peak matrix throughput a training run uses.

Model FLOPs count what the model needs, not what a kernel happens to do (PaLM, Chowdhery et al.
2022, appendix B; nanoGPT's estimate_mfu): per token, 6 x the parameters in matrix products
(forward 2, backward 4) plus 12 x layers x context x width for attention's two products. The
position embedding is a lookup, not a product, and is left out.

GPU peaks are the dense (no sparsity) bf16/fp16 tensor figures of the vendors' data sheets; a
device not in the table needs --peak-tflops. A CPU's peak is measured (bench/peak.py: the best
square matrix product in the run's precision) and read from its JSON (--peak-file): "CPU MFU".
"""

from __future__ import annotations

# Substring of torch.cuda.get_device_name() -> dense bf16 TFLOP/s, most specific names first (the
# first match counts: "GH200" before "H200", "L40S" before "L40" before "L4"). Runs in fp32 are
# measured against the same bf16 peak: the precision the GPU target asks for.
PEAK_BF16_TFLOPS = (
    ("GH200", 989.4),
    ("H200", 989.4),
    ("H100 PCIe", 756.0),
    ("H100 NVL", 835.0),
    ("H100", 989.4),  # SXM / HBM3
    ("A100", 312.0),
    ("L40S", 362.1),
    ("L40", 181.0),
    ("L4", 121.0),
)


def flops_per_token(params: int, n_layer: int, n_embd: int, block_size: int) -> float:
    """Training FLOPs per token: 6 N + 12 L T C, N without the position embedding (T x C)."""
    matrix_params = params - block_size * n_embd
    return 6.0 * matrix_params + 12.0 * n_layer * block_size * n_embd


def peak_tflops(device: str) -> float | None:
    """The dense bf16 peak of a CUDA device described as "cuda (NAME)", None if unknown or CPU."""
    if not device.startswith("cuda"):
        return None
    for name, tflops in PEAK_BF16_TFLOPS:
        if name in device:
            return tflops
    return None


def mfu(tokens_per_s: float, per_token: float, peak: float | None) -> float | None:
    """Achieved model TFLOP/s over the peak, or None without a peak."""
    return round(tokens_per_s * per_token / (peak * 1e12), 4) if peak else None
