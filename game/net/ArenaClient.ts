// The SDK's Client, with one decision of ours: rooms do not reconnect by themselves.
// Getting back in after a drop is the page's (game/PageFlow.ts: for as long as the server holds the
// seat, with words on screen, and after a reload too); the SDK's automatic reconnection
// would race it with a second socket, and would keep a test's deliberate drop from ending.

import { Client, type Room } from "@colyseus/sdk";
import type { SchemaConstructor } from "@colyseus/sdk/serializer/SchemaSerializer";

export class ArenaClient extends Client {
  protected override createRoom<T>(roomName: string, rootSchema?: SchemaConstructor<T>): Room<any, T> {
    const room = super.createRoom<T>(roomName, rootSchema);
    room.reconnection.enabled = false;
    return room;
  }
}
