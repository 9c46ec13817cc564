// The browser half of a voice app: get an ephemeral key from our server,
// open WebRTC with the model, configure the session over the data channel.
const MODEL = "gpt-4o-realtime-preview-2024-12-17";

export async function connect(show: (text: string) => void): Promise<RTCPeerConnection> {
  const token = await (await fetch("/session")).json();
  const key: string = token.value;

  const pc = new RTCPeerConnection();
  const speaker = document.createElement("audio");
  speaker.autoplay = true;
  pc.ontrack = (event) => (speaker.srcObject = event.streams[0]);
  const mic = await navigator.mediaDevices.getUserMedia({ audio: true });
  pc.addTrack(mic.getTracks()[0]);

  const events = pc.createDataChannel("oai-events");
  events.onopen = () =>
    events.send(
      JSON.stringify({
        type: "session.update",
        session: {
          instructions: "You are a friendly museum guide.",
          voice: "verse",
          input_audio_transcription: { model: "gpt-4o-mini-transcribe" },
          turn_detection: { type: "semantic_vad" },
        },
      }),
    );
  events.onmessage = (message) => {
    const event = JSON.parse(message.data);
    if (event.type === "response.audio_transcript.done") show(event.transcript);
  };

  const offer = await pc.createOffer();
  await pc.setLocalDescription(offer);
  const answer = await fetch(`https://api.openai.com/v1/realtime?model=${MODEL}`, {
    method: "POST",
    body: offer.sdp,
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/sdp" },
  });
  await pc.setRemoteDescription({ type: "answer", sdp: await answer.text() });
  return pc;
}
