# Serves a counter on two unix sockets: one in a shared directory that outlives the container,
# one in a directory of the container's own file system.
import os, socket, selectors, sys, time

paths = sys.argv[1:]
selector = selectors.DefaultSelector()
for path in paths:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if os.path.exists(path):
        os.unlink(path)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen()
    selector.register(server, selectors.EVENT_READ)
print("listening", flush=True)
served = 0
while True:
    for key, _ in selector.select(timeout=0.05):
        connection, _ = key.fileobj.accept()
        served += 1
        connection.sendall(("served %d\n" % served).encode())
        connection.close()
