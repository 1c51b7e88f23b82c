# Connects to a unix socket and prints what the server sends.
import socket, sys

client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
client.connect(sys.argv[1])
print(client.recv(100).decode().strip())
