# Holds an exclusive flock on a file and counts.
import fcntl, os, time

lock = open("/tmp/app.lock", "w")
fcntl.flock(lock, fcntl.LOCK_EX)
print("locked", flush=True)
i = 0
while True:
    print("count", i, flush=True)
    i += 1
    time.sleep(0.05)
