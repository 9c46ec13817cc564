// Runs a web app's page module in Node, as a browser would run it beside the app's
// own server: `node page.mjs SERVER PAGE`. The server module is started first
// (on the port in PORT); then the page's `startSession` opens its call through a
// stand-in RTCPeerConnection. A path of the page's origin (`/token`) goes to that
// server, and OpenAI's API to the test server (REALTIME_API). Exits 0 once the
// call is answered with a session description.
import net from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [serverModule, pageModule] = process.argv.slice(2);

const port = await new Promise((resolve) => {
  const probe = net.createServer().listen(0, "127.0.0.1", () => {
    const { port: free } = probe.address();
    probe.close(() => resolve(free));
  });
});
process.env.PORT = String(port);

const realFetch = globalThis.fetch;
globalThis.fetch = (url, init) => {
  let target = String(url);
  if (target.startsWith("/")) target = `http://127.0.0.1:${port}${target}`;
  target = target.replace("https://api.openai.com/v1", process.env.REALTIME_API);
  return realFetch(target, init);
};

const pc = {
  async createOffer() {
    return { type: "offer", sdp: "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n" };
  },
  async setLocalDescription() {},
  async setRemoteDescription(answer) {
    if (!answer.sdp.startsWith("v=0")) throw new Error(`the call was not answered: ${answer.sdp}`);
    this.answered = true;
  },
};

await import(pathToFileURL(path.resolve(serverModule)).href);
await new Promise((resolve) => setTimeout(resolve, 100)); // (the server starts listening)
const { startSession } = await import(pathToFileURL(path.resolve(pageModule)).href);
try {
  await startSession(pc);
} catch (err) {
  console.error(String(err));
  process.exit(1);
}
process.exit(pc.answered ? 0 : 1);
