"""The favicon, the web app manifest and the theme colours every page names in its head."""
import json


def test_every_page_names_its_icons_manifest_and_theme_colours(client):
    page = client.get("/").get_data(as_text=True)
    assert 'rel="icon" href="/static/favicon.svg" type="image/svg+xml"' in page
    assert 'rel="manifest" href="/static/manifest.webmanifest"' in page
    assert 'name="theme-color" content="#234e8c" media="(prefers-color-scheme: light)"' in page
    assert 'media="(prefers-color-scheme: dark)"' in page
    for icon in ("/static/favicon.svg", "/static/favicon.png", "/static/apple-touch-icon.png"):
        assert client.get(icon).status_code == 200


def test_the_manifest_is_served_as_a_manifest_with_icons_that_exist(client):
    response = client.get("/static/manifest.webmanifest")
    assert response.mimetype == "application/manifest+json"
    manifest = json.loads(response.get_data(as_text=True))
    assert manifest["name"] == "Mentoring" and manifest["start_url"] == "/"
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200
