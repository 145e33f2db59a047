"""Files a pair shares: what each is called, how large, its real type, who uploaded it and when."""
import peewee as pw

from mentoring.db import Prepared
from mentoring.models.auth import User
from mentoring.models.base import StoredFile
from mentoring.models.pairs import Pair


class PairFile(StoredFile):
    """A file one of a pair's two people shared with the other; its bytes are kept in the site's store under `key`."""

    pair = pw.ForeignKeyField(Pair, backref="files", on_delete="CASCADE")
    uploaded_by = pw.ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")

    class Meta:
        indexes = ((("pair", "created_at"), False), (("uploaded_by",), False))

    @classmethod
    def in_pair(cls, pair, file_id):
        """The file `file_id` when it is the pair's (else None)."""
        return cls.get_or_none(cls.id == file_id, cls.pair == pair)

    @classmethod
    def bytes_of(cls, pair):
        """How many bytes the pair's files take in all."""
        return (cls.select(pw.fn.COALESCE(pw.fn.SUM(cls.size), 0))
                .where(cls.pair == pair)
                .scalar())

    @classmethod
    def uploaded_by_user(cls, user):
        """The files `user` uploaded, the oldest first."""
        return (cls.select()
                .where(cls.uploaded_by == user)
                .order_by(cls.created_at, cls.id))

    @classmethod
    def of_program(cls, program):
        """The keys of the files of the program's pairs."""
        return (cls.select(cls.key)
                .join(Pair)
                .where(Pair.program == program))

    # The pair page's query, built once (see db.Prepared).
    of_pair = Prepared(lambda pair_id: PairFile.select(PairFile, User)
                       .join(User, pw.JOIN.LEFT_OUTER, on=(PairFile.uploaded_by == User.id))
                       .where(PairFile.pair == pair_id)
                       .order_by(PairFile.created_at.desc(), PairFile.id.desc()))
