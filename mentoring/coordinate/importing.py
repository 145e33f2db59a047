"""Importing participants from a spreadsheet: check every row first, then write all of them or none."""
import csv
import io
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email

from mentoring import audit, clock, timezones
from mentoring.auth import service as accounts
from mentoring.db import db
from mentoring.email.outbox import queue_email
from mentoring.errors import DomainError
from mentoring.models import Answer, Membership, Program, Question, Response, User
from mentoring.questionnaires import engine
from mentoring.questionnaires import service as questionnaires
from mentoring.text import lines, one_line
from mentoring.web import external_url, path_for
from mentoring.words import counted

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000
REQUIRED_COLUMNS = ("name", "email", "role")
PROFILE_COLUMNS = ("timezone", "headline", "bio", "capacity")


class ImportProblem(DomainError):
    """The file as a whole cannot be read; nothing was written."""


@dataclass
class Row:
    """One spreadsheet row, checked: what will be written, or what is wrong with it."""

    line: int
    name: str = ""
    email: str = ""
    role: str = ""
    timezone: str = "UTC"
    headline: str = ""
    bio: str = ""
    capacity: int | None = None
    answers: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    has_account: bool = False


@dataclass
class Preview:
    rows: list
    columns: list

    @property
    def problems(self):
        return sum(len(row.errors) for row in self.rows)


def read(data):
    """The header and records of an uploaded file, or ImportProblem saying why it cannot be read."""
    if not data.strip():
        raise ImportProblem("The file is empty.")
    if b"\x00" in data:
        raise ImportProblem("This is not a CSV file. Save your spreadsheet as “CSV UTF-8” and upload that.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportProblem(f"The file is not UTF-8 text (byte {error.start + 1} cannot be read). In Excel, "
                            "choose Save As → “CSV UTF-8”; in Google Sheets or LibreOffice, export as CSV "
                            "with UTF-8.") from None
    records = list(csv.reader(io.StringIO(text, newline="")))
    records = [record for record in records if any(cell.strip() for cell in record)]
    if not records:
        raise ImportProblem("The file is empty.")
    header = [cell.strip().lower() for cell in records[0]]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise ImportProblem(f"The first row must name the columns; missing: {', '.join(missing)}. "
                            "Columns are separated by commas.")
    if len(records) - 1 > MAX_ROWS:
        raise ImportProblem(f"The file has {len(records) - 1:,} rows; import at most {MAX_ROWS:,} at a time.")
    return header, records[1:]


def check(program, data):
    """Every row checked against the program's questions and members, before anything is written."""
    header, records = read(data)
    questions = {role: {q.key: q for q in Question.of(program, role)} for role in Membership.ROLES}
    known = set(REQUIRED_COLUMNS) | set(PROFILE_COLUMNS) | set(questions["mentor"]) | set(questions["mentee"])
    unknown = [name for name in header if name not in known]
    if unknown:
        raise ImportProblem("These columns are not question keys of this program: " + ", ".join(unknown)
                            + ". Rename or remove them; the question keys are listed below.")
    duplicated = {name for name in header if header.count(name) > 1}
    if duplicated:
        raise ImportProblem("These columns appear twice: " + ", ".join(sorted(duplicated)) + ".")
    rows = [_check_row(program, line, dict(zip(header, record, strict=False)), len(record) == len(header), questions)
            for line, record in enumerate(records, start=2)]
    _check_against_members(program, rows)
    return Preview(rows=rows, columns=header)


