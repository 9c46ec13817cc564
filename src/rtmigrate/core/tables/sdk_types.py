"""Generated from openai==3.57.0 by scripts/generate_sdk_types.py; do not edit.

Beta module (relative to openai.types.beta.realtime, '' for the package) → public name →
(GA module relative to openai.types.realtime, GA name), or None where GA has no counterpart.
"""

from __future__ import annotations

BETA_TYPES: dict[str, dict[str, tuple[str, str] | None]] = {
    '': {
        'ConversationCreatedEvent': ('', 'ConversationCreatedEvent'),
        'ConversationItem': ('', 'ConversationItem'),
        'ConversationItemContent': None,
        'ConversationItemContentParam': None,
        'ConversationItemCreateEvent': ('', 'ConversationItemCreateEvent'),
        'ConversationItemCreateEventParam': ('', 'ConversationItemCreateEventParam'),
        'ConversationItemCreatedEvent': ('', 'ConversationItemCreatedEvent'),
        'ConversationItemDeleteEvent': ('', 'ConversationItemDeleteEvent'),
        'ConversationItemDeleteEventParam': ('', 'ConversationItemDeleteEventParam'),
        'ConversationItemDeletedEvent': ('', 'ConversationItemDeletedEvent'),
        'ConversationItemInputAudioTranscriptionCompletedEvent': ('', 'ConversationItemInputAudioTranscriptionCompletedEvent'),
        'ConversationItemInputAudioTranscriptionDeltaEvent': ('', 'ConversationItemInputAudioTranscriptionDeltaEvent'),
        'ConversationItemInputAudioTranscriptionFailedEvent': ('', 'ConversationItemInputAudioTranscriptionFailedEvent'),
        'ConversationItemParam': ('', 'ConversationItemParam'),
        'ConversationItemRetrieveEvent': ('', 'ConversationItemRetrieveEvent'),
        'ConversationItemRetrieveEventParam': ('', 'ConversationItemRetrieveEventParam'),
        'ConversationItemTruncateEvent': ('', 'ConversationItemTruncateEvent'),
        'ConversationItemTruncateEventParam': ('', 'ConversationItemTruncateEventParam'),
        'ConversationItemTruncatedEvent': ('', 'ConversationItemTruncatedEvent'),
        'ConversationItemWithReference': None,
        'ConversationItemWithReferenceParam': None,
        'ErrorEvent': ('', 'RealtimeErrorEvent'),
        'InputAudioBufferAppendEvent': ('', 'InputAudioBufferAppendEvent'),
        'InputAudioBufferAppendEventParam': ('', 'InputAudioBufferAppendEventParam'),
        'InputAudioBufferClearEvent': ('', 'InputAudioBufferClearEvent'),
        'InputAudioBufferClearEventParam': ('', 'InputAudioBufferClearEventParam'),
        'InputAudioBufferClearedEvent': ('', 'InputAudioBufferClearedEvent'),
        'InputAudioBufferCommitEvent': ('', 'InputAudioBufferCommitEvent'),
        'InputAudioBufferCommitEventParam': ('', 'InputAudioBufferCommitEventParam'),
        'InputAudioBufferCommittedEvent': ('', 'InputAudioBufferCommittedEvent'),
        'InputAudioBufferSpeechStartedEvent': ('', 'InputAudioBufferSpeechStartedEvent'),
        'InputAudioBufferSpeechStoppedEvent': ('', 'InputAudioBufferSpeechStoppedEvent'),
        'RateLimitsUpdatedEvent': ('', 'RateLimitsUpdatedEvent'),
        'RealtimeClientEvent': ('', 'RealtimeClientEvent'),
        'RealtimeClientEventParam': ('', 'RealtimeClientEventParam'),
        'RealtimeConnectParams': ('', 'RealtimeConnectParams'),
        'RealtimeResponse': ('', 'RealtimeResponse'),
        'RealtimeResponseStatus': ('', 'RealtimeResponseStatus'),
        'RealtimeResponseUsage': ('', 'RealtimeResponseUsage'),
        'RealtimeServerEvent': ('', 'RealtimeServerEvent'),
        'ResponseAudioDeltaEvent': ('', 'ResponseAudioDeltaEvent'),
        'ResponseAudioDoneEvent': ('', 'ResponseAudioDoneEvent'),
        'ResponseAudioTranscriptDeltaEvent': ('', 'ResponseAudioTranscriptDeltaEvent'),
        'ResponseAudioTranscriptDoneEvent': ('', 'ResponseAudioTranscriptDoneEvent'),
        'ResponseCancelEvent': ('', 'ResponseCancelEvent'),
        'ResponseCancelEventParam': ('', 'ResponseCancelEventParam'),
        'ResponseContentPartAddedEvent': ('', 'ResponseContentPartAddedEvent'),
        'ResponseContentPartDoneEvent': ('', 'ResponseContentPartDoneEvent'),
        'ResponseCreateEvent': ('', 'ResponseCreateEvent'),
        'ResponseCreateEventParam': ('', 'ResponseCreateEventParam'),
        'ResponseCreatedEvent': ('', 'ResponseCreatedEvent'),
        'ResponseDoneEvent': ('', 'ResponseDoneEvent'),
        'ResponseFunctionCallArgumentsDeltaEvent': ('', 'ResponseFunctionCallArgumentsDeltaEvent'),
        'ResponseFunctionCallArgumentsDoneEvent': ('', 'ResponseFunctionCallArgumentsDoneEvent'),
        'ResponseOutputItemAddedEvent': ('', 'ResponseOutputItemAddedEvent'),
        'ResponseOutputItemDoneEvent': ('', 'ResponseOutputItemDoneEvent'),
        'ResponseTextDeltaEvent': ('', 'ResponseTextDeltaEvent'),
        'ResponseTextDoneEvent': ('', 'ResponseTextDoneEvent'),
        'Session': ('', 'RealtimeSessionCreateRequest'),
        'SessionCreateParams': ('', 'ClientSecretCreateParams'),
        'SessionCreateResponse': ('', 'ClientSecretCreateResponse'),
        'SessionCreatedEvent': ('', 'SessionCreatedEvent'),
        'SessionUpdateEvent': ('', 'SessionUpdateEvent'),
        'SessionUpdateEventParam': ('', 'SessionUpdateEventParam'),
        'SessionUpdatedEvent': ('', 'SessionUpdatedEvent'),
        'TranscriptionSession': ('', 'RealtimeTranscriptionSessionCreateRequest'),
        'TranscriptionSessionCreateParams': ('', 'ClientSecretCreateParams'),
        'TranscriptionSessionUpdate': ('', 'SessionUpdateEvent'),
        'TranscriptionSessionUpdateParam': ('', 'SessionUpdateEventParam'),
        'TranscriptionSessionUpdatedEvent': ('', 'SessionUpdatedEvent'),
    },
    'conversation_created_event': {
        'Conversation': ('conversation_created_event', 'Conversation'),
        'ConversationCreatedEvent': ('conversation_created_event', 'ConversationCreatedEvent'),
    },
    'conversation_item': {
        'ConversationItem': ('conversation_item', 'ConversationItem'),
    },
    'conversation_item_content': {
        'ConversationItemContent': None,
    },
    'conversation_item_content_param': {
        'ConversationItemContentParam': None,
    },
    'conversation_item_create_event': {
        'ConversationItemCreateEvent': ('conversation_item_create_event', 'ConversationItemCreateEvent'),
    },
    'conversation_item_create_event_param': {
        'ConversationItemCreateEventParam': ('conversation_item_create_event_param', 'ConversationItemCreateEventParam'),
    },
    'conversation_item_created_event': {
        'ConversationItemCreatedEvent': ('conversation_item_created_event', 'ConversationItemCreatedEvent'),
    },
    'conversation_item_delete_event': {
        'ConversationItemDeleteEvent': ('conversation_item_delete_event', 'ConversationItemDeleteEvent'),
    },
    'conversation_item_delete_event_param': {
        'ConversationItemDeleteEventParam': ('conversation_item_delete_event_param', 'ConversationItemDeleteEventParam'),
    },
    'conversation_item_deleted_event': {
        'ConversationItemDeletedEvent': ('conversation_item_deleted_event', 'ConversationItemDeletedEvent'),
    },
    'conversation_item_input_audio_transcription_completed_event': {
        'ConversationItemInputAudioTranscriptionCompletedEvent': ('conversation_item_input_audio_transcription_completed_event', 'ConversationItemInputAudioTranscriptionCompletedEvent'),
        'Logprob': None,
        'Usage': ('conversation_item_input_audio_transcription_completed_event', 'Usage'),
        'UsageTranscriptTextUsageDuration': ('conversation_item_input_audio_transcription_completed_event', 'UsageTranscriptTextUsageDuration'),
        'UsageTranscriptTextUsageTokens': ('conversation_item_input_audio_transcription_completed_event', 'UsageTranscriptTextUsageTokens'),
        'UsageTranscriptTextUsageTokensInputTokenDetails': ('conversation_item_input_audio_transcription_completed_event', 'UsageTranscriptTextUsageTokensInputTokenDetails'),
    },
    'conversation_item_input_audio_transcription_delta_event': {
        'ConversationItemInputAudioTranscriptionDeltaEvent': ('conversation_item_input_audio_transcription_delta_event', 'ConversationItemInputAudioTranscriptionDeltaEvent'),
        'Logprob': None,
    },
    'conversation_item_input_audio_transcription_failed_event': {
        'ConversationItemInputAudioTranscriptionFailedEvent': ('conversation_item_input_audio_transcription_failed_event', 'ConversationItemInputAudioTranscriptionFailedEvent'),
        'Error': ('conversation_item_input_audio_transcription_failed_event', 'Error'),
    },
    'conversation_item_param': {
        'ConversationItemParam': ('conversation_item_param', 'ConversationItemParam'),
    },
    'conversation_item_retrieve_event': {
        'ConversationItemRetrieveEvent': ('conversation_item_retrieve_event', 'ConversationItemRetrieveEvent'),
    },
    'conversation_item_retrieve_event_param': {
        'ConversationItemRetrieveEventParam': ('conversation_item_retrieve_event_param', 'ConversationItemRetrieveEventParam'),
    },
    'conversation_item_truncate_event': {
        'ConversationItemTruncateEvent': ('conversation_item_truncate_event', 'ConversationItemTruncateEvent'),
    },
    'conversation_item_truncate_event_param': {
        'ConversationItemTruncateEventParam': ('conversation_item_truncate_event_param', 'ConversationItemTruncateEventParam'),
    },
    'conversation_item_truncated_event': {
        'ConversationItemTruncatedEvent': ('conversation_item_truncated_event', 'ConversationItemTruncatedEvent'),
    },
    'conversation_item_with_reference': {
        'Content': None,
        'ConversationItemWithReference': None,
    },
    'conversation_item_with_reference_param': {
        'Content': None,
        'ConversationItemWithReferenceParam': None,
    },
    'error_event': {
        'Error': None,
        'ErrorEvent': ('', 'RealtimeErrorEvent'),
    },
    'input_audio_buffer_append_event': {
        'InputAudioBufferAppendEvent': ('input_audio_buffer_append_event', 'InputAudioBufferAppendEvent'),
    },
    'input_audio_buffer_append_event_param': {
        'InputAudioBufferAppendEventParam': ('input_audio_buffer_append_event_param', 'InputAudioBufferAppendEventParam'),
    },
    'input_audio_buffer_clear_event': {
        'InputAudioBufferClearEvent': ('input_audio_buffer_clear_event', 'InputAudioBufferClearEvent'),
    },
    'input_audio_buffer_clear_event_param': {
        'InputAudioBufferClearEventParam': ('input_audio_buffer_clear_event_param', 'InputAudioBufferClearEventParam'),
    },
    'input_audio_buffer_cleared_event': {
        'InputAudioBufferClearedEvent': ('input_audio_buffer_cleared_event', 'InputAudioBufferClearedEvent'),
    },
    'input_audio_buffer_commit_event': {
        'InputAudioBufferCommitEvent': ('input_audio_buffer_commit_event', 'InputAudioBufferCommitEvent'),
    },
    'input_audio_buffer_commit_event_param': {
        'InputAudioBufferCommitEventParam': ('input_audio_buffer_commit_event_param', 'InputAudioBufferCommitEventParam'),
    },
    'input_audio_buffer_committed_event': {
        'InputAudioBufferCommittedEvent': ('input_audio_buffer_committed_event', 'InputAudioBufferCommittedEvent'),
    },
    'input_audio_buffer_speech_started_event': {
        'InputAudioBufferSpeechStartedEvent': ('input_audio_buffer_speech_started_event', 'InputAudioBufferSpeechStartedEvent'),
    },
    'input_audio_buffer_speech_stopped_event': {
        'InputAudioBufferSpeechStoppedEvent': ('input_audio_buffer_speech_stopped_event', 'InputAudioBufferSpeechStoppedEvent'),
    },
    'rate_limits_updated_event': {
        'RateLimit': ('rate_limits_updated_event', 'RateLimit'),
        'RateLimitsUpdatedEvent': ('rate_limits_updated_event', 'RateLimitsUpdatedEvent'),
    },
    'realtime_client_event': {
        'OutputAudioBufferClear': None,
        'RealtimeClientEvent': ('realtime_client_event', 'RealtimeClientEvent'),
    },
    'realtime_client_event_param': {
        'OutputAudioBufferClear': None,
        'RealtimeClientEventParam': ('realtime_client_event_param', 'RealtimeClientEventParam'),
    },
    'realtime_connect_params': {
        'RealtimeConnectParams': ('realtime_connect_params', 'RealtimeConnectParams'),
    },
    'realtime_response': {
        'RealtimeResponse': ('realtime_response', 'RealtimeResponse'),
    },
    'realtime_response_status': {
        'Error': ('realtime_response_status', 'Error'),
        'RealtimeResponseStatus': ('realtime_response_status', 'RealtimeResponseStatus'),
    },
    'realtime_response_usage': {
        'InputTokenDetails': None,
        'OutputTokenDetails': None,
        'RealtimeResponseUsage': ('realtime_response_usage', 'RealtimeResponseUsage'),
    },
    'realtime_server_event': {
        'ConversationItemRetrieved': ('realtime_server_event', 'ConversationItemRetrieved'),
        'OutputAudioBufferCleared': ('realtime_server_event', 'OutputAudioBufferCleared'),
        'OutputAudioBufferStarted': ('realtime_server_event', 'OutputAudioBufferStarted'),
        'OutputAudioBufferStopped': ('realtime_server_event', 'OutputAudioBufferStopped'),
        'RealtimeServerEvent': ('realtime_server_event', 'RealtimeServerEvent'),
    },
    'response_audio_delta_event': {
        'ResponseAudioDeltaEvent': ('response_audio_delta_event', 'ResponseAudioDeltaEvent'),
    },
    'response_audio_done_event': {
        'ResponseAudioDoneEvent': ('response_audio_done_event', 'ResponseAudioDoneEvent'),
    },
    'response_audio_transcript_delta_event': {
        'ResponseAudioTranscriptDeltaEvent': ('response_audio_transcript_delta_event', 'ResponseAudioTranscriptDeltaEvent'),
    },
    'response_audio_transcript_done_event': {
        'ResponseAudioTranscriptDoneEvent': ('response_audio_transcript_done_event', 'ResponseAudioTranscriptDoneEvent'),
    },
    'response_cancel_event': {
        'ResponseCancelEvent': ('response_cancel_event', 'ResponseCancelEvent'),
    },
    'response_cancel_event_param': {
        'ResponseCancelEventParam': ('response_cancel_event_param', 'ResponseCancelEventParam'),
    },
    'response_content_part_added_event': {
        'Part': ('response_content_part_added_event', 'Part'),
        'ResponseContentPartAddedEvent': ('response_content_part_added_event', 'ResponseContentPartAddedEvent'),
    },
    'response_content_part_done_event': {
        'Part': ('response_content_part_done_event', 'Part'),
        'ResponseContentPartDoneEvent': ('response_content_part_done_event', 'ResponseContentPartDoneEvent'),
    },
    'response_create_event': {
        'Response': ('', 'RealtimeResponseCreateParams'),
        'ResponseCreateEvent': ('response_create_event', 'ResponseCreateEvent'),
        'ResponseTool': None,
    },
    'response_create_event_param': {
        'Response': ('', 'RealtimeResponseCreateParamsParam'),
        'ResponseCreateEventParam': ('response_create_event_param', 'ResponseCreateEventParam'),
        'ResponseTool': None,
    },
    'response_created_event': {
        'ResponseCreatedEvent': ('response_created_event', 'ResponseCreatedEvent'),
    },
    'response_done_event': {
        'ResponseDoneEvent': ('response_done_event', 'ResponseDoneEvent'),
    },
    'response_function_call_arguments_delta_event': {
        'ResponseFunctionCallArgumentsDeltaEvent': ('response_function_call_arguments_delta_event', 'ResponseFunctionCallArgumentsDeltaEvent'),
    },
    'response_function_call_arguments_done_event': {
        'ResponseFunctionCallArgumentsDoneEvent': ('response_function_call_arguments_done_event', 'ResponseFunctionCallArgumentsDoneEvent'),
    },
    'response_output_item_added_event': {
        'ResponseOutputItemAddedEvent': ('response_output_item_added_event', 'ResponseOutputItemAddedEvent'),
    },
    'response_output_item_done_event': {
        'ResponseOutputItemDoneEvent': ('response_output_item_done_event', 'ResponseOutputItemDoneEvent'),
    },
    'response_text_delta_event': {
        'ResponseTextDeltaEvent': ('response_text_delta_event', 'ResponseTextDeltaEvent'),
    },
    'response_text_done_event': {
        'ResponseTextDoneEvent': ('response_text_done_event', 'ResponseTextDoneEvent'),
    },
    'session': {
        'InputAudioNoiseReduction': None,
        'InputAudioTranscription': None,
        'Session': ('', 'RealtimeSessionCreateRequest'),
        'Tool': None,
        'Tracing': None,
        'TracingTracingConfiguration': None,
        'TurnDetection': None,
    },
    'session_create_params': {
        'ClientSecret': None,
        'ClientSecretExpiresAfter': None,
        'InputAudioNoiseReduction': None,
        'InputAudioTranscription': None,
        'SessionCreateParams': ('', 'ClientSecretCreateParams'),
        'Tool': None,
        'Tracing': None,
        'TracingTracingConfiguration': None,
        'TurnDetection': None,
    },
    'session_create_response': {
        'ClientSecret': None,
        'InputAudioTranscription': None,
        'SessionCreateResponse': ('', 'ClientSecretCreateResponse'),
        'Tool': None,
        'Tracing': None,
        'TracingTracingConfiguration': None,
        'TurnDetection': None,
    },
    'session_created_event': {
        'SessionCreatedEvent': ('session_created_event', 'SessionCreatedEvent'),
    },
    'session_update_event': {
        'Session': ('session_update_event', 'Session'),
        'SessionClientSecret': None,
        'SessionClientSecretExpiresAfter': None,
        'SessionInputAudioNoiseReduction': None,
        'SessionInputAudioTranscription': None,
        'SessionTool': ('', 'RealtimeFunctionTool'),
        'SessionTracing': ('', 'RealtimeTracingConfig'),
        'SessionTracingTracingConfiguration': None,
        'SessionTurnDetection': None,
        'SessionUpdateEvent': ('session_update_event', 'SessionUpdateEvent'),
    },
    'session_update_event_param': {
        'Session': ('session_update_event_param', 'Session'),
        'SessionClientSecret': None,
        'SessionClientSecretExpiresAfter': None,
        'SessionInputAudioNoiseReduction': None,
        'SessionInputAudioTranscription': None,
        'SessionTool': ('', 'RealtimeFunctionToolParam'),
        'SessionTracing': ('', 'RealtimeTracingConfigParam'),
        'SessionTracingTracingConfiguration': None,
        'SessionTurnDetection': None,
        'SessionUpdateEventParam': ('session_update_event_param', 'SessionUpdateEventParam'),
    },
    'session_updated_event': {
        'SessionUpdatedEvent': ('session_updated_event', 'SessionUpdatedEvent'),
    },
    'transcription_session': {
        'ClientSecret': None,
        'InputAudioTranscription': None,
        'TranscriptionSession': ('', 'RealtimeTranscriptionSessionCreateRequest'),
        'TurnDetection': None,
    },
    'transcription_session_create_params': {
        'ClientSecret': None,
        'ClientSecretExpiresAt': None,
        'InputAudioNoiseReduction': None,
        'InputAudioTranscription': None,
        'TranscriptionSessionCreateParams': ('', 'ClientSecretCreateParams'),
        'TurnDetection': None,
    },
    'transcription_session_update': {
        'Session': ('', 'RealtimeSessionCreateRequest'),
        'SessionClientSecret': None,
        'SessionClientSecretExpiresAt': None,
        'SessionInputAudioNoiseReduction': None,
        'SessionInputAudioTranscription': None,
        'SessionTurnDetection': None,
        'TranscriptionSessionUpdate': ('', 'SessionUpdateEvent'),
    },
    'transcription_session_update_param': {
        'Session': ('', 'RealtimeSessionCreateRequest'),
        'SessionClientSecret': None,
        'SessionClientSecretExpiresAt': None,
        'SessionInputAudioNoiseReduction': None,
        'SessionInputAudioTranscription': None,
        'SessionTurnDetection': None,
        'TranscriptionSessionUpdateParam': ('', 'SessionUpdateEventParam'),
    },
    'transcription_session_updated_event': {
        'TranscriptionSessionUpdatedEvent': ('', 'SessionUpdatedEvent'),
    },
}

