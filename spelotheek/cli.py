"""The `spelotheek` command line: serve, demo, accounts and tokens, maintenance."""

from __future__ import annotations

import sys

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

from spelotheek.db import get_session


def _create_app() -> Flask:
    from spelotheek import create_app

    return create_app()


@click.group(
    cls=FlaskGroup,
    create_app=_create_app,
    add_default_commands=False,
    add_version_option=False,
    load_dotenv=False,
)
def main() -> None:
    """Spelotheek: toy library, open meetings and family support."""


@main.command("migrate")
@with_appcontext
def migrate_command() -> None:
    """Upgrade the database to the newest schema."""
    from spelotheek.migrate import upgrade

    upgrade(current_app.config["DATABASE_URL"])
    click.echo("Database is up to date.")


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, help="Default: the PORT setting (5000).")
@click.option("--threads", default=8, show_default=True)
@click.option("--demo", is_flag=True, help="Load demo data when the database is empty.")
@with_appcontext
def serve_command(host: str, port: int | None, threads: int, demo: bool) -> None:
    """Migrate, optionally load demo data, and serve the site with waitress."""
    from waitress import serve

    from spelotheek.migrate import upgrade

    port = port or current_app.config["PORT"]
    upgrade(current_app.config["DATABASE_URL"])
    if current_app.config["BASE_URL_GUESSED"]:  # development: links lead to this very server
        everywhere = host in ("0.0.0.0", "::")  # noqa: S104  (compared, not bound to)
        shown = "127.0.0.1" if everywhere else f"[{host}]" if ":" in host else host
        current_app.config["BASE_URL"] = f"http://{shown}:{port}"
    if demo:
        from spelotheek.demo import load_demo, print_logins

        load_demo(get_session())
        print_logins()
    click.echo(f"Serving on http://{host}:{port}  (Ctrl+C stops)")
    serve(
        # current_app is a proxy typed as Flask; waitress needs the application behind it.
        current_app._get_current_object(),  # type: ignore[attr-defined]
        host=host,
        port=port,
        threads=threads,
        ident="spelotheek",
    )


@main.command("demo")
@with_appcontext
def demo_command() -> None:
    """Load demo data (safe to run twice) and print the demo logins."""
    from spelotheek.demo import load_demo, print_logins
    from spelotheek.migrate import upgrade

    upgrade(current_app.config["DATABASE_URL"])
    load_demo(get_session())
    print_logins()


@main.command("create-user")
@click.argument("email")
@click.option(
    "--role",
    required=True,
    type=click.Choice(["coordinator", "staff", "volunteer", "facilitator", "partner"]),
)
@click.option("--name", default="", help="Name shown to colleagues.")
@click.option("--password", default=None, help="Leave out to be asked (recommended).")
@click.option(
    "--organization",
    default="",
    help="For a partner: the organisation's name or id (uuid) in the network directory.",
)
@with_appcontext
def create_user_command(
    email: str, role: str, name: str, password: str | None, organization: str
) -> None:
    """Create a staff account (a partner account with --organization)."""
    from spelotheek.auth.services import create_user
    from spelotheek.domain_errors import DomainError
    from spelotheek.network.entries import organization_named

    db = get_session()
    organization_id = None
    if organization:
        found = organization_named(db, organization)
        if found is None:
            click.echo(f"Not created: no organisation {organization!r}.", err=True)
            sys.exit(1)
        organization_id = found.id
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = create_user(
            db,
            None,
            email,
            name or email.split("@")[0],
            role,
            password,
            organization_id=organization_id,
        )
        db.commit()
    except DomainError as error:
        db.rollback()
        click.echo(f"Not created: {error.message}", err=True)
        sys.exit(1)
    click.echo(f"Created {role} account #{user.id}.")


@main.command("create-token")
@click.argument("email")
@click.option("--label", default="device", help="Which device uses it, e.g. 'desk tablet'.")
@with_appcontext
def create_token_command(email: str, label: str) -> None:
    """Print a new API bearer token for the account with this e-mail."""
    from sqlalchemy import select

    from spelotheek.auth.models import User
    from spelotheek.auth.services import create_api_token, normalise_email

    db = get_session()
    user = db.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None or not user.active:
        click.echo("No active account with this e-mail.", err=True)
        sys.exit(1)
    token = create_api_token(db, None, user, label)
    db.commit()
    click.echo(token)


