#!/usr/bin/python3
"""A small HTTPS/1.1 server for the curl cases, on Python's ssl module (OpenSSL): keep-alive,
GET of files under --root, PUT stores the body under --root, POST answers the body's length and
SHA-256. Listens on 127.0.0.1 only, on a free port unless --port is given, and prints
"listening on 127.0.0.1:PORT". One line per connection and per request goes to stderr (TLS
version, ALPN, client certificate subject), so that a test can check what was negotiated.
Stops by itself after --lifetime seconds."""

import argparse
import hashlib
import http.server
import os
import ssl
import sys
import threading

VERSIONS = {"1.2": ssl.TLSVersion.TLSv1_2, "1.3": ssl.TLSVersion.TLSv1_3}


def log(text):
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive unless the client says otherwise

    def setup(self):
        self.request.settimeout(30)
        self.request.do_handshake()  # here, in the connection's thread, not in accept()
        super().setup()
        tls = self.connection
        peer = tls.getpeercert()
        subject = ",".join("%s=%s" % pair[0] for pair in peer["subject"]) if peer else "none"
        log("connection %d: %s, alpn %s, client certificate %s"
            % (self.client_address[1], tls.version(), tls.selected_alpn_protocol(), subject))

    def log_message(self, format, *args):
        pass  # one line per request is written below instead

    def path_under_root(self):
        path = os.path.normpath(self.path.split("?", 1)[0]).lstrip("/")
        if path.startswith(".."):
            return None
        return os.path.join(self.server.root, path)

    def reply(self, code, body, content_type="text/plain"):
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def read_body(self, sink):
        """Feeds the request body to sink in chunks; returns (length, sha256 hex)."""
        length = int(self.headers.get("Content-Length", "-1"))
        if length < 0:
            return None
        digest = hashlib.sha256()
        left = length
        while left > 0:
            chunk = self.rfile.read(min(left, 65536))
            if not chunk:
                raise ConnectionError("body ended %d bytes early" % left)
            digest.update(chunk)
            sink(chunk)
            left -= len(chunk)
        return length, digest.hexdigest()

    def do_GET(self):
        path = self.path_under_root()
        if not path or not os.path.isfile(path):
            self.reply(404, b"not found\n")
            log("GET %s: 404 (connection %d)" % (self.path, self.client_address[1]))
            return
        size = os.path.getsize(path)
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        with open(path, "rb") as f:
            while True:
                chunk = f.read(65536)
                if not chunk:
                    break
                self.wfile.write(chunk)
        log("GET %s: %d bytes (connection %d)" % (self.path, size, self.client_address[1]))

    def do_PUT(self):
        path = self.path_under_root()
        if not path:
            self.reply(403, b"forbidden\n")
            return
        with open(path + ".part", "wb") as f:
            result = self.read_body(f.write)
        if result is None:
            self.reply(411, b"Content-Length required\n")
            return
        os.replace(path + ".part", path)
        log("PUT %s: %d bytes, sha256 %s" % (self.path, result[0], result[1]))
        self.reply(201, ("length %d\nsha256 %s\n" % result).encode())

    def do_POST(self):
        result = self.read_body(lambda chunk: None)
        if result is None:
            self.reply(411, b"Content-Length required\n")
            return
        log("POST %s: %d bytes, sha256 %s" % (self.path, result[0], result[1]))
        self.reply(200, ("length %d\nsha256 %s\n" % result).encode())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cert", required=True, help="certificate chain (PEM)")
    parser.add_argument("--key", required=True, help="private key (PEM)")
    parser.add_argument("--root", default=".", help="directory for GET and PUT")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--tls-min", choices=VERSIONS, default="1.2")
    parser.add_argument("--tls-max", choices=VERSIONS, default="1.3")
    parser.add_argument("--alpn", help="protocols accepted, comma-separated")
    parser.add_argument("--client-ca", help="require a client certificate issued by this CA")
    parser.add_argument("--lifetime", type=int, default=120, help="seconds before stopping")
    parser.add_argument("--sha1-client-signatures", action="store_true",
                        help="accept TLS 1.2 client signatures with SHA-1, as Windows servers do")
    args = parser.parse_args()

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = VERSIONS[args.tls_min]
    context.maximum_version = VERSIONS[args.tls_max]
    context.load_cert_chain(args.cert, args.key)
    if args.alpn:
        context.set_alpn_protocols(args.alpn.split(","))
    if args.client_ca:
        context.verify_mode = ssl.CERT_REQUIRED
        context.load_verify_locations(args.client_ca)
    if args.sha1_client_signatures:
        # OpenSSL 3 refuses SHA-1 signatures above security level 0.
        context.set_ciphers("DEFAULT:@SECLEVEL=0")

    class Server(http.server.ThreadingHTTPServer):
        daemon_threads = True

        def get_request(self):
            sock, address = self.socket.accept()
            return context.wrap_socket(sock, server_side=True,
                                       do_handshake_on_connect=False), address

    server = Server(("127.0.0.1", args.port), Handler)
    server.root = args.root
    # A failed handshake (the client refused our certificate) is reported, not a traceback.
    server.handle_error = lambda request, address: log("connection %d: %s" % (
        address[1], sys.exc_info()[1]))
    print("listening on 127.0.0.1:%d" % server.server_address[1], flush=True)
    threading.Timer(args.lifetime, server.shutdown).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
