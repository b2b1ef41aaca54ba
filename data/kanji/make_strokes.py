#!/usr/bin/python3
"""Regenerates data/kanji/strokes.bin from Debian's python3-kanjidraw package.

Usage (Debian or Ubuntu):
    apt-get install python3-kanjidraw
    python3 data/kanji/make_strokes.py [--max-strokes 10] [--out data/kanji/strokes.bin]

The table keeps every character of kanjidraw's data.json (derived from KanjiVG, CC BY-SA 3.0)
with at most --max-strokes strokes, sorted by code point: CJK ideographs are ordered by radical,
so neighbours in the table share radicals, which the kit uses as its "alphabets".

Binary layout (little-endian), read by MetaHarmony.Datasets.KanjiStrokeTable:
    4 bytes  magic "MHKS"
    1 byte   format version (1)
    2 bytes  character count
    then, for each character:
        4 bytes  Unicode code point
        1 byte   stroke count S
        S x 4 bytes  x1, y1, x2, y2 of each stroke, in drawing order, on a 0-255 grid
"""
import argparse
import json
import os
import struct

DATA = "/usr/lib/python3/dist-packages/kanjidraw/data.json"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-strokes", type=int, default=10)
    parser.add_argument("--data", default=DATA, help="kanjidraw's data.json")
    parser.add_argument(
        "--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "strokes.bin"))
    args = parser.parse_args()

    with open(args.data, encoding="utf-8") as f:
        by_count = json.load(f)
    table = {}
    for count, characters in by_count.items():
        if int(count) > args.max_strokes:
            continue
        for character, strokes in characters.items():
            if len(strokes) != int(count) or any(
                    len(s) != 4 or not all(0 <= v <= 255 for v in s) for s in strokes):
                raise SystemExit(f"unexpected strokes for {character!r}: {strokes}")
            table[ord(character)] = strokes

    out = bytearray(b"MHKS")
    out += struct.pack("<BH", 1, len(table))
    for code in sorted(table):
        strokes = table[code]
        out += struct.pack("<IB", code, len(strokes))
        for stroke in strokes:
            out += bytes(stroke)

    # Written beside the target, then renamed: a failed run leaves the old table intact.
    temporary = args.out + ".tmp"
    with open(temporary, "wb") as f:
        f.write(out)
    os.replace(temporary, args.out)
    strokes = sum(len(s) for s in table.values())
    print(f"{args.out}: {len(table)} characters, {strokes} strokes, {len(out)} bytes")


if __name__ == "__main__":
    main()
