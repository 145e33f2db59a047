"""The real type of a file, read from its first bytes, never from its name (pure)."""
import zipfile

HEAD_BYTES = 4096
OCTET_STREAM = "application/octet-stream"
TEXT = "text/plain"
_MAGIC = ((b"%PDF-", "application/pdf"), (b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"),
          (b"GIF87a", "image/gif"), (b"GIF89a", "image/gif"))
_OFFICE = {"word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
           "xl/workbook.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           "ppt/presentation.xml": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}
_CONTROLS = frozenset(range(32)) - {9, 10, 12, 13}


def sniff(stream):
    """The type of the file `stream` (seekable; left at its start): one of the kinds above, text/plain, or
    application/octet-stream for anything else (markup such as HTML or SVG included)."""
    stream.seek(0)
    head = stream.read(HEAD_BYTES)
    stream.seek(0)
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"PK\x03\x04"):
        return _office(stream)
    return TEXT if _plain_text(head) else OCTET_STREAM


def _office(stream):
    """The Office Open XML kind of a ZIP file, or octet-stream for any other ZIP."""
    try:
        names = set(zipfile.ZipFile(stream).namelist())
    except (zipfile.BadZipFile, OSError):
        names = set()
    stream.seek(0)
    return next((kind for name, kind in _OFFICE.items() if name in names), OCTET_STREAM)


def _plain_text(head):
    """UTF-8 text without control characters that does not open with markup."""
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if not start or start[:1] == b"<" or not _CONTROLS.isdisjoint(head):
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:  # a character cut at the end of the head is still text
        return error.start >= len(head) - 3 and error.reason == "unexpected end of data"
    return True
