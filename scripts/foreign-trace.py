#!/usr/bin/env python3
"""Writes a large Chrome trace of another program, to try the reader and the app on it.

    scripts/foreign-trace.py OUT.json SIZE_GB [--repeat-args]

4 processes of 8 threads; X slices with args, B/E pairs, async b/e spans, counters and
instants at random times, in the array form some tools write. Each X carries its own args
object ({"req": n}); with --repeat-args only 16 different ones, so that the memory of the
built trace can be told apart from the args' text it keeps (docs/performance.md).
"""
import random
import sys


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    path, target = sys.argv[1], int(float(sys.argv[2]) * (1 << 30))
    repeat = "--repeat-args" in sys.argv[3:]
    random.seed(1)
    names = ["parse", "handle_request", "db.query", "render", "serialize", "gc", "lock.wait",
             "io.read"]
    with open(path, "w", buffering=1 << 22) as out:
        out.write("[\n")
        for p in range(4):
            out.write('{"ph":"M","pid":%d,"name":"process_name","args":{"name":"server-%d"}},\n'
                      % (100 + p, p))
            for t in range(8):
                out.write('{"ph":"M","pid":%d,"tid":%d,"name":"thread_name",'
                          '"args":{"name":"worker-%d"}},\n' % (100 + p, 1000 + p * 10 + t, t))
        size, ts, n, aid = 0, 0.0, 0, 0
        while size < target:
            chunk = []
            for _ in range(2000):
                p, t = random.randrange(4), random.randrange(8)
                pid, tid = 100 + p, 1000 + p * 10 + t
                ts += random.random() * 3
                k = random.randrange(10)
                nm = names[random.randrange(8)]
                if k < 5:
                    chunk.append('{"ph":"X","cat":"app","name":"%s","pid":%d,"tid":%d,"ts":%.3f,'
                                 '"dur":1.5,"args":{"req":%d}}'
                                 % (nm, pid, tid, ts, n % 16 if repeat else n))
                elif k < 7:
                    chunk.append('{"ph":"B","cat":"app","name":"%s","pid":%d,"tid":%d,"ts":%.3f}'
                                 % (nm, pid, tid, ts))
                    chunk.append('{"ph":"E","pid":%d,"tid":%d,"ts":%.3f}' % (pid, tid, ts + 1.0))
                elif k < 8:
                    aid += 1
                    for ph, at in (("b", ts), ("e", ts + 50)):
                        chunk.append('{"ph":"%s","cat":"net","name":"fetch","id":"0x%x",'
                                     '"pid":%d,"tid":%d,"ts":%.3f}' % (ph, aid, pid, tid, at))
                elif k < 9:
                    chunk.append('{"ph":"C","name":"queue","pid":%d,"tid":%d,"ts":%.3f,'
                                 '"args":{"depth":%d}}' % (pid, tid, ts, random.randrange(64)))
                else:
                    chunk.append('{"ph":"i","cat":"app","name":"tick","s":"t","pid":%d,"tid":%d,'
                                 '"ts":%.3f}' % (pid, tid, ts))
                n += 1
            text = ",\n".join(chunk) + ",\n"
            out.write(text)
            size += len(text)
        out.write('{"ph":"i","name":"end","s":"g","pid":100,"tid":1000,"ts":%.3f}\n]\n' % (ts + 100))
    print("%s: %d events, %d bytes" % (path, n + 1, size))


if __name__ == "__main__":
    main()
