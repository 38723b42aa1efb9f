from clinic.tenancy import SystemCommand
from programs.library import load_library
from programs.library_data import EXERCISES, PROTOCOLS


class Command(SystemCommand):
    help = "Load (or update) the shared exercise library and protocol templates. Idempotent."

    def handle(self, *args, **options):
        results = load_library(EXERCISES, PROTOCOLS)
        for name, result in results.items():
            self.stdout.write(
                f"{name}: {result.created} created, {result.updated} updated, "
                f"{result.unchanged} unchanged"
            )
