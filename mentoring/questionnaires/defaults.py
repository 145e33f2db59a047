"""The questionnaire a new program starts from: what the best mentoring programs ask (pure data)."""


def _choices(*pairs):
    return [{"key": key, "label": label} for key, label in pairs]


AREAS = _choices(
    ("leadership", "Leadership and management"), ("career_growth", "Career growth and promotion"),
    ("career_change", "Changing careers"), ("technical", "Technical skills"),
    ("public_speaking", "Public speaking"), ("communication", "Communication and influence"),
    ("product", "Product management"), ("design", "Design and user experience"),
    ("data", "Data and analytics"), ("entrepreneurship", "Starting a business"),
    ("open_source", "Contributing to open source"), ("job_search", "Job search and interviews"),
    ("well_being", "Work–life balance and well-being"), ("networking", "Building a network"),
    ("negotiation", "Negotiation and pay"))
STAGES = _choices(
    ("student", "Student"), ("early", "Early career (0–2 years)"), ("developing", "Developing (3–5 years)"),
    ("experienced", "Experienced (6–10 years)"), ("senior", "Senior (11–20 years)"),
    ("veteran", "More than 20 years"))
INDUSTRIES = _choices(
    ("technology", "Technology"), ("finance", "Finance"), ("health", "Health care"), ("education", "Education"),
    ("public", "Public sector"), ("nonprofit", "Non-profit"), ("creative", "Creative industries"),
    ("industry", "Manufacturing and engineering"), ("retail", "Retail and services"),
    ("research", "Research and academia"), ("other", "Other"))
FORMATS = _choices(("video", "Video call"), ("phone", "Phone call"), ("chat", "Chat messages"),
                   ("in_person", "In person"))
LANGUAGES = _choices(
    ("english", "English"), ("spanish", "Spanish"), ("french", "French"), ("german", "German"),
    ("portuguese", "Portuguese"), ("italian", "Italian"), ("dutch", "Dutch"), ("hindi", "Hindi"),
    ("mandarin", "Mandarin"), ("arabic", "Arabic"), ("japanese", "Japanese"), ("other", "Another language"))
BACKGROUNDS = _choices(
    ("woman", "Woman"), ("nonbinary", "Non-binary"), ("lgbtq", "LGBTQ+"),
    ("first_generation", "First in my family at university"), ("immigrant", "Immigrant"),
    ("person_of_color", "Person of color"), ("disability", "Living with a disability"),
    ("caregiver", "Parent or caregiver"), ("returner", "Returning to work after a break"))

PERSONALITY = [
    dict(key="planning", kind="scale", label="I like to plan ahead rather than improvise",
         help="1 = I improvise, 5 = I plan everything", section="Your way of working", matching="similar", weight=2),
    dict(key="talking", kind="scale", label="Talking things through gives me energy",
         help="1 = I think on my own first, 5 = I think out loud", section="Your way of working",
         matching="similar", weight=1),
    dict(key="pace", kind="scale", label="I prefer to try fast and adjust rather than get it right first time",
         help="1 = careful and thorough, 5 = fast and iterative", section="Your way of working",
         matching="similar", weight=1),
]

MENTEE = [
    dict(key="goals", kind="long_text", required=True, section="Your goals",
         label="What do you hope to achieve through mentoring?",
         help="A few sentences: where you are now and where you would like to be. Mentors read this."),
    dict(key="areas_to_grow", kind="multiple", required=True, section="Your goals", choices=AREAS,
         label="Which areas do you want to grow in?", help="Choose up to the three that matter most.",
         matching="paired", counterpart="expertise", weight=8, filter_label="Can help with"),
    dict(key="career_stage", kind="single", required=True, section="About you", choices=STAGES,
         label="Where are you in your career?"),
    dict(key="industry", kind="single", section="About you", choices=INDUSTRIES,
         label="Which industry do you work in, or want to work in?",
         matching="similar", counterpart="industry", weight=3),
    dict(key="languages", kind="multiple", required=True, section="How you like to meet", choices=LANGUAGES,
         label="Which languages can you have a mentoring conversation in?",
         help="You will only be matched with mentors who share one of them.",
         matching="equal", counterpart="languages", weight=2, filter_label="Speaks"),
    dict(key="meeting_format", kind="multiple", required=True, section="How you like to meet", choices=FORMATS,
         label="How would you like to meet?", matching="similar", counterpart="meeting_format", weight=3),
    dict(key="feedback_style", kind="scale", required=True, section="How you like to meet",
         label="How direct would you like feedback to be?", help="1 = gentle and encouraging, 5 = blunt",
         matching="similar", counterpart="feedback_style", weight=3),
    dict(key="availability", kind="availability", required=True, section="How you like to meet",
         label="When are you usually free to meet?", help="In your own time zone. Tick every block that works.",
         matching="similar", counterpart="availability", weight=5),
    *[dict(item, counterpart=item["key"]) for item in PERSONALITY],
    dict(key="shared_background", kind="multiple", section="Background (optional)", choices=BACKGROUNDS,
         sensitive=True, label="I would like a mentor who shares my background",
         help="Optional. Used for matching only if you agree below, and never shown to other participants.",
         matching="paired", counterpart="background", weight=3),
]

