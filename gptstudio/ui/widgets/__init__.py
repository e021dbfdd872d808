"""Small widgets and helpers every part of the interface shares (knobs, questions, file dialogs, text)."""
