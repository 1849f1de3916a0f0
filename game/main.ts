// The landing page: a name (remembered), Quick Play, and into the arena.
import "./styles.css";
import type { RunningArena } from "./scenes/startArena";
import { quickPlay } from "./net/connect";
import { LIMITS } from "../shared/net/messages";
import { cleanName } from "../shared/net/text";

const NAME_KEY = "skirmish.name";

// Start fetching Phaser and the arena at once, while the player reads the page.
const arenaModule = import("./scenes/startArena");

const landing = document.getElementById("landing") as HTMLElement;
const form = document.getElementById("play-form") as HTMLFormElement;
const nameInput = document.getElementById("name") as HTMLInputElement;
const playButton = document.getElementById("quick-play") as HTMLButtonElement;
const status = document.getElementById("status") as HTMLElement;
const arenaRoot = document.getElementById("arena") as HTMLElement;

nameInput.maxLength = LIMITS.nameLength;
nameInput.value = localStorage.getItem(NAME_KEY) ?? "";

let running: RunningArena | undefined;

form.addEventListener("submit", async (e) => {
  e.preventDefault();
  const name = cleanName(nameInput.value, LIMITS.nameLength);
  localStorage.setItem(NAME_KEY, nameInput.value.trim());
  playButton.disabled = true;
  status.textContent = "Joining…";
  try {
    const [room, { startArena }] = await Promise.all([quickPlay(name), arenaModule]);
    landing.hidden = true;
    arenaRoot.hidden = false;
    status.textContent = "";
    running = startArena(room, arenaRoot);
    room.onLeave((code) => backToMenu(code >= 4000 ? "The server closed the connection." : "Connection lost."));
  } catch (err) {
    status.textContent = `Could not join: ${describe(err)}`;
  } finally {
    playButton.disabled = false;
  }
});

function backToMenu(message: string): void {
  running?.stop();
  running = undefined;
  arenaRoot.hidden = true;
  arenaRoot.replaceChildren();
  landing.hidden = false;
  status.textContent = message;
}

function describe(err: unknown): string {
  if (err instanceof Error && err.message) return err.message;
  if (typeof err === "object" && err && "message" in err) return String((err as { message: unknown }).message);
  return "the server did not answer. Is it running?";
}
