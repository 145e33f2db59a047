"""The question builder: answers stay meaningful whatever the coordinator changes."""

from mentoring.models import Answer, AuditLog, Question
from support.client import text

BASE = "/programs/{slug}/questions/{purpose}"


def question_form(question=None, **changes):
    data = {"label": question.label if question else "", "help": "", "section": question.section if question else "",
            "kind": question.kind if question else "single", "matching": "none", "weight": "5", "counterpart": "0"}
    if question is not None and question.required:
        data["required"] = "y"
    data.update(changes)
    return data


def test_add_a_choice_question_with_options(client, make_user, log_in, make_program):
    coordinator = make_user()
    program = make_program(coordinators=[coordinator])
    log_in(coordinator)
    url = BASE.format(slug=program.slug, purpose="mentee")
    response = client.submit(url + "/new", question_form(label="Favourite framework?", kind="single",
                                                         new_choices="Django\nFlask\n\nFastAPI", required="y"))
    question = Question.of(program, "mentee").where(Question.label == "Favourite framework?").get()
    assert response.headers["Location"] == f"{url}#question-{question.id}"
    assert question.key == "favourite_framework" and question.required
    assert question.choices == [{"key": "django", "label": "Django"}, {"key": "flask", "label": "Flask"},
                                {"key": "fastapi", "label": "FastAPI"}]
    assert question.position == max(q.position for q in Question.of(program, "mentee"))
    assert "“Favourite framework?” is added at the end." in client.text(url)

    one_option = client.submit(url + "/new", question_form(label="Lonely", kind="multiple", new_choices="Only"))
    assert one_option.status_code == 422 and "Give at least two options to choose from." in text(one_option)
    assert 'value="Lonely"' in text(one_option)


def test_renaming_a_choice_keeps_its_key_and_the_answers(client, make_user, log_in, make_program, join):
    coordinator = make_user()
    program = make_program(coordinators=[coordinator])
    membership = join(make_user(), program, "mentee", answers={"career_stage": ["student"]})
    question = Question.of(program, "mentee").where(Question.key == "career_stage").get()
    log_in(coordinator)
    url = BASE.format(slug=program.slug, purpose="mentee") + f"/{question.id}"
    client.submit(url, question_form(question, **{"choice-student": "Studying at university or school"}))
    question = Question.get_by_id(question.id)
    assert question.choice_labels["student"] == "Studying at university or school"
    [answer] = Answer.select().where(Answer.question == question)
    assert answer.value == "student"
    page = client.text(f"/programs/{program.slug}/applicants/{membership.id}")
    assert "Studying at university or school" in page


def test_removing_a_chosen_option_asks_first_then_takes_it_out_of_answers(client, make_user, log_in, make_program,
                                                                         join):
    coordinator = make_user()
    program = make_program(coordinators=[coordinator])
    join(make_user(), program, "mentee", answers={"areas_to_grow": ["leadership", "design"]})
    join(make_user(), program, "mentee", answers={"areas_to_grow": ["design"]})
    question = Question.of(program, "mentee").where(Question.key == "areas_to_grow").get()
    log_in(coordinator)
    url = BASE.format(slug=program.slug, purpose="mentee") + f"/{question.id}"
    data = question_form(question, matching="paired", counterpart=str(question.counterpart_id), weight="8",
                         **{"remove-design": "1"})
    asked = client.submit(url, data)
    assert asked.status_code == 200
    assert "Some people chose the options you are removing: “Design and user experience” (2)." in text(asked)
    assert "design" in Question.get_by_id(question.id).choice_labels
    assert 'name="remove-design" value="1"\n                   checked' in asked.get_data(as_text=True)

    client.submit(url, {**data, "confirmed": "1"})
    assert "design" not in Question.get_by_id(question.id).choice_labels
    values = sorted(str(a.value) for a in Answer.select().where(Answer.question == question))
    assert values == ["['leadership']"]  # the answer that only had "design" is gone
    entry = AuditLog.select().where(AuditLog.action == "question.edit").get()
    assert entry.detail["removed_choices"] == ["design"] and entry.actor == coordinator


def test_the_kind_of_an_answered_question_cannot_change(client, make_user, log_in, make_program, join):
    coordinator = make_user()
    program = make_program(coordinators=[coordinator])
    join(make_user(), program, "mentee")
    question = Question.of(program, "mentee").where(Question.key == "goals").get()
    log_in(coordinator)
    response = client.submit(BASE.format(slug=program.slug, purpose="mentee") + f"/{question.id}",
                             question_form(question, kind="short_text"))
    assert response.status_code == 422 and "its kind cannot change" in text(response)
    assert Question.get_by_id(question.id).kind == "long_text"


