"""Programs, their coordinators and members, the log of their changes and of what coordinators did."""
import peewee as pw

from mentoring import clock
from mentoring.contrast import ink_for
from mentoring.db import Prepared
from mentoring.models.auth import User
from mentoring.models.base import BaseModel, JSONField, UTCDateTimeField


class Program(BaseModel):
    """A mentoring program: its goals, guidelines, dates and rules, run by its coordinators."""

    DRAFT, OPEN, MATCHING, RUNNING, CLOSED = "draft", "open", "matching", "running", "closed"
    STATES = (DRAFT, OPEN, MATCHING, RUNNING, CLOSED)

    name = pw.CharField(max_length=120)
    slug = pw.CharField(max_length=80, unique=True)
    description = pw.CharField(max_length=300, default="")
    goals = pw.TextField(default="")
    guidelines = pw.TextField(default="")
    starts_on = pw.DateField(null=True)
    ends_on = pw.DateField(null=True)
    cadence_days = pw.IntegerField(default=14)
    default_capacity = pw.IntegerField(default=2)
    max_capacity = pw.IntegerField(default=5)
    max_open_requests = pw.IntegerField(default=3)
    requires_approval = pw.BooleanField(default=True)
    allows_both_roles = pw.BooleanField(default=False)
    state = pw.CharField(max_length=12, default=DRAFT)
    created_at = UTCDateTimeField(default=clock.now)
    reply_days = pw.IntegerField(default=14)
    introduction_step = pw.BooleanField(default=True)
    roster_version = pw.IntegerField(default=0)  # grows whenever members, answers or rules change
    checkin_weeks = pw.IntegerField(default=4)  # a check-in survey every N weeks (0: none)
    digest_sent_at = UTCDateTimeField(null=True)
    mentors_read_guide = pw.BooleanField(default=False)  # mentors read the mentor guide before accepting requests
    discussion_board = pw.BooleanField(default=False)  # the members' board (new programs get it on)
    accent = pw.CharField(max_length=7, null=True)  # its pages' accent colour, #rrggbb (None: the site's own)
    logo_key = pw.CharField(max_length=32, null=True)  # where its logo's bytes are kept (None: no logo)

    @property
    def logo_version(self):
        """What the logo's address carries, changing whenever the logo does (None without a logo)."""
        return self.logo_key[:12] if self.logo_key else None

    @property
    def accent_ink(self):
        """The text colour that reads on the accent (white or near-black)."""
        return ink_for(self.accent) if self.accent else None

    @property
    def accepts_applications(self):
        return self.state in (self.OPEN, self.MATCHING, self.RUNNING)

    @property
    def accepts_requests(self):
        return self.state in (self.OPEN, self.MATCHING, self.RUNNING)

    @property
    def is_public(self):
        return self.state == self.OPEN

    @classmethod
    def public(cls):
        """The programs open for applications, by name."""
        return (cls.select()
                .where(cls.state == cls.OPEN)
                .order_by(cls.name))

    @classmethod
    def newest_first(cls):
        """Every program, the newest first."""
        return (cls.select()
                .order_by(cls.created_at.desc()))

    @classmethod
    def coordinated_by(cls, user):
        """The programs `user` coordinates, by name, each with `pending`: how many applications wait for a decision."""
        pending = pw.fn.COUNT(Membership.id).filter(Membership.state == Membership.PENDING)
        return (cls.select(cls, pending.alias("pending"))
                .join(Coordinator)
                .switch(cls)
                .join(Membership, pw.JOIN.LEFT_OUTER, on=(Membership.program == cls.id))
                .where(Coordinator.user == user)
                .group_by(cls.id)
                .order_by(cls.name))

    @classmethod
    def roster_changed(cls, program_id):
        """Note that members, answers or matching rules changed (so cached mentor pools are rebuilt)."""
        cls.update(roster_version=cls.roster_version + 1).where(cls.id == program_id).execute()

    # Queries on the path of nearly every request, built once (see db.Prepared).
    by_slug = Prepared(lambda slug: Program.select().where(Program.slug == slug))
    run_by = Prepared(lambda slug, user_id: Program.select().join(Coordinator)
                      .where(Program.slug == slug, Coordinator.user == user_id))


class ProgramChange(BaseModel):
    """A write to something the health board or the report reads, noted by the database's own triggers (see
    migration 0006), whatever made it: a service, raw SQL or a cascading delete. A program's latest change is what
    its kept figures are checked against. Rows are only ever inserted (no row of another table is locked), and
    committed in the order of their ids; older rows are pruned."""

    id = pw.BigAutoField()
    program_id = pw.IntegerField()  # no foreign key: noting a change takes no lock on the program

    class Meta:
        table_name = "program_change"
        indexes = ((("program_id", "id"), False),)

    @classmethod
    def prune(cls):
        """Forget every change but each program's latest (the latest is all the kept figures are checked against)."""
        latest = cls.alias()
        newest = latest.select(pw.fn.MAX(latest.id)).where(latest.program_id == cls.program_id)
        return cls.delete().where(cls.id < newest).execute()

    # Queries on the path of nearly every request, built once (see db.Prepared).
    latest = Prepared(lambda program_id: ProgramChange.select(pw.fn.MAX(ProgramChange.id))
                     .where(ProgramChange.program_id == program_id))


