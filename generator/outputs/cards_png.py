"""A minimal PNG writer for palette cards whose rows mostly repeat a per-site background.

Every card of one site (and accent) shares most rows with a background: all but the rows
with its text. Runs of background rows are compressed once, as raw deflate pieces that
end on a full flush (no back-references across a piece), and spliced between the card's
own pieces: one valid zlib stream in one IDAT chunk, the same bytes for the same rows in
every process (for a given zlib).
"""

from __future__ import annotations

import struct
import zlib

LEVEL = 2  # deflate level: close to 1 in time, a tenth smaller; 6 takes three times as long
_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_ZLIB_HEADER = b"\x78\x01"  # deflate, 32K window ("fastest" hint); 0x7801 % 31 == 0


def _chunk(kind: bytes, data: bytes) -> bytes:
    """One PNG chunk: length, type, data, CRC."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _deflate(data: bytes, final: bool) -> bytes:
    """Raw deflate of ``data`` on its own, ending byte-aligned (full flush) or with the last block."""
    packer = zlib.compressobj(LEVEL, zlib.DEFLATED, -15, 8)
    return packer.compress(data) + packer.flush(zlib.Z_FINISH if final else zlib.Z_FULL_FLUSH)


def adler32_combine(first: int, second: int, length: int) -> int:
    """The Adler-32 of two byte strings in a row from theirs (zlib's adler32_combine)."""
    base = 65521
    rem = length % base
    low = first & 0xFFFF
    high = rem * low % base
    low = (low + (second & 0xFFFF) + base - 1) % base
    high = (high + (first >> 16) + (second >> 16) + base - rem) % base
    return high << 16 | low


class Background:
    """The rows every card of a site shares, and their compressed pieces (kept by row range).

    ``pixels`` are PNG rows of ``row`` bytes each: the filter byte (0, none), then one
    8-bit palette index per pixel.
    """

    def __init__(self, pixels: bytes, row: int, palette: list[int]) -> None:
        self.pixels, self.row = pixels, row
        self.height = len(pixels) // row
        ihdr = struct.pack(">IIBBBBB", row - 1, self.height, 8, 3, 0, 0, 0)  # 8-bit palette
        self.start = _SIGNATURE + _chunk(b"IHDR", ihdr)
        self.palette = _chunk(b"PLTE", bytes(palette))
        self._pieces: dict[tuple[int, int, bool], tuple[bytes, int, int]] = {}

    def piece(self, start: int, end: int, final: bool) -> tuple[bytes, int, int]:
        """Rows ``[start, end)``: their deflate piece, Adler-32 and length (kept: cards repeat them)."""
        key = (start, end, final)
        if key not in self._pieces:
            if len(self._pieces) >= 4096:
                self._pieces.clear()
            raw = self.pixels[start * self.row : end * self.row]
            self._pieces[key] = (_deflate(raw, final), zlib.adler32(raw), len(raw))
        return self._pieces[key]

    def png(self, rows: list[tuple[int, bytes]], palette: list[int] | None = None) -> bytes:
        """The PNG of the background with some of its rows replaced.

        ``rows`` holds (first row, whole rows) in order, not overlapping; ``palette``
        replaces the background's (a card with one extra colour).
        """
        packer = zlib.compressobj(LEVEL, zlib.DEFLATED, -15, 8)
        out = [_ZLIB_HEADER]
        adler, done = 1, 0
        for start, band in rows:
            if start > done:
                piece, piece_adler, length = self.piece(done, start, final=False)
                out.append(piece)
                adler = adler32_combine(adler, piece_adler, length)
            out.append(packer.compress(band))
            out.append(packer.flush(zlib.Z_FULL_FLUSH))  # what follows refers to nothing before
            adler = zlib.adler32(band, adler)
            done = start + len(band) // self.row
        piece, piece_adler, length = self.piece(done, self.height, final=True)
        out.append(piece)
        out.append(struct.pack(">I", adler32_combine(adler, piece_adler, length)))
        plte = self.palette if palette is None else _chunk(b"PLTE", bytes(palette))
        return self.start + plte + _chunk(b"IDAT", b"".join(out)) + _chunk(b"IEND", b"")
