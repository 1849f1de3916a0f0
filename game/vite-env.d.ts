/// <reference types="vite/client" />

/** Set by vite.config.ts: the game server's port under `npm run dev`, null in a build. */
declare const __DEV_GAME_PORT__: number | null;
