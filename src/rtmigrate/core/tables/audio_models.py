"""Generated from openai==3.57.0 by scripts/generate_audio_models.py; do not edit.

Every audio-model id each kind of call accepts, by family, with the shutdown date its
type docstring announces ("Deprecated values: ... Announced shutdown date: ..."), or None.
"""

from __future__ import annotations

AUDIO_MODELS: dict[str, dict[str, str | None]] = {
    'realtime': {
        'gpt-4o-mini-realtime-preview': None,
        'gpt-4o-mini-realtime-preview-2024-12-17': None,
        'gpt-4o-realtime-preview': None,
        'gpt-4o-realtime-preview-2024-10-01': None,
        'gpt-4o-realtime-preview-2024-12-17': None,
        'gpt-4o-realtime-preview-2025-06-03': None,
        'gpt-audio-1.5': None,
        'gpt-audio-mini': '2027-01-20',
        'gpt-audio-mini-2025-10-06': None,
        'gpt-audio-mini-2025-12-15': '2027-01-20',
        'gpt-realtime': '2027-01-20',
        'gpt-realtime-1.5': None,
        'gpt-realtime-2': None,
        'gpt-realtime-2.1': None,
        'gpt-realtime-2.1-mini': None,
        'gpt-realtime-2025-08-28': '2027-01-20',
        'gpt-realtime-mini': '2027-01-20',
        'gpt-realtime-mini-2025-10-06': None,
        'gpt-realtime-mini-2025-12-15': '2027-01-20',
    },
    'transcription': {
        'gpt-4o-mini-transcribe': '2027-02-26',
        'gpt-4o-mini-transcribe-2025-12-15': '2027-02-26',
        'gpt-4o-transcribe': '2027-02-26',
        'gpt-4o-transcribe-diarize': '2027-02-26',
        'gpt-live-transcribe': None,
        'gpt-realtime-whisper': None,
        'gpt-transcribe': None,
        'whisper-1': '2027-02-26',
    },
    'speech': {
        'gpt-4o-mini-tts': '2027-01-06',
        'gpt-4o-mini-tts-2025-12-15': '2027-01-06',
        'tts-1': '2027-01-06',
        'tts-1-hd': '2027-01-06',
    },
    'audio-chat': {
        'gpt-4o-audio-preview': '2026-05-07',
        'gpt-4o-audio-preview-2024-10-01': '2025-10-10',
        'gpt-4o-audio-preview-2024-12-17': '2026-05-07',
        'gpt-4o-audio-preview-2025-06-03': '2026-05-07',
        'gpt-4o-mini-audio-preview': '2026-05-07',
        'gpt-4o-mini-audio-preview-2024-12-17': '2026-05-07',
        'gpt-audio-mini': '2027-01-20',
        'gpt-audio-mini-2025-12-15': '2027-01-20',
    },
}

# Where each family was read.
SOURCES: dict[str, tuple[str, ...]] = {
    'realtime': ('openai.types.realtime.realtime_session_create_request_param.RealtimeSessionCreateRequestParam.model', 'openai.types.realtime.call_accept_params.CallAcceptParams.model'),
    'transcription': ('openai.types.realtime.audio_transcription_param.AudioTranscriptionParam.model', 'openai.types.audio_model.AudioModel'),
    'speech': ('openai.types.audio.speech_model.SpeechModel',),
    'audio-chat': ('openai.types.shared.chat_model.ChatModel',),
}
