"""The root element of an XML document, from its first bytes as text.

Found by skipping the prolog (the XML declaration, comments, processing
instructions and a DOCTYPE with its internal subset) by hand rather than by
a parser: nothing is expanded or fetched, and a head cut off mid-document
is fine. Sniffing only: the readers parse with `safe_xml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PROLOG_ITEM = re.compile(
    r"""\s*(?:
        <\?.*?\?>                           # XML declaration, processing instruction
      | <!--.*?-->                          # comment
      | <!DOCTYPE[^\[>]*(?:\[.*?\]\s*)?>    # DOCTYPE, internal subset and all
    )""",
    re.S | re.X | re.I,
)
START_TAG = re.compile(r"\s*<([A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?)([^<>]*)")
ATTRIBUTE = re.compile(r"""([\w.:\-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


@dataclass(frozen=True)
class XmlRoot:
    name: str  # as written: "ns0:newsMessage"
    namespace: str  # "" when none is declared on the root
    declared: bool  # an XML declaration (<?xml ...?>) comes first
    doctype: bool  # a DOCTYPE comes before it

    @property
    def local_name(self) -> str:
        return self.name.rpartition(":")[2]


def xml_root(text: str) -> XmlRoot | None:
    """The root element of the document `text` starts, or None when the
    text does not start like XML (after its prolog, a start tag)."""
    declared = text.lstrip().startswith("<?xml")
    doctype = False
    position = 0
    while match := PROLOG_ITEM.match(text, position):
        doctype = doctype or match[0].lstrip()[:9].upper() == "<!DOCTYPE"
        position = match.end()
    tag = START_TAG.match(text, position)
    if tag is None:
        return None
    name, attributes = tag[1], tag[2]
    prefix = name.partition(":")[0] if ":" in name else ""
    wanted = f"xmlns:{prefix}" if prefix else "xmlns"
    namespace = ""
    for attribute in ATTRIBUTE.finditer(attributes):
        if attribute[1] == wanted:
            namespace = (attribute[2] or attribute[3] or "").strip()
    return XmlRoot(name=name, namespace=namespace, declared=declared, doctype=doctype)
