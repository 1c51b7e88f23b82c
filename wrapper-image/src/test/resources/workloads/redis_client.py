# Stores a key in redis at 127.0.0.1:6379 over one connection and keeps that connection open.
import socket, sys, time

key, value = sys.argv[1], sys.argv[2]
connection = socket.create_connection(("127.0.0.1", 6379))
command = "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n" % (len(key), key, len(value), value)
connection.sendall(command.encode())
print(connection.recv(100).decode().strip(), flush=True)
time.sleep(3600)
