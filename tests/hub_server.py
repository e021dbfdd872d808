"""A stand-in for the Hugging Face Hub on 127.0.0.1, for testing downloads with no network.

It answers the requests huggingface_hub makes to download a model, as huggingface.co does:

    GET  /api/models/{repo}/revision/{rev}     the repository's commit and files (sizes, hashes)
    GET  /api/models/{repo}/tree/{rev}         its files, as snapshot_download lists them
    HEAD /{repo}/resolve/{rev}/{file}          the file's metadata (X-Repo-Commit, ETag, size)
    GET  /{repo}/resolve/{rev}/{file}          the file, or a part of it (Range: bytes=N-)

Large files are "LFS" files, whose ETag is the sha256 of their content (X-Linked-Etag); small ones
are git blobs, whose ETag is git's sha1. A test can make it misbehave: drop the connection part way
through a file, serve a file with one byte changed, or send slowly.
"""

from __future__ import annotations

import hashlib
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

LFS_SUFFIXES = (".safetensors", ".bin", ".h5", ".msgpack")


def git_blob_sha1(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


@dataclass
class StoredFile:
    data: bytes

    @property
    def lfs(self) -> bool:
        return False

    def etag(self) -> str:
        return git_blob_sha1(self.data)


@dataclass
class LfsFile(StoredFile):
    @property
    def lfs(self) -> bool:
        return True

    def etag(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass
class Repo:
    files: dict[str, StoredFile]
    commit: str


@dataclass
class Faults:
    drop_after: dict[str, int] = field(default_factory=dict)  # file -> bytes, once: then closes
    corrupt: set[str] = field(default_factory=set)  # files served with one byte flipped
    bytes_per_second: float = 0.0  # 0 = as fast as it goes
    chunk: int = 64 * 1024


class ClosingHTTPServer(ThreadingHTTPServer):
    """A threading HTTP server whose server_close() also ends the connections clients keep open
    (HTTP/1.1 keep-alive: Hugging Face's client pools them), then waits for their threads: a
    test's server leaves no thread behind it."""

    daemon_threads = False  # so server_close() joins them

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()

    def process_request(self, request, client_address):
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request):
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def server_close(self):
        with self._open_lock:
            still_open = list(self._open)
        for connection in still_open:
            try:
                connection.shutdown(socket.SHUT_RDWR)  # its handler reads the end and returns
            except OSError:
                pass  # closed meanwhile
        super().server_close()


class StandInHub:
    def __init__(self):
        self.repos: dict[str, Repo] = {}
        self.faults = Faults()
        self.requests: list[tuple[str, str, str | None]] = []  # (method, path, Range header)
        self._server: ClosingHTTPServer | None = None

    def add_repo(self, repo_id: str, folder: Path) -> Repo:
        files = {}
        for path in sorted(Path(folder).iterdir()):
            if path.is_file():
                kind = LfsFile if path.suffix in LFS_SUFFIXES else StoredFile
                files[path.name] = kind(path.read_bytes())
        commit = hashlib.sha1(repo_id.encode() + b"".join(f.data for f in files.values())).hexdigest()
        self.repos[repo_id] = repo = Repo(files, commit)
        return repo

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> str:
        hub = self

        class Handler(_Handler):
            pass

        Handler.hub = hub
        self._server = ClosingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True, name="stand-in-hub").start()
        return self.url

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def gets_of(self, name: str) -> list[str | None]:
        """The Range header of every GET of a file called `name`."""
        return [r for method, path, r in self.requests if method == "GET" and path.endswith("/" + name)]


