"""Reliability suite: hostile servers, interrupts and hostile files, bounded in count and time."""
