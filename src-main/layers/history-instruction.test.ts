import { describe, expect, it } from 'vitest'
import { cleanInstruction, goArrayToJson, isMetadataInstruction } from './history-instruction'

describe('cleanInstruction', () => {
  it.each([
    ['/bin/sh -c #(nop)  CMD ["sh"]', 'CMD ["sh"]'],
    ['/bin/sh -c #(nop)  CMD ["/bin/sh" "-c" "cat /app/hello.txt; sleep 3600"]', 'CMD ["/bin/sh", "-c", "cat /app/hello.txt; sleep 3600"]'],
    ['/bin/sh -c #(nop)  ENV GREETING=hello', 'ENV GREETING=hello'],
    ['/bin/sh -c #(nop) WORKDIR /app', 'WORKDIR /app'],
    ['/bin/sh -c #(nop)  LABEL org.opencontainers.image.title=berth fixture base', 'LABEL org.opencontainers.image.title=berth fixture base'],
    ['/bin/sh -c #(nop) COPY file:73e2b2d4 in /bin/busybox', 'COPY file:73e2b2d4 /bin/busybox'],
    ['/bin/sh -c #(nop) ADD dir:abc in / ', 'ADD dir:abc /'],
    ['/bin/sh -c #(nop)  EXPOSE 8080', 'EXPOSE 8080'],
    ['/bin/sh -c echo \'hi\' > /a.txt', "RUN echo 'hi' > /a.txt"],
    ['|2 A=1 B=two words /bin/sh -c make', 'RUN make'],
    ['|1 VERSION=1.2 /bin/sh -c echo $VERSION', 'RUN echo $VERSION'],
    ['RUN /bin/sh -c apk add curl # buildkit', 'RUN apk add curl'],
    ['COPY app /app # buildkit', 'COPY app /app'],
    ['ENV A=b', 'ENV A=b'],
    ['/bin/busybox --install -s /bin', 'RUN /bin/busybox --install -s /bin'],
    ['/bin/sh -c #(nop)  ENTRYPOINT []', 'ENTRYPOINT []'],
    ['', ''],
  ])('%s → %s', (raw, cleaned) => {
    expect(cleanInstruction(raw)).toBe(cleaned)
  })
})

describe('goArrayToJson', () => {
  it('adds commas between Go-quoted items, keeping escapes', () => {
    expect(goArrayToJson('["a" "b \\"c\\""]')).toBe('["a", "b \\"c\\""]')
  })
  it('leaves JSON arrays and odd text alone', () => {
    expect(goArrayToJson('["a", "b"]')).toBe('["a", "b"]')
    expect(goArrayToJson('[/bin/sh -c x]')).toBe('[/bin/sh -c x]')
  })
})

describe('isMetadataInstruction', () => {
  it('knows which steps never change files', () => {
    expect(isMetadataInstruction('CMD ["sh"]')).toBe(true)
    expect(isMetadataInstruction('ENV A=b')).toBe(true)
    expect(isMetadataInstruction('RUN make')).toBe(false)
    expect(isMetadataInstruction('COPY a /b')).toBe(false)
    expect(isMetadataInstruction('WORKDIR /app')).toBe(false)
  })
})
