"""Tests of action plans (Rencana Aksi): documents typed in Word and exported, read into actions."""
