"""The main window: the window itself, its menus and the actions on projects and runs."""
