/**
 * User text as shown in an error: a 100 000-character spec (or a path inside one, echoed back by
 * the OS) is cut, with its length, instead of being printed whole.
 */
export function shownSpec(spec: string, max = 60): string {
  return spec.length > max ? `${spec.slice(0, max)}… (${spec.length} characters)` : spec;
}

/** Any run of more than 80 non-blank characters in a message, cut. */
export function cutLongWords(message: string): string {
  return message.replace(/\S{81,}/g, (w) => `${w.slice(0, 80)}… (${w.length} characters)`);
}
