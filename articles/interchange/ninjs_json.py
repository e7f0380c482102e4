"""A ninjs file's JSON, and its values of any shape: objects by lower-case
member name (3.x camelCase, 1.x/2.x lower case), arrays of objects or 1.x
objects keyed by name, strings, numbers and dates as producers write them."""

from __future__ import annotations

import codecs
import json
from datetime import UTC, datetime
from typing import Any

from articles.interchange.story import StoryError

# Nothing in ninjs needs more; long digit strings only cost time to convert.
MAX_INTEGER_DIGITS = 100


def load_json(data: bytes) -> Any:
    text = _decode(data)
    if not text.strip():
        raise StoryError("not JSON: the file is empty")
    try:
        return json.loads(text, parse_int=_integer)
    except json.JSONDecodeError as error:
        raise StoryError(
            f"not JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
    except RecursionError:
        raise StoryError(
            "not usable JSON: arrays or objects nested too deeply"
        ) from None


def _decode(data: bytes) -> str:
    # JSON is UTF-8; a byte order mark says when a producer thought otherwise.
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                raise StoryError(
                    f"not {codec.upper()} JSON: broken text after its byte order mark"
                ) from None
    body = data.removeprefix(codecs.BOM_UTF8)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        offset = len(data) - len(body) + error.start
        raise StoryError(
            f"not UTF-8 JSON: byte 0x{body[error.start]:02X} at offset {offset} "
            "is not UTF-8; convert the file to UTF-8 and import it again"
        ) from None


def _integer(digits: str) -> int:
    # Python refuses over 4300 digits anyway, with a message about "int
    # string conversion" that would mean nothing to an editor.
    count = len(digits.lstrip("-"))
    if count > MAX_INTEGER_DIGITS:
        raise StoryError(
            f"not usable JSON: a number with {count} digits "
            f"(more than {MAX_INTEGER_DIGITS} are refused)"
        )
    return int(digits)


# Values of any shape


def fields_of(value: Any) -> dict[str, Any]:
    """An object's members by lower-case name (3.x camelCase, 1.x/2.x lower
    case); the first spelling wins when two differ only in case."""
    if not isinstance(value, dict):
        return {}
    fields: dict[str, Any] = {}
    for key, member in value.items():
        fields.setdefault(str(key).lower(), member)
    return fields


def objects(value: Any) -> list[dict[str, Any]]:
    """The objects of a 2.x/3.x array, or of a 1.x object keyed by name (the
    key becomes `name`); anything else holds none."""
    if isinstance(value, list):
        return [fields_of(member) for member in value if isinstance(member, dict)]
    if isinstance(value, dict):
        objects = []
        for key, member in value.items():
            if isinstance(member, dict):
                fields = fields_of(member)
                fields.setdefault("name", str(key))
                objects.append(fields)
        return objects
    return []


def string(fields: dict[str, Any] | None, *keys: str) -> str:
    """The first of `keys` holding a non-blank string, stripped; "" if none."""
    for key in keys:
        value = fields.get(key) if fields else None
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def number(value: Any) -> float:
    if isinstance(value, bool):
        return 0.0
    if isinstance(value, (int, float)):
        return float(value) if abs(value) < 1e12 else 0.0
    if isinstance(value, str):
        try:
            return float(value) if len(value) < 20 else 0.0
        except ValueError:
            return 0.0
    return 0.0


def first_datetime(
    item: dict[str, Any], keys: tuple[str, ...], warnings: list[str]
) -> datetime | None:
    """The first readable date of `keys`, aware and in UTC; a date without a
    zone is taken as UTC, a date alone as its midnight."""
    for key in keys:
        value = item.get(key)
        if value is None:
            continue
        if when := _parse_datetime(value):
            return when
        warnings.append(f"unreadable {key} {_preview(value)}: ignored")
    return None


def _parse_datetime(value: Any) -> datetime | None:
    if not isinstance(value, str) or len(value) > 64:
        return None
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC)


def json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if value is None:
        return "null"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "an array"
    return "an object"


def _preview(value: Any) -> str:
    text = (
        json.dumps(value, ensure_ascii=False)
        if not isinstance(value, str)
        else repr(value)
    )
    return text if len(text) <= 60 else f"{text[:57]}..."
