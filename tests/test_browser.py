"""End to end in headless Chromium: the real server on the small index, driven like a
person would, with screenshots saved to docs/screenshots/ for the README and docs/api.md.

Uses Debian's Chromium (`make browser` installs it); nothing is downloaded at test time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from assistant.local_servers import free_port
from assistant.settings import PROJECT_ROOT, Settings

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.e2e

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = PROJECT_ROOT / "docs" / "screenshots"
GLD_LEEDS = "What percentage of children in Leeds reached a good level of development in 2018?"
WAIT_MS = 60_000


@pytest.fixture(scope="module")
def server(small_index: Settings) -> Iterator[str]:
    """The app with its chat, served by uvicorn in a thread on a free local port."""
    import uvicorn

    from assistant.api.app import create_app

    port = free_port()
    config = uvicorn.Config(create_app(small_index, with_ui=True), host="127.0.0.1",
                            port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, name="e2e-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not running.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the server did not start")
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}/"
    running.should_exit = True
    thread.join(timeout=15)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's Chromium is not installed at /usr/bin/chromium (run `make browser`)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS,
                                              headless=True)
        yield launched
        launched.close()


def open_chat(browser: object, server: str) -> Page:
    """A fresh desktop-sized page on the chat, with the long answer timeout."""
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(WAIT_MS)
    page.goto(server, wait_until="load")
    return page


def test_chat_answers_with_chart_sources_and_collections(server: str, browser: object) -> None:
    from playwright.sync_api import expect

    page = open_chat(browser, server)
    question = page.locator("#question textarea")
    question.fill(GLD_LEEDS)
    question.press("Enter")  # keyboard only
    expect(page.locator("#chat")).to_contain_text("65.7", timeout=WAIT_MS)
    expect(page.locator("#chart .js-plotly-plot")).to_be_visible()
    expect(page.locator("#chart")).to_contain_text("65.7%")
    expect(page.locator("#sources")).to_contain_text("Department for Education")
    expect(page.locator("#table")).to_contain_text("Leeds")
    expect(page.locator("#download-csv")).to_be_visible()
    page.locator("#sql-box").get_by_text("SQL used to get this answer").click()
    expect(page.locator("#sql")).to_contain_text("SELECT")
    expect(page.locator("#status .working")).to_have_count(0)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "chat.png"), full_page=True)

    page.get_by_role("tab", name="Collections").click()
    expect(page.locator("#collection-early-years")).to_contain_text(
        "Early years and school readiness")
    page.locator("#datasets-early-years").get_by_text("in this collection").click()
    expect(page.locator("#datasets-early-years")).to_contain_text("Department for Education")
    page.screenshot(path=str(SHOTS / "collections.png"), full_page=True)

    page.locator("#example-early-years-0").click()  # asks it in the chat
    expect(page.locator("#question textarea")).to_be_visible()
    expect(page.locator("#chat")).to_contain_text("65.7", timeout=WAIT_MS)
    page.close()


def test_clarification_buttons_and_new_conversation(server: str, browser: object) -> None:
    from playwright.sync_api import expect

    page = open_chat(browser, server)
    page.locator("#question textarea").fill("What is life expectancy in Newcastle?")
    page.locator("#ask").click()
    option = page.locator("#options button", has_text="upon Tyne")
    expect(option).to_be_visible(timeout=WAIT_MS)
    option.click()
    expect(page.locator("#chart .js-plotly-plot")).to_be_visible(timeout=WAIT_MS)
    expect(page.locator("#table")).to_contain_text("Newcastle upon Tyne")
    expect(page.locator("#options")).to_be_hidden()
    page.locator("#new-conversation").click()
    expect(page.locator("#chat")).not_to_contain_text("Newcastle")
    expect(page.locator("#placeholder")).to_be_visible()
    page.close()
