"""The Chat tab's background work: a worker writes each reply, and a small controller owned by the
main window decides when the tab has a model to talk to and starts, stops and waits for the
workers."""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore

from gptstudio.ui.tabs.chat_tab import ChatRequest, ChatTab
from gptstudio.ui.workers import WorkerThread, _Worker, stream_tokens


class ChatWorker(_Worker):
    tokens = QtCore.Signal(object)  # list of TokenEvent

    def __init__(self, checkpoint_dir: Path, request: ChatRequest, device: str = "auto",
                 which: str = "best"):
        super().__init__()
        self.checkpoint_dir, self.request, self.device, self.which = (checkpoint_dir, request,
                                                                       device, which)

    def work(self):
        from gptstudio.engine.chat import reply_prompt, stream_reply
        from gptstudio.engine.model_service import load_generator

        generator = load_generator(self.checkpoint_dir, self.which, self.device)
        request = self.request
        fitted = reply_prompt(generator.tokenizer, generator.model_config.block_size,
                              request.turns, request.system)
        count = stream_tokens(stream_reply(generator, request.turns, request.config, request.system,
                                           self.control), self.tokens.emit, self.control)
        return {"tokens": count, "stopped": self.control.stop_requested,
                "left_out": fitted.turns_left_out}


class ChatRuns(QtCore.QObject):
    """Connects the window's Chat tab to its project: the model it talks to and the workers."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.tab: ChatTab = window.chat_tab
        self.thread: WorkerThread | None = None
        self._project_path = None
        self._error: str | None = None
        self.tab.reply_requested.connect(self.start)
        self.tab.stop_requested.connect(self.stop)

    def refresh(self) -> None:
        """Whether the open project has a chat model, told to the tab (cheap: called whenever the
        window's actions are updated)."""
        window, tab = self.window, self.tab
        project = window.project
        path = project.path if project is not None else None
        if path != self._project_path:
            self._project_path = path
            self.stop_and_wait()
            tab.forget()
            if project is not None:
                tab.set_sample_config(project.sample)
        tokenizer = window.session.tokenizer
        if project is None:
            tab.set_unavailable(self.tr("Open a project to chat with its model."))
        elif project.data.mode != "chat" or tokenizer is None or tokenizer.chat is None:
            tab.set_unavailable(self.tr(
                "This project's model learns plain text, not conversations: the Generate tab "
                "continues its text. To chat, start from conversations (a demo such as “Corner "
                "shop assistant”, or a text of “User:” and “Assistant:” turns) with the data "
                "mode “Conversations”."))
        elif not project.has_trained_model():
            tab.set_unavailable(self.tr("There is no trained model yet: train it in the Train "
                                        "tab first, then talk to it here."))
        else:
            tab.set_model(tokenizer, project.model.block_size)

    def is_running(self) -> bool:
        return self.thread is not None and self.thread.is_running()

    @QtCore.Slot(object)
    def start(self, request: ChatRequest) -> None:
        window = self.window
        if window.project is None or self.is_running():
            self.tab.finish_reply(self.tr("Wait for the reply being written."), failed=True)
            return
        self._error = None
        worker = ChatWorker(window.project.checkpoint_dir, request,
                            window.settings_panel.settings().train.device, window.project.model_choice)
        worker.tokens.connect(self.tab.on_tokens)
        worker.failed.connect(self._on_failed)
        worker.done.connect(self._on_done)
        self.thread = WorkerThread(worker, self)
        self.thread.finished.connect(self._drop_thread)
        self.thread.start()

    @QtCore.Slot()
    def stop(self) -> None:
        if self.is_running():
            self.thread.control.stop()

    def stop_and_wait(self, timeout_ms: int = 30_000) -> bool:
        if self.thread is None:
            return True
        return self.thread.stop_and_wait(timeout_ms)

    @QtCore.Slot(str)
    def _on_failed(self, message: str) -> None:
        self._error = message

    @QtCore.Slot(object)
    def _on_done(self, result) -> None:
        if self._error or not result:
            self.tab.finish_reply(self._error or "", failed=True)
            return
        if result["stopped"]:
            text = self.tr("Stopped: {tokens:,} tokens written.").format(tokens=result["tokens"])
        else:
            text = self.tr("Done: {tokens:,} tokens written.").format(tokens=result["tokens"])
        if result["left_out"]:
            from gptstudio.ui.widgets.text import join_sentences

            text = join_sentences([text, self.tr(
                "The model did not see the oldest {turns} turns: they no longer fit its "
                "context.").format(turns=result["left_out"])])
        self.tab.finish_reply(text)

    @QtCore.Slot()
    def _drop_thread(self) -> None:
        if self.thread is not None and self.thread.done and not self.thread.is_running():
            self.thread = None
