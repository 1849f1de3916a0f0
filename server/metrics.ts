// Prometheus metrics (prom-client): what an operator watches. Rooms report into these; the
// gauges are read from the live rooms when Prometheus scrapes GET /metrics.

import client from "prom-client";

export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry, prefix: "skirmish_" });

export interface RoomGauges {
  players(): number;
  watchers(): number;
  bots(): number;
}

/** Every live room on this process, for the gauges. */
export const liveRooms = new Set<RoomGauges>();

const sum = (pick: (r: RoomGauges) => number) => [...liveRooms].reduce((n, r) => n + pick(r), 0);

new client.Gauge({
  name: "skirmish_rooms",
  help: "Rooms open on this process",
  registers: [registry],
  collect() {
    this.set(liveRooms.size);
  },
});
new client.Gauge({
  name: "skirmish_players",
  help: "People playing (with a craft) on this process",
  registers: [registry],
  collect() {
    this.set(sum((r) => r.players()));
  },
});
new client.Gauge({
  name: "skirmish_spectators",
  help: "People watching on this process",
  registers: [registry],
  collect() {
    this.set(sum((r) => r.watchers()));
  },
});
new client.Gauge({
  name: "skirmish_bots",
  help: "Bots playing on this process",
  registers: [registry],
  collect() {
    this.set(sum((r) => r.bots()));
  },
});

export const tickSeconds = new client.Histogram({
  name: "skirmish_tick_duration_seconds",
  help: "Time one simulation step of one room takes, patch encoding included",
  buckets: [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.004, 0.008, 0.016],
  registers: [registry],
});

/**
 * Counted on every message, so kept as plain numbers on the hot path (a prom-client
 * `inc` costs more than the count is worth there) and handed over when Prometheus scrapes.
 */
export const traffic = { patchBytes: 0, messageBytes: 0, clientMessages: 0 };

new client.Counter({
  name: "skirmish_patch_bytes_total",
  help: "Bytes of state patches sent to clients",
  registers: [registry],
  collect() {
    this.inc(traffic.patchBytes);
    traffic.patchBytes = 0;
  },
});

new client.Counter({
  name: "skirmish_message_bytes_total",
  help: "Bytes of everything else sent to clients (full state on join, poses and events, chat, pongs)",
  registers: [registry],
  collect() {
    this.inc(traffic.messageBytes);
    traffic.messageBytes = 0;
  },
});

export const rejectedMessages = new client.Counter({
  name: "skirmish_input_messages_rejected_total",
  help: "Client messages refused (malformed, out of range, or not allowed)",
  registers: [registry],
});

export const abusers = new client.Counter({
  name: "skirmish_clients_disconnected_for_abuse_total",
  help: "Clients disconnected for flooding or for too many refused messages",
  labelNames: ["reason"] as const,
  registers: [registry],
});

export const throttledMessages = new client.Counter({
  name: "skirmish_messages_throttled_total",
  help: "Client messages dropped because their sender went over its message rate",
  registers: [registry],
});

new client.Counter({
  name: "skirmish_client_messages_total",
  help: "Messages received from clients in rooms, before any check",
  registers: [registry],
  collect() {
    this.inc(traffic.clientMessages);
    traffic.clientMessages = 0;
  },
});

/**
 * Time spent keeping what lasts, apart from the game itself: copying each patch's messages
 * into the round's replay and the watch delay's stream, keyframes, kill-cam clips, and
 * compressing replays (recording); writing rounds and replays to the database (writing).
 * The replay benchmark reads them against the process's CPU at the capacity load.
 */
export const keepingSeconds = new client.Counter({
  name: "skirmish_keeping_seconds_total",
  help: "Seconds spent recording replays and writing records",
  labelNames: ["part"] as const,
  registers: [registry],
  collect() {
    // Added up in a plain number on the hot path (a labelled inc per patch per room costs more than it measures).
    if (recordingPending > 0) this.inc({ part: "recording" }, recordingPending);
    recordingPending = 0;
  },
});

let recordingPending = 0;

/** Time spent recording (seconds); counted into keepingSeconds when the metrics are read. */
export function spentRecording(seconds: number): void {
  recordingPending += seconds;
}

/** The fleet, as this process sees it (server/fleet): set on each look at Redis. */
export const fleetGauges = {
  matchmakingReady: new client.Gauge({
    name: "skirmish_matchmaking_ready",
    help: "1 while the Redis the processes share answers (matchmaking works); 0 while it is away (joins are told to retry)",
    registers: [registry],
  }),
  processes: new client.Gauge({
    name: "skirmish_fleet_processes",
    help: "Game processes alive in this process's fleet, itself included",
    registers: [registry],
  }),
  gone: new client.Counter({
    name: "skirmish_fleet_processes_gone_total",
    help: "Processes this one found dead (no presence, no answer) and removed with their rooms",
    registers: [registry],
  }),
};
fleetGauges.matchmakingReady.set(1);
fleetGauges.processes.set(1);
