"""Code in a submission for the instructor to look at: flags, never deductions.

Each of the student's code cells is read (IPython's ``%magic`` and ``!command`` lines
first turned into the Python they stand for) and walked as a syntax tree, looking for code
that redefines ``check``, reaches into the course package's internals or its answer keys,
changes environment variables, the working folder or files, runs commands, exits the
kernel, hooks into the kernel, or prints verdict symbols. A flag names the cell, the line
and what was found; grading itself does not depend on any of it, because ``check`` never
runs in the student's kernel and answers are judged outside it.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

FLAGS = {
    "redefines-check": "redefines check (or Result)",
    "package-internals": "reaches into the course package's internals",
    "answer-keys": "reads the course's answer keys",
    "environment": "changes environment variables, the working folder or the import path",
    "files": "writes, moves or deletes files",
    "commands": "runs commands or other programs, or signals processes",
    "exits": "exits, stops or kills the kernel",
    "kernel-hooks": "hooks into the kernel or its output",
    "verdict-symbols": "prints verdict symbols or verdict lines like check's",
    "deleted-check": "deleted a check cell",
    "changed-check": "changed a check cell",
    "forged-output": "has stored outputs claiming a verdict its answer does not earn",
    "untouched": "handed in the blank sheet: every answer cell is as the exercise hands it out",
    "several-copies": "several copies of the exercise were found; the most recently modified "
                      "was graded",
}
PUBLIC = {"nato_russia", "nato_russia.data", "nato_russia.explore", "nato_russia.charts",
          "nato_russia.checks"}
PUBLIC_NAMES = {"nato_russia": {"data", "explore", "charts", "checks"},
                "nato_russia.checks": {"check", "Result"}}
# A course module named in a string (for importlib, getattr...), not the dataset's file name.
COURSE_MODULE = re.compile(r"\bnato_russia\.(\w+)")
PUBLIC_MODULES = {"json", "data", "explore", "charts", "checks"}
VERDICT_SYMBOLS = ("✅", "❌", "⏳", "📝", "⚠️", "💡")
VERDICT_WORDS = re.compile(r"\d{2}\.\d+\s+(Correct!|Not yet\.)")
# pathlib's methods that change files (rename and replace are left out: strings and tables
# have methods of those names too).
FILE_METHODS = {"write_text", "write_bytes", "touch", "unlink", "mkdir", "rmdir", "chmod",
                "lchmod", "symlink_to", "hardlink_to"}
# pandas and numpy writers: they write a file only when given one (else they return text).
WRITERS = {"to_csv", "to_excel", "to_json", "to_parquet", "to_pickle", "to_feather", "to_hdf",
           "to_sql", "to_html", "to_latex", "to_markdown", "to_string", "tofile"}
OS_FILES = {"remove", "unlink", "rename", "renames", "replace", "makedirs", "mkdir", "rmdir",
            "removedirs", "chmod", "chown", "lchown", "link", "symlink", "truncate", "utime",
            "mkfifo", "mknod", "open", "write", "ftruncate"}
OS_COMMANDS = {"system", "popen", "fork", "forkpty", "kill", "killpg", "execv", "execve",
               "execl", "execle", "execlp", "execlpe", "execvp", "execvpe", "spawnl",
               "spawnle", "spawnlp", "spawnlpe", "spawnv", "spawnve", "spawnvp", "spawnvpe",
               "posix_spawn", "posix_spawnp", "setsid", "setuid", "setgid", "nice"}
OS_EXITS = {"_exit", "abort"}
OS_ENVIRONMENT = {"putenv", "unsetenv", "chdir", "fchdir", "chroot"}
COMMAND_MODULES = {"subprocess", "pty", "signal", "multiprocessing", "pexpect", "sh"}
HOOK_MODULES = {"ctypes", "builtins", "atexit", "threading", "_thread", "gc", "inspect",
                "faulthandler", "importlib", "sys"}
# The kernel's machinery reached through get_ipython(): events, output, transformers.
SHELL_HOOKS = {"events", "display_pub", "displayhook", "display_formatter", "set_custom_exc",
               "ast_transformers", "input_transformers_cleanup", "input_transformers_post",
               "kernel", "run_cell", "ex", "ev", "user_ns_hidden", "register_magic_function"}
HOOK_CALLS = {"sys.settrace", "sys.setprofile", "sys._getframe", "sys.setrecursionlimit",
              "threading.settrace", "atexit.register", "gc.get_objects", "gc.get_referrers",
              "inspect.currentframe"}
MUTATORS = {"update", "pop", "popitem", "setdefault", "clear", "insert", "append", "extend",
            "remove", "__setitem__", "__delitem__"}
MAGICS = {"env": "environment", "set_env": "environment", "cd": "environment",
          "pushd": "environment", "popd": "environment", "bookmark": "environment",
          "writefile": "files", "store": "files", "save": "files", "logstart": "files",
          "exit": "exits", "quit": "exits", "kill": "exits", "reset": "exits",
          "run": "kernel-hooks", "load": "kernel-hooks", "load_ext": "kernel-hooks",
          "config": "kernel-hooks", "autoreload": "kernel-hooks"}
SHELL_MAGICS = {"system", "getoutput", "bash", "sh", "script", "perl", "ruby", "python",
                "python3", "sx", "sc"}


@dataclass(frozen=True)
class Flag:
    """Something in a submission worth the instructor's look.

    Attributes
    ----------
    name
        One of :data:`FLAGS`.
    where
        The cell ("the answer to 01.3", "an added cell") or the question it concerns.
    detail
        The line found, or what was seen.
    questions
        The questions the flagged cell answers (empty for a cell of no question).
    """

    name: str
    where: str
    detail: str
    questions: tuple[str, ...] = ()

    def describe(self) -> str:
        """One line for the feedback: what, where, and the code."""
        return f"{FLAGS[self.name]}: {self.where}, {self.detail}"


def _python(source: str) -> str:
    """The cell's code with IPython's special syntax turned into plain Python."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager

        return TransformerManager().transform_cell(source)
    except Exception:  # IPython missing or the cell unparsable: read it as it is
        return source