# The same for the beta resources (relative to openai.resources.beta.realtime → openai.resources.realtime).
BETA_RESOURCES: dict[str, dict[str, tuple[str, str] | None]] = {
    '': {
    },
    'realtime': {
        'AsyncRealtime': ('realtime', 'AsyncRealtime'),
        'AsyncRealtimeConnection': ('realtime', 'AsyncRealtimeConnection'),
        'AsyncRealtimeConnectionManager': ('realtime', 'AsyncRealtimeConnectionManager'),
        'AsyncRealtimeConversationItemResource': ('realtime', 'AsyncRealtimeConversationItemResource'),
        'AsyncRealtimeConversationResource': ('realtime', 'AsyncRealtimeConversationResource'),
        'AsyncRealtimeInputAudioBufferResource': ('realtime', 'AsyncRealtimeInputAudioBufferResource'),
        'AsyncRealtimeOutputAudioBufferResource': ('realtime', 'AsyncRealtimeOutputAudioBufferResource'),
        'AsyncRealtimeResponseResource': ('realtime', 'AsyncRealtimeResponseResource'),
        'AsyncRealtimeSessionResource': ('realtime', 'AsyncRealtimeSessionResource'),
        'AsyncRealtimeTranscriptionSessionResource': None,
        'AsyncRealtimeWithRawResponse': ('realtime', 'AsyncRealtimeWithRawResponse'),
        'AsyncRealtimeWithStreamingResponse': ('realtime', 'AsyncRealtimeWithStreamingResponse'),
        'BaseAsyncRealtimeConnectionResource': ('realtime', 'BaseAsyncRealtimeConnectionResource'),
        'BaseRealtimeConnectionResource': ('realtime', 'BaseRealtimeConnectionResource'),
        'Realtime': ('realtime', 'Realtime'),
        'RealtimeConnection': ('realtime', 'RealtimeConnection'),
        'RealtimeConnectionManager': ('realtime', 'RealtimeConnectionManager'),
        'RealtimeConversationItemResource': ('realtime', 'RealtimeConversationItemResource'),
        'RealtimeConversationResource': ('realtime', 'RealtimeConversationResource'),
        'RealtimeInputAudioBufferResource': ('realtime', 'RealtimeInputAudioBufferResource'),
        'RealtimeOutputAudioBufferResource': ('realtime', 'RealtimeOutputAudioBufferResource'),
        'RealtimeResponseResource': ('realtime', 'RealtimeResponseResource'),
        'RealtimeSessionResource': ('realtime', 'RealtimeSessionResource'),
        'RealtimeTranscriptionSessionResource': None,
        'RealtimeWithRawResponse': ('realtime', 'RealtimeWithRawResponse'),
        'RealtimeWithStreamingResponse': ('realtime', 'RealtimeWithStreamingResponse'),
        'log': ('realtime', 'log'),
    },
    'sessions': {
        'AsyncSessions': None,
        'AsyncSessionsWithRawResponse': None,
        'AsyncSessionsWithStreamingResponse': None,
        'Sessions': None,
        'SessionsWithRawResponse': None,
        'SessionsWithStreamingResponse': None,
    },
    'transcription_sessions': {
        'AsyncTranscriptionSessions': None,
        'AsyncTranscriptionSessionsWithRawResponse': None,
        'AsyncTranscriptionSessionsWithStreamingResponse': None,
        'TranscriptionSessions': None,
        'TranscriptionSessionsWithRawResponse': None,
        'TranscriptionSessionsWithStreamingResponse': None,
    },
}

