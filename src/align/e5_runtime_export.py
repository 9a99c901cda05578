"""The one-off steps behind ``align.e5_runtime`` that need torch: ONNX export and int8 variants.

Kept apart so that the default runtime never imports torch, transformers or
sentence-transformers (about 12 s of imports here) once its folder exists.
"""

from __future__ import annotations

from pathlib import Path

from align import bundled_e5
from align.errors import ModelError

OPSET = 17  # onnxruntime 1.32 runs it; the TorchScript exporter's best-tested opset


def export_encoder(source: Path, target: Path) -> None:
    """Write the converted folder's 12 layers plus mean pooling to ``target`` as ONNX.

    The graph takes word vectors (``inputs_embeds``, (batch, tokens, 384) float32) and the
    attention mask, so the 250,037-row word table stays outside it, in 4-bit form. Eager
    attention exports to plain MatMul/Softmax that onnxruntime fuses when it opens the session.
    """
    try:
        module = _pooled_encoder(source)
        _export(module, target)
    except Exception as exc:  # a broken source folder fails somewhere in torch or transformers
        raise ModelError(
            f"cannot export the e5 encoder from {source}: {type(exc).__name__}: {exc}; "
            + bundled_e5.FIX.format(path=source)
        ) from exc


def _pooled_encoder(source: Path):  # -> torch.nn.Module
    """BertModel from ``source`` with sentence-transformers' mean pooling on top."""
    import torch
    from transformers import BertModel
    from transformers.utils import logging

    bundled_e5.force_offline()
    logging.disable_progress_bar()
    bert = BertModel.from_pretrained(str(source), attn_implementation="eager").eval()

    class PooledEncoder(torch.nn.Module):
        """Mean of the last hidden states over the tokens the mask keeps, as pooling_mode mean."""

        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, inputs_embeds, attention_mask):
            hidden = self.bert(inputs_embeds=inputs_embeds, attention_mask=attention_mask)
            mask = attention_mask.unsqueeze(-1).to(hidden.last_hidden_state.dtype)
            total = (hidden.last_hidden_state * mask).sum(1)
            return total / mask.sum(1).clamp(min=1e-9)

    return PooledEncoder().eval()


def _export(module, target: Path) -> None:
    """TorchScript export with batch and token axes left free."""
    import warnings

    import torch

    words = torch.zeros(2, 7, module.bert.config.hidden_size)
    mask = torch.ones(2, 7, dtype=torch.int64)
    axes = {"inputs_embeds": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"}}
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer notes on shape checks that are constant here
        torch.onnx.export(
            module,
            (words, mask),
            str(target),
            dynamo=False,
            input_names=list(axes),
            output_names=["pooled"],
            dynamic_axes=axes | {"pooled": {0: "batch"}},
            opset_version=OPSET,
        )


def quantise_encoder(source: Path, target: Path) -> None:
    """Dynamic int8 quantisation of the encoder's MatMul weights (per output channel)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(
        str(source),
        str(target),
        weight_type=QuantType.QInt8,
        per_channel=True,  # per-tensor loses more: lowest cosine 0.98 vs 0.993 on 128 sentences
        extra_options={"DefaultTensorType": 1},  # float, where shape inference gives no type
    )


def quantise_torch(model):  # SentenceTransformer -> SentenceTransformer
    """PyTorch dynamic int8 quantisation of every Linear layer, in place; returns the model."""
    import torch
    from torch.ao.quantization import quantize_dynamic

    return quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8, inplace=True)
