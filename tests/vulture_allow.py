"""Names vulture cannot see used (tests/test_architecture.py runs vulture with this file).

Each is used where vulture does not look: by Textual, by the tests, or by the runtime."""

from okrtui.cli.common import AsciiOutput
from okrtui.ui.keys_in_order import KeysInOrder
from okrtui.ui.screens.help import HelpScreen

AsciiOutput.writelines  # print() and traceback call it on sys.stdout
KeysInOrder._waiting  # holds the settling task: asyncio keeps only a weak reference to a task
KeysInOrder.keys_in_hand  # the tests wait on it (tui_helpers.settle)
HelpScreen.help_text  # the tests read the help screen's words through it
