// `npm run dev`: the game server, restarted when its code changes, on 2567, and the Vite
// dev server with hot reload on 5173 (the page connects to the game server on 2567).
import { spawn } from "node:child_process";

const children = [
  spawn(process.execPath, ["--watch", "--import", "tsx", "server/main.ts"], { stdio: "inherit", env: { ...process.env, PORT: process.env.PORT ?? "2567" } }),
  spawn(process.execPath, ["node_modules/vite/bin/vite.js"], { stdio: "inherit" }),
];
const stop = () => {
  for (const child of children) child.kill("SIGTERM");
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
for (const child of children) child.on("exit", (code) => {
  stop();
  process.exitCode = code ?? 0;
});
