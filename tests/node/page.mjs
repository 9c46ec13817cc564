// Runs a web app's page module in Node, as a browser would run it beside the app's
// own server: `node page.mjs SERVER PAGE`. The server module is started first
// (on the port in PORT: a JavaScript module in this process, a Python one with the
// interpreter in PYTHON); then the page's `startSession` opens its call through a
// stand-in RTCPeerConnection. A path of the page's origin (`/token`) goes to that
// server, and OpenAI's API to the test server (REALTIME_API). Exits 0 once the
// call is answered with a session description.
import { spawn } from "node:child_process";
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

let child = null;
if (serverModule.endsWith(".py")) {
  child = spawn(process.env.PYTHON || "python3", [serverModule], { stdio: "inherit", env: process.env });
} else {
  await import(pathToFileURL(path.resolve(serverModule)).href);
}
for (let tries = 0; tries < 100; tries++) { // (the server starts listening)
  const up = await new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1", () => { socket.end(); resolve(true); }).on("error", () => resolve(false));
  });
  if (up) break;
  await new Promise((resolve) => setTimeout(resolve, 50));
}
const quit = (code) => { if (child) child.kill(); process.exit(code); };
const { startSession } = await import(pathToFileURL(path.resolve(pageModule)).href);
try {
  await startSession(pc);
} catch (err) {
  console.error(String(err));
  quit(1);
}
quit(pc.answered ? 0 : 1);
