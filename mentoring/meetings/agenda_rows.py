"""A session's agenda items as HTML: the one place their markup lives. Written in Python rather than a template because
each item is a form of up to five buttons, four of them naming the item for screen readers, and a template escapes
every value it writes; the item's text, typed by a person, is escaped here once (pure: no Flask, no database)."""
from markupsafe import Markup

from mentoring.text import escaped


def items_html(items, action, token_field):
    """The `<li>` of each of `items` (AgendaItem, in their order): a form posting to `action` (`%s` where the item's id
    goes: web.url_pattern) with the form token's field `token_field` (forms.csrf_html), to tick the item off or back,
    move it up or down, or remove it (the first has no Up, the last no Down)."""
    action = escaped(action)
    last = len(items) - 1
    return Markup("".join([_item(item, action % item.id, token_field, index, last)
                           for index, item in enumerate(items)]))


def _item(item, action, token_field, index, last):
    text = escaped(item.text)
    done = item.done
    up = (f'<button type="submit" name="action" value="up" class="agenda__move" aria-label="Move up: {text}">'
          "↑</button>\n" if index else "")
    down = (f'<button type="submit" name="action" value="down" class="agenda__move" aria-label="Move down: {text}">'
            "↓</button>\n" if index < last else "")
    return (f'<li class="agenda__item{" agenda__item--done" if done else ""}">\n'
            f'<form method="post" action="{action}" class="inline-form" hx-post="{action}" hx-target="#agenda" '
            'hx-swap="outerHTML">\n'
            f"{token_field}\n"
            f'<button type="submit" name="action" value="{"undone" if done else "done"}" class="tick" '
            f'aria-pressed="{"true" if done else "false"}" aria-label="Done: {text}">{"☑" if done else "☐"}</button>\n'
            f'<span class="agenda__text">{text}</span>\n{up}{down}'
            f'<button type="submit" name="action" value="remove" class="link-button" aria-label="Remove: {text}">'
            "Remove</button>\n</form>\n</li>\n")
