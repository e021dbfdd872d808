"""The user's work on disk: projects, their store, archives and the "in use" lock. No Qt, no torch.

Importing this package stays light (stdlib, platformdirs and the engine's torch-free config), so
the UI may import it at start-up.
"""

from gptstudio.projects.lock import ProjectInUse, ProjectLock
from gptstudio.projects.paths import data_home, projects_root, safe_folder_name, trash_root
from gptstudio.projects.project import SCHEMA_VERSION, Project, ProjectError
from gptstudio.projects.store import ProjectInfo, ProjectStore, TrashEntry

__all__ = [
    "SCHEMA_VERSION",
    "Project",
    "ProjectError",
    "ProjectInUse",
    "ProjectInfo",
    "ProjectLock",
    "ProjectStore",
    "TrashEntry",
    "data_home",
    "projects_root",
    "safe_folder_name",
    "trash_root",
]
