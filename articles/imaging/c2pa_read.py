"""A photo's C2PA content credentials, read with c2pa-python: the manifest's
validation state and what its active manifest says (claim generator,
signer, signing time, actions with their digital source types, the
ingredients' source types). Pure: bytes (and the trust anchors in force) in,
a JSON-ready summary out.

Reading only: remote manifests and OCSP responders are never fetched (a
photo whose manifest lives at a URL reads as "remote"). Nothing here raises
for a photo's sake: a manifest that cannot be read is recorded as such.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import IO, Any

import c2pa

NONE, VALID, TRUSTED, INVALID, REMOTE = "none", "valid", "trusted", "invalid", "remote"
STATES = (NONE, VALID, TRUSTED, INVALID, REMOTE)
# c2pa's validation_state -> ours.
C2PA_STATES = {"Trusted": TRUSTED, "Valid": VALID, "Invalid": INVALID}
# An embedded manifest store is JUMBF (a "jumb" box opening with its "jumd"
# description) in a JPEG's APP11, a PNG's caBX chunk or a WebP's C2PA chunk:
# a file that has one but cannot be parsed had a manifest that is now broken.
# ("c2pa" or "jumbf" alone are no sign: XMP may name a manifest by its URI.)
MANIFEST_MARK = b"jumd"
SCAN_CHUNK = 1024 * 1024
MAX_TEXT = 300
MAX_ACTIONS = 50
NO_CREDENTIALS: dict[str, Any] = {"state": NONE}


@lru_cache(maxsize=4)
def _context(trust_anchors: str) -> c2pa.Context:
    """A reading context that never goes to the network; `trust_anchors`
    (PEM, possibly empty) decide what "trusted" means."""
    settings: dict[str, Any] = {
        "verify": {
            "remote_manifest_fetch": False,
            "ocsp_fetch": False,
            # Ingredients' own trust is not reported; checking it doubles
            # the time of a photo made from a signed one.
            "check_ingredient_trust": False,
        }
    }
    if trust_anchors:
        settings["trust"] = {"trust_anchors": trust_anchors}
    return c2pa.Context.from_dict(settings)


def read_credentials(
    file: IO[bytes], content_type: str = "", trust_anchors: str = ""
) -> dict[str, Any]:
    """The summary of `file`'s credentials: {"state": "none"} without any,
    else state, claim_generator, signer, signer_name, signed_at, actions,
    ingredients, failures (c2pa's codes) and error (why it could not be
    read). Leaves the file at its start."""
    try:
        file.seek(0)
        reader = c2pa.Reader(
            content_type or None, file, context=_context(trust_anchors)
        )
        with reader:
            store = json.loads(reader.json())
    except c2pa.C2paError.ManifestNotFound:
        return dict(NO_CREDENTIALS)
    except c2pa.C2paError.NotSupported:
        return dict(NO_CREDENTIALS)
    except c2pa.C2paError as error:
        message = _text(str(error))
        if message.startswith("Remote"):
            url = message.rsplit(" ", 1)[-1]
            return {"state": REMOTE, "remote_url": url if "://" in url else ""}
        return _unreadable(file, message)
    except Exception as error:  # a bug of the reader must not refuse a photo
        return _unreadable(file, _text(f"{type(error).__name__}: {error}"))
    finally:
        file.seek(0)
    return summarise(store)


def may_have_manifest(file: IO[bytes]) -> bool:
    """Whether the file carries the label of an embedded manifest store (a
    quick look, not a reading; remote manifests are not seen)."""
    try:
        file.seek(0)
        tail = b""
        # In chunks: an upload may be tens of megabytes.
        while chunk := file.read(SCAN_CHUNK):
            if MANIFEST_MARK in tail + chunk:
                return True
            tail = chunk[-len(MANIFEST_MARK) + 1 :]
        return False
    except Exception:
        return False
    finally:
        file.seek(0)


def _unreadable(file: IO[bytes], message: str) -> dict[str, Any]:
    if not may_have_manifest(file):
        return dict(NO_CREDENTIALS)
    return {"state": INVALID, "error": f"unreadable manifest: {message}"}


def summarise(store: dict[str, Any]) -> dict[str, Any]:
    """Our summary of c2pa's manifest store (Reader.json())."""
    manifests = store.get("manifests") or {}
    active = manifests.get(store.get("active_manifest") or "") or {}
    signature = active.get("signature_info") or {}
    results = (store.get("validation_results") or {}).get("activeManifest") or {}
    return {
        "state": C2PA_STATES.get(store.get("validation_state"), INVALID),
        "claim_generator": _claim_generator(active),
        "signer": _text(signature.get("issuer")),
        "signer_name": _text(signature.get("common_name")),
        "signed_at": _text(signature.get("time")) or None,
        "actions": _actions(active)[:MAX_ACTIONS],
        "ingredients": [
            {
                "title": _text(ingredient.get("title")),
                "relationship": _text(ingredient.get("relationship")),
                "digital_source_types": _source_types(
                    manifests.get(ingredient.get("active_manifest") or "") or {}
                ),
            }
            for ingredient in (active.get("ingredients") or [])[:MAX_ACTIONS]
        ],
        "failures": [
            _text(failure.get("code")) for failure in results.get("failure") or []
        ],
    }


def credentials_source_type(summary: dict[str, Any]) -> str:
    """The digital source type the credentials give the photo: the one its
    c2pa.created action declares, else the last action's that declares one
    (the latest step, e.g. an edit with generative fill)."""
    actions = summary.get("actions") or []
    for action in actions:
        if action["action"] == "c2pa.created" and action["digital_source_type"]:
            return action["digital_source_type"]
    declared = [a["digital_source_type"] for a in actions if a["digital_source_type"]]
    return declared[-1] if declared else ""


def _claim_generator(manifest: dict[str, Any]) -> str:
    if generator := _text(manifest.get("claim_generator")):
        return generator
    # Version 2 claims name their generator in claim_generator_info only.
    parts = [
        " ".join(filter(None, (_text(info.get("name")), _text(info.get("version")))))
        for info in manifest.get("claim_generator_info") or []
        if isinstance(info, dict)
    ]
    return _text(", ".join(part for part in parts if part))


def _actions(manifest: dict[str, Any]) -> list[dict[str, str]]:
    found = []
    for assertion in manifest.get("assertions") or []:
        if not str(assertion.get("label", "")).startswith("c2pa.actions"):
            continue
        for action in (assertion.get("data") or {}).get("actions") or []:
            agent = action.get("softwareAgent")
            if isinstance(agent, dict):  # version 2: {"name", "version"}
                agent = " ".join(
                    filter(None, (agent.get("name"), agent.get("version")))
                )
            found.append(
                {
                    "action": _text(action.get("action")),
                    "digital_source_type": _text(action.get("digitalSourceType")),
                    "software_agent": _text(agent),
                }
            )
    return found


def _source_types(manifest: dict[str, Any]) -> list[str]:
    types = (action["digital_source_type"] for action in _actions(manifest))
    return list(dict.fromkeys(kind for kind in types if kind))


def _text(value: object) -> str:
    if not isinstance(value, str):
        return ""
    return " ".join(value.replace("\x00", " ").split())[:MAX_TEXT]
