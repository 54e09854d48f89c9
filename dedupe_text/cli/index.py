"""``dedupe-text index``: inspect and manage a cross-document index."""

from __future__ import annotations

import json
import os

import click

from ..api import document_id
from ..render import plural
from .options import OUTPUT_FORMATS, existing_index, index_name_option
from .output import emit


@click.group("index")
def index_group() -> None:
    """Inspect and manage a cross-document index (the one clean --index fills).

    LOCATION is the index file or a redis:// URL; it must exist. The index is opened with
    the parameters it was built with.

    \b
    Examples:
        dedupe-text index stats seen.db
        dedupe-text index remove seen.db pages/old.txt
        dedupe-text index clear redis://127.0.0.1:6379/0 --index-name crawl --yes
    """


@index_group.command("stats")
@click.argument("location")
@index_name_option("--name")
@click.option("--to", "output_format", type=click.Choice(OUTPUT_FORMATS), default="text", show_default=True,
              help="Output: text for people, json for programs.")
@click.option("--format", "legacy_format", type=click.Choice(OUTPUT_FORMATS), hidden=True,
              help="The old name of --to.")
def index_stats(location: str, index_name: str, output_format: str, legacy_format: str | None) -> None:
    """Print how many paragraphs and documents the index holds, and its parameters.

    \b
    Examples:
        dedupe-text index stats seen.db
        dedupe-text index stats redis://127.0.0.1:6379/0 --index-name crawl --to json
    """
    with existing_index(location, index_name) as index:
        stats = index.stats().to_dict()
    if (legacy_format or output_format) == "json":
        emit(json.dumps(stats, indent=2))
        return
    for key in ("location", "backend", "paragraphs", "documents", "policy"):
        emit(f"{key}: {stats[key]}")
    for key, value in stats["params"].items():
        emit(f"{key}: {value}")


@index_group.command("remove")
@click.argument("location")
@click.argument("doc_ids", nargs=-1, required=True)
@index_name_option("--name")
def index_remove(location: str, doc_ids: tuple[str, ...], index_name: str) -> None:
    """Forget documents: their paragraphs no longer cause removals.

    A DOC_ID that names an existing file stands for that file's resolved path, the id
    clean --index gave it.

    \b
    Examples:
        dedupe-text index remove seen.db pages/a.txt pages/b.txt
    """
    with existing_index(location, index_name) as index:
        for doc in doc_ids:
            removed = index.remove(document_id(doc) if os.path.isfile(doc) else doc)
            emit(f"{doc}: {plural(removed, 'paragraph')} removed")


@index_group.command("clear")
@click.argument("location")
@index_name_option("--name")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def index_clear(location: str, index_name: str, yes: bool) -> None:
    """Forget every document (the index keeps its parameters).

    \b
    Examples:
        dedupe-text index clear seen.db --yes
    """
    with existing_index(location, index_name) as index:
        if not yes:
            click.confirm(f"Forget all {plural(index.stats().documents, 'document')} of {location}?", abort=True)
        index.clear()
    emit(f"{location}: cleared")
