#!/usr/bin/env python3
"""wycheproof_lines.py DIR: the Wycheproof P-256 vectors in DIR as plain
lines for tests/unit/test_wycheproof.c (the JSON files hold more tokens
than our own parser takes).  One line per file, then one per test case:

  F <file name> <numberOfTests>
  S <tcId> <sha: 256|512> <result> <public key> <msg> <sig> <flags>
  D <tcId> <result> <public point> <private key> <shared secret> <flags>

S is ECDSA verification, D is ECDH.  Byte strings are lowercase hex as
in the files, "-" when empty; flags are joined with ",", "-" when none;
result is valid, invalid or acceptable.  Nothing is decided here: every
case of every group is written as it is, and the C test checks the
counts against numberOfTests.
"""
import json
import os
import sys

FILES = (
    "ecdsa_secp256r1_sha256_test.json",
    "ecdsa_secp256r1_sha512_test.json",
    "ecdh_secp256r1_ecpoint_test.json",
)
SHA = {"SHA-256": "256", "SHA-512": "512"}


def field(s):
    """A hex (or flag) field: '-' stands for the empty string."""
    if any(c.isspace() for c in s):
        sys.exit("wycheproof_lines: blank inside a field: %r" % s)
    return s if s else "-"


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: wycheproof_lines.py DIR")
    out = []
    for name in FILES:
        with open(os.path.join(sys.argv[1], name), encoding="utf-8") as f:
            j = json.load(f)
        out.append("F %s %d" % (name, j["numberOfTests"]))
        for g in j["testGroups"]:
            for t in g["tests"]:
                flags = field(",".join(t["flags"]))
                if g["type"] == "EcdsaVerify":
                    if g["publicKey"]["curve"] != "secp256r1":
                        sys.exit("wycheproof_lines: %s: curve %s"
                                 % (name, g["publicKey"]["curve"]))
                    out.append("S %d %s %s %s %s %s %s" % (
                        t["tcId"], SHA[g["sha"]], t["result"],
                        field(g["publicKey"]["uncompressed"]),
                        field(t["msg"]), field(t["sig"]), flags))
                elif g["type"] == "EcdhEcpointTest":
                    if g["curve"] != "secp256r1":
                        sys.exit("wycheproof_lines: %s: curve %s"
                                 % (name, g["curve"]))
                    out.append("D %d %s %s %s %s %s" % (
                        t["tcId"], t["result"], field(t["public"]),
                        field(t["private"]), field(t["shared"]), flags))
                else:
                    sys.exit("wycheproof_lines: %s: group type %s"
                             % (name, g["type"]))
    sys.stdout.write("\n".join(out) + "\n")


main()
