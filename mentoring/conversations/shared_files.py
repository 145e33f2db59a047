"""The pair's files as HTML: the list (name, size, who and when) and the form to add one. Written in Python, as the
pair page's other sections (meetings.pair_sessions): file names and people's names are escaped here (pure: no Flask,
no database)."""
from typing import NamedTuple

from markupsafe import Markup

from mentoring.text import escaped
from mentoring.words import file_size


class Links(NamedTuple):
    """Where a file leads, each with `%s` for its id (web.url_pattern)."""

    download: str
    delete: str


def files_html(pair_files, viewer_id, said, no_upload, upload_form, links, when):
    """The pair's files for `viewer_id` (who may delete their own), `said` read out after a change; below them the
    `upload_form` (its HTML), or why none can be added (`no_upload`). `when(moment)` writes a time."""
    parts = ['<section id="files" aria-labelledby="files-title">\n<h2 id="files-title">Files</h2>\n']
    if said:
        parts.append(f'<p class="message message--success" role="status" tabindex="-1" data-focus-after-swap>'
                     f"{escaped(said)}</p>\n")
    if pair_files:
        parts.append('<ul class="files">\n')
        for pair_file in pair_files:
            name, mine = escaped(pair_file.name), pair_file.uploaded_by_id == viewer_id
            sender = ("you" if mine else escaped(pair_file.uploaded_by.name) if pair_file.uploaded_by_id
                      else "a former member")
            delete = (f'\n<a href="{links.delete % pair_file.id}">Delete'
                      f'<span class="visually-hidden"> {name}</span></a>' if mine else "")
            parts.append(f'<li>\n<a href="{links.download % pair_file.id}">{name}</a>\n'
                         f'<span class="muted">{file_size(pair_file.size)}, from {sender}, '
                         f"{when(pair_file.created_at)}</span>{delete}\n</li>\n")
        parts.append("</ul>\n")
    else:
        parts.append('<p class="muted">No files yet. Share a CV, a draft or slides here to look at them together.'
                     "</p>\n")
    parts.append(f'<p class="muted">{escaped(no_upload)}</p>\n' if no_upload else upload_form)
    parts.append("</section>\n")
    return Markup("".join(parts))


def upload_form_html(action, max_bytes, limit_attributes, errors, token, key, file_field):
    """The form to add a file of at most `max_bytes`, sent to `action`: `limit_attributes` let the browser refuse a
    larger one first; `errors`, `token`, `key` and `file_field` are the form's pieces as forms.py writes them."""
    return Markup(
        f'<form method="post" action="{action}" enctype="multipart/form-data" class="form" novalidate '
        f'hx-post="{action}" hx-encoding="multipart/form-data" hx-target="#files" hx-swap="outerHTML" '
        f"data-upload-progress{limit_attributes}>\n{errors}\n{token}\n{key}\n"
        f'<p class="field__help">Only the two of you can download it. At most {file_size(max_bytes)} a file.</p>\n'
        f'{file_field}\n<progress class="upload-progress" max="100" value="0" aria-label="Upload progress" hidden>'
        f'</progress>\n<button type="submit" class="button">Upload</button>\n</form>\n')
