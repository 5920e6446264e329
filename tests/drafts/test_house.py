"""The import graph of consult/ stays visible: no cycles, nothing loaded by name, no module over
450 lines, and each import inside a function says why it is lazy (at most 25). The same rules
run as `make house`."""
from tests import house

REPORT = house.report()


def test_no_import_cycle_in_consult():
    assert REPORT.cycles == []


def test_no_module_is_loaded_by_name():
    assert REPORT.by_name == []


def test_every_import_inside_a_function_says_why():
    assert REPORT.lazy_without_reason == []


def test_no_module_is_over_the_length_limit():
    assert REPORT.too_long == []


def test_few_imports_inside_functions():
    assert len(REPORT.lazy) <= house.MAX_LAZY


def test_the_checker_sees_what_it_forbids(tmp_path):
    package = tmp_path / "consult"
    (package / "area").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "area" / "__init__.py").write_text("")
    (package / "area" / "services.py").write_text(
        "from consult.area.views import show\n\n\ndef act():\n    return show\n")
    (package / "area" / "views.py").write_text(
        "import importlib\n\n\ndef show():\n    from consult.area import services\n"
        "    # lazy: the engine is heavy\n    import consult.engine\n"
        "    return importlib.import_module('consult.area.services'), services\n")
    (package / "engine.py").write_text("\n" * (house.MAX_LINES + 1))
    found = house.report(tmp_path)
    assert found.cycles == [["consult.area.services", "consult.area.views",
                             "consult.area.services"]]
    assert found.by_name == ["consult/area/views.py:8"]
    assert found.lazy == ["consult/area/views.py:5", "consult/area/views.py:7"]
    assert found.lazy_without_reason == ["consult/area/views.py:5"]
    assert found.too_long == [f"consult/engine.py ({house.MAX_LINES + 1})"]
    assert len(found.failures) == 4
