#!/usr/bin/env python3
"""readme_blocks.py README OUTDIR - write every fenced code block of README.

OUTDIR/NN.LANG holds block NN's text (LANG "txt" for a bare fence) and
OUTDIR/index has one line per block: "NN LANG LINE HEADING", where LINE is
the fence's line number and HEADING the nearest heading above it.  Exit 1
when a fence is not closed.
"""

import os
import sys


def main(argv):
	readme, out = argv
	os.makedirs(out, exist_ok=True)
	heading = "-"
	blocks = []
	cur = None
	with open(readme, encoding="utf-8") as f:
		for n, line in enumerate(f, 1):
			if cur is None:
				if line.startswith("#"):
					heading = line.strip("# \n")
				elif line.startswith("```"):
					cur = [line[3:].strip() or "txt", n, heading, []]
			elif line.startswith("```"):
				blocks.append(cur)
				cur = None
			else:
				cur[3].append(line)
	if cur is not None:
		sys.stderr.write("unclosed fence at line %d\n" % cur[1])
		return 1
	with open(os.path.join(out, "index"), "w", encoding="utf-8") as idx:
		for i, (lang, n, h, lines) in enumerate(blocks, 1):
			with open(os.path.join(out, "%02d.%s" % (i, lang)), "w",
			    encoding="utf-8") as b:
				b.write("".join(lines))
			idx.write("%02d %s %d %s\n" % (i, lang, n, h))
	return 0


if __name__ == "__main__":
	sys.exit(main(sys.argv[1:]))
