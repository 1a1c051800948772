"""Render rallydesk/resources/icons/rallydesk.svg to the raster icons the platforms want.

Run after changing the SVG, commit what it writes:
  packaging/linux/icons/hicolor/<N>x<N>/apps/rallydesk.png  (16 … 256, the freedesktop sizes)
  packaging/windows/rallydesk.ico                            (16 … 256, PNG entries, Vista and later)
  packaging/macos/rallydesk.icns                             (16 … 1024, PNG entries)
Qt's QSvgRenderer draws them, so no other image library is needed.

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icons.py
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "rallydesk" / "resources" / "icons" / "rallydesk.svg"
LINUX_SIZES = (16, 22, 24, 32, 48, 64, 128, 256)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
#: icns chunk types holding PNG data, by pixel size
ICNS_TYPES = (
    (16, b"icp4"),
    (32, b"icp5"),
    (64, b"icp6"),
    (128, b"ic07"),
    (256, b"ic08"),
    (512, b"ic09"),
    (1024, b"ic10"),
)


def render(renderer: QSvgRenderer, size: int) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def ico(pngs: dict[int, bytes]) -> bytes:
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = 6 + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, png in sorted(pngs.items()):
        dim = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(png), offset + len(blobs))
        blobs += png
    return header + entries + blobs


def icns(pngs: dict[int, bytes]) -> bytes:
    body = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for size, kind in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"{SVG}: not a valid SVG", file=sys.stderr)
        return 1
    sizes = sorted(set(LINUX_SIZES) | set(ICO_SIZES) | {s for s, _ in ICNS_TYPES})
    pngs = {size: render(renderer, size) for size in sizes}
    for size in LINUX_SIZES:
        out = (
            ROOT
            / "packaging"
            / "linux"
            / "icons"
            / "hicolor"
            / f"{size}x{size}"
            / "apps"
            / "rallydesk.png"
        )
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(pngs[size])
    scalable = (
        ROOT / "packaging" / "linux" / "icons" / "hicolor" / "scalable" / "apps" / "rallydesk.svg"
    )
    scalable.parent.mkdir(parents=True, exist_ok=True)
    scalable.write_bytes(SVG.read_bytes())
    (ROOT / "packaging" / "windows" / "rallydesk.ico").write_bytes(
        ico({s: pngs[s] for s in ICO_SIZES})
    )
    (ROOT / "packaging" / "macos" / "rallydesk.icns").write_bytes(icns(pngs))
    print("icons written", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