# GA resource class (module.Class) → the members its body defines.
GA_RESOURCE_MEMBERS: dict[str, tuple[str, ...]] = {
    'realtime.AsyncRealtime': ('calls', 'client_secrets', 'connect', 'translations', 'with_raw_response', 'with_streaming_response'),
    'realtime.AsyncRealtimeConnection': ('__aiter__', '__init__', '_connection', 'conversation', 'dispatch_events', 'input_audio_buffer', 'off', 'on', 'once', 'output_audio_buffer', 'parse_event', 'recv', 'recv_bytes', 'response', 'send', 'session'),
    'realtime.AsyncRealtimeConnectionManager': ('__aenter__', '__aexit__', '__init__', '_connect_ws', '_prepare_url', 'off', 'on', 'once', 'send'),
    'realtime.AsyncRealtimeConversationItemResource': ('create', 'delete', 'retrieve', 'truncate'),
    'realtime.AsyncRealtimeConversationResource': ('item',),
    'realtime.AsyncRealtimeInputAudioBufferResource': ('append', 'clear', 'commit'),
    'realtime.AsyncRealtimeOutputAudioBufferResource': ('clear',),
    'realtime.AsyncRealtimeResponseResource': ('cancel', 'create'),
    'realtime.AsyncRealtimeSessionResource': ('update',),
    'realtime.AsyncRealtimeWithRawResponse': ('__init__', 'calls', 'client_secrets', 'translations'),
    'realtime.AsyncRealtimeWithStreamingResponse': ('__init__', 'calls', 'client_secrets', 'translations'),
    'realtime.BaseAsyncRealtimeConnectionResource': ('__init__',),
    'realtime.BaseRealtimeConnectionResource': ('__init__',),
    'realtime.Realtime': ('calls', 'client_secrets', 'connect', 'translations', 'with_raw_response', 'with_streaming_response'),
    'realtime.RealtimeConnection': ('__init__', '__iter__', '_connection', 'conversation', 'dispatch_events', 'input_audio_buffer', 'off', 'on', 'once', 'output_audio_buffer', 'parse_event', 'recv', 'recv_bytes', 'response', 'send', 'session'),
    'realtime.RealtimeConnectionManager': ('__enter__', '__exit__', '__init__', '_connect_ws', '_prepare_url', 'off', 'on', 'once', 'send'),
    'realtime.RealtimeConversationItemResource': ('create', 'delete', 'retrieve', 'truncate'),
    'realtime.RealtimeConversationResource': ('item',),
    'realtime.RealtimeInputAudioBufferResource': ('append', 'clear', 'commit'),
    'realtime.RealtimeOutputAudioBufferResource': ('clear',),
    'realtime.RealtimeResponseResource': ('cancel', 'create'),
    'realtime.RealtimeSessionResource': ('update',),
    'realtime.RealtimeWithRawResponse': ('__init__', 'calls', 'client_secrets', 'translations'),
    'realtime.RealtimeWithStreamingResponse': ('__init__', 'calls', 'client_secrets', 'translations'),
}

