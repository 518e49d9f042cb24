"""Invitation channels: staff keep them and print cards; a card's QR code opens /hello."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from spelotheek.auth.access import allow
from spelotheek.auth.roles import EVERYONE, OFFICE
from spelotheek.channels import rules, services
from spelotheek.channels.cardwords import words_in
from spelotheek.channels.forms import ChannelForm, PrintForm, place_choices
from spelotheek.confirm import confirm_first
from spelotheek.db import get_session, transaction, utcnow
from spelotheek.domain_errors import DomainError, NotFound
from spelotheek.forms import flash_errors
from spelotheek.hosts import external_url
from spelotheek.locations import services as locations
from spelotheek.places import services as places
from spelotheek.qr import qr_svg
from spelotheek.settings import LANGUAGES
from spelotheek.templating import BRUSSELS, NAV, NavItem

bp = Blueprint("channels", __name__)

NAV.append(NavItem("channels.index", _l("Invitation cards"), "first-visit"))


def _form(channel=None) -> ChannelForm:
    form = ChannelForm(obj=None)
    form.location.choices = place_choices(locations.all_locations(get_session()))
    if channel is not None and not form.is_submitted():
        form.kind.data, form.name.data = channel.kind, channel.name
        form.location.data = str(channel.location_id or "")
    return form


@bp.route("/channels", methods=["GET", "POST"])
@allow(OFFICE)
def index():
    """The channels, a form for a new one, and the print choices for each."""
    form = _form()
    if form.validate_on_submit():
        try:
            with transaction() as db:
                channel = services.create_channel(
                    db, current_user.id, form.kind.data, form.name.data, form.location_id()
                )
        except DomainError as error:
            flash(str(error.message), "error")
        else:
            flash(_("The channel is made. You can print its cards now."))
            return redirect(url_for(".show", channel_id=channel.id))
    status = 422 if form.is_submitted() else 200
    channels = services.all_channels(get_session())
    return render_template("channels/index.html", form=form, channels=channels), status


@bp.route("/channels/<int:channel_id>", methods=["GET", "POST"])
@allow(OFFICE)
def show(channel_id: int):
    """One channel: change its name, kind or place, print its cards, or revoke it."""
    channel = _channel_or_404(channel_id)
    form = _form(channel)
    if form.validate_on_submit():
        try:
            with transaction() as db:
                services.change_channel(
                    db,
                    current_user.id,
                    channel_id,
                    form.kind.data,
                    form.name.data,
                    form.location_id(),
                )
        except DomainError as error:
            flash(str(error.message), "error")
        else:
            flash(_("Saved."))
            return redirect(url_for(".show", channel_id=channel_id))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "channels/show.html",
        channel=channel,
        form=form,
        print_form=PrintForm(formdata=None),
        languages=LANGUAGES,
    ), status


def _channel_or_404(channel_id: int):
    try:
        return services.get_channel(get_session(), channel_id)
    except NotFound:
        abort(404)


@bp.post("/channels/<int:channel_id>/revoke")
@allow(OFFICE)
@confirm_first(
    _l("Stop this channel?"),
    _l(
        "Its cards keep working, but they open the general first-visit page and are no longer "
        "counted. This cannot be undone."
    ),
    _l("Yes, stop the channel"),
)
def revoke(channel_id: int):
    """Stop a channel (for example, cards with a mistake on them)."""
    with transaction() as db:
        services.revoke_channel(db, current_user.id, channel_id, utcnow())
    flash(_("The channel is stopped. Its cards now open the general page."))
    return redirect(url_for(".show", channel_id=channel_id))


@bp.get("/channels/<int:channel_id>/cards")
@allow(OFFICE)
def cards(channel_id: int):
    """An A4 page of invitation cards with cut marks, in the chosen language and size."""
    channel = _channel_or_404(channel_id)
    form = PrintForm(request.args)
    if not form.validate():
        flash_errors(form)
        return redirect(url_for(".show", channel_id=channel_id))
    try:
        run = rules.check_print(form.language.data, form.size.data, form.count.data, LANGUAGES)
    except DomainError as error:
        flash(str(error.message), "error")
        return redirect(url_for(".show", channel_id=channel_id))
    if not channel.active:
        flash(_("This channel is stopped: its cards open the general page."), "error")
    address = external_url("channels.hello", code=channel.code, lang=run.language)
    return render_template(
        "channels/cards.html",
        channel=channel,
        run=run,
        words=words_in(run.language),
        qr=qr_svg(address, scalable=True),
        address=address,
    )


@bp.get("/hello/<code>/<lang>")
@allow(EVERYONE)
def hello(code: str, lang: str):
    """The first-visit page an invitation card opens, in the card's language; an unknown or
    stopped card opens the general page, never an error. Counted, so never cached (see below)."""
    db = get_session()
    now = datetime.now(BRUSSELS)
    # The visitor's own choice with the language switch wins; the card's language is for
    # this page only: nothing is written into a cookie or session for it.
    language = rules.page_language(lang, session.get("lang"), LANGUAGES)
    channel = services.active_by_code(db, code) if language else None
    if channel is not None and request.method == "GET":
        # One scan, one count: the page is sent with no-store (security's default for pages
        # not marked public), so a browser or proxy cache never answers for us uncounted.
        with transaction() as tx:
            services.count_scan(tx, channel, now.date())
    location_id = channel.location_id if channel is not None else None
    visits = places.first_visits(db, now, location_id=location_id)
    photos = {v.location.id: v.location.entrance_photo for v in visits}
    with force_locale(language or _visitor_language()):
        return render_template("channels/hello.html", visits=visits, photos=photos)


def _visitor_language() -> str:
    from spelotheek.i18n import current_language

    return current_language()


@bp.app_template_global()
def channel_kind(kind: str) -> str:
    """The name of a kind of channel, in the reader's language."""
    return str(rules.KIND_LABELS.get(kind, kind))
