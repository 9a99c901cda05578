"""``align serve``: the review workbench in the browser (registered on ``align`` by the lead)."""

from __future__ import annotations

import click

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


COMMANDS = [serve]


if __name__ == "__main__":  # `python -m align.cli_web`: usable before the lead registers it
    serve()