def _check_row(program, line, cells, complete, questions):
    """One record checked; its cells tidied as a form's fields are (the bio keeps its lines; answers are tidied for
    their question)."""
    tidied = {name: one_line(cells.get(name, "")) for name in REQUIRED_COLUMNS + PROFILE_COLUMNS}
    row = Row(line=line, name=tidied["name"], role=tidied["role"].lower())
    if not complete:
        row.errors.append("This row has a different number of cells than the first row.")
    if not row.name or len(row.name) > 120:
        row.errors.append("name: give a name of at most 120 characters.")
    try:
        row.email = validate_email(tidied["email"], check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        row.email = tidied["email"].lower()
        row.errors.append(f"email: “{row.email}” is not an email address.")
    if row.role not in Membership.ROLES:
        row.errors.append("role: write mentor or mentee.")
        return row
    zone = tidied["timezone"]
    try:
        row.timezone = timezones.find(zone) if zone else "UTC"
    except timezones.ZoneNotFound as error:
        row.errors.append(f"timezone: {error}")
        row.timezone = "UTC"
    row.headline, row.bio = tidied["headline"][:120], lines(cells.get("bio", ""))[:2000]
    if row.role == Membership.MENTOR:
        capacity = tidied["capacity"] or str(program.default_capacity)
        if not capacity.isdigit() or not 1 <= int(capacity) <= program.max_capacity:
            row.errors.append(f"capacity: write a number from 1 to {program.max_capacity}.")
        else:
            row.capacity = int(capacity)
    today = clock.now().date()
    for key, question in questions[row.role].items():
        try:
            value = engine.clean(question, engine.from_cell(question, cells.get(key, "")), row.timezone, today)
        except engine.AnswerError as error:
            row.errors.append(f"{key}: {error}")
        else:
            if value is not None:
                row.answers[question.id] = value
    return row


def _check_against_members(program, rows):
    """Duplicates within the file, and people already in the program (two queries for the whole file)."""
    emails = {row.email for row in rows}
    accounts_by_email = {user.email: user for user in User.select().where(User.email.in_(emails))}
    taken = {(m.user.email, m.role) for m in Membership.select(Membership.role, User.email).join(User)
             .where(Membership.program == program, User.email.in_(emails))}
    seen = {}
    for row in rows:
        row.has_account = row.email in accounts_by_email and accounts_by_email[row.email].has_password
        if (row.email, row.role) in taken:
            row.errors.append(f"{row.email} is already a {row.role} in this program.")
        first = seen.setdefault((row.email, row.role), row.line)
        if first != row.line:
            row.errors.append(f"{row.email} also appears on line {first}.")
        elif not program.allows_both_roles and any(
                email == row.email and role != row.role for email, role in list(seen) + list(taken)):
            row.errors.append(f"{row.email} appears with both roles; this program gives each person one role.")


def import_rows(actor, program, data):
    """Check the file again and write every row, or raise and write nothing; returns the rows."""
    now = clock.now()
    with db.atomic():
        Program.lock(program.id)  # two imports at once: the second is checked against the people the first added
        preview = check(program, data)
        if preview.problems:
            raise ImportProblem(f"The file has {counted(preview.problems, 'problem')}; nothing was imported.")
        for row in preview.rows:
            user, invitation = accounts.invite(email=row.email, name=row.name)
            if invitation:
                user.timezone = row.timezone
                user.save(only=[User.timezone])
            membership = Membership.create(
                program=program, user=user, role=row.role, state=Membership.APPROVED, headline=row.headline,
                bio=row.bio, capacity=row.capacity, submitted_at=now, decided_at=now)
            response = Response.create(questionnaire=questionnaires.questionnaire_of(program, row.role), user=user,
                                       membership=membership)
            Answer.insert_many([{"response": response, "question": question_id, "value": value}
                                for question_id, value in row.answers.items()]).execute()
            _welcome(user, invitation, membership)
        Program.roster_changed(program.id)
        audit.record(actor, "members.import", f"{len(preview.rows)} people", program=program,
                     mentors=sum(row.role == Membership.MENTOR for row in preview.rows),
                     mentees=sum(row.role == Membership.MENTEE for row in preview.rows))
    return preview.rows


def _welcome(user, invitation, membership):
    program = membership.program
    if invitation:
        link = external_url("auth.accept_invitation", token=invitation,
                            next=path_for("programs.application_review", slug=program.slug, role=membership.role))
        queue_email(user, "participant_invitation", f"You are invited to {program.name}", program=program,
                    membership=membership, link=link)
    else:
        queue_email(user, "participant_added", f"You were added to {program.name}", preference="program",
                    program=program, membership=membership, link=external_url("programs.show", slug=program.slug))
