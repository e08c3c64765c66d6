"""The multimodal network: time (1D CNN + Transformer), frequency, spectrogram (2D CNN), metadata, fusion.

Branches can be switched off for the ablations; a switched-off branch is absent from the graph,
but the exported full model always takes all four named inputs.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
from torch import nn

INPUT_NAMES = ("ecg", "fft", "spectrogram", "metadata")


@dataclass(frozen=True)
class NetConfig:
    leads: int = 12
    window_samples: int = 1000
    fft_bins: int = 400
    stft_bins: int = 33
    stft_frames: int = 59
    metadata_size: int = 8
    classes: int = 5
    use_fft: bool = True
    use_spectrogram: bool = True
    use_metadata: bool = True
    width: int = 64
    transformer_layers: int = 2
    heads: int = 4
    dropout: float = 0.2

    def to_dict(self) -> dict:
        return asdict(self)


class ResBlock1d(nn.Module):
    def __init__(self, c_in: int, c_out: int, stride: int, kernel: int = 7):
        super().__init__()
        pad = kernel // 2
        self.body = nn.Sequential(
            nn.Conv1d(c_in, c_out, kernel, stride, pad, bias=False), nn.BatchNorm1d(c_out), nn.ReLU(inplace=True),
            nn.Conv1d(c_out, c_out, kernel, 1, pad, bias=False), nn.BatchNorm1d(c_out))
        self.skip = (nn.Identity() if stride == 1 and c_in == c_out else
                     nn.Sequential(nn.Conv1d(c_in, c_out, 1, stride, bias=False), nn.BatchNorm1d(c_out)))
        self.act = nn.ReLU(inplace=True)

    def forward(self, x):
        return self.act(self.body(x) + self.skip(x))


class TimeBranch(nn.Module):
    """1D ResNet stem (1000 -> 125 steps) then a Transformer encoder over the steps."""

    def __init__(self, cfg: NetConfig):
        super().__init__()
        w = cfg.width
        # Stride 8 in three cheap steps: 1000 samples (10 s) -> 125 steps of 80 ms for the Transformer.
        self.cnn = nn.Sequential(
            nn.Conv1d(cfg.leads, w // 2, 15, 2, 7, bias=False), nn.BatchNorm1d(w // 2), nn.ReLU(inplace=True),
            ResBlock1d(w // 2, w, 2), ResBlock1d(w, w, 2), ResBlock1d(w, w, 1))
        steps = cfg.window_samples // 8
        self.position = nn.Parameter(torch.zeros(1, steps, w))
        layer = nn.TransformerEncoderLayer(w, cfg.heads, 2 * w, cfg.dropout, batch_first=True, norm_first=True)
        self.encoder = nn.TransformerEncoder(layer, cfg.transformer_layers, enable_nested_tensor=False)
        self.out_features = 2 * w

    def forward(self, x):
        h = self.cnn(x).transpose(1, 2)  # [B, steps, w]
        h = self.encoder(h + self.position)
        return torch.cat([h.mean(dim=1), h.amax(dim=1)], dim=1)


class AdaptiveAvgPool1dStatic(nn.Module):
    """nn.AdaptiveAvgPool1d with the same windows, written as slices so that the legacy ONNX exporter
    accepts an output size that does not divide the input size."""

    def __init__(self, output_size: int):
        super().__init__()
        self.output_size = output_size

    def forward(self, x):
        n, out = int(x.shape[-1]), self.output_size  # a constant in the exported graph
        bounds = [(i * n // out, ((i + 1) * n + out - 1) // out) for i in range(out)]
        return torch.stack([x.narrow(2, a, b - a).mean(dim=2) for a, b in bounds], dim=2)


class FrequencyBranch(nn.Module):
    """FFT log-magnitudes [B, 12, bins]: a small 1D CNN over frequency."""

    def __init__(self, cfg: NetConfig):
        super().__init__()
        w = cfg.width // 2
        self.net = nn.Sequential(
            nn.Conv1d(cfg.leads, w, 9, 2, 4, bias=False), nn.BatchNorm1d(w), nn.ReLU(inplace=True),
            nn.Conv1d(w, w, 9, 2, 4, bias=False), nn.BatchNorm1d(w), nn.ReLU(inplace=True),
            nn.Conv1d(w, w, 9, 2, 4, bias=False), nn.BatchNorm1d(w), nn.ReLU(inplace=True),
            AdaptiveAvgPool1dStatic(8), nn.Flatten())
        self.out_features = w * 8

    def forward(self, x):
        return self.net(x)


class SpectrogramBranch(nn.Module):
    """Spectrogram [B, 12, bins, frames]: a 2D CNN with the leads as channels."""

    def __init__(self, cfg: NetConfig):
        super().__init__()
        w = cfg.width // 2

        def block(c_in, c_out):
            return nn.Sequential(nn.Conv2d(c_in, c_out, 3, 1, 1, bias=False), nn.BatchNorm2d(c_out),
                                 nn.ReLU(inplace=True), nn.MaxPool2d(2))

        self.net = nn.Sequential(block(cfg.leads, w), block(w, w), block(w, 2 * w),
                                 nn.AdaptiveAvgPool2d(1), nn.Flatten())
        self.out_features = 2 * w

    def forward(self, x):
        return self.net(x)


class MetadataBranch(nn.Module):
    def __init__(self, cfg: NetConfig):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(cfg.metadata_size, 32), nn.ReLU(inplace=True), nn.Linear(32, 32),
                                 nn.ReLU(inplace=True))
        self.out_features = 32

    def forward(self, x):
        return self.net(x)


class EcgNet(nn.Module):
    """Outputs logits [B, classes]; the exported graph appends a sigmoid (see export.py)."""

    def __init__(self, cfg: NetConfig = NetConfig()):
        super().__init__()
        self.cfg = cfg
        self.time = TimeBranch(cfg)
        self.fft = FrequencyBranch(cfg) if cfg.use_fft else None
        self.spectrogram = SpectrogramBranch(cfg) if cfg.use_spectrogram else None
        self.metadata = MetadataBranch(cfg) if cfg.use_metadata else None
        fused = self.time.out_features + sum(
            b.out_features for b in (self.fft, self.spectrogram, self.metadata) if b is not None)
        self.head = nn.Sequential(nn.Dropout(cfg.dropout), nn.Linear(fused, 128), nn.ReLU(inplace=True),
                                  nn.Dropout(cfg.dropout), nn.Linear(128, cfg.classes))

    def forward(self, ecg, fft, spectrogram, metadata):
        parts = [self.time(ecg)]
        if self.fft is not None:
            parts.append(self.fft(fft))
        if self.spectrogram is not None:
            parts.append(self.spectrogram(spectrogram))
        if self.metadata is not None:
            parts.append(self.metadata(metadata))
        return self.head(torch.cat(parts, dim=1))


class ProbabilityModel(nn.Module):
    """What serving runs: sigmoid probabilities; unused inputs still appear so every variant has one signature."""

    def __init__(self, net: EcgNet):
        super().__init__()
        self.net = net

    def forward(self, ecg, fft, spectrogram, metadata):
        return torch.sigmoid(self.net(ecg, fft, spectrogram, metadata))


class MeanEnsemble(nn.Module):
    """Several trained networks as one graph: the mean of their probabilities.

    Same inputs and output as ProbabilityModel, so serving cannot tell the difference except by cost
    (one forward pass per member).
    """

    def __init__(self, members: list[ProbabilityModel]):
        super().__init__()
        if not members:
            raise ValueError("an ensemble needs at least one member")
        self.members = nn.ModuleList(members)
        self.net = members[0].net  # the shared architecture, for the card

    def forward(self, ecg, fft, spectrogram, metadata):
        return torch.stack([m(ecg, fft, spectrogram, metadata) for m in self.members]).mean(dim=0)