# (beta module, name) → why code that builds the beta class cannot build its GA counterpart alike.
BUILT_APART: dict[tuple[str, str], str] = {
    ('', 'ConversationItem'): '`ConversationItem` is a union of types in GA, not a class',
    ('', 'RealtimeResponse'): 'GA has no field `modalities`, `output_audio_format`, `temperature`, `voice`',
    ('', 'ResponseFunctionCallArgumentsDoneEvent'): 'GA needs `name`',
    ('', 'Session'): 'GA has no field `id`, `input_audio_format`, `input_audio_noise_reduction`, `input_audio_transcription`, `max_response_output_tokens`, `modalities`, `output_audio_format`, `speed`, `temperature`, `turn_detection`, `voice`; GA needs `type`',
    ('', 'SessionCreateResponse'): 'GA has no field `client_secret`, `input_audio_format`, `input_audio_transcription`, `instructions`, `max_response_output_tokens`, `modalities`, `output_audio_format`, `speed`, `temperature`, `tool_choice`, `tools`, `tracing`, `turn_detection`, `voice`; GA needs `expires_at`, `session`, `value`',
    ('', 'TranscriptionSession'): 'GA has no field `client_secret`, `input_audio_format`, `input_audio_transcription`, `modalities`, `turn_detection`; GA needs `type`',
    ('conversation_item', 'ConversationItem'): '`ConversationItem` is a union of types in GA, not a class',
    ('realtime_response', 'RealtimeResponse'): 'GA has no field `modalities`, `output_audio_format`, `temperature`, `voice`',
    ('response_create_event', 'Response'): 'GA has no field `max_response_output_tokens`, `modalities`, `output_audio_format`, `temperature`, `voice`',
    ('response_function_call_arguments_done_event', 'ResponseFunctionCallArgumentsDoneEvent'): 'GA needs `name`',
    ('session', 'Session'): 'GA has no field `id`, `input_audio_format`, `input_audio_noise_reduction`, `input_audio_transcription`, `max_response_output_tokens`, `modalities`, `output_audio_format`, `speed`, `temperature`, `turn_detection`, `voice`; GA needs `type`',
    ('session_create_response', 'SessionCreateResponse'): 'GA has no field `client_secret`, `input_audio_format`, `input_audio_transcription`, `instructions`, `max_response_output_tokens`, `modalities`, `output_audio_format`, `speed`, `temperature`, `tool_choice`, `tools`, `tracing`, `turn_detection`, `voice`; GA needs `expires_at`, `session`, `value`',
    ('session_update_event', 'Session'): '`Session` is a union of types in GA, not a class',
    ('transcription_session', 'TranscriptionSession'): 'GA has no field `client_secret`, `input_audio_format`, `input_audio_transcription`, `modalities`, `turn_detection`; GA needs `type`',
    ('transcription_session_update', 'Session'): 'GA has no field `client_secret`, `input_audio_format`, `input_audio_noise_reduction`, `input_audio_transcription`, `modalities`, `turn_detection`; GA needs `type`',
}