def test_matching_rules_must_fit_the_questions_they_compare(client, make_user, log_in, make_program):
    coordinator = make_user()
    program = make_program(coordinators=[coordinator])
    question = Question.of(program, "mentee").where(Question.key == "career_stage").get()
    mentor_goal_text = Question.of(program, "mentor").where(Question.key == "motivation").get()
    log_in(coordinator)
    url = BASE.format(slug=program.slug, purpose="mentee") + f"/{question.id}"
    response = client.submit(url, question_form(question, matching="similar", counterpart=str(mentor_goal_text.id)))
    assert response.status_code == 422
    assert "A single choice question cannot be “similar” with a long text question." in text(response)
    response = client.submit(url, question_form(question, matching="equal", counterpart="0"))
    assert "Choose the mentor question to compare with." in text(response)
    mentor_stage = Question.of(program, "mentor").where(Question.key == "career_stage").get()
    client.submit(url, question_form(question, matching="similar", counterpart=str(mentor_stage.id), weight="7"))
    question = Question.get_by_id(question.id)
    assert (question.matching, question.counterpart_id, question.weight) == ("similar", mentor_stage.id, 7)
    assert "Similar answers to “Where are you in your career” score higher (counts a lot)." in client.text(
        f"/programs/{program.slug}")


def test_mentor_questions_carry_no_rules_of_their_own(client, make_user, log_in, make_program):
    coordinator = make_user()
    program = make_program(coordinators=[coordinator])
    log_in(coordinator)
    page = client.text(BASE.format(slug=program.slug, purpose="mentor") + "/new")
    assert "How it counts for matching" not in page
    expertise = Question.of(program, "mentor").where(Question.key == "expertise").get()
    assert "compared with a mentee question" in client.text(BASE.format(slug=program.slug, purpose="mentor")) \
        and expertise.counterpart_of.count() == 1


def positions(program):
    return [q.key for q in Question.of(program, "mentee")]


def test_reorder_with_a_plain_form_and_with_htmx(client, make_user, log_in, make_program):
    coordinator = make_user()
    program = make_program(coordinators=[coordinator])
    log_in(coordinator)
    before = positions(program)
    second = Question.of(program, "mentee").where(Question.key == before[1]).get()
    url = BASE.format(slug=program.slug, purpose="mentee") + f"/{second.id}/move"
    response = client.submit(url, {"direction": "up"}, page=BASE.format(slug=program.slug, purpose="mentee"))
    assert response.status_code == 302 and response.headers["Location"].endswith(f"#question-{second.id}")
    assert positions(program) == [before[1], before[0]] + before[2:]

    response = client.submit(url, {"direction": "down"}, page=BASE.format(slug=program.slug, purpose="mentee"),
                             headers={"HX-Request": "true", "HX-Target": "question-list"})
    fragment = text(response)
    assert fragment.lstrip().startswith('<div id="question-list">') and "<html" not in fragment
    assert f"“{second.label}” moved down to position 2." in fragment
    assert positions(program) == before

    first = Question.of(program, "mentee").where(Question.key == before[0]).get()
    client.submit(BASE.format(slug=program.slug, purpose="mentee") + f"/{first.id}/move", {"direction": "up"},
                  page=BASE.format(slug=program.slug, purpose="mentee"))
    assert positions(program) == before  # the first stays first
    moves = AuditLog.select().where(AuditLog.action == "question.move").count()
    assert moves == 2


def test_removing_an_answered_question_asks_and_then_deletes_its_answers(client, make_user, log_in, make_program,
                                                                        join):
    coordinator = make_user()
    program = make_program(coordinators=[coordinator])
    join(make_user(), program, "mentee")
    mentor_languages = Question.of(program, "mentor").where(Question.key == "languages").get()
    mentee_languages = Question.of(program, "mentee").where(Question.key == "languages").get()
    join(make_user(), program, "mentor")
    log_in(coordinator)
    url = BASE.format(slug=program.slug, purpose="mentor") + f"/{mentor_languages.id}/remove"
    assert "1 person has answered this question." in client.text(url)
    client.submit(url, {"confirmed": "1"})
    assert Question.get_or_none(Question.id == mentor_languages.id) is None
    assert Answer.select().where(Answer.question == mentor_languages.id).count() == 0
    assert Question.get_by_id(mentee_languages.id).matching == "none"  # its rule had nothing left to compare
    assert AuditLog.get(AuditLog.action == "question.remove").detail["answers_deleted"] == 1
