"""Audio models: the lifecycle table, targets that are current, the day as an input."""

from __future__ import annotations

import datetime
import subprocess
import sys
import typing
from pathlib import Path

import pytest

from rtmigrate import Settings, check_source, fix_source
from rtmigrate.core.cache import Cache
from rtmigrate.core.tables.audio_models import AUDIO_MODELS
from rtmigrate.core.tables.models import (
    FILE_TRANSCRIPTION_MODEL,
    LIVE_TRANSCRIPTION_MODEL,
    REPLACEMENTS,
    SHUTDOWNS,
    SPEECH_MODEL,
    TRANSCRIPTION_OPTIONS,
    current,
)

ROOT = Path(__file__).resolve().parent.parent
BEFORE, ON, AFTER = datetime.date(2026, 11, 25), datetime.date(2027, 1, 20), datetime.date(2027, 3, 1)
SOURCE = 'import openai\nconn = client.realtime.connect(model="gpt-realtime")\n'


def test_audio_model_table_is_current():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "generate_audio_models.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_the_table_reads_the_announced_shutdowns():
    assert AUDIO_MODELS["realtime"]["gpt-realtime"] == "2027-01-20"
    assert AUDIO_MODELS["realtime"]["gpt-realtime-2.1"] is None
    assert AUDIO_MODELS["transcription"]["whisper-1"] == "2027-02-26"
    assert AUDIO_MODELS["speech"]["tts-1"] == "2027-01-06"


def test_default_targets_are_current_models_that_are_not_shutting_down():
    settings = Settings()
    assert (settings.realtime_model, settings.realtime_mini_model) == (current("realtime"), current("realtime-mini"))
    for target in (settings.realtime_model, settings.realtime_mini_model):
        assert target in AUDIO_MODELS["realtime"] and target not in SHUTDOWNS
    fixed = fix_source('import openai\nM = "gpt-4o-realtime-preview"\nm = "gpt-4o-mini-realtime-preview"\n', unsafe=True)
    assert not any(d.code == "RT502" for d in check_source(fixed))


def test_replacements_and_task_models_are_not_shutting_down():
    for old, row in REPLACEMENTS.items():
        assert old in SHUTDOWNS, f"{old} has a replacement but no announced shutdown"
        assert row.model not in SHUTDOWNS and any(row.model in family for family in AUDIO_MODELS.values())
    for model in (LIVE_TRANSCRIPTION_MODEL, FILE_TRANSCRIPTION_MODEL):
        assert model in AUDIO_MODELS["transcription"] and model not in SHUTDOWNS
    assert SPEECH_MODEL not in SHUTDOWNS


def test_transcription_options_are_the_packages():
    from openai.types.realtime.audio_transcription_param import AudioTranscriptionParam
    from openai.types.realtime.realtime_session_create_request_param import RealtimeSessionCreateRequestParam

    assert set(TRANSCRIPTION_OPTIONS) <= set(typing.get_type_hints(AudioTranscriptionParam))
    assert "reasoning" in typing.get_type_hints(RealtimeSessionCreateRequestParam)


@pytest.mark.parametrize("day, kind", [(BEFORE, "leftover"), (ON, "breaks"), (AFTER, "breaks")])
def test_a_shutdown_is_a_leftover_until_its_day(day, kind):
    (found,) = check_source(SOURCE, settings=Settings(today=day, select=("RT502",)))
    assert found.kind == kind
    assert "2027-01-20" in found.message and "gpt-realtime-2.1" in found.message
    assert ("shut down on" in found.message) == (day >= ON)


def test_the_cache_keys_on_which_side_of_each_shutdown_today_falls():
    data = SOURCE.encode()
    key = lambda day: Cache.key(Settings(today=day), data)  # noqa: E731
    assert key(BEFORE) == key(BEFORE + datetime.timedelta(days=1))  # the same side of every date
    assert key(BEFORE) != key(ON) != key(AFTER)


def test_a_shutdown_run_fails_only_after_the_day(tmp_path):
    from click.testing import CliRunner

    from rtmigrate.cli import main

    (tmp_path / "app.py").write_text(SOURCE)
    run = lambda day: CliRunner().invoke(main, ["check", "--no-cache", "--today", day, str(tmp_path)])  # noqa: E731
    assert run("2026-11-25").exit_code == 0
    assert run("2027-01-21").exit_code == 1


def test_a_live_transcription_on_a_shutting_down_model_is_pointed_to_the_latency_model():
    source = 'import openai\ns = {"type": "transcription", "audio": {"input": {"transcription": {"model": "whisper-1", "prompt": "x"}}}}\n'
    (found,) = check_source(source, settings=Settings(select=("RT502", "RT503"), today=BEFORE))
    assert found.code == "RT502" and found.fix is None  # the package names no replacement: none is invented
    assert LIVE_TRANSCRIPTION_MODEL in found.hint and '"delay"' in found.hint
