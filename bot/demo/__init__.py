"""Demo care plans (demo-fr.yml, demo-nl.yml), shipped with the package so a fresh
install can be tried with: python -m bot.careplan_file import --demo."""
