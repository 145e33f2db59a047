"""Requests sent at the same moment, as an attack, a double click or two people at once send them."""
import re
import threading
from html import unescape

from support.client import csrf_token

SUBMISSION_KEY = re.compile(r'<input[^>]*name="submission"[^>]*value="([^"]+)"')


def same_session(client, count):
    """`count` clients holding `client`'s cookies (its logged-in session), one for each thread."""
    copies = []
    for _ in range(count):
        copy = client.application.test_client()
        copy._cookies = dict(client._cookies)
        copies.append(copy)
    return copies


def form_of(client, page):
    """The CSRF token and the one-time submission key of the form on `page`, as a browser would send them."""
    return form_in(client.get(page).get_data(as_text=True))


def form_in(html):
    """The CSRF token and the one-time submission key of the (last) form in a page that creates something."""
    keys = SUBMISSION_KEY.findall(html)
    assert keys, "the page has no form with a submission key"
    return {"csrf_token": csrf_token(html), "submission": unescape(keys[-1])}


def at_once(*calls):
    """Run each call in a thread of its own, all released at the same moment; their results, in order. A call that
    raises (a crash: a deadlock, a lock timeout, an IntegrityError behind a 500) gives its exception's repr, so the
    test sees it instead of a thread dying quietly."""
    start = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        start.wait()
        try:
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - reported to the test as an outcome
            results[index] = f"crash: {error!r}"

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def post_at_once(clients, url, data):
    """Each client posts `data` to `url` (either one for all, or a list with one for each client) at the same moment;
    the responses as (status, Location, the text a person reads)."""
    urls = url if isinstance(url, list) else [url] * len(clients)
    data = data if isinstance(data, list) else [data] * len(clients)

    def post(client, url, fields):
        response = client.post(url, data=fields)
        return response.status_code, response.headers.get("Location", ""), unescape(response.get_data(as_text=True))
    return at_once(*[lambda client=client, url=url, fields=fields: post(client, url, fields)
                     for client, url, fields in zip(clients, urls, data, strict=True)])