class _Handler(BaseHTTPRequestHandler):
    hub: StandInHub
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def do_HEAD(self):  # noqa: N802 - http.server's name
        self._answer(head=True)

    def do_GET(self):  # noqa: N802
        self._answer(head=False)

    # -- routing --------------------------------------------------------------------------------------

    def _answer(self, head: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        self.hub.requests.append((self.command, path, self.headers.get("Range")))
        if path.startswith("/api/models/"):
            self._info(path[len("/api/models/"):])
        elif "/resolve/" in path:
            repo_id, _, rest = path.lstrip("/").partition("/resolve/")
            _revision, _, name = rest.partition("/")
            self._file(repo_id, name, head)
        else:
            self._error(404, "RepoNotFound")

    def _info(self, rest: str) -> None:
        if "/tree/" in rest:
            self._tree(rest.split("/tree/")[0])
            return
        repo_id = rest.split("/revision/")[0].rstrip("/")
        repo = self.hub.repos.get(repo_id)
        if repo is None:
            self._error(404, "RepoNotFound")
            return
        siblings = []
        for name, stored in repo.files.items():
            sibling = {"rfilename": name, "size": len(stored.data), "blobId": git_blob_sha1(stored.data)}
            if stored.lfs:
                sibling["lfs"] = {"size": len(stored.data), "sha256": stored.etag(), "pointerSize": 134}
            siblings.append(sibling)
        body = json.dumps({"id": repo_id, "modelId": repo_id, "sha": repo.commit, "private": False,
                           "gated": False, "disabled": False, "siblings": siblings}).encode()
        self._send(200, body, {"Content-Type": "application/json"})

    def _tree(self, repo_id: str) -> None:
        """The file list snapshot_download asks for (/api/models/{repo}/tree/{rev})."""
        repo = self.hub.repos.get(repo_id)
        if repo is None:
            self._error(404, "RepoNotFound")
            return
        entries = []
        for name, stored in repo.files.items():
            entry = {"type": "file", "path": name, "size": len(stored.data),
                     "oid": git_blob_sha1(stored.data)}
            if stored.lfs:
                entry["lfs"] = {"oid": stored.etag(), "size": len(stored.data), "pointerSize": 134}
            entries.append(entry)
        self._send(200, json.dumps(entries).encode(), {"Content-Type": "application/json"})

    def _file(self, repo_id: str, name: str, head: bool) -> None:
        repo = self.hub.repos.get(repo_id)
        if repo is None:
            self._error(404, "RepoNotFound")
            return
        stored = repo.files.get(name)
        if stored is None:
            self._error(404, "EntryNotFound", {"X-Repo-Commit": repo.commit})
            return
        data, faults = stored.data, self.hub.faults
        if name in faults.corrupt:
            data = data[:len(data) // 2] + bytes([data[len(data) // 2] ^ 0xFF]) + data[len(data) // 2 + 1:]
        headers = {"X-Repo-Commit": repo.commit, "Accept-Ranges": "bytes",
                   "Content-Type": "application/octet-stream"}
        if stored.lfs:
            headers.update({"X-Linked-Etag": f'"{stored.etag()}"', "X-Linked-Size": str(len(data)),
                            "ETag": f'"{stored.etag()}"'})
        else:
            headers["ETag"] = f'"{stored.etag()}"'
        start = _range_start(self.headers.get("Range")) if not head else 0
        status = 206 if start else 200
        if start:
            headers["Content-Range"] = f"bytes {start}-{len(data) - 1}/{len(data)}"
        body = data[start:]
        if head:
            self._send(200, b"", {**headers, "Content-Length": str(len(data))}, head=True)
            return
        drop = faults.drop_after.pop(name, None)
        self._send(status, body, headers, drop=drop)

    # -- writing --------------------------------------------------------------------------------------

    def _error(self, status: int, code: str, extra: dict | None = None) -> None:
        body = json.dumps({"error": code}).encode()
        self._send(status, body, {"X-Error-Code": code, "X-Error-Message": code,
                                  "Content-Type": "application/json", **(extra or {})})

    def _send(self, status: int, body: bytes, headers: dict, head: bool = False,
              drop: int | None = None) -> None:
        self.send_response(status)
        headers.setdefault("Content-Length", str(len(body)))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        if head:
            return
        faults = self.hub.faults
        sent = 0
        try:
            while sent < len(body):
                if drop is not None and sent >= drop:
                    # The connection breaks part way through, as a flaky network's does.
                    self.wfile.flush()
                    self.connection.shutdown(socket.SHUT_RDWR)
                    self.close_connection = True
                    return
                end = min(len(body), sent + faults.chunk,
                          drop if drop is not None and drop > sent else len(body))
                self.wfile.write(body[sent:end])
                sent = end
                if faults.bytes_per_second:
                    self.wfile.flush()
                    time.sleep(faults.chunk / faults.bytes_per_second)  # the server's pace
        except (BrokenPipeError, ConnectionResetError):  # the client went away (a cancel)
            self.close_connection = True


def _range_start(header: str | None) -> int:
    if not header or not header.startswith("bytes="):
        return 0
    first = header[len("bytes="):].split(",")[0].split("-")[0]
    return int(first) if first.isdigit() else 0
