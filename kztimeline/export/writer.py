"""Writing a figure to PNG or SVG: exact size, no timestamps, and never a partial file.

The picture is written to a temporary file beside the target and renamed over it only once complete
(`atomicwrite`), so a failure or a kill never leaves a partial file, nor, after the next export, a temporary one.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize
from PySide6.QtGui import QImage, QPainter

from ..atomicwrite import AtomicWriteError, write_atomically
from ..model.entities import Dataset
from .figure import Figure, FigureOptions

FORMATS = (".png", ".svg")


class ExportError(Exception):
    """One line to show the user."""


def render_image(dataset: Dataset, options: FigureOptions) -> QImage:
    image = QImage(options.width, options.height, QImage.Format.Format_RGB32)
    image.setDotsPerMeterX(11811)  # 300 dpi: print programs size the figure sensibly
    image.setDotsPerMeterY(11811)
    painter = QPainter(image)
    Figure(dataset, options).paint(painter)
    painter.end()
    return image


def png_bytes(dataset: Dataset, options: FigureOptions) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # the stub says format is bytes, but PySide6 takes only a str here (it rejects b"PNG")
    if not render_image(dataset, options).save(buffer, "PNG"):  # type: ignore[call-overload]
        raise ExportError("could not encode the PNG")
    return bytes(buffer.data().data())


def svg_bytes(dataset: Dataset, options: FigureOptions) -> bytes:
    from PySide6.QtSvg import QSvgGenerator

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(QSize(options.width, options.height))
    generator.setViewBox(QRectF(0, 0, options.width, options.height))
    generator.setTitle(dataset.title)
    generator.setDescription(f"kztimeline figure, data {dataset.digest}")
    painter = QPainter(generator)
    Figure(dataset, options).paint(painter)
    painter.end()
    return bytes(data.data())


def write_figure(dataset: Dataset, options: FigureOptions, path: Path) -> None:
    """Render and write atomically; ExportError with one line if the path is unusable."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ExportError(f"cannot write '{path.name}': the name must end in .png or .svg")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"cannot write '{path}': folder '{folder}' does not exist")
    payload = png_bytes(dataset, options) if suffix == ".png" else svg_bytes(dataset, options)
    try:
        write_atomically(path, payload)
    except AtomicWriteError as exc:
        raise ExportError(str(exc)) from None
