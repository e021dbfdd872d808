"""Windows and dialogs beside the main window: Compare, exports, pretrained models, trash, guide."""