# (beta module, name) → the fields whose model GA shaped otherwise, where GA keeps the class's name.
NESTED_APART: dict[tuple[str, str], tuple[str, ...]] = {
    ('', 'ConversationItemCreateEvent'): ('item',),
    ('', 'ConversationItemCreatedEvent'): ('item',),
    ('', 'RealtimeResponse'): ('output',),
    ('', 'ResponseCreateEvent'): ('response',),
    ('', 'ResponseCreatedEvent'): ('response',),
    ('', 'ResponseDoneEvent'): ('response',),
    ('', 'ResponseOutputItemAddedEvent'): ('item',),
    ('', 'ResponseOutputItemDoneEvent'): ('item',),
    ('', 'SessionCreatedEvent'): ('session',),
    ('', 'SessionUpdateEvent'): ('session',),
    ('', 'SessionUpdatedEvent'): ('session',),
    ('conversation_item_create_event', 'ConversationItemCreateEvent'): ('item',),
    ('conversation_item_created_event', 'ConversationItemCreatedEvent'): ('item',),
    ('realtime_response', 'RealtimeResponse'): ('output',),
    ('realtime_server_event', 'ConversationItemRetrieved'): ('item',),
    ('response_create_event', 'ResponseCreateEvent'): ('response',),
    ('response_created_event', 'ResponseCreatedEvent'): ('response',),
    ('response_done_event', 'ResponseDoneEvent'): ('response',),
    ('response_output_item_added_event', 'ResponseOutputItemAddedEvent'): ('item',),
    ('response_output_item_done_event', 'ResponseOutputItemDoneEvent'): ('item',),
    ('session_created_event', 'SessionCreatedEvent'): ('session',),
    ('session_update_event', 'SessionUpdateEvent'): ('session',),
    ('session_updated_event', 'SessionUpdatedEvent'): ('session',),
}

