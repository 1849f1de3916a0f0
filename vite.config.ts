import { defineConfig } from "vite";

// The client lives in game/ and builds to dist/client, which the server serves.
// Phaser gets a chunk of its own: it is most of the download and changes only on upgrade,
// so browsers keep it cached across our releases.
export default defineConfig(({ command }) => ({
  root: "game",
  // Under `vite` (npm run dev) the page comes from Vite, and the game server is on 2567; in a
  // build, the server that served the page is the game server.
  define: { __DEV_GAME_PORT__: command === "serve" ? "2567" : "null" },
  publicDir: "../assets/public",
  build: {
    outDir: "../dist/client",
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 1600,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [{ name: "phaser", test: /node_modules[\\/]phaser[\\/]/ }],
        },
      },
    },
  },
  server: { port: 5173 },
}));
