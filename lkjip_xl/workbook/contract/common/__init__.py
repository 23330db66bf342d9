"""Sheets both templates share: Petunjuk, Identitas, Pengumpulan, Log, and common settings."""
