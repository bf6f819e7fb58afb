"""Live classroom quizzes: the host's game, its WebSocket server, the student client.

No Textual here: the host and join screens drive these classes.
"""

from quizapp.classroom.client import ClassroomClient, JoinRefused
from quizapp.classroom.game import Game, Out
from quizapp.classroom.players import Refused
from quizapp.classroom.results import ClassroomResult, ClassroomSettings
from quizapp.classroom.server import ClassroomServer

__all__ = [
    "ClassroomClient",
    "ClassroomResult",
    "ClassroomServer",
    "ClassroomSettings",
    "Game",
    "JoinRefused",
    "Out",
    "Refused",
]
