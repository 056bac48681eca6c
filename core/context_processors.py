from .roles import roles_for


def roles(request):
    return {"roles": roles_for(getattr(request, "user", None))}
