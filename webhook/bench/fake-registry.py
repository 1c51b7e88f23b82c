#!/usr/bin/env python3
"""Serves one image over the OCI distribution API on 127.0.0.1, for the admission benchmark.

Usage: fake-registry.py PORT_FILE
Binds a free port on 127.0.0.1, writes the port number to PORT_FILE, and serves
bench/app:1.0 (a manifest and its config blob) until it is killed.
"""
import hashlib
import http.server
import json
import sys

CONFIG = json.dumps({
    "architecture": "amd64",
    "os": "linux",
    "config": {"Entrypoint": ["/usr/bin/tini", "--"], "Cmd": ["/app/server", "--port=8080"]},
}).encode()
CONFIG_DIGEST = "sha256:" + hashlib.sha256(CONFIG).hexdigest()
MANIFEST = json.dumps({
    "schemaVersion": 2,
    "mediaType": "application/vnd.oci.image.manifest.v1+json",
    "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": CONFIG_DIGEST, "size": len(CONFIG)},
    "layers": [],
}).encode()

ROUTES = {
    "/v2/bench/app/manifests/1.0": ("application/vnd.oci.image.manifest.v1+json", MANIFEST),
    "/v2/bench/app/blobs/" + CONFIG_DIGEST: ("application/vnd.oci.image.config.v1+json", CONFIG),
}


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        route = ROUTES.get(self.path)
        if route is None:
            self.send_response(404)
            self.end_headers()
            return
        content_type, body = route
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        sys.stderr.write("fake-registry: " + (format % args) + "\n")


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(sys.argv[1], "w") as port_file:
    port_file.write(str(server.server_address[1]))
server.serve_forever()
