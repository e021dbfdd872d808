"""A stand-in for the Hugging Face Hub on 127.0.0.1: just the endpoints huggingface_hub's
create_repo and upload_folder call (read from huggingface_hub's hf_api.py and _commit_api.py), and
a record of what it received, for the tests to check.

    POST /api/repos/create                            {"name", "organization", "visibility"?}
    POST /api/models/{org}/{name}/preupload/{rev}      which files go in the commit as they are
    POST /api/models/{org}/{name}/commit/{rev}         the commit: NDJSON, files in base64
    POST /api/validate-yaml                            the model card's metadata (its licence)

Every file is answered "regular" at preupload, so huggingface_hub sends it inside the commit
(the real Hub sends large files to its storage first; the commit is the same otherwise).
"""

from __future__ import annotations

import base64
import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

KNOWN_LICENCES = ("mit", "apache-2.0", "cc-by-4.0", "cc-by-sa-4.0", "cc-by-nc-4.0", "cc0-1.0",
                  "openrail", "other")


@dataclass
class Received:
    repos: dict[str, dict] = field(default_factory=dict)  # repo id -> create request
    files: dict[str, dict[str, bytes]] = field(default_factory=dict)  # repo id -> path -> content
    commits: list[dict] = field(default_factory=list)  # headers of the commits
    authorizations: list[str] = field(default_factory=list)
    refuse_with: int | None = None  # answer every request with this status (a refused login...)


class StandInHub:
    def __init__(self):
        self.received = Received()
        received = self.received

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                received.authorizations.append(self.headers.get("Authorization", ""))
                if received.refuse_with:
                    return self._answer(received.refuse_with, {"error": "refused"})
                parts = self.path.split("?")[0].strip("/").split("/")
                if parts[:2] == ["api", "validate-yaml"]:
                    return self._validate(json.loads(body)["content"])
                if parts[:3] == ["api", "repos", "create"]:
                    request = json.loads(body)
                    repo = f"{request.get('organization') or 'me'}/{request['name']}"
                    if repo in received.repos:  # the Hub names the repository in its refusal
                        return self._answer(409, {"error": "You already created this repo",
                                                  "url": f"{self.server.url}/{repo}"})
                    received.repos[repo] = request
                    received.files.setdefault(repo, {})
                    return self._answer(200, {"url": f"{self.server.url}/{repo}"})
                if parts[:2] == ["api", "models"] and len(parts) >= 6:
                    repo = f"{parts[2]}/{parts[3]}"
                    if repo not in received.repos:
                        return self._answer(404, {"error": "Repository not found"})
                    if parts[4] == "preupload":
                        files = json.loads(body)["files"]
                        return self._answer(200, {"files": [
                            {"path": f["path"], "uploadMode": "regular", "shouldIgnore": False,
                             "oid": None} for f in files]})
                    if parts[4] == "commit":
                        return self._commit(repo, body)
                return self._answer(404, {"error": f"not in the stand-in: {self.path}"})

            def _validate(self, card: str):
                """The Hub's check of a card's licence, for the identifiers the tests use."""
                found = re.search(r"^license: (.*)$", card, re.MULTILINE)
                if found and found.group(1) not in KNOWN_LICENCES:
                    return self._answer(400, {"errors": [
                        {"message": f'"license" must be one of [{", ".join(KNOWN_LICENCES)}]'}]})
                return self._answer(200, {"errors": [], "warnings": []})

            def _commit(self, repo: str, body: bytes):
                for line in body.decode().splitlines():
                    item = json.loads(line)
                    if item["key"] == "header":
                        received.commits.append(item["value"])
                    elif item["key"] == "file":
                        value = item["value"]
                        received.files[repo][value["path"]] = base64.b64decode(value["content"])
                number = len(received.commits)
                return self._answer(200, {"commitUrl": f"{self.server.url}/{repo}/commit/{number}",
                                          "commitOid": f"{number:040x}"})

            def _answer(self, status: int, payload: dict):
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.url = self.server.url
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> StandInHub:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()
