"""Study: cards, grading, scheduling and the progress store (pure: no Textual)."""
