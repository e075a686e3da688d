"""Topic discovery: cluster what the topic model leaves unclassified (docs/discovery.md)."""
