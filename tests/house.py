"""The house rules of the import graph, as a script any reviewer can run (`make house`).

Reports, for the application package consult/ (and the engine drafts/ where it applies):
- import cycles inside consult/: an import inside a function is an edge too, since it is what
  holds a cycle together at run time;
- modules loaded by name (importlib.import_module, __import__): a dependency nobody can see;
- modules over MAX_LINES lines in consult/ and drafts/;
- imports inside functions: at most MAX_LAZY, each with a comment saying why it is lazy
  (`# lazy: <reason>` on the same line or the line above).

`python -m tests.house` prints the findings and exits 1 when there are any.
tests/drafts/test_house.py holds the same rules as tests.
"""
import ast
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = "consult"
PACKAGES = ("consult", "drafts")
MAX_LINES = 450
MAX_LAZY = 25
REASON_MARK = "lazy:"
BY_NAME = {"import_module", "__import__"}


@dataclass
class Module:
    name: str
    path: Path
    lines: list[str]
    tree: ast.Module
    edges: set[str] = field(default_factory=set)
    lazy: list[tuple[int, bool]] = field(default_factory=list)  # (line, has a reason)
    by_name: list[int] = field(default_factory=list)


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def load(package: str, root: Path = ROOT) -> dict[str, Module]:
    modules = {}
    for path in sorted((root / package).rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        name = module_name(path, root)
        modules[name] = Module(name, path, text.splitlines(), ast.parse(text, str(path)))
    return modules


def _absolute(module: Module, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.name.split(".")
    if module.path.name != "__init__.py":
        base.pop()
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def targets(module: Module, node, known: set[str]) -> set[str]:
    """The modules of `known` an import statement runs: the module named, each submodule
    imported from a package, and every package on the way (its __init__ runs first), except the
    root package and the importer's own packages, which Python has started before the importer."""
    if isinstance(node, ast.Import):
        named = {alias.name for alias in node.names}
    else:
        base = _absolute(module, node)
        named = {f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names}
    own = {module.name.rsplit(".", depth)[0] for depth in range(1, module.name.count(".") + 1)}
    found = set()
    for name in named:
        parts = name.split(".")
        found |= {".".join(parts[:end]) for end in range(2, len(parts))} - own
        found.add(name)
    return (found & known) - {module.name}


def _is_type_checking(node) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _has_reason(module: Module, line: int) -> bool:
    """A `# lazy: <why>` comment on the import's line, or in the comment lines just above the
    run of import lines it stands in (one comment may give the reason for a block)."""
    if REASON_MARK in module.lines[line - 1].partition("#")[2].lower():
        return True
    above = line - 2
    while above >= 0:
        text = module.lines[above].strip()
        if text.startswith("#"):
            if REASON_MARK in text.lower():
                return True
        elif not text.startswith(("from ", "import ")):
            return False
        above -= 1
    return False


def scan(modules: dict[str, Module]) -> None:
    known = set(modules)
    for module in modules.values():
        def visit(node, in_function):
            if _is_type_checking(node):
                return
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                module.edges |= targets(module, node, known)
                if in_function:
                    module.lazy.append((node.lineno, _has_reason(module, node.lineno)))
            if isinstance(node, ast.Call):
                func = node.func
                called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                if called in BY_NAME:
                    module.by_name.append(node.lineno)
            inner = in_function or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                     ast.Lambda))
            for child in ast.iter_child_nodes(node):
                visit(child, inner)
        visit(module.tree, False)


def cycles(modules: dict[str, Module]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def connect(name):
        index[name] = low[name] = counter[0]
        counter[0] += 1
        stack.append(name)
        on_stack.add(name)
        for target in sorted(modules[name].edges):
            if target not in index:
                connect(target)
                low[name] = min(low[name], low[target])
            elif target in on_stack:
                low[name] = min(low[name], index[target])
        if low[name] == index[name]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == name:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10000))
    for name in sorted(modules):
        if name not in index:
            connect(name)
    return sorted(found)


def cycle_path(modules: dict[str, Module], component: list[str]) -> list[str]:
    """One concrete loop through a component, to show the reader where to cut."""
    members = set(component)
    start = component[0]
    paths = {start: [start]}
    queue = [start]
    while queue:
        name = queue.pop(0)
        for target in sorted(modules[name].edges & members):
            if target == start:
                return paths[name] + [start]
            if target not in paths:
                paths[target] = paths[name] + [target]
                queue.append(target)
    return component


@dataclass
class Report:
    cycles: list[list[str]]
    by_name: list[str]
    too_long: list[str]
    lazy: list[str]
    lazy_without_reason: list[str]

    @property
    def failures(self) -> list[str]:
        found = [f"import cycle: {' -> '.join(c)}" for c in self.cycles]
        found += [f"module loaded by name: {where}" for where in self.by_name]
        found += [f"module over {MAX_LINES} lines: {where}" for where in self.too_long]
        found += [f"import inside a function without a '# {REASON_MARK} <why>' comment: {where}"
                  for where in self.lazy_without_reason]
        if len(self.lazy) > MAX_LAZY:
            found.append(f"{len(self.lazy)} imports inside functions in {APP}/ (at most {MAX_LAZY})")
        return found


def report(root: Path = ROOT) -> Report:
    everything = {}
    for package in PACKAGES:
        if (root / package).is_dir():
            everything.update(load(package, root))
    scan(everything)
    app = {name: m for name, m in everything.items() if name.split(".")[0] == APP}
    for module in app.values():
        module.edges &= set(app)

    def where(module, line):
        return f"{module.path.relative_to(root)}:{line}"

    return Report(
        cycles=[cycle_path(app, component) for component in cycles(app)],
        by_name=[where(m, line) for m in everything.values() for line in m.by_name],
        too_long=[f"{m.path.relative_to(root)} ({len(m.lines)})" for m in everything.values()
                  if len(m.lines) > MAX_LINES],
        lazy=[where(m, line) for m in app.values() for line, _ in m.lazy],
        lazy_without_reason=[where(m, line) for m in app.values()
                             for line, reason in m.lazy if not reason],
    )


def main() -> int:
    found = report()
    for line in found.failures:
        print(line)
    print(f"{len(found.cycles)} cycles, {len(found.by_name)} loaded by name, "
          f"{len(found.too_long)} over {MAX_LINES} lines, {len(found.lazy)} imports inside "
          f"functions ({len(found.lazy_without_reason)} without a reason; at most {MAX_LAZY})")
    return 1 if found.failures else 0


if __name__ == "__main__":
    sys.exit(main())
