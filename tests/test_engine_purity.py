"""The engine is pure: no UI libraries, no clock, no I/O, no global randomness."""

import ast
from pathlib import Path

ENGINE = Path(__file__).resolve().parent.parent / "game" / "engine"
FORBIDDEN_MODULES = {"textual", "rich", "time", "datetime", "random", "os", "io", "pathlib", "socket", "subprocess"}
FORBIDDEN_CALLS = {"open", "print", "input"}
GLOBAL_RNG = {"seed", "rand", "randn", "random", "randint", "choice", "shuffle", "permutation", "normal", "uniform"}


def test_engine_imports_no_ui_clock_or_io_and_uses_no_global_rng():
    problems = []
    for path in sorted(ENGINE.glob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name.split(".")[0] for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [(node.module or "").split(".")[0]]
            else:
                names = []
            problems += [f"{path.name}:{node.lineno} imports {n}" for n in names if n in FORBIDDEN_MODULES]
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in FORBIDDEN_CALLS:
                problems.append(f"{path.name}:{node.lineno} calls {node.func.id}()")
            # np.random.<fn>(...) is the global generator; np.random.Generator / PCG64 / SeedSequence are fine
            if (isinstance(node, ast.Attribute) and node.attr in GLOBAL_RNG and isinstance(node.value, ast.Attribute)
                    and node.value.attr == "random"):
                problems.append(f"{path.name}:{node.lineno} uses np.random.{node.attr}")
    assert not problems, "\n".join(problems)
