"""Demo care plans (demo-fr.yml, demo-nl.yml), shipped with the package so a fresh
install can be tried with: bot demo load (or bot careplan import --demo)."""
