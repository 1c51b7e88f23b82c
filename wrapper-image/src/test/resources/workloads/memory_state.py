# Holds random data (32 MiB, or the MiB given as argument) and a counter in memory, and prints
# the counter every 50 ms and the data's digest every second.
import hashlib, os, sys, time

size_mib = int(sys.argv[1]) if len(sys.argv) > 1 else 32
data = bytearray(os.urandom(size_mib << 20))
digest = hashlib.sha256(data).hexdigest()
print("pid", os.getpid(), "digest", digest, flush=True)
i = 0
while True:
    print("count", i, flush=True)
    if i % 20 == 0:
        print("digest", hashlib.sha256(data).hexdigest(), flush=True)
    i += 1
    time.sleep(0.05)
