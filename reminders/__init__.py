"""The reminders service: medication and appointment reminders from the care plan."""
