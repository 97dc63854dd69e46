"""FHIR R4 exchange on the HL7 Belgium profiles (issue 18, item 5): a patient's care
plan, team, readings and open flags as a Bundle for GP and hospital systems, and such
a Bundle read back onto the care plan.

    profiles.py   profile URLs, identifier and code systems, code tables
    mapping.py    stable ids, references, codings (both directions)
    export.py     database -> Bundle (`export_bundle`), audited
    importer.py   Bundle -> CarePlan through the care-plan file's validator, then
                  its apply path (`import_bundle`), errors named by Bundle path
    tokens.py     bearer tokens of the organisations that read `$everything`
    cli.py        `bot fhir export|import|token`

Resources are built and validated with `fhir.resources` (its R4B models: R4B changed
none of the resources used here from R4, and the package's 8.x has no R4 module).
"""

from bot.fhir.export import build_resources, export_bundle
from bot.fhir.importer import BundleImportError, bundle_to_plan, import_bundle

__all__ = ["BundleImportError", "build_resources", "bundle_to_plan", "export_bundle",
           "import_bundle"]
