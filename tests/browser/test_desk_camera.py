"""The desk by camera: Chromium's fake camera plays a video of a family card's QR code."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import qrcode
from PIL import Image

from tests.browser.conftest import CHROMIUM, screenshot
from tests.factories import PASSWORD, make_family, make_user

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 640, 480


def write_y4m(path: Path, text: str, frames: int = 5) -> Path:
    """A short grey video (YUV 4:2:0) of the QR code of `text` on white, for the fake camera."""
    code = qrcode.make(text, box_size=8, border=4).get_image().convert("L")
    picture = Image.new("L", (WIDTH, HEIGHT), 255)
    picture.paste(code, ((WIDTH - code.width) // 2, (HEIGHT - code.height) // 2))
    luma = picture.tobytes()
    chroma = bytes([128]) * (WIDTH // 2 * HEIGHT // 2)  # no colour: grey U and V
    with path.open("wb") as video:
        video.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode("ascii"))
        for _ in range(frames):
            video.write(b"FRAME\n" + luma + chroma + chroma)
    return path


@pytest.fixture
def camera_page(browser, live_server: str, tmp_path: Path) -> Iterator:
    """A Chromium of its own whose camera shows the video written to tmp_path/camera.y4m.

    The session `browser` fixture (which skips without Chromium, like every browser test) owns
    the one Playwright driver a thread may run, so the second Chromium is launched through it.
    """
    video = tmp_path / "camera.y4m"
    chromium = browser.browser_type.launch(
        executable_path=CHROMIUM,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    context = chromium.new_context(base_url=live_server, locale="nl-BE")
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        yield page, video
    finally:
        context.close()
        chromium.close()


def log_in(page, email: str) -> None:
    page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/desk")  # desk people land on the desk


def test_a_family_card_is_scanned_with_the_camera(camera_page, live_server, db, backend) -> None:
    page, video = camera_page
    volunteer = make_user(db, role="volunteer", email="camera@example.test")
    family, code = make_family(db, "Yusuf en Lotte")
    db.commit()
    # The card's QR code is its login link (issue 21); the desk reads the code after the "#".
    # Chromium opens the file when the page asks for the camera.
    write_y4m(video, f"{live_server}/c#{code}")

    scans: list[str] = []
    page.on("request", lambda r: scans.append(r.url) if r.url.endswith("/desk/scan") else None)
    log_in(page, volunteer.email)
    page.goto("/desk")

    start = page.locator("#camera-start")
    assert start.is_visible()
    assert page.locator("#family-panel").count() == 0
    start.click()
    page.locator("#camera-stop").wait_for()
    page.locator("#family-panel h2", has_text="Yusuf en Lotte").wait_for()
    assert "signal-ok" in page.locator("#desk-result").get_attribute("class")
    assert page.locator("#camera-video").is_visible()  # still open for the next scan
    screenshot(page, f"desk-camera-{backend}")

    page.wait_for_timeout(1500)  # the card is still in view: not sent a second time
    assert len(scans) == 1, scans

    page.locator("#camera-stop").click()
    start.wait_for()
    assert page.locator("#camera-video").is_hidden()
    assert page.evaluate("document.getElementById('camera-video').srcObject") is None
    assert page.locator("#camera-message").inner_text() == ""


def test_a_refused_camera_says_so_and_the_box_still_works(camera_page, db) -> None:
    page, video = camera_page
    volunteer = make_user(db, role="volunteer", email="nocamera@example.test")
    make_family(db, "Noor")
    db.commit()
    page.add_init_script(
        "navigator.mediaDevices.getUserMedia = () =>"
        " Promise.reject(new DOMException('denied', 'NotAllowedError'));"
    )
    log_in(page, volunteer.email)
    page.goto("/desk")

    page.locator("#camera-start").click()
    page.locator("#camera-message", has_text="camera").wait_for()
    assert page.locator("#camera-video").is_hidden()
    assert page.locator("#camera-start").is_visible()  # one can try again


def test_no_camera_no_button(camera_page, db) -> None:
    page, _video = camera_page
    volunteer = make_user(db, role="volunteer", email="plain@example.test")
    db.commit()
    page.add_init_script("delete MediaDevices.prototype.getUserMedia;")
    log_in(page, volunteer.email)
    page.goto("/desk")

    page.locator("#code").wait_for()
    page.wait_for_load_state("load")  # deferred scripts have run
    assert page.locator("#camera").is_hidden()
    assert page.locator("#camera-start").is_hidden()
