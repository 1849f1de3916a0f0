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
    [`JS time per frame, ${r.craft} craft and ${r.shots} shots, ${r.shotsInView} of them in view (${r.frames} frames, ${r.canvas.width}×${r.canvas.height} canvas)`, `p50 ${fmt(r.frameP50Ms, 2)} ms, p95 ${fmt(r.frameP95Ms, 2)} ms`, "p95 ≤ 4 ms"],
    ["First load, gzipped (all JS and CSS the landing page fetches)", `${fmt(r.firstLoadGzipKb, 0)} kB`, "≤ 450 kB"],
    ["Quick Play click to a craft that answers the keys (warm page, median of 6)", `${fmt(r.joinMedianMs, 0)} ms (${r.joinSamples.map((s) => fmt(s, 0)).join(", ")})`, "≤ 500 ms"],
  ],
)}

Bundles: ${r.bundles.map((b) => `\`${b.file}\` ${fmt(b.gzipKb)} kB`).join(", ")} (gzip). Phaser is a chunk of its own, so it stays cached across releases.
Frame time is measured from Phaser's \`prestep\` to \`postrender\` on the page's main thread, from the first frame
after the shots are added (the arena's first seconds included), and it is wall time: on these two shared cores it
includes moments the main thread waits for a core while SwiftShader (Chromium's GPU process), Chromium's software
compositor and the game server run. In traces, no WebGL call inside these frames waits for the GPU (the arena's
very first frame does, on shader compiles; the canvas readback that waits each frame comes after \`postrender\`, in
Chromium's commit). Sprites far from the view are not drawn.
`,
);
console.log("client: BENCHMARKS.md updated");
process.exit(0);
