"""The program's library: resources for its members, who has read which, and the icebreakers pairs start with."""
import peewee as pw

from mentoring import clock
from mentoring.models.auth import User
from mentoring.models.base import BaseModel, StoredFile, UTCDateTimeField
from mentoring.models.programs import Program


class Resource(BaseModel):
    """A link, a page written in the app or a file, for everyone in a program, its mentors or its mentees, at one
    stage."""

    LINK, PAGE, FILE = "link", "page", "file"
    KINDS = {PAGE: "A page written here", LINK: "A link to another site", FILE: "A file (a PDF, slides, a document)"}
    AUDIENCES = {"everyone": "Everyone", "mentors": "Mentors", "mentees": "Mentees"}
    STAGES = {"": "Any stage", "before_matching": "Before matching", "first_meeting": "First meeting",
              "mid_way": "Mid-way", "ending": "Ending"}
    MENTOR_GUIDE, MENTEE_GUIDE = "mentor_guide", "mentee_guide"  # the training each role reads

    program = pw.ForeignKeyField(Program, backref="resources", on_delete="CASCADE")
    kind = pw.CharField(max_length=8, default=PAGE)
    title = pw.CharField(max_length=200)
    description = pw.CharField(max_length=300, default="")
    link = pw.CharField(max_length=500, default="")
    body = pw.TextField(default="")
    tags = pw.CharField(max_length=300, default="")  # ",career,first steps,": lower case, each between commas
    audience = pw.CharField(max_length=10, default="everyone")
    stage = pw.CharField(max_length=16, default="")
    key = pw.CharField(max_length=20, default="")  # names a starter guide (the training of a role)
    created_at = UTCDateTimeField(default=clock.now)
    updated_at = UTCDateTimeField(default=clock.now)

    class Meta:
        indexes = ((("program", "audience", "stage"), False),)

    @property
    def tag_list(self):
        return [tag for tag in self.tags.split(",") if tag]

    @classmethod
    def of_program(cls, program, audiences=None, stage="", tag=""):
        """The program's resources by title, only for `audiences` when given, at `stage` (or any) and with `tag`."""
        query = (cls.select()
                 .where(cls.program == program)
                 .order_by(cls.title))
        if audiences:
            query = query.where(cls.audience.in_(audiences))
        if stage:
            query = query.where((cls.stage == stage) | (cls.stage == ""))
        if tag:
            query = query.where(cls.tags.contains(f",{tag},"))
        return query

    @classmethod
    def of_programs(cls, program_ids):
        """The resources of these programs, those of a stage before those of any stage, then by title."""
        return (cls.select()
                .where(cls.program.in_(program_ids))
                .order_by(cls.stage.desc(), cls.title))

    @classmethod
    def guide(cls, program, key):
        """The program's guide named `key` (a role's training), or None."""
        return cls.get_or_none(cls.program == program, cls.key == key)


class ResourceFile(StoredFile):
    """The file of a resource of the file kind; its bytes are kept in the site's store under `key`."""

    resource = pw.ForeignKeyField(Resource, unique=True, backref="+", on_delete="CASCADE")

    @classmethod
    def of(cls, resource):
        """The resource's file, or None."""
        return cls.get_or_none(cls.resource == resource)

    @classmethod
    def of_program(cls, program):
        """The keys of the files of the program's library."""
        return (cls.select(cls.key)
                .join(Resource)
                .where(Resource.program == program))


class ResourceRead(BaseModel):
    """A person marked a resource read."""

    resource = pw.ForeignKeyField(Resource, backref="reads", on_delete="CASCADE")
    user = pw.ForeignKeyField(User, backref="+", on_delete="CASCADE")
    read_at = UTCDateTimeField(default=clock.now)

    class Meta:
        indexes = ((("resource", "user"), True), (("user",), False))

    @classmethod
    def ids_read_by(cls, user, resources):
        """The ids of `resources` that `user` marked read."""
        return {row.resource_id for row in cls.select(cls.resource)
                .where(cls.user == user, cls.resource.in_([resource.id for resource in resources]))}

    @classmethod
    def of_user(cls, user):
        """What `user` marked read, with each resource and its program, oldest first."""
        return (cls.select(cls, Resource, Program)
                .join(Resource)
                .join(Program)
                .where(cls.user == user)
                .order_by(cls.read_at))

    @classmethod
    def readers_of_guides(cls, program):
        """(user id, guide key) for everyone who read one of the program's role guides."""
        return {(row.user_id, row.resource.key) for row in cls.select(cls.user, Resource.key)
                .join(Resource)
                .where(Resource.program == program, Resource.key.in_([Resource.MENTOR_GUIDE, Resource.MENTEE_GUIDE]))}


class Icebreaker(BaseModel):
    """A question a program offers pairs to start their conversation with."""

    program = pw.ForeignKeyField(Program, backref="icebreakers", on_delete="CASCADE")
    text = pw.CharField(max_length=300)
    position = pw.IntegerField()

    class Meta:
        indexes = ((("program", "position"), False),)

    @classmethod
    def of_program(cls, program):
        """The program's icebreakers in order."""
        return (cls.select()
                .where(cls.program == program)
                .order_by(cls.position))
