"""``{% load people %}``: ``{{ user|person }}``, how a page names a user: the full name, else the login.

A recorded act may have no user (a reminder the system sent, a row a migration wrote): the name
is then empty, for ``|default:…`` to fill. Written out in each template as
``x.get_full_name|default:x.username``, the argument of ``default`` is looked up in a user that is
None, and Django raises instead of rendering (a case's evidence file answered 500 for every case
with a reminder sent).
"""

from django import template

register = template.Library()


@register.filter
def person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
