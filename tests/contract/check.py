#!/usr/bin/env python3
"""Validates both sides of the sync contract (JSON lines from contract_samples: what the terminal
sends, what the reference portal answers) against docs/openapi.yaml, and proves the check can fail:
each sample, broken in a way the contract forbids, must be refused."""
import copy
import json
import subprocess
import sys

import jsonschema
import yaml

openapi_file, samples_binary = sys.argv[1], sys.argv[2]
doc = yaml.safe_load(open(openapi_file, encoding="utf-8"))
lines = subprocess.run([samples_binary], check=True, capture_output=True, text=True).stdout.splitlines()
samples = [json.loads(line) for line in lines if line.strip()]
expected = {"Submission", "Rating", "Catalog", "RequestBatch", "RatingBatch", "Heartbeat",
            "SubmissionAck", "RatingAck", "BatchResults", "CaseStatus", "EnrollResponse", "Error",
            "PublicAnswers"}
assert {s["schema"] for s in samples} == expected, {s["schema"] for s in samples} ^ expected


def validator(name):
    schema = {"$ref": f"#/components/schemas/{name}", "components": doc["components"]}
    return jsonschema.Draft4Validator(schema)


def breakages(name, body):
    """Ways to break a body that the contract must refuse."""
    if name == "Submission":
        yield "no aspects", {**body, "aspects": []}
        yield "unknown standing", {**body, "standing": "friend"}
        yield "bad code", {**body, "code": "vl01-1-1"}
        yield "token with I", {**body, "lookup_token": "IIIIIIII"}
        yield "UTC time", {**body, "created_at": body["created_at"].replace("+07:00", "Z")}
        yield "question too long", {**body, "content": "x" * 4001}
        yield "an extra field", {**body, "full_name": "Lê Văn An"}
        missing = copy.deepcopy(body)
        del missing["sealed_personal"]
        yield "no sealed personal data", missing
    elif name == "Rating":
        yield "score 5", {**body, "score": 5}
        yield "not a uuid", {**body, "id": "42"}
    elif name == "Catalog":
        yield "no agencies", {**body, "agencies": []}
        yield "day unit weeks", {**body, "processing_rules": {"answer_day_unit": "weeks"}}
        yield "holiday as dd/mm", {**body, "holidays": ["30/04/2026"]}
    elif name in ("RequestBatch", "RatingBatch"):
        yield "101 items", {"items": body["items"] * 101}
        yield "no items", {"items": []}
        yield "an item without its key", {"items": [{k: v for k, v in body["items"][0].items()
                                                      if k != "idempotency_key"}]}
    elif name == "Heartbeat":
        yield "a negative queue", {**body, "queue_depth": -1}
    elif name == "CaseStatus":
        yield "overdue as a state", {**body, "status": "overdue"}
        yield "no history", {k: v for k, v in body.items() if k != "history"}
    elif name == "SubmissionAck":
        yield "no deadlines", {k: v for k, v in body.items() if k != "deadlines"}
    elif name == "BatchResults":
        yield "a result without status", {"results": [{k: v for k, v in body["results"][0].items()
                                                       if k != "status"}]}
    elif name == "EnrollResponse":
        yield "no token", {k: v for k, v in body.items() if k != "token"}
    elif name == "PublicAnswers":
        assert body["answers"], "the sample must hold a published answer"
        yield "a requester's name", {"answers": [{**body["answers"][0], "full_name": "Lê Văn An"}]}
        yield "no summary", {"answers": [{k: v for k, v in body["answers"][0].items()
                                          if k != "summary"}]}
    elif name == "Error":
        yield "English only", {"error": {k: v for k, v in body["error"].items() if k != "message_vi"}}


failures = 0
for s in samples:
    v = validator(s["schema"])
    errors = list(v.iter_errors(s["body"]))
    for e in errors:
        print(f"FAIL {s['schema']}: {e.message} at {list(e.path)}")
    failures += len(errors)
    for why, broken in breakages(s["schema"], s["body"]):
        if v.is_valid(broken):
            print(f"FAIL {s['schema']}: the contract accepts a body with {why}")
            failures += 1
    print(f"ok {s['schema']}")
sys.exit(1 if failures else 0)
