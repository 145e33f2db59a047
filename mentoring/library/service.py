"""The program's library: coordinators keep its resources and icebreakers, members read what fits their role and
the stage of their pair and mark it read; a program may ask mentors to read their guide before accepting requests."""
import peewee as pw

from mentoring import audit, clock, privacy, storage
from mentoring.access import is_coordinator
from mentoring.conversations.files import clean_name
from mentoring.db import db
from mentoring.errors import DomainError, NotFound
from mentoring.library.defaults import ICEBREAKERS, STARTER_SET, page
from mentoring.matching import requests
from mentoring.models import Icebreaker, Membership, Pair, Resource, ResourceFile, ResourceRead
from mentoring.programs import service as programs
from mentoring.web import path_for

FIELDS = ("kind", "title", "description", "link", "body", "tags", "audience", "stage")
AUDIENCE_OF_ROLE = {Membership.MENTOR: "mentors", Membership.MENTEE: "mentees"}
GUIDE_OF_ROLE = {Membership.MENTOR: Resource.MENTOR_GUIDE, Membership.MENTEE: Resource.MENTEE_GUIDE}
STAGE_OF_PAIR = {Pair.PROPOSED: "before_matching", Pair.INTRODUCTION: "first_meeting", Pair.ACTIVE: "mid_way",
                 Pair.PAUSED: "mid_way", Pair.ENDED: "ending"}
DASHBOARD_SHOWN = 3


@programs.when_created
def give_starter_set(program):
    """A new program's starter guides and worksheets, and its default icebreakers."""
    for key, title, description, audience, stage, tags, paragraphs in STARTER_SET:
        Resource.create(program=program, key=key, title=title, description=description, audience=audience,
                        stage=stage, tags=tags, body=page(paragraphs))
    for position, text in enumerate(ICEBREAKERS, 1):
        Icebreaker.create(program=program, text=text, position=position)


def tags_from(text):
    """Tags typed as "career, first steps" kept as ",career,first steps," (lower case, each once)."""
    tags = dict.fromkeys(tag.strip().lower() for tag in text.split(",") if tag.strip())
    return f",{','.join(tags)}," if tags else ""


# Whose membership lets them read the library: members (a deactivated one still reads) everything for their role,
# applicants waiting for an answer what is meant for before matching; anyone else (an application not sent, refused
# or withdrawn) nothing.
READS_ALL = (Membership.APPROVED, Membership.DEACTIVATED)
READS_BEFORE_MATCHING = (Membership.PENDING,)


def reading_of(program, user):
    """{audience: the stage its resources must fit ("" for any)} that `user` may read in `program` (NotFound for
    someone who may read none of it)."""
    reading = {}
    for membership in Membership.mine(program.id, user.id):
        if membership.role not in AUDIENCE_OF_ROLE:
            continue
        if membership.state in READS_ALL:
            limit = ""
        elif membership.state in READS_BEFORE_MATCHING:
            limit = "before_matching"
        else:
            continue
        for audience in ("everyone", AUDIENCE_OF_ROLE[membership.role]):
            reading[audience] = "" if reading.get(audience) == "" else limit
    if not reading:
        raise NotFound()
    return reading


def _readable(resource, reading):
    """Whether `resource` is among what `reading` (see reading_of) allows."""
    limit = reading.get(resource.audience)
    return limit is not None and (limit == "" or resource.stage in (limit, ""))


def resource_in(program, resource_id):
    """The resource `resource_id` of `program`, for its coordinators (another program's: NotFound)."""
    resource = Resource.get_or_none(Resource.id == resource_id, Resource.program == program.id)
    if resource is None:
        raise NotFound()
    return resource


def resource_for(program, user, resource_id):
    """The resource when `user` runs the program or may read it (see reading_of; anyone else: NotFound)."""
    resource = resource_in(program, resource_id)
    if is_coordinator(program, user) or _readable(resource, reading_of(program, user)):
        return resource
    raise NotFound()


def resources_for(program, user, stage="", tag=""):
    """The resources `user` sees in the library (all of them for coordinators; NotFound for someone who may read
    none), with the ids they marked read."""
    if is_coordinator(program, user):
        resources = list(Resource.of_program(program, None, stage, tag))
    else:
        reading = reading_of(program, user)
        resources = [resource for resource in Resource.of_program(program, list(reading), stage, tag)
                     if _readable(resource, reading)]
    return resources, ResourceRead.ids_read_by(user, resources)


def save(actor, program, fields, resource=None, upload=None, max_bytes=0):
    """Add a resource to the program's library, or change `resource`; `fields` holds FIELDS. A resource of the file
    kind keeps the file `upload` ((name, stream), at most `max_bytes`) in place of the one it had; the bytes of a file
    it no longer has go once the change is saved."""
    values = {name: fields[name] for name in FIELDS}
    values["tags"] = tags_from(values["tags"])
    if values["kind"] == Resource.LINK and not values["link"]:
        raise DomainError("Give the link's address.", field="link")
    if values["kind"] == Resource.PAGE and not values["body"]:
        raise DomainError("Write the page.", field="body")
    kept = ResourceFile.of(resource) if resource is not None else None
    name = clean_name(upload[0]) if upload is not None and values["kind"] == Resource.FILE else ""
    if values["kind"] == Resource.FILE and not name and kept is None:
        raise DomainError("Choose the file to share.", field="file")
    if name:
        with storage.taken_in(name, upload[1], max_bytes) as taken, db.atomic():
            resource = _write(actor, program, values, resource)
            if kept is not None:
                kept.delete_instance()
            ResourceFile.create(resource=resource, name=name, size=taken.size, content_type=taken.content_type,
                                key=taken.key)
    else:
        with db.atomic():
            resource = _write(actor, program, values, resource)
            if kept is not None and values["kind"] != Resource.FILE:
                kept.delete_instance()
            else:
                kept = None
    if kept is not None:
        storage.current().delete(kept.key)
    return resource


