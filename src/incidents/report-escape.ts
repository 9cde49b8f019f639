/** Escaping for the report's XML and HTML outputs (map SVG, page, Atom feed). */

const XML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Characters XML 1.0 does not allow at all, even escaped: dropped rather than break the document. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are what it removes
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|\p{Cs}/gu;

/** Text or an attribute value, safe in XML and HTML alike. */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML_CHAR, '').replace(/[&<>"']/g, (c) => XML_ENTITIES[c]!);
}
