"""Editors' writes that the schema tests share: create an entry, move it through the workflow.

Imported by name (`from editor_writes import make, step`): pytest puts this folder on the path.
"""

from __future__ import annotations

from typing import Any

# type name -> (mutation, payload key)
CREATE = {
    name: (f"create{name}", name[0].lower() + name[1:])
    for name in ("Story", "Artist", "Campaign", "Partner", "Tag", "Mentor")
}
WORKFLOW = """
mutation Step($id: ID!) {{
  {step}(input: {{id: $id}}) {{
    entry {{ __typename id slug status publishedAt scheduledPublishAt }}
    errors {{ field code message }}
  }}
}}
"""


def make(gql: Any, type_name: str, **fields: Any) -> dict[str, Any]:
    """Create an entry as an editor; its `id` and `slug`."""
    mutation, key = CREATE[type_name]
    operation = (
        f"mutation Create($input: Create{type_name}Input!) {{ {mutation}(input: $input) "
        f"{{ {key} {{ id slug }} errors {{ field code message }} }} }}"
    )
    payload = gql(operation, {"input": fields}, as_="editor")[mutation]
    assert payload["errors"] == [], payload["errors"]
    return payload[key]  # type: ignore[no-any-return]


def step(gql: Any, name: str, entry_id: str) -> dict[str, Any]:
    """A workflow step (`publish`, `unpublish`, ...) as an editor; the entry after it."""
    payload = gql(WORKFLOW.format(step=name), {"id": entry_id}, as_="editor")[name]
    assert payload["errors"] == [], payload["errors"]
    return payload["entry"]  # type: ignore[no-any-return]
