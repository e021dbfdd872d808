"""The application's state, Qt-free: what the window shows and its controllers change.

`session.Session` is the open project and what goes with it (its lock, its tokenizer, the run in
progress, the new model waiting for the next Train, the text the model learnt from); `recent`
keeps the recent-projects list. The views in gptstudio.ui read and change these objects; nothing
here imports Qt, so each rule is tested without a window (tests/app)."""
