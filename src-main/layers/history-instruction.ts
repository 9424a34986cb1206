/**
 * Turns an image history's `CreatedBy` into the Dockerfile line a person wrote.
 *   `/bin/sh -c #(nop)  CMD ["sh"]`          → `CMD ["sh"]`
 *   `/bin/sh -c #(nop) COPY file:ab… in /x`   → `COPY file:ab… /x`
 *   `/bin/sh -c apk add curl`                → `RUN apk add curl`
 *   `|2 A=1 B=2 /bin/sh -c make`             → `RUN make` (the classic builder's build-arg prefix)
 *   `RUN /bin/sh -c make # buildkit`         → `RUN make`
 *   `/bin/busybox --install -s /bin`         → `RUN /bin/busybox --install -s /bin` (exec form)
 * The classic builder prints JSON arrays Go-style, without commas (`["a" "b"]`); they get commas.
 */
export function cleanInstruction(createdBy: string): string {
  let text = createdBy.trim()
  if (text === '') return ''
  // BuildKit marks its entries; the marker says nothing to a reader.
  text = text.replace(/\s*# buildkit$/, '')
  const nop = /^(?:\/bin\/sh|cmd \/S \/C) -c #\(nop\)\s*(.*)$/s.exec(text)
  if (nop) return tidyMetadata((nop[1] ?? '').trim())
  // The classic builder prefixes RUN with the build args it saw: `|2 A=1 B=2 /bin/sh -c …`.
  text = text.replace(/^\|\d+ .*?(?=\/bin\/sh -c |cmd \/S \/C )/s, '')
  const shell = /^(?:RUN\s+)?(?:\/bin\/sh|cmd \/S \/C) -c (.*)$/s.exec(text)
  if (shell) return `RUN ${(shell[1] ?? '').trim()}`
  if (/^[A-Z]+\s/.test(text) && KEYWORDS.has(text.split(/\s/, 1)[0] ?? '')) return tidyMetadata(text)
  return `RUN ${text}`
}

const KEYWORDS = new Set([
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'HEALTHCHECK', 'LABEL', 'MAINTAINER',
  'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
])

function tidyMetadata(text: string): string {
  // `COPY file:<sha> in /dst` / `ADD dir:<sha> in /dst`: "in" is the classic builder's wording.
  const copy = /^(COPY|ADD) (\S+) in (.+)$/s.exec(text)
  if (copy) return `${copy[1]} ${copy[2]} ${copy[3] ?? ''}`
  const keyword = /^([A-Z]+)\s+(\[.*\])$/s.exec(text)
  if (keyword) return `${keyword[1]} ${goArrayToJson(keyword[2] ?? '')}`
  return text
}

/** `["/bin/sh" "-c" "x y"]` → `["/bin/sh", "-c", "x y"]`; anything else unchanged. */
export function goArrayToJson(text: string): string {
  const item = /"(?:[^"\\]|\\.)*"/g
  const inner = text.slice(1, -1).trim()
  if (inner === '') return '[]'
  const items = inner.match(item)
  if (!items || inner.replace(item, '').replace(/[\s,]/g, '') !== '') return text
  return `[${items.join(', ')}]`
}

/** True for instructions that only change the image's config, never its files (WORKDIR may mkdir). */
export function isMetadataInstruction(cleaned: string): boolean {
  const keyword = cleaned.split(/\s/, 1)[0] ?? ''
  return KEYWORDS.has(keyword) && !['RUN', 'COPY', 'ADD', 'WORKDIR'].includes(keyword)
}
