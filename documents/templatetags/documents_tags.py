"""``{% load documents_tags %}{% case_documents_panel case %}``: the documents panel of a case page.

The cases app's detail page includes this one line; the panel loads its own rows (one query,
whatever the number of documents), or takes them from the page's ``case_documents`` (read once
for the page's procedure panels too), and the user's rights on the case.
"""

from django import template

register = template.Library()


@register.inclusion_tag("documents/_case_documents.html", takes_context=True)
def case_documents_panel(context, case):
    from documents.views import panel_context

    return panel_context(context["request"].user, case, documents=context.get("case_documents"))
