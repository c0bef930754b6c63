"""The OCR engine: Tesseract in process (tesserocr) reads as the tesseract command does; the
command is the fallback, chosen once."""

from __future__ import annotations

import logging

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extractors.readers.ocr import engine as ocr_engine
from extractors.readers.ocr.mend import mend_capital_j
from extractors.readers.ocr.reader import ocr_available

needs_tesseract = pytest.mark.skipif(ocr_available() is not None,
                                     reason="Tesseract with ind is not installed")


def _image(text: str) -> np.ndarray:
    image = Image.new("L", (900, 120), 255)
    try:
        font = ImageFont.truetype("DejaVuSans.ttf", 36)
    except OSError:
        font = ImageFont.load_default()
    ImageDraw.Draw(image).text((20, 35), text, fill=0, font=font)
    return np.asarray(image)


def test_tsv_is_parsed_into_columns() -> None:
    tsv = "1\t1\t0\t0\t0\t0\t0\t0\t900\t120\t-1\t\n5\t1\t1\t1\t1\t1\t20\t35\t200\t40\t95.5\tKINERJA\n"
    data = ocr_engine.parse_tsv(tsv)
    assert data["text"] == ["", "KINERJA"]
    assert data["conf"] == [-1.0, 95.5]
    assert (data["left"][1], data["top"][1], data["block_num"][1]) == (20, 35, 1)


def test_the_command_can_be_forced(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PK_OCR_ENGINE", "command")
    ocr_engine.engine.cache_clear()
    try:
        assert isinstance(ocr_engine.engine("ind+eng"), ocr_engine.Command)
    finally:
        ocr_engine.engine.cache_clear()


def test_without_the_binding_the_command_is_used_and_said_once(monkeypatch: pytest.MonkeyPatch,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    import builtins

    real_import = builtins.__import__

    def no_tesserocr(name: str, *args, **kwargs):  # noqa: ANN002, ANN003
        if name == "tesserocr":
            raise ImportError("no module named tesserocr")
        return real_import(name, *args, **kwargs)

    monkeypatch.delenv("PK_OCR_ENGINE", raising=False)
    monkeypatch.setattr(builtins, "__import__", no_tesserocr)
    ocr_engine.engine.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger=ocr_engine.__name__):
            first = ocr_engine.engine("ind+eng")
            second = ocr_engine.engine("ind+eng")
        assert isinstance(first, ocr_engine.Command) and second is first
        assert len([r for r in caplog.records if "tesseract command" in r.getMessage()]) == 1
    finally:
        ocr_engine.engine.cache_clear()


@needs_tesseract
def test_in_process_reads_what_the_command_reads() -> None:
    pytest.importorskip("tesserocr")
    folder = ocr_engine.tessdata_dir("ind+eng")
    assert folder is not None
    image = _image("PERJANJIAN KINERJA TAHUN 2021 90%")
    inproc = ocr_engine.InProcess(folder).image_data(image, "ind+eng", 6)
    command = ocr_engine.Command().image_data(image, "ind+eng", 6)

    def words(data: dict) -> list[tuple[str, int, int, int]]:
        rows = zip(data["text"], data["conf"], data["left"], data["top"], strict=True)
        return [(str(t), int(float(c)), int(x), int(y)) for t, c, x, y in rows if str(t).strip()]

    assert words(inproc) == words(command)
    assert [w[0] for w in words(inproc)] == ["PERJANJIAN", "KINERJA", "TAHUN", "2021", "90%"]


@needs_tesseract
def test_a_whitelist_holds_for_one_run_only() -> None:
    pytest.importorskip("tesserocr")
    engine = ocr_engine.InProcess(ocr_engine.tessdata_dir("ind+eng") or "")
    image = _image("TAHUN 2021")
    digits = engine.image_data(image, "ind+eng", 7, (("tessedit_char_whitelist", "0123456789"),))
    assert not any(ch.isalpha() for t in digits["text"] for ch in t)
    again = engine.image_data(image, "ind+eng", 7)
    assert "TAHUN" in again["text"]


@pytest.mark.parametrize("text, want", [
    ("Indeks Kepuasan Layanan PB)", "Indeks Kepuasan Layanan PBJ"),
    ("sistem e-lang BPPB). Dengan", "sistem e-lang BPPBJ. Dengan"),
    ("Layanan (PBJ)", "Layanan (PBJ)"),
    ("a) Penyerapan", "a) Penyerapan"),
])
def test_a_bracket_closing_nothing_after_capitals_is_a_j(text: str, want: str) -> None:
    assert mend_capital_j(text)[0] == want
