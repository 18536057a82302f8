#!/usr/bin/env python3
"""Embed a file in C: writes a .c file defining a byte array and its length.

Usage: embed_file.py INPUT OUTPUT.c SYMBOL
The VM uses it for the .beam files of its own Erlang modules (such as
vm/girder_io.erl), compiled by erlc during the build, so the library
carries them and needs no file at run time.
"""
import sys


def main():
    src, out, sym = sys.argv[1:4]
    data = open(src, "rb").read()
    with open(out, "w") as f:
        f.write(f"/* generated from {src.split('/')[-1]} by tools/embed_file.py; do not edit */\n")
        f.write("#include <stddef.h>\n\n")
        f.write(f"const unsigned char {sym}[] = {{\n")
        for i in range(0, len(data), 16):
            f.write("    " + ", ".join(str(b) for b in data[i:i + 16]) + ",\n")
        f.write("};\n")
        f.write(f"const size_t {sym}_len = {len(data)};\n")


if __name__ == "__main__":
    main()
