# Holds 32 MiB of random data and a counter in memory, and prints both every 50 ms.
import hashlib, os, sys, time

data = bytearray(os.urandom(32 << 20))
digest = hashlib.sha256(data).hexdigest()
print("pid", os.getpid(), "digest", digest, flush=True)
i = 0
while True:
    print("count", i, flush=True)
    if i % 20 == 0:
        print("digest", hashlib.sha256(data).hexdigest(), flush=True)
    i += 1
    time.sleep(0.05)
