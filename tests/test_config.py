"""Settings come from the defaults, then the settings file (reportcmp.toml), then the environment; a
bad one is named in one line."""
from __future__ import annotations

import pytest

from reportcmp.pipeline import config
from reportcmp.pipeline.config import ClusterSettings, CompareSettings, LoadSettings, ReadLimits, SettingsError, settings_for


@pytest.fixture(autouse=True)
def _no_settings_of_the_user(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("REPORTCMP_SETTINGS", raising=False)
    for group in config.GROUPS.values():
        for name in group.__dataclass_fields__:
            monkeypatch.delenv(config.env_name(name), raising=False)


def test_without_a_file_or_variables_the_defaults():
    settings = settings_for()
    assert (settings.compare, settings.limits, settings.load) == (CompareSettings(), ReadLimits(), LoadSettings())


def test_the_file_then_the_environment(tmp_path, monkeypatch):
    (tmp_path / "reportcmp.toml").write_text(
        "[compare]\nabout_tolerance_pp = 0.3\nfuzzy_accept = 90\n[limits]\nmax_file_mb = 8\n"
        "[load]\nlock_timeout_s = 5\n", encoding="utf-8")
    settings = settings_for()
    assert (settings.compare.about_tolerance_pp, settings.compare.fuzzy_accept) == (0.3, 90.0)
    assert settings.compare.exceed_margin_pp == CompareSettings().exceed_margin_pp
    assert (settings.limits.max_file_bytes, settings.load.lock_timeout_s) == (8 * 2**20, 5.0)

    monkeypatch.setenv("REPORTCMP_ABOUT_TOLERANCE_PP", "0.2")        # the environment wins over the file
    monkeypatch.setenv("REPORTCMP_MAX_PARAGRAPHS", "1000")
    monkeypatch.setenv("REPORTCMP_FILE_TIME_BUDGET", "5")             # the names issue 11 documented
    monkeypatch.setenv("REPORTCMP_LOCK_TIMEOUT", "7")
    settings = settings_for()
    assert (settings.compare.about_tolerance_pp, settings.limits.max_paragraphs) == (0.2, 1000)
    assert (settings.limits.time_budget_s, settings.load.lock_timeout_s) == (5.0, 7.0)
    assert isinstance(settings.limits.max_paragraphs, int)


def test_the_cluster_from_the_file_or_the_environment(tmp_path, monkeypatch):
    assert settings_for().cluster == ClusterSettings()            # in-process by default
    (tmp_path / "reportcmp.toml").write_text("[cluster]\nworkers = 4\nbatch_size = 16\n", encoding="utf-8")
    assert (settings_for().cluster.workers, settings_for().cluster.batch_size) == (4, 16)
    monkeypatch.setenv("REPORTCMP_DASK_ADDRESS", "tcp://10.0.0.5:8786")
    assert settings_for().cluster == ClusterSettings(workers=4, dask_address="tcp://10.0.0.5:8786", batch_size=16)


def test_reportcmp_settings_names_another_file(tmp_path, monkeypatch):
    elsewhere = tmp_path / "team.toml"
    elsewhere.write_text("[compare]\nexceed_margin_rel = 0.1\n", encoding="utf-8")
    monkeypatch.setenv("REPORTCMP_SETTINGS", str(elsewhere))
    assert settings_for().compare.exceed_margin_rel == 0.1


@pytest.mark.parametrize("text, env, message", [
    (None, {"REPORTCMP_MAX_TEXT_CHARS": "many"},
     "REPORTCMP_MAX_TEXT_CHARS: Input should be a valid integer, unable to parse string as an integer (given 'many')"),
    ("[compare]\nabout_tolerance = 1\n", {},
     "reportcmp.toml [compare] about_tolerance: no such setting (those of [compare]: about_tolerance_pp, "),
    ("[comparison]\nabout_tolerance_pp = 1\n", {},
     "settings file reportcmp.toml: tables must be [compare], [limits], [load], [cluster]; unknown: comparison"),
    ("[compare\n", {}, "settings file reportcmp.toml: Expected ']' at the end of a table declaration"),
    ("[limits]\nmax_file_mb = 'big'\n", {}, "reportcmp.toml [limits] max_file_mb: Input should be a valid number"),
])
def test_a_bad_setting_is_named_in_one_line(tmp_path, monkeypatch, text, env, message):
    if text is not None:
        (tmp_path / "reportcmp.toml").write_text(text, encoding="utf-8")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as raised:
        settings_for()
    assert str(raised.value).startswith(message) and "\n" not in str(raised.value)
