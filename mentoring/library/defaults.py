"""The starter set every program begins with: its guides and worksheets, written for this platform, and the
icebreakers pairs may open their conversation with (pure data)."""

# (key, title, description, audience, stage, tags, paragraphs of the page)
STARTER_SET = [
    ("mentor_guide", "Mentor guide", "How to mentor here, from the first request to the last conversation.",
     "mentors", "before_matching", ",training,getting started,", (
         "Welcome, and thank you for giving your time. This guide takes ten minutes; reading it is your "
         "training.",
         "Before you are matched: write a clear profile (a headline, a short bio) and set your capacity: how "
         "many mentees you can take at once. You are never given more than that.",
         "Requests: mentees send you a request with a message. Reply within the program's reply time: accept, "
         "or decline kindly with a reason (a request not answered expires). Accepting begins the pair.",
         "The introduction: your first meeting is a meet-and-greet. Schedule it from the pair's page; both of "
         "you get a calendar invite by email that any calendar app takes. Afterwards, each of you says whether"
         " to continue.",
         "Sessions: plan regular sessions (one-off or a recurring check-in). Put topics on the agenda "
         "beforehand so the time is well spent; keep private notes if they help you.",
         "Goals: help your mentee write two or three goals with milestones on the pair's page, and look at "
         "them together every few sessions.",
         "Feedback: after sessions you are asked a few short questions. Your answers help the coordinators "
         "support you.",
         "Boundaries: listen more than you talk; ask before advising; keep what you hear confidential. If "
         'something worries you, use "Report a problem": only the coordinators read it.',
     )),
    ("mentee_guide", "Mentee guide", "How to get the most from your mentor, step by step.",
     "mentees", "before_matching", ",training,getting started,", (
         "Welcome! This guide takes ten minutes; reading it is your training.",
         "Finding a mentor: browse the suggested mentors, read why each is suggested, and send a request with "
         "a message saying what you hope to learn. You may hold a few requests at once; the others are "
         "withdrawn when one is accepted.",
         "The introduction: once accepted, schedule your meet-and-greet from the pair's page; both of you get "
         "a calendar invite by email. After meeting, each of you says whether to continue.",
         "Sessions: you lead. Propose times, add topics to the agenda before each session, and come with a "
         "question or a piece of work.",
         "Goals: write two or three goals on the pair's page, each with milestones, and tick them off as you "
         "go.",
         "Feedback: answer the short forms after sessions; they help the coordinators make the program better.",
         'If something is not right, use "Report a problem": only the coordinators read it.',
     )),
    ("first_meeting", "First meeting agenda", "A 45-minute plan for the introduction.",
     "everyone", "first_meeting", ",meetings,agenda,", (
         "Copy these items into the session's agenda on the pair's page.",
         "1. Introductions (10 minutes): who you are, your path so far, what you enjoy.",
         "2. Hopes (10 minutes): what the mentee wants from the program; what the mentor can offer.",
         "3. How you will work (10 minutes): how often to meet (the program suggests a cadence), how to reach "
         "each other, what stays confidential.",
         "4. First goals (10 minutes): one or two ideas to write as goals on the pair's page.",
         "5. Next step (5 minutes): schedule the next session before you leave, then both say on the pair's "
         "page whether to continue.",
     )),
    ("goal_worksheet", "Goal-setting worksheet", "Turn a wish into a goal with milestones.",
     "everyone", "first_meeting", ",goals,worksheet,", (
         "Answer these together, then write the goal on the pair's page.",
         'What do I want to achieve? Say it in one line, e.g. "Give a talk at a local meetup".',
         'Why does it matter to me? This goes in the goal\'s "why".',
         "By when? Pick a target date that is near enough to feel real.",
         "What are the steps? Write three to five milestones, each something you can finish in a week or two.",
         "How will my mentor help? Reviews, introductions, practice sessions: put them on the agendas of your "
         "sessions.",
         "Look back every few sessions: tick milestones, change the goal if it no longer fits.",
     )),
    ("closing_guide", "Closing conversation guide", "End the mentorship well, and say thank you.",
     "everyone", "ending", ",ending,reflection,", (
         "Plan one last session for this conversation.",
         "Look back: which goals on the pair's page were reached? What surprised you? What would you do "
         "differently?",
         "Look ahead: what will the mentee work on next, alone or with someone else?",
         "Say thank you, specifically.",
         "Decide whether you stay in touch, and how.",
         "Afterwards, end the pair from its page and answer the final survey: it helps the next mentors and "
         "mentees.",
     )),
]

ICEBREAKERS = [
    "What made you join this program?",
    "What are you working on at the moment that excites you?",
    "What is one thing you would like to be better at six months from now?",
    "Who helped you most when you were starting out, and how?",
    "How do you like to learn: reading, doing, or talking it through?",
    "What does a good session look like for you?",
]


def page(paragraphs):
    """A starter page's text: its paragraphs parted by blank lines."""
    return "\n\n".join(paragraphs)
