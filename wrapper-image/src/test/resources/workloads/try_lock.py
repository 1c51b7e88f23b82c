# Prints "free" when the lock on /tmp/app.lock can be taken, else "held".
import fcntl

lock = open("/tmp/app.lock", "w")
try:
    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    print("free")
except BlockingIOError:
    print("held")