MENTOR = [
    dict(key="expertise", kind="multiple", required=True, section="What you offer", choices=AREAS,
         label="In which areas can you help someone grow?", help="Choose the areas you know from experience."),
    dict(key="motivation", kind="long_text", section="What you offer",
         label="Why would you like to be a mentor?", help="Mentees read this on your profile."),
    dict(key="career_stage", kind="single", required=True, section="About you", choices=STAGES,
         label="Where are you in your career?"),
    dict(key="industry", kind="single", section="About you", choices=INDUSTRIES,
         label="Which industry do you work in?"),
    dict(key="languages", kind="multiple", required=True, section="How you like to meet", choices=LANGUAGES,
         label="Which languages can you mentor in?"),
    dict(key="meeting_format", kind="multiple", required=True, section="How you like to meet", choices=FORMATS,
         label="How would you like to meet?"),
    dict(key="feedback_style", kind="scale", required=True, section="How you like to meet",
         label="How direct is your feedback?", help="1 = gentle and encouraging, 5 = blunt"),
    dict(key="availability", kind="availability", required=True, section="How you like to meet",
         label="When are you usually free to meet?", help="In your own time zone. Tick every block that works."),
    *[dict(item, matching="none") for item in PERSONALITY],
    dict(key="background", kind="multiple", section="Background (optional)", choices=BACKGROUNDS, sensitive=True,
         label="My background",
         help="Optional. Helps mentees who ask for someone with a shared background; used only if you agree "
              "below, and never shown to other participants."),
]


# The feedback forms (coordinators can edit them). The questions named in MEASURED feed the health board and the
# report: they can be reworded but keep their kind and cannot be removed.
MEASURED = {"session_feedback": ("took_place", "usefulness"), "check_in": ("satisfaction",), "final": ("recommend",)}
FEEDBACK = {
    "session_feedback": [
        dict(key="took_place", kind="single", required=True, label="Did the session take place?",
             choices=_choices(("yes", "Yes"), ("no_show", "No, one of us did not come"),
                              ("rescheduled", "No, we moved it"))),
        dict(key="usefulness", kind="scale", required=False, label="How useful was it? (1 = not at all, 5 = very)"),
        dict(key="went_well", kind="long_text", label="What went well?"),
        dict(key="could_be_better", kind="long_text", label="What could be better?"),
        dict(key="goal_progress", kind="single", label="Progress on your goals",
             choices=_choices(("none", "No progress this time"), ("some", "Some progress"),
                              ("good", "Good progress"), ("reached", "We reached a goal"))),
    ],
    "check_in": [
        dict(key="satisfaction", kind="scale", required=True,
             label="How satisfied are you with your mentoring relationship? (1 = not at all, 5 = very)"),
        dict(key="as_planned", kind="single", required=True, label="Are you meeting as planned?",
             choices=_choices(("yes", "Yes"), ("mostly", "Mostly"), ("no", "No"))),
        dict(key="for_coordinator", kind="long_text", label="Anything the coordinators should know?",
             help="Only the coordinators read this."),
    ],
    "final": [
        dict(key="goals_reached", kind="single", required=True, label="Did you reach the goals you set?",
             choices=_choices(("all", "All of them"), ("some", "Some of them"), ("none", "Not yet"))),
        dict(key="recommend", kind="recommend", required=True,
             label="How likely are you to recommend this program to a friend? (0 = not at all, 10 = certainly)"),
        dict(key="comments", kind="long_text", label="Anything else you would like to tell us?"),
    ],
}
