"""Authentication backend: the signed-in user arrives with their clinic role already loaded."""

from django.contrib.auth.backends import ModelBackend

from clinic.models import User


class ClinicModelBackend(ModelBackend):
    """Django's ModelBackend, loading membership or patient profile and clinic in one query.

    Every request asks who the user is in clinic terms (clinic.tenancy.viewer_for) and in
    which time zone; fetching those with the user saves three queries per request.
    """

    def get_user(self, user_id):
        # get(), not first(): no ORDER BY to compile, which is a third of this query's cost.
        try:
            user = User._default_manager.select_related(
                "membership__clinic", "patient_profile__clinic"
            ).get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
