"""The `sources` table: every value traced to its page and box, or its line."""