def _dotted(node: ast.AST) -> str:
    """``os.environ.update`` for an attribute chain, '' for anything else."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    if isinstance(node, ast.Call):  # get_ipython().events.register
        inner = _dotted(node.func)
        return ".".join([f"{inner}()", *reversed(parts)]) if inner else ""
    return ""


class _Finder(ast.NodeVisitor):
    """Collects ``(flag, line number)`` pairs from one cell's syntax tree."""

    def __init__(self, course_names: set[str]) -> None:
        self.found: list[tuple[str, int]] = []
        self.course_names = course_names  # names bound to the course package's modules

    def add(self, name: str, node: ast.AST) -> None:
        self.found.append((name, getattr(node, "lineno", 0)))

    # --------------------------------------------------------------------- bindings

    def _binds(self, name: str, node: ast.AST) -> None:
        if name in ("check", "Result"):
            self.add("redefines-check", node)

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Store | ast.Del):
            self._binds(node.id, node)
        if node.id in ("__builtins__", "__import__"):
            self.add("kernel-hooks", node)
        if node.id in ("exit", "quit") and isinstance(node.ctx, ast.Load):
            self.add("exits", node)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._binds(node.name, node)
        self.generic_visit(node)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self._binds(node.name, node)
        self.generic_visit(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._binds(node.name, node)
        self.generic_visit(node)

    def _import(self, module: str, names: list[ast.alias], node: ast.AST,
                from_import: bool) -> None:
        top = module.split(".")[0]
        if top == "nato_russia":
            if module.startswith("nato_russia.questions") or any(
                    a.name in ("questions", "QUESTIONS") for a in names):
                self.add("answer-keys", node)
            elif module not in PUBLIC or (from_import and any(
                    a.name != "*" and module in PUBLIC_NAMES
                    and a.name not in PUBLIC_NAMES[module] for a in names)):
                self.add("package-internals", node)
            for alias in names:
                self.course_names.add((alias.asname or alias.name).split(".")[0])
            if module == "nato_russia.checks":
                names = [a for a in names if not (a.name == "check" and a.asname is None)]
        if top in COMMAND_MODULES:
            self.add("commands", node)
        if top in HOOK_MODULES - {"sys", "importlib"}:
            self.add("kernel-hooks", node)
        for alias in names:
            self._binds(alias.asname or alias.name.split(".")[0], node)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._import(alias.name, [alias], node, from_import=False)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        self._import(node.module or "", list(node.names), node, from_import=True)

    # --------------------------------------------------------------------- uses

    def visit_Attribute(self, node: ast.Attribute) -> None:
        dotted = _dotted(node)
        root = dotted.split(".")[0] if dotted else ""
        if root in self.course_names or root == "nato_russia":
            if node.attr.startswith("_") and not node.attr.startswith("__"):
                self.add("package-internals", node)
            if isinstance(node.ctx, ast.Store | ast.Del):
                self.add("redefines-check" if node.attr in ("check", "_check") else
                         "package-internals", node)
        if node.attr in ("QUESTIONS", "answer_key", "expected", "mistakes", "LESSONS"):
            self.add("answer-keys", node)
        changes = isinstance(node.ctx, ast.Store | ast.Del) or node.attr in MUTATORS
        if changes and dotted.startswith(("os.environ", "environ.", "sys.path")):
            self.add("environment", node)
        if isinstance(node.ctx, ast.Store | ast.Del) and root in ("sys", "builtins", "IPython"):
            self.add("kernel-hooks", node)
        if "get_ipython" in dotted and node.attr in SHELL_HOOKS:
            self.add("kernel-hooks", node)
        if node.attr in ("check", "Result") and isinstance(node.ctx, ast.Store):
            self.add("redefines-check", node)
        self.generic_visit(node)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        dotted = _dotted(node.value)
        key = node.slice.value if isinstance(node.slice, ast.Constant) else None
        if isinstance(node.ctx, ast.Store | ast.Del):
            if dotted.endswith("environ"):
                self.add("environment", node)
            if key in ("check", "Result"):
                self.add("redefines-check", node)
            if dotted in ("sys.modules",):
                self.add("package-internals", node)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        dotted = _dotted(node.func)
        last = dotted.rsplit(".", 1)[-1]
        texts = [a.value for a in node.args if isinstance(a, ast.Constant)
                 and isinstance(a.value, str)]
        if dotted in ("open", "io.open", "codecs.open") or dotted.endswith("Path.open") or (
                last == "open" and dotted not in ("open",) and not dotted.startswith("os.")):
            mode = node.args[1] if len(node.args) > 1 else next(
                (k.value for k in node.keywords if k.arg == "mode"), None)
            if mode is not None and not (isinstance(mode, ast.Constant)
                                         and isinstance(mode.value, str)
                                         and not set(mode.value) & set("wax+")):
                self.add("files", node)
        elif last in FILE_METHODS and dotted != last or last in WRITERS and (
                node.args or any(k.arg and ("path" in k.arg or "buf" in k.arg)
                                 for k in node.keywords)):
            self.add("files", node)
        if dotted.startswith("os.") and last in OS_FILES | {"open"}:
            self.add("files", node)
        if dotted.startswith("shutil."):
            self.add("files", node)
        if dotted in HOOK_CALLS or last == "publish_display_data":
            self.add("kernel-hooks", node)
        if dotted.startswith("os.") and last in OS_COMMANDS:
            self.add("commands", node)
        if dotted.startswith("os.") and last in OS_EXITS or dotted in (
                "sys.exit", "exit", "quit", "SystemExit") or last == "ask_exit":
            self.add("exits", node)
        if dotted.startswith("os.") and last in OS_ENVIRONMENT:
            self.add("environment", node)
        if dotted == "setattr" and len(node.args) >= 2:
            target = _dotted(node.args[0])
            name = node.args[1].value if isinstance(node.args[1], ast.Constant) else None
            if name in ("check", "Result", "_check"):
                self.add("redefines-check", node)
            elif target.split(".")[0] in self.course_names or target == "nato_russia":
                self.add("package-internals", node)
            elif target.split(".")[0] in ("sys", "builtins", "os"):
                self.add("kernel-hooks", node)
        if "run_line_magic" in dotted or "run_cell_magic" in dotted or last in (
                "system", "getoutput"):
            self._magic(node, last, texts)
        if dotted in ("__import__", "importlib.import_module", "importlib.reload",
                      "exec", "eval", "compile") and any("nato_russia" in t for t in texts):
            self.add("package-internals", node)
        self.generic_visit(node)

    def _magic(self, node: ast.Call, last: str, texts: list[str]) -> None:
        if last in ("system", "getoutput"):
            self.add("commands", node)
            return
        magic, argument = (texts + ["", ""])[:2]
        if magic in ("env", "set_env") and not ("=" in argument or " " in argument.strip()):
            return  # %env alone, or %env NAME, only reads
        flag = MAGICS.get(magic) or ("commands" if magic in SHELL_MAGICS else None)
        if flag:
            self.add(flag, node)

    def visit_Raise(self, node: ast.Raise) -> None:
        target = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
        if target is not None and _dotted(target) in ("SystemExit", "KeyboardInterrupt"):
            self.add("exits", node)
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str):
            text = node.value
            if any(s in text for s in VERDICT_SYMBOLS) or VERDICT_WORDS.search(text):
                self.add("verdict-symbols", node)
            if "nato_russia.questions" in text or "QUESTIONS" in text:
                self.add("answer-keys", node)
            elif any(m not in PUBLIC_MODULES for m in COURSE_MODULE.findall(text)):
                self.add("package-internals", node)


