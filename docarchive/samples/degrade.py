"""Make clean renders look scanned: skew, grey paper, noise, blur, JPEG artefacts.

Every effect is drawn from the seed, so a (level, seed) pair always yields the same pixels.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter

LEVELS = ("clean", "light", "heavy")


@dataclass(frozen=True)
class Degradation:
    angle: float  # degrees counter-clockwise (PIL's sense); a deskewer should report its negative
    paper: int  # grey level that white paper becomes
    shade: float  # grey levels lost across the page: the lid of a scanner never closes evenly
    noise: float  # standard deviation of per-pixel gaussian noise, in grey levels
    blur: float  # gaussian radius in pixels at 200 dpi
    quality: int | None  # JPEG round-trip quality; None leaves the pixels lossless


def plan(level: str, seed: int) -> Degradation:
    """The effects ``degrade`` will apply for this level and seed."""
    rng = random.Random(f"degrade:{level}:{seed}")
    sign = rng.choice((-1, 1))
    if level == "clean":
        return Degradation(0.0, 255, 0.0, 0.0, 0.0, None)
    if level == "light":
        return Degradation(sign * rng.uniform(0.1, 1.0), rng.randint(236, 246), rng.uniform(0, 6),
                           rng.uniform(4, 7), 0.0, 75)
    if level == "heavy":
        return Degradation(sign * rng.uniform(2.0, 4.0), rng.randint(212, 226), rng.uniform(8, 18),
                           rng.uniform(12, 16), rng.uniform(0.7, 1.0), 45)
    raise ValueError(f"unknown degradation level {level!r}; expected one of {LEVELS}")


def degrade(image: Image.Image, level: str, seed: int) -> Image.Image:
    """A scanned-looking copy of ``image`` (same size and mode); ``clean`` returns it unchanged."""
    effects = plan(level, seed)
    if level == "clean":
        return image
    scale = image.width / 1654  # effects are tuned at 200 dpi
    # Bilinear: half the time of bicubic, and noise and JPEG hide the difference at scan resolutions.
    out = image.rotate(effects.angle, resample=Image.Resampling.BILINEAR, fillcolor=_white(image))
    out = _paper_and_noise(out, effects, seed)
    if effects.blur:
        out = out.filter(ImageFilter.GaussianBlur(effects.blur * scale))
    return _jpeg_round_trip(out, effects.quality) if effects.quality else out


def rotate_quarter(image: Image.Image, k: int) -> Image.Image:
    """Turn the page ``k`` quarter turns clockwise, as a sheet fed sideways or upside down.

    Making it upright again takes a clockwise rotation of ``(360 - 90 * k) % 360`` degrees.
    """
    turns = {0: None, 1: Image.Transpose.ROTATE_270, 2: Image.Transpose.ROTATE_180, 3: Image.Transpose.ROTATE_90}
    method = turns[k % 4]
    return image.copy() if method is None else image.transpose(method)


def _white(image: Image.Image) -> int | tuple[int, ...]:
    return 255 if len(image.getbands()) == 1 else (255,) * len(image.getbands())


def _paper_and_noise(image: Image.Image, effects: Degradation, seed: int) -> Image.Image:
    pixels = np.asarray(image, dtype=np.float32)
    pixels *= effects.paper / 255.0  # darkens paper, keeps black ink black
    shade = np.linspace(0.0, effects.shade, image.width, dtype=np.float32)
    pixels -= shade.reshape((1, -1) + (1,) * (pixels.ndim - 2))
    rng = np.random.default_rng(seed)
    pixels += rng.standard_normal(pixels.shape, dtype=np.float32) * effects.noise
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def _jpeg_round_trip(image: Image.Image, quality: int) -> Image.Image:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality)
    buffer.seek(0)
    with Image.open(buffer) as decoded:
        return decoded.convert(image.mode)
