// What players type is text, never markup, and never invisible tricks: control and
// formatting characters (including bidi overrides) are removed and length is bounded.

const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

export function cleanText(raw: unknown, maxLength: number): string {
  if (typeof raw !== "string") return "";
  const cleaned = raw.slice(0, maxLength * 4).replace(INVISIBLE, "").replace(/\s+/g, " ").trim();
  return Array.from(cleaned).slice(0, maxLength).join("").trim();
}

export function cleanName(raw: unknown, maxLength: number): string {
  return cleanText(raw, maxLength) || "Pilot";
}
