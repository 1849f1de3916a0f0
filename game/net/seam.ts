// The one place where the page reaches below @colyseus/sdk's room API: the connection's
// transport events and its send. tests/integration/seam.test.ts checks each reach against
// the installed SDK, so an upgrade that moves them fails loudly instead of silently
// zeroing the network panel.

import type { Room } from "@colyseus/sdk";

/** Calls back with the size of every frame the room's socket receives and sends. */
export function watchSocket(room: Room, received: (bytes: number) => void, sent: (bytes: number) => void): boolean {
  const connection = room.connection;
  const onmessage = connection?.events?.onmessage;
  if (!connection || typeof onmessage !== "function") return false;
  connection.events.onmessage = (e: MessageEvent) => {
    received(sizeOf(e.data));
    onmessage(e);
  };
  const send = connection.send.bind(connection);
  connection.send = (data) => {
    sent(data.byteLength);
    send(data);
  };
  return true;
}

function sizeOf(data: ArrayBuffer | Uint8Array | string): number {
  return typeof data === "string" ? data.length : data.byteLength;
}

/**
 * The fraction between two fixed steps at which @colyseus/sdk's Predict reconciler draws its
 * own entity (protected in the SDK). Only the netcode lab reads it, to measure the Colyseus
 * baseline exactly where it draws.
 */
export function reconcilerRenderAlpha(reconciler: object): number {
  return (reconciler as { renderAlpha(): number }).renderAlpha();
}
