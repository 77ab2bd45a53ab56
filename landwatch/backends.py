"""The authentication backend for passwords and the Django admin's model permissions.

LandWatch's own permissions ("cases.register", "documents.issue", ...) are django-rules
predicates (``landwatch/rules.py`` and each app's ``rules.py``). No database row can grant
one of them, since no model declares them, so Django's ``ModelBackend`` would answer
"no" to every one the rules refuse, after reading the user's and their groups' model
permissions: two queries a request for every clerk whose page asks about a power their
role lacks. This backend answers those at once and leaves everything else (passwords,
``view_violationcase`` and the other model permissions the admin asks for) to Django.
"""

from functools import cache

from django.apps import apps
from django.conf import settings
from django.contrib.auth import backends, get_user_model
from django.utils.module_loading import import_string
from rules.permissions import permissions as rule_permissions


@cache
def model_permissions() -> frozenset[str]:
    """Every permission a database row can grant: each model's default and declared ones."""
    names = set()
    for model in apps.get_models():
        opts = model._meta
        names.update(f"{opts.app_label}.{action}_{opts.model_name}" for action in opts.default_permissions)
        names.update(f"{opts.app_label}.{codename}" for codename, _name in opts.permissions)
    return frozenset(names)


def rules_only(perm: str) -> bool:
    """True for a permission that only a django-rules predicate can grant."""
    return perm in rule_permissions and perm not in model_permissions()


@cache
def user_annotations() -> dict:
    """What every page reads about its user, loaded with the user's row (settings.LANDWATCH_USER_ANNOTATIONS:
    name -> dotted path of a function that returns the expression). An app above this one names its
    own there (the navigation's unread reminders), so the page does not spend a query of its own on it.
    """
    return {name: import_string(path)() for name, path in settings.LANDWATCH_USER_ANNOTATIONS.items()}


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id):
        """The session's user, with ``user_annotations()`` in the same query."""
        model = get_user_model()
        try:
            user = model._default_manager.annotate(**user_annotations()).get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        if rules_only(perm):
            return False
        return super().has_perm(user_obj, perm, obj)
