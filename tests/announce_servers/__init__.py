"""Local stand-ins for the networks the announce channels talk to (127.0.0.1 only)."""
