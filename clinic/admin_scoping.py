"""Admin classes that show staff only their own clinic's rows.

Every clinic-owned model's admin derives from ``ClinicScopedAdmin``: the list,
the change page, foreign-key choices and permissions all come from the model's
``visible_to`` / ``editable_by`` querysets in ``clinic.tenancy``. A row outside
the user's clinic is a 404, never a page.
"""

from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.auth import get_user_model
from django.http import Http404

from clinic.tenancy import viewer_for


def _scoped(model, user):
    if model is get_user_model():
        # People offered in a form (therapist, primary therapist) are the clinic's staff.
        return model.objects.clinic_staff(user)
    manager = model._default_manager
    return manager.visible_to(user) if hasattr(manager, "visible_to") else None


class ScopedForeignKeysMixin:
    """Limit every foreign-key and many-to-many choice to rows the user may see.

    Fields named in ``owner_fields`` (the parent a row belongs to) offer only rows
    the user may edit, so nothing can be attached to the shared library.
    """

    owner_fields: tuple[str, ...] = ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        scoped = _scoped(db_field.related_model, request.user)
        if db_field.name in self.owner_fields:
            scoped = db_field.related_model._default_manager.editable_by(request.user)
        if db_field.name == "patient":
            # A patient's record is added by whoever writes for them (clinic.tenancy).
            scoped = db_field.related_model._default_manager.written_by(request.user)
        if scoped is not None:
            kwargs["queryset"] = scoped
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        scoped = _scoped(db_field.related_model, request.user)
        if scoped is not None:
            kwargs["queryset"] = scoped
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ClinicScopedAdmin(ScopedForeignKeysMixin, admin.ModelAdmin):
    """A model admin for clinic-owned data; staff of a clinic see and edit only their clinic."""

    #: Which roles may add, change and delete (viewing is open to all staff of the clinic).
    write_roles = ("manager", "therapist")

    def get_queryset(self, request):
        return self.model._default_manager.visible_to(request.user)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404("No such record in your clinic.")
        return obj

    def get_list_filter(self, request):
        # The stock filter on a relation lists every row of the related table, other
        # clinics' included; offer only the values found in this user's own rows.
        filters = []
        for item in super().get_list_filter(request):
            if isinstance(item, str) and get_fields_from_path(self.model, item)[-1].is_relation:
                item = (item, admin.RelatedOnlyFieldListFilter)
            filters.append(item)
        return filters

    def _viewer(self, request):
        return viewer_for(request.user)

    def has_module_permission(self, request):
        viewer = self._viewer(request)
        return viewer.is_superuser or viewer.is_staff_member

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def _may_write(self, request):
        viewer = self._viewer(request)
        return viewer.is_superuser or viewer.role in self.write_roles

    def has_add_permission(self, request):
        return self._may_write(request)

    def has_change_permission(self, request, obj=None):
        if not self._may_write(request):
            return False
        if obj is None:
            return True
        return self.model._default_manager.editable_by(request.user).filter(pk=obj.pk).exists()

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        viewer = self._viewer(request)
        if not change and hasattr(obj, "clinic_id") and not viewer.is_superuser:
            obj.clinic_id = viewer.clinic_id
        super().save_model(request, obj, form, change)

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or [])
        if not self._viewer(request).is_superuser and "clinic" in {
            f.name for f in self.model._meta.fields
        }:
            exclude.append("clinic")
        return exclude


class ScopedInline(ScopedForeignKeysMixin):
    """Inline rows follow their parent's permissions and see only the clinic's choices."""

    def _parent_editable(self, request, obj):
        viewer = viewer_for(request.user)
        if viewer.is_superuser:
            return True
        if not viewer.is_staff_member:
            return False
        if obj is None:
            return True
        return type(obj)._default_manager.editable_by(request.user).filter(pk=obj.pk).exists()

    def has_view_permission(self, request, obj=None):
        viewer = viewer_for(request.user)
        return viewer.is_superuser or viewer.is_staff_member

    def has_add_permission(self, request, obj=None):
        return self._parent_editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._parent_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._parent_editable(request, obj)
