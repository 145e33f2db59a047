"""Every time zone field takes a zone's name or a city naming one zone, and says which zone it chose."""
from conftest import PASSWORD
from mentoring.models import Question, User
from mentoring.questionnaires import engine
from mentoring.questionnaires.service import questionnaire_of
from support.client import seen

SIGN_UP = {"name": "Ada Lovelace", "email": "ada@example.org", "password": PASSWORD}


def test_sign_up_takes_a_city_and_says_which_zone_it_chose(client):
    response = client.submit("/signup", {**SIGN_UP, "timezone": "berlin"})
    assert response.status_code == 302
    assert User.by_email("ada@example.org").timezone == "Europe/Berlin"
    assert "Your time zone is Europe/Berlin; you can change it in your account." in seen(client.get("/"))


def test_a_city_that_could_be_several_zones_lists_them(client):
    response = client.submit("/signup", {**SIGN_UP, "timezone": "Indiana"})
    assert response.status_code == 422
    assert ("“Indiana” could be 8 time zones: America/Indiana/Indianapolis, America/Indiana/Knox, "
            "America/Indiana/Marengo") in seen(response)
    assert User.by_email("ada@example.org") is None


def test_account_settings_take_a_city_in_place(client, make_user, log_in):
    user = make_user()
    log_in(user)
    htmx = {"HX-Request": "true", "HX-Target": "profile-form"}
    response = client.submit("/account/profile", {"name": "Ada", "timezone": "new york"}, page="/account",
                             headers=htmx)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and body.lstrip().startswith('<form id="profile-form"')
    assert "Your profile is saved. Your time zone is America/New_York." in seen(body)
    assert 'value="America/New_York"' in body and User.get_by_id(user.id).timezone == "America/New_York"


def test_an_invitation_takes_a_city(app, client, mailbox, make_user, log_in, make_program):
    program = make_program(state="draft")
    log_in(make_user(admin=True))
    client.submit(f"/programs/{program.slug}/coordinators", {"email": "lea@example.org", "name": "Léa"})
    link = mailbox.wait_for("lea@example.org")[0].link_containing("/invitation/")
    newcomer = app.test_client()
    response = newcomer.submit(link, {"name": "Léa Martin", "timezone": "São Paulo", "password": PASSWORD})
    assert response.status_code == 302 and User.by_email("lea@example.org").timezone == "America/Sao_Paulo"
    assert "Your account is ready, in the time zone America/Sao_Paulo." in seen(newcomer.get("/"))


def test_a_time_zone_question_takes_a_city(client, make_user, make_program, join, log_in):
    program = make_program()
    Question.create(questionnaire=questionnaire_of(program, "mentor"), key="home_zone", position=99, kind="timezone",
                    label="Which time zone do you mentor from?", section="Where you are")
    user = make_user()
    join(user, program, "mentor", state="started", answers={"home_zone": ["UTC"]})
    number = len(engine.sections(Question.of(program, "mentor")))
    log_in(user)
    question = Question.get(Question.key == "home_zone")
    url = f"/programs/{program.slug}/apply/mentor/{number}"
    several = client.submit(url, {f"q{question.id}": "San"})
    assert several.status_code == 422 and "“San” could be 6 time zones: America/Argentina/San_Juan" in seen(several)
    assert client.submit(url, {f"q{question.id}": "tokyo"}).status_code == 302
    review = seen(client.get(f"/programs/{program.slug}/apply/mentor/review"))
    assert "Which time zone do you mentor from? Asia/Tokyo" in review
