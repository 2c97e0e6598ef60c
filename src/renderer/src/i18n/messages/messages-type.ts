/** One area's texts; the type makes the Chinese table carry exactly the English keys. */
export function messages<const E extends Record<string, string>>(
  en: E,
  zh: { [K in keyof E]: string },
): { en: E; zh: { [K in keyof E]: string } } {
  return { en, zh }
}
