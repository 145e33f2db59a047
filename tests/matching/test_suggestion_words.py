"""What mentees and mentors read about a possible match: filters in the mentee's words, honest empty states, and
reasons that speak for the pair kept apart from where the two differ."""
import re

from conftest import PASSWORD
from mentoring.models import Membership, MentorRequest, Question
from support.client import logged_in, seen

BUILDER = "/programs/{slug}/questions/{purpose}"


def filter_labels(page):
    return re.findall(r'<label for="filter-[^"]+">([^<]+)</label>', page)


def builder_form(**fields):
    return {"help": "", "section": "", "matching": "none", "weight": "5", "counterpart": "0", **fields}


def test_filters_are_named_in_the_mentees_words_for_any_rule(app, make_user, make_program, join):
    coordinator = make_user(name="Cora Coordinator")
    program = make_program(coordinators=[coordinator])
    mentee = join(make_user(name="Mia Mentee"), program, "mentee")
    cora = logged_in(app, coordinator, PASSWORD)
    cora.submit(BUILDER.format(slug=program.slug, purpose="mentor") + "/new",
                builder_form(label="Which tools do you use every day?", kind="multiple", new_choices="Git\nDocker"))
    tools = Question.of(program, "mentor").where(Question.label == "Which tools do you use every day?").get()
    mentee_form = builder_form(label="Which tools should your mentor know?", kind="multiple", new_choices="Git\nDocker",
                               matching="equal", counterpart=str(tools.id))
    cora.submit(BUILDER.format(slug=program.slug, purpose="mentee") + "/new", mentee_form)

    mia = logged_in(app, mentee.user, PASSWORD)
    page = mia.text(f"/programs/{program.slug}/mentors")
    assert filter_labels(page) == ["Can help with", "Speaks", "Which tools do they use every day?", "Free on",
                                   "Name or words"]

    wanted = Question.of(program, "mentee").where(Question.label == "Which tools should your mentor know?").get()
    cora.submit(BUILDER.format(slug=program.slug, purpose="mentee") + f"/{wanted.id}",
                {**mentee_form, "label_for_filter": "Works with"})
    assert filter_labels(mia.text(f"/programs/{program.slug}/mentors"))[2] == "Works with"


def test_with_no_filter_set_a_full_house_is_not_blamed_on_filters(app, client, log_in, make_user, make_program,
                                                                   join, make_pair):
    program = make_program()
    mentee = join(make_user(name="Mia Mentee"), program, "mentee", answers={"areas_to_grow": ["leadership"]})
    mentor = join(make_user(name="Lea Mentor"), program, "mentor", answers={"expertise": ["leadership"]})
    Membership.update(capacity=1).where(Membership.id == mentor.id).execute()
    make_pair(program, mentor=mentor)
    log_in(mentee.user)
    url = f"/programs/{program.slug}/mentors"
    page = seen(client.get(url))
    assert "1 mentor fits your answers, but none has a free seat right now." in page
    assert "filters" not in page.split("Name or words")[1] and "the best 0" not in page

    expertise = Question.of(program, "mentor").where(Question.key == "expertise").get()
    fragment = seen(client.get(f"{url}?q{expertise.id}=leadership&when=", headers={"HX-Request": "true"}))
    assert fragment.startswith("1 mentor fits these filters, but none has a free seat right now. Try fewer filters.")
    fragment = seen(client.get(f"{url}?q{expertise.id}=design", headers={"HX-Request": "true"}))
    assert fragment.startswith("No mentor fits these filters. Try fewer filters.")


def test_with_no_mentor_at_all_the_mentee_is_told_what_happens_next(client, log_in, make_user, make_program, join):
    program = make_program()
    mentee = join(make_user(name="Mia Mentee"), program, "mentee")
    log_in(mentee.user)
    page = seen(client.get(f"/programs/{program.slug}/mentors"))
    assert "No mentor fits your answers yet. New mentors may still join" in page


def test_why_they_fit_lists_only_what_speaks_for_the_pair(app, make_user, make_program, join):
    program = make_program()
    mentee = join(make_user(name="Mia Mentee"), program, "mentee",
                  answers={"areas_to_grow": ["leadership"], "feedback_style": ["1"]})
    mentor = join(make_user(name="Lea Mentor"), program, "mentor",
                  answers={"expertise": ["leadership"], "feedback_style": ["5"]})
    mia = logged_in(app, mentee.user, PASSWORD)
    mentor_page = seen(mia.get(f"/programs/{program.slug}/mentors/{mentor.id}"))
    why, differ = mentor_page.split("Why Lea Mentor fits you")[1].split("Where you differ")
    assert "You want “Leadership and management”; this mentor offers it" in why and "Far apart" not in why
    assert "Far apart on “How direct would you like feedback to be” (1 and 5 of 5)" in differ
    mia.submit(f"/programs/{program.slug}/mentors/{mentor.id}", {"message": "I hope to learn to lead a team."})

    request = MentorRequest.get()
    lea = logged_in(app, mentor.user, PASSWORD)
    page = seen(lea.get(f"/programs/{program.slug}/inbox/{request.id}"))
    why, differ = page.split("Why they fit you")[1].split("Where you differ")
    assert "They want “Leadership and management”; you offer it" in why and "Far apart" not in why
    assert differ.startswith(" Far apart on “How direct would you like feedback to be” (1 and 5 of 5)")


def test_a_card_shows_the_fit_as_a_labelled_meter_the_reasons_in_short_sentences_and_chips(client, log_in, make_user,
                                                                                          make_program, join):
    program = make_program()
    mentee = join(make_user(name="Mia Mentee"), program, "mentee",
                  answers={"areas_to_grow": ["leadership"], "languages": ["english"]})
    join(make_user(name="Lea Mentor"), program, "mentor",
         answers={"expertise": ["leadership"], "languages": ["english", "spanish"]})
    log_in(mentee.user)
    page = client.get(f"/programs/{program.slug}/mentors", headers={"HX-Request": "true"}).get_data(as_text=True)
    label = re.search(r'<label class="fit__label" for="(fit-\d+)">(.*?)</label>\s*<meter[^>]* id="([^"]+)"', page)
    assert seen(label.group(2)) == "Strong fit · 100 out of 100" and label.group(1) == label.group(3)
    assert 'aria-label="Fit score' not in page
    card = seen(page)
    assert "Lea Mentor headline" in card
    assert re.findall(r'<ul class="reasons"><li>(.*?)</li><li>(.*?)</li><li>(.*?)</li></ul>', page) == [
        ("Can help with leadership and management", "Free on Monday and Wednesday evenings, like you",
         "You both chose Technology")]
    assert re.findall(r'<li class="chip">([^<]+)</li>', page) == ["English", "Spanish", "8 hours a week in common",
                                                                  "Same time as you"]
