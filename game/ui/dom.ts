// A tiny helper for building DOM. Text always goes in as text (textContent), never as
// markup, so whatever a player types is shown exactly as typed.

type Attrs = { class?: string; text?: string; title?: string; [attr: string]: string | undefined };

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  children: (Node | string)[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

export function setText(node: HTMLElement, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}

/** True when a key event belongs to a text field (typing a name or a chat line). */
export function isEditing(target: EventTarget | null): boolean {
  const t = target as HTMLElement | null;
  return !!t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
}

/** Adds a DOM listener and returns the function that removes it (keep them to dispose). */
export function listen<K extends keyof HTMLElementEventMap>(target: HTMLElement | Window, type: K, fn: (e: HTMLElementEventMap[K]) => void): () => void {
  target.addEventListener(type, fn as EventListener);
  return () => target.removeEventListener(type, fn as EventListener);
}

/** The DOM listeners of one part of the page, removed together when it goes. */
export class Listeners {
  private readonly offs: (() => void)[] = [];

  on<K extends keyof HTMLElementEventMap>(target: HTMLElement | Window, type: K, fn: (e: HTMLElementEventMap[K]) => void): void {
    this.offs.push(listen(target, type, fn));
  }

  removeAll(): void {
    for (const off of this.offs.splice(0)) off();
  }
}

/** Runs `fn` when the browser is idle (or soon, where it cannot say). */
export function whenIdle(fn: () => void): void {
  if ("requestIdleCallback" in window) requestIdleCallback(fn, { timeout: 2000 });
  else setTimeout(fn, 200);
}
