"""``align serve`` and ``align demo``: the review workbench in the browser."""

from __future__ import annotations

from pathlib import Path

import click

from align.cli.common import friendly_errors
from align.errors import AlignError


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--database", "database_url", help="SQLAlchemy URL (default: ALIGN_DATABASE_URL).")
@click.option("--upgrade", is_flag=True, help="Create or migrate the database schema first.")
@click.option("--threads/--no-threads", default=True, show_default=True)
def serve(host: str, port: int, database_url: str | None, upgrade: bool, threads: bool) -> None:
    """Serve the review workbench in the browser (Ctrl+C stops it).

    Log in with an account made by ``align user add``; reviewers edit, viewers read and cite.
    Listen on 127.0.0.1 (the default) unless the machine's network is trusted: the server is
    Werkzeug's, without TLS.
    """
    from werkzeug.serving import run_simple

    from align.app import create_app

    config: dict[str, object] = {"DATABASE_UPGRADE": upgrade}
    if database_url:
        config["DATABASE_URL"] = database_url
    try:
        app = create_app(config)
    except AlignError as error:
        raise click.ClickException(str(error)) from error
    except RuntimeError as error:  # the web/ folder is missing: the message says what to set
        raise click.ClickException(str(error)) from error
    click.echo(f"Align workbench on http://{host}:{port}/  (database {app.config['DATABASE_URL']})")
    run_simple(host, port, app, threaded=threads, use_reloader=False, use_debugger=False)


@click.command()
@click.option(
    "--corpus",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("corpus"),
    show_default=True,
    help="A folder with zh/ and en/ files of the same names (and gold/ links, if any).",
)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--serve/--no-serve", default=True, show_default=True, help="Serve the UI after.")
@friendly_errors
def demo(corpus: Path, port: int, serve: bool) -> None:
    """Ingest the sample corpus, align and store it, then serve the review UI on 127.0.0.1.

    Uses the embedded default model and the SQLite database in the data directory
    (ALIGN_DATABASE_URL moves it); prints the login of a reviewer account it creates.
    """
    from align.cli.demo import run_demo, save_to_store
    from align.config import database_url

    alignments = run_demo(corpus, click.echo)
    save_to_store(alignments, database_url(), click.echo)
    if serve:
        from werkzeug.serving import run_simple

        from align.app import create_app

        click.echo(f"review UI: http://127.0.0.1:{port}/  (Ctrl+C stops it)")
        run_simple("127.0.0.1", port, create_app({"DATABASE_URL": database_url()}), threaded=True)


COMMANDS = [serve, demo]


if __name__ == "__main__":  # `python -m align.cli.web`: what the browser tests start
    serve()