def scan(source: str, where: str, questions: tuple[str, ...] = (),
         course_names: set[str] | None = None) -> list[Flag]:
    """Flag one cell's code.

    Parameters
    ----------
    source
        The cell's code as the student wrote it.
    where
        Which cell it is, for the message.
    questions
        The questions the cell answers.
    course_names
        Names already bound to the course's modules in earlier cells (grows as imports
        are seen).
    """
    names = course_names if course_names is not None else {"data", "checks", "explore",
                                                           "charts"}
    code = _python(source)
    lines = source.splitlines()
    try:
        tree = ast.parse(code)
    except SyntaxError:
        # Not Python: it will fail when it runs. Look at its text for the plainest signs.
        found = [("verdict-symbols", 0)] if any(s in source for s in VERDICT_SYMBOLS) else []
    else:
        finder = _Finder(names)
        finder.visit(tree)
        found = finder.found
    flags = []
    seen = set()
    for name, line in found:
        if (name, line) in seen:
            continue
        seen.add((name, line))
        shown = lines[line - 1].strip() if 0 < line <= len(lines) else ""
        detail = f"line {line}: {shown[:80]}" if shown else "in its text"
        flags.append(Flag(name, where, detail, questions))
    return flags


def scan_cells(cells: list[tuple[str, tuple[str, ...], str]]) -> list[Flag]:
    """Flag every cell of a submission, in order (``(where, questions, source)`` each)."""
    names = {"data", "checks", "explore", "charts"}
    flags: list[Flag] = []
    for where, questions, source in cells:
        flags += scan(source, where, questions, names)
    return flags
