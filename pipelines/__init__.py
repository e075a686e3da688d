"""contact-topics: weekly topic analytics for council contact centres."""
