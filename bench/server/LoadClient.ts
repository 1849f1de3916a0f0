// A lightweight player for load tests: it speaks the real protocol (matchmaking over HTTP,
// the Colyseus handshake and messages over WebSocket) but decodes nothing it receives, so a
// single process can stand in for thousands of players.

import { Protocol as Frame } from "@colyseus/core";
import { pack } from "@colyseus/msgpackr";
import WebSocket from "ws";
import { encodeInputs, type InputFrame } from "../../shared/net/input";
import { ClientMessage } from "../../shared/net/messages";
import { Buttons } from "../../shared/sim/craft";

const { JOIN_ROOM, ROOM_DATA, ROOM_DATA_BYTES } = Frame;

export type Protocol = "ours" | "straightforward" | "json";

export class LoadClient {
  private ws?: WebSocket;
  private seq = 0;
  private buttons = Buttons.Right | Buttons.Fire;
  private aim = 0;
  joined = false;
  bytesIn = 0;
  bytesOut = 0;

  constructor(
    readonly protocol: Protocol,
    private readonly httpBase: string,
    private readonly seed: number,
  ) {}

  async join(): Promise<void> {
    const path = this.protocol === "ours" ? "/api/quickplay" : `/matchmake/joinOrCreate/${this.protocol}`;
    const res = await fetch(this.httpBase + path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ name: `load${this.seed}` }) });
    const seat = (await res.json()) as { roomId: string; processId: string; publicAddress?: string; sessionId: string; error?: string };
    if (!seat.roomId) throw new Error(`no seat: ${JSON.stringify(seat)}`);
    // Behind a TLS balancer (bench/fleet.ts) the game's socket is wss:// too.
    const scheme = this.httpBase.startsWith("https:") ? "wss" : "ws";
    const host = seat.publicAddress ?? this.httpBase.replace(/^https?:\/\//, "");
    const ws = new WebSocket(`${scheme}://${host}/${seat.processId}/${seat.roomId}?sessionId=${seat.sessionId}`);
    this.ws = ws;
    ws.binaryType = "nodebuffer";
    await new Promise<void>((resolve, reject) => {
      ws.once("error", reject);
      ws.once("close", (code) => !this.joined && reject(new Error(`refused (${code})`)));
      ws.on("message", (data: Buffer) => {
        this.bytesIn += data.byteLength;
        if (!this.joined && data[0] === JOIN_ROOM) {
          // The handshake: answer JOIN_ROOM, and the server starts sending state.
          ws.send(Buffer.from([JOIN_ROOM]));
          this.joined = true;
          resolve();
        }
      });
    });
  }

  /** Called at 30 Hz: two ticks of input, sent the way each protocol sends them. */
  send(tick: number): void {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    // Turn now and then, aim around, keep firing: a busy player.
    if ((tick + this.seed) % 45 === 0) this.buttons = [Buttons.Right, Buttons.Down, Buttons.Left, Buttons.Up][(tick / 45 + this.seed) & 3] | Buttons.Fire;
    this.aim = (this.aim + 700) & 0xffff;
    const frames: InputFrame[] = [0, 1].map(() => ({ seq: ++this.seq, buttons: this.buttons, aim: this.aim, viewTick: tick }));
    if (this.protocol === "ours") {
      const body = encodeInputs(frames);
      const msg = Buffer.concat([Buffer.from([ROOM_DATA_BYTES, ClientMessage.Input]), body]);
      this.bytesOut += msg.byteLength;
      ws.send(msg);
    } else {
      // The common way: one message per input, as a msgpack object under a string type.
      for (const f of frames) {
        const msg = Buffer.concat([Buffer.from([ROOM_DATA]), pack("input"), pack({ seq: f.seq, buttons: f.buttons, aim: f.aim, viewTick: f.viewTick })]);
        this.bytesOut += msg.byteLength;
        ws.send(msg);
      }
    }
  }

  close(): void {
    this.ws?.terminate();
  }
}
