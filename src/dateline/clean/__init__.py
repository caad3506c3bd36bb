"""Cleaning: raw page text or HTML in, article body and page metadata out."""
