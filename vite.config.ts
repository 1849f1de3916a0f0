import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { defineConfig, type Plugin } from "vite";

// The client lives in game/ and builds to dist/client, which the server serves.
// Phaser gets a chunk of its own: it is most of the download and changes only on upgrade,
// so browsers keep it cached across our releases.
export default defineConfig(({ command }) => ({
  root: "game",
  // Under `vite` (npm run dev) the page comes from Vite, and the game server is on 2567; in a
  // build, the server that served the page is the game server.
  define: { __DEV_GAME_PORT__: command === "serve" ? "2567" : "null" },
  publicDir: "../assets/public",
  plugins: [precompress()],
  build: {
    outDir: "../dist/client",
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 1600,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: "phaser", test: /node_modules[\\/]phaser[\\/]/ },
            // What two or more of the page's parts share (the landing page, the arena, the pages of
            // records) in one chunk: left alone, each set of sharers gets a chunk of its own, and the
            // landing page's first load would ask for every one of them.
            { name: "common", minShareCount: 2 },
          ],
        },
      },
    },
  },
  // Under `npm run dev` the page's own API calls (identity, records) go to the game server too.
  server: { port: 5173, proxy: { "/api": "http://localhost:2567" } },
}));

/**
 * After a build, a brotli copy (`.br`) and a gzip copy (`.gz`) beside each text file of the
 * output, each kept only if smaller, so the server sends compressed bytes without compressing
 * per request (server/http/precompressed.ts picks the copy a request accepts). Done once, at
 * build time, the compression can be brotli's slowest and smallest.
 */
function precompress(): Plugin {
  const brotli = promisify(zlib.brotliCompress);
  const gzip = promisify(zlib.gzip);
  // Text only: images, audio and fonts come compressed already.
  const text = /\.(html|js|mjs|css|json|svg|txt|xml|wasm)$/;
  const compress = async (file: string) => {
    const bytes = await readFile(file);
    const [br, gz] = await Promise.all([
      brotli(bytes, {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
          [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength,
        },
      }),
      gzip(bytes, { level: zlib.constants.Z_BEST_COMPRESSION }),
    ]);
    if (br.byteLength < bytes.byteLength) await writeFile(`${file}.br`, br);
    if (gz.byteLength < bytes.byteLength) await writeFile(`${file}.gz`, gz);
  };
  let outDir = "";
  return {
    name: "skirmish:precompress",
    apply: "build",
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    // After everything is written, files copied from publicDir included.
    async closeBundle() {
      const entries = await readdir(outDir, { withFileTypes: true, recursive: true });
      const files = entries.filter((e) => e.isFile() && text.test(e.name)).map((e) => path.join(e.parentPath, e.name));
      await Promise.all(files.map(compress));
    },
  };
}
