"""Every setting is documented in the README (datasette's rule)."""

from assistant.settings import PROJECT_ROOT, Settings


def test_every_setting_is_in_the_readme() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in Settings.model_fields if f"NDL_{name.upper()}" not in readme]
    assert not missing, f"settings not documented in README.md: {missing}"


def test_env_overrides(monkeypatch: object) -> None:
    import pytest

    mp = pytest.MonkeyPatch()
    mp.setenv("NDL_ROW_CAP", "7")
    try:
        assert Settings().row_cap == 7
    finally:
        mp.undo()
