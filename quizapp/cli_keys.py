"""`quizapp keys`: every binding id with its default key, screen and description.

The ids are what `keymap.toml` in the config dir maps to keys of your own; the file's
entries in force are shown beside the defaults, and its problems said (not raised).
"""

from __future__ import annotations

import click

from quizapp.paths import shown


@click.command("keys")
def keys_command() -> None:
    """List the key bindings, and the ids to rebind them in keymap.toml."""
    from quizapp.ui.keymap import bindings, keymap_path, load_keymap

    path = keymap_path()
    keymap, problems = load_keymap(path)
    rows = [(b.id, b.key, b.where, b.description or "(not shown)") for b in bindings()]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for binding_id, key, where, description in rows:
        mine = f"  [yours: {keymap[binding_id]}]" if binding_id in keymap else ""
        click.echo(
            f"{binding_id:<{widths[0]}}  {key:<{widths[1]}}  {where:<{widths[2]}}  "
            f"{description}{mine}"
        )
    click.echo(
        f"\nRebind a key in {shown(path)}, one line per id, e.g.  home.study = \"f5\""
        "  (several keys: \"f5,s\")."
    )
    for problem in problems:
        click.echo(problem, err=True)
