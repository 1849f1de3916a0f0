// Private room codes: six characters from an alphabet without look-alikes (no 0/O, 1/I/L),
// easy to read out loud and to type. 31^6 ≈ 887 million codes.

export const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const CODE_LENGTH = 6;

export function randomCode(random: () => number = Math.random): string {
  let code = "";
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[Math.floor(random() * CODE_ALPHABET.length)];
  return code;
}

/** Upper-cases and trims what a person typed; undefined if it cannot be a code. */
export function normalizeCode(input: unknown): string | undefined {
  if (typeof input !== "string") return undefined;
  const code = input.trim().toUpperCase();
  if (code.length !== CODE_LENGTH) return undefined;
  for (const ch of code) if (!CODE_ALPHABET.includes(ch)) return undefined;
  return code;
}