@main.command("revoke-token")
@click.argument("token_id", type=int)
@with_appcontext
def revoke_token_command(token_id: int) -> None:
    """Revoke a device token by its number."""
    from spelotheek.auth.services import revoke_api_token
    from spelotheek.db import utcnow

    db = get_session()
    if not revoke_api_token(db, None, token_id, utcnow()):
        click.echo("No such token.", err=True)
        sys.exit(1)
    db.commit()
    click.echo("Revoked.")


@main.command("send-reminders")
@with_appcontext
def send_reminders_command() -> None:
    """Send the reminders that are due (safe to run from cron at any frequency)."""
    from spelotheek.db import utcnow
    from spelotheek.registry import REMINDER_SENDERS

    for sender in REMINDER_SENDERS:
        report = sender(get_session(), utcnow())
        for what, count in report.items():
            click.echo(f"{what}: {count}")


@main.command("purge-expired")
@with_appcontext
def purge_expired_command() -> None:
    """Remove or anonymise what is past its retention period, and say what was done."""
    from spelotheek.db import utcnow
    from spelotheek.registry import PURGERS

    db = get_session()
    for purger in PURGERS:
        report = purger(db, utcnow(), current_app.config)
        db.commit()
        for what, count in report.items():
            click.echo(f"{what}: {count}")


@main.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, writable=True))
@with_appcontext
def backup_command(target: str) -> None:
    """Write a backup of the database to TARGET."""
    from pathlib import Path

    from spelotheek.backup import BackupError, backup

    try:
        backup(current_app.config["DATABASE_URL"], Path(target))
    except BackupError as error:
        click.echo(f"Backup failed: {error}", err=True)
        sys.exit(1)
    click.echo(f"Backup written to {target}.")


@main.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(source: str, yes: bool) -> None:
    """Replace the database with the backup in SOURCE."""
    from pathlib import Path

    from spelotheek.backup import BackupError, restore

    if not yes:
        click.confirm("This replaces everything in the database. Continue?", abort=True)
    current_app.extensions["engine"].dispose()  # no pooled connection may hold old pages
    try:
        restore(current_app.config["DATABASE_URL"], Path(source))
    except BackupError as error:
        click.echo(f"Restore refused: {error}. The database was not changed.", err=True)
        sys.exit(1)
    click.echo("Restored.")


@main.group("storage")
def storage_group() -> None:
    """Where photos are kept (a local folder, or S3-compatible object storage)."""


@storage_group.command("copy-local")
@with_appcontext
def copy_local_command() -> None:
    """Copy the local photo folder into the bucket (STORAGE_S3_BUCKET) and record the entrance
    photos found there on their locations. Safe to run again."""
    from spelotheek.places import entrance
    from spelotheek.storage import (
        LocalStore,
        StorageUnavailable,
        copy_tree,
        current,
        local_folder,
    )

    folder = local_folder(current_app.config, current_app.instance_path)
    target = current()
    if isinstance(target, LocalStore):
        click.echo("No STORAGE_S3_BUCKET is set: the photos stay in the local folder.")
    else:
        try:
            copied = copy_tree(LocalStore(folder), target)
        except StorageUnavailable as error:
            click.echo(f"The object storage cannot be reached ({error}).", err=True)
            sys.exit(1)
        click.echo(f"Files copied into the bucket: {copied}")
    db = get_session()
    recorded = entrance.record_found(db, entrance.found_in(folder))
    db.commit()
    click.echo(f"Entrance photos recorded: {recorded}")


def _add_feature_commands() -> None:
    """Each feature's cli.py lists its commands; they join `main` here (features never import
    this module back)."""
    from spelotheek.jobs import cli as jobs
    from spelotheek.loans import cli as loans
    from spelotheek.messages import cli as messages
    from spelotheek.network import cli as network

    for command in (*loans.COMMANDS, *network.COMMANDS, *messages.COMMANDS, *jobs.COMMANDS):
        main.add_command(command)


_add_feature_commands()
