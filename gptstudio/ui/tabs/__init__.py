"""The main window's tabs: Corpus, Settings, Train, Generate, Chat, and the pieces only they use."""
