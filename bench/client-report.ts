// `npm run bench:client`: runs the client benchmarks and writes BENCHMARKS.md's client section.
import { mkdirSync, writeFileSync } from "node:fs";
import { measureClient } from "./client";
import { fmt, machine, table, writeSection } from "./report";

process.env.LOG_LEVEL ??= "warn";
const r = await measureClient();
mkdirSync("bench/results", { recursive: true });
writeFileSync("bench/results/client.json", JSON.stringify({ date: new Date().toISOString(), machine: machine(), ...r }, null, 1));
writeSection(
  "client",
  `## Client

\`npm run bench:client\` — ${new Date().toISOString().slice(0, 10)}, ${machine()}, headless Chromium ${"(Debian's, WebGL through SwiftShader: software rendering on the same two cores)"}.

${table(
  ["Measure", "Result", "Goal"],
  [
    [
      `JS time per frame (main-thread CPU time of each animation frame), ${r.craft} craft and ${r.shots} shots, ${r.shotsInView} of them in view (added: ${r.arsenal.blaster} blaster bolts, ${r.arsenal.pellets} scatter pellets, ${r.arsenal.rockets} rockets; and ${fmt(r.arsenal.beamsPerSecond, 0)} rail beams and ${fmt(r.arsenal.blastsPerSecond, 0)} rocket bursts a second near the player), ${r.canvas.width}×${r.canvas.height} canvas; after the arena's first ${r.warmupSeconds} s (${r.frames} frames)`,
      `p50 ${fmt(r.frameP50Ms, 2)} ms, p95 ${fmt(r.frameP95Ms, 2)} ms (wall time: p50 ${fmt(r.wallP50Ms, 2)} ms, p95 ${fmt(r.wallP95Ms, 2)} ms)`,
      "p95 ≤ 4 ms",
    ],
    [
      `The same in the arena's first ${r.warmupSeconds} s (${r.warmupFrames} frames)`,
      `p95 ${fmt(r.warmupP95Ms, 2)} ms (wall time: p95 ${fmt(r.warmupWallP95Ms, 2)} ms)`,
      "",
    ],
    [
      `First load: bytes sent by the server for the page and all the JS and CSS it fetches at once (empty cache, Chromium's Accept-Encoding \`${r.firstLoad.acceptEncoding}\`), headers included`,
      `${fmt(r.firstLoadKb, 0)} kB (bodies ${fmt(r.firstLoad.bodyKb, 0)} kB)`,
      "≤ 450 kB",
    ],
    ["Quick Play click to a craft that answers the keys (warm page, median of 6)", `${fmt(r.joinMedianMs, 0)} ms (${r.joinSamples.map((s) => fmt(s, 0)).join(", ")})`, "≤ 500 ms"],
  ],
)}

First load, as sent: ${r.firstLoad.files.map((f) => `\`${f.path}\` ${fmt(f.bodyBytes / 1024)} kB (${f.encoding})`).join(", ")}. The build writes a brotli and a gzip copy of each file and the server sends the one the browser accepts; Phaser is a chunk of its own, so it stays cached across releases.
JS time per frame is the CPU time the page's main thread spends in each animation-frame task — Phaser's whole step
(the game's update, the netcode, sound) and its render run inside it — read from Chromium's trace ("tdur" of
\`FireAnimationFrame\`). Beside it, the wall time from Phaser's \`prestep\` to \`postrender\`: on these two shared cores
it also counts moments the main thread waits for a core while SwiftShader (Chromium's GPU process), Chromium's
software compositor and the game server with its 15 bots run. The arena's first ${r.warmupSeconds} s are reported apart: there
the engine is still compiling the arena's code, a one-off at the start of a match. In traces, no WebGL call
inside these frames waits for the GPU (the arena's very first frame does, on shader compiles; the canvas
readback that waits each frame comes after \`postrender\`, in Chromium's commit). Sprites far from the view are not drawn.
`,
);
console.log("client: BENCHMARKS.md updated");
process.exit(0);
