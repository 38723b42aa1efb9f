from clinic.tenancy import viewer_for


def viewer(request):
    """Who is looking, in clinic terms, for navigation and role-specific links."""
    return {"viewer": viewer_for(getattr(request, "user", None))}