class Coordinator(BaseModel):
    """A person who runs a program."""

    program = pw.ForeignKeyField(Program, backref="coordinators", on_delete="CASCADE")
    user = pw.ForeignKeyField(User, backref="coordinating", on_delete="CASCADE")
    appointed_at = UTCDateTimeField(default=clock.now)

    class Meta:
        indexes = ((("program", "user"), True),)

    @classmethod
    def people_of(cls, program):
        """The people who coordinate `program`, as users by name, each with when they were appointed."""
        return (User.select(User, cls.appointed_at)
                .join(cls)
                .where(cls.program == program)
                .order_by(User.name))

    # Queries on the path of nearly every request, built once (see db.Prepared).
    of = Prepared(lambda program_id, user_id: Coordinator.select(Coordinator.id)
                  .where(Coordinator.program == program_id, Coordinator.user == user_id))


class Membership(BaseModel):
    """A person's place in a program as mentor or mentee: their application, profile and state."""

    MENTOR, MENTEE = "mentor", "mentee"
    ROLES = (MENTEE, MENTOR)
    STARTED, PENDING, APPROVED, REJECTED, WITHDRAWN = "started", "pending", "approved", "rejected", "withdrawn"
    DEACTIVATED = "deactivated"  # by a coordinator, after a report of a problem
    STATES = (STARTED, PENDING, APPROVED, REJECTED, WITHDRAWN, DEACTIVATED)

    program = pw.ForeignKeyField(Program, backref="memberships", on_delete="CASCADE")
    user = pw.ForeignKeyField(User, backref="memberships", on_delete="CASCADE")
    role = pw.CharField(max_length=10)
    state = pw.CharField(max_length=12, default=STARTED)
    headline = pw.CharField(max_length=120, default="")
    bio = pw.TextField(default="")
    video_link = pw.CharField(max_length=300, default="")
    capacity = pw.IntegerField(null=True)
    consent_sensitive = pw.BooleanField(default=False)
    decision_message = pw.TextField(default="")
    created_at = UTCDateTimeField(default=clock.now)
    submitted_at = UTCDateTimeField(null=True)
    decided_at = UTCDateTimeField(null=True)

    class Meta:
        indexes = ((("program", "user", "role"), True), (("program", "role", "state"), False),
                   (("program", "state"), False))

    @classmethod
    def of(cls, program, user):
        return cls.select().where(cls.program == program, cls.user == user)

    @classmethod
    def held_by(cls, user):
        """The memberships of `user` but withdrawn ones, each with its program, by program name then role."""
        return (cls.select(cls, Program)
                .join(Program)
                .where(cls.user == user, cls.state != cls.WITHDRAWN)
                .order_by(Program.name, cls.role))

    @classmethod
    def people_of(cls, program):
        """The program's memberships, each with its person's account."""
        return (cls.select(cls, User)
                .join(User)
                .where(cls.program == program))

    @classmethod
    def mentors_of(cls, program):
        """The program's approved mentors, each with their account."""
        return (cls.people_of(program)
                .where(cls.role == cls.MENTOR, cls.state == cls.APPROVED))

    @classmethod
    def approved_names(cls, program):
        """(id, role, name) of each approved member of the program, by name."""
        return (cls.select(cls.id, cls.role, User.name)
                .join(User)
                .where(cls.program == program, cls.state == cls.APPROVED)
                .order_by(User.name)
                .tuples())

    # Queries on the path of nearly every request, built once (see db.Prepared).
    mine = Prepared(lambda program_id, user_id: Membership.select()
                    .where(Membership.program == program_id, Membership.user == user_id)
                    .order_by(Membership.role))
    mine_by_slug = Prepared(lambda slug, user_id: Membership.select(Membership, Program)
                            .join(Program)
                            .where(Program.slug == slug, Membership.user == user_id)
                            .order_by(Membership.role))


class AuditLog(BaseModel):
    """Who did what and when, for every change a coordinator or admin makes."""

    actor = pw.ForeignKeyField(User, null=True, backref="audit_entries", on_delete="SET NULL")
    program = pw.ForeignKeyField(Program, null=True, backref="audit_entries", on_delete="CASCADE")
    action = pw.CharField(max_length=60)
    target = pw.CharField(max_length=200, default="")
    detail = JSONField(default=dict)
    created_at = UTCDateTimeField(default=clock.now)

    class Meta:
        indexes = ((("created_at",), False), (("program", "created_at"), False))

    @classmethod
    def page_of(cls, program, page, size):
        """One page of the program's log, the newest entry first, each with who did it (while their account lasts)."""
        return (cls.select(cls, User)
                .join(User, pw.JOIN.LEFT_OUTER)
                .where(cls.program == program)
                .order_by(cls.id.desc())
                .paginate(page, size))