# Union of events → the event types the GA union adds → their fields.
UNION_ADDED: dict[str, dict[str, tuple[str, ...]]] = {
    'RealtimeServerEvent': {
        'conversation.item.added': ('event_id', 'item', 'previous_item_id', 'type'),
        'conversation.item.done': ('event_id', 'item', 'previous_item_id', 'type'),
        'conversation.item.input_audio_transcription.segment': ('content_index', 'end', 'event_id', 'id', 'item_id', 'speaker', 'start', 'text', 'type'),
        'input_audio_buffer.dtmf_event_received': ('event', 'received_at', 'type'),
        'input_audio_buffer.timeout_triggered': ('audio_end_ms', 'audio_start_ms', 'event_id', 'item_id', 'type'),
        'mcp_list_tools.completed': ('event_id', 'item_id', 'type'),
        'mcp_list_tools.failed': ('event_id', 'item_id', 'type'),
        'mcp_list_tools.in_progress': ('event_id', 'item_id', 'type'),
        'response.mcp_call.completed': ('event_id', 'item_id', 'output_index', 'type'),
        'response.mcp_call.failed': ('event_id', 'item_id', 'output_index', 'type'),
        'response.mcp_call.in_progress': ('event_id', 'item_id', 'output_index', 'type'),
        'response.mcp_call_arguments.delta': ('delta', 'event_id', 'item_id', 'obfuscation', 'output_index', 'response_id', 'type'),
        'response.mcp_call_arguments.done': ('arguments', 'event_id', 'item_id', 'output_index', 'response_id', 'type'),
        'response.output_audio.delta': ('content_index', 'delta', 'event_id', 'item_id', 'output_index', 'response_id', 'type'),
        'response.output_audio.done': ('content_index', 'event_id', 'item_id', 'output_index', 'response_id', 'type'),
        'response.output_audio_transcript.delta': ('content_index', 'delta', 'event_id', 'item_id', 'output_index', 'response_id', 'type'),
        'response.output_audio_transcript.done': ('content_index', 'event_id', 'item_id', 'output_index', 'response_id', 'transcript', 'type'),
        'response.output_text.delta': ('content_index', 'delta', 'event_id', 'item_id', 'output_index', 'response_id', 'type'),
        'response.output_text.done': ('content_index', 'event_id', 'item_id', 'output_index', 'response_id', 'text', 'type'),
    },
    'RealtimeClientEvent': {
    },
}
