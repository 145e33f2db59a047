"""The style guide: an admin sees every component and the contrast of the colour tokens; anyone else gets 404."""
from support.client import seen


def test_an_admin_sees_every_component_and_the_contrast_figures(client, log_in, make_user):
    log_in(make_user(name="Ada Admin", admin=True))
    response = client.get("/style")
    page = seen(response)
    assert response.status_code == 200
    for heading in ("Style guide", "Type scale", "Colours and their contrast", "Buttons and links",
                    "Badges and flags", "Messages", "Panels and cards", "Faces", "A form with an error", "A table",
                    "Empty state"):
        assert heading in page
    assert "--ink on --paper" in page and "passes" in page and "fails" not in page
    assert "Program name: Give the program a name." in page
    assert '<a href="/style">Style guide</a>' in response.get_data(as_text=True)


def test_someone_who_is_not_an_admin_gets_404(client, log_in, make_user):
    log_in(make_user(name="Cora Coordinator"))
    assert client.get("/style").status_code == 404
    assert "Style guide" not in seen(client.get("/"))