def _write(actor, program, values, resource):
    """Create or change the resource's row, and say so in the audit log."""
    if resource is None:
        resource = Resource.create(program=program, **values)
        audit.record(actor, "library.add", resource.title, program=program)
    else:
        for name, value in values.items():
            setattr(resource, name, value)
        resource.updated_at = clock.now()
        resource.save()
        audit.record(actor, "library.edit", resource.title, program=program)
    return resource


def remove(actor, program, resource):
    """Take a resource out of the library (who read it is forgotten with it; its file's bytes go once it is)."""
    kept = ResourceFile.of(resource)
    with db.atomic():
        resource.delete_instance()
        audit.record(actor, "library.remove", resource.title, program=program)
    if kept is not None:
        storage.current().delete(kept.key)


def file_kept(resource):
    """The file of a resource of the file kind (None for a link or a page)."""
    return ResourceFile.of(resource) if resource.kind == Resource.FILE else None


def file_of(program, user, resource_id):
    """The file of the resource `resource_id` and its bytes opened for reading, for those who may read the resource
    (anyone else, a resource without a file, and a file whose bytes are gone: NotFound)."""
    kept = ResourceFile.of(resource_for(program, user, resource_id))
    if kept is None:
        raise NotFound()
    try:
        return kept, storage.current().open(kept.key)
    except FileNotFoundError:
        raise NotFound() from None


def mark_read(resource, user):
    """Note that `user` read `resource` (once, however often they say so)."""
    with db.atomic():
        if not ResourceRead.select().where(ResourceRead.resource == resource, ResourceRead.user == user).exists():
            try:
                with db.atomic():
                    ResourceRead.create(resource=resource, user=user)
            except pw.IntegrityError:
                pass  # marked read at the same moment elsewhere


def has_read(user, resource):
    """Whether `user` marked `resource` read."""
    return bool(ResourceRead.ids_read_by(user, [resource]))


def icebreakers(program):
    """The questions the program offers a pair to start their conversation with, in order."""
    return [icebreaker.text for icebreaker in Icebreaker.of_program(program)]


def set_icebreakers(actor, program, texts):
    """Replace the program's icebreakers with `texts`, one question each."""
    with db.atomic():
        Icebreaker.delete().where(Icebreaker.program == program).execute()
        for position, text in enumerate(texts, 1):
            Icebreaker.create(program=program, text=text, position=position)
        audit.record(actor, "library.icebreakers", f"{len(texts)} questions", program=program)


def stage_of(pair):
    """The library stage a pair is at (no pair yet: before matching)."""
    return STAGE_OF_PAIR[pair.state] if pair is not None else "before_matching"


def for_dashboard(memberships, pairs):
    """{membership id: a few resources for its role and the stage of its latest pair (of `pairs`, newest first)}
    for the dashboard, in one query."""
    latest = {}
    for pair in pairs:
        for membership_id in (pair.mentee_id, pair.mentor_id):
            latest.setdefault(membership_id, pair)
    members = [m for m in memberships if m.role in AUDIENCE_OF_ROLE and m.state in READS_ALL + READS_BEFORE_MATCHING]
    resources = list(Resource.of_programs([m.program_id for m in members]))
    shown = {}
    for membership in members:
        audiences = ("everyone", AUDIENCE_OF_ROLE[membership.role])
        stage = stage_of(latest.get(membership.id))
        shown[membership.id] = [resource for resource in resources
                                if resource.program_id == membership.program_id and resource.audience in audiences
                                and resource.stage in (stage, "")][:DASHBOARD_SHOWN]
    return shown


def trained(program):
    """The ids of the people who read the guide of their role in `program`, per role."""
    readers = ResourceRead.readers_of_guides(program)
    return {role: {user_id for user_id, key in readers if key == guide} for role, guide in GUIDE_OF_ROLE.items()}


@requests.before_accept
def read_the_guide_first(mentor):
    """When the program asks it, a mentor reads the mentor guide before accepting a request."""
    program = mentor.program
    if not program.mentors_read_guide:
        return
    guide = Resource.guide(program, Resource.MENTOR_GUIDE)
    if guide is None or ResourceRead.select().where(ResourceRead.resource == guide,
                                                    ResourceRead.user == mentor.user_id).exists():
        return
    raise DomainError("This program asks mentors to read the mentor guide before accepting requests.",
                      link=(path_for("library.resource", slug=program.slug, resource_id=guide.id),
                            "Read the mentor guide"))


@programs.when_deleting
def _remove_bytes_with(program):
    """The bytes of the library's files go once the program's deletion commits."""
    keys = [key for (key,) in ResourceFile.of_program(program).tuples()]
    return lambda: storage.remove(keys)


@storage.holds_keys
def _kept_keys():
    return [key for (key,) in ResourceFile.select(ResourceFile.key).tuples()]


@privacy.exporter("library")
def export_reads(user):
    """What the person marked read in each program's library."""
    return [{"program": read.resource.program.name, "resource": read.resource.title,
             "read_at": read.read_at.isoformat()} for read in ResourceRead.of_user(user)]


@privacy.eraser
def erase_reads(user):
    """Forget what the person marked read."""
    ResourceRead.delete().where(ResourceRead.user == user).execute()
