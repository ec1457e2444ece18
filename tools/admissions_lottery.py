#!/usr/bin/env python3
"""admissions_lottery.py: the lottery numbers `tabula admissions match` draws,
recomputed without Tabula, so that anyone can check a published placement.

    tools/admissions_lottery.py SEED ID...      one line per id: ID NUMBER

An applicant without a "lottery" in the input gets (docs/admissions.md):

    key    = first 16 bytes of BLAKE2b-256(b"tabula-admissions-lottery:" + SEED in decimal)
    number = SipHash-2-4(key, ID as UTF-8) >> 11          (0 .. 2**53 - 1)

SipHash's 64-bit result is read as a little-endian integer, as in the
reference implementation. Python's standard library has BLAKE2b but no
SipHash-2-4, so it is written out below (Aumasson and Bernstein, 2012).
"""
import hashlib
import struct
import sys

MASK = (1 << 64) - 1


def _rotl(x, b):
    return ((x << b) | (x >> (64 - b))) & MASK


def siphash24(key: bytes, msg: bytes) -> int:
    k0, k1 = struct.unpack("<QQ", key)
    v = [k0 ^ 0x736F6D6570736575, k1 ^ 0x646F72616E646F6D,
         k0 ^ 0x6C7967656E657261, k1 ^ 0x7465646279746573]

    def rounds(n):
        for _ in range(n):
            v[0] = (v[0] + v[1]) & MASK; v[1] = _rotl(v[1], 13) ^ v[0]; v[0] = _rotl(v[0], 32)
            v[2] = (v[2] + v[3]) & MASK; v[3] = _rotl(v[3], 16) ^ v[2]
            v[0] = (v[0] + v[3]) & MASK; v[3] = _rotl(v[3], 21) ^ v[0]
            v[2] = (v[2] + v[1]) & MASK; v[1] = _rotl(v[1], 17) ^ v[2]; v[2] = _rotl(v[2], 32)

    whole = len(msg) // 8 * 8
    blocks = [struct.unpack("<Q", msg[i:i + 8])[0] for i in range(0, whole, 8)]
    last = (len(msg) & 0xFF) << 56
    for i, c in enumerate(msg[whole:]):
        last |= c << (8 * i)
    for m in blocks + [last]:
        v[3] ^= m
        rounds(2)
        v[0] ^= m
    v[2] ^= 0xFF
    rounds(4)
    return v[0] ^ v[1] ^ v[2] ^ v[3]


def lottery(seed: int, applicant_id: str) -> int:
    key = hashlib.blake2b(b"tabula-admissions-lottery:%d" % seed, digest_size=32).digest()[:16]
    return siphash24(key, applicant_id.encode("utf-8")) >> 11


def main(argv):
    if len(argv) < 3 or not argv[1].isdigit():
        print("usage: admissions_lottery.py SEED ID...", file=sys.stderr)
        return 2
    for applicant_id in argv[2:]:
        print(applicant_id, lottery(int(argv[1]), applicant_id))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
